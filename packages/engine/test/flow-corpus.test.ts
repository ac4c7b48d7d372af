/**
 * The real flows of ../shared/flows (public exports, see its MANIFEST.tsv) run on a chat and on a call
 * with media, their Lambdas answered by a stub, customer input by "1", timers by their deadline, until
 * they end naturally (the contact ended or queued, or the flow ended). Skipped where the corpus is absent.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUPPORTED_ACTIONS, type FlowDocument } from '../src/index.ts';
import { FlowWorld } from './flowWorld.ts';

const DIR = join(import.meta.dirname, '../../../../shared/flows');
const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.json')).sort() : [];
const MAX_ANSWERS = 200;

/** ended: the contact ended; queued; flow-ended: the flow ended, the contact goes on; looping: Loop prompts until the platform stops it; cycling: still going after 200 answers (a menu or Lambda loop the stub answers alike every time). */
type Ending = 'ended' | 'queued' | 'flow-ended' | 'looping' | 'cycling';

function runToEnd(doc: FlowDocument, channel: 'CHAT' | 'VOICE'): { ending: Ending; answers: number } {
  const w = new FlowWorld();
  // As an import maps resource references: every queue the flow names is this instance's queue.
  const queueArn = w.instance.queues.get(w.queueId)!.arn;
  const flowId = w.addTypedFlow(JSON.parse(JSON.stringify(doc).replace(/arn:aws:connect:[^"]*?\/queue\/[A-Za-z0-9-]+/g, queueArn)) as FlowDocument);
  const started = channel === 'CHAT' ? w.chatOn(flowId) : w.callOn(flowId, { media: true });
  const contactId = started.contactId;
  const customerId = 'customerId' in started ? started.customerId : '';
  let answers = 0;
  for (; answers < MAX_ANSWERS; answers++) {
    const contact = w.contact(contactId);
    const wait = contact.flowRun?.waiting;
    if (contact.status === 'ended') return { ending: 'ended', answers };
    if (contact.status === 'queued' && (!wait || contact.flowRun?.flowType === 'CUSTOMER_QUEUE')) return { ending: 'queued', answers };
    if (!wait) return { ending: 'flow-ended', answers };
    if (wait.kind === 'iterate' && wait.deadline === undefined) return { ending: 'looping', answers };
    w.advance(1000);
    let d;
    switch (wait.kind) {
      case 'lambda': d = w.lambda(contactId, true, { result: 'ok', statusCode: '200' }); break;
      case 'input': d = channel === 'CHAT' ? w.send(contactId, customerId, '1') : w.digits(contactId, '1'); break;
      case 'prompt': d = w.played(contactId); break;
      case 'iterate': d = w.timeout(contactId); break;
      case 'timer': d = w.timeout(contactId); break;
      case 'bot': d = w.bot(contactId, 'FallbackIntent'); break;
    }
    assert.ok(d.ok, `answering a ${wait.kind} wait was refused: ${!d.ok ? d.rejection.message : ''}`);
  }
  return { ending: 'cycling', answers };
}

describe('flow corpus: real exported flows', { skip: files.length === 0 ? 'no ../shared/flows here' : false }, () => {
  const results: { file: string; chat: Ending; voice: Ending; supported: boolean }[] = [];

  for (const file of files) {
    test(`${file} runs to a natural end on a chat and on a call`, () => {
      const doc = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as FlowDocument;
      if (!Array.isArray(doc.Actions) || typeof doc.StartAction !== 'string') return;
      const chat = runToEnd(doc, 'CHAT');
      const voice = runToEnd(doc, 'VOICE');
      results.push({ file, chat: chat.ending, voice: voice.ending, supported: doc.Actions.every((a) => SUPPORTED_ACTIONS.has(a.Type)) });
    });
  }

  test('summary: how many flows are fully supported and how they end', (t) => {
    const count = (f: (r: (typeof results)[number]) => boolean) => results.filter(f).length;
    t.diagnostic(`${results.length} flows run; ${count((r) => r.supported)} use only supported actions`);
    t.diagnostic(`chat: ${['ended', 'queued', 'flow-ended', 'looping', 'cycling'].map((e) => `${e} ${count((r) => r.chat === e)}`).join(', ')}`);
    t.diagnostic(`call: ${['ended', 'queued', 'flow-ended', 'looping', 'cycling'].map((e) => `${e} ${count((r) => r.voice === e)}`).join(', ')}`);
    assert.ok(results.length >= 100);
    t.diagnostic(`unsupported action types: ${[...new Set(files.flatMap((f) => (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as FlowDocument).Actions.map((a) => a.Type)).filter((ty) => !SUPPORTED_ACTIONS.has(ty)))].sort().join(', ')}`);
    assert.ok(count((r) => r.supported) >= 75, 'tiers 1–2 and most of tier 3 cover most of the corpus');
  });
});

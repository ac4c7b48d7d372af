/**
 * The regression corpus (corpus.ts), replayed first on every run: each exact input that took the server
 * down or got an untyped or internal answer is its own test, named by the rule it broke. The server is a
 * child process, restarted when a case killed it; every case also checks that it is alive and that
 * GET /health answers 200 afterwards.
 */
import { after, describe, test } from 'node:test';
import { answerProblems, closeProblems, fail, serverProblems, showBytes, showExchange } from './check.ts';
import { CORPUS, type CorpusCase, type CorpusFrame } from './corpus.ts';
import { signedRequest } from './creds.ts';
import { fill } from './json.ts';
import { attachmentRoundTrip } from './props-http.ts';
import { frameProblems } from './props-ws.ts';
import { FuzzTarget } from './target.ts';
import { buildFrame, exchange, RawWs } from './wire.ts';

const target = new FuzzTarget();
after(() => target.stop());

function frameBytes(f: CorpusFrame): Buffer {
  const payload = f.hex !== undefined ? Buffer.from(f.hex, 'hex') : f.size !== undefined ? Buffer.alloc(f.size, 0x20) : Buffer.from(f.text ?? '', 'utf8');
  return buildFrame({ opcode: f.opcode, payload, fin: f.fin ?? true, rsv: f.rsv ?? 0, masked: f.masked ?? true });
}

async function replay(c: CorpusCase): Promise<void> {
  const server = await target.up();
  const ctx = await target.ctx();
  const mark = server.stderrMark();
  if (c.kind === 'attachment') return attachmentRoundTrip.check(target, { name: c.name, type: c.type, size: 5, sent: 'exact', putType: null });
  if (c.kind === 'http' || c.kind === 'signed' || c.kind === 'upgrade') {
    const bytes = c.kind === 'signed' ? await signedRequest(server, c.method, fill(c.target, ctx), fill(c.body, ctx)) : Buffer.from(fill(c.request, ctx), 'latin1');
    const reset = c.kind !== 'signed' && c.reset === true;
    const e = await exchange(server.port, bytes, { reset, timeoutMs: 5000 });
    const problems = answerProblems(e, { upgrade: c.kind === 'upgrade', reset });
    const r = e.response;
    if (r && 'status' in c && c.status && !c.status.includes(r.status)) problems.push(`answered ${r.status}, not ${c.status.join(' or ')}`);
    if (r && c.kind === 'signed' && c.errorType && r.headers['x-amzn-errortype'] !== c.errorType) problems.push(`x-amzn-ErrorType is ${r.headers['x-amzn-errortype'] ?? '(none)'}, not ${c.errorType}`);
    if (r && c.kind === 'signed' && c.mentions && !r.body.toString('utf8').includes(c.mentions)) problems.push(`the answer does not name ${JSON.stringify(c.mentions)}`);
    if (c.kind === 'upgrade' && r && (r.status < 101 || r.status >= 500)) problems.push(`the upgrade was answered ${r.status}`);
    problems.push(...(await serverProblems(server, !r)));
    if (problems.length > 0) fail(problems, showBytes(bytes), showExchange(e), server, mark);
    return;
  }
  const path = c.socket === 'chat' ? await target.chatSocketPath() : `/agent/ws?token=${encodeURIComponent(String(ctx.agentToken))}`;
  const { ws, refused } = await RawWs.open(server.port, path);
  if (!ws) throw new Error(`(harness) the live ${c.socket} socket was refused: ${refused ? showExchange(refused) : ''}`);
  try {
    if (c.socket === 'agent') await ws.until(() => ws.texts().some((t) => (t as { event?: string })?.event === 'agent::update'));
    const bytes = Buffer.concat(c.frames.map(frameBytes));
    ws.send(bytes);
    const problems: string[] = [];
    if (c.close !== undefined) {
      await ws.until(() => ws.close !== undefined, 3000);
      if (ws.close?.code !== c.close) problems.push(ws.close ? `the socket was closed with ${ws.close.frame ? `code ${ws.close.code}` : 'no close frame'}, not ${c.close}` : `the socket was not closed within 3 s (expected ${c.close})`);
    }
    if (c.heartbeat) {
      ws.sendText('{"topic":"aws/heartbeat"}');
      const beat = () => ws.texts().some((t) => (t as { topic?: string })?.topic === 'aws/heartbeat');
      await ws.until(() => beat() || ws.close !== undefined, 3000);
      if (!beat() && !(ws.close?.frame)) problems.push('the socket neither answered a heartbeat after it nor closed with a close frame');
      problems.push(...closeProblems(ws, false));
    }
    for (const want of c.answers ?? []) {
      const answer = () => ws.texts().find((t) => (t as { event?: string })?.event === 'api_response' && ((t as { requestId?: string }).requestId ?? '') === want.requestId) as { err?: string | null } | undefined;
      await ws.until(() => answer() !== undefined || ws.close !== undefined, 3000);
      const a = answer();
      let type: unknown;
      try {
        type = a?.err ? (JSON.parse(a.err) as { type?: unknown }).type : undefined;
      } catch {
        type = undefined;
      }
      if (type !== want.errorType) problems.push(a ? `the answer to ${JSON.stringify(want.requestId)} is ${JSON.stringify(a)}, not a ${want.errorType}` : `no answer to ${JSON.stringify(want.requestId)}`);
    }
    problems.push(...frameProblems(ws, c.socket));
    problems.push(...(await serverProblems(server, ws.close !== undefined && !ws.close.frame)));
    if (problems.length > 0) fail(problems, `frames on the ${c.socket} socket: ${JSON.stringify(c.frames)}; as bytes (mask key 37fa213d): ${showBytes(bytes, 600)}`, `${ws.frames.length} frame(s); close ${JSON.stringify(ws.close ?? null)}`, server, mark);
  } finally {
    ws.destroy();
  }
}

describe('regression corpus (each input that broke the server once)', () => {
  for (const c of CORPUS) test(c.rule, () => replay(c));
});

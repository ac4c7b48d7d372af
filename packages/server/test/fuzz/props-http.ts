/**
 * The HTTP fuzz properties, each an input generator and a check of one input against the live server
 * (http.test.ts runs them with fast-check; the same functions can be driven by hand to explore).
 * After every request: the answer is 2xx/3xx or a typed 4xx (x-amzn-ErrorType + JSON message), the
 * process is alive, GET /health answers 200.
 */
import fc from 'fast-check';
import { answerProblems, fail, fuzzParams, serverProblems, showBytes, showExchange, timeBudget, type AnswerExpectation } from './check.ts';
import { signedRequest } from './creds.ts';
import { frameBody, httpPlan, planHeaders, renderHttp, ROUTES, routeKey, SAMPLES, targetOf, type HttpPlan } from './gen-http.ts';
import { bodyBytes } from './json.ts';
import type { FuzzTarget } from './target.ts';
import { exchange, type Exchange } from './wire.ts';
import type { ChildServer } from './child.ts';

export interface Property<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  runs: number;
  /** The property's time budget (ms), shrinking included: past it, fast-check stops (and reports a failure found so far). */
  timeMs: number;
  /** Sends one input; throws the finding if the server misbehaves. */
  check(target: FuzzTarget, input: T): Promise<void>;
}

/**
 * Runs a property with fast-check. Past its time budget, inputs are no longer sent (each counts as
 * passed), so the runs left finish at once and shrinking stops at the smallest failure found so far;
 * a run under way is never abandoned. Returns how many inputs were sent.
 */
export async function runProperty<T>(property: Property<T>, target: FuzzTarget): Promise<{ sent: number; runs: number; budget: number }> {
  const params = fuzzParams<[T]>(property.runs);
  const budget = timeBudget(property.timeMs);
  const deadline = Date.now() + budget;
  let sent = 0;
  await fc.assert(fc.asyncProperty(property.arbitrary, async (input) => {
    if (Date.now() > deadline) return;
    sent++;
    await property.check(target, input);
  }), params);
  return { sent, runs: params.numRuns!, budget };
}

/** Sends one request and judges the answer and the server after it; returns what came back. */
export async function judge(server: ChildServer, bytes: Buffer, expect: AnswerExpectation, head: boolean): Promise<Exchange> {
  const mark = server.stderrMark();
  const e = await exchange(server.port, bytes, { head, halfClose: expect.incomplete, reset: expect.reset, timeoutMs: 5000 });
  if (process.env.SWITCHBOARD_FUZZ_LOG) {
    const line = bytes.subarray(0, Math.max(0, bytes.indexOf('\r\n'))).toString('latin1').slice(0, 160);
    console.error(`${e.response?.status ?? '---'} ${e.response?.headers['x-amzn-errortype'] ?? ''} ${line} ${e.response?.body.toString('utf8').slice(0, 120) ?? ''}`);
  }
  const problems = [...answerProblems(e, expect, head), ...(await serverProblems(server, !e.response))];
  if (problems.length > 0) fail(problems, showBytes(bytes), showExchange(e), server, mark);
  return e;
}

const routesMatching = (re: RegExp) => ROUTES.map((r, i) => ({ r, i })).filter(({ r }) => re.test(r.pattern)).map(({ i }) => i);
/** Routes whose handler checks a SigV4 signature (the Connect API and the phone simulator). */
const CONNECT_ROUTES = routesMatching(/^\/(contact|contacts|phone-simulator|metrics|users|hours-of-operations|queues|quick-connects|instance|contact-flows|contact-flows-summary|contact-flow-modules|contact-flow-modules-summary|prompts|prompts-summary|prompt-files)\//);
/** Participant Service routes and the attachment URLs. */
const PARTICIPANT_ROUTES = routesMatching(/^\/(participant|attachments)\//);

export const anyRequest: Property<HttpPlan> = {
  name: 'any request to any route, with any target, headers, framing and body, is answered 2xx/3xx or a typed 4xx, and the server stays up',
  arbitrary: httpPlan(),
  runs: 600,
  timeMs: 20_000,
  async check(target, plan) {
    const server = await target.up();
    const r = renderHttp(plan, await target.ctx());
    await judge(server, r.bytes, r.expect, r.head);
  },
};

export const signedConnect: Property<HttpPlan> = {
  name: 'SigV4-signed Connect API requests with mutated bodies and parameters reach the handlers and are answered 2xx or a typed 4xx',
  arbitrary: httpPlan(CONNECT_ROUTES, { special: false }),
  runs: 800,
  timeMs: 12_000,
  async check(target, plan) {
    const server = await target.up();
    const ctx = await target.ctx();
    const route = ROUTES[plan.route]!;
    const method = plan.method === null || plan.method === 'get' || plan.method === 'FOO' ? route.method : plan.method;
    const body = bodyBytes(plan.body, SAMPLES[routeKey(route)], ctx);
    const bytes = await signedRequest(server, method, targetOf(plan, ctx), body, planHeaders(plan, ctx).filter(([k]) => k !== 'Host'));
    await judge(server, bytes, {}, method === 'HEAD');
  },
};

let chatUses = 0;
let chatStarts = 0;
let chat: Awaited<ReturnType<FuzzTarget['chat']>> | undefined;

export const participantCalls: Property<[HttpPlan, boolean]> = {
  name: 'Participant Service requests with a live token, mutated bodies and odd headers are answered 2xx or a typed 4xx',
  arbitrary: fc.tuple(httpPlan(PARTICIPANT_ROUTES, { special: false }), fc.boolean()),
  runs: 400,
  timeMs: 12_000,
  async check(target, [plan, useParticipantToken]) {
    const server = await target.up();
    // A fresh chat every few inputs (DisconnectParticipant ends one), and after a restart.
    if (!chat || chatUses++ % 5 === 0 || target.starts !== chatStarts) {
      chat = await target.chat();
      chatStarts = target.starts;
    }
    const ctx = await target.ctx(chat);
    const route = ROUTES[plan.route]!;
    const framed = frameBody(plan.framing, bodyBytes(plan.body, SAMPLES[routeKey(route)], ctx));
    const token = useParticipantToken || routeKey(route) === 'POST /participant/connection' ? ctx.participantToken! : ctx.connectionToken!;
    const headers: [string, string][] = [...planHeaders(plan, ctx), ['Content-Type', 'application/json'], ['X-Amz-Bearer', String(token)], ...framed.headers];
    const method = plan.method ?? route.method;
    const head = `${method} ${targetOf(plan, ctx)} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    await judge(server, Buffer.concat([Buffer.from(head, 'latin1'), framed.bytes]), { incomplete: framed.incomplete, reset: plan.reset }, method === 'HEAD');
  },
};


export interface AttachmentPlan {
  name: string;
  type: string;
  size: number;
  /** What the upload sends: the declared size, fewer bytes or more. */
  sent: 'exact' | 'short' | 'long';
  /** The upload's own Content-Type (null: the declared one). */
  putType: string | null;
}

const attachmentPlan: fc.Arbitrary<AttachmentPlan> = fc.record({
  name: fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.constantFrom('a\ud800b.txt', '\udfff', '..', '../../etc/passwd', 'a"b\\c;.txt', '%ZZ.txt', 'a\r\nb.txt', 'ñ.pdf', ' ', '.', 'x'.repeat(256), 'con', '\u0000.txt', '\u202egnp.exe'),
  ),
  type: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('text/plain', 'image/png', 'application/pdf', 'TEXT/PLAIN', 'text/plain; charset=utf-8', 'text/csv') },
    { weight: 1, arbitrary: fc.constantFrom('image/svg+xml', 'text/html', 'application/x-msdownload', '*/*', 'text/plain\u0000', '') },
  ),
  size: fc.constantFrom(1, 5, 1000, 65_537, 20_971_520, 20_971_521),
  sent: fc.constantFrom('exact' as const, 'exact' as const, 'short' as const, 'long' as const),
  putType: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/octet-stream', '', 'a/b; x="') }),
});

/** The target of a URL the server handed out (path and query). */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

export const attachmentRoundTrip: Property<AttachmentPlan> = {
  name: 'an attachment with any name, type and size is uploaded, completed and downloaded with 2xx or typed 4xx answers at each step',
  arbitrary: attachmentPlan,
  runs: 100,
  timeMs: 8_000,
  async check(target, plan) {
    const server = await target.up();
    const chat = await target.chat();
    const host = `127.0.0.1:${server.port}`;
    const call = async (op: string, body: unknown): Promise<any> => {
      const bytes = Buffer.from(`POST /participant/${op} HTTP/1.1\r\nHost: ${host}\r\nX-Amz-Bearer: ${chat.connectionToken}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(JSON.stringify(body))}\r\n\r\n${JSON.stringify(body)}`, 'utf8');
      const e = await judge(server, bytes, {}, false);
      return e.response?.status === 200 ? JSON.parse(e.response.body.toString('utf8')) : undefined;
    };
    const started = await call('start-attachment-upload', { ContentType: plan.type, AttachmentSizeInBytes: plan.size, AttachmentName: plan.name });
    if (!started) return;
    const length = Math.min(plan.size, 100_000) + (plan.sent === 'long' ? 7 : plan.sent === 'short' ? -1 : 0);
    const put = Buffer.concat([
      Buffer.from(`PUT ${pathOf(started.UploadMetadata.Url)} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${plan.putType ?? plan.type}\r\nContent-Length: ${Math.max(0, length)}\r\n\r\n`, 'latin1'),
      Buffer.alloc(Math.max(0, length), 0x61),
    ]);
    if ((await judge(server, put, {}, false)).response?.status !== 200) return;
    if (!(await call('complete-attachment-upload', { AttachmentIds: [started.AttachmentId] }))) return;
    const got = await call('attachment', { AttachmentId: started.AttachmentId });
    if (!got) return;
    await judge(server, Buffer.from(`GET ${pathOf(got.Url)} HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 'latin1'), {}, false);
  },
};

export const HTTP_PROPERTIES = [anyRequest, signedConnect, participantCalls, attachmentRoundTrip] as const;

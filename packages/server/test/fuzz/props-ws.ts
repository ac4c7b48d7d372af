/**
 * The WebSocket fuzz properties: sessions of frames on a live chat socket and a live agent socket
 * (opened with a correct handshake, then written raw), and upgrade requests of every shape. After each:
 * every frame the server sent is typed (chat: a JSON object with a `topic`; agent: with an `event`, and
 * no api_response carries an internal error), the socket either still answers (a ping, and on the agent
 * socket a request) or was closed with a proper close code, the process is alive and /health answers.
 */
import { randomBytes } from 'node:crypto';
import { answerProblems, closeProblems, fail, serverProblems, showBytes, showExchange } from './check.ts';
import { steps, stepBytes, upgradePlan, type Step, type UpgradePlan } from './gen-ws.ts';
import type { Ctx } from './json.ts';
import type { Property } from './props-http.ts';
import type { FuzzTarget } from './target.ts';
import { buildFrame, exchange, RawWs } from './wire.ts';

type Socket = 'chat' | 'agent';

/** The target (path and token) of a live socket of this kind. */
async function socketTarget(target: FuzzTarget, socket: Socket, ctx: Ctx): Promise<string> {
  return socket === 'chat' ? target.chatSocketPath() : `/agent/ws?token=${encodeURIComponent(String(ctx.agentToken))}`;
}

/** What is wrong with the frames the server sent: untyped text, masked or RSV frames, internal errors. */
export function frameProblems(ws: RawWs, socket: Socket): string[] {
  const problems: string[] = [];
  for (const f of ws.frames) {
    if (f.masked || f.rsv !== 0) problems.push(`the server sent a frame with mask=${f.masked} rsv=${f.rsv}`);
    if (f.opcode !== 1) continue;
    const text = f.payload.toString('utf8');
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      problems.push(`the server sent a text frame that is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
      continue;
    }
    const key = socket === 'chat' ? 'topic' : 'event';
    if (typeof frame !== 'object' || frame === null || typeof (frame as Record<string, unknown>)[key] !== 'string') {
      problems.push(`the server sent a frame without a string "${key}": ${text.slice(0, 200)}`);
      continue;
    }
    const err = (frame as { event?: string; err?: unknown }).event === 'api_response' ? (frame as { err?: unknown }).err : null;
    if (err !== null && err !== undefined) {
      let type: unknown;
      try {
        type = (JSON.parse(String(err)) as { type?: unknown }).type;
      } catch {
        type = undefined;
      }
      if (typeof type !== 'string') problems.push(`an api_response has an err without a type: ${String(err).slice(0, 200)}`);
      else if (/internal/i.test(type)) problems.push(`an api_response reports an internal error: ${String(err).slice(0, 300)}`);
    }
  }
  return problems;
}

function showFrames(ws: RawWs): string {
  const shown = ws.frames.slice(-8).map((f) => `[op ${f.opcode}${f.fin ? '' : ' fin=0'}] ${f.opcode === 8 ? `code ${f.payload.length >= 2 ? f.payload.readUInt16BE(0) : '-'} ${JSON.stringify(f.payload.subarray(2).toString())}` : JSON.stringify(f.payload.toString('utf8').slice(0, 160))}`);
  return `${ws.frames.length} frame(s), last: ${shown.join(' | ') || '(none)'}; close: ${JSON.stringify(ws.close ?? null)}`;
}

/** Opens a live socket, writes the steps' frames, probes it, and judges the outcome. */
export async function socketSession(target: FuzzTarget, socket: Socket, input: Step[]): Promise<void> {
  const server = await target.up();
  // On the agent socket, `{contactId}` is a chat the agent is in (when routing offered it in time).
  const accepted = socket === 'agent' ? await target.acceptedChat() : undefined;
  const ctx = await target.ctx(accepted);
  const { ws, refused } = await RawWs.open(server.port, await socketTarget(target, socket, ctx));
  if (!ws) throw new Error(`(harness) the live ${socket} socket was refused: ${refused ? showExchange(refused) : ''}\n${server.alive ? '' : server.deathReport()}`);
  try {
    if (socket === 'agent') await ws.until(() => ws.texts().some((t) => (t as { event?: string })?.event === 'agent::update'));
    const mark = server.stderrMark();
    const parts: Buffer[] = [];
    let truncated = false;
    for (const step of input) {
      const b = stepBytes(step, socket, ctx);
      parts.push(b.bytes);
      if ((truncated = b.truncated)) break;
    }
    const bytes = Buffer.concat(parts);
    ws.send(bytes);
    const problems: string[] = [];
    if (truncated) {
      // The frame can never complete: the client stops sending; the server must let go of the socket.
      ws.socket.end();
      if (!(await ws.until(() => ws.ended, 3000))) problems.push('after a cut-short frame and the end of the input, the socket stayed open 3 s');
    } else {
      const nonce = randomBytes(6).toString('hex');
      ws.send(buildFrame({ opcode: 9, payload: nonce }));
      if (socket === 'agent') ws.sendText(JSON.stringify({ event: 'api_request', requestId: `probe-${nonce}`, method: 'getQuickConnects', params: {} }));
      const answered = () => ws.frames.some((f) => f.opcode === 10 && f.payload.toString() === nonce) &&
        (socket === 'chat' || ws.texts().some((t) => (t as { requestId?: string })?.requestId === `probe-${nonce}`));
      await ws.until(() => answered() || ws.close !== undefined, 3000);
      if (!answered() && !ws.close) problems.push('the socket neither answered (a ping; on the agent socket, a request) nor closed within 3 s');
      // Answers to earlier requests may still be on their way (the agent socket answers each when it is durable).
      if (socket === 'agent' && !ws.close) await new Promise((r) => setTimeout(r, 30));
    }
    if (process.env.SWITCHBOARD_FUZZ_LOG) {
      const seen = ws.texts().map((t) => {
        const f = t as { topic?: string; event?: string; err?: string | null; data?: unknown };
        return f?.event === 'api_response' ? `api_response:${f.err ? (JSON.parse(f.err) as { type: string; message: string }).message.slice(0, 60) : 'ok'}` : String(f?.topic ?? f?.event);
      });
      console.error(`${socket} sent ${JSON.stringify(input).slice(0, 150)} got ${seen.join(' | ')} close ${ws.close?.code ?? '-'}`);
    }
    const echoed = input.flatMap((s) => ('fault' in s && s.fault.kind === 'close' && s.fault.code !== null ? [s.fault.code] : []));
    problems.push(...closeProblems(ws, truncated, echoed), ...frameProblems(ws, socket));
    problems.push(...(await serverProblems(server, ws.close !== undefined && !ws.close.frame)));
    if (problems.length > 0) fail(problems, `frames on the ${socket} socket: ${JSON.stringify(input)}\n  as bytes (mask key 37fa213d): ${showBytes(bytes, 1500)}`, showFrames(ws), server, mark);
  } finally {
    ws.destroy();
  }
}

export const chatSocketFrames: Property<Step[]> = {
  name: 'any frames on a live chat socket are answered with typed frames or close it with a proper code, and the server stays up',
  arbitrary: steps('chat'),
  runs: 200,
  timeMs: 12_000,
  check: (target, input) => socketSession(target, 'chat', input),
};

export const agentSocketFrames: Property<Step[]> = {
  name: 'any frames on a live agent socket get typed answers (never an internal error) or close it with a proper code, and the server stays up',
  arbitrary: steps('agent'),
  runs: 200,
  timeMs: 14_000,
  check: (target, input) => socketSession(target, 'agent', input),
};

/** An upgrade request as bytes. */
export async function upgradeRequest(target: FuzzTarget, plan: UpgradePlan): Promise<Buffer> {
  const server = await target.up();
  const ctx = await target.ctx();
  const base = plan.socket === 'chat' ? '/participant/ws' : plan.socket === 'agent' ? '/agent/ws' : '/health';
  let token: string | undefined;
  if (plan.token === 'valid') token = plan.socket === 'chat' ? new URLSearchParams((await socketTarget(target, 'chat', ctx)).split('?')[1]).get('token') ?? '' : String(ctx.agentToken);
  else if (plan.token === 'other-kind') token = String(plan.socket === 'chat' ? ctx.connectionToken : ctx.participantToken);
  else if (plan.token === 'garbage') token = 'sb1.x.y';
  const query = typeof plan.token === 'object' ? `?token=${plan.token.raw.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(String(ctx[k] ?? '')))}` : token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
  const headers = [
    ...(plan.drop.includes('host') ? [] : [`Host: 127.0.0.1:${server.port}`]),
    ...(plan.drop.includes('upgrade') ? [] : ['Upgrade: websocket']),
    ...(plan.drop.includes('connection') ? [] : ['Connection: Upgrade']),
    ...(plan.drop.includes('key') ? [] : ['Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==']),
    ...(plan.drop.includes('version') ? [] : ['Sec-WebSocket-Version: 13']),
    ...plan.extra,
  ];
  const head = Buffer.from(`${plan.method} ${plan.path ?? base}${query} HTTP/1.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`, 'latin1');
  return plan.head ? Buffer.concat([head, buildFrame({ opcode: 1, payload: plan.socket === 'agent' ? 'null' : '{"topic":"aws/heartbeat"}' })]) : head;
}

export const upgrades: Property<UpgradePlan> = {
  name: 'any WebSocket upgrade request (any target, token, headers, method) is answered (101 or 4xx), and the server stays up',
  arbitrary: upgradePlan,
  runs: 200,
  timeMs: 10_000,
  async check(target, plan) {
    const server = await target.up();
    const bytes = await upgradeRequest(target, plan);
    const mark = server.stderrMark();
    const e = await exchange(server.port, bytes, { reset: plan.reset, timeoutMs: 5000 });
    const problems = [...answerProblems(e, { upgrade: true, reset: plan.reset }), ...(await serverProblems(server, !e.response))];
    if (problems.length > 0) fail(problems, showBytes(bytes), showExchange(e), server, mark);
  },
};

export const WS_PROPERTIES = [chatSocketFrames, agentSocketFrames, upgrades] as const;

/**
 * What the fuzz suite asserts, and how it reports: the server process is alive, GET /health answers 200,
 * every HTTP answer is 2xx/3xx or a typed 4xx (`x-amzn-ErrorType` and a JSON `message`), every
 * WebSocket answers with typed frames or closes with a proper close code, and the child's memory stays
 * bounded. Also the fast-check settings (fixed seed and run count, overridable from the environment).
 */
import type * as fc from 'fast-check';
import { RSS_BOUND_BYTES, type ChildServer } from './child.ts';
import { exchange, type Exchange, type RawWs } from './wire.ts';

export const DEFAULT_SEED = 20_240_614;

/**
 * fast-check settings for one property: SWITCHBOARD_FUZZ_SEED (default fixed), SWITCHBOARD_FUZZ_RUNS
 * (each property's run count), SWITCHBOARD_FUZZ_PATH (replay one counterexample's path, with the seed
 * it was found with). The time budget is not fast-check's interruptAfterTimeLimit: that abandons the run
 * under way (a server half restarted), which then races the next test; see runProperty.
 */
export function fuzzParams<T>(defaultRuns: number): fc.Parameters<T> {
  const env = process.env;
  return {
    seed: env.SWITCHBOARD_FUZZ_SEED ? Number(env.SWITCHBOARD_FUZZ_SEED) : DEFAULT_SEED,
    numRuns: env.SWITCHBOARD_FUZZ_RUNS ? Number(env.SWITCHBOARD_FUZZ_RUNS) : defaultRuns,
    ...(env.SWITCHBOARD_FUZZ_PATH ? { path: env.SWITCHBOARD_FUZZ_PATH } : {}),
    includeErrorInReport: true,
  };
}

/** Each property's time budget (ms), shrinking included: SWITCHBOARD_FUZZ_TIME_MS, or the property's own. */
export function timeBudget(own: number): number {
  return process.env.SWITCHBOARD_FUZZ_TIME_MS ? Number(process.env.SWITCHBOARD_FUZZ_TIME_MS) : own;
}

export interface AnswerExpectation {
  /** The client stopped sending mid-request (half-closed): closing without an answer is allowed. */
  incomplete?: boolean;
  /** A WebSocket upgrade request: its refusal is a plain HTTP 4xx (not an API error). */
  upgrade?: boolean;
  /** The request asked for a byte range: a static page may answer 416. */
  range?: boolean;
  /** The client reset the connection right after sending: no answer is expected. */
  reset?: boolean;
}

function isNodeParserReject(r: Exchange['response'] & object): boolean {
  // Node's own answer to a request its HTTP parser refused (http server socketOnError): no body, Connection: close.
  return [400, 413, 414, 431].includes(r.status) && r.headers['x-amzn-errortype'] === undefined && r.body.length === 0 && /close/i.test(r.headers.connection ?? '');
}

/** What is wrong with the answer to one HTTP request (empty: nothing). */
export function answerProblems(e: Exchange, expect: AnswerExpectation = {}, head = false): string[] {
  const r = e.response;
  if (expect.reset) return [];
  if (!r) {
    if (e.timedOut) return ['no answer (and no close) within the time limit'];
    if (expect.incomplete) return [];
    return [`the connection ended without an answer (${e.error ?? 'closed'})`];
  }
  if (r.status < 400) return [];
  if (r.status >= 500) return [`answered ${r.status} (a server error)`];
  if (isNodeParserReject(r)) return [];
  if (expect.upgrade) return [];
  if (expect.range && r.status === 416 && r.headers['content-range'] !== undefined) return [];
  const problems: string[] = [];
  if (!r.headers['x-amzn-errortype']) problems.push(`answered ${r.status} without an x-amzn-ErrorType header`);
  if (!head) {
    let body: unknown;
    try {
      body = JSON.parse(r.body.toString('utf8'));
    } catch {
      problems.push(`answered ${r.status} with a body that is not JSON`);
    }
    if (body !== undefined && (typeof body !== 'object' || body === null || typeof (body as { message?: unknown }).message !== 'string')) {
      problems.push(`answered ${r.status} with a JSON body without a string "message"`);
    }
  }
  return problems;
}

/**
 * After an input: the process is alive and /health answers 200. `suspect`: the input's connection ended
 * oddly, so wait a little for the process to exit (a crash and its reset arrive in either order).
 */
export async function serverProblems(server: ChildServer, suspect: boolean): Promise<string[]> {
  if (await server.exitsWithin(suspect ? 150 : 0)) return [server.deathReport()];
  const health = await exchange(server.port, `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`, { timeoutMs: 5000 });
  if (await server.exitsWithin(health.response ? 0 : 400)) return [server.deathReport()];
  if (health.response?.status !== 200) return [`GET /health was answered ${health.response?.status ?? `with nothing (${health.error ?? (health.timedOut ? 'timed out' : 'closed')})`}`];
  return [];
}

/** The child's memory is within its bound (RSS at start + 150 MB). */
export function memoryProblems(server: ChildServer): string[] {
  const rss = server.rssBytes();
  if (rss === 0 || rss <= server.baselineRss + RSS_BOUND_BYTES) return [];
  return [`the server's RSS is ${(rss / 2 ** 20).toFixed(0)} MB, more than ${(server.baselineRss / 2 ** 20).toFixed(0)} MB at start + ${RSS_BOUND_BYTES / 2 ** 20} MB`];
}

/**
 * Close codes a server may properly close with (RFC 6455 §7.4: 1011 is an internal error, like a 5xx),
 * or echo: a valid code the client closed with (`echoed`).
 */
export function properCloseCode(code: number | undefined, echoed: readonly number[] = []): boolean {
  if (code === undefined) return false;
  if (echoed.includes(code) && ((code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999))) return true;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1010) || (code >= 4000 && code <= 4999);
}

/**
 * What is wrong with how a WebSocket ended, if it did (`truncated`: the input ended mid-frame, so a bare
 * TCP close is fine; `echoed`: close codes the client sent, which the server may echo).
 */
export function closeProblems(ws: RawWs, truncated: boolean, echoed: readonly number[] = []): string[] {
  if (!ws.close) return [];
  // A close frame without a status code is allowed (RFC 6455 §5.5.1); with one, it must be a proper code.
  if (ws.close.frame) return ws.close.code === undefined || properCloseCode(ws.close.code, echoed) ? [] : [`the socket was closed with code ${ws.close.code} ${JSON.stringify(ws.close.reason)}`];
  return truncated ? [] : [`the socket was cut without a close frame (${ws.error ?? 'TCP close'})`];
}

/** A printable form of input bytes: exact (JSON-escaped), shortened in the middle if long. */
export function showBytes(bytes: Buffer, max = 3000): string {
  const utf8 = bytes.toString('utf8');
  const exact = Buffer.from(utf8, 'utf8').equals(bytes);
  const text = exact ? utf8 : bytes.toString('latin1');
  const shown = text.length <= max ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, max - 400))} + [${text.length - max} more chars] + ${JSON.stringify(text.slice(-400))}`;
  return `${bytes.length} bytes${exact ? '' : ' (not UTF-8; shown as latin1)'}: ${shown}`;
}

/** Throws the finding: what went wrong, the exact input, the answer, and the server's stderr since the input. */
export function fail(problems: string[], input: string, answer: string, server: ChildServer, mark: number): never {
  const stderr = server.stderrSince(mark).trim();
  throw new Error([
    `FINDING: ${problems.join('; ')}`,
    `INPUT: ${input}`,
    `ANSWER: ${answer}`,
    `SERVER STDERR (during this input): ${stderr ? `\n${stderr.split('\n').slice(-40).join('\n')}` : '(nothing)'}`,
  ].join('\n'));
}

export function showExchange(e: Exchange): string {
  if (!e.response) return `no answer (${e.timedOut ? 'timed out' : e.error ?? 'closed'}); received ${showBytes(e.received, 500)}`;
  return `${e.response.head.split('\r\n').join(' | ')} || ${showBytes(e.response.body, 600)}`;
}

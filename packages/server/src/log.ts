import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * The server's structured log: one JSON object a line on stdout (pino), at the level LOG_LEVEL (or
 * SWITCHBOARD_LOG_LEVEL) names — fatal, error, warn, info (the default), debug, trace or silent.
 * Requests are logged at debug (request id, method, route template, status, duration); what went
 * wrong at warn and error.
 *
 * What is never logged: message contents, tokens, passwords, keys, SDP, Authorization headers,
 * attachment names. The server never hands a request's body, headers or query to the log; the
 * redaction list below is the net under that rule, in case an object carrying one of these fields
 * reaches a log call anyway.
 */
export const REDACTED_PATHS = [
  'authorization', 'Authorization', 'headers.authorization', 'req.headers.authorization', 'req.headers.cookie', 'headers["x-amz-bearer"]',
  'token', 'Token', 'ParticipantToken', 'ConnectionToken', 'ConnectionCredentials', 'Websocket', 'password', 'Password',
  'secretAccessKey', 'SecretAccessKey', 'credential', 'Content', 'content', 'body', 'sdp', 'Sdp', 'AttachmentName', 'attachmentName',
  '*.authorization', '*.token', '*.Token', '*.ParticipantToken', '*.ConnectionToken', '*.password', '*.Password', '*.secretAccessKey',
  '*.SecretAccessKey', '*.credential', '*.Content', '*.content', '*.body', '*.sdp', '*.Sdp', '*.AttachmentName', '*.attachmentName',
];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The level the environment asks for (LOG_LEVEL, else SWITCHBOARD_LOG_LEVEL), or info (config.ts refuses an unknown name at start). */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.LOG_LEVEL ?? env.SWITCHBOARD_LOG_LEVEL ?? 'info';
  return (LOG_LEVELS as readonly string[]).includes(raw) ? (raw as LogLevel) : 'info';
}

/** A logger writing JSON lines to `destination` (stdout by default). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { name: 'switchboard' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
  };
  return destination ? pino(options, destination) : pino(options);
}

let current: Logger | undefined;

/** The process's logger (made on first use from the environment). */
export function log(): Logger {
  return (current ??= createLogger(logLevelFromEnv(process.env)));
}

/** Replaces the process's logger (tests capture the output this way); returns the one it replaced. */
export function useLogger(logger: Logger): Logger | undefined {
  const previous = current;
  current = logger;
  return previous;
}

/** Captures the server's structured log (log.ts) while a test runs: each line parsed, as pino wrote it. */
import { createLogger, logLevelFromEnv, useLogger, type LogLevel } from '../src/log.ts';

export interface CapturedLog {
  /** The raw lines written (JSON text). */
  lines: string[];
  /** The lines parsed. */
  entries(): Record<string, any>[];
  /** Puts the previous logger back. */
  restore(): void;
}

export function captureLog(level: LogLevel = 'debug'): CapturedLog {
  const lines: string[] = [];
  const previous = useLogger(createLogger(level, { write: (line: string) => void lines.push(line) }));
  return {
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, any>),
    restore: () => void useLogger(previous ?? createLogger(logLevelFromEnv(process.env))),
  };
}

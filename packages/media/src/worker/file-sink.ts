import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RecordingSink } from '../core/port.ts';

/**
 * A recording's file in the worker. Writes and header patches are queued in order on one file handle;
 * `write` never blocks the frame clock. The first I/O error is kept and makes `close` reject.
 */
export async function openFileSink(path: string): Promise<RecordingSink> {
  await mkdir(dirname(path), { recursive: true });
  const file: FileHandle = await open(path, 'w');
  let position = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  let closing: Promise<void> | undefined;
  const enqueue = (job: () => Promise<unknown>) => {
    chain = chain.then(async () => {
      if (failure !== undefined) return;
      try { await job(); } catch (error) { failure = error; }
    });
  };
  return {
    write(chunk) {
      if (closing) throw new Error(`recording ${path} is closed`);
      const bytes = Buffer.from(chunk);
      const at = position;
      position += bytes.length;
      enqueue(() => file.write(bytes, 0, bytes.length, at));
    },
    patch(offset, bytes) {
      if (closing) throw new Error(`recording ${path} is closed`);
      const copy = Buffer.from(bytes);
      enqueue(() => file.write(copy, 0, copy.length, offset));
    },
    close() {
      closing ??= chain.then(async () => {
        await file.close();
        if (failure !== undefined) throw failure;
      });
      return closing;
    },
  };
}

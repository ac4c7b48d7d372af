import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RecordingSink } from '../core/port.ts';

/**
 * A RecordingSink writing to a file. Writes and patches are queued in order on one promise chain (the
 * bridge's tick never waits for the disk); `close()` waits for them and rejects with the first I/O error.
 * The directory is created if missing.
 */
export function fileSink(path: string): RecordingSink {
  let handle: FileHandle | undefined;
  let failure: unknown;
  let position = 0;
  let closed = false;
  let chain: Promise<void> = (async () => {
    await mkdir(dirname(path), { recursive: true });
    handle = await open(path, 'w');
  })().catch((error: unknown) => {
    failure ??= error;
  });
  const enqueue = (step: (h: FileHandle) => Promise<unknown>) => {
    chain = chain.then(async () => {
      if (failure !== undefined || !handle) return;
      try {
        await step(handle);
      } catch (error) {
        failure ??= error;
      }
    });
  };
  return {
    write(chunk) {
      if (closed) throw new Error(`recording ${path} is closed`);
      const at = position;
      position += chunk.length;
      enqueue((h) => h.write(chunk, 0, chunk.length, at));
    },
    patch(offset, bytes) {
      if (closed) throw new Error(`recording ${path} is closed`);
      enqueue((h) => h.write(bytes, 0, bytes.length, offset));
    },
    async close() {
      if (!closed) {
        closed = true;
        chain = chain.then(() => handle?.close()).catch((error: unknown) => {
          failure ??= error;
        });
      }
      await chain;
      if (failure !== undefined) throw failure;
    },
  };
}

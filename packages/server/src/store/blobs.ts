import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where file bytes are kept (chat attachments). Keys are paths of plain segments
 * (`<instance>/<contact>/<attachment>`). `put` is durable: when it resolves the bytes are on disk
 * (or wherever the store keeps them) and survive a crash; when it fails nothing is kept.
 */
export interface BlobStore {
  /**
   * Stores what `source` yields under `key`, replacing any blob with that key. More than `maxBytes`
   * fails with BlobTooLargeError and keeps nothing. Resolves with the size stored.
   */
  put(key: string, source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<{ sizeBytes: number }>;
  /**
   * `put` in two steps: the bytes are made durable aside (as `put`, BlobTooLargeError past `maxBytes`),
   * then `commit` puts them under a key in one atomic step, or `discard` drops them. The caller can check
   * what it must between the two.
   */
  stage(source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StagedBlob>;
  /** Where the blob lives on this machine's disk (the media worker reads prompt audio from there). */
  localPath(key: string): string;
  /** The blob's size and its bytes, or undefined when there is none. */
  get(key: string): Promise<{ sizeBytes: number; stream: NodeJS.ReadableStream } | undefined>;
  /** The blob's size, or undefined when there is none. */
  stat(key: string): Promise<{ sizeBytes: number } | undefined>;
  /** Removes the blob (nothing happens when there is none). */
  delete(key: string): Promise<void>;
}

export interface StagedBlob {
  sizeBytes: number;
  commit(key: string): Promise<void>;
  discard(): Promise<void>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/** A key segment: letters, digits, dot, dash, underscore; never "." or "..". */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * Blobs as files under a root directory (`<data dir>/attachments`): `<root>/<key>`. A put streams into
 * `<root>/.tmp/<random>`, fsyncs it, renames it into place (atomic on one filesystem) and fsyncs the
 * directories, so a blob is either whole or absent, also after a crash. Leftover temporary files of a
 * crashed put are removed on open.
 */
export class FileBlobStore implements BlobStore {
  private readonly tmpDir: string;

  private constructor(readonly root: string) {
    this.tmpDir = join(root, '.tmp');
  }

  static async open(root: string): Promise<FileBlobStore> {
    const store = new FileBlobStore(root);
    await rm(store.tmpDir, { recursive: true, force: true });
    await mkdir(store.tmpDir, { recursive: true, mode: 0o700 });
    return store;
  }

  localPath(key: string): string {
    return this.pathOf(key);
  }

  private pathOf(key: string): string {
    const segments = key.split('/');
    if (segments.length === 0 || !segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) throw new Error(`bad blob key ${JSON.stringify(key)}`);
    return join(this.root, ...segments);
  }

  async put(key: string, source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<{ sizeBytes: number }> {
    this.pathOf(key);
    const staged = await this.stage(source, options);
    await staged.commit(key);
    return { sizeBytes: staged.sizeBytes };
  }

  async stage(source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StagedBlob> {
    const tmp = join(this.tmpDir, randomUUID());
    const file = await open(tmp, 'wx', 0o600);
    let size = 0;
    try {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > options.maxBytes) throw new BlobTooLargeError(options.maxBytes);
        let offset = 0;
        while (offset < chunk.byteLength) offset += (await file.write(chunk, offset, chunk.byteLength - offset)).bytesWritten;
      }
      await file.sync();
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw error;
    }
    await file.close();
    let done = false;
    return {
      sizeBytes: size,
      commit: async (key: string) => {
        if (done) throw new Error('the staged blob was already committed or discarded');
        done = true;
        try {
          const path = this.pathOf(key);
          const made = await mkdir(dirname(path), { recursive: true, mode: 0o700 });
          await rename(tmp, path);
          // The new name, and any directory just made for it, must reach the disk too.
          await syncDir(dirname(path));
          if (made) for (let dir = dirname(path); dir !== this.root && dir.startsWith(this.root); dir = dirname(dir)) await syncDir(dirname(dir));
        } catch (error) {
          await rm(tmp, { force: true });
          throw error;
        }
      },
      discard: async () => {
        done = true;
        await rm(tmp, { force: true });
      },
    };
  }

  async get(key: string): Promise<{ sizeBytes: number; stream: ReadStream } | undefined> {
    const path = this.pathOf(key);
    const found = await this.stat(key);
    if (!found) return undefined;
    return { sizeBytes: found.sizeBytes, stream: createReadStream(path) };
  }

  async stat(key: string): Promise<{ sizeBytes: number } | undefined> {
    try {
      const s = await stat(this.pathOf(key));
      return s.isFile() ? { sizeBytes: s.size } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    await syncDir(dirname(path)).catch(() => undefined);
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

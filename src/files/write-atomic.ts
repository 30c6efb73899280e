import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// One way to write a file that a reader (a running service, a crash, a backup) never sees half
// of: write under a temporary name in the same folder, fsync it, rename it over the final name,
// fsync the folder so the rename itself survives a power cut. The four hand-rolled copies this
// replaces renamed without fsync, so a crash could leave an empty file under the final name.

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o644; 0o600 for files holding collected posts). */
  mode?: number;
}

const tempName = (path: string) => join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the file itself is already flushed.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    const fd = openSync(tmp, 'wx', options.mode ?? 0o644);
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  syncFolder(dirname(path));
}

/** The same without blocking the event loop (a service writing a model or a digest keeps serving). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    const fh = await open(tmp, 'wx', options.mode ?? 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  syncFolder(dirname(path));
}

export interface AtomicWriteStream {
  stream: WriteStream;
  /** Ends the stream, flushes it and renames it into place. */
  commit(): Promise<void>;
  /** Drops the temporary file; the final name keeps what it had. */
  abort(): Promise<void>;
}

/** A stream for output too large to hold in memory (exports); nothing appears at `path` until commit. */
export function createAtomicWriteStream(path: string, options: AtomicWriteOptions = {}): AtomicWriteStream {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempName(path);
  const stream = createWriteStream(tmp, { flags: 'wx', mode: options.mode ?? 0o644 });
  const closed = () => (stream.closed ? Promise.resolve() : once(stream, 'close').then(() => undefined));
  return {
    stream,
    async commit() {
      stream.end();
      await closed();
      // fsync flushes the file, not the descriptor, so a fresh one does it after the stream closed its own.
      const fd = openSync(tmp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
      syncFolder(dirname(path));
    },
    async abort() {
      stream.destroy();
      await closed();
      rmSync(tmp, { force: true });
    },
  };
}

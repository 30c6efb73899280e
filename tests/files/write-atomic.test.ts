import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDigestFiles } from '../../src/digest/write-digest-files.js';
import { createAtomicWriteStream, writeFileAtomic, writeFileAtomicSync } from '../../src/files/write-atomic.js';

describe('atomic file writes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kc-atomic-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the three digest files and leaves no temporary file', async () => {
    const paths = await writeDigestFiles(join(dir, 'w47'), { html: '<html></html>', md: '# x', pdf: Buffer.from('%PDF-1.4') });
    expect((await readdir(join(dir, 'w47'))).sort()).toEqual(['digest.html', 'digest.md', 'digest.pdf']);
    expect(await readFile(paths.md, 'utf8')).toBe('# x');
  });

  it('a writer killed mid-write leaves the previous file whole under its final name', async () => {
    const target = join(dir, 'digest.html');
    await writeFile(target, 'OLD COMPLETE DIGEST');
    // A child process writes 64 MB through writeFileAtomic and is killed with SIGKILL before it can finish.
    const script = `import { writeFileAtomic } from ${JSON.stringify(resolve('src/files/write-atomic.ts'))};
      process.stdout.write('go\\n');
      await writeFileAtomic(${JSON.stringify(target)}, 'x'.repeat(64 * 1024 * 1024));
      process.stdout.write('done\\n');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res) => child.stdout.once('data', () => res()));
    await new Promise((r) => setTimeout(r, 30));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const content = await readFile(target, 'utf8');
    expect(content === 'OLD COMPLETE DIGEST' || content.length === 64 * 1024 * 1024).toBe(true);
    await writeFileAtomic(target, 'NEW');
    expect(await readFile(target, 'utf8')).toBe('NEW');
  });

  it('the sync form and the stream form leave the old file until they finish, with the asked mode', async () => {
    const target = join(dir, 'export.jsonl');
    writeFileAtomicSync(target, 'OLD', { mode: 0o600 });
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    const w = createAtomicWriteStream(target, { mode: 0o600 });
    w.stream.write('NEW 1\n');
    expect(await readFile(target, 'utf8')).toBe('OLD');
    w.stream.write('NEW 2\n');
    await w.commit();
    expect(await readFile(target, 'utf8')).toBe('NEW 1\nNEW 2\n');
    const failed = createAtomicWriteStream(target);
    failed.stream.write('half');
    await failed.abort();
    expect(await readFile(target, 'utf8')).toBe('NEW 1\nNEW 2\n');
    expect((await readdir(dir)).filter((f) => f.startsWith('.export.jsonl.'))).toEqual([]);
  });
});

// `npm run bench [-- filter...]`: runs every bench/*.bench.ts in turn, each in its own process
// (so one bench's memory and JIT state never colour another's), passing their JSON lines through.
// Benches print figures and never pass or fail on time; a bench that crashes is reported.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (benches.length === 0) {
  process.stderr.write(`no bench matches ${filters.join(' ')} (have: ${readdirSync(here).filter((f) => f.endsWith('.bench.ts')).join(', ')})\n`);
  process.exit(1);
}

let failed = 0;
for (const file of benches) {
  process.stderr.write(`# ${file}\n`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (c, signal) => resolve(signal ? 128 : c));
  });
  if (code !== 0) {
    failed++;
    process.stderr.write(`# ${file} exited with code ${code}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;

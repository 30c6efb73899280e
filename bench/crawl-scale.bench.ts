// Crawl workers side by side (npm run bench -- crawl-scale): pages/s of 1 and 2 worker processes
// sharing one database through leases and host slots, over loopback forums on 127.0.0.2–127.0.0.51.
//  (a) no politeness delay, 50 hosts × 20 pages × 20 posts: CPU-bound (parse, normalise, dedupe,
//      classify with the shipped rules, store); on 2 cores the ideal for 2 workers is 2× one. Run
//      twice: as the scheduler places them, and with a core per worker (taskset; systemd's
//      CPUAffinity= in production). Free, one worker alone already spreads its GC, SQLite and
//      parse threads over both cores, so a second one adds little; pinned, each has its core.
//  (b) a 1 s delay over 20 hosts: the ideal is 20 pages/s whatever the number of workers; every gap
//      between two requests to one host is checked, and any request closer than the delay is counted.
// Workers are separate processes (`serve --role crawl` in production); the forums are served here.
// Runs on a SQLite file and on a private PostgreSQL cluster, one after the other (KC_BENCH_SCALE_DB=sqlite
// or =postgres for one of them).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Loader } from '../crawlers/fetch/loader.js';
import { parseAllowList } from '../crawlers/fetch/ssrf-guard.js';
import { sourceSchema, type SourceDef } from '../crawlers/source-schema.js';
import { loadClassifier } from '../src/classifier-runtime/load-classifier.js';
import { CrawlWorker } from '../src/jobs/crawl-worker.js';
import { sharedHostGate } from '../src/jobs/shared-host-gate.js';
import { Db } from '../src/storage/db.js';
import { openDatabase } from '../src/storage/open-store.js';
import { PgDb } from '../src/storage/pg/pg-db.js';
import { migratePg } from '../src/storage/pg/pg-migrate.js';
import { createStore, type Store } from '../src/storage/store.js';
import { serveTimedForum, smallestGap, type TimedForum } from '../tests/fixtures/sites/timed-forum.js';
import { startPgCluster } from '../tests/helpers/pg-cluster.js';

const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit })}\n`);
const log = (s: string) => process.stderr.write(`${s}\n`);
/** Both engines side by side unless KC_BENCH_SCALE_DB names one (sqlite or postgres). */
const ENGINES = (process.env.KC_BENCH_SCALE_DB ?? 'sqlite,postgres').split(',').filter((e) => e === 'sqlite' || e === 'postgres');
const CORES = availableParallelism();
/** Workers can be given a core each (Linux's taskset, from util-linux). */
const CAN_PIN = CORES > 1 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** CPU time the whole machine has spent busy, in seconds (Linux's /proc/stat), or null elsewhere. */
function machineBusySeconds(): number | null {
  if (!existsSync('/proc/stat')) return null;
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ
}

/** Cores busy between two times, from samples [time, busy seconds] taken while the crawl ran. */
function coresBusy(samples: Array<[number, number]>, from: number, to: number): number | null {
  if (samples.length < 2) return null;
  const at = (t: number) => samples.reduce((best, s) => (Math.abs(s[0] - t) < Math.abs(best[0] - t) ? s : best));
  const [a, b] = [at(from), at(to)];
  return b[0] > a[0] ? (b[1] - a[1]) / ((b[0] - a[0]) / 1000) : null;
}

interface WorkerArgs {
  target: string;
  owner: string;
  delayMs: number;
  sources: unknown[];
  allow: string[];
  dir: string;
}

async function openTarget(target: string): Promise<Store> {
  if (target.startsWith('postgres')) return createStore(await PgDb.connect(target));
  return createStore(await Db.open(target));
}

/** Child process: one crawl worker until its parent stops it. */
async function workerChild(a: WorkerArgs): Promise<void> {
  const store = await openTarget(a.target);
  const classifier = await loadClassifier({ rulesDir: 'rules', onWarning: () => undefined });
  const loader = new Loader({
    userAgent: 'KiemChungBench/1.0 (+https://example.invalid/bench)',
    allowHosts: parseAllowList(a.allow),
    delayMs: a.delayMs,
    timeoutMs: 10_000,
    retryBaseMs: 50,
    hostGate: sharedHostGate({ leases: store.leases, node: a.owner, leaseMs: 10_000 }),
  });
  const sources = a.sources.map((s) => sourceSchema.parse(s));
  const worker = new CrawlWorker({
    deps: { store, loader, classifier, secret: 'b'.repeat(64), spoolDir: join(a.dir, `spool-${a.owner}`), evidenceLabels: [], jitterMs: 0 },
    sources: () => sources,
    owner: a.owner,
    leaseMs: 15_000,
    pollMs: 100,
    // Sources crawled at once per worker (KC_CRAWL_CONCURRENCY in production): politeness waits are
    // idle time, so a worker needs about one slot per host it should keep busy.
    concurrency: Number(process.env.KC_BENCH_SCALE_CONCURRENCY ?? 50),
  });
  worker.start();
  process.on('SIGTERM', () => void worker.stop().then(() => loader.close()).then(() => store.close()).then(() => process.exit(0)));
}

function forumSources(hosts: TimedForum[], pages: number): SourceDef[] {
  return hosts.map((h, i) =>
    sourceSchema.parse({
      id: `bench-${i}`, name: `Forum ${i}`, type: 'html', url: `${h.origin}${h.forums[0]}`,
      schedule: '0 0 1 1 *', select: { item: '.post', text: '.body', title: '.title', link: '.title a' }, next: 'a.next', max_pages: pages,
    }),
  );
}

async function freshTarget(dir: string, name: string, pgUrl: string | null): Promise<string> {
  if (!pgUrl) {
    const path = join(dir, `${name}.db`);
    await (await openDatabase(path)).close();
    return path;
  }
  const admin = await PgDb.connect(pgUrl, { max: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = pgUrl.replace('@/postgres?', `@/${name}?`);
  const db = await PgDb.connect(url);
  await migratePg(db);
  await db.close();
  return url;
}

/** Runs `workers` worker processes until every page is stored; pages/s from first to last request. */
async function run(label: string, workers: number, hostCount: number, pages: number, posts: number, delayMs: number, dir: string, pgUrl: string | null, pin = false) {
  const ENGINE = pgUrl ? 'postgres' : 'sqlite';
  const hosts = await Promise.all(Array.from({ length: hostCount }, (_, i) => serveTimedForum({ address: `127.0.0.${i + 2}`, forums: 1, pages, postsPerPage: posts })));
  const target = await freshTarget(dir, `${label}_${workers}`, pgUrl);
  const args = (owner: string): WorkerArgs => ({ target, owner, delayMs, sources: forumSources(hosts, pages), allow: hosts.map((h) => h.hostPort), dir });
  const children: ChildProcess[] = [];
  const store = await openTarget(target);
  try {
    for (let w = 0; w < workers; w++) {
      const argv = [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), '--worker', JSON.stringify(args(`w${w}`))];
      // One core per worker, as systemd's CPUAffinity= would give each crawl worker in production.
      if (pin) argv.unshift('taskset', '-c', String(w % CORES));
      children.push(spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] }));
    }
    const want = hostCount * pages * posts;
    const deadline = Date.now() + 15 * 60_000;
    // The machine's busy CPU, sampled while the crawl runs: everything on it counts (workers, the
    // forums served here, PostgreSQL's server), so nothing else should run during a bench.
    const cpu: Array<[number, number]> = [];
    for (;;) {
      const busy = machineBusySeconds();
      if (busy !== null) cpu.push([Date.now(), busy]);
      const n = (await store.items.count());
      if (n >= want) break;
      if (Date.now() > deadline) throw new Error(`${label}: only ${n} of ${want} posts after 15 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const requests = hosts.flatMap((h) => h.log).filter((r) => r.path !== '/robots.txt');
    const first = Math.min(...requests.map((r) => r.start));
    const last = Math.max(...requests.map((r) => r.end));
    // n requests to a host span n − 1 intervals: the steady rate counts intervals, not requests.
    const pagesPerS = (requests.length - hostCount) / ((last - first) / 1000);
    const early = hosts.reduce((n, h) => n + h.log.filter((r, i) => i > 0 && r.start - h.log[i - 1].end < delayMs).length, 0);
    const overlap = Math.max(...hosts.map((h) => h.maxInFlight()));
    const name = `crawl_${label}_${ENGINE}_${workers}_worker${workers > 1 ? 's' : ''}`;
    emit(`${name}_pages_per_s`, pagesPerS, 'pages/s');
    // CPU-bound runs only: a polite crawl mostly waits.
    const cores = delayMs === 0 ? coresBusy(cpu, first, last) : null;
    if (cores !== null) {
      emit(`${name}_cores_busy`, cores, 'cores');
      emit(`${name}_pages_per_core_s`, pagesPerS / cores, 'pages/core-s');
    }
    if (delayMs > 0) {
      emit(`${name}_early_requests`, early, 'requests');
      emit(`${name}_smallest_gap`, Math.min(...hosts.map((h) => smallestGap(h.log))), 'ms');
    }
    emit(`${name}_max_in_flight_per_host`, overlap, 'requests');
    emit(`${name}_pages_fetched`, requests.length, 'pages');
    return { pagesPerS, cores };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await store.close();
    await Promise.all(hosts.map((h) => h.close()));
  }
}

if (process.argv[2] === '--worker') {
  await workerChild(JSON.parse(process.argv[3]) as WorkerArgs);
} else {
  for (const engine of ENGINES) await benchEngine(engine);
}

/** (a) and (b) on one engine: a SQLite file, or a private PostgreSQL cluster. */
async function benchEngine(engine: string): Promise<void> {
  log(`# ${engine}`);
  const dir = mkdtempSync(join(tmpdir(), 'kc-bench-crawl-scale-'));
  const cluster = engine === 'postgres' ? startPgCluster() : null;
  const url = cluster?.url ?? null;
  try {
    const pages = Number(process.env.KC_BENCH_SCALE_PAGES ?? 20);
    log('# (a) no delay, 50 hosts: CPU-bound');
    const one = await run('cpu', 1, 50, pages, 20, 0, dir, url);
    const two = await run('cpu', 2, 50, pages, 20, 0, dir, url);
    emit(`crawl_cpu_${engine}_2_workers_speedup`, two.pagesPerS / one.pagesPerS, '×');
    // One worker alone already keeps more than one core busy (its GC, SQLite and parse threads, the
    // forums, PostgreSQL): a second one can add at most what is left, whatever its efficiency.
    if (one.cores) emit(`crawl_cpu_${engine}_2_workers_speedup_ceiling`, CORES / one.cores, '×');
    if (CAN_PIN) {
      log('# (a) again with a core per worker (taskset): one worker alone spreads its GC, SQLite and parse threads over every core');
      const onePinned = await run('cpu_pinned', 1, 50, pages, 20, 0, dir, url, true);
      const twoPinned = await run('cpu_pinned', 2, 50, pages, 20, 0, dir, url, true);
      emit(`crawl_cpu_pinned_${engine}_2_workers_speedup`, twoPinned.pagesPerS / onePinned.pagesPerS, '×');
      if (onePinned.cores) emit(`crawl_cpu_pinned_${engine}_2_workers_speedup_ceiling`, CORES / onePinned.cores, '×');
    }
    log('# (b) 1 s politeness delay over 20 hosts: ideal 20 pages/s');
    for (const w of [1, 2]) await run('polite', w, 20, Number(process.env.KC_BENCH_SCALE_POLITE_PAGES ?? 10), 20, 1000, dir, url);
  } finally {
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

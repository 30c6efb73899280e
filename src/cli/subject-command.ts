import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { deadlineMark, lastLocalDay, localDate } from '../privacy/request-deadlines.js';
import { subjectHash } from '../privacy/subject-hash.js';
import type { SubjectMatches } from '../privacy/subject-match.js';
import type { Store } from '../storage/store.js';
import { CliError, cliConfig, printJson, secretFor, withDbOption, withStore, type DbOptions } from './common.js';

interface SubjectOptions extends DbOptions {
  handle?: string;
  url?: string;
  request?: number;
  out?: string;
  json?: boolean;
  yes?: boolean;
}

type Action = 'find' | 'export' | 'delete';
/** Exit status 2: the input was wrong (no subject, both kinds, unknown or closed request). */
const BAD_INPUT = 2;

function parseId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new InvalidArgumentError('must be a request number');
  return Number(value);
}

/**
 * The request to work on: the one named by --request (whose subject must match --handle/--url
 * when those are given too), or a new one recorded now for --handle/--url.
 */
async function requestFor(store: Store, action: Action, o: SubjectOptions, secret: string, meta: { now: Date }): Promise<number> {
  const { SubjectRequestError, createRequest } = await import('../review/subject-service.js');
  if (o.handle !== undefined && o.url !== undefined) throw new CliError('give either --handle or --url, not both', BAD_INPUT);
  const given = o.handle !== undefined ? { type: 'handle' as const, value: o.handle } : o.url !== undefined ? { type: 'url' as const, value: o.url } : null;
  if (o.request !== undefined) {
    const r = await store.subjectRequests.get(o.request);
    if (!r) throw new CliError(`no request #${o.request}`, BAD_INPUT);
    if (given && (given.type !== r.subjectType || subjectHash(given.type, given.value, secret) !== r.subjectHash)) {
      throw new CliError(`request #${o.request} is about another ${r.subjectType}`, BAD_INPUT);
    }
    return r.id;
  }
  if (!given) throw new CliError('name the subject with --handle H or --url U (or an existing request with --request ID)', BAD_INPUT);
  try {
    return await createRequest(
      store,
      { kind: action === 'delete' ? 'deletion' : 'access', type: given.type, value: given.value, note: `recorded by the command line (${action})` },
      { secret, timeZone: cliConfig().digest.timeZone, holidays: cliConfig().holidays, actor: actor(), meta },
    );
  } catch (err) {
    if (err instanceof SubjectRequestError) throw new CliError(err.message, BAD_INPUT);
    throw err;
  }
}

const actor = () => ({ id: null, username: `cli:${userInfo().username}` });

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}

function describeMatches(store: Store, m: SubjectMatches): Promise<string[]> {
  return store.subjectData.items([...m.itemIds, ...m.unconfirmedIds]).then((items) =>
    items.map((i) => `  item #${i.id}  collected ${i.collectedAt.slice(0, 10)}  ${i.url ?? '(no URL)'}${m.unconfirmedIds.includes(i.id) ? '  (pseudonym only: raw handle no longer stored)' : ''}`),
  );
}

async function run(action: Action, o: SubjectOptions): Promise<void> {
  const svc = await import('../review/subject-service.js');
  const config = cliConfig();
  await withStore(
    o,
    async (store, dbPath) => {
      const secret = secretFor(dbPath);
      const meta = { now: new Date() };
      const id = await requestFor(store, action, o, secret, meta);
      try {
        if (action === 'find') {
          const m = await svc.findForRequest(store, id, secret, actor(), meta);
          if (o.json) return printJson({ request: id, items: m.itemIds, unconfirmed: m.unconfirmedIds, sightings: m.sightingIds.length });
          const lines = await describeMatches(store, m);
          process.stdout.write(
            `request #${id}: ${m.itemIds.length} item(s), ${m.unconfirmedIds.length} unconfirmed item(s), ${m.sightingIds.length} later cop(ies) found\n` +
              (lines.length ? `${lines.join('\n')}\n` : ''),
          );
        } else if (action === 'export') {
          const out = await svc.exportForRequest(store, id, secret, actor(), meta);
          const json = `${JSON.stringify(out, null, 2)}\n`;
          // 0600: the file holds the person's data until it is handed over.
          if (o.out) writeFileSync(o.out, json, { mode: 0o600 });
          else process.stdout.write(json);
          const summary = { request: id, items: out.counts.items, sightings: out.counts.sightings, out: o.out ?? 'stdout' };
          if (o.json && o.out) printJson(summary);
          else if (!o.json) process.stderr.write(`request #${id}: exported ${summary.items} item(s) and ${summary.sightings} later cop(ies) to ${summary.out}\n`);
        } else {
          const m = await svc.findForRequest(store, id, secret, actor(), meta);
          const n = m.itemIds.length + m.unconfirmedIds.length;
          if (!o.yes && !(await confirm(`erase ${n} item(s) and ${m.sightingIds.length} later cop(ies) for request #${id}, and suppress them from future crawls? type "yes": `))) {
            throw new CliError(`not deleted (request #${id} stays open): confirm with --yes${process.stdin.isTTY ? '' : ' (no terminal to ask)'}`, BAD_INPUT);
          }
          const r = await svc.eraseForRequest(store, id, { secret, dataDir: config.dataDir, actor: actor(), meta });
          if (o.json) return printJson(r);
          process.stdout.write(
            `request #${id} completed: erased ${r.items} item(s) (${r.erase.deleted} deleted, ${r.erase.scrubbed} kept as shells for the organisation's decisions), ` +
              `${r.sightings} later cop(ies), ${r.erase.evidenceFiles} evidence file(s); ${r.suppressed} suppression entr(ies) added\n`,
          );
        }
      } catch (err) {
        if (err instanceof svc.SubjectRequestError) throw new CliError(err.message, BAD_INPUT);
        throw err;
      }
    },
    true,
  );
}

export function register(program: Command): void {
  const subject = program
    .command('subject')
    .description('data-subject requests: find, export or delete everything stored about a handle or a URL');
  const actions: Array<[Action, string]> = [
    ['find', 'list what is stored about the handle or URL (items and later copies)'],
    ['export', 'write the JSON export for the person (to --out, else stdout)'],
    ['delete', 'erase it all, add the handle/URL to the suppression list and close the request'],
  ];
  for (const [name, description] of actions) {
    const cmd = withDbOption(
      subject
        .command(name)
        .description(description)
        .option('--handle <handle>', 'the person’s handle (with or without @; case does not matter)')
        .option('--url <url>', 'the URL of a post')
        .option('--request <id>', 'an existing request (default: a new request is recorded)', parseId)
        .option('--json', 'print one JSON object'),
    );
    if (name === 'export') cmd.option('--out <file>', 'write the export to this file (mode 0600)');
    if (name === 'delete') cmd.option('--yes', 'do not ask for confirmation');
    cmd.addHelpText('after', '\nEvery action is recorded in the audit log with the request number and counts only (never the handle or URL).\nExit status: 0 done, 2 bad input (no or two subjects, unknown or closed request, not confirmed), 1 other errors.');
    cmd.action((opts: SubjectOptions) => run(name, opts));
  }
  withDbOption(subject.command('list').description('list requests with their deadlines (masked subjects)').option('--json', 'print JSON')).action((opts: SubjectOptions) =>
    withStore(opts, async (store) => {
      const now = new Date();
      const rows = (await store.subjectRequests.list()).map((r) => ({
        id: r.id, kind: r.kind, subject: r.subjectHint, status: r.status, receivedAt: r.receivedAt, ackDueAt: r.ackDueAt, dueAt: r.dueAt,
        ack: deadlineMark(r.ackDueAt, r.acknowledgedAt ?? r.closedAt, now, 1), due: deadlineMark(r.dueAt, r.closedAt, now),
      }));
      if (opts.json) return printJson(rows);
      // Dates in KC_TZ, as the UI shows them: a deadline is shown as its last local day.
      const tz = cliConfig().digest.timeZone;
      const day = (iso: string) => localDate(new Date(iso), tz);
      for (const r of rows) process.stdout.write(`#${r.id}  ${r.kind}  ${r.subject}  ${r.status}  received ${day(r.receivedAt)}  ack by ${lastLocalDay(r.ackDueAt, tz)} (${r.ack})  due ${lastLocalDay(r.dueAt, tz)} (${r.due})\n`);
      if (rows.length === 0) process.stdout.write('no requests\n');
    }, true),
  );
}

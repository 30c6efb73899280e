import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseIsoWeek, previousWeek } from '../digest/iso-week.js';
import type { DigestLang } from '../digest/locales.js';
import { runDigest } from '../jobs/digest-job.js';
import { CliError, cliConfig, printJson, withDbOption, withStore, type DbOptions } from './common.js';

interface DigestOptions extends DbOptions {
  week?: string;
  unit?: string;
  out?: string;
  lang: DigestLang;
  mail?: boolean;
  json?: boolean;
}

function parseLang(value: string): DigestLang {
  if (value !== 'vi' && value !== 'en') throw new InvalidArgumentError('must be vi or en');
  return value;
}

export function register(program: Command): void {
  withDbOption(
    program
      .command('digest')
      .description('weekly situation digest: writes digest.html, digest.pdf and digest.md, stores it for /digests')
      .option('--week <YYYY-Www>', 'ISO week, e.g. 2026-W47 (default: the last complete week in $KC_TZ)')
      .option('--unit <unit>', 'only this member union (default: all units)')
      .option('--out <dir>', 'output folder (default: <KC_DATA_DIR>/digests/<week>)')
      .option('--lang <vi|en>', 'language', parseLang, cliConfig().digest.lang)
      .option('--mail', 'also e-mail it to $KC_DIGEST_TO (or write to the outbox when $KC_SMTP_URL is unset)')
      .option('--json', 'print one JSON object with the result'),
  ).action(async (opts: DigestOptions) => {
    const config = cliConfig();
    const tz = config.digest.timeZone;
    let week;
    try {
      week = opts.week ? parseIsoWeek(opts.week, tz) : previousWeek(new Date(), tz);
    } catch (err) {
      throw new CliError(`--week: ${(err as Error).message}`, 2);
    }
    const unitPart = opts.unit ? `-${opts.unit.replace(/[^\p{L}\p{N}_-]+/gu, '_')}` : '';
    const outDir = resolve(opts.out ?? `${config.digest.dir}/${week.label}${unitPart}`);
    const log = (m: string) => (opts.json ? undefined : process.stderr.write(`${m}\n`));
    const result = await withStore(opts, (store) =>
      runDigest(store, {
        week,
        unit: opts.unit ?? null,
        lang: opts.lang,
        outDir,
        chromiumPath: config.chromiumPath,
        rulesDir: config.rulesDir,
        mail: opts.mail
          ? { smtpUrl: config.digest.smtpUrl, from: config.digest.from, to: config.digest.to, outboxDir: config.digest.outboxDir }
          : undefined,
        onProgress: log,
      }),
    );
    if (opts.json) return printJson({ week: week.label, unit: opts.unit ?? null, id: result.id, files: result.files, mail: result.mail ?? null });
    process.stdout.write(`${result.files.html}\n${result.files.pdf}\n${result.files.md}\n`);
  });
}

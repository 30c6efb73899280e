import cron from 'node-cron';
import { checkAlerts, type CheckResult } from '../alerts/check-alerts.js';
import { deliverAlerts, type AlertChannels } from '../alerts/deliver-alerts.js';
import type { SpikePolicy } from '../alerts/spike-test.js';
import type { Config } from '../config.js';
import type { Store } from '../storage/store.js';
import { nodeName } from './node-name.js';

export interface AlertJobOptions {
  /** node-cron expression; default every 10 minutes. */
  cron?: string;
  timeZone: string;
  channels: Omit<AlertChannels, 'timeZone'>;
  policy?: SpikePolicy;
  clock?: () => Date;
  onResult?: (r: AlertRunResult) => void;
  onError?: (err: unknown) => void;
  /** This node's name in the schedule slots (default: host, pid and a random part). */
  node?: string;
}

export interface AlertRunResult extends CheckResult {
  mailed: number;
  telegram: number;
  failed: number;
}

/** One run: check what is due, then deliver what is not delivered yet (including earlier failures). */
export async function runAlerts(store: Store, o: Omit<AlertJobOptions, 'cron' | 'onResult' | 'onError'>): Promise<AlertRunResult> {
  const clock = o.clock ?? (() => new Date());
  const check = await checkAlerts(store, { now: clock(), timeZone: o.timeZone, policy: o.policy });
  const sent = await deliverAlerts(store, { ...o.channels, timeZone: o.timeZone }, clock);
  return { ...check, ...sent };
}

/** Runs the alert check on a schedule (never two at once). Returns a stop function. */
export function scheduleAlerts(store: Store, o: AlertJobOptions): { stop: () => Promise<void> } {
  const expr = o.cron ?? '*/10 * * * *';
  if (!cron.validate(expr)) throw new Error(`invalid alert schedule KC_ALERT_CRON "${expr}"`);
  const node = o.node ?? nodeName('alerts');
  const task = cron.schedule(
    expr,
    async (ctx) => {
      // Several nodes run the schedule; each firing (its local time) is checked by one of them.
      if (!(await store.leases.fireOnce('alerts', ctx.dateLocalIso.slice(0, 19), node))) return;
      try {
        o.onResult?.(await runAlerts(store, o));
      } catch (err) {
        (o.onError ?? ((e) => process.stderr.write(`alert check failed: ${e instanceof Error ? e.message : String(e)}\n`)))(err);
      }
    },
    { timezone: o.timeZone, noOverlap: true, name: 'alert-check' },
  );
  return { stop: async () => void (await task.destroy()) };
}

/** The channels turned on by configuration: e-mail needs KC_SMTP_URL and KC_ALERT_EMAILS, Telegram a bot token and a chat. */
export function alertChannels(config: Config): Omit<AlertChannels, 'timeZone'> {
  const smtpUrl = config.digest.smtpUrl;
  return {
    publicUrl: config.alerts.publicUrl,
    mail: smtpUrl && config.alerts.emails.length > 0 ? { smtpUrl, from: config.alerts.from, to: config.alerts.emails } : undefined,
    telegram: config.alerts.telegram,
  };
}

/** What `serve` and `npm start` run: the schedule from KC_ALERT_CRON with the configured channels. */
export function scheduleConfiguredAlerts(store: Store, config: Config, log: (m: string) => void): { stop: () => Promise<void> } {
  return scheduleAlerts(store, {
    cron: config.alerts.cron, timeZone: config.digest.timeZone, channels: alertChannels(config),
    onResult: (r) => {
      if (r.created.length || r.failed) log(`alerts: ${r.created.length} new, ${r.mailed} mailed, ${r.telegram} sent to Telegram${r.failed ? `, ${r.failed} delivery failure(s)` : ''}`);
    },
  });
}

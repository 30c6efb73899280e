import { createTask, type ScheduledTask } from 'node-cron';

/**
 * When a source is next due. node-cron tells whether a moment matches an expression; we walk
 * forward from `after` (by minute, or by second for 6-field expressions). The walk is bounded:
 * an expression that matches nothing within the horizon is treated as daily.
 */
const matchers = new Map<string, ScheduledTask>();

function matcher(expr: string, timezone?: string): ScheduledTask {
  const key = `${expr}|${timezone ?? ''}`;
  let task = matchers.get(key);
  if (!task) {
    // Created, never started: used only for match().
    task = createTask(expr, () => undefined, timezone ? { timezone } : {});
    matchers.set(key, task);
  }
  return task;
}

export function nextCronTime(expr: string, after: Date, timezone?: string): Date {
  const task = matcher(expr, timezone);
  const withSeconds = expr.trim().split(/\s+/).length === 6;
  const step = withSeconds ? 1000 : 60_000;
  const horizon = withSeconds ? 2 * 86_400 : 400 * 1440;
  let t = Math.floor(after.getTime() / step) * step + step;
  for (let i = 0; i < horizon; i++, t += step) {
    if (task.match(new Date(t))) return new Date(t);
  }
  return new Date(after.getTime() + 86_400_000);
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

/** Exponential backoff after `failures` consecutive failures (5 min, 10, 20, … up to a day). */
export function backoffMs(failures: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 5 * 60_000;
  const max = opts.maxMs ?? 24 * 3600_000;
  return Math.min(max, base * 2 ** Math.max(0, failures - 1));
}

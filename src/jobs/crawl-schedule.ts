import { createTask, type ScheduledTask } from 'node-cron';

/**
 * When a source is next due, strictly after `after`. node-cron v4 computes this with its internal
 * TimeMatcher.getNextMatch (fast, time-zone aware) but exposes only match(date) publicly; if the
 * internal ever goes away we fall back to walking with match(), bounded to 31 days.
 */
type Matcher = ScheduledTask & { timeMatcher?: { getNextMatch?: (d: Date) => Date } };
const matchers = new Map<string, Matcher>();

function matcher(expr: string, timezone?: string): Matcher {
  const key = `${expr}|${timezone ?? ''}`;
  let task = matchers.get(key);
  if (!task) {
    // Created, never started: no timer runs.
    task = createTask(expr, () => undefined, timezone ? { timezone } : {}) as Matcher;
    matchers.set(key, task);
  }
  return task;
}

export function nextCronTime(expr: string, after: Date, timezone?: string): Date {
  const task = matcher(expr, timezone);
  const fast = task.timeMatcher?.getNextMatch;
  if (typeof fast === 'function') {
    const next = fast.call(task.timeMatcher, after);
    if (next.getTime() > after.getTime()) return next;
  }
  const withSeconds = expr.trim().split(/\s+/).length === 6;
  const step = withSeconds ? 1000 : 60_000;
  let t = Math.floor(after.getTime() / step) * step + step;
  for (let i = 0; i < (withSeconds ? 86_400 : 31 * 1440); i++, t += step) {
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

import type { HourlyCounts, NewAlert } from '../storage/alerts.js';
import type { Store } from '../storage/store.js';
import type { AlertSubject } from '../storage/alerts.js';
import { DEFAULT_SPIKE_POLICY, hourIndex, seriesStart, spikeWindows, type SpikePolicy, type SpikeWindow } from './spike-test.js';

export interface CheckOptions {
  now: Date;
  timeZone: string;
  policy?: SpikePolicy;
  /** Items listed on an alert (the queue link shows them all). */
  maxItems?: number;
}

export interface CheckResult {
  /** Ids of the alerts this check created (an existing alert for the same window is never repeated). */
  created: number[];
  subjects: number;
}

const HOUR = 3_600_000;

function series(counts: HourlyCounts, length: number): number[] {
  const out = new Array<number>(length).fill(0);
  for (const [b, n] of counts) if (b >= 0 && b < length) out[b] = n;
  return out;
}

/**
 * One pass of the alert check: the spike test for every watchlist and every known claim the
 * classifier matched lately, and new copies of claims judged false or misleading (hour windows).
 * What is due is decided from the database alone, so a missed run is caught up by the next one
 * (the last hour and yesterday are checked again) and two processes never alert twice.
 */
export async function checkAlerts(store: Store, o: CheckOptions): Promise<CheckResult> {
  const policy = o.policy ?? DEFAULT_SPIKE_POLICY;
  const maxItems = o.maxItems ?? 200;
  const start = seriesStart(o.now, o.timeZone, policy);
  const from = start.toISOString();
  const to = new Date(o.now.getTime() + 1).toISOString();
  const length = Math.ceil((o.now.getTime() + 1 - start.getTime()) / HOUR);
  const historyIso = await store.alerts.historyStart();
  const history = historyIso ? new Date(historyIso) : null;
  const created: number[] = [];
  const now = o.now.toISOString();
  const add = async (a: NewAlert) => {
    const id = await store.write(() => store.alerts.insert(a));
    if (id !== null) created.push(id);
  };
  let subjects = 0;
  // Hours of yesterday and today that already had an hour alert for this subject, plus those firing now.
  const dayStart = new Date(start.getTime() + policy.baselineDays * 24 * HOUR).toISOString();
  const alerted = async (type: AlertSubject, id: string) => {
    const fired = (await store.alerts.firedWindows(type, id, 'spike_hour', dayStart, to)).map((w) => hourIndex(start, new Date(w)));
    return (now: SpikeWindow[]) => new Set([...fired, ...now.filter((w) => w.fire).map((w) => hourIndex(start, w.start))]);
  };

  for (const w of await store.watchlists.list()) {
    subjects++;
    const hourly = series(await store.alerts.watchlistHourly(w, from, to), length);
    for (const win of spikeWindows(hourly, start, o.now, policy, history, await alerted('watchlist', String(w.id))).filter((x) => x.fire)) {
      const items = await store.alerts.watchlistItems(w, win.start.toISOString(), win.end.toISOString(), maxItems);
      await add({
        kind: win.kind, subjectType: 'watchlist', subjectId: String(w.id), subjectName: w.name, unit: w.unit,
        windowStart: win.start.toISOString(), windowEnd: win.end.toISOString(), count: win.count, baseline: win.baseline, pValue: win.p, itemIds: items, createdAt: now,
      });
    }
  }

  for (const [claimId, k] of await store.alerts.knownClaimHourly(from, to)) {
    subjects++;
    const hourly = series(k.hourly, length);
    for (const win of spikeWindows(hourly, start, o.now, policy, history, await alerted('known_claim', claimId)).filter((x) => x.fire)) {
      const items = await store.alerts.knownClaimItems(claimId, win.start.toISOString(), win.end.toISOString(), maxItems);
      await add({
        kind: win.kind, subjectType: 'known_claim', subjectId: claimId, subjectName: k.statement, unit: null,
        windowStart: win.start.toISOString(), windowEnd: win.end.toISOString(), count: win.count, baseline: win.baseline, pValue: win.p, itemIds: items, createdAt: now,
      });
    }
  }

  // A decided claim reappearing: any new copy is news, no baseline. Hour windows, the last two.
  const hourStart = start.getTime() + Math.floor((o.now.getTime() - start.getTime()) / HOUR) * HOUR;
  const back = new Date(hourStart - HOUR).toISOString();
  const groups = new Map<string, { claimId: number; statement: string; unit: string | null; start: number; items: Set<number>; count: number }>();
  for (const r of await store.alerts.reappearances(back, to)) {
    const ws = hourStart - (Date.parse(r.t) < hourStart ? HOUR : 0);
    const key = `${r.claimId}:${ws}`;
    const g = groups.get(key) ?? { claimId: r.claimId, statement: r.statement, unit: r.unit, start: ws, items: new Set<number>(), count: 0 };
    g.items.add(r.itemId);
    g.count++;
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    await add({
      kind: 'claim_reappears', subjectType: 'claim', subjectId: String(g.claimId), subjectName: g.statement, unit: g.unit,
      windowStart: new Date(g.start).toISOString(), windowEnd: new Date(g.start + HOUR).toISOString(), count: g.count, baseline: null, pValue: null,
      itemIds: [...g.items].slice(0, maxItems), createdAt: now,
    });
  }
  return { created, subjects };
}

import robotsParserModule from 'robots-parser';
import { BlockedError, CrawlError, HttpError } from './errors.js';
import { systemClock, type Clock } from './host-limiter.js';

/**
 * robots.txt per RFC 9309, cached per origin:
 * - 2xx: parsed (the first 500 KiB at least; the fetcher truncates beyond);
 * - 4xx "unavailable" (except 429): everything allowed;
 * - 5xx, 429, network error or timeout "unreachable": the whole host is disallowed — a failing
 *   robots.txt is never read as permission. Cached for a shorter time so the host is retried.
 */
// robots-parser is CommonJS (module.exports = fn) but its typings declare an ES default export.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

export interface RobotsResponse {
  status: number;
  body: Buffer;
}
/** Fetches a robots.txt (following up to 5 redirects); throws CrawlError on failure. */
export type RobotsFetcher = (robotsUrl: URL) => Promise<RobotsResponse>;

export interface RobotsDecision {
  allowed: boolean;
  reason?: string;
  /** Disallowed only because robots.txt could not be fetched (5xx, network): may change soon. */
  transient?: boolean;
  crawlDelayMs?: number;
}

type Rules =
  | { kind: 'parsed'; robot: ReturnType<typeof robotsParser> }
  | { kind: 'allow-all'; why: string }
  | { kind: 'disallow-all'; why: string }
  /** The host itself may not be fetched (SSRF guard): the page gets the same final refusal. */
  | { kind: 'refused'; error: BlockedError };

interface Entry {
  expiresAt: number;
  rules: Promise<Rules>;
}

export const ROBOTS_MAX_BYTES = 512 * 1024;

export class RobotsPolicy {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly fetchRobots: RobotsFetcher,
    /** Product token matched against User-agent lines, e.g. "KiemChung". */
    private readonly agentToken: string,
    private readonly options: { ttlMs?: number; errorTtlMs?: number; clock?: Clock } = {},
  ) {}

  private get clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  private async load(robotsUrl: URL): Promise<Rules> {
    let res: RobotsResponse;
    try {
      res = await this.fetchRobots(robotsUrl);
    } catch (err) {
      if (err instanceof BlockedError && err.reason === 'redirect') return { kind: 'allow-all', why: 'robots.txt redirects too often' };
      // Not "robots.txt unreachable, try later": the address is forbidden and stays so.
      if (err instanceof BlockedError && err.reason === 'ssrf') return { kind: 'refused', error: err };
      if (err instanceof HttpError) return this.byStatus(err.status, robotsUrl);
      const msg = err instanceof CrawlError ? err.message : String(err);
      return { kind: 'disallow-all', why: `robots.txt unreachable (${msg})` };
    }
    if (res.status >= 200 && res.status < 300) {
      const text = new TextDecoder('utf-8').decode(res.body);
      return { kind: 'parsed', robot: robotsParser(robotsUrl.href, text) };
    }
    return this.byStatus(res.status, robotsUrl);
  }

  private byStatus(status: number, robotsUrl: URL): Rules {
    if (status >= 400 && status < 500 && status !== 429) return { kind: 'allow-all', why: `robots.txt ${status}` };
    return { kind: 'disallow-all', why: `robots.txt at ${robotsUrl.href} answered ${status}` };
  }

  private rulesFor(url: URL): Promise<Rules> {
    const origin = url.origin;
    const now = this.clock.now();
    const hit = this.cache.get(origin);
    if (hit && hit.expiresAt > now) return hit.rules;
    const rules = this.load(new URL('/robots.txt', origin));
    const entry: Entry = { expiresAt: now + (this.options.ttlMs ?? 24 * 3600_000), rules };
    this.cache.set(origin, entry);
    void rules.then((r) => {
      if (r.kind === 'disallow-all' || r.kind === 'refused') entry.expiresAt = Math.min(entry.expiresAt, this.clock.now() + (this.options.errorTtlMs ?? 30 * 60_000));
    });
    return rules;
  }

  async check(url: URL): Promise<RobotsDecision> {
    const rules = await this.rulesFor(url);
    if (rules.kind === 'refused') throw rules.error;
    if (rules.kind === 'allow-all') return { allowed: true };
    if (rules.kind === 'disallow-all') return { allowed: false, reason: rules.why, transient: true };
    const allowed = rules.robot.isAllowed(url.href, this.agentToken) !== false;
    const delay = rules.robot.getCrawlDelay(this.agentToken);
    return {
      allowed,
      reason: allowed ? undefined : `disallowed by ${url.origin}/robots.txt (line ${rules.robot.getMatchingLineNumber(url.href, this.agentToken)})`,
      crawlDelayMs: delay ? delay * 1000 : undefined,
    };
  }

  forget(): void {
    this.cache.clear();
  }
}

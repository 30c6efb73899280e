// PostgreSQL's own numbered migrations (its DDL differs from SQLite's); position N is version N.
// Append only; never edit a shipped migration.
import type { Migration } from '../../migrations/index.js';
import { audit } from './001-audit.js';
import { core } from './002-core.js';
import { leases } from './003-leases.js';
import { rateLimits } from './004-rate-limits.js';
import { crawlResume } from './005-crawl-resume.js';
import { evidenceLeases } from './006-evidence-leases.js';

export const pgMigrations: Migration[] = [audit, core, leases, rateLimits, crawlResume, evidenceLeases];

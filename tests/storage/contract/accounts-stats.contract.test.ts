import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../src/jobs/ingest.js';
import { createStore } from '../../../src/storage/store.js';
import { SECRET } from '../../helpers/foundation.js';
import { adapters } from './adapters.js';
import { flagger } from './flagger.js';

// Accounts, units, API tokens, the store's counts and rule-override versions on both engines; two nodes saving the
// same rule at once get distinct, consecutive versions.
const NOW = '2026-11-20T01:00:00.000Z';
const LATER = '2026-11-21T01:00:00.000Z';

describe.each(adapters())('users, stats and rule overrides on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  it('stores accounts: lookup by name whatever its case, assignable reviewers of a unit, updates', async () => {
    const { db } = await adapter.fresh();
    const store = createStore(db);
    const create = (username: string, role: 'viewer' | 'reviewer' | 'admin', unit: string | null) =>
      db.write(() => store.users.create({ username, role, unit, passwordHash: `hash-${username}`, now: NOW }));
    expect(await store.users.count()).toBe(0);
    const admin = await create('Admin', 'admin', null);
    const hanoi = await create('lan', 'reviewer', 'hanoi');
    const hcm = await create('minh', 'reviewer', 'hcm');
    const central = await create('hoa', 'reviewer', null);
    const viewer = await create('khach', 'viewer', 'hanoi');
    await expect(create('ADMIN', 'viewer', null)).rejects.toThrow(); // names are unique whatever their case
    expect(await store.users.count()).toBe(5);
    expect(await store.users.byUsername('admin')).toEqual({ id: admin, username: 'Admin', role: 'admin', unit: null, disabled: false, createdAt: NOW, updatedAt: NOW });
    expect(await store.users.byUsername('nobody')).toBeUndefined();
    // The hash only comes through credentials(), apart from the user.
    expect(await store.users.credentials('ADMIN')).toEqual({ user: await store.users.byId(admin), passwordHash: 'hash-Admin' });
    expect(await store.users.credentials('nobody')).toBeUndefined();
    const pub = await store.users.byId(hanoi);
    expect(pub).toEqual({ id: hanoi, username: 'lan', role: 'reviewer', unit: 'hanoi', disabled: false, createdAt: NOW, updatedAt: NOW });
    for (const u of [...(await store.users.list()), ...(await store.users.assignable(null))]) expect(Object.keys(u)).not.toContain('passwordHash');
    expect((await store.users.list()).map((u) => u.id)).toEqual([admin, central, viewer, hanoi, hcm]);
    expect((await store.users.assignable('hanoi')).map((u) => u.id)).toEqual([admin, hanoi]);
    expect((await store.users.assignable(null)).map((u) => u.id)).toEqual([admin, central]);

    expect(await db.write(() => store.users.setDisabled(hanoi, true, LATER))).toBe(true);
    expect(await db.write(() => store.users.setDisabled(9999, true, LATER))).toBe(false);
    expect((await store.users.assignable('hanoi')).map((u) => u.id)).toEqual([admin]);
    expect(await store.users.byId(hanoi)).toMatchObject({ disabled: true, updatedAt: LATER });
    // A unit given (even null) replaces it; one left out keeps it.
    expect(await db.write(() => store.users.update(hcm, { role: 'admin' }, LATER))).toBe(true);
    expect(await store.users.byId(hcm)).toMatchObject({ role: 'admin', unit: 'hcm' });
    await db.write(() => store.users.update(hcm, { unit: null, passwordHash: 'new-hash' }, LATER));
    expect(await store.users.credentials('minh')).toMatchObject({ user: { role: 'admin', unit: null }, passwordHash: 'new-hash' });
    await db.write(() => store.users.update(central, { unit: 'danang' }, LATER));
    expect(await store.users.byId(central)).toMatchObject({ role: 'reviewer', unit: 'danang' });
    await store.close();
  });

  it('units and API tokens come back as domain objects (camelCase, parents joined, flags as booleans)', async () => {
    const { db } = await adapter.fresh();
    const store = createStore(db);
    const unit = (code: string, name: string, parentId: number | null) =>
      db.write(() => store.units.create({ code, name, nameKey: name.toLowerCase(), parentId, now: NOW }));
    const hq = await unit('hq', 'Tổng Liên đoàn', null);
    const hanoi = await unit('hanoi', 'LĐLĐ Hà Nội', hq);
    const district = await unit('bd', 'CĐ Ba Đình', hanoi);
    expect(await store.units.byCode('hanoi')).toEqual({ id: hanoi, code: 'hanoi', name: 'LĐLĐ Hà Nội', parentId: hq, parentCode: 'hq', parentName: 'Tổng Liên đoàn' });
    expect(await store.units.byId(hq)).toEqual({ id: hq, code: 'hq', name: 'Tổng Liên đoàn', parentId: null, parentCode: null, parentName: null });
    expect((await store.units.list()).map((u) => u.id)).toEqual([district, hanoi, hq]);
    expect(await store.units.idByNameKey('lđlđ hà nội')).toBe(hanoi);
    expect([...(await store.units.descendantCodes('hanoi'))].sort()).toEqual(['bd', 'hanoi']);
    expect(await store.units.hasItems('hanoi')).toBe(false);
    await ingest(store, [{ text: 'Công ty nợ lương hai tháng rồi, anh em rất bức xúc.', source: 'forum-a' }], { classifier: flagger, secret: SECRET, now: new Date(NOW) });
    await db.write(() => db.run(`UPDATE items SET unit = 'hanoi'`));
    expect(await store.units.hasItems('hanoi')).toBe(true);

    const admin = await db.write(() => store.users.create({ username: 'admin', role: 'admin', unit: null, passwordHash: 'x', now: NOW }));
    const id = await db.write(() => store.apiTokens.create({ name: 'báo cáo', tokenHash: 'h1', prefix: 'kc_abc', unit: 'hanoi', createdBy: admin, now: NOW, expiresAt: LATER }));
    const token = { id, name: 'báo cáo', prefix: 'kc_abc', unit: 'hanoi', createdBy: admin, createdByName: 'admin', createdAt: NOW, expiresAt: LATER, revokedAt: null, lastUsedAt: null };
    expect(await store.apiTokens.byHash('h1')).toEqual(token);
    expect(await store.apiTokens.byHash('h2')).toBeUndefined();
    await db.write(() => store.apiTokens.touch(id, LATER));
    expect(await db.write(() => store.apiTokens.revoke(id, admin, LATER))).toBe(true);
    expect(await db.write(() => store.apiTokens.revoke(id, admin, LATER))).toBe(false);
    expect(await store.apiTokens.list()).toEqual([{ ...token, revokedAt: LATER, lastUsedAt: LATER }]);
    await store.close();
  });

  it('counts items, classifications, flags, copies, labels, statuses and sources', async () => {
    const { db } = await adapter.fresh();
    const store = createStore(db);
    expect(await store.stats.summary()).toEqual({
      items: 0, classified: 0, unclassified: 0, flagged: 0, duplicates: 0, byLabel: {}, byStatus: {}, bySource: {}, firstCollectedAt: null, lastCollectedAt: null,
    });
    const salt = 'Súc miệng nước muối mỗi sáng là khỏi COVID, không cần đi tiêm đâu nhé mọi người.';
    await ingest(store, [{ text: salt, source: 'forum-a' }, { text: 'Công ty nợ lương hai tháng rồi, anh em rất bức xúc.', source: 'forum-b' }], { classifier: flagger, secret: SECRET, now: new Date(NOW) });
    await ingest(store, [{ text: salt, source: 'forum-b' }, { text: 'Hôm nay trời đẹp, cả nhà đi chơi công viên.', source: 'forum-a' }, { text: 'Mua muối ở chợ nào rẻ mà có lương tâm?', source: 'forum-a' }], { classifier: flagger, secret: SECRET, now: new Date(LATER) });
    await db.write(() => db.run(`UPDATE items SET status = 'in_review' WHERE id = (SELECT min(id) FROM items)`));
    expect(await store.stats.summary()).toEqual({
      items: 4, classified: 4, unclassified: 0, flagged: 3, duplicates: 1,
      byLabel: { covid_false: 2, grievance: 2 }, byStatus: { new: 3, in_review: 1 }, bySource: { 'forum-a': 3, 'forum-b': 1 },
      firstCollectedAt: NOW, lastCollectedAt: LATER,
    });
    await store.close();
  });

  it('rule overrides: versions count up per rule, current is the latest, history newest first', async () => {
    const { db } = await adapter.fresh();
    const store = createStore(db);
    const add = (ruleId: string, spec: unknown, note: string | null = null) =>
      db.write(() => store.ruleOverrides.add({ ruleId, packFile: 'rules/covid.yaml', kind: 'rule', spec, diff: `- ${ruleId}`, note, authorId: null, author: 'admin', now: NOW }));
    expect(await add('salt', { id: 'salt', weight: 1 })).toBe(1);
    expect(await add('salt', { id: 'salt', weight: 2 }, 'nặng hơn')).toBe(2);
    expect(await add('garlic', { id: 'garlic' })).toBe(1);
    expect(await add('salt', null, 'về mặc định')).toBe(3);
    // Outside an explicit transaction too.
    expect(await store.ruleOverrides.add({ ruleId: 'garlic', packFile: null, kind: 'guard', spec: { id: 'garlic', g: true }, diff: '', note: null, authorId: null, author: 'admin', now: LATER })).toBe(2);
    expect((await store.ruleOverrides.current()).map((o) => [o.ruleId, o.version, o.spec, o.kind])).toEqual([
      ['garlic', 2, { id: 'garlic', g: true }, 'guard'],
      ['salt', 3, null, 'rule'],
    ]);
    const history = await store.ruleOverrides.history('salt');
    expect(history.map((o) => o.version)).toEqual([3, 2, 1]);
    expect(history[1]).toMatchObject({ ruleId: 'salt', packFile: 'rules/covid.yaml', note: 'nặng hơn', author: 'admin', createdAt: NOW, spec: { id: 'salt', weight: 2 } });
    await store.close();
  });

  it('two nodes saving the same rule at once get distinct, consecutive versions', async () => {
    const { db, connect } = await adapter.fresh();
    const other = await connect();
    const stores = [createStore(db), createStore(other)];
    const saves = Array.from({ length: 12 }, (_, i) => {
      const s = stores[i % 2];
      // As the admin UI saves: the version and its audit entry in one transaction.
      return s.write(async () => {
        const version = await s.ruleOverrides.add({ ruleId: 'salt', packFile: null, kind: 'rule', spec: { n: i }, diff: `#${i}`, note: null, authorId: null, author: `node${i % 2}`, now: NOW });
        await s.audit.append({ at: NOW, userId: null, username: `node${i % 2}`, action: 'rule_override', targetType: 'rule', targetId: 'salt', detail: { version }, ip: null });
        return version;
      });
    });
    const versions = await Promise.all(saves);
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await stores[0].ruleOverrides.history('salt')).map((o) => o.version)).toEqual(Array.from({ length: 12 }, (_, i) => 12 - i));
    await other.close();
    await db.close();
  });
});

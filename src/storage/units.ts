import type { SqlDb } from './sql-db.js';

/** A unit of the union (a member union, a provincial federation, HQ), as the UI shows it. */
export interface Unit {
  id: number;
  /** Stable identifier stored in items, users, sources, claims and grievances. */
  code: string;
  name: string;
  parentId: number | null;
  /** Code of the parent federation: escalation goes there. */
  parentCode: string | null;
  parentName: string | null;
}

interface UnitRow {
  id: number;
  code: string;
  name: string;
  parent_id: number | null;
  parent_code: string | null;
  parent_name: string | null;
}

const toUnit = (r: UnitRow): Unit => ({ id: r.id, code: r.code, name: r.name, parentId: r.parent_id, parentCode: r.parent_code, parentName: r.parent_name });
const SELECT = `SELECT u.id, u.code, u.name, u.parent_id, p.code AS parent_code, p.name AS parent_name FROM units u LEFT JOIN units p ON p.id = u.parent_id`;

/** The managed list of units. Names arrive normalised (src/review/unit-service.ts). */
export function unitsRepo(db: SqlDb) {
  return {
    async list(): Promise<Unit[]> {
      return (await db.all<UnitRow>(`${SELECT} ORDER BY lower(u.name), u.code`)).map(toUnit);
    },
    async byId(id: number): Promise<Unit | undefined> {
      const r = await db.get<UnitRow>(`${SELECT} WHERE u.id = ?`, [id]);
      return r && toUnit(r);
    },
    async byCode(code: string): Promise<Unit | undefined> {
      const r = await db.get<UnitRow>(`${SELECT} WHERE u.code = ?`, [code]);
      return r && toUnit(r);
    },
    /** The unit holding a normalised name key, to refuse a second unit with the same name. */
    async idByNameKey(key: string): Promise<number | undefined> {
      return (await db.get<{ id: number }>('SELECT id FROM units WHERE name_key = ?', [key]))?.id;
    },
    async create(u: { code: string; name: string; nameKey: string; parentId: number | null; now: string }): Promise<number> {
      const r = await db.get<{ id: number }>('INSERT INTO units (code, name, name_key, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id', [u.code, u.name, u.nameKey, u.parentId, u.now, u.now]);
      return r!.id;
    },
    async update(id: number, u: { name: string; nameKey: string; parentId: number | null; now: string }): Promise<boolean> {
      const r = await db.run('UPDATE units SET name = ?, name_key = ?, parent_id = ?, updated_at = ? WHERE id = ?', [u.name, u.nameKey, u.parentId, u.now, id]);
      return r.changes === 1;
    },
    /** Whether any item (of any status) belongs to the unit: a reviewer's empty queue is explained. */
    async hasItems(code: string): Promise<boolean> {
      return Boolean((await db.get<{ n: number }>('SELECT EXISTS (SELECT 1 FROM items WHERE unit = ?) AS n', [code]))?.n);
    },
    /** Codes of a unit and every unit under it (an admin of a federation sees their members' queue). */
    async descendantCodes(code: string): Promise<string[]> {
      const rows = await db.all<{ code: string }>(
        `WITH RECURSIVE t(id, code) AS (SELECT id, code FROM units WHERE code = ? UNION SELECT u.id, u.code FROM units u JOIN t ON u.parent_id = t.id) SELECT code FROM t`,
        [code],
      );
      return rows.map((r) => r.code);
    },
  };
}

export type UnitsRepo = ReturnType<typeof unitsRepo>;

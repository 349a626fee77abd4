import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/audit/command.ts';

export interface OrganisationRow {
  id: string;
  code: string;
  type: string;
  parentId: string | null;
  areaCode: string | null;
  validFrom: string;
  validTo: string | null;
  name: string;
  shortName: string | null;
  note: string | null;
}

type Q = Db | Tx;

// Dates come back as 'YYYY-MM-DD' text: a calendar date must not shift with the server's time zone.
const orgColumns = sql`o.id, o.code, o.type, o.parent_id AS "parentId", o.area_code AS "areaCode",
  o.valid_from::text AS "validFrom", o.valid_to::text AS "validTo", o.note`;

/** The name in force on a date; for units closed before the date, their last name. */
function nameAsOfJoin(asOf: string) {
  return sql`LEFT JOIN LATERAL (
      SELECT n.name, n.short_name FROM organisation_names n
      WHERE n.org_id = o.id AND n.valid_from <= ${asOf}::date
      ORDER BY n.valid_from DESC LIMIT 1
    ) nm ON true
    LEFT JOIN LATERAL (
      SELECT n.name, n.short_name FROM organisation_names n WHERE n.org_id = o.id ORDER BY n.valid_from ASC LIMIT 1
    ) first_nm ON true`;
}

export interface ListFilter {
  asOf: string;
  type?: string;
  q?: string;
  status?: 'active' | 'historical' | 'all';
  parentId?: string;
  limit: number;
  offset: number;
}

export async function listOrganisations(db: Q, f: ListFilter): Promise<OrganisationRow[]> {
  const where = [sql`true`];
  if (f.type) where.push(sql`o.type = ${f.type}`);
  if (f.parentId) where.push(sql`o.parent_id = ${f.parentId}`);
  if (f.status === 'active') where.push(sql`o.valid_from <= ${f.asOf}::date AND (o.valid_to IS NULL OR o.valid_to >= ${f.asOf}::date)`);
  if (f.status === 'historical') where.push(sql`o.valid_to IS NOT NULL AND o.valid_to < ${f.asOf}::date`);
  if (f.q) {
    const like = `%${f.q}%`;
    where.push(sql`(vn_fold(coalesce(nm.name, first_nm.name)) LIKE vn_fold(${like}) OR o.code ILIKE ${like} OR o.area_code = ${f.q})`);
  }
  const res = await sql<OrganisationRow>`
    SELECT ${orgColumns}, coalesce(nm.name, first_nm.name) AS name, coalesce(nm.short_name, first_nm.short_name) AS "shortName"
    FROM organisations o ${nameAsOfJoin(f.asOf)}
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY CASE o.type WHEN 'ubnd_tinh' THEN 0 WHEN 'van_phong_ubnd' THEN 1 WHEN 'trung_tam_phvhcc' THEN 2 WHEN 'so_nganh' THEN 3 WHEN 'ubnd_xa' THEN 8 WHEN 'ubnd_huyen' THEN 9 ELSE 5 END,
      vn_fold(coalesce(nm.name, first_nm.name))
    LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return res.rows;
}

export async function getOrganisation(db: Q, id: string, asOf: string): Promise<OrganisationRow | undefined> {
  const res = await sql<OrganisationRow>`
    SELECT ${orgColumns}, coalesce(nm.name, first_nm.name) AS name, coalesce(nm.short_name, first_nm.short_name) AS "shortName"
    FROM organisations o ${nameAsOfJoin(asOf)} WHERE o.id = ${id}`.execute(db);
  return res.rows[0];
}

export async function findIdByCode(db: Q, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id;
}

export async function idsByCodes(db: Q, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'code']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function nameHistory(db: Q, orgId: string) {
  return db
    .selectFrom('organisation_names')
    .select(['name', 'short_name as shortName', sql<string>`valid_from::text`.as('validFrom'), sql<string | null>`valid_to::text`.as('validTo')])
    .where('org_id', '=', orgId)
    .orderBy('valid_from', 'desc')
    .execute();
}

export async function successions(db: Q, orgId: string, asOf: string) {
  const res = await sql<{ direction: 'from' | 'to'; orgId: string; code: string; name: string; kind: string; effective: string }>`
    SELECT 'from' AS direction, s.predecessor_id AS "orgId", o.code, coalesce(nm.name, first_nm.name) AS name, s.kind, s.effective::text AS effective
      FROM organisation_successions s JOIN organisations o ON o.id = s.predecessor_id ${nameAsOfJoin(asOf)}
      WHERE s.successor_id = ${orgId}
    UNION ALL
    SELECT 'to', s.successor_id, o.code, coalesce(nm.name, first_nm.name), s.kind, s.effective::text
      FROM organisation_successions s JOIN organisations o ON o.id = s.successor_id ${nameAsOfJoin(asOf)}
      WHERE s.predecessor_id = ${orgId}
    ORDER BY 5, 3`.execute(db);
  return res.rows;
}

export async function insertOrganisation(
  tx: Q,
  o: { code: string; type: string; parentId: string | null; areaCode: string | null; validFrom: string; validTo: string | null; note: string | null },
): Promise<string> {
  const row = await tx
    .insertInto('organisations')
    .values({ code: o.code, type: o.type, parent_id: o.parentId, area_code: o.areaCode, valid_from: o.validFrom, valid_to: o.validTo, note: o.note })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertName(tx: Q, orgId: string, name: string, shortName: string | null, validFrom: string) {
  await tx.insertInto('organisation_names').values({ org_id: orgId, name, short_name: shortName, valid_from: validFrom }).execute();
}

/** Close the name in force and open a new one from `effective`. */
export async function renameFrom(tx: Q, orgId: string, name: string, shortName: string | null, effective: string) {
  await sql`UPDATE organisation_names SET valid_to = (${effective}::date - 1)
    WHERE org_id = ${orgId} AND valid_to IS NULL AND valid_from < ${effective}::date`.execute(tx);
  await sql`DELETE FROM organisation_names WHERE org_id = ${orgId} AND valid_from = ${effective}::date`.execute(tx);
  await insertName(tx, orgId, name, shortName, effective);
}

export async function setValidTo(tx: Q, orgId: string, validTo: string | null) {
  await tx.updateTable('organisations').set({ valid_to: validTo, updated_at: new Date() }).where('id', '=', orgId).execute();
}

export async function addSuccession(tx: Q, predecessorId: string, successorId: string, kind: 'merge' | 'split' | 'reorganisation' | 'rename', effective: string, legalBasis: string | null) {
  await tx
    .insertInto('organisation_successions')
    .values({ predecessor_id: predecessorId, successor_id: successorId, kind, effective, legal_basis: legalBasis })
    .onConflict((oc) => oc.columns(['predecessor_id', 'successor_id']).doNothing())
    .execute();
}

export async function codeExists(db: Q, code: string): Promise<boolean> {
  return Boolean(await db.selectFrom('organisations').select('id').where(sql`lower(code)`, '=', code.toLowerCase()).executeTakeFirst());
}

export async function countActive(db: Q, asOf: string): Promise<number> {
  const res = await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisations
    WHERE valid_from <= ${asOf}::date AND (valid_to IS NULL OR valid_to >= ${asOf}::date)`.execute(db);
  return res.rows[0]?.n ?? 0;
}

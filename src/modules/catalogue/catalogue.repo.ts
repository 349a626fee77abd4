import { sql, type Generated, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { PlatformTables } from '../../platform/db/tables.ts';
import type { Tx } from '../../platform/audit/command.ts';
import { foldVietnamese } from '../../platform/i18n/text.ts';
import type { ProcedureRecord } from './catalogue.import.ts';

export interface ProceduresTable {
  id: Generated<string>;
  code: string;
  name: string;
  field: Generated<string>;
  procedure_type: string | null;
  dvctt_level: 'toan-trinh' | 'mot-phan' | null;
  levels: Generated<string[]>;
  applicants_text: string | null;
  agency_text: string | null;
  competent_agency_text: string | null;
  responsible_org_ids: Generated<string[]>;
  responsible_manual: Generated<boolean>;
  portal_url: string | null;
  submission_text: string | null;
  fees_text: string | null;
  time_text: string | null;
  documents_text: string | null;
  steps_text: string | null;
  conditions_text: string | null;
  result_text: string | null;
  legal_basis_text: string | null;
  decision: string | null;
  source: Generated<string>;
  source_hash: string;
  synced_at: Generated<Date>;
  view_count: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  search_text: Generated<string>;
}

export type CatalogueTables = {
  procedures: ProceduresTable;
};

type Q = Db | Tx;
// A transaction is a Kysely instance too; withTables keeps it bound to the same connection.
const t = (q: Q): Kysely<PlatformTables & CatalogueTables> => (q as Db).withTables<CatalogueTables>();

export type DvcttLevel = 'toan-trinh' | 'mot-phan';

export interface Procedure {
  id: string;
  code: string;
  name: string;
  field: string;
  dvcttLevel: DvcttLevel | null;
  levels: string[];
  agencyText: string | null;
  responsibleOrgIds: string[];
  portalUrl: string | null;
  feesText: string | null;
  timeText: string | null;
  documentsText: string | null;
  stepsText: string | null;
  conditionsText: string | null;
  legalBasisText: string | null;
  decision: string | null;
  updatedAt: Date;
  /** Beyond the published minimum: extra official text and counters. */
  procedureType: string | null;
  applicantsText: string | null;
  competentAgencyText: string | null;
  resultText: string | null;
  submissionText: string | null;
  responsibleManual: boolean;
  source: string;
  /** When an import last changed the official text. */
  syncedAt: Date;
  viewCount: number;
}

export interface IndexableProcedure {
  id: string;
  code: string;
  name: string;
  field: string;
  stepsText: string | null;
  documentsText: string | null;
  feesText: string | null;
}

const procedureColumns = sql`p.id, p.code, p.name, p.field, p.dvctt_level AS "dvcttLevel", p.levels,
  p.agency_text AS "agencyText", p.responsible_org_ids AS "responsibleOrgIds", p.portal_url AS "portalUrl",
  p.fees_text AS "feesText", p.time_text AS "timeText", p.documents_text AS "documentsText",
  p.steps_text AS "stepsText", p.conditions_text AS "conditionsText", p.legal_basis_text AS "legalBasisText",
  p.decision, p.updated_at AS "updatedAt", p.procedure_type AS "procedureType", p.applicants_text AS "applicantsText",
  p.competent_agency_text AS "competentAgencyText", p.result_text AS "resultText", p.submission_text AS "submissionText",
  p.responsible_manual AS "responsibleManual", p.source, p.synced_at AS "syncedAt", p.view_count AS "viewCount"`;

/** pg returns uuid[] / text[] as arrays; PGlite through the pg adapter does too, but be safe with '{}' text. */
function fixArrays(p: Procedure): Procedure {
  return { ...p, levels: arr(p.levels), responsibleOrgIds: arr(p.responsibleOrgIds) };
}
function arr(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  if (typeof v === 'string') return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
  return [];
}

export async function getByCode(db: Q, code: string): Promise<Procedure | undefined> {
  const res = await sql<Procedure>`SELECT ${procedureColumns} FROM procedures p WHERE p.code = ${code}`.execute(db);
  return res.rows[0] ? fixArrays(res.rows[0]) : undefined;
}

export async function getByCodes(db: Q, codes: string[]): Promise<Procedure[]> {
  if (codes.length === 0) return [];
  const res = await sql<Procedure>`SELECT ${procedureColumns} FROM procedures p WHERE p.code = ANY(${codes}::text[]) ORDER BY p.code`.execute(db);
  return res.rows.map(fixArrays);
}

/** Search tokens: folded words (codes keep their dots), at most 8. */
export function searchTokens(q: string): string[] {
  return [...new Set(foldVietnamese(q).split(/[^a-z0-9.]+/).map((s) => s.replace(/^\.+|\.+$/g, '')).filter(Boolean))].slice(0, 8);
}

export interface SearchFilter {
  field?: string;
  /** Staff filters: only records without a responsible unit; only one DVCTT level ('none' = not set). */
  unassigned?: boolean;
  dvcttLevel?: DvcttLevel | 'none';
  limit: number;
  offset: number;
}

export async function search(db: Q, q: string, f: SearchFilter): Promise<{ items: Procedure[]; total: number }> {
  const tokens = searchTokens(q);
  const phrase = tokens.join(' ');
  const where = [sql`true`];
  for (const tok of tokens) {
    // "kí"/"ký", "lí"/"lý", "mĩ"/"mỹ", "sĩ"/"sỹ": both spellings are in use; either finds the record.
    const alt = /^[klms][iy]$/.test(tok) ? `${tok[0]}${tok[1] === 'i' ? 'y' : 'i'}` : null;
    where.push(alt ? sql`(p.search_text LIKE ${`%${tok}%`} OR p.search_text LIKE ${`%${alt}%`})` : sql`p.search_text LIKE ${`%${tok}%`}`);
  }
  if (f.field) where.push(sql`p.field = ${f.field}`);
  if (f.unassigned) where.push(sql`cardinality(p.responsible_org_ids) = 0`);
  if (f.dvcttLevel === 'none') where.push(sql`p.dvctt_level IS NULL`);
  else if (f.dvcttLevel) where.push(sql`p.dvctt_level = ${f.dvcttLevel}`);
  const order = tokens.length
    ? sql`(p.code = ${q.trim()}) DESC, (p.search_text LIKE ${`%${phrase}%`}) DESC, similarity(p.search_text, ${phrase}) DESC, p.view_count DESC, p.code`
    : sql`p.view_count DESC, vn_fold(p.name), p.code`;
  const res = await sql<Procedure & { total: number }>`
    SELECT ${procedureColumns}, count(*) OVER () AS total FROM procedures p
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ${order}
    LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  let total = res.rows[0] ? Number(res.rows[0].total) : 0;
  if (res.rows.length === 0 && f.offset > 0) {
    const c = await sql<{ n: number }>`SELECT count(*)::int AS n FROM procedures p WHERE ${sql.join(where, sql` AND `)}`.execute(db);
    total = c.rows[0]?.n ?? 0;
  }
  return { items: res.rows.map(({ total: _t, ...p }) => fixArrays(p as Procedure)), total };
}

export async function indexBatch(db: Q, afterCode: string | null, limit: number): Promise<IndexableProcedure[]> {
  const res = await sql<IndexableProcedure>`
    SELECT p.id, p.code, p.name, p.field, p.steps_text AS "stepsText", p.documents_text AS "documentsText", p.fees_text AS "feesText"
    FROM procedures p WHERE ${afterCode === null ? sql`true` : sql`p.code > ${afterCode}`}
    ORDER BY p.code LIMIT ${limit}`.execute(db);
  return res.rows;
}

export async function listFields(db: Q): Promise<string[]> {
  const res = await sql<{ field: string }>`SELECT DISTINCT field FROM procedures WHERE field <> '' ORDER BY field`.execute(db);
  // Vietnamese order without depending on the server's collation.
  return res.rows.map((r) => r.field).sort((a, b) => foldVietnamese(a).localeCompare(foldVietnamese(b)) || a.localeCompare(b));
}

export async function count(db: Q): Promise<number> {
  const res = await sql<{ n: number }>`SELECT count(*)::int AS n FROM procedures`.execute(db);
  return res.rows[0]?.n ?? 0;
}

export async function hashesByCode(db: Q): Promise<Map<string, string>> {
  const rows = await t(db).selectFrom('procedures').select(['code', 'source_hash']).execute();
  return new Map(rows.map((r) => [r.code, r.source_hash]));
}

/**
 * Insert or update a batch of records in one statement. Staff-set fields (DVCTT level, a responsible unit
 * set by hand, view count) survive re-imports.
 */
export async function upsertBatch(tx: Q, records: Array<ProcedureRecord & { responsibleOrgIds: string[] }>): Promise<void> {
  if (records.length === 0) return;
  await t(tx)
    .insertInto('procedures')
    .values(
      records.map((r) => ({
        code: r.code,
        name: r.name,
        field: r.field,
        procedure_type: r.procedureType,
        levels: sql<string[]>`${r.levels}::text[]`,
        applicants_text: r.applicantsText,
        agency_text: r.agencyText,
        competent_agency_text: r.competentAgencyText,
        responsible_org_ids: sql<string[]>`${r.responsibleOrgIds}::uuid[]`,
        portal_url: r.portalUrl,
        submission_text: r.submissionText,
        fees_text: r.feesText,
        time_text: r.timeText,
        documents_text: r.documentsText,
        steps_text: r.stepsText,
        conditions_text: r.conditionsText,
        result_text: r.resultText,
        legal_basis_text: r.legalBasisText,
        decision: r.decision,
        source_hash: r.sourceHash,
      })),
    )
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        field: eb.ref('excluded.field'),
        procedure_type: eb.ref('excluded.procedure_type'),
        levels: eb.ref('excluded.levels'),
        applicants_text: eb.ref('excluded.applicants_text'),
        agency_text: eb.ref('excluded.agency_text'),
        competent_agency_text: eb.ref('excluded.competent_agency_text'),
        responsible_org_ids: sql<string[]>`CASE WHEN procedures.responsible_manual THEN procedures.responsible_org_ids ELSE excluded.responsible_org_ids END`,
        portal_url: eb.ref('excluded.portal_url'),
        submission_text: eb.ref('excluded.submission_text'),
        fees_text: eb.ref('excluded.fees_text'),
        time_text: eb.ref('excluded.time_text'),
        documents_text: eb.ref('excluded.documents_text'),
        steps_text: eb.ref('excluded.steps_text'),
        conditions_text: eb.ref('excluded.conditions_text'),
        result_text: eb.ref('excluded.result_text'),
        legal_basis_text: eb.ref('excluded.legal_basis_text'),
        decision: eb.ref('excluded.decision'),
        source_hash: eb.ref('excluded.source_hash'),
        synced_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
}

export async function setAssignment(tx: Q, id: string, v: { dvcttLevel: DvcttLevel | null; responsibleOrgIds: string[] }): Promise<void> {
  await t(tx)
    .updateTable('procedures')
    .set({
      dvctt_level: v.dvcttLevel,
      responsible_org_ids: sql<string[]>`${v.responsibleOrgIds}::uuid[]`,
      responsible_manual: true,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function incrementViews(db: Q, id: string): Promise<void> {
  await sql`UPDATE procedures SET view_count = view_count + 1 WHERE id = ${id}`.execute(db);
}

export async function responsibleOrgIds(db: Q, code: string): Promise<string[]> {
  const row = await t(db).selectFrom('procedures').select('responsible_org_ids').where('code', '=', code).executeTakeFirst();
  return row ? arr(row.responsible_org_ids) : [];
}

import { sql, type Kysely } from 'kysely';
import type { Q } from './plans.repo.ts';
import type { ImportError, ImportRow } from './kpis.service.ts';

const run = async <T>(q: Q, query: ReturnType<typeof sql<T>>) => (await query.execute(q as Kysely<unknown>)).rows;

export interface KpiRow {
  id: string;
  code: string;
  nameVi: string;
  numeratorDef: string;
  denominatorDef: string;
  unit: string;
  direction: 'up' | 'down';
  target2025: number | null;
  target2025Max: number | null;
  target2030: number | null;
  source: string;
  statName: string | null;
  legalRef: string;
  refVerified: boolean;
  frequency: string;
  ownerOrgId: string | null;
  cutoffRule: string;
  formulaVersion: number;
  validFrom: string;
  published: boolean;
}
const kpiCols = sql`id, code, name_vi AS "nameVi", numerator_def AS "numeratorDef", denominator_def AS "denominatorDef", unit, direction,
  target_2025::float8 AS "target2025", target_2025_max::float8 AS "target2025Max", target_2030::float8 AS "target2030", source,
  stat_name AS "statName", legal_ref AS "legalRef", ref_verified AS "refVerified", frequency, owner_org_id AS "ownerOrgId",
  cutoff_rule AS "cutoffRule", formula_version AS "formulaVersion", valid_from::text AS "validFrom", published`;

export interface ValueRow {
  id: number;
  period: string;
  orgId: string | null;
  numerator: number | null;
  denominator: number | null;
  value: number;
  source: string;
}

export const listKpis = (q: Q, publishedOnly = false) =>
  run<KpiRow>(q, sql`SELECT ${kpiCols} FROM kpis ${publishedOnly ? sql`WHERE published` : sql``} ORDER BY position, code`);
export const getKpi = async (q: Q, id: string) => (await run<KpiRow>(q, sql`SELECT ${kpiCols} FROM kpis WHERE id = ${id}`))[0];
export const kpiByCode = async (q: Q, code: string) => (await run<KpiRow>(q, sql`SELECT ${kpiCols} FROM kpis WHERE code = ${code}`))[0];

export async function insertKpiIfMissing(
  q: Q,
  k: {
    code: string;
    nameVi: string;
    numeratorDef: string;
    denominatorDef: string;
    unit: string;
    source: string;
    statName: string | null;
    legalRef: string;
    frequency: string;
    ownerOrgId: string | null;
    target2025: number | null;
    target2025Max: number | null;
    target2030: number | null;
    position: number;
  },
): Promise<boolean> {
  const rows = await run<{ id: string }>(
    q,
    sql`INSERT INTO kpis (code, name_vi, numerator_def, denominator_def, unit, source, stat_name, legal_ref, frequency, owner_org_id, target_2025, target_2025_max, target_2030, position)
      VALUES (${k.code}, ${k.nameVi}, ${k.numeratorDef}, ${k.denominatorDef}, ${k.unit}, ${k.source}, ${k.statName}, ${k.legalRef}, ${k.frequency}, ${k.ownerOrgId},
        ${k.target2025}, ${k.target2025Max}, ${k.target2030}, ${k.position})
      ON CONFLICT (code) DO NOTHING RETURNING id`,
  );
  return rows.length > 0;
}

/** Plan targets fill empty KPI targets only: a target edited by staff is kept. */
export async function fillTargets(q: Q, code: string, t25: number | null, t25max: number | null, t30: number | null) {
  await run(
    q,
    sql`UPDATE kpis SET target_2025 = coalesce(target_2025, ${t25}), target_2025_max = coalesce(target_2025_max, ${t25max}), target_2030 = coalesce(target_2030, ${t30}) WHERE code = ${code}`,
  );
}

export async function updateKpi(
  q: Q,
  id: string,
  p: { nameVi: string; numeratorDef: string; denominatorDef: string; legalRef: string; refVerified: boolean; published: boolean; direction: string; target2025: number | null; target2030: number | null; frequency: string },
) {
  await run(
    q,
    sql`UPDATE kpis SET name_vi = ${p.nameVi}, numerator_def = ${p.numeratorDef}, denominator_def = ${p.denominatorDef}, legal_ref = ${p.legalRef},
      ref_verified = ${p.refVerified}, published = ${p.published}, direction = ${p.direction}, target_2025 = ${p.target2025}, target_2030 = ${p.target2030},
      frequency = ${p.frequency}, updated_at = now() WHERE id = ${id}`,
  );
}

export function listValues(q: Q, kpiId: string, f: { orgId?: string | null; allOrgs?: boolean } = {}) {
  const where = f.allOrgs ? sql`true` : f.orgId ? sql`org_id = ${f.orgId}` : sql`org_id IS NULL`;
  return run<ValueRow>(
    q,
    sql`SELECT id, period, org_id AS "orgId", numerator::float8 AS numerator, denominator::float8 AS denominator, value::float8 AS value, source
      FROM kpi_values WHERE kpi_id = ${kpiId} AND ${where} ORDER BY period, org_id NULLS FIRST`,
  );
}

export const latestProvinceValue = async (q: Q, kpiId: string) =>
  (
    await run<ValueRow>(
      q,
      sql`SELECT id, period, org_id AS "orgId", numerator::float8 AS numerator, denominator::float8 AS denominator, value::float8 AS value, source
        FROM kpi_values WHERE kpi_id = ${kpiId} AND org_id IS NULL ORDER BY period DESC LIMIT 1`,
    )
  )[0];

export async function upsertValue(
  q: Q,
  v: { kpiId: string; period: string; orgId: string | null; numerator: number | null; denominator: number | null; value: number; source: string; batchId: string | null },
) {
  await run(
    q,
    sql`INSERT INTO kpi_values (kpi_id, period, org_id, numerator, denominator, value, source, batch_id)
      VALUES (${v.kpiId}, ${v.period}, ${v.orgId}, ${v.numerator}, ${v.denominator}, ${v.value}, ${v.source}, ${v.batchId})
      ON CONFLICT (kpi_id, period, org_key) DO UPDATE SET numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
        value = EXCLUDED.value, source = EXCLUDED.source, batch_id = EXCLUDED.batch_id, created_at = now()`,
  );
}

export async function insertBatch(q: Q, b: { fileName: string; rows: ImportRow[]; errors: ImportError[]; createdBy: string | null }): Promise<string> {
  const rows = await run<{ id: string }>(
    q,
    sql`INSERT INTO kpi_import_batches (file_name, rows, errors, created_by) VALUES (${b.fileName}, ${JSON.stringify(b.rows)}::jsonb, ${JSON.stringify(b.errors)}::jsonb, ${b.createdBy}) RETURNING id`,
  );
  return rows[0]!.id;
}

export const getBatch = async (q: Q, id: string) =>
  (
    await run<{ id: string; fileName: string; rows: ImportRow[]; errors: ImportError[]; status: string }>(
      q,
      sql`SELECT id, file_name AS "fileName", rows, errors, status FROM kpi_import_batches WHERE id = ${id}`,
    )
  )[0];

export async function markBatchCommitted(q: Q, id: string) {
  await run(q, sql`UPDATE kpi_import_batches SET status = 'committed' WHERE id = ${id}`);
}

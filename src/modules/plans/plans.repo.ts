import { sql, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/audit/command.ts';

export type Q = Db | Tx;
const run = async <T>(q: Q, query: ReturnType<typeof sql<T>>) => (await query.execute(q as Kysely<unknown>)).rows;

export interface PlanRow {
  id: string;
  slug: string;
  title: string;
  provinceCode: string;
  basis: string;
  periodFrom: number;
  periodTo: number;
  reportDue: string;
  reportDueText: string;
  document: Record<string, unknown>;
  checksum: string;
}
const planCols = sql`id, slug, title, province_code AS "provinceCode", basis, period_from AS "periodFrom", period_to AS "periodTo",
  report_due AS "reportDue", report_due_text AS "reportDueText", document, checksum`;

export interface TargetRow {
  id: string;
  ref: string;
  year: number;
  text: string;
  value: number;
  valueMax: number | null;
  unit: string;
  kpiCode: string | null;
}

export interface TaskRow {
  id: string;
  planId: string;
  ref: string;
  section: string;
  sectionTitle: string;
  text: string;
  timeframe: string;
  lead: string[];
  coordinating: string[];
  leadVi: string[];
  coordinatingVi: string[];
  discrepancy: string | null;
  position: number;
  editedAt: Date | null;
}
const taskCols = sql`id, plan_id AS "planId", ref, section, section_title AS "sectionTitle", text, timeframe, lead, coordinating,
  lead_vi AS "leadVi", coordinating_vi AS "coordinatingVi", discrepancy, position, edited_at AS "editedAt"`;

export interface CycleRow {
  id: string;
  planId: string;
  year: number;
  dueDate: string;
  status: 'open' | 'closed';
  unresolved: Array<{ code: string; reason: string }>;
  reportMeta: Record<string, string>;
}
const cycleCols = sql`id, plan_id AS "planId", year, due_date::text AS "dueDate", status, unresolved, report_meta AS "reportMeta"`;

export interface ReportRow {
  id: string;
  cycleId: string;
  taskId: string;
  orgId: string;
  role: 'lead' | 'coordinating';
  state: 'draft' | 'submitted' | 'returned' | 'accepted';
  status: 'not_started' | 'in_progress' | 'done' | 'not_reported';
  progress: number;
  outputs: Record<string, number>;
  narrative: string;
  evidence: Array<{ url: string; label: string; key?: string; mime?: string }>;
  reviewComment: string | null;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  updatedAt: Date;
  taskRef: string;
  taskText: string;
  section: string;
  year: number;
  dueDate: string;
  planId: string;
}
const reportSelect = sql`SELECT r.id, r.cycle_id AS "cycleId", r.task_id AS "taskId", r.org_id AS "orgId", r.role, r.state, r.status, r.progress,
  r.outputs, r.narrative, r.evidence, r.review_comment AS "reviewComment", r.submitted_at AS "submittedAt", r.reviewed_at AS "reviewedAt",
  r.updated_at AS "updatedAt", t.ref AS "taskRef", t.text AS "taskText", t.section, c.year, c.due_date::text AS "dueDate", c.plan_id AS "planId"
  FROM plan_reports r JOIN plan_tasks t ON t.id = r.task_id JOIN plan_cycles c ON c.id = r.cycle_id`;

// --- plans ---

export const listPlans = (q: Q) => run<PlanRow>(q, sql`SELECT ${planCols} FROM plans ORDER BY period_from DESC, title`);
export const getPlan = async (q: Q, id: string) => (await run<PlanRow>(q, sql`SELECT ${planCols} FROM plans WHERE id = ${id}`))[0];
export const planBySlug = async (q: Q, slug: string) => (await run<PlanRow>(q, sql`SELECT ${planCols} FROM plans WHERE slug = ${slug}`))[0];

export async function upsertPlan(q: Q, p: Omit<PlanRow, 'id'>): Promise<string> {
  const rows = await run<{ id: string }>(
    q,
    sql`INSERT INTO plans (slug, title, province_code, basis, period_from, period_to, report_due, report_due_text, document, checksum)
      VALUES (${p.slug}, ${p.title}, ${p.provinceCode}, ${p.basis}, ${p.periodFrom}, ${p.periodTo}, ${p.reportDue}, ${p.reportDueText}, ${JSON.stringify(p.document)}::jsonb, ${p.checksum})
      ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title, province_code = EXCLUDED.province_code, basis = EXCLUDED.basis,
        period_from = EXCLUDED.period_from, period_to = EXCLUDED.period_to, report_due = EXCLUDED.report_due,
        report_due_text = EXCLUDED.report_due_text, document = EXCLUDED.document, checksum = EXCLUDED.checksum, updated_at = now()
      RETURNING id`,
  );
  return rows[0]!.id;
}

export const listTargets = (q: Q, planId: string) =>
  run<TargetRow>(
    q,
    sql`SELECT id, ref, year, text, value::float8 AS value, value_max::float8 AS "valueMax", unit, kpi_code AS "kpiCode" FROM plan_targets WHERE plan_id = ${planId} ORDER BY position`,
  );

export async function upsertTarget(q: Q, planId: string, t: Omit<TargetRow, 'id'>, position: number) {
  await run(
    q,
    sql`INSERT INTO plan_targets (plan_id, ref, year, text, value, value_max, unit, kpi_code, position)
      VALUES (${planId}, ${t.ref}, ${t.year}, ${t.text}, ${t.value}, ${t.valueMax}, ${t.unit}, ${t.kpiCode}, ${position})
      ON CONFLICT (plan_id, ref) DO UPDATE SET year = EXCLUDED.year, text = EXCLUDED.text, value = EXCLUDED.value,
        value_max = EXCLUDED.value_max, unit = EXCLUDED.unit, kpi_code = EXCLUDED.kpi_code, position = EXCLUDED.position`,
  );
}

export async function deleteTargetsNotIn(q: Q, planId: string, refs: string[]) {
  await run(q, sql`DELETE FROM plan_targets WHERE plan_id = ${planId} AND NOT (ref = ANY(${refs}::text[]))`);
}

export const listTasks = (q: Q, planId: string) => run<TaskRow>(q, sql`SELECT ${taskCols} FROM plan_tasks WHERE plan_id = ${planId} ORDER BY position`);
export const getTask = async (q: Q, id: string) => (await run<TaskRow>(q, sql`SELECT ${taskCols} FROM plan_tasks WHERE id = ${id}`))[0];

export async function upsertTask(q: Q, planId: string, t: Omit<TaskRow, 'id' | 'planId' | 'editedAt'>): Promise<'created' | 'updated' | 'kept'> {
  const existing = (await run<{ id: string; edited: boolean }>(q, sql`SELECT id, edited_at IS NOT NULL AS edited FROM plan_tasks WHERE plan_id = ${planId} AND ref = ${t.ref}`))[0];
  if (existing?.edited) {
    // Staff edited this task in the UI: the import keeps their text and agencies, only the position follows the file.
    await run(q, sql`UPDATE plan_tasks SET position = ${t.position} WHERE id = ${existing.id}`);
    return 'kept';
  }
  await run(
    q,
    sql`INSERT INTO plan_tasks (plan_id, ref, section, section_title, text, timeframe, lead, coordinating, lead_vi, coordinating_vi, discrepancy, position)
      VALUES (${planId}, ${t.ref}, ${t.section}, ${t.sectionTitle}, ${t.text}, ${t.timeframe}, ${t.lead}::text[], ${t.coordinating}::text[],
        ${t.leadVi}::text[], ${t.coordinatingVi}::text[], ${t.discrepancy}, ${t.position})
      ON CONFLICT (plan_id, ref) DO UPDATE SET section = EXCLUDED.section, section_title = EXCLUDED.section_title, text = EXCLUDED.text,
        timeframe = EXCLUDED.timeframe, lead = EXCLUDED.lead, coordinating = EXCLUDED.coordinating, lead_vi = EXCLUDED.lead_vi,
        coordinating_vi = EXCLUDED.coordinating_vi, discrepancy = EXCLUDED.discrepancy, position = EXCLUDED.position`,
  );
  return existing ? 'updated' : 'created';
}

/** Tasks dropped from the file are removed unless agencies already reported on them. */
export async function deleteTasksNotIn(q: Q, planId: string, refs: string[]) {
  await run(
    q,
    sql`DELETE FROM plan_tasks t WHERE t.plan_id = ${planId} AND NOT (t.ref = ANY(${refs}::text[]))
      AND NOT EXISTS (SELECT 1 FROM plan_reports r WHERE r.task_id = t.id)`,
  );
}

export async function updateTask(q: Q, id: string, t: { text: string; timeframe: string; lead: string[]; coordinating: string[]; discrepancy: string | null }) {
  await run(
    q,
    sql`UPDATE plan_tasks SET text = ${t.text}, timeframe = ${t.timeframe}, lead = ${t.lead}::text[], coordinating = ${t.coordinating}::text[],
      discrepancy = ${t.discrepancy}, edited_at = now() WHERE id = ${id}`,
  );
}

// --- cycles ---

export const listCycles = (q: Q, planId?: string) =>
  run<CycleRow>(q, planId ? sql`SELECT ${cycleCols} FROM plan_cycles WHERE plan_id = ${planId} ORDER BY year DESC` : sql`SELECT ${cycleCols} FROM plan_cycles ORDER BY year DESC`);
export const getCycle = async (q: Q, id: string) => (await run<CycleRow>(q, sql`SELECT ${cycleCols} FROM plan_cycles WHERE id = ${id}`))[0];
export const cycleFor = async (q: Q, planId: string, year: number) =>
  (await run<CycleRow>(q, sql`SELECT ${cycleCols} FROM plan_cycles WHERE plan_id = ${planId} AND year = ${year}`))[0];

export async function insertCycle(q: Q, c: { planId: string; year: number; dueDate: string; openedBy: string | null; unresolved: unknown }): Promise<string> {
  const rows = await run<{ id: string }>(
    q,
    sql`INSERT INTO plan_cycles (plan_id, year, due_date, opened_by, unresolved) VALUES (${c.planId}, ${c.year}, ${c.dueDate}, ${c.openedBy}, ${JSON.stringify(c.unresolved)}::jsonb) RETURNING id`,
  );
  return rows[0]!.id;
}

export async function setCycleMeta(q: Q, id: string, meta: Record<string, string>) {
  await run(q, sql`UPDATE plan_cycles SET report_meta = ${JSON.stringify(meta)}::jsonb WHERE id = ${id}`);
}

export async function setCycleDue(q: Q, id: string, due: string) {
  await run(q, sql`UPDATE plan_cycles SET due_date = ${due} WHERE id = ${id}`);
}

export async function insertReports(q: Q, cycleId: string, rows: Array<{ taskId: string; orgId: string; role: 'lead' | 'coordinating' }>) {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await run(
      q,
      sql`INSERT INTO plan_reports (cycle_id, task_id, org_id, role) VALUES ${sql.join(chunk.map((r) => sql`(${cycleId}, ${r.taskId}, ${r.orgId}, ${r.role})`))}
        ON CONFLICT (cycle_id, task_id, org_id) DO NOTHING`,
    );
  }
}

// --- reports ---

export interface ReportFilter {
  cycleId?: string;
  taskId?: string;
  orgIds?: string[];
  states?: string[];
  planId?: string;
}

export function listReports(q: Q, f: ReportFilter) {
  const where = [sql`true`];
  if (f.cycleId) where.push(sql`r.cycle_id = ${f.cycleId}`);
  if (f.taskId) where.push(sql`r.task_id = ${f.taskId}`);
  if (f.planId) where.push(sql`c.plan_id = ${f.planId}`);
  if (f.orgIds) where.push(f.orgIds.length ? sql`r.org_id = ANY(${f.orgIds}::uuid[])` : sql`false`);
  if (f.states) where.push(sql`r.state = ANY(${f.states}::text[])`);
  return run<ReportRow>(q, sql`${reportSelect} WHERE ${sql.join(where, sql` AND `)} ORDER BY c.year DESC, t.position, r.role DESC, r.org_id`);
}

export const getReport = async (q: Q, id: string) => (await run<ReportRow>(q, sql`${reportSelect} WHERE r.id = ${id}`))[0];

export async function saveReport(
  q: Q,
  id: string,
  r: { status: string; progress: number; outputs: Record<string, number>; narrative: string; evidence: unknown[]; submit: boolean; userId: string | null },
) {
  await run(
    q,
    sql`UPDATE plan_reports SET status = ${r.status}, progress = ${r.progress}, outputs = ${JSON.stringify(r.outputs)}::jsonb,
      narrative = ${r.narrative}, evidence = ${JSON.stringify(r.evidence)}::jsonb, updated_at = now(),
      state = CASE WHEN ${r.submit} THEN 'submitted' ELSE state END,
      submitted_at = CASE WHEN ${r.submit} THEN now() ELSE submitted_at END,
      submitted_by = CASE WHEN ${r.submit} THEN ${r.userId}::uuid ELSE submitted_by END
      WHERE id = ${id}`,
  );
}

export async function reviewReport(q: Q, id: string, state: 'accepted' | 'returned', comment: string | null, userId: string | null) {
  await run(q, sql`UPDATE plan_reports SET state = ${state}, review_comment = ${comment}, reviewed_at = now(), reviewed_by = ${userId}::uuid, updated_at = now() WHERE id = ${id}`);
}

/** After the deadline, reports never submitted are marked "not reported". Returns how many changed. */
export async function markNotReported(q: Q, cycleId: string): Promise<number> {
  const rows = await run<{ id: string }>(
    q,
    sql`UPDATE plan_reports SET status = 'not_reported', updated_at = now()
      WHERE cycle_id = ${cycleId} AND state IN ('draft', 'returned') AND submitted_at IS NULL AND status <> 'not_reported' RETURNING id`,
  );
  return rows.length;
}

/** Organisations with reports still to submit in a cycle, with how many. */
export const pendingByOrg = (q: Q, cycleId: string) =>
  run<{ orgId: string; pending: number }>(
    q,
    sql`SELECT org_id AS "orgId", count(*)::int AS pending FROM plan_reports WHERE cycle_id = ${cycleId} AND state IN ('draft', 'returned') GROUP BY org_id`,
  );

export const openCycles = (q: Q) => run<CycleRow>(q, sql`SELECT ${cycleCols} FROM plan_cycles WHERE status = 'open' ORDER BY year`);

export const notificationsForOrgs = (q: Q, orgIds: string[]) =>
  orgIds.length
    ? run<{ title: string; body: string; link: string | null; createdAt: Date }>(
        q,
        sql`SELECT title, body, link, created_at AS "createdAt" FROM notifications WHERE org_id = ANY(${orgIds}::uuid[]) AND dedupe_key LIKE 'plans:%' ORDER BY created_at DESC LIMIT 10`,
      )
    : Promise.resolve([]);

/** SQL for the surveys module's own tables (sv_*). Nothing here reads another module's tables. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/audit/command.ts';
import type { Question } from './surveys.instruments.ts';
import type { FrameRow } from './surveys.frame.ts';

type Q = Db | Tx;

export interface SurveyRow {
  id: string;
  kind: 'satisfaction' | 'needs';
  title_vi: string;
  title_en: string;
  status: 'draft' | 'open' | 'closed';
  access: 'invitation' | 'public';
  opens_on: string;
  closes_on: string;
  period_from: string | null;
  period_to: string | null;
  design: Design | null;
  seed: string | null;
  drawn_at: Date | null;
  published: boolean;
  instrument_id: string;
  version: number;
  questions: Question[];
}

export interface Design {
  e: number;
  p: number;
  method: 'cochran' | 'yamane';
  floor: number;
  N: number;
  n0: number;
  n: number;
  total: number;
}

const SURVEY_COLS = sql`s.id, s.kind, s.title_vi, s.title_en, s.status, s.access, to_char(s.opens_on, 'YYYY-MM-DD') AS opens_on,
  to_char(s.closes_on, 'YYYY-MM-DD') AS closes_on, to_char(s.period_from, 'YYYY-MM-DD') AS period_from, to_char(s.period_to, 'YYYY-MM-DD') AS period_to,
  s.design, s.seed, s.drawn_at, s.published, v.instrument_id, v.version, v.questions`;

export async function listSurveys(db: Q, opts: { publicOnly: boolean }): Promise<SurveyRow[]> {
  const where = opts.publicOnly ? sql`WHERE s.status <> 'draft'` : sql``;
  const r = await sql<SurveyRow>`SELECT ${SURVEY_COLS} FROM sv_surveys s JOIN sv_instrument_versions v ON v.id = s.instrument_version_id ${where} ORDER BY s.opens_on DESC, s.id`.execute(db);
  return r.rows;
}

export async function getSurvey(db: Q, id: string, lock = false): Promise<SurveyRow | undefined> {
  const r = await sql<SurveyRow>`SELECT ${SURVEY_COLS} FROM sv_surveys s JOIN sv_instrument_versions v ON v.id = s.instrument_version_id WHERE s.id = ${id} ${lock ? sql`FOR UPDATE OF s` : sql``}`.execute(db);
  return r.rows[0];
}

export async function latestVersion(db: Q, instrumentId: string) {
  const r = await sql<{ id: string; version: number; questions: Question[]; kind: 'satisfaction' | 'needs'; title_vi: string; title_en: string }>`
    SELECT v.id, v.version, v.questions, i.kind, i.title_vi, i.title_en FROM sv_instrument_versions v JOIN sv_instruments i ON i.id = v.instrument_id
    WHERE v.instrument_id = ${instrumentId} ORDER BY v.version DESC LIMIT 1`.execute(db);
  return r.rows[0];
}

export async function listInstruments(db: Q) {
  const r = await sql<{ id: string; kind: string; title_vi: string; title_en: string; version: number }>`
    SELECT i.id, i.kind, i.title_vi, i.title_en, max(v.version)::int AS version FROM sv_instruments i JOIN sv_instrument_versions v ON v.instrument_id = i.id
    GROUP BY i.id ORDER BY i.id`.execute(db);
  return r.rows;
}

export async function upsertInstrument(db: Q, i: { id: string; kind: string; titleVi: string; titleEn: string }) {
  await sql`INSERT INTO sv_instruments (id, kind, title_vi, title_en) VALUES (${i.id}, ${i.kind}, ${i.titleVi}, ${i.titleEn})
    ON CONFLICT (id) DO UPDATE SET title_vi = excluded.title_vi, title_en = excluded.title_en`.execute(db);
}

export async function insertVersion(db: Q, instrumentId: string, version: number, questions: Question[]) {
  await sql`INSERT INTO sv_instrument_versions (instrument_id, version, questions) VALUES (${instrumentId}, ${version}, ${JSON.stringify(questions)}::jsonb)`.execute(db);
}

export async function insertSurvey(
  db: Q,
  s: { id: string; versionId: string; kind: string; titleVi: string; titleEn: string; access: string; opensOn: string; closesOn: string; periodFrom: string | null; periodTo: string | null },
) {
  await sql`INSERT INTO sv_surveys (id, instrument_version_id, kind, title_vi, title_en, access, opens_on, closes_on, period_from, period_to)
    VALUES (${s.id}, ${s.versionId}, ${s.kind}, ${s.titleVi}, ${s.titleEn}, ${s.access}, ${s.opensOn}::date, ${s.closesOn}::date, ${s.periodFrom}::date, ${s.periodTo}::date)`.execute(db);
}

export async function setStatus(db: Q, id: string, status: string) {
  await sql`UPDATE sv_surveys SET status = ${status} WHERE id = ${id}`.execute(db);
}

export async function setPublished(db: Q, id: string, published: boolean) {
  await sql`UPDATE sv_surveys SET published = ${published} WHERE id = ${id}`.execute(db);
}

export async function replaceFrame(db: Q, surveyId: string, rows: Array<FrameRow & { stratum: string }>) {
  await sql`DELETE FROM sv_frame WHERE survey_id = ${surveyId}`.execute(db);
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await sql`INSERT INTO sv_frame (survey_id, dossier_id, agency, field, field_group, procedure, channel, commune, result_date, phone, email, stratum)
      SELECT ${surveyId}, x.dossier_id, x.agency, x.field, x.field_group, x.procedure, x.channel, x.commune, x.result_date::date, x.phone, x.email, x.stratum
      FROM jsonb_to_recordset(${JSON.stringify(
        chunk.map((r) => ({ dossier_id: r.dossierId, agency: r.agency, field: r.field, field_group: r.fieldGroup, procedure: r.procedure, channel: r.channel, commune: r.commune, result_date: r.resultDate, phone: r.phone, email: r.email, stratum: r.stratum })),
      )}::jsonb) AS x(dossier_id text, agency text, field text, field_group text, procedure text, channel text, commune text, result_date text, phone text, email text, stratum text)`.execute(db);
  }
}

export async function frameUnits(db: Q, surveyId: string) {
  const r = await sql<{ id: string; stratum: string; agency: string; field_group: string; channel: string; email: string | null }>`
    SELECT dossier_id AS id, stratum, agency, field_group, channel, email FROM sv_frame WHERE survey_id = ${surveyId}`.execute(db);
  return r.rows;
}

export async function frameCount(db: Q, surveyId: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sv_frame WHERE survey_id = ${surveyId}`.execute(db);
  return r.rows[0]!.n;
}

export async function insertStrata(db: Q, surveyId: string, strata: Array<{ key: string; agency: string; fieldGroup: string; channel: string; N: number; n: number; floored: boolean }>) {
  await sql`DELETE FROM sv_strata WHERE survey_id = ${surveyId}`.execute(db);
  if (!strata.length) return;
  await sql`INSERT INTO sv_strata (survey_id, key, agency, field_group, channel, frame_n, sample_n, floored)
    SELECT ${surveyId}, x.key, x.agency, x.field_group, x.channel, x.frame_n, x.sample_n, x.floored
    FROM jsonb_to_recordset(${JSON.stringify(strata.map((s) => ({ key: s.key, agency: s.agency, field_group: s.fieldGroup, channel: s.channel, frame_n: s.N, sample_n: s.n, floored: s.floored })))}::jsonb)
    AS x(key text, agency text, field_group text, channel text, frame_n int, sample_n int, floored boolean)`.execute(db);
}

export async function strataOf(db: Q, surveyId: string) {
  const r = await sql<{ key: string; agency: string; field_group: string; channel: string; frame_n: number; sample_n: number; floored: boolean }>`
    SELECT key, agency, field_group, channel, frame_n, sample_n, floored FROM sv_strata WHERE survey_id = ${surveyId} ORDER BY agency, field_group, channel`.execute(db);
  return r.rows;
}

export async function insertInvitations(db: Q, surveyId: string, inv: Array<{ dossierId: string; stratum: string; tokenHash: string }>) {
  for (let i = 0; i < inv.length; i += 500) {
    const chunk = inv.slice(i, i + 500);
    await sql`INSERT INTO sv_invitations (survey_id, dossier_id, stratum, token_hash)
      SELECT ${surveyId}, x.dossier_id, x.stratum, x.token_hash FROM jsonb_to_recordset(${JSON.stringify(chunk.map((c) => ({ dossier_id: c.dossierId, stratum: c.stratum, token_hash: c.tokenHash })))}::jsonb)
      AS x(dossier_id text, stratum text, token_hash text)`.execute(db);
  }
}

export async function recordDraw(db: Q, surveyId: string, design: Design, seed: string) {
  await sql`UPDATE sv_surveys SET design = ${JSON.stringify(design)}::jsonb, seed = ${seed}, drawn_at = now() WHERE id = ${surveyId}`.execute(db);
}

export interface InvitationRow {
  id: string;
  survey_id: string;
  dossier_id: string;
  stratum: string;
  status: 'issued' | 'started' | 'completed';
  draft: Record<string, unknown> | null;
}

export async function invitationByToken(db: Q, surveyId: string, tokenHash: string, lock = false): Promise<InvitationRow | undefined> {
  const r = await sql<InvitationRow>`SELECT id, survey_id, dossier_id, stratum, status, draft FROM sv_invitations WHERE survey_id = ${surveyId} AND token_hash = ${tokenHash} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return r.rows[0];
}

export async function invitationByDossier(db: Q, surveyId: string, dossierId: string, lock = false): Promise<InvitationRow | undefined> {
  const r = await sql<InvitationRow>`SELECT id, survey_id, dossier_id, stratum, status, draft FROM sv_invitations WHERE survey_id = ${surveyId} AND dossier_id = ${dossierId} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return r.rows[0];
}

export async function saveDraft(db: Q, invitationId: string, draft: Record<string, unknown>) {
  await sql`UPDATE sv_invitations SET draft = ${JSON.stringify(draft)}::jsonb, status = 'started' WHERE id = ${invitationId} AND status <> 'completed'`.execute(db);
}

/** Mark an invitation used; false when another submission got there first. */
export async function completeInvitation(db: Q, invitationId: string): Promise<boolean> {
  const r = await sql`UPDATE sv_invitations SET status = 'completed', completed_at = now(), draft = NULL WHERE id = ${invitationId} AND status <> 'completed'`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function insertResponse(
  db: Q,
  r: { surveyId: string; invitationId: string | null; stratum: string | null; personKey: string | null; mode: string; interviewer: string | null; answers: Record<string, unknown> },
): Promise<string> {
  const res = await sql<{ id: string }>`INSERT INTO sv_responses (survey_id, invitation_id, stratum, person_key, mode, interviewer, answers)
    VALUES (${r.surveyId}, ${r.invitationId}, ${r.stratum}, ${r.personKey}, ${r.mode}, ${r.interviewer}, ${JSON.stringify(r.answers)}::jsonb) RETURNING id`.execute(db);
  return res.rows[0]!.id;
}

export async function hasPersonResponse(db: Q, surveyId: string, personKey: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM sv_responses WHERE survey_id = ${surveyId} AND person_key = ${personKey}`.execute(db);
  return r.rows.length > 0;
}

export async function responsesOf(db: Q, surveyId: string) {
  const r = await sql<{ stratum: string | null; mode: string; answers: Record<string, unknown> }>`SELECT stratum, mode, answers FROM sv_responses WHERE survey_id = ${surveyId}`.execute(db);
  return r.rows;
}

export async function invitationCounts(db: Q, surveyId: string) {
  const r = await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM sv_invitations WHERE survey_id = ${surveyId} GROUP BY status`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.status, x.n])) as Record<string, number>;
}

export async function quotasOf(db: Q, surveyId: string) {
  const r = await sql<{ id: string; question_id: string; option_id: string | null; max_n: number; filled: number }>`SELECT id, question_id, option_id, max_n, filled FROM sv_quotas WHERE survey_id = ${surveyId} ORDER BY id`.execute(db);
  return r.rows;
}

export async function upsertQuota(db: Q, surveyId: string, q: { id: string; questionId: string; optionId: string | null; max: number }) {
  await sql`INSERT INTO sv_quotas (survey_id, id, question_id, option_id, max_n) VALUES (${surveyId}, ${q.id}, ${q.questionId}, ${q.optionId}, ${q.max})
    ON CONFLICT (survey_id, id) DO UPDATE SET question_id = excluded.question_id, option_id = excluded.option_id, max_n = excluded.max_n`.execute(db);
}

/** Take one place in a quota; false when it is full. Row lock: two concurrent takers cannot both get the last place. */
export async function takeQuota(db: Q, surveyId: string, quotaId: string): Promise<boolean> {
  const r = await sql`UPDATE sv_quotas SET filled = filled + 1 WHERE survey_id = ${surveyId} AND id = ${quotaId} AND filled < max_n`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** Invitations to remind: not completed, with an e-mail in the frame, fewer than `max` reminders, last contact before `before`. */
export async function dueReminders(db: Q, before: Date, max: number) {
  const r = await sql<{ id: string; survey_id: string; dossier_id: string; email: string; reminders: number; title_vi: string }>`
    SELECT i.id, i.survey_id, i.dossier_id, f.email, i.reminders, s.title_vi FROM sv_invitations i
    JOIN sv_surveys s ON s.id = i.survey_id AND s.status = 'open'
    JOIN sv_frame f ON f.survey_id = i.survey_id AND f.dossier_id = i.dossier_id AND f.email IS NOT NULL
    WHERE i.status <> 'completed' AND i.reminders < ${max} AND coalesce(i.reminded_at, i.sent_at) < ${before}
    ORDER BY i.survey_id, i.dossier_id LIMIT 5000`.execute(db);
  return r.rows;
}

export async function markReminded(db: Q, id: string, at: Date) {
  await sql`UPDATE sv_invitations SET reminders = reminders + 1, reminded_at = ${at} WHERE id = ${id}`.execute(db);
}

export async function markMailed(db: Q, surveyId: string, dossierIds: string[]) {
  if (!dossierIds.length) return;
  await sql`UPDATE sv_invitations SET sent_at = now() WHERE survey_id = ${surveyId} AND dossier_id = ANY(${dossierIds}::text[])`.execute(db);
}

export async function sampledDossiers(db: Q, surveyId: string, stratum: string): Promise<string[]> {
  const r = await sql<{ dossier_id: string }>`SELECT dossier_id FROM sv_invitations WHERE survey_id = ${surveyId} AND stratum = ${stratum} ORDER BY dossier_id`.execute(db);
  return r.rows.map((x) => x.dossier_id);
}

export async function invitationLinks(db: Q, surveyId: string) {
  const r = await sql<{ dossier_id: string; stratum: string; status: string; phone: string | null }>`
    SELECT i.dossier_id, i.stratum, i.status, f.phone FROM sv_invitations i JOIN sv_frame f ON f.survey_id = i.survey_id AND f.dossier_id = i.dossier_id
    WHERE i.survey_id = ${surveyId} ORDER BY i.stratum, i.dossier_id`.execute(db);
  return r.rows;
}

export async function allVersions(db: Q, instrumentId: string): Promise<Question[][]> {
  const r = await sql<{ questions: Question[] }>`SELECT questions FROM sv_instrument_versions WHERE instrument_id = ${instrumentId} ORDER BY version`.execute(db);
  return r.rows.map((x) => x.questions);
}

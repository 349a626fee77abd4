import { sql, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/audit/command.ts';
import { foldVietnamese } from '../../platform/i18n/text.ts';

type Q = Db | Tx | Kysely<unknown>;

export interface ItemRow {
  id: string;
  code: string;
  kind: string;
  status: string;
  channel: string;
  serviceCode: string | null;
  serviceName: string | null;
  field: string | null;
  commune: string | null;
  orgId: string;
  coordinatingOrgIds: string[];
  assignedTo: string | null;
  title: string;
  body: string;
  titlePublic: string;
  bodyPublic: string;
  moderation: 'pending' | 'approved' | 'hidden';
  moderationReason: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  address: string | null;
  lat: number | null;
  long: number | null;
  dossierCode: string | null;
  transcript: Array<{ role: string; text: string }> | null;
  citizenKey: string;
  enteredBy: string | null;
  duplicates: number;
  receivedDay: string;
  dueDay: string;
  pausedSince: string | null;
  escalationLevel: number;
  answerDraft: string | null;
  answerPublic: string | null;
  answeredAt: Date | null;
  answeredDay: string | null;
  answeredOnTime: boolean | null;
  satisfied: boolean | null;
  reopened: number;
  reopenReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const itemColumns = sql`i.id, i.code, i.kind, i.status, i.channel, i.service_code AS "serviceCode", i.service_name AS "serviceName",
  i.field, i.commune, i.org_id AS "orgId", i.coordinating_org_ids AS "coordinatingOrgIds", i.assigned_to AS "assignedTo",
  i.title, i.body, i.title_public AS "titlePublic", i.body_public AS "bodyPublic", i.moderation, i.moderation_reason AS "moderationReason",
  i.contact_name AS "contactName", i.contact_email AS "contactEmail", i.contact_phone AS "contactPhone", i.address, i.lat, i.long, i.dossier_code AS "dossierCode",
  i.transcript, i.citizen_key AS "citizenKey", i.entered_by AS "enteredBy", i.duplicates, i.received_day::text AS "receivedDay", i.due_day::text AS "dueDay",
  i.paused_since::text AS "pausedSince", i.escalation_level AS "escalationLevel", i.answer_draft AS "answerDraft",
  i.answer_public AS "answerPublic", i.answered_at AS "answeredAt", i.answered_day::text AS "answeredDay",
  i.answered_on_time AS "answeredOnTime", i.satisfied, i.reopened, i.reopen_reason AS "reopenReason",
  i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;

export async function getByCode(db: Q, code: string, forUpdate = false): Promise<ItemRow | undefined> {
  const res = await sql<ItemRow>`SELECT ${itemColumns} FROM fb_items i WHERE i.code = ${code} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db as Db);
  return res.rows[0];
}

export async function findBy(db: Q, column: 'idempotency_key' | 'submission_token', value: string): Promise<{ code: string; id: string } | undefined> {
  const res = await sql<{ code: string; id: string }>`SELECT code, id FROM fb_items WHERE ${sql.ref(column)} = ${value}`.execute(db as Db);
  return res.rows[0];
}

export async function findRecentDuplicate(db: Q, dedupeHash: string, minutes: number): Promise<{ code: string; id: string } | undefined> {
  const res = await sql<{ code: string; id: string }>`SELECT code, id FROM fb_items
    WHERE dedupe_hash = ${dedupeHash} AND created_at > now() - make_interval(mins => ${minutes}) ORDER BY created_at DESC LIMIT 1`.execute(db as Db);
  return res.rows[0];
}

export interface InsertItem {
  code: string;
  kind: string;
  status: string;
  channel: string;
  serviceCode: string | null;
  serviceName: string | null;
  field: string | null;
  commune: string | null;
  orgId: string;
  coordinatingOrgIds: string[];
  title: string;
  body: string;
  titlePublic: string;
  bodyPublic: string;
  moderation: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  address: string | null;
  lat: number | null;
  long: number | null;
  dossierCode: string | null;
  transcript: unknown;
  conversationId: string | null;
  citizenKey: string;
  idempotencyKey: string | null;
  submissionToken: string | null;
  dedupeHash: string;
  enteredBy: string | null;
  receivedDay: string;
  dueDay: string;
}

/**
 * Insert an item with its public acknowledgement and rollup in ONE statement (atomic without an explicit
 * transaction, one round trip, the rest done by a trigger): unless an item with the same dedupe hash arrived in the last `dedupeMinutes`,
 * in which case nothing is inserted and that item is returned with merged = true.
 */
export async function insertItemAtomic(db: Q, v: Omit<InsertItem, 'code'>, newCode: () => string, dedupeMinutes: number): Promise<{ id: string; code: string; merged: boolean }> {
  // The acknowledgement event, the "routed" event and the rollup are written by the fb_items_acknowledge trigger.
  // The code is random: on the (one in a million) clash with an existing code nothing is inserted and a new
  // code is drawn (ON CONFLICT keeps the transaction usable).
  for (let attempt = 0; ; attempt++) {
    const r = await insertOnce(db, v, newCode(), dedupeMinutes);
    if (r || attempt >= 4) {
      if (!r) throw new Error('insertItemAtomic: no free receipt code after 5 draws');
      return r;
    }
  }
}

async function insertOnce(db: Q, v: Omit<InsertItem, 'code'>, code: string, dedupeMinutes: number): Promise<{ id: string; code: string; merged: boolean } | undefined> {
  const res = await sql<{ id: string; code: string }>`
    INSERT INTO fb_items (code, kind, status, channel, service_code, service_name, field, commune, org_id,
      coordinating_org_ids, title, body, title_public, body_public, moderation, contact_name, contact_email, contact_phone, address, lat, long, dossier_code,
      transcript, conversation_id, citizen_key, idempotency_key, submission_token, dedupe_hash, entered_by, received_day, due_day)
    SELECT ${code}, ${v.kind}, ${v.status}, ${v.channel}, ${v.serviceCode},
      ${v.serviceName}, ${v.field}, ${v.commune}, ${v.orgId}::uuid, ${v.coordinatingOrgIds}::uuid[], ${v.title}, ${v.body}, ${v.titlePublic}, ${v.bodyPublic},
      ${v.moderation}, ${v.contactName}, ${v.contactEmail}, ${v.contactPhone}, ${v.address}, ${v.lat}::float8, ${v.long}::float8, ${v.dossierCode},
      ${v.transcript == null ? null : JSON.stringify(v.transcript)}::jsonb, ${v.conversationId}, ${v.citizenKey}, ${v.idempotencyKey}, ${v.submissionToken},
      ${v.dedupeHash}, ${v.enteredBy}::uuid, ${v.receivedDay}::date, ${v.dueDay}::date
    WHERE NOT EXISTS (SELECT 1 FROM fb_items d WHERE d.dedupe_hash = ${v.dedupeHash} AND d.created_at > now() - make_interval(mins => ${dedupeMinutes}))
    ON CONFLICT (code) DO NOTHING
    RETURNING id, code`.execute(db as Db);
  if (res.rows[0]) return { ...res.rows[0], merged: false };
  const dup = await sql<{ id: string; code: string }>`SELECT id, code FROM fb_items WHERE dedupe_hash = ${v.dedupeHash}
    AND created_at > now() - make_interval(mins => ${dedupeMinutes}) ORDER BY created_at DESC LIMIT 1`.execute(db as Db);
  return dup.rows[0] ? { ...dup.rows[0], merged: true } : undefined;
}

/** Update columns of an item (snake_case names → values) and bump updated_at. */
export async function updateItem(db: Q, id: string, set: Record<string, unknown>): Promise<void> {
  const parts = Object.entries(set).map(([k, v]) => sql`${sql.ref(k)} = ${v}`);
  parts.push(sql`updated_at = now()`);
  await sql`UPDATE fb_items SET ${sql.join(parts, sql`, `)} WHERE id = ${id}`.execute(db as Db);
}

export interface EventRow {
  id: number;
  at: Date;
  kind: string;
  public: boolean;
  note: string | null;
  actorLabel: string;
}

/** Add a timeline entry; with a stepKey it is added at most once per item (returns false if it existed). */
export async function addEvent(db: Q, itemId: string, e: { kind: string; public: boolean; note?: string | null; actorLabel: string; stepKey?: string }): Promise<boolean> {
  const res = await sql`INSERT INTO fb_events (item_id, kind, public, note, actor_label, step_key)
    VALUES (${itemId}, ${e.kind}, ${e.public}, ${e.note ?? null}, ${e.actorLabel}, ${e.stepKey ?? null})
    ON CONFLICT (item_id, step_key) DO NOTHING`.execute(db as Db);
  return Number(res.numAffectedRows ?? 0) > 0;
}

export async function events(db: Q, itemId: string, publicOnly: boolean): Promise<EventRow[]> {
  const res = await sql<EventRow>`SELECT id::int AS id, at, kind, public, note, actor_label AS "actorLabel" FROM fb_events
    WHERE item_id = ${itemId} ${publicOnly ? sql`AND public` : sql``} ORDER BY id`.execute(db as Db);
  return res.rows;
}

export interface QueueFilter {
  orgIds: string[] | null;
  status?: string;
  kind?: string;
  assignedTo?: string;
  overdueOnly?: boolean;
  moderationPending?: boolean;
  today: string;
  limit: number;
  offset: number;
}

export async function queue(db: Q, f: QueueFilter): Promise<ItemRow[]> {
  const where = [sql`true`];
  if (f.orgIds) where.push(f.orgIds.length ? sql`(i.org_id = ANY(${f.orgIds}::uuid[]) OR i.coordinating_org_ids && ${f.orgIds}::uuid[])` : sql`false`);
  if (f.status === 'open') where.push(sql`i.status IN ('received', 'in_progress', 'waiting_citizen', 'answer_pending')`);
  else if (f.status) where.push(sql`i.status = ${f.status}`);
  if (f.kind) where.push(sql`i.kind = ${f.kind}`);
  if (f.assignedTo) where.push(sql`i.assigned_to = ${f.assignedTo}`);
  if (f.moderationPending) where.push(sql`i.moderation = 'pending'`);
  if (f.overdueOnly) where.push(sql`i.due_day < ${f.today}::date AND i.status IN ('received', 'in_progress', 'answer_pending')`);
  const res = await sql<ItemRow>`SELECT ${itemColumns} FROM fb_items i WHERE ${sql.join(where, sql` AND `)}
    ORDER BY i.due_day, i.created_at LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db as Db);
  return res.rows;
}

/** Keyset position: pages are read strictly after the last (day, id) seen, so every row is visited once. */
export type After = { day: string; id: string } | null;

/** Open items (clock running) by deadline, one page after `after` (keyset on due_day, id; index fb_items_open_due_idx). */
export async function openItems(db: Q, limit: number, after: After = null): Promise<ItemRow[]> {
  const res = await sql<ItemRow>`SELECT ${itemColumns} FROM fb_items i
    WHERE i.status IN ('received', 'in_progress', 'answer_pending') ${after ? sql`AND (i.due_day, i.id) > (${after.day}::date, ${after.id}::uuid)` : sql``}
    ORDER BY i.due_day, i.id LIMIT ${limit}`.execute(db as Db);
  return res.rows;
}

export async function pendingModeration(db: Q, limit: number, after: After = null): Promise<ItemRow[]> {
  const res = await sql<ItemRow>`SELECT ${itemColumns} FROM fb_items i WHERE i.moderation = 'pending'
    ${after ? sql`AND (i.received_day, i.id) > (${after.day}::date, ${after.id}::uuid)` : sql``}
    ORDER BY i.received_day, i.id LIMIT ${limit}`.execute(db as Db);
  return res.rows;
}

/**
 * Folded search words of a query (at most 8). Words match in any order ("lai xe qua han" finds "lái xe quá hạn");
 * with three words or more one may be missing (citizens add words the answer does not use: "bằng lái").
 */
export function answerWords(q: string | null): string[] {
  return [...new Set(foldVietnamese(q ?? '').split(/[^a-z0-9]+/).filter(Boolean))].slice(0, 8);
}

/** Every item of one agency past its deadline (the chasing letter lists them all). */
export async function overdueForOrg(db: Q, orgId: string, today: string): Promise<ItemRow[]> {
  const res = await sql<ItemRow>`SELECT ${itemColumns} FROM fb_items i
    WHERE i.org_id = ${orgId} AND i.due_day < ${today}::date AND i.status IN ('received', 'in_progress', 'answer_pending')
    ORDER BY i.due_day, i.code`.execute(db as Db);
  return res.rows;
}

/** The chasing-letter register: one number per agency and day, numbered from 1 each year (NĐ 30/2020 Art. 15). */
export async function letterNumber(db: Q, orgId: string, day: string, items: number): Promise<number> {
  return (db as Db).transaction().execute(async (tx) => {
    await sql`LOCK TABLE fb_chasing_letters IN EXCLUSIVE MODE`.execute(tx);
    const existing = await sql<{ number: number }>`SELECT number FROM fb_chasing_letters WHERE org_id = ${orgId} AND day = ${day}::date`.execute(tx);
    if (existing.rows[0]) return existing.rows[0].number;
    const next = await sql<{ n: number }>`SELECT coalesce(max(number), 0)::int + 1 AS n FROM fb_chasing_letters WHERE year = ${Number(day.slice(0, 4))}`.execute(tx);
    const n = next.rows[0]!.n;
    await sql`INSERT INTO fb_chasing_letters (year, number, org_id, day, items) VALUES (${Number(day.slice(0, 4))}, ${n}, ${orgId}, ${day}::date, ${items})`.execute(tx);
    return n;
  });
}

export async function publishedAnswers(db: Q, q: string | null, limit: number, offset = 0): Promise<ItemRow[]> {
  const words = answerWords(q);
  const text = sql`vn_fold(i.title_public || ' ' || i.body_public || ' ' || i.answer_public)`;
  const matched = sql`(${sql.join(words.length ? words.map((w) => sql`(${text} LIKE ${`%${w}%`})::int`) : [sql`0`], sql` + `)})`;
  const needed = words.length <= 2 ? words.length : words.length - 1;
  const res = await sql<ItemRow>`SELECT ${itemColumns} FROM fb_items i
    WHERE i.status IN ('answered', 'closed') AND i.moderation = 'approved' AND i.answer_public IS NOT NULL AND i.kind IN ('hoi-dap', 'phan-anh', 'kho-khan', 'ho-tro')
    ${words.length ? sql`AND ${matched} >= ${needed}` : sql``}
    ORDER BY ${words.length ? sql`${matched} DESC, ` : sql``}i.answered_at DESC LIMIT ${limit} OFFSET ${offset}`.execute(db as Db);
  return res.rows;
}

export async function recentPublic(db: Q, limit: number, requestedFrom?: Date, requestedTo?: Date, status?: 'open' | 'closed'): Promise<ItemRow[]> {
  const where = [sql`i.moderation <> 'hidden'`];
  if (requestedFrom) where.push(sql`i.created_at >= ${requestedFrom}`);
  if (requestedTo) where.push(sql`i.created_at <= ${requestedTo}`);
  if (status === 'open') where.push(sql`i.status NOT IN ('answered', 'closed', 'rejected')`);
  if (status === 'closed') where.push(sql`i.status IN ('answered', 'closed', 'rejected')`);
  const res = await sql<ItemRow>`SELECT ${itemColumns} FROM fb_items i WHERE ${sql.join(where, sql` AND `)}
    ORDER BY i.created_at DESC LIMIT ${limit}`.execute(db as Db);
  return res.rows;
}

// ---- rollups (updated in the caller's transaction) ----

export async function bumpItemRollup(
  db: Q,
  day: string,
  orgId: string,
  d: Partial<Record<'received' | 'acknowledged' | 'answered' | 'on_time' | 'handling_days' | 'disliked' | 'reopened', number>>,
): Promise<void> {
  const cols = ['received', 'acknowledged', 'answered', 'on_time', 'handling_days', 'disliked', 'reopened'] as const;
  const vals = cols.map((c) => d[c] ?? 0);
  await sql`INSERT INTO fb_item_rollup (day, org_id, received, acknowledged, answered, on_time, handling_days, disliked, reopened)
    VALUES (${day}::date, ${orgId}, ${vals[0]}, ${vals[1]}, ${vals[2]}, ${vals[3]}, ${vals[4]}, ${vals[5]}, ${vals[6]})
    ON CONFLICT (day, org_id) DO UPDATE SET received = fb_item_rollup.received + EXCLUDED.received,
      acknowledged = fb_item_rollup.acknowledged + EXCLUDED.acknowledged, answered = fb_item_rollup.answered + EXCLUDED.answered,
      on_time = fb_item_rollup.on_time + EXCLUDED.on_time, handling_days = fb_item_rollup.handling_days + EXCLUDED.handling_days,
      disliked = fb_item_rollup.disliked + EXCLUDED.disliked, reopened = fb_item_rollup.reopened + EXCLUDED.reopened`.execute(db as Db);
}

export async function bumpHandlingHist(db: Q, day: string, orgId: string, days: number): Promise<void> {
  await sql`INSERT INTO fb_handling_hist (month, org_id, days, n) VALUES (date_trunc('month', ${day}::date)::date, ${orgId}, ${days}, 1)
    ON CONFLICT (month, org_id, days) DO UPDATE SET n = fb_handling_hist.n + 1`.execute(db as Db);
}

export async function bumpRatingRollup(
  db: Q,
  r: { day: string; orgId: string; field: string; ldi: boolean; channel: string; score: number; serviceCode?: string | null; commune?: string | null },
  n = 1,
): Promise<void> {
  await sql`INSERT INTO fb_rating_rollup (day, org_id, field, ldi, channel, n, score_sum, satisfied)
    VALUES (${r.day}::date, ${r.orgId}, ${r.field}, ${r.ldi}, ${r.channel}, ${n}, ${r.score * n}, ${r.score >= 4 ? n : 0})
    ON CONFLICT (day, org_id, field, channel) DO UPDATE SET n = fb_rating_rollup.n + EXCLUDED.n,
      score_sum = fb_rating_rollup.score_sum + EXCLUDED.score_sum, satisfied = fb_rating_rollup.satisfied + EXCLUDED.satisfied`.execute(db as Db);
  await sql`INSERT INTO fb_rating_rollup_month (month, org_id, field, ldi, channel, n, score_sum, satisfied)
    VALUES (date_trunc('month', ${r.day}::date)::date, ${r.orgId}, ${r.field}, ${r.ldi}, ${r.channel}, ${n}, ${r.score * n}, ${r.score >= 4 ? n : 0})
    ON CONFLICT (month, org_id, field, channel) DO UPDATE SET n = fb_rating_rollup_month.n + EXCLUDED.n,
      score_sum = fb_rating_rollup_month.score_sum + EXCLUDED.score_sum, satisfied = fb_rating_rollup_month.satisfied + EXCLUDED.satisfied`.execute(db as Db);
  // Per service and commune (migration 0303), same transaction.
  const sc = r.serviceCode ?? '';
  const cm = r.commune ?? '';
  await sql`INSERT INTO fb_rating_rollup_sc (day, org_id, service_code, commune, n, score_sum, satisfied)
    VALUES (${r.day}::date, ${r.orgId}, ${sc}, ${cm}, ${n}, ${r.score * n}, ${r.score >= 4 ? n : 0})
    ON CONFLICT (day, org_id, service_code, commune) DO UPDATE SET n = fb_rating_rollup_sc.n + EXCLUDED.n,
      score_sum = fb_rating_rollup_sc.score_sum + EXCLUDED.score_sum, satisfied = fb_rating_rollup_sc.satisfied + EXCLUDED.satisfied`.execute(db as Db);
  await sql`INSERT INTO fb_rating_rollup_sc_month (month, org_id, service_code, commune, n, score_sum, satisfied)
    VALUES (date_trunc('month', ${r.day}::date)::date, ${r.orgId}, ${sc}, ${cm}, ${n}, ${r.score * n}, ${r.score >= 4 ? n : 0})
    ON CONFLICT (month, org_id, service_code, commune) DO UPDATE SET n = fb_rating_rollup_sc_month.n + EXCLUDED.n,
      score_sum = fb_rating_rollup_sc_month.score_sum + EXCLUDED.score_sum, satisfied = fb_rating_rollup_sc_month.satisfied + EXCLUDED.satisfied`.execute(db as Db);
}

export interface RatingInsert {
  serviceCode: string | null;
  orgId: string | null;
  field: string | null;
  commune: string | null;
  channel: string;
  score: number;
  ease: number | null;
  speed: number | null;
  attitude: number | null;
  clarity: number | null;
  comment: string | null;
  dossierCode: string | null;
  itemId: string | null;
  clientHash: string | null;
  day: string;
}

/** Returns the new id, or null when this dossier code was already rated. */
export async function insertRating(db: Q, r: RatingInsert): Promise<number | null> {
  const res = await sql<{ id: number }>`INSERT INTO fb_ratings (service_code, org_id, field, commune, channel, score, ease, speed, attitude, clarity,
      comment, dossier_code, item_id, client_hash, day)
    VALUES (${r.serviceCode}, ${r.orgId}, ${r.field}, ${r.commune}, ${r.channel}, ${r.score}, ${r.ease}, ${r.speed}, ${r.attitude}, ${r.clarity},
      ${r.comment}, ${r.dossierCode}, ${r.itemId}, ${r.clientHash}, ${r.day}::date)
    ON CONFLICT (dossier_code) DO NOTHING RETURNING id::int AS id`.execute(db as Db);
  return res.rows[0]?.id ?? null;
}

export async function recentRatingsFromClient(db: Q, clientHash: string, minutes: number): Promise<number> {
  const res = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fb_ratings WHERE client_hash = ${clientHash}
    AND created_at > now() - make_interval(mins => ${minutes})`.execute(db as Db);
  return res.rows[0]!.n;
}

// ---- calendar ----

export async function calendarRows(db: Q): Promise<Array<{ day: string; kind: string; name: string; source: string }>> {
  const res = await sql<{ day: string; kind: string; name: string; source: string }>`SELECT day::text AS day, kind, name, source FROM fb_calendar ORDER BY day`.execute(db as Db);
  return res.rows;
}

export async function limits(db: Q): Promise<Record<string, number>> {
  const res = await sql<{ step: string; days: number }>`SELECT step, days FROM fb_limits`.execute(db as Db);
  return Object.fromEntries(res.rows.map((r) => [r.step, r.days]));
}

/**
 * Did this user write any version of the item's answer draft? Drafts are commands with an audit row each, so
 * the audit log is the chain's history (the draft column keeps only the latest text).
 */
export async function draftedAnswer(db: Q, itemId: string, userId: string): Promise<boolean> {
  const res = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log
    WHERE entity_type = 'feedback_item' AND entity_id = ${itemId} AND action = 'feedback.draftAnswer' AND actor_id = ${userId}`.execute(db);
  return (res.rows[0]?.n ?? 0) > 0;
}

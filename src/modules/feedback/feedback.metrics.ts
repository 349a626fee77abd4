import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { SECTORS, sectorOf, type Sector } from './feedback.sectors.ts';

/**
 * Decision 766 figures from the rollup tables (never from raw items or ratings):
 *  - ackRate: items publicly acknowledged / items received (target 100 %)
 *  - onTimeRate (5.2): PAKN handled on time / PAKN handled
 *  - paknSatisfaction (5.3): items satisfied by their final verdict and never late / PAKN handled, each PAKN counted
 *    once by its final state (fb_pakn_rollup, migration 0320), by receipt day; no verdict = "chưa đánh giá"
 *  - satisfactionRate: ratings of 4 or 5 / all ratings (rating-based, labelled apart from SIPAS surveys)
 *  - satisfactionLandConstrInvest: the same restricted to land, construction and investment services
 */
export interface Period {
  from?: string;
  to?: string;
  orgId?: string;
}

export const MIN_SAMPLE = 30;
export const TARGETS = { satisfaction: 90, satisfactionLdi: 85, ack: 100 };

const pct = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 10000) / 100 : null);

function where(p: Period, dayCol = sql`day`) {
  const w = [sql`true`];
  if (p.from) w.push(sql`${dayCol} >= ${p.from}::date`);
  if (p.to) w.push(sql`${dayCol} <= ${p.to}::date`);
  if (p.orgId) w.push(sql`org_id = ${p.orgId}`);
  return sql.join(w, sql` AND `);
}

export async function itemTotals(db: Db, p: Period) {
  const r = await sql<{ received: number; acknowledged: number; answered: number; onTime: number; disliked: number; reopened: number; handlingDays: number }>`
    SELECT coalesce(sum(received), 0)::int AS received, coalesce(sum(acknowledged), 0)::int AS acknowledged, coalesce(sum(answered), 0)::int AS answered,
      coalesce(sum(on_time), 0)::int AS "onTime", coalesce(sum(disliked), 0)::int AS disliked, coalesce(sum(reopened), 0)::int AS reopened,
      coalesce(sum(handling_days), 0)::float8 AS "handlingDays"
    FROM fb_item_rollup WHERE ${where(p)}`.execute(db);
  return r.rows[0]!;
}

const firstOfMonth = (d: string) => `${d.slice(0, 7)}-01`;
function shiftDays(d: string, n: number) {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
}
function nextMonth(d: string) {
  const x = new Date(`${firstOfMonth(d)}T00:00:00Z`);
  x.setUTCMonth(x.getUTCMonth() + 1);
  return x.toISOString().slice(0, 10);
}

/**
 * Rating rollup rows covering a period: whole months from the monthly rollup, the partial months at either
 * edge from the daily rollup. Columns: org_id, field, ldi, channel, n, score_sum, satisfied.
 */
export function ratingRows(p: Period & { ldiOnly?: boolean }) {
  return rollupRows(p, sql`fb_rating_rollup`, sql`fb_rating_rollup_month`, sql`org_id, field, ldi, channel, n, score_sum, satisfied`, p.ldiOnly ? sql`AND ldi` : sql``);
}

/**
 * Per service and commune rollup rows (migration 0303) covering a period, same month/day split as ratingRows.
 * Columns: org_id, service_code, commune, n, score_sum, satisfied ('' = not given).
 */
export function ratingRowsSc(p: Period & { serviceCode?: string; commune?: string }) {
  const extra = [sql``];
  if (p.serviceCode !== undefined) extra.push(sql`AND service_code = ${p.serviceCode}`);
  if (p.commune !== undefined) extra.push(sql`AND commune = ${p.commune}`);
  return rollupRows(p, sql`fb_rating_rollup_sc`, sql`fb_rating_rollup_sc_month`, sql`org_id, service_code, commune, n, score_sum, satisfied`, sql.join(extra, sql` `));
}

function rollupRows(p: Period, daily: ReturnType<typeof sql>, monthly: ReturnType<typeof sql>, cols: ReturnType<typeof sql>, extra: ReturnType<typeof sql>) {
  const org = p.orgId ? sql`AND org_id = ${p.orgId}` : sql``;
  // Whole months inside [from, to]: from the first month starting on/after `from` to the last ending on/before `to`.
  const monthFrom = p.from ? (p.from === firstOfMonth(p.from) ? p.from : nextMonth(p.from)) : '0001-01-01';
  const monthToExcl = p.to ? (shiftDays(p.to, 1) === firstOfMonth(shiftDays(p.to, 1)) ? shiftDays(p.to, 1) : firstOfMonth(p.to)) : '9999-01-01';
  if (monthFrom >= monthToExcl) {
    return sql`SELECT ${cols} FROM ${daily} WHERE ${where(p)} ${extra}`;
  }
  const parts = [sql`SELECT ${cols} FROM ${monthly} WHERE month >= ${monthFrom}::date AND month < ${monthToExcl}::date ${org} ${extra}`];
  if (p.from && p.from < monthFrom) parts.push(sql`SELECT ${cols} FROM ${daily} WHERE day >= ${p.from}::date AND day < ${monthFrom}::date ${org} ${extra}`);
  if (p.to && shiftDays(p.to, 1) > monthToExcl) parts.push(sql`SELECT ${cols} FROM ${daily} WHERE day >= ${monthToExcl}::date AND day <= ${p.to}::date ${org} ${extra}`);
  return sql.join(parts, sql` UNION ALL `);
}

export interface DimRow {
  key: string;
  n: number;
  satisfied: number;
  scoreSum: number;
  satisfactionRate: number | null;
}

/**
 * Ratings per service code or per commune from the 0303 rollups (top `limit` by count, ratings without the
 * dimension left out). `serviceCode` / `commune` narrow the rows first (e.g. one service's communes).
 */
export async function ratingsByDim(db: Db, dim: 'service' | 'commune', p: Period & { serviceCode?: string; commune?: string }, limit = 10): Promise<DimRow[]> {
  const col = dim === 'service' ? sql`service_code` : sql`commune`;
  const r = await sql<{ key: string; n: number; satisfied: number; scoreSum: number }>`
    SELECT ${col} AS key, sum(n)::float8 AS n, sum(satisfied)::float8 AS satisfied, sum(score_sum)::float8 AS "scoreSum"
    FROM (${ratingRowsSc(p)}) r WHERE ${col} <> '' GROUP BY ${col} ORDER BY sum(n) DESC, ${col} LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({ ...x, satisfactionRate: pct(x.satisfied, x.n) }));
}

export async function ratingTotals(db: Db, p: Period & { ldiOnly?: boolean }) {
  const r = await sql<{ n: number; satisfied: number; scoreSum: number }>`
    SELECT coalesce(sum(n), 0)::float8 AS n, coalesce(sum(satisfied), 0)::float8 AS satisfied, coalesce(sum(score_sum), 0)::float8 AS "scoreSum"
    FROM (${ratingRows(p)}) r`.execute(db);
  return r.rows[0]!;
}

/** All ratings and the land/construction/investment subset in one pass over the rollups. */
export async function ratingTotalsBoth(db: Db, p: Period) {
  const r = await sql<{ n: number; satisfied: number; nLdi: number; satisfiedLdi: number }>`
    SELECT coalesce(sum(n), 0)::float8 AS n, coalesce(sum(satisfied), 0)::float8 AS satisfied,
      coalesce(sum(n) FILTER (WHERE ldi), 0)::float8 AS "nLdi", coalesce(sum(satisfied) FILTER (WHERE ldi), 0)::float8 AS "satisfiedLdi"
    FROM (${ratingRows(p)}) r`.execute(db);
  const x = r.rows[0]!;
  return { all: { n: x.n, satisfied: x.satisfied }, ldi: { n: x.nLdi, satisfied: x.satisfiedLdi } };
}

/** Ratings per agency and land/construction/investment flag: one pass feeding both the totals and the league. */
export async function ratingsByOrg(db: Db, p: Period) {
  const r = await sql<{ orgId: string; ldi: boolean; n: number; satisfied: number }>`
    SELECT org_id AS "orgId", ldi, sum(n)::float8 AS n, sum(satisfied)::float8 AS satisfied FROM (${ratingRows(p)}) r GROUP BY org_id, ldi`.execute(db);
  const all = { n: 0, satisfied: 0 };
  const ldi = { n: 0, satisfied: 0 };
  const perOrg = new Map<string, { orgId: string; n: number; satisfied: number }>();
  for (const x of r.rows) {
    all.n += x.n;
    all.satisfied += x.satisfied;
    if (x.ldi) {
      ldi.n += x.n;
      ldi.satisfied += x.satisfied;
    }
    const o = perOrg.get(x.orgId) ?? { orgId: x.orgId, n: 0, satisfied: 0 };
    o.n += x.n;
    o.satisfied += x.satisfied;
    perOrg.set(x.orgId, o);
  }
  return { all, ldi, perOrg: [...perOrg.values()] };
}

export async function ackRate(db: Db, p: Period) {
  const t = await itemTotals(db, p);
  return pct(t.acknowledged, t.received);
}
export async function onTimeRate(db: Db, p: Period) {
  const t = await itemTotals(db, p);
  return pct(t.onTime, t.answered);
}
export interface PaknBreakdown {
  handled: number;
  satisfied: number;
  unsatisfied: number;
  late: number;
  unrated: number;
  rate: number | null;
}

/**
 * Decision 766 indicator 5.3 for PAKN received in the period: every handled item in exactly one bucket (late,
 * unsatisfied by its final verdict — a re-open is one —, satisfied, or unrated = "chưa đánh giá"). The rate is
 * satisfied / handled: silence is never counted as satisfied, a re-opened item is subtracted once.
 */
export async function paknBreakdown(db: Db, p: Period): Promise<PaknBreakdown> {
  const r = await sql<{ bucket: string; n: number }>`
    SELECT bucket, sum(n)::int AS n FROM fb_pakn_rollup WHERE ${where(p)} GROUP BY bucket`.execute(db);
  const by = Object.fromEntries(r.rows.map((x) => [x.bucket, x.n])) as Record<string, number | undefined>;
  const b = { satisfied: by.satisfied ?? 0, unsatisfied: by.unsatisfied ?? 0, late: by.late ?? 0, unrated: by.unrated ?? 0 };
  const handled = b.satisfied + b.unsatisfied + b.late + b.unrated;
  return { handled, ...b, rate: pct(b.satisfied, handled) };
}
export async function paknSatisfaction(db: Db, p: Period) {
  return (await paknBreakdown(db, p)).rate;
}

export interface SectorFigure {
  sector: Sector;
  n: number;
  satisfied: number;
  rate: number | null;
}

/** Rating satisfaction per sector (land, construction, investment), each against its own ≥ 85 % target. */
export async function ratingsBySector(db: Db, p: Period): Promise<SectorFigure[]> {
  const r = await sql<{ field: string; n: number; satisfied: number }>`
    SELECT field, sum(n)::float8 AS n, sum(satisfied)::float8 AS satisfied FROM (${ratingRows({ ...p, ldiOnly: true })}) r GROUP BY field`.execute(db);
  const acc = new Map<Sector, { n: number; satisfied: number }>(SECTORS.map((s) => [s, { n: 0, satisfied: 0 }]));
  for (const x of r.rows) {
    const s = sectorOf(x.field);
    if (!s) continue;
    acc.get(s)!.n += x.n;
    acc.get(s)!.satisfied += x.satisfied;
  }
  return SECTORS.map((sector) => ({ sector, ...acc.get(sector)!, rate: pct(acc.get(sector)!.satisfied, acc.get(sector)!.n) }));
}
export async function satisfactionRate(db: Db, p: Period & { ldiOnly?: boolean }) {
  const t = await ratingTotals(db, p);
  return pct(t.satisfied, t.n);
}

export interface LeagueRow {
  orgId: string;
  received: number;
  answered: number;
  onTime: number;
  onTimeRate: number | null;
  medianDays: number | null;
  ratings: number;
  satisfactionRate: number | null;
}

/** Agency league table: on-time %, median working days to answer (from the histogram), rating satisfaction. */
export async function league(db: Db, p: Period, ratingsPerOrg?: Array<{ orgId: string; n: number; satisfied: number }>): Promise<LeagueRow[]> {
  const items = await sql<{ orgId: string; received: number; answered: number; onTime: number }>`
    SELECT org_id AS "orgId", sum(received)::int AS received, sum(answered)::int AS answered, sum(on_time)::int AS "onTime"
    FROM fb_item_rollup WHERE ${where(p)} GROUP BY org_id`.execute(db);
  const ratings = ratingsPerOrg
    ? { rows: ratingsPerOrg }
    : await sql<{ orgId: string; n: number; satisfied: number }>`
    SELECT org_id AS "orgId", sum(n)::float8 AS n, sum(satisfied)::float8 AS satisfied FROM (${ratingRows(p)}) r GROUP BY org_id`.execute(db);
  const hist = await sql<{ orgId: string; days: number; n: number }>`
    SELECT org_id AS "orgId", days, sum(n)::int AS n FROM fb_handling_hist
    WHERE ${where({ ...p, from: p.from ? p.from.slice(0, 8) + '01' : undefined }, sql`month`)} GROUP BY org_id, days ORDER BY org_id, days`.execute(db);
  const byOrg = new Map<string, LeagueRow>();
  const row = (orgId: string) => {
    let r = byOrg.get(orgId);
    if (!r) byOrg.set(orgId, (r = { orgId, received: 0, answered: 0, onTime: 0, onTimeRate: null, medianDays: null, ratings: 0, satisfactionRate: null }));
    return r;
  };
  for (const i of items.rows) Object.assign(row(i.orgId), { received: i.received, answered: i.answered, onTime: i.onTime, onTimeRate: pct(i.onTime, i.answered) });
  for (const r of ratings.rows) Object.assign(row(r.orgId), { ratings: r.n, satisfactionRate: pct(r.satisfied, r.n) });
  const grouped = new Map<string, Array<{ days: number; n: number }>>();
  for (const h of hist.rows) (grouped.get(h.orgId) ?? grouped.set(h.orgId, []).get(h.orgId)!).push(h);
  for (const [orgId, hs] of grouped) {
    const total = hs.reduce((s, h) => s + h.n, 0);
    let acc = 0;
    for (const h of hs) {
      acc += h.n;
      if (acc * 2 >= total) {
        row(orgId).medianDays = h.days;
        break;
      }
    }
  }
  return [...byOrg.values()].sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || (a.medianDays ?? 99) - (b.medianDays ?? 99));
}

// ---- ledger ----

export interface LedgerRow {
  seq: number;
  day: string;
  orgId: string;
  received: number;
  acknowledged: number;
  answered: number;
  prevHash: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);
export const ledgerHash = (prev: string, r: { day: string; orgId: string; received: number; acknowledged: number; answered: number }) =>
  createHash('sha256').update(`${prev}|${r.day}|${r.orgId}|${r.received}|${r.acknowledged}|${r.answered}`).digest('hex');

/**
 * Seal every unsealed day before `today`: one row per day and agency, each hash covering the previous row's
 * hash. Rows are never updated (a trigger refuses it); a day already sealed is skipped, so a retried job is safe.
 */
export async function sealLedger(db: Db, today: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await sql`LOCK TABLE fb_ledger IN EXCLUSIVE MODE`.execute(tx);
    const pending = await sql<{ day: string; orgId: string; received: number; acknowledged: number; answered: number }>`
      SELECT r.day::text AS day, r.org_id AS "orgId", r.received, r.acknowledged, r.answered FROM fb_item_rollup r
      WHERE r.day < ${today}::date AND NOT EXISTS (SELECT 1 FROM fb_ledger l WHERE l.day = r.day AND l.org_id = r.org_id)
      ORDER BY r.day, r.org_id`.execute(tx);
    const last = await sql<{ hash: string }>`SELECT hash FROM fb_ledger ORDER BY seq DESC LIMIT 1`.execute(tx);
    let prev = last.rows[0]?.hash ?? GENESIS;
    for (const r of pending.rows) {
      const hash = ledgerHash(prev, r);
      await sql`INSERT INTO fb_ledger (day, org_id, received, acknowledged, answered, prev_hash, hash)
        VALUES (${r.day}::date, ${r.orgId}, ${r.received}, ${r.acknowledged}, ${r.answered}, ${prev}, ${hash})`.execute(tx);
      prev = hash;
    }
    return pending.rows.length;
  });
}

export async function ledgerRows(db: Db, limit = 500): Promise<LedgerRow[]> {
  const r = await sql<LedgerRow>`SELECT seq::int AS seq, day::text AS day, org_id AS "orgId", received, acknowledged, answered, prev_hash AS "prevHash", hash
    FROM fb_ledger ORDER BY seq DESC LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Recompute the whole chain; returns the first broken sequence number, or null when intact. */
export async function verifyLedger(db: Db): Promise<number | null> {
  const r = await sql<LedgerRow>`SELECT seq::int AS seq, day::text AS day, org_id AS "orgId", received, acknowledged, answered, prev_hash AS "prevHash", hash
    FROM fb_ledger ORDER BY seq`.execute(db);
  let prev = GENESIS;
  for (const row of r.rows) {
    if (row.prevHash !== prev || ledgerHash(prev, row) !== row.hash) return row.seq;
    prev = row.hash;
  }
  return null;
}

/** Today's live (not yet sealed) per-agency counts. */
export async function liveDay(db: Db, day: string) {
  const r = await sql<{ orgId: string; received: number; acknowledged: number; answered: number }>`
    SELECT org_id AS "orgId", received, acknowledged, answered FROM fb_item_rollup WHERE day = ${day}::date ORDER BY org_id`.execute(db);
  return r.rows;
}

import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDeps } from '../../platform/modules.ts';
import { runCommand } from '../../platform/audit/command.ts';
import { parseCsv, readTable } from '../../platform/documents/tables.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/permissions.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import * as repo from './kpis.repo.ts';
import type { KpiRow, ValueRow } from './kpis.repo.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { snapshotValue } from '../../platform/stats/snapshots.ts';
import { OrganisationsToken } from '../organisations/api.ts';

declare module '../../platform/events/events.ts' {
  interface EventMap {
    /** A KPI's definition (name, targets, published flag) was edited or its values were imported. */
    'plans.kpi.changed': { kpiIds: string[]; reason: 'edited' | 'imported' };
  }
}

export type KpiStatus = 'met' | 'near' | 'behind' | 'noData';

/** A computed value with the sample it rests on; lowSample when the owning module's minimum is not reached. */
export interface Computed {
  available: boolean;
  /** The provider honours the period asked (its answer carries a sample); a plain number is a snapshot of "now". */
  scoped?: boolean;
  value: number | null;
  n: number | null;
  lowSample: boolean;
  minSample?: number;
}

/** A KPI figure for one period, with its sample when computed. */
export interface PeriodFigure {
  period: string | null;
  value: number | null;
  source: string | null;
  n: number | null;
  lowSample: boolean;
  minSample?: number;
  /** The period has not ended yet (value so far). */
  partial?: boolean;
}

export interface SeriesPoint extends Omit<ValueRow, 'id'> {
  n: number | null;
  lowSample: boolean;
  minSample?: number;
  partial: boolean;
}

export const granularityOf = (period: string): Granularity => (/^\d{4}$/.test(period) ? 'year' : period.includes('Q') ? 'quarter' : 'month');

export interface ImportRow {
  line: number;
  kpiCode: string;
  period: string;
  orgCode: string;
  numerator: number | null;
  denominator: number | null;
  value: number;
}
export interface ImportError {
  line: number;
  column: string;
  message: string;
}

const PERIOD_RE = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
const MAX_ROWS = 5000;
const seedFile = join(dirname(fileURLToPath(import.meta.url)), 'seed', 'kpis.json');

/** Target that applies to a period: the 2025 target up to 2025, then the 2030 target (if any). */
export function targetFor(k: Pick<KpiRow, 'target2025' | 'target2030'>, period: string): number | null {
  const year = Number(period.slice(0, 4));
  if (year <= 2025) return k.target2025 ?? k.target2030;
  return k.target2030 ?? k.target2025;
}

/** Calendar days a period code covers: `2025`, `2025-Q2`, `2025-03`. */
export function periodRange(period: string): { from: string; to: string } {
  const y = period.slice(0, 4);
  const lastDay = (m: number) => new Date(Date.UTC(Number(y), m, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  if (/^\d{4}$/.test(period)) return { from: `${y}-01-01`, to: `${y}-12-31` };
  const q = /^\d{4}-Q([1-4])$/.exec(period);
  if (q) {
    const m1 = (Number(q[1]) - 1) * 3 + 1;
    return { from: `${y}-${pad(m1)}-01`, to: `${y}-${pad(m1 + 2)}-${lastDay(m1 + 2)}` };
  }
  const m = Number(period.slice(5, 7));
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${lastDay(m)}` };
}

export type Granularity = 'year' | 'quarter' | 'month';

/** Every period of the given granularities that has started between `from` (a date) and `today`, oldest first. */
export function periodsBetween(from: string, today: string, granularities: Granularity[] = ['year', 'quarter', 'month']): string[] {
  const out: string[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(today.slice(0, 4)); y++) {
    if (granularities.includes('year')) out.push(String(y));
    for (let q = 1; q <= 4; q++) if (granularities.includes('quarter')) out.push(`${y}-Q${q}`);
    for (let m = 1; m <= 12; m++) if (granularities.includes('month')) out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out.filter((p) => periodRange(p).from <= today && periodRange(p).to >= from);
}

/** Status colour: met the target, within 10 % of it, behind, or no data. */
export function kpiStatus(k: Pick<KpiRow, 'direction'>, actual: number | null, target: number | null): KpiStatus {
  if (actual == null || target == null) return 'noData';
  if (k.direction === 'down') return actual <= target ? 'met' : actual <= target * 1.1 ? 'near' : 'behind';
  return actual >= target ? 'met' : actual >= target * 0.9 ? 'near' : 'behind';
}

export type NumberLocale = 'vi' | 'en';

/**
 * Parse a number written in one locale, exactly or not at all (undefined): vi = decimal comma, dot groups of
 * three (1.234,5 · 48,5 · 1.234); en = decimal point, comma groups (1,234.5 · 48.5). Anything else — "48.5" in a
 * vi file, "1.23", "1,2,3" — is refused rather than guessed, so a value is never truncated or scaled.
 */
export function parseLocaleNumber(raw: unknown, locale: NumberLocale): number | null | undefined {
  if (raw == null || raw === '') return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  const s = String(raw).trim().replace(/[\s\u00a0%]/g, '');
  if (!s) return null;
  const [group, dec] = locale === 'vi' ? ['.', ','] : [',', '.'];
  const esc = (c: string) => `\\${c}`;
  const re = new RegExp(`^(-?)(\\d+|\\d{1,3}(?:${esc(group)}\\d{3})+)(?:${esc(dec)}(\\d+))?$`);
  const m = re.exec(s);
  if (!m) return undefined;
  const n = Number(`${m[1]}${m[2]!.split(group).join('')}${m[3] ? `.${m[3]}` : ''}`);
  return Number.isFinite(n) ? n : undefined;
}

/** Parse a number typed the Vietnamese way (1.234,5) or the programmer's way (1234.5) in a form field. */
export function parseNumber(raw: unknown): number | null | undefined {
  if (raw == null || raw === '') return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  let s = String(raw).trim().replace(/\s|%/g, '');
  if (!s) return null;
  if (s.includes(',') && s.includes('.')) s = s.replace(/\./g, '').replace(',', '.');
  else if (s.includes(',')) s = s.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

export { parseCsv };

const HEADERS: Record<string, string[]> = {
  kpi: ['kpi', 'ma_chi_so', 'mã chỉ số', 'chi_so', 'kpi_code'],
  period: ['period', 'ky', 'kỳ', 'ky_bao_cao'],
  org: ['org', 'don_vi', 'đơn vị', 'ma_don_vi', 'org_code'],
  numerator: ['numerator', 'tu_so', 'tử số'],
  denominator: ['denominator', 'mau_so', 'mẫu số'],
  value: ['value', 'gia_tri', 'giá trị'],
};

export type KpisService = ReturnType<typeof createKpisService>;

export function createKpisService(deps: AppDeps) {
  const db = deps.db;
  const orgs = () => deps.services.get(OrganisationsToken);

  async function validateRows(table: unknown[][], locale: NumberLocale, strictWidth: boolean): Promise<{ rows: ImportRow[]; errors: ImportError[] }> {
    const parseNumber = (raw: unknown) => parseLocaleNumber(raw, locale);
    const numberHint = locale === 'vi' ? 'viết theo kiểu Việt Nam, ví dụ 48,5 hoặc 1.234,5' : 'written the English way, e.g. 48.5 or 1,234.5';
    const errors: ImportError[] = [];
    const rows: ImportRow[] = [];
    const header = (table[0] ?? []).map((h) => String(h ?? '').trim().toLowerCase());
    const col: Record<string, number> = {};
    for (const [key, names] of Object.entries(HEADERS)) col[key] = header.findIndex((h) => names.includes(h));
    for (const need of ['kpi', 'period'] as const) if (col[need]! < 0) errors.push({ line: 1, column: need, message: `Thiếu cột “${need}” ở dòng tiêu đề.` });
    if (col.value! < 0 && (col.numerator! < 0 || col.denominator! < 0)) errors.push({ line: 1, column: 'value', message: 'Cần cột “value” hoặc cả hai cột “numerator” và “denominator”.' });
    if (errors.length) return { rows, errors };
    const body = table.slice(1);
    if (body.length > MAX_ROWS) return { rows, errors: [{ line: MAX_ROWS + 2, column: '', message: `Tệp có quá ${MAX_ROWS} dòng.` }] };
    const kpis = new Map((await repo.listKpis(db)).map((k) => [k.code, k]));
    const orgIds = await orgs().idsByCodes([...new Set(body.map((r) => String(r[col.org!] ?? '').trim().toUpperCase()).filter(Boolean))]);
    const seen = new Set<string>();
    body.forEach((r, i) => {
      const line = i + 2;
      const cell = (k: string) => (col[k]! >= 0 ? r[col[k]!] : undefined);
      if (r.every((c) => c == null || String(c).trim() === '')) return;
      // More cells than the header: in a comma-separated file an unquoted decimal comma ("…,,,48,5") splits the
      // number in two. Refused: reading only "48" would silently truncate the value.
      const extra = r.slice(header.length).filter((c) => c != null && String(c).trim() !== '');
      if (strictWidth && extra.length) {
        errors.push({ line, column: '', message: `Dòng có ${r.length} ô, nhiều hơn dòng tiêu đề (${header.length} ô): số thập phân có dấu phẩy phải đặt trong ngoặc kép ("48,5") hoặc dùng dấu chấm phẩy (;) để phân cách cột.` });
        return;
      }
      const kpiCode = String(cell('kpi') ?? '').trim().toUpperCase();
      const period = String(cell('period') ?? '').trim();
      const orgCode = String(cell('org') ?? '').trim().toUpperCase();
      const k = kpis.get(kpiCode);
      let bad = false;
      const err = (column: string, message: string) => (errors.push({ line, column, message }), (bad = true));
      if (!k) err('kpi', `Không có chỉ số mã “${kpiCode.slice(0, 60)}”.`);
      if (!PERIOD_RE.test(period)) err('period', 'Kỳ phải có dạng 2025, 2025-Q4 hoặc 2025-11.');
      if (orgCode && !orgIds.has(orgCode)) err('org', `Không có cơ quan, đơn vị mã “${orgCode.slice(0, 60)}”.`);
      const num = parseNumber(cell('numerator'));
      const den = parseNumber(cell('denominator'));
      let value = parseNumber(cell('value'));
      if (num === undefined) err('numerator', `Tử số phải là số (${numberHint}).`);
      if (den === undefined) err('denominator', `Mẫu số phải là số (${numberHint}).`);
      if (value === undefined) err('value', `Giá trị phải là số (${numberHint}).`);
      if (num != null && num < 0) err('numerator', 'Tử số không được âm.');
      if (den != null && den <= 0) err('denominator', 'Mẫu số phải lớn hơn 0.');
      if (num != null && den != null && den > 0 && num > den && k?.unit === '%') err('numerator', 'Tử số lớn hơn mẫu số.');
      if (value == null && num != null && den != null && den > 0) value = k?.unit === '%' ? Math.round((num / den) * 10000) / 100 : num / den;
      if (value == null && !bad) err('value', 'Thiếu giá trị (hoặc tử số và mẫu số).');
      if (value != null && k?.unit === '%' && (value < 0 || value > 100)) err('value', 'Tỷ lệ phải từ 0 đến 100.');
      const key = `${kpiCode}|${period}|${orgCode}`;
      if (!bad && seen.has(key)) err('kpi', 'Dòng trùng chỉ số, kỳ và đơn vị với một dòng phía trên.');
      seen.add(key);
      if (!bad) rows.push({ line, kpiCode, period, orgCode, numerator: num ?? null, denominator: den ?? null, value: value! });
    });
    if (!rows.length && !errors.length) errors.push({ line: 2, column: '', message: 'Tệp không có dòng dữ liệu nào.' });
    return { rows, errors };
  }

  const service = {
    targetFor,
    kpiStatus,

    /** Registry seed: fields from seed/kpis.json, targets from the plan's section II. Keeps staff edits. */
    async seedRegistry(targets: Array<{ kpiCode: string | null; year: number; value: number; valueMax: number | null }>) {
      const defs = (JSON.parse(readFileSync(seedFile, 'utf8')) as { kpis: Array<Record<string, string> & { target2025?: number; target2030?: number }> }).kpis;
      let created = 0;
      for (const [i, d] of defs.entries()) {
        const t25 = targets.find((t) => t.kpiCode === d.code && t.year <= 2025);
        const t30 = targets.find((t) => t.kpiCode === d.code && t.year === 2030);
        const owner = d.owner ? await orgs().findIdByCode(d.owner) : undefined;
        if (
          await repo.insertKpiIfMissing(db, {
            code: d.code!,
            nameVi: d.nameVi!,
            numeratorDef: d.numeratorDef ?? '',
            denominatorDef: d.denominatorDef ?? '',
            unit: d.unit ?? '%',
            source: d.source ?? 'import',
            statName: d.statName ?? null,
            legalRef: d.legalRef ?? '',
            frequency: d.frequency ?? 'year',
            ownerOrgId: owner ?? null,
            // The plan's section II wins; a registry default (the per-sector ≥ 85 %) fills a target the plan lacks.
            target2025: t25?.value ?? d.target2025 ?? null,
            target2025Max: t25?.valueMax ?? null,
            target2030: t30?.value ?? d.target2030 ?? null,
            position: i,
          })
        )
          created++;
        else await repo.fillTargets(db, d.code!, t25?.value ?? d.target2025 ?? null, t25?.valueMax ?? null, t30?.value ?? d.target2030 ?? null);
      }
      return created;
    },

    list: (publishedOnly = false) => repo.listKpis(db, publishedOnly),
    async get(id: string) {
      const k = await repo.getKpi(db, id);
      if (!k) throw new NotFoundError();
      return k;
    },
    byCode: (code: string) => repo.kpiByCode(db, code),

    async update(actor: Actor, id: string, input: Record<string, string>) {
      const fields: Record<string, string> = {};
      const num = (k: string) => {
        const v = parseNumber(input[k]);
        if (v === undefined) fields[k] = 'plans.errors.number';
        return v ?? null;
      };
      const patch = {
        nameVi: (input.nameVi ?? '').trim(),
        numeratorDef: (input.numeratorDef ?? '').trim(),
        denominatorDef: (input.denominatorDef ?? '').trim(),
        legalRef: (input.legalRef ?? '').trim(),
        refVerified: input.refVerified === 'on' || input.refVerified === 'true',
        published: input.published === 'on' || input.published === 'true',
        direction: input.direction === 'down' ? 'down' : 'up',
        target2025: num('target2025'),
        target2030: num('target2030'),
        frequency: ['year', 'quarter', 'month'].includes(input.frequency ?? '') ? input.frequency! : 'year',
      };
      if (patch.nameVi.length < 3 || patch.nameVi.length > 300) fields.nameVi = 'plans.errors.kpiName';
      if (patch.legalRef.length > 500) fields.legalRef = 'plans.errors.narrativeLong';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      return runCommand(db, actor, 'kpis.update', async ({ tx, authorize, audit, emit }) => {
        authorize('kpis.manage');
        const before = await repo.getKpi(tx, id);
        if (!before) throw new NotFoundError();
        await repo.updateKpi(tx, id, patch);
        await audit({ entityType: 'kpi', entityId: id, before, after: patch });
        await emit('plans.kpi.changed', { kpiIds: [id], reason: 'edited' });
      });
    },

    /** Stored values, plus the computed value (when the KPI has a provider) for the latest period. */
    async values(kpiId: string, f: { orgId?: string | null; allOrgs?: boolean } = {}) {
      return repo.listValues(db, kpiId, f);
    },

    /** Value from another module's stat; null when the module is absent or has no data ("chưa có dữ liệu"). */
    async computed(k: KpiRow, query: { from?: string; to?: string; orgId?: string } = {}): Promise<Computed> {
      if (!k.statName) return { available: false, value: null, n: null, lowSample: false };
      const p = deps.stats.get(k.statName);
      if (!p) return { available: false, value: null, n: null, lowSample: false };
      try {
        const raw = await p(deps, query);
        const v = raw != null && typeof raw === 'object' ? raw.value : raw;
        const n = raw != null && typeof raw === 'object' ? raw.n : null;
        const min = raw != null && typeof raw === 'object' ? raw.minSample : undefined;
        const scoped = raw != null && typeof raw === 'object';
        return { available: true, scoped, value: v == null || !Number.isFinite(v) ? null : v, n, lowSample: n != null && min != null && n < min, minSample: min };
      } catch (err) {
        deps.logger.warn({ err, stat: k.statName }, 'kpi stat failed');
        return { available: false, value: null, n: null, lowSample: false };
      }
    },

    /**
     * The figure for one period: the stored province value, else the computed one for exactly that period. A
     * snapshot provider (no period support) only answers for the period that contains today, as "now".
     */
    async forPeriod(k: KpiRow, period: string, today = todayInVietnam()): Promise<PeriodFigure> {
      const stored = (await repo.listValues(db, k.id, { orgId: null })).find((v) => v.period === period);
      if (stored) return { period, value: stored.value, source: stored.source, n: null, lowSample: false };
      const range = periodRange(period);
      const c = await service.computed(k, range);
      if (c.scoped) return { period, value: c.value, source: 'computed', n: c.n, lowSample: c.lowSample, minSample: c.minSample, partial: range.to >= today };
      // a "now"-only stat: its daily snapshots (platform job stats.snapshot) give the period its last value
      if (c.available && k.statName) {
        const snap = await snapshotValue(db, k.statName, range);
        if (snap) return { period, value: snap.value, source: 'snapshot', n: null, lowSample: false, partial: range.to >= today };
      }
      if (c.available && range.from <= today && today <= range.to) return { period: 'now', value: c.value, source: 'computed', n: null, lowSample: false };
      return { period, value: null, source: c.available ? 'computed' : null, n: null, lowSample: false };
    },

    /**
     * The series of a KPI (GET /api/v1/kpis/{id}/values): stored values for every period and organisation, plus
     * for a computed KPI the province value of every month, quarter and year from its `validFrom` to today
     * (periods with no data left out; a stored province value for the same period wins).
     */
    async series(k: KpiRow, opts: { granularities?: Granularity[]; today?: string } = {}): Promise<SeriesPoint[]> {
      const today = opts.today ?? todayInVietnam();
      const stored: SeriesPoint[] = (await repo.listValues(db, k.id, { allOrgs: true })).map((v) => ({ ...v, n: null, lowSample: false, partial: false }));
      const out = [...stored];
      if (k.statName) {
        const have = new Set(stored.filter((v) => v.orgId == null).map((v) => v.period));
        for (const period of periodsBetween(k.validFrom, today, opts.granularities)) {
          if (have.has(period)) continue;
          const range = periodRange(period);
          const c = await service.computed(k, range);
          if (!c.scoped) {
            // a "now"-only stat: the periods for which a daily snapshot was recorded
            const snap = c.available ? await snapshotValue(db, k.statName, range) : undefined;
            if (snap?.value != null) out.push({ period, orgId: null, numerator: null, denominator: null, value: snap.value, source: 'snapshot', n: null, lowSample: false, partial: range.to >= today });
            continue;
          }
          if (c.value == null) continue;
          out.push({ period, orgId: null, numerator: null, denominator: null, value: c.value, source: 'computed', n: c.n, lowSample: c.lowSample, minSample: c.minSample, partial: range.to >= today });
        }
      }
      return out.filter((v) => !opts.granularities || opts.granularities.includes(granularityOf(v.period))).sort((a, b) => a.period.localeCompare(b.period) || (a.orgId ?? '').localeCompare(b.orgId ?? ''));
    },

    /** The figure a dashboard shows for a KPI: the latest stored province value, else this year's computed one. */
    async current(k: KpiRow, today = todayInVietnam()): Promise<PeriodFigure> {
      const latest = await repo.latestProvinceValue(db, k.id);
      if (latest) return { period: latest.period, value: latest.value, source: latest.source, n: null, lowSample: false };
      const f = await service.forPeriod(k, today.slice(0, 4), today);
      return f.value == null ? { ...f, period: null } : f;
    },

    /** Parse an uploaded CSV or XLSX and stage it for preview; nothing is written to kpi_values. */
    async previewImport(actor: Actor, fileName: string, data: Buffer, locale: NumberLocale = 'vi'): Promise<{ batchId: string; rows: ImportRow[]; errors: ImportError[] }> {
      const lower = fileName.toLowerCase();
      const table = await readTable(fileName, data, { fileType: 'plans.errors.fileType', fileUnreadable: 'plans.errors.fileUnreadable', fileEncoding: 'plans.errors.fileEncoding' });
      // Spreadsheet cells carry typed numbers; only text (CSV, or text cells) is read per locale.
      const { rows, errors } = await validateRows(table, locale, !lower.endsWith('.xlsx'));
      const batchId = await runCommand(db, actor, 'kpis.import.preview', async ({ tx, authorize, audit }) => {
        authorize('kpis.manage');
        const id = await repo.insertBatch(tx, { fileName: fileName.slice(0, 200) || 'du-lieu.csv', rows, errors, createdBy: actor.kind === 'user' ? actor.id : null });
        await audit({ entityType: 'kpi_import', entityId: id, after: { fileName, rows: rows.length, errors: errors.length } });
        return id;
      });
      return { batchId, rows, errors };
    },

    getBatch: (id: string) => repo.getBatch(db, id),

    /** All or nothing: a batch with any error is refused; otherwise every row is written in one transaction. */
    async commitImport(actor: Actor, batchId: string): Promise<number> {
      // Organisation ids are read before the transaction (another module's service uses its own connection).
      const staged = await repo.getBatch(db, batchId);
      const orgIds = await orgs().idsByCodes([...new Set((staged?.rows ?? []).map((r) => r.orgCode).filter(Boolean))]);
      return runCommand(db, actor, 'kpis.import.commit', async ({ tx, authorize, audit, emit }) => {
        authorize('kpis.manage');
        const batch = await repo.getBatch(tx, batchId);
        if (!batch) throw new NotFoundError();
        if (batch.status !== 'preview') throw new ConflictError('plans.errors.batchDone');
        if (batch.errors.length) throw new ConflictError('plans.errors.batchHasErrors', { count: batch.errors.length });
        const kpis = new Map((await repo.listKpis(tx)).map((k) => [k.code, k.id]));
        if (batch.rows.some((r) => !kpis.has(r.kpiCode) || (r.orgCode && !orgIds.has(r.orgCode)))) throw new ConflictError('plans.errors.batchStale');
        for (const r of batch.rows) {
          await repo.upsertValue(tx, {
            kpiId: kpis.get(r.kpiCode)!,
            period: r.period,
            orgId: r.orgCode ? orgIds.get(r.orgCode)! : null,
            numerator: r.numerator,
            denominator: r.denominator,
            value: r.value,
            source: 'import',
            batchId,
          });
        }
        await repo.markBatchCommitted(tx, batchId);
        await audit({ entityType: 'kpi_import', entityId: batchId, after: { rows: batch.rows.length } });
        await emit('plans.kpi.changed', { kpiIds: [...new Set(batch.rows.map((r) => kpis.get(r.kpiCode)!))], reason: 'imported' });
        return batch.rows.length;
      });
    },

    /**
     * Dashboard rows: every KPI with target, value, status, sample warning and its yearly province series. With
     * `year`, every value is for that year only (the annual provincial report): stored or computed for the year.
     */
    async dashboard(publishedOnly: boolean, opts: { year?: number; today?: string } = {}) {
      const today = opts.today ?? todayInVietnam();
      const kpis = await repo.listKpis(db, publishedOnly);
      const out = [];
      for (const k of kpis) {
        const cur = opts.year ? await service.forPeriod(k, String(opts.year), today) : await service.current(k, today);
        const target = targetFor(k, cur.period && cur.period !== 'now' ? cur.period : today.slice(0, 4));
        const series = (await service.series(k, { granularities: ['year'], today })).filter((v) => v.orgId == null && (!opts.year || Number(v.period) <= opts.year));
        out.push({ kpi: k, value: cur.value, period: cur.period, source: cur.source, target, status: kpiStatus(k, cur.value, target), series, n: cur.n, lowSample: cur.lowSample, minSample: cur.minSample, partial: cur.partial ?? false });
      }
      return out;
    },

    orgName: (id: string, asOf: string) => orgs().nameAsOf(id, asOf).catch(() => 'Cơ quan không còn trong danh mục'),
    systemActor: SYSTEM_ACTOR,
  };
  return service;
}

import { loadExcelJS } from '../../platform/documents/lazy.ts';
import { parseCsv as readCsv } from '../../platform/documents/tables.ts';
import type { AppDeps } from '../../platform/modules.ts';
import { runCommand } from '../../platform/audit/command.ts';
import type { Actor } from '../../platform/auth/permissions.ts';
import { ValidationError } from '../../platform/errors.ts';
import { foldVietnamese } from '../../platform/i18n/text.ts';
import { IdentityToken } from '../identity/api.ts';
import * as repo from './learning.repo.ts';
import { AUDIENCES } from './learning.rules.ts';

/**
 * The coverage ledger: cohorts with their real size (denominators: a school's classes, an agency's officials,
 * a commune's community team), completions from our courses, from attendance a teacher or trainer records
 * and from the national platforms' exports (Bình dân học vụ số, OneTouch), each person counted once by
 * person key; per-unit gaps; the plan's training KPIs.
 */

export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** A pasted or uploaded CSV as rows of text (the platform reader), blank lines dropped. */
export function parseCsv(text: string): string[][] {
  return readCsv(text).filter((r) => r.some((c) => c.trim() !== ''));
}

/** The first worksheet of an XLSX file as rows of text. */
export async function parseXlsx(buf: Buffer): Promise<string[][]> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = r.getCell(c).value;
      cells.push(v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : typeof v === 'object' && 'text' in v ? String(v.text) : String(v));
    }
    out.push(cells);
  });
  return out;
}

const header = (h: string) => foldVietnamese(h).toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
const KINDS: Record<string, string> = { school: 'school', truong: 'school', commune: 'commune', xa: 'commune', phuong: 'commune', agency: 'agency', co_quan: 'agency' };
const AUD: Record<string, string> = {
  pupils: 'pupils', hoc_sinh: 'pupils', students: 'students', sinh_vien: 'students', officials: 'officials', can_bo: 'officials',
  community: 'community', to_cong_nghe_so: 'community', public: 'public', nguoi_dan: 'public',
};
const SOURCES = ['attendance', 'bdhvs', 'onetouch'] as const;
export type ImportSource = (typeof SOURCES)[number];

function table(rows: string[][], required: string[]): { get: (r: string[], col: string) => string; body: string[][]; missing: string[] } {
  const head = (rows[0] ?? []).map(header);
  const missing = required.filter((c) => !head.includes(c));
  const idx = new Map(head.map((h, i) => [h, i]));
  return { get: (r, col) => (r[idx.get(col) ?? -1] ?? '').trim(), body: rows.slice(1), missing };
}

/** dd/MM/yyyy or yyyy-MM-dd → yyyy-MM-dd. */
function isoDay(s: string): string | undefined {
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso8601 = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  const iso = vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}` : iso8601 ? `${iso8601[1]}-${iso8601[2]}-${iso8601[3]}` : undefined;
  if (!iso) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

export function createCoverage(deps: AppDeps) {
  const { db } = deps;
  const identity = () => deps.services.get(IdentityToken);

  return {
    /**
     * Cohorts and their sizes: ma_don_vi, ten_don_vi, loai_don_vi, nhom, doi_tuong, nam, si_so. All or nothing:
     * any row error and nothing is imported, so a corrected file can simply be sent again.
     */
    async importCohorts(actor: Actor, rows: string[][]): Promise<{ imported: number; errors: RowError[] }> {
      const t = table(rows, ['ma_don_vi', 'ten_don_vi', 'loai_don_vi', 'nhom', 'doi_tuong', 'nam', 'si_so']);
      if (t.missing.length) throw new ValidationError({ file: 'learning.errors.columns' });
      const errors: RowError[] = [];
      const ok: Array<{ code: string; name: string; kind: string; cohort: string; audience: string; year: number; size: number }> = [];
      t.body.forEach((r, i) => {
        const row = i + 2;
        const code = t.get(r, 'ma_don_vi');
        const kind = KINDS[header(t.get(r, 'loai_don_vi'))];
        const audience = AUD[header(t.get(r, 'doi_tuong'))];
        const year = Number(t.get(r, 'nam'));
        const size = Number(t.get(r, 'si_so').replace(/\./g, ''));
        if (!/^[A-Za-z0-9._-]{1,40}$/.test(code)) errors.push({ row, column: 'ma_don_vi', message: 'learning.import.unitCode' });
        if (!t.get(r, 'ten_don_vi')) errors.push({ row, column: 'ten_don_vi', message: 'learning.import.required' });
        if (!kind) errors.push({ row, column: 'loai_don_vi', message: 'learning.import.kind' });
        if (!t.get(r, 'nhom')) errors.push({ row, column: 'nhom', message: 'learning.import.required' });
        if (!audience) errors.push({ row, column: 'doi_tuong', message: 'learning.import.audience' });
        if (!Number.isInteger(year) || year < 2020 || year > 2100) errors.push({ row, column: 'nam', message: 'learning.import.year' });
        if (!Number.isInteger(size) || size < 0 || size > 1_000_000) errors.push({ row, column: 'si_so', message: 'learning.import.size' });
        if (kind && audience && Number.isInteger(year) && Number.isInteger(size)) ok.push({ code, name: t.get(r, 'ten_don_vi'), kind, cohort: t.get(r, 'nhom'), audience, year, size });
      });
      if (errors.length || ok.length === 0) return { imported: 0, errors: errors.length ? errors : [{ row: 1, column: '', message: 'learning.import.empty' }] };
      return runCommand(db, actor, 'learning.cohorts.import', async ({ tx, authorize, audit }) => {
        authorize('learning.coverage');
        for (const c of ok) {
          const unitId = await repo.upsertUnit(tx, { code: c.code, name: c.name, kind: c.kind });
          await repo.upsertCohort(tx, { unitId, name: c.cohort, audience: c.audience, year: c.year, size: c.size });
        }
        await audit({ entityType: 'learn_cohort', after: { rows: ok.length } });
        return { imported: ok.length, errors: [] };
      });
    },

    /**
     * Completions from attendance or a national platform's export: so_dinh_danh, ma_don_vi, doi_tuong,
     * ngay_hoan_thanh, khoa_hoc. The ID number is turned into the person key at once and never stored; a
     * row seen before (same person, source and course) is skipped, and every person counts once in coverage.
     */
    async importCompletions(actor: Actor, source: ImportSource, rows: string[][]): Promise<{ imported: number; duplicates: number; errors: RowError[] }> {
      if (!SOURCES.includes(source)) throw new ValidationError({ source: 'learning.errors.source' });
      const t = table(rows, ['so_dinh_danh', 'ma_don_vi', 'doi_tuong', 'ngay_hoan_thanh', 'khoa_hoc']);
      if (t.missing.length) throw new ValidationError({ file: 'learning.errors.columns' });
      const errors: RowError[] = [];
      const units = new Map<string, string>();
      const ok: Array<{ personKey: string; unitCode: string; audience: string; day: string; ref: string }> = [];
      for (const [i, r] of t.body.entries()) {
        const row = i + 2;
        const id = t.get(r, 'so_dinh_danh').replace(/\s/g, '');
        const unitCode = t.get(r, 'ma_don_vi');
        const audience = AUD[header(t.get(r, 'doi_tuong'))];
        const day = isoDay(t.get(r, 'ngay_hoan_thanh'));
        const ref = t.get(r, 'khoa_hoc').slice(0, 200);
        if (!/^\d{12}$/.test(id)) errors.push({ row, column: 'so_dinh_danh', message: 'learning.import.idNumber' });
        if (!units.has(unitCode)) {
          const u = await repo.unitByCode(db, unitCode);
          if (u) units.set(unitCode, u.id);
        }
        if (!units.has(unitCode)) errors.push({ row, column: 'ma_don_vi', message: 'learning.import.unknownUnit' });
        if (!audience) errors.push({ row, column: 'doi_tuong', message: 'learning.import.audience' });
        if (!day) errors.push({ row, column: 'ngay_hoan_thanh', message: 'learning.import.date' });
        if (!ref) errors.push({ row, column: 'khoa_hoc', message: 'learning.import.required' });
        if (/^\d{12}$/.test(id) && units.has(unitCode) && audience && day && ref) ok.push({ personKey: identity().personKey(id), unitCode, audience, day, ref });
      }
      if (errors.length || ok.length === 0) return { imported: 0, duplicates: 0, errors: errors.length ? errors : [{ row: 1, column: '', message: 'learning.import.empty' }] };
      return runCommand(db, actor, 'learning.completions.import', async ({ tx, authorize, audit }) => {
        authorize('learning.coverage');
        let imported = 0;
        for (const c of ok) if (await repo.addCompletion(tx, { personKey: c.personKey, unitId: units.get(c.unitCode)!, audience: c.audience, source, sourceRef: c.ref, completedOn: c.day })) imported++;
        await audit({ entityType: 'learn_completion', after: { source, rows: ok.length, imported } });
        return { imported, duplicates: ok.length - imported, errors: [] };
      });
    },

    /** Per unit: size, people trained (each once, any source) and the gap, for a year. */
    async byUnit(year: number, audience?: string) {
      if (audience && !(AUDIENCES as readonly string[]).includes(audience)) audience = undefined;
      const rows = await repo.coverageByUnit(db, year, audience);
      return rows.map((r) => ({ ...r, gap: Math.max(0, r.size - r.trained), rate: r.size > 0 ? Math.round((Math.min(r.trained, r.size) / r.size) * 1000) / 10 : null }));
    },

    /** The KPI figure: share of an audience trained in the period, against that year's denominators. */
    async rate(audience: string, from?: string, to?: string) {
      const year = Number((to ?? new Date().toISOString()).slice(0, 4));
      const f = from ?? `${year}-01-01`;
      const tt = to ?? `${year}-12-31`;
      const { trained, size } = await repo.trainedInPeriod(db, audience, f, tt);
      return { value: size > 0 ? Math.round((Math.min(trained, size) / size) * 10000) / 100 : null, n: size };
    },
  };
}

export type Coverage = ReturnType<typeof createCoverage>;

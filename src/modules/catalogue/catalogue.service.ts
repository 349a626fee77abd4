import { serviceToken } from '../../platform/modules.ts';
import type { Db } from '../../platform/db/database.ts';
import { runCommand } from '../../platform/audit/command.ts';
import { requirePermission, type Actor } from '../../platform/auth/permissions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { foldVietnamese } from '../../platform/i18n/text.ts';
import type { OrganisationsApi } from '../organisations/index.ts';
import * as repo from './catalogue.repo.ts';
import { parseLine, type LineError, type ProcedureRecord } from './catalogue.import.ts';
import type { DvcttLevel, IndexableProcedure, Procedure } from './catalogue.repo.ts';

export type { DvcttLevel, IndexableProcedure, Procedure } from './catalogue.repo.ts';
export type { LineError } from './catalogue.import.ts';

export const DVCTT_LEVELS: DvcttLevel[] = ['toan-trinh', 'mot-phan'];

/** What other modules (content, assistant, feedback, KPIs) may call. Signatures are stable. */
export interface CatalogueService {
  getByCode(code: string): Promise<Procedure | undefined>;
  getByCodes(codes: string[]): Promise<Procedure[]>;
  search(q: string, opts?: { field?: string; limit?: number; offset?: number }): Promise<{ items: Procedure[]; total: number }>;
  /** All records for indexing (assistant): id, code, name, field, steps, documents, fees — streamed in pages. */
  forEachForIndex(fn: (batch: IndexableProcedure[]) => Promise<void> | void, batchSize?: number): Promise<void>;
  responsibleOrgIds(code: string): Promise<string[]>;
  listFields(): Promise<string[]>;
  count(): Promise<number>;
}

export type ImportResult =
  | { ok: true; total: number; inserted: number; updated: number; unchanged: number }
  | { ok: false; errors: LineError[] };

export interface ImportProgress {
  phase: 'validate' | 'write';
  done: number;
  total: number;
}

/** The catalogue's own operations: the published interface plus import, staff assignment and page views. */
/** The catalogue's own files resolve its whole service through this token; other modules use CatalogueToken (api.ts). */
export const CatalogueServiceToken = serviceToken<CatalogueModuleService>('catalogue');

export interface CatalogueModuleService extends CatalogueService {
  importProcedures(actor: Actor, lines: string[], opts?: { onProgress?: (p: ImportProgress) => void; batchSize?: number }): Promise<ImportResult>;
  updateAssignment(actor: Actor, code: string, input: { dvcttLevel: string; responsibleOrgId: string }): Promise<void>;
  recordView(id: string): Promise<void>;
  /** The staff list: search plus "no responsible unit yet" and DVCTT-level filters. */
  staffSearch(
    actor: Actor,
    q: string,
    opts: { field?: string; unassigned?: boolean; dvcttLevel?: string; limit: number; offset: number },
  ): Promise<{ items: Procedure[]; total: number }>;
  assertCanManage(actor: Actor): void;
}

const MAX_LIMIT = 200;

/** Province-level agencies whose name appears in the national record's agency text under another wording. */
const AGENCY_ALIASES: Record<string, string[]> = {
  HY: ['uy ban nhan dan cap tinh', 'ubnd cap tinh', 'ubnd tinh', 'uy ban nhan dan tinh'],
  CAT: ['cong an tinh', 'cong an cap tinh', 'phong canh sat', 'phong quan ly xuat nhap canh', 'phong xuat nhap canh'],
  'THUE-HY': ['thue tinh', 'cuc thue tinh'],
  'TT-PVHCC': ['trung tam phuc vu hanh chinh cong'],
  SNNMT: ['van phong dang ky dat dai', 'chi cuc kiem lam', 'quan ly nha nuoc ve thuy san cap tinh'],
};
const MAPPED_TYPES = ['so_nganh', 'cong_an', 'co_quan_trung_uong', 'van_phong_ubnd', 'trung_tam_phvhcc', 'ubnd_tinh'];

/** Parse and check every line (JSON, required fields, types, lengths, duplicates); no database needed. */
export function validateLines(lines: string[], progress: (p: ImportProgress) => void = () => {}): { records: ProcedureRecord[]; errors: LineError[] } {
  const errors: LineError[] = [];
  const records: ProcedureRecord[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const res = parseLine(lines[i]!, i + 1);
    if (res && 'error' in res) errors.push(res.error);
    else if (res) {
      if (seen.has(res.record.code)) errors.push({ line: i + 1, reason: 'duplicate', field: 'ma_thu_tuc' });
      else {
        seen.add(res.record.code);
        records.push(res.record);
      }
    }
    if (i % 100 === 0 || i === lines.length - 1) progress({ phase: 'validate', done: i + 1, total: lines.length });
  }
  if (errors.length === 0 && records.length === 0) errors.push({ line: 0, reason: 'empty' });
  return { records, errors };
}

/** Plain words (no procedure code) are searched as the assistant would read them; codes are searched as typed. */
async function searchQuery(q: string, rewrite?: (q: string) => Promise<string>): Promise<string> {
  const text = q.slice(0, 200);
  if (!rewrite || /\d/.test(text) || !text.trim()) return text;
  try {
    return (await rewrite(text)) || text;
  } catch {
    return text;
  }
}

export function createCatalogueService(db: Db, deps: { organisations?: OrganisationsApi; rewriteQuery?: (q: string) => Promise<string> } = {}): CatalogueModuleService {
  /** Which provincial units a record names (only province-level records: "Cấp xã" means every commune). */
  async function agencyMatcher(): Promise<(r: ProcedureRecord) => string[]> {
    if (!deps.organisations) return () => [];
    // Ministries are listed as units too, but a provincial record is the province's job.
    const units = (await deps.organisations.options(MAPPED_TYPES)).filter((u) => !/^bo /.test(foldVietnamese(u.label)));
    const keys = units.map((u) => ({
      id: u.value,
      keys: [foldVietnamese(u.label).replace(/\s+tinh hung yen$/, '').replace(/\s+hung yen$/, ''), ...(AGENCY_ALIASES[u.code] ?? [])].filter((k) => k.length >= 6),
    }));
    const find = (text: string | null) => {
      const folded = foldVietnamese(text ?? '').replace(/\s+/g, ' ');
      return folded ? keys.filter((k) => k.keys.some((key) => folded.includes(key))).map((k) => k.id) : [];
    };
    // The handling agency names the unit best; the competent authority (often "UBND cấp tỉnh") is the fallback.
    return (r) => {
      if (!r.levels.some((l) => foldVietnamese(l) === 'cap tinh')) return [];
      const handling = find(r.agencyText);
      return handling.length ? handling : find(r.competentAgencyText);
    };
  }

  const service: CatalogueModuleService = {
    getByCode: (code) => repo.getByCode(db, code),
    getByCodes: (codes) => repo.getByCodes(db, [...new Set(codes)].slice(0, 1000)),
    async search(q, opts = {}) {
      const limit = Math.min(Math.max(1, opts.limit ?? 20), MAX_LIMIT);
      const offset = Math.max(0, opts.offset ?? 0);
      return repo.search(db, await searchQuery(q, deps.rewriteQuery), { field: opts.field || undefined, limit, offset });
    },
    async forEachForIndex(fn, batchSize = 200) {
      let after: string | null = null;
      for (;;) {
        const batch = await repo.indexBatch(db, after, Math.min(Math.max(1, batchSize), 1000));
        if (batch.length === 0) return;
        await fn(batch);
        after = batch[batch.length - 1]!.code;
      }
    },
    responsibleOrgIds: (code) => repo.responsibleOrgIds(db, code),
    listFields: () => repo.listFields(db),
    count: () => repo.count(db),

    /**
     * All-or-nothing import of the national export: every line is validated first; any bad line → the list
     * of errors and nothing written. Otherwise one transaction upserts in batches and one audit row records
     * the counts. Re-running updates changed records and leaves the rest untouched.
     */
    async importProcedures(actor, lines, opts = {}) {
      requirePermission(actor, 'catalogue.import');
      const progress = opts.onProgress ?? (() => {});
      const { records, errors } = validateLines(lines, progress);
      if (errors.length) return { ok: false, errors };
      const match = await agencyMatcher();
      const batchSize = opts.batchSize ?? 200;
      return runCommand(db, actor, 'catalogue.import', async ({ tx, authorize, audit }) => {
        authorize('catalogue.import');
        const existing = await repo.hashesByCode(tx);
        let inserted = 0;
        let updated = 0;
        let unchanged = 0;
        const changed: Array<ProcedureRecord & { responsibleOrgIds: string[] }> = [];
        for (const r of records) {
          const h = existing.get(r.code);
          if (h === undefined) inserted++;
          else if (h === r.sourceHash) {
            unchanged++;
            continue;
          } else updated++;
          changed.push({ ...r, responsibleOrgIds: match(r) });
        }
        for (let i = 0; i < changed.length; i += batchSize) {
          await repo.upsertBatch(tx, changed.slice(i, i + batchSize));
          progress({ phase: 'write', done: Math.min(i + batchSize, changed.length), total: changed.length });
        }
        const counts = { total: records.length, inserted, updated, unchanged };
        await audit({ entityType: 'procedure', entityId: null, after: counts });
        return { ok: true as const, ...counts };
      });
    },

    async updateAssignment(actor, code, input) {
      requirePermission(actor, 'catalogue.manage');
      const fields: Record<string, string> = {};
      const level = input.dvcttLevel === '' || input.dvcttLevel === 'none' ? null : input.dvcttLevel;
      if (level !== null && !(DVCTT_LEVELS as string[]).includes(level)) fields.dvcttLevel = 'form.invalidChoice';
      if (input.responsibleOrgId && !/^[0-9a-f-]{36}$/i.test(input.responsibleOrgId)) fields.responsibleOrgId = 'form.invalidChoice';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      // Outside the transaction: on PGlite the pool has one connection, and the organisations service uses db.
      if (input.responsibleOrgId && deps.organisations) {
        const ok = (await deps.organisations.options()).some((o) => o.value === input.responsibleOrgId);
        if (!ok) throw new ValidationError({ responsibleOrgId: 'form.invalidChoice' });
      }
      await runCommand(db, actor, 'catalogue.update', async ({ tx, authorize, audit }) => {
        authorize('catalogue.manage');
        const before = await repo.getByCode(tx, code);
        if (!before) throw new NotFoundError();
        const after = { dvcttLevel: level as DvcttLevel | null, responsibleOrgIds: input.responsibleOrgId ? [input.responsibleOrgId] : [] };
        await repo.setAssignment(tx, before.id, after);
        await audit({
          entityType: 'procedure',
          entityId: before.id,
          orgId: after.responsibleOrgIds[0] ?? null,
          before: { code, dvcttLevel: before.dvcttLevel, responsibleOrgIds: before.responsibleOrgIds },
          after: { code, ...after },
        });
      });
    },

    recordView: (id) => repo.incrementViews(db, id),

    async staffSearch(actor, q, opts) {
      requirePermission(actor, 'catalogue.manage');
      const level = opts.dvcttLevel === 'none' || (DVCTT_LEVELS as string[]).includes(opts.dvcttLevel ?? '') ? (opts.dvcttLevel as DvcttLevel | 'none') : undefined;
      return repo.search(db, await searchQuery(q, deps.rewriteQuery), {
        field: opts.field || undefined,
        unassigned: opts.unassigned,
        dvcttLevel: level,
        limit: Math.min(Math.max(1, opts.limit), MAX_LIMIT),
        offset: Math.max(0, opts.offset),
      });
    },

    assertCanManage(actor) {
      requirePermission(actor, 'catalogue.manage');
    },
  };
  return service;
}

import type { AppDeps } from '../../platform/modules.ts';
import { runCommand } from '../../platform/audit/command.ts';
import { actorOrgIds, can, isProvinceWide, requirePermission, SYSTEM_ACTOR, type Actor } from '../../platform/auth/permissions.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { notify } from '../../platform/notify/notify.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { processUpload } from '../../platform/storage/uploads.ts';
import { newStorageKey } from '../../platform/storage/storage.ts';
import { AppError } from '../../platform/errors.ts';
import { parsePlanFile, PlanFileError, type PlanFile } from './plans.file.ts';
import * as repo from './plans.repo.ts';
import type { ReportRow, TaskRow } from './plans.repo.ts';
import { AccountsToken } from '../accounts/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';

/** Group codes a plan may use instead of naming units; resolved to report recipients when a cycle opens. */
export const GROUP_CODES = ['ALL-SO', 'ALL-HUYEN', 'ALL-XA', 'ALL-DOANTHE', 'CQ-LIENQUAN'] as const;
export const REPORT_STATUSES = ['not_started', 'in_progress', 'done', 'not_reported'] as const;
export const OUTPUT_KEYS = ['articles', 'videos', 'broadcasts', 'sessions', 'peopleTrained', 'materials'] as const;
/** Lead agencies weigh twice as much as coordinating agencies in a task's progress. */
export const ROLE_WEIGHT = { lead: 2, coordinating: 1 } as const;
/** Reminder offsets before the due date, in days. */
export const REMINDER_DAYS = [14, 7, 1] as const;
/** Evidence files: PDF, images and Office documents up to 10 MB, type read from the content. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export interface EvidenceItem {
  url: string;
  label: string;
  key?: string;
  mime?: string;
}

/** The last day of district-level government (two-tier government from 01/07/2025). */
export const DISTRICTS_END = '2025-06-30';

export interface ReportInput {
  status: string;
  progress: string;
  outputs: Record<string, string>;
  narrative: string;
  evidence: string[];
}

export type PlansService = ReturnType<typeof createPlansService>;

/** Shown instead of an organisation id that no longer resolves to a name. */
export const UNKNOWN_AGENCY = 'Cơ quan không còn trong danh mục';

export function createPlansService(deps: AppDeps) {
  const db = deps.db;
  const orgs = () => deps.services.get(OrganisationsToken);

  async function knownOrgCodes(): Promise<Set<string>> {
    const rows = await orgs().list(SYSTEM_ACTOR, { status: 'all', limit: 5000 });
    return new Set(rows.map((r) => r.code));
  }

  /** Unknown organisation codes are reported with their line and field, like any other file error. */
  async function checkCodes(text: string, plan: PlanFile) {
    const known = await knownOrgCodes();
    for (const g of GROUP_CODES) known.add(g);
    for (const e of plan.extraOrgs) known.add(e.code);
    const lines = text.split('\n');
    const problems: Array<{ line: number; field: string; message: string }> = [];
    plan.tasks.forEach((t, i) => {
      for (const key of ['lead', 'coordinating', 'leadFromVI', 'coordinatingFromVI'] as const) {
        t[key].forEach((code, j) => {
          if (known.has(code)) return;
          const idLine = lines.findIndex((l) => l.includes(`id: ${t.id}`) || l.includes(`id: "${t.id}"`));
          const offset = lines.slice(idLine).findIndex((l) => l.trimStart().startsWith(`${key}:`));
          problems.push({ line: idLine + offset + 1, field: `tasks[${i}].${key}[${j}]`, message: `Mã cơ quan “${code}” không có trong danh mục cơ quan, đơn vị.` });
        });
      }
    });
    if (problems.length) throw new PlanFileError(problems);
  }

  async function resolveCodes(codes: string[], asOf: string): Promise<{ ids: string[]; unresolved: Array<{ code: string; reason: string }> }> {
    const ids = new Set<string>();
    const unresolved: Array<{ code: string; reason: string }> = [];
    const active = async (type: string) => (await orgs().list(SYSTEM_ACTOR, { status: 'active', asOf, type, limit: 1000 })).map((o) => o.id);
    for (const code of codes) {
      if (code === 'ALL-SO') (await active('so_nganh')).forEach((id) => ids.add(id));
      else if (code === 'ALL-XA') (await active('ubnd_xa')).forEach((id) => ids.add(id));
      else if (code === 'ALL-DOANTHE') {
        const found = await active('doan_the');
        if (found.length) found.forEach((id) => ids.add(id));
        else unresolved.push({ code, reason: 'noUnits' });
      } else if (code === 'ALL-HUYEN') {
        if (asOf <= DISTRICTS_END) (await active('ubnd_huyen')).forEach((id) => ids.add(id));
        else {
          // Districts ended on 30/06/2025: their work passes to the communes that succeeded them.
          const districts = await orgs().list(SYSTEM_ACTOR, { status: 'all', asOf, type: 'ubnd_huyen', limit: 1000 });
          let n = 0;
          for (const d of districts) {
            const { successions } = await orgs().detail(d.id, asOf);
            for (const s of successions) {
              if (s.direction !== 'to') continue;
              ids.add(s.orgId);
              n++;
            }
          }
          if (n === 0) unresolved.push({ code, reason: 'noSuccessors' });
        }
      } else if (code === 'CQ-LIENQUAN') unresolved.push({ code, reason: 'unspecified' });
      else {
        const id = await orgs().findIdByCode(code);
        const row = id ? await orgs().get(id, asOf).catch(() => undefined) : undefined;
        if (!row) unresolved.push({ code, reason: 'unknown' });
        else if (row.validTo && row.validTo < asOf) unresolved.push({ code, reason: 'historical' });
        else ids.add(row.id);
      }
    }
    return { ids: [...ids], unresolved };
  }

  function canSeeReport(actor: Actor, r: ReportRow): boolean {
    if (isProvinceWide(actor) && can(actor, 'plans.review')) return true;
    if (actorOrgIds(actor).includes(r.orgId) && can(actor, 'plans.report', r.orgId)) return true;
    // Everyone else with read access sees only what the Centre accepted.
    return r.state === 'accepted' && can(actor, 'plans.view');
  }

  function validateReport(input: ReportInput, submit: boolean) {
    const fields: Record<string, string> = {};
    if (!(REPORT_STATUSES as readonly string[]).includes(input.status) || input.status === 'not_reported') fields.status = 'plans.errors.status';
    const p = input.progress.trim().replace('%', '');
    const progress = Number(p);
    if (p === '' || !/^\d{1,3}$/.test(p)) fields.progress = 'plans.errors.progressNumber';
    else if (progress < 0 || progress > 100) fields.progress = 'plans.errors.progressRange';
    const outputs: Record<string, number> = {};
    for (const k of OUTPUT_KEYS) {
      const raw = (input.outputs[k] ?? '').trim().replace(/\./g, '');
      if (!raw) continue;
      if (!/^\d{1,9}$/.test(raw)) fields[`out_${k}`] = 'plans.errors.outputNumber';
      else outputs[k] = Number(raw);
    }
    if (input.narrative.length > 20000) fields.narrative = 'plans.errors.narrativeLong';
    if (submit && input.narrative.trim().length < 10) fields.narrative = 'plans.errors.narrativeRequired';
    const evidence: Array<{ url: string; label: string }> = [];
    const links = input.evidence.map((s) => s.trim()).filter(Boolean);
    if (links.length > 20) fields.evidence = 'plans.errors.evidenceTooMany';
    for (const l of links) {
      let ok = false;
      try {
        const u = new URL(l);
        ok = (u.protocol === 'https:' || u.protocol === 'http:') && l.length <= 500;
      } catch {
        ok = false;
      }
      if (!ok) fields.evidence = 'plans.errors.evidenceUrl';
      else evidence.push({ url: l, label: l });
    }
    if (input.status === 'done' && progress !== 100 && !fields.progress) fields.progress = 'plans.errors.doneNeeds100';
    if (Object.keys(fields).length) throw new ValidationError(fields);
    return { status: input.status, progress, outputs, narrative: input.narrative.trim(), evidence };
  }

  const service = {
    resolveCodes,

    async importPlan(actor: Actor, text: string): Promise<{ planId: string; unchanged: boolean; tasks: number; targets: number; kept: number }> {
      const plan = parsePlanFile(text);
      await checkCodes(text, plan);
      const existing = await repo.planBySlug(db, plan.id);
      if (existing && existing.checksum === plan.checksum) {
        requirePermission(actor, 'plans.manage');
        return { planId: existing.id, unchanged: true, tasks: plan.tasks.length, targets: plan.targets.length, kept: 0 };
      }
      return runCommand(db, actor, 'plans.import', async ({ tx, authorize, audit }) => {
        authorize('plans.manage');
        const { checksum, ...document } = plan;
        const planId = await repo.upsertPlan(tx, {
          slug: plan.id,
          title: plan.title,
          provinceCode: plan.province,
          basis: plan.basis,
          periodFrom: plan.period.from,
          periodTo: plan.period.to,
          reportDue: plan.reportDue,
          reportDueText: plan.reportDueText,
          document: document as unknown as Record<string, unknown>,
          checksum,
        });
        const targets = plan.targets.flatMap((t) => [t, ...t.subTargets.map((s) => ({ ...s, year: t.year, valueMax: null }))]);
        let pos = 0;
        for (const t of targets) await repo.upsertTarget(tx, planId, { ref: t.id, year: t.year, text: t.text, value: t.value, valueMax: t.valueMax, unit: t.unit, kpiCode: t.kpi }, pos++);
        await repo.deleteTargetsNotIn(tx, planId, targets.map((t) => t.id));
        let kept = 0;
        for (const [i, t] of plan.tasks.entries()) {
          const res = await repo.upsertTask(tx, planId, {
            ref: t.id,
            section: t.section,
            sectionTitle: t.sectionTitle,
            text: t.text,
            timeframe: t.timeframe,
            lead: t.lead,
            coordinating: t.coordinating,
            leadVi: t.leadFromVI,
            coordinatingVi: t.coordinatingFromVI,
            discrepancy: t.discrepancy,
            position: i,
          });
          if (res === 'kept') kept++;
        }
        await repo.deleteTasksNotIn(tx, planId, plan.tasks.map((t) => t.id));
        await audit({ entityType: 'plan', entityId: planId, after: { slug: plan.id, checksum, tasks: plan.tasks.length, targets: targets.length, keptEdited: kept } });
        return { planId, unchanged: false, tasks: plan.tasks.length, targets: targets.length, kept };
      });
    },

    listPlans: () => repo.listPlans(db),
    async getPlan(id: string) {
      const p = await repo.getPlan(db, id);
      if (!p) throw new NotFoundError();
      return p;
    },
    planBySlug: (slug: string) => repo.planBySlug(db, slug),
    listTargets: (planId: string) => repo.listTargets(db, planId),
    listTasks: (planId: string) => repo.listTasks(db, planId),
    async getTask(id: string) {
      const t = await repo.getTask(db, id);
      if (!t) throw new NotFoundError();
      return t;
    },

    /** Agencies that lead a task: IV and VI together (VI may add leads IV does not name; both are shown). */
    leadCodes: (t: TaskRow) => [...new Set([...t.lead, ...t.leadVi])],
    coordinatingCodes: (t: TaskRow) => {
      const leads = new Set([...t.lead, ...t.leadVi]);
      return [...new Set([...t.coordinating, ...t.coordinatingVi])].filter((c) => !leads.has(c));
    },

    async updateTask(actor: Actor, id: string, input: { text: string; timeframe: string; lead: string; coordinating: string; discrepancy: string }) {
      const split = (s: string) => [...new Set(s.split(/[\s,;]+/).map((x) => x.trim().toUpperCase()).filter(Boolean))];
      const lead = split(input.lead);
      const coordinating = split(input.coordinating);
      const fields: Record<string, string> = {};
      if (input.text.trim().length < 5 || input.text.length > 10000) fields.text = 'plans.errors.taskText';
      const known = await knownOrgCodes();
      for (const g of GROUP_CODES) known.add(g);
      if (lead.some((c) => !known.has(c))) fields.lead = 'plans.errors.unknownCode';
      if (coordinating.some((c) => !known.has(c))) fields.coordinating = 'plans.errors.unknownCode';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      return runCommand(db, actor, 'plans.task.update', async ({ tx, authorize, audit }) => {
        authorize('plans.manage');
        const before = await repo.getTask(tx, id);
        if (!before) throw new NotFoundError();
        const after = { text: input.text.trim(), timeframe: input.timeframe.trim(), lead, coordinating, discrepancy: input.discrepancy.trim() || null };
        await repo.updateTask(tx, id, after);
        await audit({ entityType: 'plan_task', entityId: id, before: { text: before.text, timeframe: before.timeframe, lead: before.lead, coordinating: before.coordinating, discrepancy: before.discrepancy }, after });
      });
    },

    // --- cycles ---

    listCycles: (planId?: string) => repo.listCycles(db, planId),
    async getCycle(id: string) {
      const c = await repo.getCycle(db, id);
      if (!c) throw new NotFoundError();
      return c;
    },

    /** Due date for year Y from the plan's MM-DD (10/12 for Hưng Yên). */
    defaultDue: (reportDue: string, year: number) => `${year}-${reportDue}`,

    async openCycle(actor: Actor, planId: string, year: number, dueDate?: string): Promise<string> {
      requirePermission(actor, 'plans.manage');
      const plan = await service.getPlan(planId);
      const fields: Record<string, string> = {};
      if (!Number.isInteger(year) || year < plan.periodFrom || year > plan.periodTo) fields.year = 'plans.errors.year';
      const due = dueDate || service.defaultDue(plan.reportDue, year);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) fields.dueDate = 'form.invalidDate';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      if (await repo.cycleFor(db, planId, year)) throw new ConflictError('plans.errors.cycleExists', { year });
      const tasks = await repo.listTasks(db, planId);
      const rows: Array<{ taskId: string; orgId: string; role: 'lead' | 'coordinating' }> = [];
      const unresolved: Array<{ code: string; reason: string; task: string }> = [];
      // Each code is resolved once per cycle (ALL-HUYEN walks every district's successors).
      const cache = new Map<string, Awaited<ReturnType<typeof resolveCodes>>>();
      const resolveAll = async (codes: string[]) => {
        const ids = new Set<string>();
        const unresolved: Array<{ code: string; reason: string }> = [];
        for (const c of codes) {
          if (!cache.has(c)) cache.set(c, await resolveCodes([c], due));
          const r = cache.get(c)!;
          r.ids.forEach((id) => ids.add(id));
          unresolved.push(...r.unresolved);
        }
        return { ids: [...ids], unresolved };
      };
      for (const t of tasks) {
        const lead = await resolveAll(service.leadCodes(t));
        const coord = await resolveAll(service.coordinatingCodes(t));
        const leadSet = new Set(lead.ids);
        for (const id of lead.ids) rows.push({ taskId: t.id, orgId: id, role: 'lead' });
        for (const id of coord.ids) if (!leadSet.has(id)) rows.push({ taskId: t.id, orgId: id, role: 'coordinating' });
        for (const u of [...lead.unresolved, ...coord.unresolved]) unresolved.push({ ...u, task: t.ref });
      }
      return runCommand(db, actor, 'plans.cycle.open', async ({ tx, authorize, audit }) => {
        authorize('plans.manage');
        const id = await repo.insertCycle(tx, { planId, year, dueDate: due, openedBy: actor.kind === 'user' ? actor.id : null, unresolved });
        await repo.insertReports(tx, id, rows);
        await audit({ entityType: 'plan_cycle', entityId: id, after: { planId, year, dueDate: due, reports: rows.length, unresolved: unresolved.length } });
        return id;
      });
    },

    async setDueDate(actor: Actor, cycleId: string, due: string) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) throw new ValidationError({ dueDate: 'form.invalidDate' });
      return runCommand(db, actor, 'plans.cycle.due', async ({ tx, authorize, audit }) => {
        authorize('plans.manage');
        const c = await repo.getCycle(tx, cycleId);
        if (!c) throw new NotFoundError();
        await repo.setCycleDue(tx, cycleId, due);
        await audit({ entityType: 'plan_cycle', entityId: cycleId, before: { dueDate: c.dueDate }, after: { dueDate: due } });
      });
    },

    async saveReportMeta(actor: Actor, cycleId: string, input: Record<string, string>, fieldNames: string[]) {
      const meta: Record<string, string> = {};
      const fields: Record<string, string> = {};
      for (const f of fieldNames) {
        const v = (input[f] ?? '').trim();
        if (v.length > 20000) fields[f] = 'plans.errors.narrativeLong';
        meta[f] = v;
      }
      if (meta.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(meta.date)) fields.date = 'form.invalidDate';
      if (meta.number && !/^\d{1,6}$/.test(meta.number)) fields.number = 'plans.errors.docNumber';
      if (meta.symbol !== undefined && !/^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$/u.test(meta.symbol)) fields.symbol = 'plans.errors.docSymbol';
      if (!meta.agency) fields.agency = 'plans.errors.required';
      if (!meta.subject) fields.subject = 'plans.errors.required';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      return runCommand(db, actor, 'plans.report.meta', async ({ tx, authorize, audit }) => {
        authorize('plans.manage');
        const c = await repo.getCycle(tx, cycleId);
        if (!c) throw new NotFoundError();
        await repo.setCycleMeta(tx, cycleId, meta);
        await audit({ entityType: 'plan_cycle', entityId: cycleId, before: c.reportMeta, after: meta });
      });
    },

    // --- reports ---

    /** Reports the actor may see: the Centre sees all; an agency its own; other readers accepted ones only. */
    async reportsFor(actor: Actor, f: repo.ReportFilter) {
      if (actor.kind === 'anonymous') throw new ForbiddenError();
      if (isProvinceWide(actor) && can(actor, 'plans.review')) return repo.listReports(db, f);
      const own = actorOrgIds(actor).filter((o) => can(actor, 'plans.report', o));
      const mine = own.length ? await repo.listReports(db, { ...f, orgIds: f.orgIds ? f.orgIds.filter((x) => own.includes(x)) : own }) : [];
      if (!can(actor, 'plans.view')) {
        if (!own.length) throw new ForbiddenError();
        return mine;
      }
      const accepted = await repo.listReports(db, { ...f, states: ['accepted'] });
      const seen = new Set(mine.map((r) => r.id));
      return [...mine, ...accepted.filter((r) => !seen.has(r.id))];
    },

    async getReport(actor: Actor, id: string) {
      const r = await repo.getReport(db, id);
      if (!r) throw new NotFoundError();
      if (!canSeeReport(actor, r)) throw new ForbiddenError();
      return r;
    },

    /** An uploaded evidence file of a report the actor may see. */
    async evidenceFile(actor: Actor, id: string, n: number) {
      const r = await service.getReport(actor, id);
      const files = (r.evidence as EvidenceItem[]).filter((x) => x.key);
      const f = files[n];
      if (!f?.key) throw new NotFoundError();
      return { name: f.label, mime: f.mime ?? 'application/octet-stream', data: await deps.storage.get(f.key) };
    },

    canEditReport(actor: Actor, r: ReportRow) {
      return (r.state === 'draft' || r.state === 'returned') && actorOrgIds(actor).includes(r.orgId) && can(actor, 'plans.report', r.orgId);
    },

    async saveReport(actor: Actor, id: string, input: ReportInput, submit: boolean, file?: { filename: string; data: Buffer } | null) {
      const clean = validateReport(input, submit);
      let stored: EvidenceItem | null = null;
      if (file && file.data.length) {
        // Check who is writing before anything reaches storage.
        const current = await repo.getReport(db, id);
        if (!current) throw new NotFoundError();
        if (!actorOrgIds(actor).includes(current.orgId) || !can(actor, 'plans.report', current.orgId)) throw new ForbiddenError();
        if (current.evidence.filter((x) => (x as EvidenceItem).key).length >= 10) throw new ValidationError({ evidenceFile: 'plans.errors.evidenceFilesTooMany' });
        let up;
        try {
          up = await processUpload(file.data, file.filename, { allow: ['pdf', 'image', 'office'], maxBytes: EVIDENCE_MAX_BYTES });
        } catch (err) {
          if (err instanceof AppError && err.code.startsWith('uploads.errors.')) {
            throw new ValidationError({ evidenceFile: err.code === 'uploads.errors.size' ? 'plans.errors.evidenceFileSize' : 'plans.errors.evidenceFileType' });
          }
          throw err;
        }
        const key = newStorageKey('plans-evidence', up.ext);
        await deps.storage.put(key, up.data, up.mime);
        stored = { url: '', label: up.safeName, key, mime: up.mime };
      }
      return runCommand(db, actor, submit ? 'plans.report.submit' : 'plans.report.save', async ({ tx, authorize, audit }) => {
        const before = await repo.getReport(tx, id);
        if (!before) throw new NotFoundError();
        // Only the agency itself files its report: the Centre reviews, it does not write for others.
        if (!actorOrgIds(actor).includes(before.orgId)) throw new ForbiddenError();
        authorize('plans.report', before.orgId);
        if (before.state !== 'draft' && before.state !== 'returned') throw new ConflictError('plans.errors.notEditable');
        // Links come from the form each time; uploaded files stay until the report is accepted.
        const files = (before.evidence as EvidenceItem[]).filter((x) => x.key);
        if (stored) files.push(stored);
        const evidence = [...clean.evidence, ...files.map((f, i) => ({ ...f, url: `/quan-tri/bao-cao-ke-hoach/${id}/minh-chung/${i}` }))];
        await repo.saveReport(tx, id, { ...clean, evidence, submit, userId: actor.kind === 'user' ? actor.id : null });
        await audit({ entityType: 'plan_report', entityId: id, orgId: before.orgId, before: { state: before.state, progress: before.progress, status: before.status }, after: { ...clean, submit } });
      });
    },

    async review(actor: Actor, id: string, decision: string, comment: string) {
      const fields: Record<string, string> = {};
      if (decision !== 'accept' && decision !== 'return') fields.decision = 'plans.errors.decision';
      if (decision === 'return' && comment.trim().length < 5) fields.comment = 'plans.errors.commentRequired';
      if (comment.length > 5000) fields.comment = 'plans.errors.narrativeLong';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      return runCommand(db, actor, decision === 'accept' ? 'plans.report.accept' : 'plans.report.return', async ({ tx, authorize, audit }) => {
        authorize('plans.review');
        const before = await repo.getReport(tx, id);
        if (!before) throw new NotFoundError();
        if (before.state !== 'submitted') throw new ConflictError('plans.errors.notSubmitted');
        await repo.reviewReport(tx, id, decision === 'accept' ? 'accepted' : 'returned', comment.trim() || null, actor.kind === 'user' ? actor.id : null);
        await audit({ entityType: 'plan_report', entityId: id, orgId: before.orgId, before: { state: before.state }, after: { decision, comment } });
      });
    },

    /**
     * Roll-up of a cycle. A report counts with its progress once submitted (or, for public figures, accepted);
     * unreported = 0. A task's progress weighs the mean of its lead agencies twice the mean of its coordinating
     * agencies (ROLE_WEIGHT), so a hundred coordinating communes do not drown the one agency that leads. A section
     * is the mean of its tasks; the year the mean of all tasks. An agency's figure is the plain mean of its reports.
     */
    async rollup(cycleId: string, onlyAccepted = false) {
      const cycle = await service.getCycle(cycleId);
      const tasks = await repo.listTasks(db, cycle.planId);
      const reports = await repo.listReports(db, { cycleId });
      const counts = (r: ReportRow) => (onlyAccepted ? r.state === 'accepted' : r.state === 'submitted' || r.state === 'accepted');
      const mean = (rs: ReportRow[]) => (rs.length ? rs.reduce((s, r) => s + (counts(r) ? r.progress : 0), 0) / rs.length : null);
      const byTask = tasks.map((t) => {
        const rs = reports.filter((r) => r.taskId === t.id);
        const lead = mean(rs.filter((r) => r.role === 'lead'));
        const coord = mean(rs.filter((r) => r.role === 'coordinating'));
        const parts = [lead == null ? null : [lead, ROLE_WEIGHT.lead], coord == null ? null : [coord, ROLE_WEIGHT.coordinating]].filter(Boolean) as Array<[number, number]>;
        const w = parts.reduce((a, [, x]) => a + x, 0);
        const progress = w ? parts.reduce((a, [v, x]) => a + v * x, 0) / w : 0;
        return {
          task: t,
          progress,
          total: rs.length,
          reported: rs.filter(counts).length,
          accepted: rs.filter((r) => r.state === 'accepted').length,
          notReported: rs.filter((r) => r.status === 'not_reported').length,
        };
      });
      const sections = [...new Set(tasks.map((t) => t.section))].map((s) => {
        const ts = byTask.filter((x) => x.task.section === s);
        return { section: s, title: ts[0]!.task.sectionTitle, tasks: ts.length, progress: ts.reduce((a, x) => a + x.progress, 0) / ts.length };
      });
      const orgIds = [...new Set(reports.map((r) => r.orgId))];
      const byOrg = orgIds.map((orgId) => {
        const rs = reports.filter((r) => r.orgId === orgId);
        return { orgId, total: rs.length, reported: rs.filter(counts).length, accepted: rs.filter((r) => r.state === 'accepted').length, progress: mean(rs) ?? 0 };
      });
      const overall = byTask.length ? byTask.reduce((a, x) => a + x.progress, 0) / byTask.length : 0;
      return { cycle, byTask, sections, byOrg, overall, reports };
    },

    /** One task's reports across every cycle (years), for its timeline. */
    async taskTimeline(actor: Actor, taskId: string) {
      return service.reportsFor(actor, { taskId });
    },

    async orgNames(ids: string[], asOf = todayInVietnam()): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      // A person reads a name, never an id, even for a unit no longer in the register.
      for (const id of new Set(ids)) out.set(id, await orgs().nameAsOf(id, asOf).catch(() => UNKNOWN_AGENCY));
      return out;
    },

    async notificationsFor(actor: Actor) {
      return repo.notificationsForOrgs(db, actorOrgIds(actor));
    },

    /**
     * Daily reminders: 14, 7 and 1 days before the due date and once when overdue, by email (outbox) and in
     * the app (notifications), each deduplicated so a re-run never repeats. After the due date, reports never
     * submitted become "not reported".
     */
    async runReminders(today = todayInVietnam()) {
      const accounts = deps.services.optional(AccountsToken);
      let recipients: Array<{ email: string; orgId: string; userId: string }> | undefined;
      const loadRecipients = async () => {
        if (recipients || !accounts) return recipients ?? [];
        recipients = [];
        for (let page = 1; page < 200; page++) {
          const { users, hasNext } = await accounts.listUsers(SYSTEM_ACTOR, undefined, page);
          for (const u of users) {
            if (u.status !== 'active') continue;
            for (const r of u.roles) if (r.role === 'agency_head' || r.role === 'agency_officer') recipients.push({ email: u.email, orgId: r.orgId, userId: u.id });
          }
          if (!hasNext) break;
        }
        return recipients;
      };
      const result = { notifications: 0, emails: 0, markedNotReported: 0 };
      for (const cycle of await repo.openCycles(db)) {
        const days = Math.round((Date.parse(`${cycle.dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
        const kind = days < 0 ? 'overdue' : (REMINDER_DAYS as readonly number[]).includes(days) ? `d${days}` : null;
        if (!kind) continue;
        const due = cycle.dueDate.split('-').reverse().join('/');
        // Read the recipients before the transaction: on PGlite the pool has one connection.
        const people = await loadRecipients();
        await db.transaction().execute(async (tx) => {
          if (kind === 'overdue') result.markedNotReported += await repo.markNotReported(tx, cycle.id);
          const pending = await repo.pendingByOrg(tx, cycle.id);
          for (const p of pending) {
            const title = kind === 'overdue' ? `Quá hạn báo cáo kết quả thực hiện Kế hoạch năm ${cycle.year}` : `Còn ${days} ngày đến hạn báo cáo kết quả thực hiện Kế hoạch năm ${cycle.year}`;
            const body = `Đơn vị còn ${p.pending} báo cáo nhiệm vụ chưa gửi. Hạn gửi: ${due}.`;
            const link = `/quan-tri/bao-cao-ke-hoach?ky=${cycle.id}`;
            if ((await notify(tx, { orgId: p.orgId, userId: null, key: `plans:${cycle.id}:${p.orgId}:${kind}`, title, body, link })).inApp) result.notifications++;
            for (const person of people.filter((x) => x.orgId === p.orgId)) {
              const sent = await deps.mailer.enqueue(tx, {
                to: person.email,
                subject: title,
                text: `${body}\n\nVui lòng đăng nhập dvc-hub để cập nhật và gửi báo cáo: ${deps.config.publicUrl}${link}\n`,
                dedupeKey: `plans:${cycle.id}:${p.orgId}:${kind}:${person.userId}`,
              });
              if (sent) result.emails++;
            }
          }
        });
      }
      return result;
    },
  };
  return service;
}

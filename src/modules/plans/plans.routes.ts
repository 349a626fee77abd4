import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../platform/modules.ts';
import { render } from '../../platform/http/render.ts';
import { DOCX_TYPE, sendAttachment, sendCsv, sendXlsx } from '../../platform/http/downloads.ts';
import { field, formBody, requireUser, withFormErrors } from '../../platform/http/forms.ts';
import { can, isProvinceWide, requirePermission, SYSTEM_ACTOR, type Actor } from '../../platform/auth/permissions.ts';
import { AppError, ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { formatNumber, parseDateInput, todayInVietnam, translator } from '../../platform/i18n/i18n.ts';
import { OUTPUT_KEYS, UNKNOWN_AGENCY } from './plans.service.ts';
import type { Granularity } from './kpis.service.ts';
import { CyclePage, PlanDetailPage, PlansListPage, ReportPage, ReportsListPage, TaskPage } from './plans.views.tsx';
import { KpiDashboardPage, KpiDetailPage, KpiImportPage, ProvincialReportPage } from './kpis.views.tsx';
import { buildDocx, reportSheets, defaultMeta, META_FIELDS, type ReportMeta, type ReportModel } from './plans.report.ts';
import { parseMultipart } from './multipart.ts';
import { OrganisationsToken } from '../organisations/api.ts';
import { KpisToken, PlansToken } from './api.ts';

const idParam = Type.Object({ id: Type.String({ format: 'uuid' }) });
const dateOrBlank = (s: string) => (s ? (parseDateInput(s) ?? 'invalid') : '');

export async function plansRoutes(app: FastifyInstance, deps: AppDeps) {
  const plans = deps.services.get(PlansToken);
  const kpis = deps.services.get(KpisToken);
  const orgs = deps.services.get(OrganisationsToken);

  // Multipart only for this module's upload forms (KPI import, report evidence); parsed in memory, files go through processUpload.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 11 * 1024 * 1024 }, (request, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, String(request.headers['content-type'] ?? '')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  const staffView = (request: FastifyRequest) => {
    requireUser(request);
    requirePermission(request.actor, 'plans.view');
  };

  async function codeNames(): Promise<Record<string, string>> {
    const rows = await orgs.list(SYSTEM_ACTOR, { status: 'all', limit: 5000 });
    return Object.fromEntries(rows.map((r) => [r.code, r.name]));
  }

  // --- plans and tasks ---

  app.get('/quan-tri/ke-hoach', async (request, reply) => {
    staffView(request);
    return render(reply, PlansListPage({ ctx: request.pageContext(), plans: await plans.listPlans(), cycles: await plans.listCycles() }));
  });

  async function planPage(request: FastifyRequest, id: string, errors?: Record<string, string>, values?: Record<string, string>) {
    const plan = await plans.getPlan(id);
    return PlanDetailPage({
      ctx: request.pageContext(),
      plan,
      targets: await plans.listTargets(id),
      tasks: await plans.listTasks(id),
      cycles: await plans.listCycles(id),
      names: await codeNames(),
      canManage: can(request.actor, 'plans.manage'),
      errors,
      values,
    });
  }

  app.get('/quan-tri/ke-hoach/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    staffView(request);
    return render(reply, planPage(request, (request.params as { id: string }).id));
  });

  app.post('/quan-tri/ke-hoach/:id/mo-ky', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const values = { year: field(b, 'year', 10), dueDate: field(b, 'dueDate', 20) };
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        if (!/^\d{4}$/.test(values.year)) throw new ValidationError({ year: 'plans.errors.year' });
        const cycleId = await plans.openCycle(request.actor, id, Number(values.year), dateOrBlank(values.dueDate) || undefined);
        return reply.redirect(`/quan-tri/ke-hoach/ky/${cycleId}?da=cycleOpened`, 303);
      },
      (errors) => planPage(request, id, errors, values),
    );
  });

  async function taskPage(request: FastifyRequest, id: string, errors?: Record<string, string>, values?: Record<string, string>) {
    const task = await plans.getTask(id);
    const plan = await plans.getPlan(task.planId);
    const cycles = await plans.listCycles(plan.id);
    const q = request.query as Record<string, string | undefined>;
    const year = Number(q.nam) || cycles[0]?.year || null;
    const reports = await plans.taskTimeline(request.actor, id);
    return TaskPage({
      ctx: request.pageContext(),
      plan,
      task,
      names: await codeNames(),
      orgNames: await plans.orgNames(reports.map((r) => r.orgId)),
      reports,
      cycles,
      year,
      canManage: can(request.actor, 'plans.manage'),
      errors,
      values,
    });
  }

  app.get('/quan-tri/ke-hoach/nhiem-vu/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    staffView(request);
    return render(reply, taskPage(request, (request.params as { id: string }).id));
  });

  app.post('/quan-tri/ke-hoach/nhiem-vu/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const values = { text: field(b, 'text', 10000), timeframe: field(b, 'timeframe', 200), lead: field(b, 'lead', 1000), coordinating: field(b, 'coordinating', 1000), discrepancy: field(b, 'discrepancy', 5000) };
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await plans.updateTask(request.actor, id, values);
        return reply.redirect(`/quan-tri/ke-hoach/nhiem-vu/${id}?da=taskSaved`, 303);
      },
      (errors) => taskPage(request, id, errors, values),
    );
  });

  // --- cycles, roll-up, provincial report ---

  async function cyclePage(request: FastifyRequest, id: string, errors?: Record<string, string>) {
    // The Centre sees submitted work; leadership and other readers see only what the Centre accepted.
    const r = await plans.rollup(id, !can(request.actor, 'plans.review'));
    const plan = await plans.getPlan(r.cycle.planId);
    const notReported = r.reports.filter((x) => x.status === 'not_reported');
    return CyclePage({
      ctx: request.pageContext(),
      r: { ...r, plan, notReported },
      orgNames: await plans.orgNames(r.byOrg.map((x) => x.orgId), r.cycle.dueDate),
      canManage: can(request.actor, 'plans.manage'),
      errors,
    });
  }

  const coordinatorOnly = (request: FastifyRequest) => {
    requireUser(request);
    requirePermission(request.actor, 'plans.review');
  };

  app.get('/quan-tri/ke-hoach/ky/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    staffView(request);
    return render(reply, cyclePage(request, (request.params as { id: string }).id));
  });

  app.post('/quan-tri/ke-hoach/ky/:id/han', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const due = dateOrBlank(field(formBody(request), 'dueDate', 20));
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await plans.setDueDate(request.actor, id, due);
        return reply.redirect(`/quan-tri/ke-hoach/ky/${id}?da=dueSaved`, 303);
      },
      (errors) => cyclePage(request, id, errors),
    );
  });

  async function reportModel(cycleId: string): Promise<ReportModel> {
    const r = await plans.rollup(cycleId);
    const plan = await plans.getPlan(r.cycle.planId);
    const meta: ReportMeta = { ...defaultMeta(r.cycle.year, plan.title), ...(r.cycle.reportMeta as Partial<ReportMeta>) };
    const names = await codeNames();
    const orgNames = await plans.orgNames(r.reports.filter((x) => x.status === 'not_reported').map((x) => x.orgId), r.cycle.dueDate);
    const t = translator('vi');
    // Year Y's report quotes year Y's figures only (stored for Y, or computed over 01/01–31/12 of Y).
    const dash = await kpis.dashboard(false, { year: r.cycle.year });
    return {
      year: r.cycle.year,
      planTitle: plan.title,
      meta,
      overall: r.overall,
      sections: r.sections,
      tasks: r.byTask.map((x) => ({
        ref: x.task.ref,
        section: x.task.section,
        sectionTitle: x.task.sectionTitle,
        text: x.task.text,
        lead: plans.leadCodes(x.task).map((c) => names[c] ?? t(`plans.groups.${c}`)).join('; '),
        progress: x.progress,
        reported: x.reported,
        total: x.total,
        accepted: x.accepted,
        notReported: x.notReported,
      })),
      kpis: dash.map((d) => ({
        code: d.kpi.code,
        name: d.kpi.nameVi,
        unit: d.kpi.unit,
        target2025: d.kpi.target2025,
        target2030: d.kpi.target2030,
        value: d.value,
        period: d.period === 'now' ? todayInVietnam() : d.period,
        statusLabel: t(`plans.kpiStatus.${d.status}`),
        legalRef: d.kpi.legalRef,
        warning: d.lowSample ? t('plans.lowSample', { n: formatNumber(d.n ?? 0), min: formatNumber(d.minSample ?? 0) }) : '',
      })),
      notReportedAgencies: [...new Set(orgNames.values())].sort(),
    };
  }

  app.get('/quan-tri/ke-hoach/ky/:id/bao-cao-tinh', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    coordinatorOnly(request);
    const { id } = request.params as { id: string };
    return render(reply, ProvincialReportPage({ ctx: request.pageContext(), model: await reportModel(id), cycleId: id, canManage: can(request.actor, 'plans.manage') }));
  });

  app.post('/quan-tri/ke-hoach/ky/:id/bao-cao-tinh', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const values = Object.fromEntries(META_FIELDS.map((f) => [f, field(b, f, 20000)]));
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await plans.saveReportMeta(request.actor, id, { ...values, date: dateOrBlank(values.date ?? '') }, META_FIELDS);
        return reply.redirect(`/quan-tri/ke-hoach/ky/${id}/bao-cao-tinh?da=reportSaved`, 303);
      },
      async (errors) => ProvincialReportPage({ ctx: request.pageContext(), model: await reportModel(id), cycleId: id, canManage: true, errors, values }),
    );
  });

  app.get('/quan-tri/ke-hoach/ky/:id/bao-cao-tinh.docx', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    coordinatorOnly(request);
    const m = await reportModel((request.params as { id: string }).id);
    return sendAttachment(reply, `bao-cao-ke-hoach-${m.year}.docx`, DOCX_TYPE, await buildDocx(m));
  });

  app.get('/quan-tri/ke-hoach/ky/:id/bao-cao-tinh.xlsx', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    coordinatorOnly(request);
    const m = await reportModel((request.params as { id: string }).id);
    return sendXlsx(reply, `phu-luc-bao-cao-${m.year}.xlsx`, reportSheets(m));
  });

  // --- agency reports ---

  app.get('/quan-tri/bao-cao-ke-hoach', async (request, reply) => {
    requireUser(request);
    if (!can(request.actor, 'plans.view') && !can(request.actor, 'plans.report')) throw new ForbiddenError();
    const q = request.query as Record<string, string | undefined>;
    const cycles = await plans.listCycles();
    const cycleId = cycles.find((c) => c.id === q.ky)?.id ?? cycles[0]?.id ?? '';
    const state = ['draft', 'submitted', 'returned', 'accepted'].includes(q.trangThai ?? '') ? q.trangThai! : '';
    const reports = cycleId ? await plans.reportsFor(request.actor, { cycleId, states: state ? [state] : undefined }) : [];
    return render(
      reply,
      ReportsListPage({
        ctx: request.pageContext(),
        reports,
        orgNames: await plans.orgNames(reports.map((r) => r.orgId)),
        cycles,
        cycleId,
        state,
        notifications: await plans.notificationsFor(request.actor),
      }),
    );
  });

  async function reportPage(request: FastifyRequest, id: string, errors?: Record<string, string>, values?: Record<string, string>) {
    const report = await plans.getReport(request.actor, id);
    return ReportPage({
      ctx: request.pageContext(),
      report,
      orgName: (await plans.orgNames([report.orgId], report.dueDate)).get(report.orgId) ?? '',
      canEdit: plans.canEditReport(request.actor, report),
      canReview: can(request.actor, 'plans.review'),
      errors,
      values,
    });
  }

  app.get('/quan-tri/bao-cao-ke-hoach/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    return render(reply, reportPage(request, (request.params as { id: string }).id));
  });

  app.post('/quan-tri/bao-cao-ke-hoach/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const values: Record<string, string> = {
      status: field(b, 'status', 20),
      progress: field(b, 'progress', 10),
      narrative: field(b, 'narrative', 20001),
      evidence: field(b, 'evidence', 20000),
      ...Object.fromEntries(OUTPUT_KEYS.map((k) => [`out_${k}`, field(b, `out_${k}`, 20)])),
    };
    const submit = field(b, 'action', 10) === 'submit';
    const upload = (request.body as Record<string, unknown> | undefined)?.evidenceFile as { filename: string; data: Buffer } | undefined;
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await plans.saveReport(
          request.actor,
          id,
          {
            status: values.status!,
            progress: values.progress!,
            narrative: values.narrative!,
            evidence: values.evidence!.split(/\r?\n/),
            outputs: Object.fromEntries(OUTPUT_KEYS.map((k) => [k, values[`out_${k}`] ?? ''])),
          },
          submit,
          upload && typeof upload === 'object' && Buffer.isBuffer(upload.data) ? upload : null,
        );
        return reply.redirect(`/quan-tri/bao-cao-ke-hoach/${id}?da=${submit ? 'reportSubmitted' : 'reportSaved'}`, 303);
      },
      (errors) => reportPage(request, id, errors, values),
    );
  });

  app.get('/quan-tri/bao-cao-ke-hoach/:id/minh-chung/:n', { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }), n: Type.Integer({ minimum: 0, maximum: 100 }) }), hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id, n } = request.params as { id: string; n: number };
    const f = await plans.evidenceFile(request.actor, id, n);
    return sendAttachment(reply, f.name, f.mime, f.data);
  });

  app.post('/quan-tri/bao-cao-ke-hoach/:id/duyet', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const values = { decision: field(b, 'decision', 10), comment: field(b, 'comment', 5001) };
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await plans.review(request.actor, id, values.decision, values.comment);
        return reply.redirect(`/quan-tri/bao-cao-ke-hoach/${id}?da=${values.decision === 'accept' ? 'reportAccepted' : 'reportReturned'}`, 303);
      },
      (errors) => reportPage(request, id, errors, values),
    );
  });

  // --- KPIs ---

  /** Tasks not reported, grouped by year and task: how many agencies, and the first few names. */
  async function notReportedList() {
    const out: Array<{ taskRef: string; orgName: string; year: number }> = [];
    for (const c of await plans.listCycles()) {
      const rs = (await plans.reportsFor(SYSTEM_ACTOR, { cycleId: c.id })).filter((r) => r.status === 'not_reported');
      const names = await plans.orgNames(rs.map((r) => r.orgId), c.dueDate);
      for (const ref of [...new Set(rs.map((r) => r.taskRef))]) {
        const orgsOf = rs.filter((r) => r.taskRef === ref).map((r) => names.get(r.orgId) ?? UNKNOWN_AGENCY);
        const shown = orgsOf.slice(0, 5).join('; ');
        out.push({ taskRef: ref, orgName: orgsOf.length > 5 ? `${shown} và ${orgsOf.length - 5} đơn vị khác` : shown, year: c.year });
      }
    }
    return out;
  }

  app.get('/quan-tri/chi-so', async (request, reply) => {
    staffView(request);
    return render(
      reply,
      KpiDashboardPage({ ctx: request.pageContext(), rows: await kpis.dashboard(false), canManage: can(request.actor, 'kpis.manage'), notReported: await notReportedList() }),
    );
  });

  async function exportKpis(reply: FastifyReply, publishedOnly: boolean, format: 'csv' | 'xlsx', base: string) {
    const rows = await kpis.dashboard(publishedOnly);
    const t = translator('vi');
    const header = ['Mã chỉ số', 'Chỉ tiêu', 'Đơn vị', 'Mục tiêu 2025', 'Mục tiêu 2030', 'Thực hiện', 'Kỳ', 'Đánh giá', 'Cỡ mẫu', 'Cảnh báo'];
    const data = rows.map((r) => [
      r.kpi.code,
      r.kpi.nameVi,
      r.kpi.unit,
      r.kpi.target2025,
      r.kpi.target2030,
      r.value,
      r.period ?? '',
      t(`plans.kpiStatus.${r.status}`),
      r.n,
      r.lowSample ? t('plans.lowSample', { n: formatNumber(r.n ?? 0), min: formatNumber(r.minSample ?? 0) }) : '',
    ]);
    if (format === 'csv') return sendCsv(reply, `${base}.csv`, [header, ...data]);
    return sendXlsx(reply, `${base}.xlsx`, [{ name: 'Chỉ tiêu', rows: [header, ...data], boldRows: [1] }]);
  }

  app.get('/quan-tri/chi-so/xuat.csv', async (request, reply) => (staffView(request), exportKpis(reply, false, 'csv', 'chi-so')));
  app.get('/quan-tri/chi-so/xuat.xlsx', async (request, reply) => (staffView(request), exportKpis(reply, false, 'xlsx', 'chi-so')));

  app.get('/quan-tri/chi-so/nhap', async (request, reply) => {
    requireUser(request);
    requirePermission(request.actor, 'kpis.manage');
    return render(reply, KpiImportPage({ ctx: request.pageContext() }));
  });

  app.post('/quan-tri/chi-so/nhap', async (request, reply) => {
    requireUser(request);
    const b = (request.body ?? {}) as { file?: { filename: string; data: Buffer }; csv?: string; numberFormat?: string };
    const ctx = request.pageContext();
    const csvText = typeof b.csv === 'string' ? b.csv : typeof (b as Record<string, unknown>).csv === 'object' ? '' : '';
    // Numbers in text cells are read in the locale the uploader says the file uses (Vietnamese by default).
    const numberFormat = b.numberFormat === 'en' ? 'en' : 'vi';
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        let name: string;
        let data: Buffer;
        if (b.file && b.file.data.length) {
          name = b.file.filename || 'du-lieu.csv';
          data = b.file.data;
        } else if (csvText.trim()) {
          name = 'dan-vao.csv';
          data = Buffer.from(csvText, 'utf8');
        } else throw new ValidationError({ file: 'plans.errors.fileMissing' });
        const preview = await kpis.previewImport(request.actor, name, data, numberFormat);
        return render(reply, KpiImportPage({ ctx, preview: { ...preview, fileName: name }, values: { csv: csvText, numberFormat } }), preview.errors.length ? 422 : 200);
      },
      (errors) => KpiImportPage({ ctx, errors, values: { csv: csvText, numberFormat } }),
    );
  });

  app.post('/quan-tri/chi-so/nhap/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const n = await kpis.commitImport(request.actor, (request.params as { id: string }).id);
    return reply.redirect(`/quan-tri/chi-so?da=kpiImported&n=${n}`, 303);
  });

  async function kpiPage(request: FastifyRequest, id: string, errors?: Record<string, string>, values?: Record<string, string>) {
    const kpi = await kpis.get(id);
    const all = await kpis.values(id, { allOrgs: true });
    const periods = [...new Set(all.filter((v) => v.orgId).map((v) => v.period))].sort().reverse();
    const q = request.query as Record<string, string | undefined>;
    const period = periods.includes(q.ky ?? '') ? q.ky! : (periods[0] ?? '');
    const byOrgRaw = all.filter((v) => v.orgId && v.period === period);
    const byOrg = [];
    for (const v of byOrgRaw) byOrg.push({ ...v, orgName: await kpis.orgName(v.orgId!, todayInVietnam()) });
    byOrg.sort((a, b) => a.value - b.value);
    return KpiDetailPage({
      ctx: request.pageContext(),
      kpi,
      // Province series at the KPI's own frequency (computed KPIs: one value per period, not an all-time figure).
      series: (await kpis.series(kpi, { granularities: [kpi.frequency === 'month' ? 'month' : kpi.frequency === 'quarter' ? 'quarter' : 'year'] })).filter((v) => !v.orgId),
      byOrg,
      periods,
      period,
      computed: await kpis.current(kpi),
      ownerName: kpi.ownerOrgId ? await kpis.orgName(kpi.ownerOrgId, todayInVietnam()) : null,
      canManage: can(request.actor, 'kpis.manage'),
      errors,
      values,
    });
  }

  app.get('/quan-tri/chi-so/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    staffView(request);
    return render(reply, kpiPage(request, (request.params as { id: string }).id));
  });

  app.post('/quan-tri/chi-so/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const values = Object.fromEntries(
      ['nameVi', 'numeratorDef', 'denominatorDef', 'legalRef', 'target2025', 'target2030', 'direction', 'frequency', 'refVerified', 'published'].map((k) => [k, field(b, k, 2000)]),
    );
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await kpis.update(request.actor, id, values);
        return reply.redirect(`/quan-tri/chi-so/${id}?da=kpiSaved`, 303);
      },
      (errors) => kpiPage(request, id, errors, values),
    );
  });

  // --- public KPI page ---

  app.get('/chi-tieu', async (request, reply) => {
    // Task progress on the public page counts only reports the Centre accepted.
    const latest = (await plans.listCycles())[0];
    const r = latest ? await plans.rollup(latest.id, true) : null;
    const progress = r ? { year: r.cycle.year, overall: r.overall, sections: r.sections } : null;
    return render(reply, KpiDashboardPage({ ctx: request.pageContext(), rows: await kpis.dashboard(true), canManage: false, notReported: [], isPublic: true, progress }));
  });
  app.get('/chi-tieu.csv', async (_request, reply) => exportKpis(reply, true, 'csv', 'chi-tieu'));
  app.get('/chi-tieu.xlsx', async (_request, reply) => exportKpis(reply, true, 'xlsx', 'chi-tieu'));

  // --- API ---

  const planOut = Type.Object({ id: Type.String(), slug: Type.String(), title: Type.String(), periodFrom: Type.Integer(), periodTo: Type.Integer(), reportDue: Type.String() });
  const taskOut = Type.Object({
    id: Type.String(),
    ref: Type.String(),
    section: Type.String(),
    sectionTitle: Type.String(),
    text: Type.String(),
    timeframe: Type.String(),
    lead: Type.Array(Type.String()),
    coordinating: Type.Array(Type.String()),
    leadFromVI: Type.Array(Type.String()),
    coordinatingFromVI: Type.Array(Type.String()),
    discrepancy: Type.Union([Type.String(), Type.Null()]),
  });
  const kpiOut = Type.Object({
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    numerator: Type.String(),
    denominator: Type.String(),
    unit: Type.String(),
    direction: Type.String(),
    target2025: Type.Union([Type.Number(), Type.Null()]),
    target2030: Type.Union([Type.Number(), Type.Null()]),
    source: Type.String(),
    legalRef: Type.String(),
    refVerified: Type.Boolean(),
    frequency: Type.String(),
  });

  app.get('/api/v1/plans', { schema: { tags: ['plans'], summary: 'Danh sách kế hoạch', response: { 200: Type.Object({ items: Type.Array(planOut) }) } } }, async () => ({
    items: (await plans.listPlans()).map((p) => ({ id: p.id, slug: p.slug, title: p.title, periodFrom: p.periodFrom, periodTo: p.periodTo, reportDue: p.reportDue })),
  }));

  app.get(
    '/api/v1/plans/:id/tasks',
    { schema: { tags: ['plans'], summary: 'Nhiệm vụ của một kế hoạch (cơ quan chủ trì, phối hợp theo mục IV và VI)', params: idParam, response: { 200: Type.Object({ items: Type.Array(taskOut) }) } } },
    async (request) => {
      const { id } = request.params as { id: string };
      await plans.getPlan(id);
      return {
        items: (await plans.listTasks(id)).map((t) => ({
          id: t.id,
          ref: t.ref,
          section: t.section,
          sectionTitle: t.sectionTitle,
          text: t.text,
          timeframe: t.timeframe,
          lead: t.lead,
          coordinating: t.coordinating,
          leadFromVI: t.leadVi,
          coordinatingFromVI: t.coordinatingVi,
          discrepancy: t.discrepancy,
        })),
      };
    },
  );

  app.get('/api/v1/kpis', { schema: { tags: ['plans'], summary: 'Danh mục chỉ số (chỉ số đã công bố)', response: { 200: Type.Object({ items: Type.Array(kpiOut) }) } } }, async () => ({
    items: (await kpis.list(true)).map((k) => ({
      id: k.id,
      code: k.code,
      name: k.nameVi,
      numerator: k.numeratorDef,
      denominator: k.denominatorDef,
      unit: k.unit,
      direction: k.direction,
      target2025: k.target2025,
      target2030: k.target2030,
      source: k.source,
      legalRef: k.legalRef,
      refVerified: k.refVerified,
      frequency: k.frequency,
    })),
  }));

  app.get(
    '/api/v1/kpis/:id/values',
    {
      schema: {
        tags: ['plans'],
        summary:
          'Giá trị của một chỉ số theo kỳ (năm, quý, tháng) và theo đơn vị (chỉ số đã công bố). Chỉ số tính tự động có một giá trị cho mỗi kỳ từ ngày áp dụng đến nay; n là cỡ mẫu, lowSample khi dưới mẫu tối thiểu, partial khi kỳ chưa kết thúc.',
        params: idParam,
        querystring: Type.Object({ ky: Type.Optional(Type.Union([Type.Literal('year'), Type.Literal('quarter'), Type.Literal('month')])) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                period: Type.String(),
                orgId: Type.Union([Type.String(), Type.Null()]),
                numerator: Type.Union([Type.Number(), Type.Null()]),
                denominator: Type.Union([Type.Number(), Type.Null()]),
                value: Type.Number(),
                source: Type.String(),
                n: Type.Union([Type.Integer(), Type.Null()]),
                lowSample: Type.Boolean(),
                partial: Type.Boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const k = await kpis.get((request.params as { id: string }).id);
      if (!k.published && !can(request.actor, 'plans.view')) throw new AppError('errors.notFound', 404);
      const ky = (request.query as { ky?: Granularity }).ky;
      const items = await kpis.series(k, { granularities: ky ? [ky] : undefined });
      return {
        items: items.map((v) => ({ period: v.period, orgId: v.orgId, numerator: v.numerator, denominator: v.denominator, value: v.value, source: v.source, n: v.n, lowSample: v.lowSample, partial: v.partial })),
      };
    },
  );

  const reportOut = Type.Object({
    id: Type.String(),
    year: Type.Integer(),
    taskRef: Type.String(),
    orgId: Type.String(),
    role: Type.String(),
    state: Type.String(),
    status: Type.String(),
    progress: Type.Integer(),
    outputs: Type.Record(Type.String(), Type.Number()),
    narrative: Type.String(),
  });
  const mustAuth = (actor: Actor) => {
    if (actor.kind === 'anonymous') throw new AppError('errors.unauthorized', 401);
  };

  app.get(
    '/api/v1/plans/reports',
    {
      schema: {
        tags: ['plans'],
        summary: 'Báo cáo nhiệm vụ mà người gọi được xem (Trung tâm: tất cả; cơ quan: của mình; người xem: đã tiếp nhận)',
        security: [{ bearerAuth: [] }],
        querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        response: { 200: Type.Object({ items: Type.Array(reportOut) }) },
      },
    },
    async (request) => {
      mustAuth(request.actor);
      const { year } = request.query as { year?: number };
      const cycles = (await plans.listCycles()).filter((c) => !year || c.year === year);
      const items = [];
      for (const c of cycles) items.push(...(await plans.reportsFor(request.actor, { cycleId: c.id })));
      return { items: items.map((r) => ({ id: r.id, year: r.year, taskRef: r.taskRef, orgId: r.orgId, role: r.role, state: r.state, status: r.status, progress: r.progress, outputs: r.outputs, narrative: r.narrative })) };
    },
  );

  app.put(
    '/api/v1/plans/reports/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'Cập nhật hoặc gửi báo cáo nhiệm vụ của cơ quan',
        security: [{ bearerAuth: [] }],
        params: idParam,
        body: Type.Object({
          status: Type.String({ maxLength: 20 }),
          progress: Type.Integer(),
          outputs: Type.Optional(Type.Record(Type.String({ maxLength: 30 }), Type.Integer({ minimum: 0 }))),
          narrative: Type.String({ maxLength: 20000 }),
          evidence: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })),
          submit: Type.Optional(Type.Boolean()),
        }),
        response: { 200: reportOut },
      },
    },
    async (request) => {
      mustAuth(request.actor);
      const { id } = request.params as { id: string };
      const b = request.body as { status: string; progress: number; outputs?: Record<string, number>; narrative: string; evidence?: string[]; submit?: boolean };
      await plans.saveReport(
        request.actor,
        id,
        {
          status: b.status,
          progress: String(b.progress),
          narrative: b.narrative,
          evidence: b.evidence ?? [],
          outputs: Object.fromEntries(Object.entries(b.outputs ?? {}).map(([k, v]) => [k, String(v)])),
        },
        Boolean(b.submit),
      );
      const r = await plans.getReport(request.actor, id);
      return { id: r.id, year: r.year, taskRef: r.taskRef, orgId: r.orgId, role: r.role, state: r.state, status: r.status, progress: r.progress, outputs: r.outputs, narrative: r.narrative };
    },
  );

  void isProvinceWide;
}

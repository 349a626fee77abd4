import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../platform/modules.ts';
import { render } from '../../platform/http/render.ts';
import { DOCX_TYPE, sendAttachment, sendCsv, sendXlsx, type Row } from '../../platform/http/downloads.ts';
import { field, formBody, pageNumber, requireUser, withFormErrors } from '../../platform/http/forms.ts';
import { can, requirePermission } from '../../platform/auth/permissions.ts';
import { parseDateInput, todayInVietnam, translator } from '../../platform/i18n/i18n.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import type { FieldErrors } from '../../platform/views/components.tsx';
import { type FeedbackService, type SubmitInput, FeedbackServiceToken } from './feedback.service.ts';
import * as metrics from './feedback.metrics.ts';
import { workingDaysBetween } from './feedback.calendar.ts';
import { chasingLetter } from './feedback.docx.ts';
import { letterSigner } from './feedback.chase.ts';
import * as repo from './feedback.repo.ts';
import { LandingPage, QaPage, RatePage, SubmitPage, TrackingPage } from './feedback.public.views.tsx';
import { CalendarPage, QueuePage, StaffItemPage } from './feedback.staff.views.tsx';
import { LedgerPage, MetricsPage, type MetricsData } from './feedback.report.views.tsx';
import { open311Routes } from './feedback.open311.ts';
import { publicRateLimit } from './feedback.rate-limit.ts';
import { SECTOR_TARGET } from './feedback.sectors.ts';
import { IntakeReceiptPage } from './feedback.receipt.tsx';
import { CatalogueToken } from '../catalogue/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';
import { CODE_PATTERN, normaliseCode } from './feedback.codes.ts';

const codeParam = Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) });
// The tracking page takes any text: a code typed without dashes is redirected, anything else is explained.
const looseCodeParam = Type.Object({ code: Type.String({ maxLength: 40 }) });

/** "pa 7k3 m9x q2c" → "PA-7K3-M9X-Q2C", "pa2026000004" → "PA-2026-000004"; undefined when it is not a code. */
export { normaliseCode };

export async function feedbackRoutes(app: FastifyInstance, deps: AppDeps) {
  const svc = deps.services.get(FeedbackServiceToken);
  const orgs = deps.services.get(OrganisationsToken);
  const rateLimit = publicRateLimit(deps);
  /** The name of a national procedure, to show which service a citizen is rating (catalogue may be absent). */
  const procedureName = async (code: string): Promise<string | undefined> => {
    if (!deps.services.has(CatalogueToken)) return undefined;
    try {
      return (await deps.services.get(CatalogueToken).getByCode(code))?.name;
    } catch {
      return undefined;
    }
  };
  // Organisation names change rarely; public pages read them at most once a minute.
  let namesCache: { at: number; map: Map<string, string> } | undefined;
  const orgNames = async () => {
    if (!namesCache || Date.now() - namesCache.at > 60_000) namesCache = { at: Date.now(), map: new Map((await orgs.options()).map((o) => [o.value, o.label])) };
    return namesCache.map;
  };
  /** A person reads an agency's name, never its id: names outside the options list (merged, dissolved) are looked up. */
  const nameOf = async (names: Map<string, string>, id: string) => names.get(id) ?? (await orgs.get(id).then((o) => o.name).catch(() => 'Cơ quan không còn trong danh mục'));
  const honeypotTripped = (b: Record<string, unknown>) => typeof b.website === 'string' && b.website.trim() !== '';
  const newToken = () => randomBytes(16).toString('base64url');

  // ---- public pages ----

  app.get('/phan-anh', async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const lookup = (q.ma ?? '').trim().slice(0, 40);
    const code = normaliseCode(lookup);
    if (code && (await svc.codeExists(code))) return reply.redirect(`/phan-anh/${code}`, 303);
    return lookupPage(request, reply, lookup, code);
  });

  /** The lookup page with what went wrong: not a code (422), or no item with that code (404). */
  async function lookupPage(request: FastifyRequest, reply: FastifyReply, lookup: string, code: string | undefined) {
    const ctx = request.pageContext();
    const recent = await svc.recentPublic(20);
    const error = !lookup ? undefined : code ? ctx.t('feedback.errors.codeUnknown', { code }) : ctx.t('feedback.errors.codeFormat');
    return render(reply, LandingPage({ ctx, recent, lookup, lookupError: error }), !lookup ? 200 : code ? 404 : 422);
  }

  app.get('/phan-anh/gui', async (request, reply) => {
    return render(reply, SubmitPage({ ctx: request.pageContext(), values: {}, token: newToken() }));
  });

  const readSubmit = (b: Record<string, string | string[] | undefined>) => ({
    kind: field(b, 'kind', 20),
    title: field(b, 'title', 300),
    body: field(b, 'body', 6000),
    serviceCode: field(b, 'serviceCode', 60),
    contactName: field(b, 'contactName', 200),
    contactEmail: field(b, 'contactEmail', 254),
    contactPhone: field(b, 'contactPhone', 30),
    channel: field(b, 'channel', 20),
  });

  app.post('/phan-anh/gui', { config: { rateLimit } }, async (request, reply) => {
    const b = formBody(request);
    const ctx = request.pageContext();
    const values = readSubmit(b);
    const token = field(b, '_submission', 64) || newToken();
    if (honeypotTripped(b)) throw new AppError('feedback.errors.spam', 400);
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        const res = await svc.submit(request.actor, { ...values, channel: 'web', serviceCode: values.serviceCode || null }, { submissionToken: token });
        const k = res.citizenKey ? `&k=${encodeURIComponent(res.citizenKey)}` : '';
        return reply.redirect(`/phan-anh/${res.code}?moi=1${k}`, 303);
      },
      (errors) => SubmitPage({ ctx, values, errors, token }),
    );
  });

  async function trackingPage(request: FastifyRequest, code: string, errors?: FieldErrors, values?: Record<string, string>, key?: string, isNew?: boolean) {
    const q = request.query as Record<string, string | undefined>;
    const k = (key ?? q.k ?? '').slice(0, 64);
    const v = await svc.publicView(code, { key: k });
    // With their private key the citizen reads what they sent, even before moderation makes it public. The
    // masked text: a private link can still be forwarded, so phone and ID numbers are not echoed back.
    const own = v.keyValid ? { title: v.item.titlePublic, body: v.item.bodyPublic } : null;
    return TrackingPage({ ctx: request.pageContext(), v, isNew: isNew ?? q.moi === '1', key: k, keyValid: v.keyValid, own, serviceCode: v.item.serviceCode, errors, values });
  }

  app.get('/phan-anh/:code', { schema: { params: looseCodeParam, hide: true } }, async (request, reply) => {
    const { code: raw } = request.params as { code: string };
    const code = normaliseCode(raw);
    if (code && code !== raw) {
      const qs = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`/phan-anh/${code}${qs}`, 301);
    }
    if (!code || !(await svc.codeExists(code))) return lookupPage(request, reply, raw, code);
    return render(reply, trackingPage(request, code));
  });

  app.post('/phan-anh/:code/gui-ma', { schema: { params: codeParam, hide: true }, config: { rateLimit } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const b = formBody(request);
    const values = { email: field(b, 'email', 254) };
    const key = field(b, 'k', 64);
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await svc.emailReceipt(code, { key, email: values.email });
        return reply.redirect(`/phan-anh/${code}?moi=1&k=${encodeURIComponent(key)}&da=fbReceiptSent`, 303);
      },
      (errors) => trackingPage(request, code, errors, values, key, true),
    );
  });

  app.post('/phan-anh/:code/y-kien', { schema: { params: codeParam, hide: true }, config: { rateLimit } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const b = formBody(request);
    const values = { verdict: field(b, 'verdict', 20), reason: field(b, 'reason', 2000) };
    const key = field(b, 'k', 64);
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        if (!['satisfied', 'unsatisfied', 'reopen'].includes(values.verdict)) throw new ValidationError({ verdict: 'feedback.errors.verdict' });
        await svc.citizenVerdict(code, { key, satisfied: values.verdict === 'satisfied', reopen: values.verdict === 'reopen', reason: values.reason });
        return reply.redirect(`/phan-anh/${code}?k=${encodeURIComponent(key)}&da=fbVerdict`, 303);
      },
      (errors) => trackingPage(request, code, errors, values, key),
    );
  });

  app.post('/phan-anh/:code/bo-sung', { schema: { params: codeParam, hide: true }, config: { rateLimit } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const b = formBody(request);
    const values = { text: field(b, 'text', 4000) };
    const key = field(b, 'k', 64);
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await svc.resume(request.actor.kind === 'user' ? { ...request.actor, kind: 'anonymous' } : request.actor, code, { key, text: values.text });
        return reply.redirect(`/phan-anh/${code}?k=${encodeURIComponent(key)}&da=fbSupplement`, 303);
      },
      (errors) => trackingPage(request, code, errors, values, key),
    );
  });

  app.get('/hoi-dap', async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const text = (q.q ?? '').trim().slice(0, 200);
    const page = pageNumber(q.page);
    const { rows, hasNext } = await svc.publicAnswers(text, page);
    return render(reply, QaPage({ ctx: request.pageContext(), q: text, rows, page, hasNext }));
  });

  app.get('/danh-gia', async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const done = q.da === 'fbRated';
    // ?ma=<procedure code> (links from guide and service pages) pre-fills the service; ?dv= is the older name.
    const serviceCode = (q.ma ?? q.dv ?? '').trim().slice(0, 60);
    const serviceName = serviceCode ? await procedureName(serviceCode) : undefined;
    // The confirmation panel is the one thank-you: no flash message on top of it.
    const ctx = { ...request.pageContext(), flash: done ? undefined : request.pageContext().flash };
    return render(reply, RatePage({ ctx, values: { serviceCode, dossierCode: (q.hs ?? '').slice(0, 60) }, serviceName, done }));
  });

  const scoreOf = (s: string) => (s === '' ? null : Number(s));

  app.post('/danh-gia', { config: { rateLimit } }, async (request, reply) => {
    const b = formBody(request);
    const ctx = request.pageContext();
    const values: Record<string, string> = {};
    for (const k of ['serviceCode', 'dossierCode', 'score', 'ease', 'speed', 'attitude', 'clarity', 'comment']) values[k] = field(b, k, k === 'comment' ? 2000 : 60);
    if (honeypotTripped(b)) throw new AppError('feedback.errors.spam', 400);
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        if (!values.score) throw new ValidationError({ score: 'feedback.errors.score' });
        try {
          await svc.rate({
            score: Number(values.score),
            ease: scoreOf(values.ease!),
            speed: scoreOf(values.speed!),
            attitude: scoreOf(values.attitude!),
            clarity: scoreOf(values.clarity!),
            comment: values.comment || null,
            serviceCode: values.serviceCode || null,
            dossierCode: values.dossierCode || null,
            channel: 'web',
            clientId: request.ip,
          }, request.actor);
        } catch (err) {
          // Shown beside the field, with the user's input kept.
          if (err instanceof AppError && err.code === 'feedback.errors.dossierRated') throw new ValidationError({ dossierCode: err.code });
          throw err;
        }
        return reply.redirect('/danh-gia?da=fbRated', 303);
      },
      (errors) => RatePage({ ctx, values, errors }),
    );
  });

  // ---- metrics and ledger ----

  function period(q: Record<string, string | undefined>) {
    const to = (q.to && parseDateInput(q.to)) || todayInVietnam();
    const from = (q.from && parseDateInput(q.from)) || `${to.slice(0, 4)}-01-01`;
    // The agency dashboard is the same page for one organisation.
    const orgId = q['co-quan'] && /^[0-9a-f-]{36}$/i.test(q['co-quan']) ? q['co-quan'] : undefined;
    // Optional service / commune filters for the per-service and per-commune tables (rollup 0303).
    const code = (v: string | undefined) => (v && /^[A-Za-z0-9._\-/]{1,60}$/.test(v.trim()) ? v.trim() : undefined);
    return { from, to, orgId, serviceCode: code(q['dich-vu']), commune: code(q.xa) };
  }

  async function metricsData(from: string, to: string, orgId?: string, serviceCode?: string, commune?: string): Promise<MetricsData> {
    const sc = { from, to, orgId, serviceCode, commune };
    const [items, pakn, sectors, byOrg, names, byService, byCommune] = await Promise.all([
      metrics.itemTotals(deps.db, { from, to, orgId }),
      metrics.paknBreakdown(deps.db, { from, to, orgId }),
      metrics.ratingsBySector(deps.db, { from, to, orgId }),
      metrics.ratingsByOrg(deps.db, { from, to, orgId }),
      orgNames(),
      metrics.ratingsByDim(deps.db, 'service', sc),
      metrics.ratingsByDim(deps.db, 'commune', sc),
    ]);
    const league = await metrics.league(deps.db, { from, to, orgId }, byOrg.perOrg);
    const [ratings, ratingsLdi] = [byOrg.all, byOrg.ldi];
    const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 100 : null);
    return {
      from,
      to,
      received: items.received,
      answered: items.answered,
      ackRate: pct(items.acknowledged, items.received),
      onTimeRate: pct(items.onTime, items.answered),
      paknSatisfaction: pakn.rate,
      pakn,
      sectors,
      satisfaction: pct(ratings.satisfied, ratings.n),
      satisfactionLdi: pct(ratingsLdi.satisfied, ratingsLdi.n),
      ratings: ratings.n,
      ratingsLdi: ratingsLdi.n,
      league: await Promise.all(league.map(async (r) => ({ ...r, orgName: await nameOf(names, r.orgId) }))),
      minSample: metrics.MIN_SAMPLE,
      orgId,
      serviceCode,
      commune,
      byService,
      byCommune,
    };
  }

  app.get('/phan-anh/so-lieu', async (request, reply) => {
    const { from, to, orgId, serviceCode, commune } = period(request.query as Record<string, string | undefined>);
    return render(reply, MetricsPage({ ctx: request.pageContext(), m: await metricsData(from, to, orgId, serviceCode, commune) }));
  });

  const t = translator('vi');
  const warn = (n: number) => (n < metrics.MIN_SAMPLE ? t('feedback.lowSample', { n: metrics.MIN_SAMPLE }) : '');
  /** The headline figures with their sample and the small-sample warning, shared by the CSV and XLSX exports. */
  const figureRows = (m: MetricsData): Row[] => [
    ['Chỉ số', 'Giá trị (%)', 'Mẫu', 'Cảnh báo'],
    ['Tỷ lệ tiếp nhận công khai', m.ackRate, m.received, warn(m.received)],
    ['PAKN xử lý đúng hạn (766 5.2)', m.onTimeRate, m.answered, warn(m.answered)],
    ['Hài lòng trong xử lý PAKN (766 5.3)', m.paknSatisfaction, m.pakn.handled, warn(m.pakn.handled)],
    ['  – hài lòng / không hài lòng / quá hạn / chưa đánh giá', `${m.pakn.satisfied} / ${m.pakn.unsatisfied} / ${m.pakn.late} / ${m.pakn.unrated}`, m.pakn.handled, ''],
    ['Hài lòng theo đánh giá (mục tiêu ≥ 90 %)', m.satisfaction, m.ratings, warn(m.ratings)],
    ['Hài lòng đất đai, xây dựng, đầu tư (chung)', m.satisfactionLdi, m.ratingsLdi, warn(m.ratingsLdi)],
    ...m.sectors.map((x) => [`Hài lòng lĩnh vực ${t(`feedback.sectors.${x.sector}`)} (mục tiêu ≥ ${SECTOR_TARGET} %)`, x.rate, x.n, warn(x.n)]),
  ];
  const leagueHeader = ['Cơ quan', 'Tiếp nhận', 'Đã trả lời', 'Đúng hạn', 'Tỷ lệ đúng hạn (%)', 'Trung vị ngày xử lý', 'Số đánh giá', 'Tỷ lệ hài lòng (%)', 'Cảnh báo'];
  const leagueRow = (r: MetricsData['league'][number]) => [
    r.orgName,
    r.received,
    r.answered,
    r.onTime,
    r.onTimeRate,
    r.medianDays,
    r.ratings,
    r.satisfactionRate,
    [r.onTimeRate != null && r.answered < metrics.MIN_SAMPLE ? `Đúng hạn: ${warn(r.answered)}` : '', r.satisfactionRate != null && r.ratings < metrics.MIN_SAMPLE ? `Hài lòng: ${warn(r.ratings)}` : ''].filter(Boolean).join('; '),
  ];

  app.get('/phan-anh/so-lieu.csv', async (request, reply) => {
    const { from, to, orgId, serviceCode, commune } = period(request.query as Record<string, string | undefined>);
    const m = await metricsData(from, to, orgId, serviceCode, commune);
    const dimHeader = (first: string) => [first, 'Số đánh giá', 'Hài lòng', 'Tỷ lệ hài lòng (%)'];
    const dimRow = (r: MetricsData['byService'][number]) => [r.key, r.n, r.satisfied, r.satisfactionRate];
    const lines = [
      ...figureRows(m),
      [],
      leagueHeader,
      ...m.league.map(leagueRow),
      [],
      dimHeader('Mã dịch vụ'),
      ...m.byService.map(dimRow),
      [],
      dimHeader('Xã'),
      ...m.byCommune.map(dimRow),
    ];
    return sendCsv(reply, `phan-anh-${from}-${to}.csv`, lines);
  });

  app.get('/phan-anh/so-lieu.xlsx', async (request, reply) => {
    const { from, to, orgId, serviceCode, commune } = period(request.query as Record<string, string | undefined>);
    const m = await metricsData(from, to, orgId, serviceCode, commune);
    return sendXlsx(reply, `phan-anh-${from}-${to}.xlsx`, [
      { name: 'Xếp hạng', rows: [leagueHeader, ...m.league.map(leagueRow)], boldRows: [1] },
      { name: 'Chỉ số', rows: figureRows(m), boldRows: [1] },
    ]);
  });

  app.get('/phan-anh/so-cai', async (request, reply) => {
    const today = todayInVietnam();
    const [live, rows, brokenAt, names] = await Promise.all([metrics.liveDay(deps.db, today), metrics.ledgerRows(deps.db, 300), metrics.verifyLedger(deps.db), orgNames()]);
    return render(
      reply,
      LedgerPage({
        ctx: request.pageContext(),
        today,
        live: await Promise.all(live.map(async (r) => ({ ...r, orgName: await nameOf(names, r.orgId) }))),
        rows: await Promise.all(rows.map(async (r) => ({ ...r, orgName: await nameOf(names, r.orgId) }))),
        brokenAt,
      }),
    );
  });

  // ---- JSON API ----

  const submitBody = Type.Object({
    kind: Type.String({ maxLength: 20 }),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.String({ maxLength: 4000 }),
    serviceCode: Type.Optional(Type.String({ maxLength: 60 })),
    contactName: Type.Optional(Type.String({ maxLength: 120 })),
    contactEmail: Type.Optional(Type.String({ maxLength: 254 })),
    contactPhone: Type.Optional(Type.String({ maxLength: 30 })),
  });

  app.post(
    '/api/v1/feedback',
    { schema: { tags: ['feedback'], summary: 'Gửi câu hỏi, phản ánh, kiến nghị (hỗ trợ Idempotency-Key)', body: submitBody }, config: { rateLimit, tokenScope: 'feedback:write' } },
    async (request, reply) => {
      const b = request.body as Omit<SubmitInput, 'channel'>;
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !/^[\w.:-]{8,100}$/.test(key))) throw new ValidationError({ 'Idempotency-Key': 'feedback.errors.idempotencyKey' });
      const res = await svc.submit(request.actor, { ...b, channel: 'api' }, { idempotencyKey: key ?? null });
      return reply.code(res.created ? 201 : 200).send({ code: res.code, url: `/phan-anh/${res.code}`, created: res.created, merged: res.merged, ...(res.citizenKey ? { citizenKey: res.citizenKey } : {}) });
    },
  );

  app.get('/api/v1/feedback/answers', { schema: { tags: ['feedback'], summary: 'Câu hỏi đã được trả lời công khai', querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) }) } }, async (request) => {
    const q = request.query as { q?: string; page?: number };
    const { rows, hasNext } = await svc.publicAnswers(q.q ?? '', q.page ?? 1);
    return { items: rows.map((r) => ({ code: r.code, question: r.titlePublic, detail: r.bodyPublic, answer: r.answerPublic, url: `/phan-anh/${r.code}`, answeredAt: r.answeredAt })), hasMore: hasNext };
  });

  app.get('/api/v1/feedback/ledger', { schema: { tags: ['feedback'], summary: 'Sổ cái công khai theo ngày, cơ quan (chuỗi băm)' } }, async () => {
    return { genesis: metrics.GENESIS, brokenAt: await metrics.verifyLedger(deps.db), rows: await metrics.ledgerRows(deps.db, 1000) };
  });

  app.get(
    '/api/v1/feedback/:code',
    { schema: { tags: ['feedback'], summary: 'Trạng thái công khai của một phản ánh (k = khóa của người gửi để xem câu trả lời trước khi công khai)', params: codeParam, querystring: Type.Object({ k: Type.Optional(Type.String({ maxLength: 64 })) }) } },
    async (request) => {
      const { code } = request.params as { code: string };
      const v = await svc.publicView(code, { key: (request.query as { k?: string }).k });
      return { code: v.code, kind: v.kind, status: v.status, agency: v.orgName, service: v.serviceName, title: v.title, body: v.body, answer: v.answer, receivedDay: v.receivedDay, dueDay: v.dueDay, overdue: v.overdue, timeline: v.events.map((e) => ({ at: e.at, kind: e.kind, note: e.note })) };
    },
  );

  app.post(
    '/api/v1/ratings',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Đánh giá dịch vụ công (1–5 điểm, một lần cho mỗi mã hồ sơ)',
        body: Type.Object({
          score: Type.Integer({ minimum: 1, maximum: 5 }),
          ease: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
          speed: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
          attitude: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
          clarity: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
          comment: Type.Optional(Type.String({ maxLength: 2000 })),
          serviceCode: Type.Optional(Type.String({ maxLength: 60 })),
          dossierCode: Type.Optional(Type.String({ maxLength: 60 })),
          commune: Type.Optional(Type.String({ maxLength: 10 })),
          channel: Type.Optional(Type.Union([Type.Literal('web'), Type.Literal('mot-cua'), Type.Literal('buu-dien'), Type.Literal('kiosk'), Type.Literal('app')])),
        }),
      },
      config: { rateLimit, tokenScope: 'feedback:write' },
    },
    async (request, reply) => {
      const b = request.body as Parameters<FeedbackService['rate']>[0];
      const res = await svc.rate({ ...b, clientId: request.actor.kind === 'token' ? null : request.ip });
      return reply.code(201).send(res);
    },
  );

  // ---- staff ----

  app.get('/quan-tri/phan-anh', async (request, reply) => {
    requireUser(request);
    const q = request.query as Record<string, string | undefined>;
    const filter = { status: (q.status ?? 'open').slice(0, 20), kind: (q.kind ?? '').slice(0, 20), mine: q.mine === '1' ? '1' : '', overdue: q.overdue === '1' ? '1' : '', moderation: q.moderation === '1' ? '1' : '' };
    const page = pageNumber(q.page);
    const { rows, hasNext } = await svc.queue(request.actor, { status: filter.status, kind: filter.kind, mine: filter.mine === '1', overdue: filter.overdue === '1', moderation: filter.moderation === '1', page });
    // the service already replaced the title of rows the viewer may not see with the masked one
    return render(reply, QueuePage({ ctx: request.pageContext(), rows, page, hasNext, filter, today: todayInVietnam(), canIntake: can(request.actor, 'feedback.intake'), canCalendar: can(request.actor, 'feedback.calendar') }));
  });

  app.get('/quan-tri/phan-anh/nhap', async (request, reply) => {
    requireUser(request);
    requirePermission(request.actor, 'feedback.intake');
    return render(reply, SubmitPage({ ctx: request.pageContext(), values: { channel: 'hotline' }, token: newToken(), staff: true }));
  });

  app.post('/quan-tri/phan-anh/nhap', async (request, reply) => {
    requireUser(request);
    const b = formBody(request);
    const ctx = request.pageContext();
    const values = readSubmit(b);
    const token = field(b, '_submission', 64) || newToken();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        if (!['hotline', 'mot-cua', 'buu-dien', 'truc-tiep'].includes(values.channel)) throw new ValidationError({ channel: 'feedback.errors.channel' });
        const res = await svc.submit(request.actor, { ...values, serviceCode: values.serviceCode || null }, { submissionToken: token });
        // The receipt slip, not the case page: the officer may have no handling right on the agency it went to.
        return reply.redirect(`/quan-tri/phan-anh/bien-nhan/${res.code}`, 303);
      },
      (errors) => SubmitPage({ ctx, values, errors, token, staff: true }),
    );
  });

  app.get('/quan-tri/phan-anh/bien-nhan/:code', { schema: { params: codeParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { code } = request.params as { code: string };
    const r = await svc.intakeReceipt(request.actor, code);
    return render(reply, IntakeReceiptPage({ ctx: request.pageContext(), r, publicUrl: deps.config.publicUrl }));
  });

  app.get('/quan-tri/phan-anh/lich', async (request, reply) => {
    requireUser(request);
    requirePermission(request.actor, 'feedback.calendar');
    return render(reply, CalendarPage({ ctx: request.pageContext(), rows: await svc.calendarRows(), limits: await svc.limits() }));
  });

  app.post('/quan-tri/phan-anh/lich', async (request, reply) => {
    requireUser(request);
    const b = formBody(request);
    const values = { day: field(b, 'day', 20), kind: field(b, 'kind', 20), name: field(b, 'name', 300) };
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        await svc.setCalendarDay(request.actor, { ...values, day: values.day ? (parseDateInput(values.day) ?? 'invalid') : '' });
        return reply.redirect('/quan-tri/phan-anh/lich?da=saved', 303);
      },
      async (errors) => CalendarPage({ ctx, rows: await svc.calendarRows(), limits: await svc.limits(), errors, values }),
    );
  });

  app.post('/quan-tri/phan-anh/lich/xoa', async (request, reply) => {
    requireUser(request);
    await svc.removeCalendarDay(request.actor, field(formBody(request), 'day', 20));
    return reply.redirect('/quan-tri/phan-anh/lich?da=saved', 303);
  });

  app.get('/quan-tri/phan-anh/don-doc/:orgId.docx', { schema: { params: Type.Object({ orgId: Type.String({ format: 'uuid' }) }), hide: true } }, async (request, reply) => {
    requireUser(request);
    requirePermission(request.actor, 'feedback.chase');
    const { orgId } = request.params as { orgId: string };
    const org = await orgs.get(orgId);
    const today = todayInVietnam();
    const cal = await svc.calendar();
    // Every overdue item of the agency (no page limit); no letter at all when nothing is overdue.
    const rows = await repo.overdueForOrg(deps.db, orgId, today);
    if (!rows.length) throw new AppError('feedback.errors.nothingOverdue', 409, { agency: org.name });
    const number = await repo.letterNumber(deps.db, orgId, today, rows.length);
    const buf = await chasingLetter({ orgName: org.name, today, number, signer: await letterSigner(deps), items: rows.map((r) => ({ code: r.code, title: r.titlePublic, receivedDay: r.receivedDay, dueDay: r.dueDay, overdueDays: workingDaysBetween(cal, r.dueDay, today) })) });
    return sendAttachment(reply, `van-ban-don-doc-${String(number).padStart(2, '0')}-${today}.docx`, DOCX_TYPE, buf);
  });

  async function staffPage(request: FastifyRequest, code: string, errors?: FieldErrors, values?: Record<string, string>) {
    const v = await svc.staffView(request.actor, code);
    const orgOptions = v.canRoute ? (await orgs.options()).filter((o) => o.value !== v.item.orgId).map((o) => ({ value: o.value, label: o.label })) : [];
    return StaffItemPage({ ctx: request.pageContext(), item: v.item, orgName: v.orgName, events: v.events, perms: v, orgOptions, errors, values });
  }

  app.get('/quan-tri/phan-anh/:code', { schema: { params: codeParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { code } = request.params as { code: string };
    return render(reply, staffPage(request, code));
  });

  /** A staff action form: read fields, run the service call, 303 back, or re-render with errors (422). */
  function action(path: string, fields: string[], run: (request: FastifyRequest, code: string, v: Record<string, string>) => Promise<unknown>, flash: string, rename: Record<string, string> = {}) {
    app.post(`/quan-tri/phan-anh/:code/${path}`, { schema: { params: codeParam, hide: true } }, async (request, reply: FastifyReply) => {
      requireUser(request);
      const { code } = request.params as { code: string };
      const b = formBody(request);
      const v = Object.fromEntries(fields.map((f) => [f, field(b, f, 8000)]));
      const shown = Object.fromEntries(Object.entries(v).map(([k, x]) => [rename[k] ?? k, x]));
      return withFormErrors(
        reply,
        request.pageContext().t,
        async () => {
          await run(request, code, v);
          return reply.redirect(`/quan-tri/phan-anh/${code}?da=${flash}`, 303);
        },
        // Same renaming for errors: several forms on the page share a field name, each field has its own id.
        (errors) => staffPage(request, code, Object.fromEntries(Object.entries(errors).map(([k, m]) => [rename[k] ?? k, m])), shown),
      );
    });
  }

  action('giao', ['email'], (r, c, v) => svc.assign(r.actor, c, v.email || null), 'fbAssigned');
  action('chuyen', ['orgId', 'reason'], (r, c, v) => svc.reassign(r.actor, c, v.orgId!, v.reason!), 'fbReassigned', { reason: 'reassignReason' });
  action('yeu-cau-bo-sung', ['note'], (r, c, v) => svc.requestInfo(r.actor, c, v.note!), 'fbInfoRequested');
  action('phoi-hop', ['contribution'], (r, c, v) => svc.contribute(r.actor, c, v.contribution!), 'fbContributed');
  action('tiep-tuc', ['text'], (r, c, v) => svc.resume(r.actor, c, { text: v.text! }), 'fbResumed');
  action('tu-choi', ['reason'], (r, c, v) => svc.reject(r.actor, c, v.reason!), 'fbRejected', { reason: 'rejectReason' });
  action('du-thao', ['answer'], (r, c, v) => svc.draftAnswer(r.actor, c, v.answer!), 'fbDrafted');
  action('tra-lai', ['note'], (r, c, v) => svc.returnDraft(r.actor, c, v.note!), 'fbReturned', { note: 'returnNote' });
  action('duyet', [], (r, c) => svc.approveAnswer(r.actor, c), 'fbApproved');
  action(
    'kiem-duyet',
    ['action', 'titlePublic', 'bodyPublic', 'maskMore', 'reason'],
    (r, c, v) => {
      if (v.action !== 'approve' && v.action !== 'hide') throw new ValidationError({ action: 'form.invalidChoice' });
      return svc.moderate(r.actor, c, { action: v.action, titlePublic: v.titlePublic, bodyPublic: v.bodyPublic, maskMore: v.maskMore, reason: v.reason });
    },
    'fbModerated',
    { reason: 'hideReason' },
  );

  // ---- Open311 GeoReport v2 ----
  await app.register(async (scope) => open311Routes(scope, deps, svc));

}

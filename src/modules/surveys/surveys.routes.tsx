import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { AppDeps } from '../../platform/modules.ts';
import { render } from '../../platform/http/render.ts';
import { sendCsv, sendXlsx, type Row } from '../../platform/http/downloads.ts';
import { field, formBody, requireUser, translateFieldErrors } from '../../platform/http/forms.ts';
import { can, requirePermission } from '../../platform/auth/permissions.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { PageContext } from '../../platform/http/context.ts';
import { MODES, SurveysToken, type Mode, type SurveyRow } from './surveys.service.ts';
import type { Figure, Results } from './surveys.results.ts';
import { BuilderPage, FormPage, InfoPage, ListPage, reasonText, ResultsPage, StaffListPage, StaffRoundPage, type Comparison } from './surveys.views.tsx';

const ID_PATTERN = '^[a-z0-9][a-z0-9-]{2,59}$';
const idParam = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });

const figureOut = Type.Object({
  key: Type.String(),
  label: Type.String(),
  estimate: Type.Union([Type.Number(), Type.Null()]),
  ciLow: Type.Union([Type.Number(), Type.Null()]),
  ciHigh: Type.Union([Type.Number(), Type.Null()]),
  n: Type.Integer(),
  suppressed: Type.Boolean(),
  reason: Type.Optional(Type.String()),
});

/** Form fields → raw answers (everything except the form's own fields). */
function answersFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!['_csrf', 'ma', 'action', 'website', 'dossierId', 'mode'].includes(k)) out[k] = v;
  return out;
}

export async function surveysRoutes(app: FastifyInstance, deps: AppDeps) {
  const svc = deps.services.get(SurveysToken);
  const rateLimit = { max: Math.max(10, Math.floor(deps.config.rateLimitPerMinute / 10)), timeWindow: 60_000 };
  // Frame uploads only (this scope): fields and the file become body values; the CSRF token travels in the query.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 10 * 1024 * 1024, files: 1 },
    async onFile(part) {
      (part as unknown as { value: unknown }).value = { filename: part.filename, data: await part.toBuffer() };
    },
  });

  const staff = (request: FastifyRequest, permission: string) => {
    requireUser(request);
    requirePermission(request.actor, permission);
  };

  /** Post-use ratings through the feedback module's stats (never its tables), for the comparison on the results page. */
  async function comparison(s: SurveyRow): Promise<Comparison | undefined> {
    const q = { from: s.period_from ?? undefined, to: s.period_to ?? undefined };
    const read = async (name: string) => {
      const p = deps.stats.get(name);
      if (!p) return null;
      const v = await p(deps, q);
      return v == null ? null : typeof v === 'number' ? { value: v, n: 0 } : { value: v.value, n: v.n };
    };
    return { postUse: await read('feedback.satisfactionRate'), postUseLdi: await read('feedback.satisfactionLandConstrInvest') };
  }

  const localeOf = (ctx: PageContext): 'vi' | 'en' => (ctx.locale === 'en' ? 'en' : 'vi');

  async function publishedResults(id: string, locale: 'vi' | 'en') {
    const s = await svc.get(id);
    if (!s.published) throw new NotFoundError('surveys.results.notPublished');
    return { s, r: await svc.results(id, locale) };
  }

  // ---- public pages ----

  app.get('/khao-sat', async (request, reply) => render(reply, <ListPage ctx={request.pageContext()} surveys={await svc.list(true)} />));

  app.get('/khao-sat/:id', { schema: { params: idParam, querystring: Type.Object({ ma: Type.Optional(Type.String({ maxLength: 64 })) }), hide: true } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const token = (request.query as { ma?: string }).ma?.trim() || undefined;
    const ctx = request.pageContext();
    const s = await svc.get(id);
    if (!svc.isOpen(s)) return render(reply, <InfoPage ctx={ctx} survey={s} text={ctx.t('surveys.closedText')} />);
    if (s.access === 'invitation') {
      const inv = token ? await svc.invitation(id, token) : undefined;
      if (!inv) return render(reply, <InfoPage ctx={ctx} survey={s} text={token ? ctx.t('surveys.errors.tokenUnknown') : ctx.t('surveys.invitationOnly')} />, token ? 404 : 200);
      if (inv.status === 'completed') return render(reply, <InfoPage ctx={ctx} survey={s} text={ctx.t('surveys.errors.alreadyAnswered')} />, 409);
      return render(reply, <FormPage ctx={ctx} survey={s} token={token} values={inv.draft ?? {}} />);
    }
    return render(reply, <FormPage ctx={ctx} survey={s} values={{}} signedIn={request.actor.kind === 'citizen'} />);
  });

  app.post('/khao-sat/:id', { schema: { params: idParam, hide: true }, config: { rateLimit } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.pageContext();
    const body = formBody(request);
    const s = await svc.get(id);
    const token = field(body, 'ma', 64) || undefined;
    const raw = answersFromForm(body);
    // A filled honeypot: answer as if accepted, record nothing.
    if (field(body, 'website')) return reply.redirect(`/khao-sat/${id}/cam-on`, 303);
    if (token && field(body, 'action') === 'save') {
      await svc.saveDraft(id, token, raw);
      return render(reply, <FormPage ctx={ctx} survey={s} token={token} values={raw} message={ctx.t('surveys.draftSaved')} />);
    }
    try {
      await svc.respond(request.actor, id, { answers: raw, token });
    } catch (err) {
      if (err instanceof ValidationError) return render(reply, <FormPage ctx={ctx} survey={s} token={token} values={raw} errors={translateFieldErrors(err, ctx.t)} signedIn={request.actor.kind === 'citizen'} />, 422);
      if (err instanceof AppError && (err.status === 409 || err.status === 404 || err.status === 403)) return render(reply, <InfoPage ctx={ctx} survey={s} text={ctx.t(err.code)} />, err.status);
      throw err;
    }
    return reply.redirect(`/khao-sat/${id}/cam-on`, 303);
  });

  app.get('/khao-sat/:id/cam-on', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    const ctx = request.pageContext();
    const s = await svc.get((request.params as { id: string }).id);
    return render(reply, <InfoPage ctx={ctx} survey={s} text={ctx.t('surveys.thanksText')} status="thanks" />);
  });

  app.get('/khao-sat/:id/ket-qua', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    const ctx = request.pageContext();
    const { id } = request.params as { id: string };
    const s = await svc.get(id);
    if (!s.published) return render(reply, <InfoPage ctx={ctx} survey={s} text={ctx.t('surveys.results.notPublished')} />, 404);
    const r = await svc.results(id, localeOf(ctx));
    return render(reply, <ResultsPage ctx={ctx} survey={s} results={r} comparison={s.kind === 'satisfaction' ? await comparison(s) : undefined} />);
  });

  /** One table of every published figure: section, group, estimate, interval, n, hidden and why. */
  function exportRows(ctx: PageContext, r: Results): Row[] {
    const t = ctx.t;
    const rows: Row[] = [[t('surveys.results.colGroup'), t('surveys.results.colOption'), t('surveys.results.colEstimate'), 'ciLow', 'ciHigh', t('surveys.results.colN'), t('surveys.results.hidden'), 'reason']];
    const add = (section: string, f: Figure) =>
      rows.push([section, f.label, f.estimate == null ? null : Math.round(f.estimate * 10000) / 100, f.ciLow == null ? null : Math.round(f.ciLow * 10000) / 100, f.ciHigh == null ? null : Math.round(f.ciHigh * 10000) / 100, f.n, f.suppressed ? 'x' : '', reasonText(ctx, f, r.method.rules)]);
    add(t('surveys.results.overall'), r.overall);
    for (const f of r.byFieldGroup) add(t('surveys.results.byFieldGroup'), f);
    for (const f of r.byChannel) add(t('surveys.results.byChannel'), f);
    for (const f of r.byAgency) add(t('surveys.results.byAgency'), f);
    for (const f of r.strata) add(t('surveys.results.strata'), f);
    for (const q of r.questions) for (const f of q.options) add(q.text, f);
    rows.push([]);
    rows.push([t('surveys.results.methodTitle'), r.method.estimator]);
    if (r.method.seed) rows.push(['seed', r.method.seed]);
    return rows;
  }

  app.get('/khao-sat/:id/ket-qua.csv', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    const ctx = request.pageContext();
    const { r } = await publishedResults((request.params as { id: string }).id, localeOf(ctx));
    return sendCsv(reply, `ket-qua-${r.surveyId}.csv`, exportRows(ctx, r));
  });

  app.get('/khao-sat/:id/ket-qua.xlsx', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    const ctx = request.pageContext();
    const { r } = await publishedResults((request.params as { id: string }).id, localeOf(ctx));
    return sendXlsx(reply, `ket-qua-${r.surveyId}.xlsx`, [{ name: 'Kết quả', rows: exportRows(ctx, r), boldRows: [1] }]);
  });

  // ---- API ----

  app.get(
    '/api/v1/surveys',
    { schema: { tags: ['surveys'], summary: 'Danh sách khảo sát', response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), kind: Type.String(), status: Type.String() })) }) } } },
    async () => ({ items: (await svc.list(true)).map((s) => ({ id: s.id, title: s.title_vi, kind: s.kind, status: s.status })) }),
  );

  app.get(
    '/api/v1/surveys/:id',
    {
      schema: {
        tags: ['surveys'],
        summary: 'Câu hỏi của một khảo sát (câu dạng ma trận: trả lời từng dòng bằng khóa "<câu>.<dòng>", giá trị 1–5)',
        params: idParam,
        response: {
          200: Type.Object({
            id: Type.String(),
            title: Type.String(),
            kind: Type.String(),
            status: Type.String(),
            access: Type.String(),
            questions: Type.Array(
              Type.Object({
                id: Type.String(),
                text: Type.String(),
                type: Type.String(),
                required: Type.Boolean(),
                options: Type.Optional(Type.Array(Type.Object({ id: Type.String(), text: Type.String() }))),
                showIf: Type.Optional(Type.Object({ question: Type.String(), anyOf: Type.Array(Type.String()) })),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const s = await svc.get((request.params as { id: string }).id);
      return {
        id: s.id,
        title: s.title_vi,
        kind: s.kind,
        status: s.status,
        access: s.access,
        questions: s.questions.map((q) => ({
          id: q.id,
          text: q.text.vi,
          type: q.type,
          required: q.required,
          ...(q.options ? { options: q.options.map((o) => ({ id: o.id, text: o.text.vi })) } : {}),
          ...(q.showIf ? { showIf: q.showIf } : {}),
        })),
      };
    },
  );

  app.post(
    '/api/v1/surveys/:id/responses',
    {
      schema: {
        tags: ['surveys'],
        summary: 'Gửi câu trả lời (token: mã trong thư mời, bắt buộc với khảo sát theo mẫu; một lần mỗi thư mời)',
        params: idParam,
        body: Type.Object({
          answers: Type.Record(Type.String({ maxLength: 100 }), Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 }), Type.Number()])),
          token: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 201: Type.Object({ id: Type.String() }) },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const b = request.body as { answers: Record<string, unknown>; token?: string };
      const id = await svc.respond(request.actor, (request.params as { id: string }).id, { answers: b.answers, token: b.token });
      return reply.code(201).send({ id });
    },
  );

  app.get(
    '/api/v1/surveys/:id/results',
    {
      schema: {
        tags: ['surveys'],
        summary: 'Kết quả đã công bố: mỗi con số kèm khoảng tin cậy 95 %, n, ô bị ẩn và lý do; phương pháp và hạt giống ngẫu nhiên',
        params: idParam,
        response: {
          200: Type.Object({
            id: Type.String(),
            method: Type.Object({ kind: Type.String(), estimator: Type.String(), seed: Type.Union([Type.String(), Type.Null()]), design: Type.Unknown(), rules: Type.Object({ minRespondents: Type.Integer(), maxHalfWidth: Type.Number() }), satisfiedMeans: Type.String() }),
            overall: figureOut,
            byAgency: Type.Array(figureOut),
            byFieldGroup: Type.Array(figureOut),
            byChannel: Type.Array(figureOut),
            strata: Type.Array(Type.Intersect([figureOut, Type.Object({ N: Type.Integer(), invited: Type.Integer(), responseRate: Type.Union([Type.Number(), Type.Null()]) })])),
            questions: Type.Array(Type.Object({ id: Type.String(), text: Type.String(), n: Type.Integer(), options: Type.Array(figureOut) })),
          }),
        },
      },
    },
    async (request) => {
      const { r } = await publishedResults((request.params as { id: string }).id, 'vi');
      const ctx = request.pageContext();
      const withReason = <T extends Figure>(f: T) => (f.suppressed ? { ...f, reason: reasonText(ctx, f, r.method.rules) } : f);
      return {
        id: r.surveyId,
        method: r.method,
        overall: withReason(r.overall),
        byAgency: r.byAgency.map(withReason),
        byFieldGroup: r.byFieldGroup.map(withReason),
        byChannel: r.byChannel.map(withReason),
        strata: r.strata.map(withReason),
        questions: r.questions.map((q) => ({ id: q.id, text: q.text, n: q.n, options: q.options.map(withReason) })),
      };
    },
  );

  // ---- staff ----

  const createValues = (b: Record<string, unknown>) =>
    Object.fromEntries(['instrumentId', 'id', 'titleVi', 'titleEn', 'access', 'opensOn', 'closesOn', 'periodFrom', 'periodTo'].map((k) => [k, field(b as never, k, 200)]));

  async function staffList(request: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}, errors?: Record<string, string>) {
    const ctx = request.pageContext();
    return render(reply, <StaffListPage ctx={ctx} surveys={await svc.list(false)} instruments={await svc.instruments()} values={values} errors={errors} canManage={can(request.actor, 'surveys.manage')} />, errors ? 422 : 200);
  }

  app.get('/quan-tri/khao-sat', async (request, reply) => {
    staff(request, 'surveys.view');
    return staffList(request, reply);
  });

  app.post('/quan-tri/khao-sat', async (request, reply) => {
    staff(request, 'surveys.manage');
    const v = createValues(formBody(request));
    try {
      await svc.createRound(request.actor, {
        id: v.id!,
        instrumentId: v.instrumentId!,
        titleVi: v.titleVi!,
        titleEn: v.titleEn,
        access: v.access === 'public' ? 'public' : 'invitation',
        opensOn: v.opensOn!,
        closesOn: v.closesOn!,
        periodFrom: v.periodFrom || undefined,
        periodTo: v.periodTo || undefined,
      });
    } catch (err) {
      if (err instanceof ValidationError) return staffList(request, reply, v, translateFieldErrors(err, request.pageContext().t));
      throw err;
    }
    return reply.redirect(`/quan-tri/khao-sat/${v.id}`, 303);
  });

  async function roundPage(request: FastifyRequest, reply: FastifyReply, id: string, extra: { importResult?: { count: number; errors: import('./surveys.frame.ts').RowError[] }; errors?: Record<string, string> } = {}, status = 200) {
    const ctx = request.pageContext();
    const s = await svc.get(id, { publicOnly: false });
    return render(
      reply,
      <StaffRoundPage
        ctx={ctx}
        survey={s}
        frameCount={await svc.frameCount(id)}
        strata={await svc.strata(id)}
        counts={await svc.invitationCounts(id)}
        importResult={extra.importResult}
        errors={extra.errors}
        canManage={can(request.actor, 'surveys.manage')}
        canInterview={can(request.actor, 'surveys.interview')}
        publicLink={`${deps.config.publicUrl}/khao-sat/${id}`}
      />,
      status,
    );
  }

  app.get('/quan-tri/khao-sat/:id', { schema: { params: idParam } }, async (request, reply) => {
    staff(request, 'surveys.view');
    return roundPage(request, reply, (request.params as { id: string }).id);
  });

  app.post('/quan-tri/khao-sat/:id/khung-mau', { schema: { params: idParam } }, async (request, reply) => {
    staff(request, 'surveys.manage');
    const { id } = request.params as { id: string };
    const file = (request.body as { file?: { filename: string; data: Buffer } } | undefined)?.file;
    const t = request.pageContext().t;
    if (!file || typeof file !== 'object' || !Buffer.isBuffer(file.data) || file.data.length === 0) return roundPage(request, reply, id, { errors: { file: t('surveys.errors.file') } }, 422);
    try {
      const res = await svc.importFrame(request.actor, id, file.filename, file.data);
      return roundPage(request, reply, id, { importResult: res }, res.errors.length ? 422 : 200);
    } catch (err) {
      if (err instanceof ValidationError) return roundPage(request, reply, id, { errors: translateFieldErrors(err, t) }, 422);
      throw err;
    }
  });

  app.post('/quan-tri/khao-sat/:id/chon-mau', { schema: { params: idParam } }, async (request, reply) => {
    staff(request, 'surveys.manage');
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const num = (s: string) => Number(s.replace(',', '.'));
    try {
      await svc.draw(request.actor, id, { e: num(field(b, 'e', 10)) / 100, floor: num(field(b, 'floor', 10) || '30'), method: field(b, 'method', 10) === 'yamane' ? 'yamane' : 'cochran' });
    } catch (err) {
      if (err instanceof ValidationError) return roundPage(request, reply, id, { errors: translateFieldErrors(err, request.pageContext().t) }, 422);
      throw err;
    }
    return reply.redirect(`/quan-tri/khao-sat/${id}`, 303);
  });

  app.post('/quan-tri/khao-sat/:id/trang-thai', { schema: { params: idParam } }, async (request, reply) => {
    staff(request, 'surveys.manage');
    const { id } = request.params as { id: string };
    const status = field(formBody(request), 'status', 10);
    if (status !== 'open' && status !== 'closed') throw new AppError('errors.badRequest', 400);
    await svc.setStatus(request.actor, id, status);
    return reply.redirect(`/quan-tri/khao-sat/${id}`, 303);
  });

  app.post('/quan-tri/khao-sat/:id/cong-bo', { schema: { params: idParam } }, async (request, reply) => {
    staff(request, 'surveys.manage');
    const { id } = request.params as { id: string };
    await svc.publish(request.actor, id, field(formBody(request), 'published', 5) === 'yes');
    return reply.redirect(`/quan-tri/khao-sat/${id}`, 303);
  });

  app.get('/quan-tri/khao-sat/:id/duong-dan.csv', { schema: { params: idParam } }, async (request, reply) => {
    staff(request, 'surveys.manage');
    const { id } = request.params as { id: string };
    const links = await svc.invitationLinks(id);
    return sendCsv(reply, `thu-moi-${id}.csv`, [['ma_ho_so', 'tang', 'trang_thai', 'dien_thoai', 'duong_dan'], ...links.map((l) => [l.dossier_id, l.stratum, l.status, l.phone, l.link])]);
  });

  const instrumentParam = Type.Object({ instrumentId: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }) });

  app.get('/quan-tri/khao-sat/bo-cau-hoi/:instrumentId', { schema: { params: instrumentParam } }, async (request, reply) => {
    staff(request, 'surveys.manage');
    const v = await svc.instrument((request.params as { instrumentId: string }).instrumentId);
    return render(reply, <BuilderPage ctx={request.pageContext()} instrument={{ ...v, id: (request.params as { instrumentId: string }).instrumentId }} json={JSON.stringify(v.questions, null, 2)} />);
  });

  app.post('/quan-tri/khao-sat/bo-cau-hoi/:instrumentId', { schema: { params: instrumentParam } }, async (request, reply) => {
    staff(request, 'surveys.manage');
    const { instrumentId } = request.params as { instrumentId: string };
    const json = field(formBody(request), 'questions', 200_000);
    const res = await svc.saveVersion(request.actor, instrumentId, json);
    const v = await svc.instrument(instrumentId);
    return render(reply, <BuilderPage ctx={request.pageContext()} instrument={{ ...v, id: instrumentId }} json={res.problems.length ? json : JSON.stringify(v.questions, null, 2)} problems={res.problems} saved={res.version} />, res.problems.length ? 422 : 200);
  });

  app.get('/quan-tri/khao-sat/:id/phong-van', { schema: { params: idParam } }, async (request, reply) => {
    staff(request, 'surveys.interview');
    const ctx = request.pageContext();
    const s = await svc.get((request.params as { id: string }).id, { publicOnly: false });
    return render(reply, <FormPage ctx={ctx} survey={s} values={{}} interview={{ modes: MODES.filter((m) => m !== 'web'), dossierId: '', mode: 'phone' }} />);
  });

  app.post('/quan-tri/khao-sat/:id/phong-van', { schema: { params: idParam } }, async (request, reply) => {
    staff(request, 'surveys.interview');
    const ctx = request.pageContext();
    const { id } = request.params as { id: string };
    const s = await svc.get(id, { publicOnly: false });
    const b = formBody(request);
    const dossierId = field(b, 'dossierId', 80);
    const mode = field(b, 'mode', 20) as Mode;
    const raw = answersFromForm(b);
    const interview = { modes: MODES.filter((m) => m !== 'web'), dossierId, mode };
    try {
      await svc.interview(request.actor, id, { dossierId, mode, answers: raw });
    } catch (err) {
      if (err instanceof ValidationError) return render(reply, <FormPage ctx={ctx} survey={s} values={raw} interview={interview} errors={translateFieldErrors(err, ctx.t)} />, 422);
      if (err instanceof AppError && err.status === 409) return render(reply, <FormPage ctx={ctx} survey={s} values={raw} interview={interview} errors={{ dossierId: ctx.t(err.code) }} />, 409);
      throw err;
    }
    return render(reply, <FormPage ctx={ctx} survey={s} values={{}} interview={{ ...interview, dossierId: '' }} message={ctx.t('surveys.staff.interviewSaved', { id: dossierId })} />);
  });
}

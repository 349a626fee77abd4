import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../platform/modules.ts';
import { render, safeRedirectTarget } from '../../platform/http/render.ts';
import { field, formBody, translateFieldErrors, type FormBody } from '../../platform/http/forms.ts';
import { can } from '../../platform/auth/permissions.ts';
import { hmac } from '../../platform/auth/tokens.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import type { Learner, PublicQuestion } from './learning.service.ts';
import { parseCsv, type ImportSource } from './learning.coverage.ts';
import { certificatePdf, resultsDocx } from './learning.documents.ts';
import * as views from './learning.views.tsx';
import { CoverageToken, LearningToken } from './learning.tokens.ts';

const ROSTER_COOKIE = 'dvc_hoc';
const ATTEMPT_COOKIE = 'dvc_bai';
const slugParam = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,79}$' }) });
const idParam = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ErrorResponse = Type.Object({ error: Type.String(), message: Type.String() }, { additionalProperties: true });
const Option = Type.Object({ id: Type.String(), text: Type.String() });
const Question = Type.Object({ id: Type.String(), text: Type.String(), type: Type.Union([Type.Literal('single'), Type.Literal('multiple'), Type.Literal('true_false'), Type.Literal('numeric')]), options: Type.Array(Option) });
const Item = Type.Object({ slug: Type.String(), title: Type.String(), audience: Type.String(), status: Type.String() });

/** Answers from an HTML form: q_<questionId> → one option, several options or a number, by question type. */
export function answersFromForm(body: FormBody, questions: PublicQuestion[]): Array<{ questionId: string; optionId?: string; optionIds?: string[]; value?: string }> {
  const out: Array<{ questionId: string; optionId?: string; optionIds?: string[]; value?: string }> = [];
  for (const q of questions) {
    const raw = body[`q_${q.id}`];
    if (raw === undefined || raw === '') continue;
    const list = (Array.isArray(raw) ? raw : [raw]).map((x) => String(x).slice(0, 40));
    if (q.type === 'numeric') out.push({ questionId: q.id, value: list[0]! });
    else if (q.type === 'multiple') out.push({ questionId: q.id, optionIds: list });
    else out.push({ questionId: q.id, optionId: list[0]! });
  }
  return out;
}

export async function learningRoutes(app: FastifyInstance, deps: AppDeps) {
  const svc = deps.services.get(LearningToken);
  const coverage = deps.services.get(CoverageToken);
  const secret = deps.config.sessionSecret;
  const cookieOpts = (maxAge: number) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.cookieSecure, maxAge });

  /** The roster pupil remembered by a signed cookie (set after they typed their code). */
  const rosterIdFrom = (request: FastifyRequest): string | null => {
    const v = request.cookies[ROSTER_COOKIE];
    if (!v) return null;
    const [id, sig] = v.split('.');
    return id && sig && hmac(secret, `roster:${id}`) === sig ? id : null;
  };
  const learnerOf = (request: FastifyRequest) => svc.learnerFor(request.actor, rosterIdFrom(request));
  const rememberRoster = (reply: FastifyReply, l: Learner) => reply.setCookie(ROSTER_COOKIE, `${l.rosterId}.${hmac(secret, `roster:${l.rosterId}`)}`, cookieOpts(60 * 60 * 24 * 30));
  const attemptTokenFrom = (request: FastifyRequest, id: string): string | null => {
    const header = request.headers['x-attempt-token'];
    if (typeof header === 'string' && header) return header;
    const v = request.cookies[ATTEMPT_COOKIE];
    if (!v) return null;
    const [aid, token] = v.split('.');
    return aid === id && token ? token : null;
  };

  // ---------------------------------------------------------------- courses (HTML)

  app.get('/hoc', { schema: { hide: true } }, async (request, reply) => render(reply, views.CoursesPage({ ctx: request.pageContext(), courses: await svc.listCourses() })));

  app.get('/hoc/ma-hoc-sinh', { schema: { hide: true } }, async (request, reply) => {
    const next = safeRedirectTarget((request.query as Record<string, unknown>).tiep, '/hoc');
    return render(reply, views.RosterPage({ ctx: request.pageContext(), next }));
  });
  app.post('/hoc/ma-hoc-sinh', { schema: { hide: true } }, async (request, reply) => {
    const body = formBody(request);
    const next = safeRedirectTarget(field(body, 'next', 300), '/hoc');
    try {
      const l = await svc.rosterLearner(field(body, 'code', 40));
      rememberRoster(reply, l);
      return reply.redirect(next, 303);
    } catch (err) {
      if (err instanceof ValidationError) return render(reply, views.RosterPage({ ctx: request.pageContext(), next, errors: translateFieldErrors(err, request.pageContext().t) }), 422);
      throw err;
    }
  });

  app.get('/hoc/:slug', { schema: { params: slugParam, hide: true } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const learner = await learnerOf(request);
    return render(reply, views.CoursePage({ ctx: request.pageContext(), view: await svc.course(slug, learner), signedIn: Boolean(learner) }));
  });

  const lessonParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,79}$' }), n: Type.Integer({ minimum: 1, maximum: 500 }) });
  app.get('/hoc/:slug/bai/:n', { schema: { params: lessonParams, hide: true } }, async (request, reply) => {
    const { slug, n } = request.params as { slug: string; n: number };
    const learner = await learnerOf(request);
    return render(reply, views.LessonPage({ ctx: request.pageContext(), view: await svc.lesson(slug, n, learner), signedIn: Boolean(learner) }));
  });
  app.post('/hoc/:slug/bai/:n', { schema: { params: lessonParams, hide: true } }, async (request, reply) => {
    const { slug, n } = request.params as { slug: string; n: number };
    const learner = await learnerOf(request);
    if (!learner) throw new AppError('learning.errors.signInFirst', 401);
    const body = formBody(request);
    const view = await svc.lesson(slug, n, learner);
    const answers = new Map(answersFromForm(body, view.questions).map((a) => [a.questionId, a as unknown]));
    try {
      const result = await svc.completeLesson(learner, slug, n, answers, field(body, 'dossierCode', 60));
      if (result.passed) {
        const next = view.lessons.find((l) => l.position === n + 1);
        return reply.redirect(next ? `/hoc/${slug}/bai/${next.position}` : `/hoc/${slug}`, 303);
      }
      return render(reply, views.LessonPage({ ctx: request.pageContext(), view, signedIn: true, result }), 200);
    } catch (err) {
      if (err instanceof ValidationError) return render(reply, views.LessonPage({ ctx: request.pageContext(), view, signedIn: true, errors: translateFieldErrors(err, request.pageContext().t) }), 422);
      throw err;
    }
  });

  // ---------------------------------------------------------------- contests (HTML)

  app.get('/cuoc-thi', { schema: { hide: true } }, async (request, reply) => render(reply, views.ContestsPage({ ctx: request.pageContext(), contests: await svc.listContests() })));

  app.get('/cuoc-thi/:slug', { schema: { params: slugParam, hide: true } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const v = await svc.contest(slug);
    const learner = await learnerOf(request);
    return render(reply, views.ContestPage({ ctx: request.pageContext(), ...v, learnerName: learner?.name ?? null }));
  });

  app.post('/cuoc-thi/:slug/bat-dau', { schema: { params: slugParam, hide: true } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const body = formBody(request);
    let learner = await learnerOf(request);
    try {
      if (!learner) {
        const code = field(body, 'code', 40);
        if (!code) throw new ValidationError({ code: 'learning.errors.whoAreYou' });
        learner = await svc.rosterLearner(code);
        rememberRoster(reply, learner);
      }
      const a = await svc.startAttempt(learner, slug);
      reply.setCookie(ATTEMPT_COOKIE, `${a.attemptId}.${a.token}`, cookieOpts(60 * 60 * 24));
      return reply.redirect(`/cuoc-thi/bai/${a.attemptId}`, 303);
    } catch (err) {
      if (err instanceof ValidationError) {
        const v = await svc.contest(slug);
        return render(reply, views.ContestPage({ ctx: request.pageContext(), ...v, learnerName: null, errors: translateFieldErrors(err, request.pageContext().t) }), 422);
      }
      throw err;
    }
  });

  app.get('/cuoc-thi/bai/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const who = { learner: await learnerOf(request), token: attemptTokenFrom(request, id) };
    const v = await svc.attemptView(id, who);
    if (v.attempt.submittedAt || svc.now() > v.attempt.endsAt) {
      if (!v.attempt.submittedAt) await svc.submit(id, who);
      return reply.redirect(`/cuoc-thi/bai/${id}/ket-qua`, 303);
    }
    return render(reply, views.AttemptPage({ ctx: request.pageContext(), ...v, saved: 'da-luu' in (request.query as object) }));
  });

  app.post('/cuoc-thi/bai/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const who = { learner: await learnerOf(request), token: attemptTokenFrom(request, id) };
    const body = formBody(request);
    const v = await svc.attemptView(id, who);
    const predictionRaw = field(body, 'prediction', 20).replace(/[.\s]/g, '');
    const prediction = predictionRaw === '' ? null : Number(predictionRaw);
    try {
      if (prediction !== null && !Number.isInteger(prediction)) throw new ValidationError({ prediction: 'learning.errors.prediction' });
      if (!v.attempt.submittedAt && svc.now() <= v.attempt.endsAt) await svc.saveAnswers(id, who, { answers: answersFromForm(body, v.questions), prediction });
    } catch (err) {
      if (err instanceof ValidationError) return render(reply, views.AttemptPage({ ctx: request.pageContext(), ...v, errors: translateFieldErrors(err, request.pageContext().t) }), 422);
      throw err;
    }
    if (field(body, 'action', 10) === 'submit' || svc.now() > v.attempt.endsAt) {
      await svc.submit(id, who);
      return reply.redirect(`/cuoc-thi/bai/${id}/ket-qua`, 303);
    }
    return reply.redirect(`/cuoc-thi/bai/${id}?da-luu`, 303);
  });

  app.get('/cuoc-thi/bai/:id/ket-qua', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const who = { learner: await learnerOf(request), token: attemptTokenFrom(request, id) };
    const v = await svc.attemptView(id, who);
    if (!v.attempt.submittedAt) return reply.redirect(`/cuoc-thi/bai/${id}`, 303);
    const learner = who.learner ?? { personKey: v.attempt.personKey, name: v.attempt.holderName, principalId: null, rosterId: v.attempt.rosterId, unitId: v.attempt.unitId };
    const cert = (await svc.certificatesOf(learner)).find((c) => c.kind === 'contest' && c.sourceId === v.contest.id);
    return render(reply, views.ResultPage({ ctx: request.pageContext(), contest: v.contest, attempt: v.attempt, certificateCode: cert?.code ?? null }));
  });

  app.get('/cuoc-thi/:slug/xep-hang', { schema: { params: slugParam, hide: true } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const board = await svc.leaderboard(slug);
    const units = await svc.unitLeaderboard(slug);
    return render(reply, views.BoardPage({ ctx: request.pageContext(), contest: board.contest, round: board.round, rows: board.rows, units: units.rows }));
  });

  // ---------------------------------------------------------------- certificates (public)

  app.get('/chung-nhan/:code', { schema: { params: Type.Object({ code: Type.String({ maxLength: 40 }) }), hide: true } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    if (code.endsWith('.pdf')) {
      const cert = await svc.certificateFor(code.slice(0, -4), await learnerOf(request));
      const pdf = await certificatePdf(cert, `${deps.config.publicUrl}/chung-nhan/${cert.code}`);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${cert.code}.pdf"`).header('cache-control', 'private, no-store').send(pdf);
    }
    return render(reply, views.CertificatePage({ ctx: request.pageContext(), v: await svc.verify(code) }));
  });

  // ---------------------------------------------------------------- JSON API

  app.get('/api/v1/courses', { schema: { tags: ['learning'], summary: 'Khóa học trực tuyến (bài học ngắn từ hướng dẫn)', response: { 200: Type.Object({ items: Type.Array(Item) }) } } }, async () => ({
    items: (await svc.listCourses()).map((c) => ({ slug: c.slug, title: c.title, audience: c.audience, status: c.status })),
  }));

  app.get('/api/v1/contests', { schema: { tags: ['learning'], summary: 'Cuộc thi (upcoming | open | closed)', response: { 200: Type.Object({ items: Type.Array(Item) }) } } }, async () => ({
    items: (await svc.listContests()).map((c) => ({ slug: c.slug, title: c.title, audience: c.audience, status: c.status })),
  }));

  app.post(
    '/api/v1/contests/:slug/attempts',
    {
      schema: {
        tags: ['learning'],
        summary: 'Bắt đầu một lượt thi (người dân đã đăng nhập, hoặc mã học sinh một lần)',
        description: 'Bộ câu hỏi được rút một lần và lưu lại; hạn nộp (endsAt) do máy chủ giữ. Trả về attemptToken để gửi trong tiêu đề X-Attempt-Token ở các lệnh sau.',
        params: slugParam,
        body: Type.Optional(Type.Object({ rosterCode: Type.Optional(Type.String({ maxLength: 40 })) })),
        response: { 201: Type.Object({ attemptId: Type.String(), attemptToken: Type.String(), questions: Type.Array(Question), endsAt: Type.String(), prediction: Type.Boolean() }), 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const code = (request.body as { rosterCode?: string } | undefined)?.rosterCode;
      const learner = code ? await svc.rosterLearner(code) : await learnerOf(request);
      if (!learner) throw new AppError('learning.errors.signInFirst', 401);
      const a = await svc.startAttempt(learner, slug);
      return reply.code(201).send({ attemptId: a.attemptId, attemptToken: a.token, questions: a.questions, endsAt: a.endsAt.toISOString(), prediction: a.prediction });
    },
  );

  const AnswerItem = Type.Object({ questionId: Type.String({ format: 'uuid' }), optionId: Type.Optional(Type.String({ maxLength: 20 })), optionIds: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 20 })), value: Type.Optional(Type.Number()) });
  app.put(
    '/api/v1/attempts/:id/answers',
    {
      schema: {
        tags: ['learning'],
        summary: 'Lưu câu trả lời (ghi thêm; câu trả lời cuối cùng trước hạn được tính)',
        params: idParam,
        body: Type.Object({ answers: Type.Array(AnswerItem, { maxItems: 200 }), prediction: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])) }),
        response: { 200: Type.Object({ saved: Type.Integer(), endsAt: Type.String() }), 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const body = request.body as { answers: Array<{ questionId: string }>; prediction?: number | null };
      const r = await svc.saveAnswers(id, { learner: await learnerOf(request), token: attemptTokenFrom(request, id) }, body);
      return { saved: r.saved, endsAt: r.endsAt.toISOString() };
    },
  );

  app.post(
    '/api/v1/attempts/:id/submit',
    {
      schema: {
        tags: ['learning'],
        summary: 'Nộp bài (chỉ các câu trả lời trước hạn được tính)',
        params: idParam,
        response: { 200: Type.Object({ score: Type.Number(), correct: Type.Integer(), total: Type.Integer(), certificateCode: Type.Union([Type.String(), Type.Null()]) }), 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const r = await svc.submit(id, { learner: await learnerOf(request), token: attemptTokenFrom(request, id) });
      return { score: r.score, correct: r.correct, total: r.total, certificateCode: r.certificateCode };
    },
  );

  app.get(
    '/api/v1/contests/:slug/leaderboard',
    {
      schema: {
        tags: ['learning'],
        summary: 'Bảng xếp hạng: cá nhân (theo đợt) hoặc theo đơn vị (by=unit, tỷ lệ tham gia trên quy mô đơn vị)',
        params: slugParam,
        querystring: Type.Object({ by: Type.Optional(Type.Union([Type.Literal('unit'), Type.Literal('person')])), round: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
        response: { 200: Type.Object({ items: Type.Array(Type.Record(Type.String(), Type.Unknown())) }), 404: ErrorResponse },
      },
    },
    async (request) => {
      const { slug } = request.params as { slug: string };
      const q = request.query as { by?: string; round?: number };
      if (q.by === 'unit') return { items: (await svc.unitLeaderboard(slug)).rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, participants: r.participants, size: r.size, rate: r.rate })) };
      const b = await svc.leaderboard(slug, q.round);
      return { items: b.rows.map((r) => ({ rank: r.rank, holder: r.holder, correct: r.correct, durationMs: r.durationMs, round: b.round?.no ?? null })) };
    },
  );

  app.get(
    '/api/v1/certificates/:code',
    {
      schema: {
        tags: ['learning'],
        summary: 'Kiểm tra chứng nhận (tên người được cấp đã che một phần)',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        response: { 200: Type.Object({ valid: Type.Boolean(), course: Type.String(), issuedAt: Type.String(), holder: Type.String(), issuer: Type.String() }), 404: ErrorResponse },
      },
    },
    async (request) => {
      const v = await svc.verify((request.params as { code: string }).code);
      return { valid: v.valid, course: v.title, issuedAt: v.issuedAt.toISOString(), holder: v.holder, issuer: v.issuer };
    },
  );

  // ---------------------------------------------------------------- staff

  const staffPage = async (request: FastifyRequest, reply: FastifyReply, importResult?: { imported: number; duplicates?: number; errors: Array<{ row: number; column: string; message: string }> }, status = 200) => {
    const year = Number(todayInVietnam().slice(0, 4));
    return render(
      reply,
      views.StaffPage({
        ctx: request.pageContext(),
        stale: await svc.staleItems(),
        coverage: await coverage.byUnit(year),
        year,
        contests: await svc.listContests(),
        importResult,
        canManage: can(request.actor, 'learning.manage'),
        canCoverage: can(request.actor, 'learning.coverage'),
      }),
      status,
    );
  };
  app.get('/quan-tri/hoc-tap', { schema: { hide: true } }, async (request, reply) => staffPage(request, reply));

  app.post('/quan-tri/hoc-tap/da-ra-soat', { schema: { hide: true } }, async (request, reply) => {
    const body = formBody(request);
    const kind = field(body, 'kind', 10) === 'question' ? 'question' : 'lesson';
    await svc.markReviewed(request.actor, kind, field(body, 'id', 40), Number(field(body, 'version', 6)) || undefined);
    return reply.redirect('/quan-tri/hoc-tap', 303);
  });

  app.post('/quan-tri/hoc-tap/nhap-doi-tuong', { schema: { hide: true } }, async (request, reply) => {
    const r = await coverage.importCohorts(request.actor, parseCsv(field(formBody(request), 'csv', 2_000_000)));
    return staffPage(request, reply, r, r.errors.length ? 422 : 200);
  });

  app.post('/quan-tri/hoc-tap/nhap-hoan-thanh', { schema: { hide: true } }, async (request, reply) => {
    const body = formBody(request);
    const r = await coverage.importCompletions(request.actor, field(body, 'source', 20) as ImportSource, parseCsv(field(body, 'csv', 2_000_000)));
    return staffPage(request, reply, r, r.errors.length ? 422 : 200);
  });

  app.post('/quan-tri/hoc-tap/chung-nhan/:code/thu-hoi', { schema: { hide: true } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    await svc.revoke(request.actor, code, field(formBody(request), 'reason', 500));
    return reply.redirect(`/chung-nhan/${encodeURIComponent(code)}`, 303);
  });

  app.get('/quan-tri/hoc-tap/cuoc-thi/:slug/ket-qua.docx', { schema: { hide: true } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(slug)) throw new NotFoundError();
    const board = await svc.leaderboard(slug);
    const units = await svc.unitLeaderboard(slug);
    const buf = await resultsDocx({ issuer: board.contest.issuer, title: board.contest.title, date: new Date(), participants: board.participants, round: board.round, people: board.rows, units: units.rows });
    return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('content-disposition', `attachment; filename="ket-qua-${slug}.docx"`).send(buf);
  });

}

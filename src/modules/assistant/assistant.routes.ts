import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../platform/modules.ts';
import { render } from '../../platform/http/render.ts';
import { field, fieldList, formBody, requireUser, withFormErrors } from '../../platform/http/forms.ts';
import { can } from '../../platform/auth/permissions.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { ChatPage, GapsPage, HandoverDonePage, HandoverPage, LexiconEditPage, LexiconPage } from './assistant.views.tsx';
import { ContentToken } from '../content/api.ts';
import { AssistantServiceToken } from './assistant.service.ts';

const ASK_LIMIT = { rateLimit: { max: 30, timeWindow: 60_000 } };
const CONV_RE = /^[A-Za-z0-9_-]{16,64}$/;
const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,79}$/;

const AskBody = Type.Object(
  {
    question: Type.String({ maxLength: 20000, description: 'Câu hỏi của người dân (tối đa 1.000 ký tự có nghĩa)' }),
    conversationId: Type.Optional(Type.String({ maxLength: 64, description: 'Mã cuộc trò chuyện trả về ở lần hỏi trước' })),
  },
  { additionalProperties: false },
);

const AskReply = Type.Object({
  conversationId: Type.String(),
  action: Type.Union([Type.Literal('answer'), Type.Literal('clarify'), Type.Literal('handoff')]),
  answer: Type.String(),
  citations: Type.Array(Type.Object({ slug: Type.String(), title: Type.String(), url: Type.String() })),
  options: Type.Optional(Type.Array(Type.Object({ label: Type.String(), slug: Type.String() }))),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  handoverReason: Type.Optional(Type.Union([Type.Literal('out_of_scope'), Type.Literal('unsure'), Type.Literal('needs_person')], { description: 'Vì sao chuyển cán bộ: ngoài phạm vi, chưa chắc giữa các hướng dẫn, cần người hỗ trợ' })),
  suggestions: Type.Optional(Type.Array(Type.Object({ slug: Type.String(), title: Type.String(), url: Type.String() }), { description: 'Bước tiếp theo gợi ý khi chuyển cán bộ: sự kiện cuộc sống, hướng dẫn gần nhất' })),
  // The response schema drops undeclared fields: without this the page script never knew which turn to rate.
  turnId: Type.Optional(Type.Integer({ minimum: 1, description: 'Số thứ tự lượt hỏi, dùng để gửi đánh giá "Có hữu ích không?"' })),
});

const ErrorReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), fields: Type.Optional(Type.Record(Type.String(), Type.String())), requestId: Type.String() }),
});

export async function assistantRoutes(app: FastifyInstance, deps: AppDeps) {
  const svc = deps.services.get(AssistantServiceToken);

  app.post(
    '/api/v1/assistant/ask',
    {
      config: ASK_LIMIT,
      schema: {
        tags: ['assistant'],
        summary: 'Hỏi trợ lý ảo dịch vụ công',
        description:
          'Trả lời từ nội dung đã duyệt (hướng dẫn, hỏi đáp) kèm nguồn. action = answer (có trích dẫn), clarify (2–3 lựa chọn ' +
          'trong options), handoff (trợ lý từ chối hoặc chưa chắc chắn, đề nghị gặp cán bộ / Tổng đài 1022). Giới hạn 30 câu hỏi/phút mỗi máy khách.',
        body: AskBody,
        response: { 200: AskReply, 400: ErrorReply, 429: ErrorReply },
      },
    },
    async (request) => {
      const b = request.body as { question: string; conversationId?: string };
      const r = await svc.ask({ question: b.question, conversationId: b.conversationId, channel: 'api', locale: request.locale });
      return {
        conversationId: r.conversationId,
        action: r.action,
        answer: r.answer,
        citations: r.citations,
        ...(r.options ? { options: r.options } : {}),
        confidence: r.confidence,
        ...(r.handoverReason ? { handoverReason: r.handoverReason } : {}),
        ...(r.suggestions?.length ? { suggestions: r.suggestions } : {}),
        // used by /static/js/assistant.js to render the turn like the server does
        turnId: r.turnId,
      };
    },
  );

  // ---- Public chat page (works without JavaScript) ----
  async function chat(request: FastifyRequest, conversationId: string, extra: { errors?: Record<string, string>; question?: string; guide?: string } = {}) {
    const turns = conversationId ? await svc.conversation(conversationId) : [];
    const guideTitle = extra.guide && SLUG_RE.test(extra.guide) ? await svc.guideTitle(extra.guide) : undefined;
    return ChatPage({ ctx: request.pageContext(), conversationId: turns.length ? conversationId : '', turns, errors: extra.errors, question: extra.question, guide: guideTitle ? { slug: extra.guide!, title: guideTitle } : undefined });
  }

  app.get('/tro-ly', async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const c = q.moi ? '' : typeof q.c === 'string' && CONV_RE.test(q.c) ? q.c : '';
    reply.header('cache-control', 'no-store');
    return render(reply, chat(request, c, { guide: typeof q['huong-dan'] === 'string' ? q['huong-dan'] : undefined }));
  });

  app.post('/tro-ly', { config: ASK_LIMIT }, async (request, reply) => {
    const b = formBody(request);
    const question = field(b, 'question', 20000);
    const conversationId = field(b, 'conversationId', 64);
    const guide = field(b, 'guide', 80);
    try {
      const r = await svc.ask({ question, conversationId, channel: 'web', locale: request.locale, contextGuide: SLUG_RE.test(guide) ? guide : undefined });
      return reply.redirect(`/tro-ly?c=${encodeURIComponent(r.conversationId)}#turn-${r.turnId}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.fields.question) {
        const t = request.pageContext().t;
        return render(reply, chat(request, CONV_RE.test(conversationId) ? conversationId : '', { errors: { question: t(err.fields.question, err.params) }, question: question.slice(0, 2000), guide }), 400);
      }
      throw err;
    }
  });

  app.post('/tro-ly/phan-hoi', async (request, reply) => {
    const b = formBody(request);
    const conversationId = field(b, 'conversationId', 64);
    const turnId = Number(field(b, 'turnId', 12));
    if (!CONV_RE.test(conversationId) || !Number.isInteger(turnId) || turnId <= 0) throw new AppError('errors.badRequest', 400);
    const helpful = field(b, `helpful-${turnId}`, 5) || field(b, 'helpful', 5);
    if (helpful === 'yes' || helpful === 'no')
      await svc.feedback({ conversationId, turnId, helpful: helpful === 'yes', reason: field(b, `reason-${turnId}`, 20) || field(b, 'reason', 20), comment: field(b, `comment-${turnId}`, 1000) || field(b, 'comment', 1000) });
    return reply.redirect(`/tro-ly?c=${encodeURIComponent(conversationId)}&da=assistantFeedback#turn-${turnId}`, 303);
  });

  app.get('/tro-ly/gap-can-bo', async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const c = typeof q.c === 'string' && CONV_RE.test(q.c) ? q.c : '';
    return render(reply, HandoverPage({ ctx: request.pageContext(), conversationId: c, values: {} }));
  });

  app.post('/tro-ly/gap-can-bo', { config: ASK_LIMIT }, async (request, reply) => {
    const b = formBody(request);
    const values = { conversationId: field(b, 'conversationId', 64), name: field(b, 'name', 120), phone: field(b, 'phone', 30), email: field(b, 'email', 200), message: field(b, 'message', 2000) };
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        const res = await svc.handover({ conversationId: values.conversationId || undefined, name: values.name, phone: values.phone, email: values.email, message: values.message });
        const qs = new URLSearchParams({ ma: res.code, ...(res.url ? { url: res.url } : {}), ...(values.phone || values.email ? { lh: '1' } : {}), ...(CONV_RE.test(values.conversationId) ? { c: values.conversationId } : {}) });
        return reply.redirect(`/tro-ly/gap-can-bo/da-gui?${qs}`, 303);
      },
      (errors) => HandoverPage({ ctx, conversationId: CONV_RE.test(values.conversationId) ? values.conversationId : '', values, errors }),
    );
  });

  app.get('/tro-ly/gap-can-bo/da-gui', async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const code = typeof q.ma === 'string' && /^[A-Za-z0-9-]{4,40}$/.test(q.ma) ? q.ma : '';
    if (!code) throw new NotFoundError();
    const url = typeof q.url === 'string' && q.url.startsWith('/') && !q.url.startsWith('//') ? q.url : null;
    const c = typeof q.c === 'string' && CONV_RE.test(q.c) ? q.c : '';
    return render(reply, HandoverDonePage({ ctx: request.pageContext(), code, url, hasContact: q.lh === '1', conversationId: c }));
  });

  // ---- Staff: logs and content gaps ----
  app.get('/quan-tri/tro-ly', async (request, reply) => {
    requireUser(request);
    const { groups, stats } = await svc.gaps(request.actor);
    return render(reply, GapsPage({ ctx: request.pageContext(), groups, stats, canDraft: deps.services.has(ContentToken) }));
  });

  const sigParam = Type.Object({ sig: Type.String({ pattern: '^[a-f0-9]{16}$' }) });

  app.post('/quan-tri/tro-ly/nhom/:sig/ban-nhap', { schema: { params: sigParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { sig } = request.params as { sig: string };
    const b = formBody(request);
    const url = await svc.gapToDraft(request.actor, { signature: sig, title: field(b, 'title', 200), questions: fieldList(b, 'questions').slice(0, 20).map((q) => q.slice(0, 500)) });
    return reply.redirect(url.startsWith('/') ? url : '/quan-tri/tro-ly?da=gapDrafted', 303);
  });

  app.post('/quan-tri/tro-ly/nhom/:sig/bo-qua', { schema: { params: sigParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { sig } = request.params as { sig: string };
    await svc.dismissGap(request.actor, sig);
    return reply.redirect('/quan-tri/tro-ly?da=gapDismissed', 303);
  });

  // ---- Staff: lexicon ----
  app.get('/quan-tri/tro-ly/tu-dien', async (request, reply) => {
    requireUser(request);
    const q = request.query as Record<string, string | undefined>;
    const values = { term: (q.term ?? '').slice(0, 80), gap: /^[a-f0-9]{16}$/.test(q.gap ?? '') ? q.gap! : '' };
    return render(reply, LexiconPage({ ctx: request.pageContext(), rows: await svc.listLexicon(), values, canEdit: can(request.actor, 'assistant.lexicon') }));
  });

  app.post('/quan-tri/tro-ly/tu-dien', async (request, reply) => {
    requireUser(request);
    const b = formBody(request);
    const values = { term: field(b, 'term', 80), expansion: field(b, 'expansion', 300), weight: field(b, 'weight', 10), gap: field(b, 'gap', 16) };
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        await svc.saveLexicon(request.actor, { term: values.term, expansion: values.expansion, weight: values.weight || '0.9', gapSignature: /^[a-f0-9]{16}$/.test(values.gap) ? values.gap : undefined });
        return reply.redirect('/quan-tri/tro-ly/tu-dien?da=lexiconSaved', 303);
      },
      async (errors) => LexiconPage({ ctx, rows: await svc.listLexicon(), values, errors, canEdit: true }),
    );
  });

  const idParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

  app.get('/quan-tri/tro-ly/tu-dien/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const row = await svc.getLexicon(id);
    if (!row) throw new NotFoundError();
    const values = { term: row.term, expansion: row.expansion, weight: String(row.weight).replace('.', ','), active: row.active ? '1' : '', note: row.note ?? '' };
    return render(reply, LexiconEditPage({ ctx: request.pageContext(), id, values }));
  });

  app.post('/quan-tri/tro-ly/tu-dien/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const values = { term: field(b, 'term', 80), expansion: field(b, 'expansion', 300), weight: field(b, 'weight', 10), active: field(b, 'active', 2), note: field(b, 'note', 300) };
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        await svc.saveLexicon(request.actor, { id, term: values.term, expansion: values.expansion, weight: values.weight, active: values.active === '1', note: values.note });
        return reply.redirect('/quan-tri/tro-ly/tu-dien?da=lexiconSaved', 303);
      },
      (errors) => LexiconEditPage({ ctx, id, values, errors }),
    );
  });

  app.post('/quan-tri/tro-ly/tu-dien/:id/xoa', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    await svc.deleteLexicon(request.actor, id);
    return reply.redirect('/quan-tri/tro-ly/tu-dien?da=lexiconDeleted', 303);
  });
}

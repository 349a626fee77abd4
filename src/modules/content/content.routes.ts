import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../platform/modules.ts';
import { render } from '../../platform/http/render.ts';
import { onPublicPageHit } from '../../platform/http/page-cache.ts';
import { field, formBody, pageNumber, requireUser, withFormErrors, type FormBody } from '../../platform/http/forms.ts';
import { can } from '../../platform/auth/permissions.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { parseDateInput } from '../../platform/i18n/i18n.ts';
import { AUDIENCES, CHANNELS, CONTENT_KINDS, MATERIAL_KINDS, SLUG_RE, TAG_RE, TOPICS, toGuideDoc, type GuideDoc } from './content.types.ts';
import { isSitePath } from './markdown.ts';
import type { MaterialInput } from './content.repo.ts';
import { GuideBody, GuideListPage, GuidePage, LifeEventListPage, LifeEventPage, GuidePrintPage, LibraryPage, MaterialPage, SearchPage, type LibraryFilter } from './content.public.views.tsx';
import {
  DiffPage, GuideFormPage, MaterialDiffPage, MaterialVersionsPage, MaterialFormPage, QrScansPage, StaffGuideListPage, StaffGuidePage, StaffMaterialListPage, StaffMaterialPage,
  docToFormValues, type GuideFormValues, type MaterialFormValues,
} from './content.staff.views.tsx';
import { guidePdf, qrSvg, type PrintFormat } from './content.pdf.ts';
import multipart from '@fastify/multipart';
import { processUpload } from '../../platform/storage/uploads.ts';
import { newStorageKey } from '../../platform/storage/storage.ts';
import { MATERIAL_UPLOADS, MAX_MATERIAL_BYTES, readMultipartForm } from './content.uploads.ts';
import { atomFeed, sitemap } from './feeds.ts';
import { OrganisationsToken } from '../organisations/api.ts';
import { ContentServiceToken } from './content.service.ts';

const here = dirname(fileURLToPath(import.meta.url));
const PRINT_CSS = readFileSync(join(here, 'assets', 'in.css'), 'utf8');
const STAFF_CSS = readFileSync(join(here, 'assets', 'staff.css'), 'utf8');

const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);
const pick = <T extends string>(v: string, allowed: readonly T[]): T | '' => ((allowed as readonly string[]).includes(v) ? (v as T) : '');

/** Read the guide form: the raw values (for a re-render) and the GuideDoc they describe. */
function readGuideForm(b: FormBody): { values: GuideFormValues; doc: GuideDoc } {
  const values: GuideFormValues = {
    slug: field(b, 'slug', 80).toLowerCase(),
    kind: pick(field(b, 'kind', 20), CONTENT_KINDS) || 'guide',
    title: field(b, 'title', 200),
    summary: field(b, 'summary', 500),
    topic: field(b, 'topic', 40),
    audiences: AUDIENCES.filter((a) => field(b, `aud-${a}`, 5)),
    aliases: field(b, 'aliases', 5000),
    procedureCodes: field(b, 'procedureCodes', 500),
    onlineUrl: field(b, 'onlineUrl', 1000),
    who: field(b, 'who'),
    prepare: field(b, 'prepare', 10000),
    steps: field(b, 'steps', 20000),
    fees: field(b, 'fees'),
    onlineDiscount: field(b, 'onlineDiscount'),
    processingTime: field(b, 'processingTime'),
    checkStatus: field(b, 'checkStatus'),
    commonMistakes: field(b, 'commonMistakes', 10000),
    help: field(b, 'help'),
    sources: field(b, 'sources', 5000),
    faq: field(b, 'faq', 40000),
    stages: field(b, 'stages', 20000),
    cues: field(b, 'cues', 10000),
    note: field(b, 'note', 300),
  };
  const doc = toGuideDoc({
    ...values,
    aliases: lines(values.aliases ?? '').slice(0, 50),
    procedureCodes: (values.procedureCodes ?? '').split(/[\s,;]+/).filter(Boolean).slice(0, 30),
    prepare: lines(values.prepare ?? ''),
    // "Step text | /thu-vien/<id>/anh | alt text": an optional image from this site (e.g. a library infographic).
    steps: lines(values.steps ?? '').map((line) => {
      const [text = '', image = '', imageAlt = ''] = line.split(' | ').map((x) => x.trim());
      return image.startsWith('/') ? { text, image, imageAlt: imageAlt || null } : { text: line };
    }),
    commonMistakes: lines(values.commonMistakes ?? ''),
    // "Question | answer" a line; life events: "Stage | what to do | guide-slug, guide-slug" a line
    faq: lines(values.faq ?? '').map((l) => {
      const [q = '', ...a] = l.split('|').map((x) => x.trim());
      return { q, a: a.join(' | ') };
    }),
    stages: lines(values.stages ?? '').map((l) => {
      const [title = '', text = '', guides = ''] = l.split('|').map((x) => x.trim());
      return { title, text, guides: guides.split(/[\s,;]+/).filter(Boolean) };
    }),
    cues: lines(values.cues ?? ''),
    sources: lines(values.sources ?? '').map((l) => {
      const [title = '', url = '', code = ''] = l.split('|').map((x) => x.trim());
      return { title, url, code };
    }),
  });
  // A source line without a URL is a mistake to point out, not to drop silently.
  if (lines(values.sources ?? '').length !== doc.sources.length) doc.sources.push({ title: '?', url: 'invalid', code: null });
  return { values, doc };
}

function readMaterialForm(b: FormBody): { values: MaterialFormValues; input: MaterialInput } {
  const values: MaterialFormValues = {
    kind: field(b, 'kind', 40),
    title: field(b, 'title', 200),
    description: field(b, 'description', 5000),
    topic: field(b, 'topic', 40),
    audiences: AUDIENCES.filter((a) => field(b, `aud-${a}`, 5)),
    channels: CHANNELS.filter((a) => field(b, `ch-${a}`, 5)),
    usageRights: field(b, 'usageRights', 300),
    externalUrl: field(b, 'externalUrl', 1000),
    scriptText: field(b, 'scriptText', 20000),
  };
  return {
    values,
    input: {
      kind: values.kind!,
      title: values.title!,
      description: values.description!,
      topic: values.topic!,
      audiences: values.audiences!,
      channels: values.channels!,
      usageRights: values.usageRights!,
      externalUrl: values.externalUrl || null,
      scriptText: values.scriptText || null,
    },
  };
}

/** "dd/MM/yyyy HH:mm" (Vietnam time) → Date; '' → null; anything else → ValidationError. */
function parsePublishAt(s: string): Date | null {
  if (!s) return null;
  const m = /^(\S+)(?:\s+(\d{1,2}):(\d{2}))?$/.exec(s.trim());
  const day = m ? parseDateInput(m[1]!) : undefined;
  const hh = Number(m?.[2] ?? 0);
  const mm = Number(m?.[3] ?? 0);
  if (!day || hh > 23 || mm > 59) throw new ValidationError({ publishAt: 'content.errors.publishAt' });
  return new Date(`${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+07:00`);
}

const guideApiItem = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  topic: Type.String(),
  audiences: Type.Array(Type.String()),
  aliases: Type.Array(Type.String()),
  procedureCodes: Type.Array(Type.String()),
  url: Type.String(),
  sample: Type.Boolean(),
  publishedAt: Type.String({ format: 'date-time' }),
});
const guideApiDetail = Type.Object({
  ...guideApiItem.properties,
  onlineUrl: Type.Union([Type.String(), Type.Null()]),
  who: Type.String(),
  prepare: Type.Array(Type.String()),
  steps: Type.Array(Type.Object({ text: Type.String(), image: Type.Union([Type.String(), Type.Null()]) })),
  fees: Type.String(),
  onlineDiscount: Type.Union([Type.String(), Type.Null()]),
  processingTime: Type.String(),
  checkStatus: Type.String(),
  commonMistakes: Type.Array(Type.String()),
  help: Type.String(),
  sources: Type.Array(Type.Object({ code: Type.Union([Type.String(), Type.Null()]), title: Type.String(), url: Type.String() })),
});

export async function contentRoutes(app: FastifyInstance, deps: AppDeps) {
  const content = deps.services.get(ContentServiceToken);
  const orgs = deps.services.get(OrganisationsToken);
  const publicUrl = deps.config.publicUrl;
  app.addHook('onClose', async () => content.close());
  // Material uploads (multipart only on this module's routes; the CSRF token travels in the form's action URL).
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_MATERIAL_BYTES, files: 1, fields: 60, fieldSize: 100_000 } });

  /**
   * Form body of a material form: urlencoded or multipart. A file goes through the platform upload pipeline
   * (type from the content, size cap, safe name, images re-encoded without metadata) and then into Storage.
   */
  async function materialForm(request: FastifyRequest) {
    const isMultipart = (request.headers['content-type'] ?? '').startsWith('multipart/form-data');
    const { body, file } = isMultipart ? await readMultipartForm(request) : { body: formBody(request), file: null };
    const { values, input } = readMaterialForm(body);
    let fileError: string | undefined;
    if (file) {
      const rule = MATERIAL_UPLOADS[input.kind] ?? { allow: [], maxBytes: 0 };
      try {
        const up = await processUpload(file.data, file.name, rule);
        const key = newStorageKey('materials', up.ext);
        await deps.storage.put(key, up.data, up.mime);
        input.file = { key, name: up.safeName, type: up.mime, size: up.data.length };
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        fileError = request.pageContext().t(err.code, err.params);
      }
    }
    return { values, input, fileError };
  }

  // ---------------- Public site ----------------

  app.get('/noi-dung/in.css', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=604800').send(PRINT_CSS),
  );
  app.get('/noi-dung/staff.css', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=604800').send(STAFF_CSS),
  );

  app.get('/huong-dan', async (request, reply) => render(reply, GuideListPage({ ctx: request.pageContext(), guides: await content.listPublic('title') })));

  app.get('/huong-dan/feed.xml', { schema: { hide: true } }, async (request, reply) => {
    const guides = await content.listPublic('new', 50);
    return reply
      .type('application/atom+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(atomFeed({ publicUrl, title: request.pageContext().t('content.feedTitle'), guides }));
  });

  app.get('/sitemap.xml', { schema: { hide: true } }, async (_request, reply) => {
    const guides = await content.listPublic('title');
    const materials = await content.latestMaterials(1000);
    const paths = [
      { path: '/' },
      { path: '/huong-dan' },
      { path: '/thu-vien' },
      { path: '/su-kien' },
      ...(await content.listPublicLifeEvents()).map((e) => ({ path: `/su-kien/${e.slug}`, lastmod: e.publishedAt })),
      ...guides.map((g) => ({ path: `/huong-dan/${g.slug}`, lastmod: g.publishedAt })),
      ...materials.map((m) => ({ path: `/thu-vien/${m.id}`, lastmod: m.publishedAt ?? undefined })),
    ];
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(sitemap(publicUrl, paths));
  });

  const bodyMemo = new Map<string, string>();

  async function publicGuideOr404(slug: string) {
    const g = await content.publicGuide(slug);
    if (!g) throw new NotFoundError('content.errors.guideNotFound');
    return g;
  }

  // Life events (issue 14): curated step-by-step pages leading to guides, in the same content workflow.
  app.get('/su-kien', async (request, reply) => render(reply, LifeEventListPage({ ctx: request.pageContext(), events: await content.listPublicLifeEvents() })));

  app.get('/su-kien/:slug', async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const event = await content.publicLifeEvent(slug);
    if (!event) throw new NotFoundError('content.errors.guideNotFound');
    const titles = new Map<string, string>();
    for (const s of event.doc.stages ?? [])
      for (const g of s.guides) {
        if (titles.has(g)) continue;
        const row = await content.publicGuide(g);
        if (row) titles.set(g, row.doc.title);
      }
    return render(reply, LifeEventPage({ ctx: request.pageContext(), event, guideTitles: titles }));
  });

  app.get('/huong-dan/:slug', async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const g = await publicGuideOr404(slug);
    const tag = (request.query as { c?: unknown }).c;
    const visit = () => content.recordVisit(g.id, typeof tag === 'string' && TAG_RE.test(tag) ? tag : undefined);
    visit();
    // Later views answered from the render cache count too (buffered counters, written in batches).
    onPublicPageHit(request, visit);
    const ctx = request.pageContext();
    const services = await content.linkedServices(g.doc.procedureCodes);
    // The body depends only on the published version, the locale and the linked services' names: render it
    // once per combination (a bounded memo; a new version has a new publishedAt, so it is never stale).
    const key = `${g.id}|${g.publishedAt.getTime()}|${ctx.locale}|${services.map((x) => `${x.code}=${x.name ?? ''}=${x.portalUrl ?? ''}`).join(',')}`;
    let safeBody = bodyMemo.get(key);
    if (safeBody === undefined) {
      safeBody = String(await GuideBody({ ctx, guide: g, services }));
      if (bodyMemo.size >= 500) bodyMemo.clear();
      bodyMemo.set(key, safeBody);
    }
    return render(reply, GuidePage({ ctx, guide: g, safeBody, publicUrl }));
  });

  /** The channel tag printed into a QR link: given by the person printing, or the format's default. */
  function channelTag(request: FastifyRequest, fallback: string): string {
    const c = (request.query as { c?: unknown }).c;
    if (c === undefined || c === '') return fallback;
    if (typeof c !== 'string' || !TAG_RE.test(c)) throw new AppError('content.errors.tag', 400);
    return c;
  }

  app.get('/huong-dan/:slug/in', async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const g = await publicGuideOr404(slug);
    const qrUrl = `${publicUrl}/huong-dan/${g.slug}?c=${channelTag(request, 'ban-in')}`;
    return render(reply, GuidePrintPage({ ctx: request.pageContext(), guide: g, safeQrSvg: await qrSvg(qrUrl), qrUrl }));
  });

  for (const [path, format, tag] of [
    ['poster-a4.pdf', 'poster-a4', 'poster-a4'],
    ['to-roi-a5.pdf', 'leaflet-a5', 'to-roi-a5'],
  ] as Array<[string, PrintFormat, string]>) {
    app.get(`/huong-dan/:slug/${path}`, async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const g = await publicGuideOr404(slug);
      const qrUrl = `${publicUrl}/huong-dan/${g.slug}?c=${channelTag(request, tag)}`;
      const pdf = await guidePdf(g, qrUrl, format, request.pageContext().t);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${g.slug}-${path}"`)
        .header('cache-control', 'public, max-age=600')
        .send(pdf);
    });
  }

  app.get('/tim-kiem', async (request, reply) => {
    const raw = (request.query as { q?: unknown }).q;
    const q = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
    const ctx = request.pageContext();
    const [hits, more] = q ? await Promise.all([content.search(q), content.searchMore(q, ctx.locale)]) : [[], { answers: [], procedures: [], procedureTotal: 0 }];
    return render(reply, SearchPage({ ctx, q, hits, ...more }));
  });

  app.get('/thu-vien', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const s = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : '');
    const filter: LibraryFilter = { kind: pick(s('kind'), MATERIAL_KINDS), topic: pick(s('topic'), TOPICS), audience: pick(s('audience'), AUDIENCES), channel: pick(s('channel'), CHANNELS) };
    const page = pageNumber(q.page);
    const { rows, hasNext } = await content.publicMaterials({ kind: filter.kind || undefined, topic: filter.topic || undefined, audience: filter.audience || undefined, channel: filter.channel || undefined, page });
    return render(reply, LibraryPage({ ctx: request.pageContext(), rows, filter, page, hasNext }));
  });

  app.get('/thu-vien/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const m = await content.publicMaterial(id);
    if (!m) throw new NotFoundError();
    await content.countMaterial(m.id, 'view');
    onPublicPageHit(request, () => void content.countMaterial(m.id, 'view').catch((err) => app.log.warn({ err }, 'material view count failed')));
    const ownerName = await orgs.nameAsOf(m.ownerOrgId, new Date().toISOString().slice(0, 10)).catch(() => '');
    return render(reply, MaterialPage({ ctx: request.pageContext(), m, ownerName }));
  });

  // An image material shown on its page (inline, images only; everything else is a download).
  app.get('/thu-vien/:id/anh', async (request, reply) => {
    const { id } = request.params as { id: string };
    const m = await content.publicMaterial(id);
    if (!m || !m.fileKey || !(m.fileType ?? '').startsWith('image/')) throw new NotFoundError();
    const data = await deps.storage.get(m.fileKey);
    return reply.type(m.fileType!).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=3600').send(data);
  });

  app.get('/thu-vien/:id/tai-ve', async (request, reply) => {
    const { id } = request.params as { id: string };
    const m = await content.publicMaterial(id);
    if (!m) throw new NotFoundError();
    await content.countMaterial(m.id, 'download');
    if (m.fileKey) {
      const data = await deps.storage.get(m.fileKey);
      const name = (m.fileName ?? 'tai-lieu').replace(/[^\w.-]/g, '_');
      return reply.type(m.fileType ?? 'application/octet-stream').header('content-disposition', `attachment; filename="${name}"`).header('x-content-type-options', 'nosniff').send(data);
    }
    // An external link, or a file of this site (a guide's printable PDF, an infographic under /static/).
    if (m.externalUrl && (/^https?:\/\//i.test(m.externalUrl) || isSitePath(m.externalUrl))) return reply.redirect(m.externalUrl, 303);
    if (m.scriptText) {
      return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="kich-ban-${m.id.slice(0, 8)}.txt"`).send(`${m.title}\n\n${m.scriptText}\n`);
    }
    throw new NotFoundError();
  });

  // ---------------- JSON API ----------------

  const toItem = (g: Awaited<ReturnType<typeof content.listPublic>>[number]) => ({
    slug: g.slug,
    title: g.doc.title,
    summary: g.doc.summary,
    topic: g.doc.topic,
    audiences: g.doc.audiences,
    aliases: g.doc.aliases,
    procedureCodes: g.doc.procedureCodes,
    url: `${publicUrl}/huong-dan/${g.slug}`,
    sample: g.isSample,
    publishedAt: g.publishedAt.toISOString(),
  });

  app.get(
    '/api/v1/guides',
    {
      schema: {
        tags: ['content'],
        summary: 'Danh sách hướng dẫn đã xuất bản',
        querystring: Type.Object({
          topic: Type.Optional(Type.Union(TOPICS.map((x) => Type.Literal(x)))),
          q: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(guideApiItem), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const q = request.query as { topic?: string; q?: string };
      let rows = await content.listPublic('title');
      if (q.topic) rows = rows.filter((g) => g.doc.topic === q.topic);
      if (q.q) {
        const order = new Map((await content.search(q.q, 100)).filter((h) => h.kind === 'guide').map((h, i) => [h.url, i]));
        rows = rows.filter((g) => order.has(`/huong-dan/${g.slug}`)).sort((a, b) => order.get(`/huong-dan/${a.slug}`)! - order.get(`/huong-dan/${b.slug}`)!);
      }
      return { items: rows.map(toItem), total: rows.length };
    },
  );

  app.get(
    '/api/v1/guides/:slug',
    {
      schema: {
        tags: ['content'],
        summary: 'Một hướng dẫn đã xuất bản',
        params: Type.Object({ slug: Type.String({ maxLength: 100 }) }),
        response: { 200: guideApiDetail },
      },
    },
    async (request) => {
      const { slug } = request.params as { slug: string };
      if (!SLUG_RE.test(slug)) throw new NotFoundError('content.errors.guideNotFound');
      const g = await publicGuideOr404(slug);
      const d = g.doc;
      return {
        ...toItem(g),
        onlineUrl: d.onlineUrl ?? null,
        who: d.who,
        prepare: d.prepare,
        steps: d.steps.map((s) => ({ text: s.text, image: s.image ?? null })),
        fees: d.fees,
        onlineDiscount: d.onlineDiscount,
        processingTime: d.processingTime,
        checkStatus: d.checkStatus,
        commonMistakes: d.commonMistakes,
        help: d.help,
        sources: d.sources.map((s) => ({ code: s.code ?? null, title: s.title, url: s.url })),
      };
    },
  );

  // ---------------- Staff: guides ----------------

  app.get('/quan-tri/noi-dung', async (request, reply) => {
    requireUser(request);
    const q = request.query as Record<string, unknown>;
    const filter = { status: pick(typeof q.status === 'string' ? q.status : '', ['draft', 'in_review', 'published', 'archived'] as const), q: typeof q.q === 'string' ? q.q.slice(0, 100) : '' };
    const page = pageNumber(q.page);
    const { rows, hasNext } = await content.listStaff(request.actor, { status: filter.status || undefined, q: filter.q || undefined, page });
    return render(reply, StaffGuideListPage({ ctx: request.pageContext(), rows, hasNext, page, filter, canCreate: can(request.actor, 'content.edit') }));
  });

  app.get('/quan-tri/noi-dung/huong-dan/moi', async (request, reply) => {
    requireUser(request);
    const ctx = request.pageContext();
    if (!can(request.actor, 'content.edit')) throw new NotFoundError();
    return render(reply, GuideFormPage({ ctx, action: '/quan-tri/noi-dung/huong-dan/moi', values: { topic: 'dvc-loi-ich', audiences: ['cong-dan'] }, isNew: true, title: ctx.t('content.newGuide') }));
  });

  app.post('/quan-tri/noi-dung/huong-dan/moi', async (request, reply) => {
    requireUser(request);
    const ctx = request.pageContext();
    const { values, doc } = readGuideForm(formBody(request));
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        const id = await content.createGuide(request.actor, { slug: values.slug || undefined, doc, note: values.note || null, kind: values.kind === 'life_event' ? 'life_event' : 'guide' });
        return reply.redirect(`/quan-tri/noi-dung/huong-dan/${id}?da=guideSaved`, 303);
      },
      (errors) => GuideFormPage({ ctx, action: '/quan-tri/noi-dung/huong-dan/moi', values, errors, isNew: true, title: ctx.t('content.newGuide') }),
    );
  });

  async function staffGuidePage(request: FastifyRequest, id: string, errors?: Record<string, string>) {
    const { guide, versions } = await content.versions(request.actor, id);
    return StaffGuidePage({
      ctx: request.pageContext(),
      g: guide,
      versions,
      canEdit: content.canEdit(request.actor, guide.ownerOrgId),
      canReview: content.canReview(request.actor, guide.ownerOrgId),
      canApprove: await content.mayApprove(request.actor, 'guide', guide.id, guide.ownerOrgId),
      errors,
    });
  }

  app.get('/quan-tri/noi-dung/huong-dan/:id', async (request, reply) => {
    requireUser(request);
    return render(reply, staffGuidePage(request, (request.params as { id: string }).id));
  });

  app.get('/quan-tri/noi-dung/huong-dan/:id/sua', async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const g = await content.getForStaff(request.actor, id);
    if (!content.canEdit(request.actor, g.ownerOrgId)) throw new NotFoundError();
    const ctx = request.pageContext();
    return render(reply, GuideFormPage({ ctx, action: `/quan-tri/noi-dung/huong-dan/${id}/sua`, values: docToFormValues(toGuideDoc(g.data as unknown as Record<string, unknown>)), isNew: false, title: ctx.t('content.editTitle', { title: g.title }) }));
  });

  app.post('/quan-tri/noi-dung/huong-dan/:id/sua', async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const ctx = request.pageContext();
    const { values, doc } = readGuideForm(formBody(request));
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        await content.editGuide(request.actor, id, doc, values.note || null);
        return reply.redirect(`/quan-tri/noi-dung/huong-dan/${id}?da=guideSaved`, 303);
      },
      (errors) => GuideFormPage({ ctx, action: `/quan-tri/noi-dung/huong-dan/${id}/sua`, values, errors, isNew: false, title: ctx.t('content.editTitle', { title: values.title ?? '' }) }),
    );
  });

  const transitions: Array<[string, string, (request: FastifyRequest, id: string) => Promise<unknown>]> = [
    ['gui-duyet', 'guideSubmitted', (r, id) => content.submitForReview(r.actor, id)],
    ['tra-lai', 'guideReturned', (r, id) => content.returnToDraft(r.actor, id)],
    ['go-xuong', 'guideUnpublished', (r, id) => content.unpublish(r.actor, id)],
    ['luu-tru', 'guideArchived', (r, id) => content.archive(r.actor, id)],
  ];
  for (const [path, flash, run] of transitions) {
    app.post(`/quan-tri/noi-dung/huong-dan/:id/${path}`, async (request, reply) => {
      requireUser(request);
      const { id } = request.params as { id: string };
      return withFormErrors(
        reply,
        request.pageContext().t,
        async () => {
          await run(request, id);
          return reply.redirect(`/quan-tri/noi-dung/huong-dan/${id}?da=${flash}`, 303);
        },
        (errors) => staffGuidePage(request, id, errors),
      );
    });
  }

  app.post('/quan-tri/noi-dung/huong-dan/:id/duyet', async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const publishAt = field(formBody(request), 'publishAt', 40);
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        const result = await content.approve(request.actor, id, parsePublishAt(publishAt));
        return reply.redirect(`/quan-tri/noi-dung/huong-dan/${id}?da=${result === 'published' ? 'guidePublished' : 'guideScheduled'}`, 303);
      },
      (errors) => staffGuidePage(request, id, errors),
    );
  });

  app.get('/quan-tri/noi-dung/huong-dan/:id/so-sanh', async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const q = request.query as Record<string, unknown>;
    const from = pageNumber(q.tu);
    const to = pageNumber(q.den);
    const d = await content.diff(request.actor, id, from, to);
    return render(reply, DiffPage({ ctx: request.pageContext(), g: d.guide, from, to, fields: d.fields }));
  });

  app.get('/quan-tri/noi-dung/ma-qr', async (request, reply) => {
    requireUser(request);
    const q = request.query as Record<string, unknown>;
    const sinceRaw = typeof q.tu === 'string' ? q.tu.trim() : '';
    const since = sinceRaw ? (parseDateInput(sinceRaw) ?? null) : null;
    const rows = await content.qrScans(request.actor, since);
    return render(reply, QrScansPage({ ctx: request.pageContext(), rows, since: sinceRaw }));
  });

  // ---------------- Staff: materials ----------------

  app.get('/quan-tri/noi-dung/thu-vien', async (request, reply) => {
    requireUser(request);
    const q = request.query as Record<string, unknown>;
    const status = pick(typeof q.status === 'string' ? q.status : '', ['draft', 'in_review', 'published', 'archived'] as const);
    const page = pageNumber(q.page);
    const { rows, hasNext } = await content.listStaffMaterials(request.actor, { status: status || undefined, page });
    return render(reply, StaffMaterialListPage({ ctx: request.pageContext(), rows, hasNext, page, status, canCreate: can(request.actor, 'content.edit') }));
  });

  app.get('/quan-tri/noi-dung/thu-vien/moi', async (request, reply) => {
    requireUser(request);
    if (!can(request.actor, 'content.edit')) throw new NotFoundError();
    const ctx = request.pageContext();
    return render(reply, MaterialFormPage({ ctx, action: '/quan-tri/noi-dung/thu-vien/moi', values: { kind: 'radio_script', topic: 'dvc-loi-ich' }, title: ctx.t('content.newMaterial'), uploads: true }));
  });

  app.post('/quan-tri/noi-dung/thu-vien/moi', async (request, reply) => {
    requireUser(request);
    const ctx = request.pageContext();
    const { values, input, fileError } = await materialForm(request);
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        if (fileError) throw new ValidationError({ file: 'content.errors.file' });
        const id = await content.createMaterial(request.actor, input);
        return reply.redirect(`/quan-tri/noi-dung/thu-vien/${id}?da=materialSaved`, 303);
      },
      (errors) => MaterialFormPage({ ctx, action: '/quan-tri/noi-dung/thu-vien/moi', values, errors: fileError ? { ...errors, file: fileError } : errors, title: ctx.t('content.newMaterial'), uploads: true }),
    );
  });

  app.get('/quan-tri/noi-dung/thu-vien/:id', async (request, reply) => {
    requireUser(request);
    const m = await content.visibleMaterial(request.actor, (request.params as { id: string }).id);
    return render(reply, StaffMaterialPage({ ctx: request.pageContext(), m, canEdit: content.canEdit(request.actor, m.ownerOrgId), canReview: content.canReview(request.actor, m.ownerOrgId), canApprove: await content.mayApprove(request.actor, 'material', m.id, m.ownerOrgId), canHistory: can(request.actor, 'content.view', m.ownerOrgId) }));
  });

  app.get('/quan-tri/noi-dung/thu-vien/:id/lich-su', async (request, reply) => {
    requireUser(request);
    const { material, versions } = await content.materialVersions(request.actor, (request.params as { id: string }).id);
    return render(reply, MaterialVersionsPage({ ctx: request.pageContext(), m: material, versions }));
  });

  app.get('/quan-tri/noi-dung/thu-vien/:id/so-sanh', async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const q = request.query as Record<string, unknown>;
    const from = pageNumber(q.tu);
    const to = pageNumber(q.den);
    const d = await content.materialDiff(request.actor, id, from, to);
    return render(reply, MaterialDiffPage({ ctx: request.pageContext(), m: d.material, from, to, fields: d.fields }));
  });

  app.get('/quan-tri/noi-dung/thu-vien/:id/sua', async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const m = await content.visibleMaterial(request.actor, id);
    if (!content.canEdit(request.actor, m.ownerOrgId)) throw new NotFoundError();
    const ctx = request.pageContext();
    const values: MaterialFormValues = { ...m, externalUrl: m.externalUrl ?? '', scriptText: m.scriptText ?? '' };
    return render(reply, MaterialFormPage({ ctx, action: `/quan-tri/noi-dung/thu-vien/${id}/sua`, values, title: ctx.t('content.editTitle', { title: m.title }), uploads: true }));
  });

  app.post('/quan-tri/noi-dung/thu-vien/:id/sua', async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const ctx = request.pageContext();
    const { values, input, fileError } = await materialForm(request);
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        if (fileError) throw new ValidationError({ file: 'content.errors.file' });
        await content.editMaterial(request.actor, id, input);
        return reply.redirect(`/quan-tri/noi-dung/thu-vien/${id}?da=materialSaved`, 303);
      },
      (errors) => MaterialFormPage({ ctx, action: `/quan-tri/noi-dung/thu-vien/${id}/sua`, values, errors: fileError ? { ...errors, file: fileError } : errors, title: ctx.t('content.editTitle', { title: values.title ?? '' }), uploads: true }),
    );
  });

  for (const [path, action] of [
    ['gui-duyet', 'submit'],
    ['duyet', 'approve'],
    ['tra-lai', 'return'],
    ['luu-tru', 'archive'],
  ] as const) {
    app.post(`/quan-tri/noi-dung/thu-vien/:id/${path}`, async (request, reply) => {
      requireUser(request);
      const { id } = request.params as { id: string };
      await content.transitionMaterial(request.actor, id, action);
      return reply.redirect(`/quan-tri/noi-dung/thu-vien/${id}?da=material_${action}`, 303);
    });
  }
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../platform/modules.ts';
import { render } from '../../platform/http/render.ts';
import { field, formBody, pageNumber, requireUser, withFormErrors } from '../../platform/http/forms.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { FieldErrors } from '../../platform/views/components.tsx';
import type { Procedure } from './catalogue.service.ts';
import { HomeServicesSection, ServiceListPage, ServicePage, StaffEditPage, StaffListPage, type ServiceGuide } from './catalogue.views.tsx';
import { ContentToken } from '../content/api.ts';
import { HomeToken } from '../home/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';
import { CatalogueServiceToken } from './catalogue.service.ts';

const PAGE = 20;
const STAFF_PAGE = 50;
const codeParam = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z][0-9A-Za-z._-]*$' }) });

const ServiceSummary = Type.Object({
  code: Type.String({ description: 'Mã thủ tục hành chính (CSDL quốc gia)' }),
  name: Type.String(),
  field: Type.String({ description: 'Lĩnh vực' }),
  dvcttLevel: Type.Union([Type.Literal('toan-trinh'), Type.Literal('mot-phan'), Type.Null()], { description: 'Mức DVCTT' }),
  levels: Type.Array(Type.String(), { description: 'Cấp thực hiện' }),
  url: Type.String({ description: 'Trang dịch vụ trên dvc-hub' }),
  portalUrl: Type.Union([Type.String(), Type.Null()], { description: 'Trang trên Cổng DVC quốc gia' }),
});
const ServiceDetail = Type.Object({
  ...ServiceSummary.properties,
  agencyText: Type.Union([Type.String(), Type.Null()]),
  responsibleOrgIds: Type.Array(Type.String({ format: 'uuid' })),
  feesText: Type.Union([Type.String(), Type.Null()]),
  timeText: Type.Union([Type.String(), Type.Null()]),
  documentsText: Type.Union([Type.String(), Type.Null()]),
  stepsText: Type.Union([Type.String(), Type.Null()]),
  conditionsText: Type.Union([Type.String(), Type.Null()]),
  legalBasisText: Type.Union([Type.String(), Type.Null()]),
  decision: Type.Union([Type.String(), Type.Null()], { description: 'Quyết định công bố' }),
  syncedAt: Type.String({ format: 'date-time', description: 'Lần cuối nội dung được cập nhật từ CSDL quốc gia' }),
});
const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), fields: Type.Optional(Type.Record(Type.String(), Type.String())), requestId: Type.String() }),
});

const summary = (s: Procedure) => ({
  code: s.code,
  name: s.name,
  field: s.field,
  dvcttLevel: s.dvcttLevel,
  levels: s.levels,
  url: `/dich-vu/${encodeURIComponent(s.code)}`,
  portalUrl: s.portalUrl,
});

export async function catalogueRoutes(app: FastifyInstance, deps: AppDeps) {
  const catalogue = deps.services.get(CatalogueServiceToken);
  const orgs = deps.services.get(OrganisationsToken);

  async function orgNameMap(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const all = await orgs.options();
    return new Map(all.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label]));
  }

  /** Published plain-language guides covering a procedure (the content module registers after this one). */
  async function guidesFor(code: string): Promise<ServiceGuide[]> {
    if (!deps.services.has(ContentToken)) return [];
    try {
      const all = await deps.services.get(ContentToken).listPublishedGuides();
      return all.filter((g) => g.procedureCodes.includes(code)).map((g) => ({ slug: g.slug, title: g.title, summary: g.summary }));
    } catch (err) {
      deps.logger.warn({ err }, 'guide lookup failed');
      return [];
    }
  }

  // --- Public pages -------------------------------------------------------------------------------------

  if (deps.services.has(HomeToken)) {
    deps.services.get(HomeToken).addSection(async (ctx) => {
      // The empty search is ordered by page views: keep only procedures someone actually opened.
      const [popular, total] = await Promise.all([catalogue.search('', { limit: 5 }), catalogue.count()]);
      if (total === 0) return null;
      return { order: 20, safeHtml: await HomeServicesSection({ ctx, popular: popular.items.filter((s) => s.viewCount > 0), total }) };
    });
  }

  app.get('/dich-vu', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const str = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
    const q = str(query.q, 200);
    const fieldName = str(query.field, 200);
    const page = pageNumber(query.page);
    const [res, fields] = await Promise.all([catalogue.search(q, { field: fieldName, limit: PAGE, offset: (page - 1) * PAGE }), catalogue.listFields()]);
    return render(reply, ServiceListPage({ ctx: request.pageContext(), q, field: fieldName, fields, items: res.items, total: res.total, page, pageSize: PAGE }));
  });

  app.get('/dich-vu/:code', { schema: { params: codeParam, hide: true } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const s = await catalogue.getByCode(code);
    if (!s) throw new NotFoundError();
    await catalogue.recordView(s.id);
    const [names, guides] = await Promise.all([orgNameMap(s.responsibleOrgIds), guidesFor(s.code)]);
    return render(reply, ServicePage({ ctx: request.pageContext(), s, guides, orgNames: s.responsibleOrgIds.map((id) => names.get(id)).filter((n): n is string => !!n) }));
  });

  // --- JSON API -----------------------------------------------------------------------------------------

  app.get(
    '/api/v1/services',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Tìm thủ tục hành chính, dịch vụ công trực tuyến',
        description: 'Tìm theo tên hoặc mã, có dấu hoặc không dấu ("dang ky khai sinh" = "đăng ký khai sinh"); lọc theo lĩnh vực; 20 kết quả một trang.',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200, description: 'Từ khóa hoặc mã thủ tục' })),
          field: Type.Optional(Type.String({ maxLength: 200, description: 'Lĩnh vực, đúng như trong danh sách lĩnh vực' })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(ServiceSummary), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
          400: ErrorResponse,
        },
      },
    },
    async (request) => {
      const q = request.query as { q?: string; field?: string; page?: number };
      const page = q.page ?? 1;
      const res = await catalogue.search(q.q ?? '', { field: q.field, limit: PAGE, offset: (page - 1) * PAGE });
      return { items: res.items.map(summary), total: res.total, page, pageSize: PAGE };
    },
  );

  app.get(
    '/api/v1/services/:code',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Chi tiết một thủ tục hành chính theo mã',
        params: codeParam,
        response: { 200: ServiceDetail, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const s = await catalogue.getByCode(code);
      if (!s) throw new NotFoundError();
      return {
        ...summary(s),
        agencyText: s.agencyText,
        responsibleOrgIds: s.responsibleOrgIds,
        feesText: s.feesText,
        timeText: s.timeText,
        documentsText: s.documentsText,
        stepsText: s.stepsText,
        conditionsText: s.conditionsText,
        legalBasisText: s.legalBasisText,
        decision: s.decision,
        syncedAt: new Date(s.syncedAt).toISOString(),
      };
    },
  );

  // --- Staff pages ----------------------------------------------------------------------------------------

  app.get('/quan-tri/dich-vu', { schema: { hide: true } }, async (request, reply) => {
    requireUser(request);
    catalogue.assertCanManage(request.actor);
    const query = request.query as Record<string, unknown>;
    const str = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
    const filter = { q: str(query.q, 200), field: str(query.field, 200), level: str(query.level, 20), unassigned: query.unassigned === '1' };
    const page = pageNumber(query.page);
    const [res, fields] = await Promise.all([
      catalogue.staffSearch(request.actor, filter.q, {
        field: filter.field,
        unassigned: filter.unassigned,
        dvcttLevel: filter.level,
        limit: STAFF_PAGE,
        offset: (page - 1) * STAFF_PAGE,
      }),
      catalogue.listFields(),
    ]);
    const names = await orgNameMap([...new Set(res.items.flatMap((s) => s.responsibleOrgIds))]);
    return render(reply, StaffListPage({ ctx: request.pageContext(), filter, fields, items: res.items, total: res.total, page, pageSize: STAFF_PAGE, orgNames: names }));
  });

  async function editPage(request: FastifyRequest, code: string, values?: { dvcttLevel: string; responsibleOrgId: string }, errors?: FieldErrors) {
    const s = await catalogue.getByCode(code);
    if (!s) throw new NotFoundError();
    const options = (await orgs.options()).map((o) => ({ value: o.value, label: o.label }));
    return StaffEditPage({
      ctx: request.pageContext(),
      s,
      orgs: options,
      values: values ?? { dvcttLevel: s.dvcttLevel ?? 'none', responsibleOrgId: s.responsibleOrgIds[0] ?? '' },
      errors,
    });
  }

  app.get('/quan-tri/dich-vu/:code', { schema: { params: codeParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    catalogue.assertCanManage(request.actor);
    const { code } = request.params as { code: string };
    return render(reply, editPage(request, code));
  });

  app.post('/quan-tri/dich-vu/:code', { schema: { params: codeParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { code } = request.params as { code: string };
    const b = formBody(request);
    const values = { dvcttLevel: field(b, 'dvcttLevel', 20), responsibleOrgId: field(b, 'responsibleOrgId', 40) };
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await catalogue.updateAssignment(request.actor, code, values);
        return reply.redirect(`/quan-tri/dich-vu/${encodeURIComponent(code)}?da=serviceSaved`, 303);
      },
      (errors) => editPage(request, code, values, errors),
    );
  });
}

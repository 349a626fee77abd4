import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../platform/modules.ts';
import { render } from '../../platform/http/render.ts';
import { field, formBody, pageNumber, requireUser, withFormErrors } from '../../platform/http/forms.ts';
import { can } from '../../platform/auth/permissions.ts';
import { parseDateInput, todayInVietnam } from '../../platform/i18n/i18n.ts';
import { ValidationError } from '../../platform/errors.ts';
import { OrganisationCreatePage, OrganisationDetailPage, OrganisationListPage } from './organisations.views.tsx';
import { OrganisationsToken } from './api.ts';

const idParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Dates are typed as dd/MM/yyyy; an unparseable date becomes '' so the service reports it on the field. */
const date = (s: string) => (s ? (parseDateInput(s) ?? 'invalid') : '');

export async function organisationsRoutes(app: FastifyInstance, deps: AppDeps) {
  const orgs = deps.services.get(OrganisationsToken);
  const PAGE = 50;

  app.get('/quan-tri/co-quan', async (request, reply) => {
    requireUser(request);
    const q = request.query as Record<string, string | undefined>;
    const asOf = (q.asOf && parseDateInput(q.asOf)) || todayInVietnam();
    const status: 'active' | 'historical' | 'all' = q.status === 'historical' || q.status === 'all' ? q.status : 'active';
    const page = pageNumber(q.page);
    const filter = { q: (q.q ?? '').slice(0, 100), type: (q.type ?? '').slice(0, 40), status, asOf };
    const rows = await orgs.list(request.actor, { ...filter, type: filter.type || undefined, q: filter.q || undefined, page, limit: PAGE });
    return render(
      reply,
      OrganisationListPage({ ctx: request.pageContext(), rows: rows.slice(0, PAGE), hasNext: rows.length > PAGE, page, filter, canManage: can(request.actor, 'organisations.manage') }),
    );
  });

  app.get('/quan-tri/co-quan/moi', async (request, reply) => {
    requireUser(request);
    orgs.assertCanManage(request.actor);
    return render(reply, OrganisationCreatePage({ ctx: request.pageContext(), values: {}, parents: await orgs.options() }));
  });

  app.post('/quan-tri/co-quan/moi', async (request, reply) => {
    requireUser(request);
    const b = formBody(request);
    const values = {
      code: field(b, 'code', 40).toUpperCase(),
      name: field(b, 'name', 300),
      shortName: field(b, 'shortName', 100),
      type: field(b, 'type', 40),
      parentId: field(b, 'parentId', 40),
      areaCode: field(b, 'areaCode', 10),
      validFrom: field(b, 'validFrom', 20),
    };
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        const id = await orgs.create(request.actor, { ...values, validFrom: date(values.validFrom) });
        return reply.redirect(`/quan-tri/co-quan/${id}?da=orgCreated`, 303);
      },
      async (errors) => OrganisationCreatePage({ ctx, values, errors, parents: await orgs.options() }),
    );
  });

  async function detailPage(request: FastifyRequest, id: string, errors?: Record<string, string>, values?: Record<string, string>) {
    const { org, names, successions } = await orgs.detail(id);
    const others = (await orgs.options()).filter((o) => o.value !== id);
    return OrganisationDetailPage({ ctx: request.pageContext(), org, names, successions, canManage: can(request.actor, 'organisations.manage'), others, errors, values });
  }

  app.get('/quan-tri/co-quan/:id', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    return render(reply, detailPage(request, id));
  });

  app.post('/quan-tri/co-quan/:id/doi-ten', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const values = { name: field(b, 'name', 300), shortName: field(b, 'shortName', 100), effective: field(b, 'effective', 20) };
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await orgs.rename(request.actor, { orgId: id, name: values.name, shortName: values.shortName, effective: date(values.effective) });
        return reply.redirect(`/quan-tri/co-quan/${id}?da=orgRenamed`, 303);
      },
      (errors) => detailPage(request, id, errors, values),
    );
  });

  app.post('/quan-tri/co-quan/:id/ket-thuc', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const values = { validTo: field(b, 'validTo', 20), successorId: field(b, 'successorId', 40) };
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await orgs.retire(request.actor, { orgId: id, validTo: date(values.validTo), successorId: values.successorId || null });
        return reply.redirect(`/quan-tri/co-quan/${id}?da=orgRetired`, 303);
      },
      (errors) => detailPage(request, id, errors, values),
    );
  });

  app.post('/quan-tri/co-quan/:id/sap-nhap', { schema: { params: idParam, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    const values = { intoId: field(b, 'intoId', 40), mergeEffective: field(b, 'mergeEffective', 20), legalBasis: field(b, 'legalBasis', 300) };
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        try {
          const into = await orgs.merge(request.actor, { fromIds: [id], intoId: values.intoId || null, effective: date(values.mergeEffective), legalBasis: values.legalBasis || null });
          return reply.redirect(`/quan-tri/co-quan/${into}?da=orgMerged`, 303);
        } catch (err) {
          // The merge form names its date field differently from the rename form's.
          if (err instanceof ValidationError && err.fields.effective) throw new ValidationError({ mergeEffective: err.fields.effective });
          throw err;
        }
      },
      (errors) => detailPage(request, id, errors, values),
    );
  });

  // Public, read-only list for integrations and other modules' pickers.
  app.get(
    '/api/v1/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Danh sách cơ quan, đơn vị (theo ngày hiệu lực)',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          type: Type.Optional(Type.String({ maxLength: 40 })),
          asOf: Type.Optional(Type.String({ format: 'date' })),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('historical'), Type.Literal('all')])),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
        }),
      },
    },
    async (request) => {
      const q = request.query as { q?: string; type?: string; asOf?: string; status?: 'active' | 'historical' | 'all'; page?: number };
      const limit = 200;
      const rows = await orgs.list(request.actor, { q: q.q, type: q.type, asOf: q.asOf, status: q.status, page: q.page, limit });
      return {
        items: rows.slice(0, limit).map((o) => ({ id: o.id, code: o.code, name: o.name, shortName: o.shortName, type: o.type, parentId: o.parentId, areaCode: o.areaCode, validFrom: o.validFrom, validTo: o.validTo })),
        hasMore: rows.length > limit,
      };
    },
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { AppDeps } from '../../platform/modules.ts';
import { updateSessionData } from '../../platform/auth/sessions.ts';
import { field, fieldList, formBody, translateFieldErrors, withFormErrors, type FormBody } from '../../platform/http/forms.ts';
import { render } from '../../platform/http/render.ts';
import { AppError, ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { ShareInput } from './datastore.service.ts';
import { DatastoreToken } from './api.ts';
import { DOCUMENT_MAX_BYTES, readUpload } from './datastore.files.ts';
import type { DocumentRow } from './datastore.repo.ts';
import { AccessLogPage, ConsentPage, DelegationPage, DeliverPage, ErasePage, KHO, KhoPage, ShareFormPage, SharePage, STAFF_KHO, StaffListPage, StaffSharePage } from './datastore.views.tsx';

const ACTING_KEY = 'dsActingFor';
export const JWKS_PATH = '/kho/khoa-ky.json';

/** Send a document's bytes: never cached, never sniffed, always as a download with its safe ASCII name. */
function sendFile(reply: FastifyReply, doc: DocumentRow, data: Buffer) {
  return reply
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `attachment; filename="${doc.fileName}"`)
    .type(doc.mime)
    .send(data);
}

export async function datastoreRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;
  const svc = deps.services.get(DatastoreToken);
  const maxFile = Math.min(config.uploadLimitBytes, DOCUMENT_MAX_BYTES);
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: maxFile, files: 1, fields: 30, fieldSize: 10_000 } });

  const level2 = (request: FastifyRequest) => request.citizen?.acr === config.oidc.acrLevels[1];

  /** A page for a signed-in citizen; otherwise a redirect to sign in (or to level 2) and false. */
  function requireCitizen(request: FastifyRequest, reply: FastifyReply, needLevel2 = false): boolean {
    const here = request.url.split('?')[0] ?? KHO;
    if (!request.citizen) {
      if (request.actor.kind === 'user') throw new ForbiddenError();
      void reply.redirect(`/dang-nhap/cong-dan?tiep=${encodeURIComponent(here)}`, 303);
      return false;
    }
    if (needLevel2 && !level2(request)) {
      void reply.redirect(`/dang-nhap/cong-dan/bat-dau?muc=2&tiep=${encodeURIComponent(here)}`, 303);
      return false;
    }
    return true;
  }

  /** The JSON API answers 401/403, never a redirect. */
  function apiCitizen(request: FastifyRequest): void {
    if (request.citizen) return;
    if (request.actor.kind === 'anonymous') throw new AppError('errors.unauthorized', 401);
    throw new ForbiddenError();
  }

  const acting = (request: FastifyRequest) => svc.acting(request.actor, request.session?.data[ACTING_KEY]);
  const self = (request: FastifyRequest) => svc.acting(request.actor, null);

  async function khoPage(request: FastifyRequest, extra: { values?: Record<string, string>; errors?: Record<string, string> } = {}) {
    const a = await acting(request);
    const [documents, shares, notices, dl] = await Promise.all([svc.documents(a).catch(() => []), svc.shares(a).catch(() => []), svc.notices(a), a.delegation ? Promise.resolve({ received: [] }) : svc.delegations(request.actor)]);
    return KhoPage({ ctx: request.pageContext(), d: { acting: a, documents, shares, notices, received: dl.received, ...extra } });
  }

  // ── citizen pages ──────────────────────────────────────────────────────────────────────────────────────

  app.get(KHO, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const page = await khoPage(request);
    await svc.markNoticesRead(request.actor);
    return render(reply, page);
  });

  app.post(`${KHO}/tai-len`, { config: { expensive: true } }, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const isMultipart = (request.headers['content-type'] ?? '').startsWith('multipart/form-data');
    const { body, file } = isMultipart ? await readUpload(request.body) : { body: formBody(request), file: null };
    const values = { kind: field(body, 'kind', 40), title: field(body, 'title', 300), valid_from: field(body, 'valid_from', 20), valid_until: field(body, 'valid_until', 20) };
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        await svc.upload(await acting(request), { kind: values.kind, title: values.title, validFrom: values.valid_from, validUntil: values.valid_until }, file);
        return reply.redirect(`${KHO}?da=dsUploaded`, 303);
      },
      async (errors) => khoPage(request, { values, errors }),
    );
  });

  app.get(`${KHO}/tai-lieu/:id/tai-ve`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const { doc, data } = await svc.download(await acting(request), (request.params as { id: string }).id);
    return sendFile(reply, doc, data);
  });

  app.post(`${KHO}/tai-lieu/:id/xoa`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    await svc.deleteDocument(await acting(request), (request.params as { id: string }).id);
    return reply.redirect(`${KHO}?da=dsDeleted`, 303);
  });

  const shareInput = (b: FormBody): ShareInput => ({
    documentIds: fieldList(b, 'documents'),
    orgId: field(b, 'org', 60),
    purpose: field(b, 'purpose', 400),
    dossierCode: field(b, 'dossier_code', 60),
    procedureCode: field(b, 'procedure_code', 60),
    until: field(b, 'until', 20),
    untilResult: field(b, 'until_result', 5) === 'co',
  });

  app.get(`${KHO}/chia-se`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const a = await acting(request);
    await svc.previewShare(a, { documentIds: [], orgId: '', purpose: '', dossierCode: '', procedureCode: '', until: '', untilResult: false }).catch((err) => {
      if (!(err instanceof ValidationError)) throw err;
    });
    const pre = (request.query as Record<string, unknown>)['tai-lieu'];
    return render(reply, ShareFormPage({ ctx: request.pageContext(), documents: await svc.documents(a), agencies: await svc.agencies(), values: { documents: typeof pre === 'string' ? pre : '', until_result: 'co' } }));
  });

  // Step 1: check the choices and show the consent page (nothing is shared yet).
  app.post(`${KHO}/chia-se`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const b = formBody(request);
    const a = await acting(request);
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => render(reply, ConsentPage({ ctx, p: await svc.previewShare(a, shareInput(b)) })),
      async (errors) => ShareFormPage({ ctx, documents: await svc.documents(a), agencies: await svc.agencies(), values: { ...b, documents: fieldList(b, 'documents') }, errors }),
    );
  });

  // Step 2: consent given.
  app.post(`${KHO}/chia-se/dong-y`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const b = formBody(request);
    const a = await acting(request);
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        const { id } = await svc.createShare(a, shareInput(b));
        return reply.redirect(`${KHO}/chia-se/${id}?da=dsShared`, 303);
      },
      async (errors) => ShareFormPage({ ctx, documents: await svc.documents(a), agencies: await svc.agencies(), values: { ...b, documents: fieldList(b, 'documents') }, errors }),
    );
  });

  app.get(`${KHO}/chia-se/:id`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const a = await acting(request);
    const s = await svc.share(a, (request.params as { id: string }).id);
    return render(reply, SharePage({ ctx: request.pageContext(), s, canRevoke: !a.delegation || a.delegation.scopes.includes('share') }));
  });

  app.get(`${KHO}/chia-se/:id/bien-nhan.json`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const s = await svc.share(await acting(request), (request.params as { id: string }).id);
    const body = { receipt: s.receipt, claims: await svc.verifyReceipt(s.receipt), verifyWith: `${config.publicUrl}${JWKS_PATH}` };
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="bien-nhan-${s.id}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(body, null, 2));
  });

  app.post(`${KHO}/chia-se/:id/thu-hoi`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const id = (request.params as { id: string }).id;
    await svc.revokeShare(await acting(request), id);
    return reply.redirect(`${KHO}/chia-se/${id}?da=dsRevoked`, 303);
  });

  app.get(`${KHO}/nhat-ky`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    return render(reply, AccessLogPage({ ctx: request.pageContext(), rows: await svc.accessLog(request.actor) }));
  });

  app.get(`${KHO}/uy-quyen`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const d = await svc.delegations(request.actor);
    return render(reply, DelegationPage({ ctx: request.pageContext(), given: d.given, received: d.received }));
  });

  app.post(`${KHO}/uy-quyen`, async (request, reply) => {
    if (!requireCitizen(request, reply, true)) return reply;
    const b = formBody(request);
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        await svc.delegate(request.actor, { idNumber: field(b, 'id_number', 30), relation: field(b, 'relation', 30), scopes: fieldList(b, 'scopes'), expires: field(b, 'expires', 20) });
        return reply.redirect(`${KHO}/uy-quyen?da=dsDelegated`, 303);
      },
      async (errors) => {
        const d = await svc.delegations(request.actor);
        return DelegationPage({ ctx, given: d.given, received: d.received, values: { ...b, id_number: '', scopes: fieldList(b, 'scopes') }, errors });
      },
    );
  });

  app.post(`${KHO}/uy-quyen/:id/thu-hoi`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    await svc.revokeDelegation(request.actor, (request.params as { id: string }).id);
    return reply.redirect(`${KHO}/uy-quyen?da=dsDelegationRevoked`, 303);
  });

  app.post(`${KHO}/thay-mat`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const id = field(formBody(request), 'uy_quyen', 60);
    const a = await svc.acting(request.actor, id);
    if (!a.delegation) throw new AppError('datastore.errors.noDelegation', 422);
    await updateSessionData(db, request.session!.id, { data: { ...request.session!.data, [ACTING_KEY]: a.delegation.id } });
    return reply.redirect(`${KHO}?da=dsActing`, 303);
  });

  app.post(`${KHO}/thay-mat/ket-thuc`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    await updateSessionData(db, request.session!.id, { data: { ...request.session!.data, [ACTING_KEY]: undefined } });
    return reply.redirect(`${KHO}?da=dsActingStopped`, 303);
  });

  // Export and erasure of the whole Kho need identity level 2, like the account's own export and erasure.
  app.get(`${KHO}/tai-ve.zip`, { config: { expensive: true } }, async (request, reply) => {
    if (!requireCitizen(request, reply, true)) return reply;
    const data = await svc.exportZip(request.actor);
    return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="kho-du-lieu.zip"').type('application/zip').send(data);
  });

  app.get(`${KHO}/xoa`, async (request, reply) => {
    if (!requireCitizen(request, reply, true)) return reply;
    const delivered = (await svc.documents(await self(request))).filter((d) => d.source === 'delivered').length;
    return render(reply, ErasePage({ ctx: request.pageContext(), delivered }));
  });

  app.post(`${KHO}/xoa`, async (request, reply) => {
    if (!requireCitizen(request, reply, true)) return reply;
    if (field(formBody(request), 'xac_nhan', 10) !== 'co') {
      const ctx = request.pageContext();
      const delivered = (await svc.documents(await self(request))).filter((d) => d.source === 'delivered').length;
      return render(reply, ErasePage({ ctx, delivered, error: ctx.t('datastore.erase.confirmRequired') }), 422);
    }
    await svc.eraseAll(request.actor);
    return reply.redirect(`${KHO}?da=dsErased`, 303);
  });

  // Public: the key that verifies consent receipts (JWKS).
  app.get(JWKS_PATH, async (_request, reply) => {
    const s = await svc.receipts();
    return reply.header('cache-control', 'public, max-age=3600').type('application/json; charset=utf-8').send({ keys: [s.publicJwk] });
  });

  // ── staff ──────────────────────────────────────────────────────────────────────────────────────────────

  app.get(STAFF_KHO, async (request, reply) => render(reply, StaffListPage({ ctx: request.pageContext(), shares: await svc.staffShares(request.actor) })));

  app.get(`${STAFF_KHO}/chia-se/:id`, async (request, reply) => render(reply, StaffSharePage({ ctx: request.pageContext(), d: await svc.staffShare(request.actor, (request.params as { id: string }).id) })));

  // Opening needs the purpose chosen in the form (no default); one document per request, no bulk route.
  app.post(`${STAFF_KHO}/tai-lieu/:id/mo`, async (request, reply) => {
    const share = field(formBody(request), 'share', 60);
    if (!share) throw new ValidationError({ share: 'datastore.errors.choosePurpose' }, 'datastore.errors.choosePurpose');
    const { doc, data } = await svc.staffOpen(request.actor, (request.params as { id: string }).id, share);
    return sendFile(reply, doc, data);
  });

  app.get(`${STAFF_KHO}/giao`, async (request, reply) => render(reply, DeliverPage({ ctx: request.pageContext(), orgs: await svc.deliveryOrgs(request.actor) })));

  app.post(`${STAFF_KHO}/giao`, { config: { expensive: true } }, async (request, reply) => {
    const isMultipart = (request.headers['content-type'] ?? '').startsWith('multipart/form-data');
    const { body, file } = isMultipart ? await readUpload(request.body) : { body: formBody(request), file: null };
    const values = { id_number: field(body, 'id_number', 30), org: field(body, 'org', 60), kind: field(body, 'kind', 40), title: field(body, 'title', 300), dossier_code: field(body, 'dossier_code', 60), valid_until: field(body, 'valid_until', 20) };
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        await svc.deliver(request.actor, { idNumber: values.id_number, orgId: values.org, kind: values.kind, title: values.title, dossierCode: values.dossier_code, validUntil: values.valid_until }, file);
        return reply.redirect(`${STAFF_KHO}?da=dsDelivered`, 303);
      },
      // The ID number is not echoed back into the page.
      async (errors) => DeliverPage({ ctx, orgs: await svc.deliveryOrgs(request.actor), values: { ...values, id_number: '' }, errors }),
    );
  });

  // ── JSON API (citizen session) ─────────────────────────────────────────────────────────────────────────

  const docOut = (d: DocumentRow) => ({
    id: d.id,
    kind: d.kind,
    name: d.title,
    fileName: d.fileName,
    mime: d.mime,
    size: d.sizeBytes,
    sha256: d.sha256,
    validFrom: d.validFrom,
    validUntil: d.validUntil,
    source: d.source,
    dossierCode: d.dossierCode,
    createdAt: d.createdAt,
  });

  /** API validation errors: 422 with translated field messages. */
  async function api<T>(request: FastifyRequest, reply: FastifyReply, run: () => Promise<T>) {
    try {
      return await run();
    } catch (err) {
      if (err instanceof ValidationError) {
        const t = request.pageContext().t;
        return reply.code(422).send({ error: t(err.code), fields: translateFieldErrors(err, t) });
      }
      throw err;
    }
  }

  const API_TAGS = { tags: ['datastore'] };

  app.get('/api/v1/me/documents', { schema: { ...API_TAGS, summary: 'Giấy tờ trong Kho của tôi' } }, async (request, reply) => {
    apiCitizen(request);
    reply.header('cache-control', 'no-store');
    return { items: (await svc.documents(await self(request))).map(docOut) };
  });

  app.post('/api/v1/me/documents', { config: { expensive: true }, schema: { ...API_TAGS, summary: 'Tải giấy tờ lên Kho (multipart: kind, file)' } }, async (request, reply) => {
    apiCitizen(request);
    if (!(request.headers['content-type'] ?? '').startsWith('multipart/form-data')) throw new AppError('datastore.errors.multipart', 415);
    const { body, file } = await readUpload(request.body);
    return api(request, reply, async () => {
      const a = await self(request);
      const id = await svc.upload(a, { kind: field(body, 'kind', 40), title: field(body, 'title', 300), validFrom: field(body, 'valid_from', 20), validUntil: field(body, 'valid_until', 20) }, file);
      const doc = (await svc.documents(a)).find((d) => d.id === id)!;
      return reply.code(201).header('location', `/api/v1/me/documents/${id}`).send(docOut(doc));
    });
  });

  app.get('/api/v1/me/documents/:id', { schema: { ...API_TAGS, summary: 'Tải về một giấy tờ' } }, async (request, reply) => {
    apiCitizen(request);
    const { doc, data } = await svc.download(await self(request), (request.params as { id: string }).id);
    return sendFile(reply, doc, data);
  });

  app.post('/api/v1/me/shares', { schema: { ...API_TAGS, summary: 'Chia sẻ giấy tờ với cơ quan cho một mục đích (đồng ý)' } }, async (request, reply) => {
    apiCitizen(request);
    const b = (request.body ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string).slice(0, 400) : '');
    return api(request, reply, async () => {
      const { id, receipt } = await svc.createShare(await self(request), {
        documentIds: Array.isArray(b.documentIds) ? b.documentIds.filter((x): x is string => typeof x === 'string').slice(0, 200) : [],
        orgId: str('orgId'),
        purpose: str('purpose'),
        dossierCode: str('dossierCode'),
        procedureCode: str('procedureCode'),
        until: str('until'),
        untilResult: b.untilResult === true,
      });
      return reply.code(201).header('location', `${KHO}/chia-se/${id}`).send({ id, receipt, verifyWith: `${config.publicUrl}${JWKS_PATH}` });
    });
  });

  app.delete('/api/v1/me/shares/:id', { schema: { ...API_TAGS, summary: 'Thu hồi một lần chia sẻ' } }, async (request, reply) => {
    apiCitizen(request);
    await svc.revokeShare(await self(request), (request.params as { id: string }).id);
    return reply.code(204).send();
  });

  app.get('/api/v1/me/access-log', { schema: { ...API_TAGS, summary: 'Nhật ký truy cập Kho của tôi' } }, async (request, reply) => {
    apiCitizen(request);
    reply.header('cache-control', 'no-store');
    const rows = await svc.accessLog(request.actor);
    return {
      items: rows.map((r) => ({ at: r.at, action: r.action, documentId: r.documentId, document: r.documentName, agency: r.orgName, role: r.actorRole, delegate: r.action === 'delegate_act' ? r.actorLabel : null, purpose: r.purpose, dossierCode: r.dossierCode, legalBasis: r.legalBasis, detail: r.detail })),
    };
  });

  app.get('/api/v1/me/export', { config: { expensive: true }, schema: { ...API_TAGS, summary: 'Tải toàn bộ Kho (ZIP)' } }, async (request, reply) => {
    apiCitizen(request);
    if (!level2(request)) throw new ForbiddenError('datastore.errors.level2');
    const data = await svc.exportZip(request.actor);
    return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="kho-du-lieu.zip"').type('application/zip').send(data);
  });
}

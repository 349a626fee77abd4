import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/modules.ts';
import { AppError } from '../../platform/errors.ts';
import { safeEqual, sha256 } from '../../platform/auth/tokens.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { KINDS, OPEN_STATUSES, type CatalogueLike, type FeedbackService } from './feedback.service.ts';
import type { ItemRow } from './feedback.repo.ts';
import { publicRateLimit } from './feedback.routes.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON format. Services are the feedback
 * categories plus the catalogue's procedures (search them with ?q=). Errors are the spec's list
 * [{ "code": <http status>, "description": "…" }] with a 4xx status.
 */

const CATEGORY_GROUP = 'Phản ánh, kiến nghị';

class Open311Error extends Error {
  constructor(
    public readonly status: number,
    public readonly description: string,
  ) {
    super(description);
  }
}

/** `api_key` (form, JSON or query) resolved the same way as a Bearer token: prefix lookup, SHA-256 compare. */
async function actorFromApiKey(deps: AppDeps, request: FastifyRequest): Promise<void> {
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const key = (typeof body?.api_key === 'string' ? body.api_key : undefined) ?? (typeof query?.api_key === 'string' ? query.api_key : undefined);
  if (!key) return;
  const m = /^dvc_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,80})$/.exec(key.trim());
  if (!m) throw new Open311Error(403, 'Invalid api_key');
  const row = await deps.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_hash', 'scopes', 'expires_at', 'revoked_at'])
    .where('token_prefix', '=', m[1]!)
    .executeTakeFirst();
  const valid = row && !row.revoked_at && (!row.expires_at || row.expires_at > new Date()) && safeEqual(row.token_hash, sha256(m[2]!));
  if (!row || !valid) throw new Open311Error(403, 'Invalid api_key');
  // Only a token allowed to submit may post (and skip the anonymous per-address limit).
  if (!row.scopes.includes('feedback:write')) throw new Open311Error(403, 'api_key lacks the feedback:write scope');
  request.actor = { kind: 'token', id: row.id, label: `token:${row.name}`, roles: [], scopes: row.scopes, ip: request.ip, requestId: request.id };
}

export async function open311Routes(app: FastifyInstance, deps: AppDeps, svc: FeedbackService) {
  const t = translator('vi');
  const catalogue = (): CatalogueLike | undefined => (deps.services.has('catalogue') ? deps.services.get<CatalogueLike>('catalogue') : undefined);
  const orgs = deps.services.get<{ get(id: string): Promise<{ name: string }> }>('organisations');
  const limit = publicRateLimit(deps);

  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    let status = 500;
    let description = 'Internal error';
    if (err instanceof Open311Error) [status, description] = [err.status, err.description];
    else if (err instanceof AppError) {
      status = err.status;
      const fields = Object.entries(err.fields).map(([k, v]) => `${k}: ${t(v)}`);
      description = fields.length ? fields.join('; ') : t(err.code, err.params);
    } else if ((err as FastifyError).validation) {
      status = 400;
      description = `Invalid parameters: ${(err as FastifyError).message}`;
    } else if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500) {
      status = (err as FastifyError).statusCode!;
      description = status === 429 ? t('errors.rateLimited', { seconds: 60 }) : err.message;
    } else request.log.error({ err }, 'open311 error');
    if (status >= 500 && status !== 503) [status, description] = [500, `Internal error (${request.id})`];
    return reply.code(status).type('application/json; charset=utf-8').send([{ code: status, description }]);
  });

  const categories = () =>
    KINDS.map((k) => ({
      service_code: k,
      service_name: t(`feedback.kinds.${k}`),
      description: t(`feedback.kindDescriptions.${k}`),
      metadata: true,
      type: 'realtime' as const,
      keywords: k,
      group: CATEGORY_GROUP,
    }));

  async function findService(code: string) {
    const cat = categories().find((c) => c.service_code === code);
    if (cat) return { kind: cat.service_code, serviceCode: null as string | null, name: cat.service_name };
    const proc = await catalogue()?.getByCode(code);
    if (proc) return { kind: 'phan-anh', serviceCode: proc.code, name: proc.name };
    return undefined;
  }

  app.get('/open311/v2/services.json', { schema: { hide: true } }, async (request) => {
    const q = request.query as Record<string, string | undefined>;
    const text = (q.q ?? '').trim().slice(0, 100);
    const out: Array<Record<string, unknown>> = categories();
    const cat = catalogue();
    if (text && cat?.search) {
      for (const p of (await cat.search(text, { limit: 50 })).items) {
        out.push({ service_code: p.code, service_name: p.name, description: null, metadata: false, type: 'realtime', keywords: null, group: p.field ?? null });
      }
    }
    return out;
  });

  app.get('/open311/v2/services/:service_code.json', { schema: { hide: true } }, async (request) => {
    const { service_code } = request.params as { service_code: string };
    const s = await findService(service_code);
    if (!s) throw new Open311Error(404, `service_code ${service_code} not found`);
    return {
      service_code,
      attributes: s.serviceCode
        ? []
        : [{ variable: true, code: 'ma_ho_so', datatype: 'string', required: false, datatype_description: 'Mã hồ sơ (nếu có)', order: 1, description: 'Mã hồ sơ thủ tục hành chính liên quan' }],
    };
  });

  function toRequest(item: ItemRow, agency: string | null) {
    const closed = !OPEN_STATUSES.includes(item.status);
    return {
      service_request_id: item.code,
      status: closed ? 'closed' : 'open',
      // the answer only once the question is published (it may quote it); otherwise the status alone
      status_notes: (item.moderation === 'approved' ? item.answerPublic : null) ?? t(`feedback.statuses.${item.status}`),
      service_name: item.serviceName ?? t(`feedback.kinds.${item.kind}`),
      service_code: item.serviceCode ?? item.kind,
      description: item.moderation === 'approved' ? item.bodyPublic.slice(0, 4000) : null,
      agency_responsible: agency,
      service_notice: null,
      requested_datetime: item.createdAt.toISOString(),
      updated_datetime: item.updatedAt.toISOString(),
      expected_datetime: `${item.dueDay}T17:00:00+07:00`,
      address: null,
      address_id: null,
      zipcode: null,
      lat: null,
      long: null,
      media_url: null,
    };
  }

  const nameCache = new Map<string, string | null>();
  async function agencyName(orgId: string) {
    if (!nameCache.has(orgId)) nameCache.set(orgId, (await orgs.get(orgId).catch(() => undefined))?.name ?? null);
    return nameCache.get(orgId)!;
  }

  app.post(
    '/open311/v2/requests.json',
    {
      schema: { hide: true },
      config: { csrf: false, tokenScope: 'feedback:write', rateLimit: { ...limit, hook: 'preHandler' } },
      preValidation: async (request) => actorFromApiKey(deps, request),
    },
    async (request, reply) => {
      const b = (request.body ?? {}) as Record<string, unknown>;
      const str = (k: string, max = 4000) => (typeof b[k] === 'string' ? (b[k] as string).trim().slice(0, max) : typeof b[k] === 'number' ? String(b[k]) : '');
      const code = str('service_code', 60);
      if (!code) throw new Open311Error(400, 'service_code is required');
      const s = await findService(code);
      if (!s) throw new Open311Error(404, `service_code ${code} not found`);
      const num = (k: string) => (str(k) === '' ? null : Number(str(k)));
      const name = [str('first_name', 60), str('last_name', 60)].filter(Boolean).join(' ');
      const address = str('address_string', 300);
      const res = await svc.submit(
        request.actor,
        {
          kind: s.kind,
          serviceCode: s.serviceCode,
          body: str('description'),
          title: '',
          contactName: name || null,
          contactEmail: str('email', 254) || null,
          contactPhone: str('phone', 30) || null,
          address: address || null,
          lat: num('lat'),
          long: num('long'),
          channel: 'open311',
        },
        { idempotencyKey: typeof request.headers['idempotency-key'] === 'string' ? request.headers['idempotency-key'] : null },
      );
      return reply.code(201).send([{ service_request_id: res.code, service_notice: t('feedback.open311Notice'), account_id: null }]);
    },
  );

  app.get('/open311/v2/requests.json', { schema: { hide: true } }, async (request) => {
    const q = request.query as Record<string, string | undefined>;
    const date = (s: string | undefined, name: string) => {
      if (!s) return undefined;
      const d = new Date(s);
      if (Number.isNaN(d.getTime())) throw new Open311Error(400, `${name} must be a W3C date-time`);
      return d;
    };
    let items: ItemRow[];
    if (q.service_request_id) {
      const codes = q.service_request_id.split(',').map((c) => c.trim()).filter(Boolean).slice(0, 50);
      items = [];
      for (const c of codes) {
        const v = await svc.publicView(c).catch(() => undefined);
        if (v && v.item.moderation !== 'hidden') items.push(v.item);
      }
    } else {
      const from = date(q.start_date, 'start_date') ?? new Date(Date.now() - 90 * 86400_000);
      const to = date(q.end_date, 'end_date');
      const status = q.status === 'open' || q.status === 'closed' ? q.status : undefined;
      if (q.status && !status) throw new Open311Error(400, 'status must be open or closed');
      items = await svc.recentPublic(1000, from, to, status);
      if (q.service_code) {
        const codes = q.service_code.split(',');
        items = items.filter((i) => codes.includes(i.serviceCode ?? i.kind));
      }
    }
    const out = [];
    for (const i of items) out.push(toRequest(i, await agencyName(i.orgId)));
    return out;
  });

  app.get('/open311/v2/requests/:id.json', { schema: { hide: true } }, async (request) => {
    const { id } = request.params as { id: string };
    if (!/^PA-\d{4}-\d{6}$/.test(id)) throw new Open311Error(404, `service_request_id ${id} not found`);
    const v = await svc.publicView(id).catch(() => undefined);
    if (!v || v.item.moderation === 'hidden') throw new Open311Error(404, `service_request_id ${id} not found`);
    return [toRequest(v.item, v.orgName)];
  });
}

import { isReceiptCode } from './feedback.codes.ts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/modules.ts';
import { AppError, isDatabaseUnavailable } from '../../platform/errors.ts';
import { tokenActor, verifyApiToken } from '../../platform/auth/api-tokens.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { KINDS, OPEN_STATUSES, type FeedbackService } from './feedback.service.ts';
import type { ItemRow } from './feedback.repo.ts';
import { publicRateLimit } from './feedback.rate-limit.ts';
import { maskPersonalData } from './feedback.masking.ts';
import { toXml } from './feedback.open311.xml.ts';
import { CatalogueToken } from '../catalogue/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON and XML (every path ends in .json or
 * .xml), with a discovery document. Services are the feedback categories plus the catalogue's procedures
 * (search them with ?q=). Errors are the spec's list [{ "code": <http status>, "description": "…" }], one entry
 * per problem, with a 4xx status — or 503 + Retry-After while the database is unavailable.
 */

const CATEGORY_GROUP = 'Phản ánh, kiến nghị';

/** The one jurisdiction this endpoint serves; `jurisdiction_id` is optional, but any other value is a 404. */
export const JURISDICTION_ID = 'hungyen.gov.vn';
/** When the discovery document and the endpoint last changed (the spec's `changeset`). */
const CHANGESET = '2026-12-03T00:00:00+07:00';

class Open311Error extends Error {
  constructor(
    public readonly status: number,
    public readonly description: string,
    public readonly more: string[] = [],
  ) {
    super(description);
  }
}

// Service field names → the Open311 parameter the client sent, so that errors name what the client knows.
const PARAM: Record<string, string> = {
  body: 'description',
  contactEmail: 'email',
  contactPhone: 'phone',
  contactName: 'first_name',
  address: 'address_string',
  dossierCode: 'attribute[ma_ho_so]',
};

/** Attributes every service declares (GET services/{code}): honoured on POST as attribute[code]. */
const ATTRIBUTES = [
  {
    variable: true,
    code: 'ma_ho_so',
    datatype: 'string' as const,
    required: false,
    datatype_description: 'Mã hồ sơ thủ tục hành chính (6–60 ký tự: chữ, số, . - /), nếu có',
    order: 1,
    description: 'Mã hồ sơ thủ tục hành chính liên quan',
  },
];

type Format = 'json' | 'xml';
const formatOf = (url: string): Format => (/\.xml$/i.test(url.split('?')[0]!) ? 'xml' : 'json');

/** `services.json` → json; `PA-2025-000001.xml` → the id and xml. */
function splitFile(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  if (!m) throw new Open311Error(404, 'Unknown format: use .json or .xml');
  return { name: m[1]!, format: m[2]!.toLowerCase() as Format };
}

function send(reply: FastifyReply, format: Format, root: string, data: unknown, status = 200) {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, data));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(data));
}

function checkJurisdiction(request: FastifyRequest) {
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const j = body?.jurisdiction_id ?? query?.jurisdiction_id;
  if (j === undefined || j === '') return;
  if (typeof j !== 'string' || j.trim().toLowerCase() !== JURISDICTION_ID) throw new Open311Error(404, `jurisdiction_id ${String(j).slice(0, 60)} not found (this endpoint serves ${JURISDICTION_ID})`);
}

/** Declared attributes from `attribute[code]=…` (form) or `attribute: { code: … }` (JSON). */
function readAttributes(b: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: unknown) => {
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v).trim();
    else if (v != null) throw new Open311Error(400, `attribute[${k}] must be a single value`);
  };
  if (b.attribute && typeof b.attribute === 'object') for (const [k, v] of Object.entries(b.attribute as Record<string, unknown>)) put(k, v);
  for (const [k, v] of Object.entries(b)) {
    const m = /^attribute\[([^\]]{1,60})\]$/.exec(k);
    if (m) put(m[1]!, v);
  }
  const unknown = Object.keys(out).filter((k) => !ATTRIBUTES.some((a) => a.code === k));
  const missing = ATTRIBUTES.filter((a) => a.required && !out[a.code]).map((a) => `attribute[${a.code}] is required`);
  const problems = [...unknown.map((k) => `attribute[${k}] is not an attribute of this service`), ...missing];
  if (problems.length) throw new Open311Error(400, problems[0]!, problems.slice(1));
  return out;
}

/** `api_key` (form, JSON or query) resolved the same way as a Bearer token: prefix lookup, SHA-256 compare. */
async function actorFromApiKey(deps: AppDeps, request: FastifyRequest): Promise<void> {
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const key = (typeof body?.api_key === 'string' ? body.api_key : undefined) ?? (typeof query?.api_key === 'string' ? query.api_key : undefined);
  if (!key) return;
  const token = await verifyApiToken(deps.db, key);
  if (!token) throw new Open311Error(403, 'Invalid api_key');
  // Only a token allowed to submit may post (and skip the anonymous per-address limit).
  if (!token.scopes.includes('feedback:write')) throw new Open311Error(403, 'api_key lacks the feedback:write scope');
  request.actor = tokenActor(token, request);
}

export async function open311Routes(app: FastifyInstance, deps: AppDeps, svc: FeedbackService) {
  const t = translator('vi');
  const catalogue = () => deps.services.optional(CatalogueToken);
  const orgs = deps.services.get(OrganisationsToken);
  const limit = publicRateLimit(deps);
  const base = `${deps.config.publicUrl.replace(/\/$/, '')}/open311/v2`;

  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    let status = 500;
    let descriptions = ['Internal error'];
    if (err instanceof Open311Error) [status, descriptions] = [err.status, [err.description, ...err.more]];
    else if (err instanceof AppError) {
      // Every problem with the submitted fields is a 400 in GeoReport v2, listed one entry per field.
      const fields = Object.entries(err.fields).map(([k, v]) => `${PARAM[k] ?? k}: ${t(v)}`);
      status = fields.length && err.status === 422 ? 400 : err.status;
      descriptions = fields.length ? fields : [t(err.code, err.params)];
    } else if ((err as FastifyError).validation) {
      status = 400;
      descriptions = [`Invalid parameters: ${(err as FastifyError).message}`];
    } else if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500) {
      status = (err as FastifyError).statusCode!;
      descriptions = [status === 429 ? t('errors.rateLimited', { seconds: 60 }) : err.message];
    } else if (isDatabaseUnavailable(err)) {
      // Like every other route during an outage: 503, and when to try again.
      status = 503;
      descriptions = [t('errors.unavailable')];
      reply.header('retry-after', '5');
    } else request.log.error({ err }, 'open311 error');
    if (status >= 500 && status !== 503) [status, descriptions] = [500, [`Internal error (${request.id})`]];
    if (status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
    return send(reply.header('cache-control', 'no-store'), formatOf(request.url), 'errors', descriptions.map((description) => ({ code: status, description })), status);
  });

  // Every Open311 call may name the jurisdiction; a wrong one is refused before anything else.
  app.addHook('preHandler', async (request) => {
    if (request.url.startsWith('/open311/')) checkJurisdiction(request);
  });

  const discovery = () => ({
    changeset: CHANGESET,
    contact: `Trung tâm Phục vụ hành chính công tỉnh Hưng Yên — ${deps.config.publicUrl.replace(/\/$/, '')}/phan-anh`,
    key_service: 'Gửi không cần api_key (giới hạn tần suất theo địa chỉ); đối tác tích hợp xin api_key (phạm vi feedback:write) tại Trung tâm.',
    endpoints: [
      { specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] },
    ],
  });
  for (const path of ['/open311/discovery', '/open311/v2/discovery']) {
    app.get(`${path}.json`, { schema: { hide: true } }, async (_request, reply) => send(reply, 'json', 'discovery', discovery()));
    app.get(`${path}.xml`, { schema: { hide: true } }, async (_request, reply) => send(reply, 'xml', 'discovery', discovery()));
  }

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

  async function services(request: FastifyRequest, reply: FastifyReply, format: Format) {
    const q = request.query as Record<string, string | undefined>;
    const text = (q.q ?? '').trim().slice(0, 100);
    const out: Array<Record<string, unknown>> = categories();
    const cat = catalogue();
    if (text && cat?.search) {
      for (const p of (await cat.search(text, { limit: 50 })).items) {
        out.push({ service_code: p.code, service_name: p.name, description: null, metadata: true, type: 'realtime', keywords: null, group: p.field ?? null });
      }
    }
    return send(reply, format, 'services', out);
  }
  app.get('/open311/v2/services.json', { schema: { hide: true } }, (request, reply) => services(request, reply, 'json'));
  app.get('/open311/v2/services.xml', { schema: { hide: true } }, (request, reply) => services(request, reply, 'xml'));

  app.get('/open311/v2/services/:file', { schema: { hide: true } }, async (request, reply) => {
    const { name: code, format } = splitFile((request.params as { file: string }).file);
    const s = await findService(code);
    if (!s) throw new Open311Error(404, `service_code ${code} not found`);
    return send(reply, format, 'service_definition', { service_code: code, attributes: ATTRIBUTES });
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
      // The location the client sent, as the spec returns it; a typed address is masked like public text.
      address: item.address ? maskPersonalData(item.address) : null,
      address_id: null,
      zipcode: null,
      lat: item.lat == null ? null : Number(item.lat),
      long: item.long == null ? null : Number(item.long),
      media_url: null,
    };
  }

  const nameCache = new Map<string, string | null>();
  async function agencyName(orgId: string) {
    if (!nameCache.has(orgId)) nameCache.set(orgId, (await orgs.get(orgId).catch(() => undefined))?.name ?? null);
    return nameCache.get(orgId)!;
  }

  async function create(request: FastifyRequest, reply: FastifyReply, format: Format) {
    const b = (request.body ?? {}) as Record<string, unknown>;
    const str = (k: string, max = 4000) => (typeof b[k] === 'string' ? (b[k] as string).trim().slice(0, max) : typeof b[k] === 'number' ? String(b[k]) : '');
    const code = str('service_code', 60);
    // Required by the spec (service_code) and by this endpoint (description): all missing ones listed at once.
    const missing = [...(code ? [] : ['service_code is required']), ...(str('description') ? [] : ['description is required'])];
    if (missing.length) throw new Open311Error(400, missing[0]!, missing.slice(1));
    const s = await findService(code);
    if (!s) throw new Open311Error(404, `service_code ${code} not found`);
    const attributes = readAttributes(b);
    const num = (k: string) => {
      if (str(k) === '') return null;
      const n = Number(str(k).replace(',', '.'));
      return Number.isFinite(n) ? n : NaN;
    };
    const [lat, long] = [num('lat'), num('long')];
    if ((lat == null) !== (long == null)) throw new Open311Error(400, 'lat and long must be sent together');
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
        lat,
        long,
        dossierCode: attributes.ma_ho_so || null,
        channel: 'open311',
      },
      { idempotencyKey: typeof request.headers['idempotency-key'] === 'string' ? request.headers['idempotency-key'] : null },
    );
    return send(reply, format, 'service_requests', [{ service_request_id: res.code, service_notice: t('feedback.open311Notice'), account_id: null }], 201);
  }
  const postOpts = {
    schema: { hide: true },
    config: { csrf: false, tokenScope: 'feedback:write', rateLimit: { ...limit, hook: 'preHandler' as const } },
    preValidation: async (request: FastifyRequest) => actorFromApiKey(deps, request),
  };
  app.post('/open311/v2/requests.json', postOpts, (request, reply) => create(request, reply, 'json'));
  app.post('/open311/v2/requests.xml', postOpts, (request, reply) => create(request, reply, 'xml'));

  async function list(request: FastifyRequest, reply: FastifyReply, format: Format) {
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
        const v = await svc.publicView(c).catch((err) => {
          if (isDatabaseUnavailable(err)) throw err;
          return undefined;
        });
        if (v && v.item.moderation !== 'hidden') items.push(v.item);
      }
    } else {
      const from = date(q.start_date, 'start_date') ?? new Date(Date.now() - 90 * 86400_000);
      const to = date(q.end_date, 'end_date');
      // "open", "closed", or both comma-delimited (= no filter).
      const wanted = new Set((q.status ?? '').split(',').map((x) => x.trim()).filter(Boolean));
      if ([...wanted].some((x) => x !== 'open' && x !== 'closed')) throw new Open311Error(400, 'status must be open or closed');
      const status = wanted.size === 1 ? ([...wanted][0] as 'open' | 'closed') : undefined;
      items = await svc.recentPublic(1000, from, to, status);
      if (q.service_code) {
        const codes = q.service_code.split(',');
        items = items.filter((i) => codes.includes(i.serviceCode ?? i.kind));
      }
    }
    const out = [];
    for (const i of items) out.push(toRequest(i, await agencyName(i.orgId)));
    return send(reply, format, 'service_requests', out);
  }
  app.get('/open311/v2/requests.json', { schema: { hide: true } }, (request, reply) => list(request, reply, 'json'));
  app.get('/open311/v2/requests.xml', { schema: { hide: true } }, (request, reply) => list(request, reply, 'xml'));

  app.get('/open311/v2/requests/:file', { schema: { hide: true } }, async (request, reply) => {
    const { name: id, format } = splitFile((request.params as { file: string }).file);
    if (!isReceiptCode(id)) throw new Open311Error(404, `service_request_id ${id} not found`);
    const v = await svc.publicView(id).catch((err) => {
      if (isDatabaseUnavailable(err)) throw err;
      return undefined;
    });
    if (!v || v.item.moderation === 'hidden') throw new Open311Error(404, `service_request_id ${id} not found`);
    return send(reply, format, 'service_requests', [toRequest(v.item, v.orgName)]);
  });
}

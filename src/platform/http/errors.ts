import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isDatabaseUnavailable } from '../errors.ts';
import { minimalContext, render, wantsJson } from './render.ts';
import { ErrorPage } from '../views/ErrorPage.tsx';
import { translator } from '../i18n/i18n.ts';

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; requestId: string };
}

const VALIDATION_KEYWORDS: Record<string, string> = {
  required: 'validation.required',
  type: 'validation.type',
  maxLength: 'validation.tooLong',
  maxItems: 'validation.tooLong',
  minLength: 'validation.tooShort',
  minItems: 'validation.tooShort',
  format: 'validation.format',
  pattern: 'validation.format',
  enum: 'validation.enum',
  const: 'validation.enum',
  minimum: 'validation.range',
  maximum: 'validation.range',
  additionalProperties: 'validation.additional',
};

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

/** Classify any error into status, locale key and params. Unknown errors are 500 and logged. */
export function classifyError(err: FastifyError | Error, request: FastifyRequest, bodyLimit: number) {
  const t = translator(request.locale ?? 'vi');
  const e = err as FastifyError & { validation?: Array<{ keyword: string; instancePath: string; params: Record<string, unknown> }> };
  if (err instanceof AppError) {
    const fields = Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, t(v)]));
    return { status: err.status, code: err.code, message: t(err.code, err.params), fields };
  }
  if (e.validation) {
    const fields: Record<string, string> = {};
    for (const v of e.validation) {
      const field =
        v.keyword === 'required' ? String(v.params.missingProperty ?? '') : v.instancePath.replace(/^\//, '').replace(/\//g, '.') || (e.validationContext ?? 'body');
      fields[field || 'body'] ??= t(VALIDATION_KEYWORDS[v.keyword] ?? 'validation.generic', { field: field || 'body' });
    }
    return { status: 400, code: 'errors.validation', message: t('errors.validation'), fields };
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'errors.tooLarge', message: t('errors.tooLarge', { max: formatBytes(bodyLimit) }) };
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'errors.tooLarge', message: t('errors.tooLarge', { max: formatBytes(bodyLimit) }) };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, code: 'errors.unsupportedMediaType', message: t('errors.unsupportedMediaType') };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'errors.badJson', message: t('errors.badJson') };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return { status: 400, code: 'errors.badRequest', message: t('errors.badRequest') };
    default:
      break;
  }
  if (e.statusCode === 429) {
    const seconds = Math.max(1, Math.ceil(Number((e as { ttl?: number }).ttl ?? 60000) / 1000));
    return { status: 429, code: 'errors.rateLimited', message: t('errors.rateLimited', { seconds }) };
  }
  if (isDatabaseUnavailable(err)) {
    return { status: 503, code: 'errors.unavailable', message: t('errors.unavailable') };
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.statusCode === 404 ? 'errors.notFound' : e.statusCode === 405 ? 'errors.methodNotAllowed' : 'errors.badRequest';
    return { status: e.statusCode, code, message: t(code) };
  }
  return { status: 500, code: 'errors.internal', message: t('errors.internal', { id: request.id }) };
}

export async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  c: { status: number; code: string; message: string; fields?: Record<string, string> },
) {
  if (c.status === 503) reply.header('retry-after', '5');
  if (c.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
  if (wantsJson(request)) {
    const body: ErrorBody = { error: { code: c.code, message: c.message, requestId: request.id } };
    if (c.fields && Object.keys(c.fields).length) body.error.fields = c.fields;
    return reply.code(c.status).header('cache-control', 'no-store').send(body);
  }
  // A browser that needs to sign in is sent to the login page and brought back afterwards.
  if (c.status === 401 && request.method === 'GET') {
    return reply.redirect(`/dang-nhap?next=${encodeURIComponent(request.url)}`, 303);
  }
  let ctx;
  try {
    ctx = request.pageContext ? request.pageContext() : minimalContext(request);
  } catch {
    ctx = minimalContext(request);
  }
  const title = c.status === 404 ? ctx.t('errors.notFound') : c.status === 403 ? ctx.t('errors.forbiddenTitle') : ctx.t('errors.title');
  const message = c.status === 404 ? ctx.t('errors.notFoundText') : c.message;
  return render(reply, ErrorPage({ ctx, title, message, status: c.status }), c.status);
}

export function registerErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler(async (err, request, reply) => {
    const c = classifyError(err as FastifyError, request, bodyLimit);
    if (c.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: c.code, status: c.status }, 'request rejected');
    return sendError(request, reply, c);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const t = translator(request.locale ?? 'vi');
    return sendError(request, reply, { status: 404, code: 'errors.notFound', message: t('errors.notFound') });
  });
}

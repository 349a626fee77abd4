import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageContext } from './context.ts';
import { translator, siteInfo, DEFAULT_LOCALE, type Locale } from '../i18n/i18n.ts';
import { ANONYMOUS_ACTOR } from '../auth/permissions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    pageContext: () => PageContext;
  }
}

/** Send a server-rendered page. Pages are never cached by shared caches (they may carry a CSRF token). */
export async function render(reply: FastifyReply, page: JSX.Element | Promise<string> | string, status = 200): Promise<FastifyReply> {
  const html = await page;
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** Fallback context for pages rendered before the request was fully set up (early errors). */
export function minimalContext(request: FastifyRequest): PageContext {
  const locale = request.locale ?? DEFAULT_LOCALE;
  return {
    t: translator(locale),
    locale,
    path: request.url.split('?')[0] ?? '/',
    csrfToken: request.csrfToken ?? '',
    actor: request.actor ?? ANONYMOUS_ACTOR,
    staffNav: [],
    demo: false,
    site: siteInfo(locale),
  };
}

/** Is this request from an API client (JSON answers) rather than a browser page? */
export function wantsJson(request: FastifyRequest): boolean {
  const url = request.url;
  if (url.startsWith('/api/') || url.startsWith('/open311/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** Redirect after POST (303), relative paths only: never an open redirect. */
export function safeRedirectTarget(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  return next;
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageContext } from './context.ts';
import { translator, siteInfo, DEFAULT_LOCALE, type Locale } from '../i18n/i18n.ts';
import { ANONYMOUS_ACTOR } from '../auth/permissions.ts';
import { asPublicPage } from './page-cache.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    pageContext: () => PageContext;
  }
}

/**
 * Send a server-rendered page. A public page (listed in src/modules/public-pages.ts) for an anonymous visitor
 * whose HTML holds no CSRF token is cacheable (`public`, ETag, 304) and kept in the render cache; every
 * other page is `private, no-store` (it may carry a CSRF token or a person's data). See page-cache.ts.
 */
export async function render(reply: FastifyReply, page: JSX.Element | Promise<string> | string, status = 200): Promise<FastifyReply> {
  const html = await page;
  reply.code(status);
  const shared = status === 200 ? asPublicPage(reply.request, reply, html) : false;
  if (shared === 'not-modified') return reply.send();
  if (!shared) reply.header('cache-control', 'private, no-store');
  return reply.type('text/html; charset=utf-8').send(html);
}

/** Fallback context for pages rendered before the request was fully set up (early errors). */
export function minimalContext(request: FastifyRequest): PageContext {
  const locale = request.locale ?? DEFAULT_LOCALE;
  return {
    t: translator(locale),
    locale,
    path: request.url.split('?')[0] ?? '/',
    get csrfToken() {
      return request.csrfToken ?? '';
    },
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

const REDIRECT_BASE = 'http://same-origin.invalid';

/**
 * Where to go after sign-in or a POST: a same-origin path only, never an open redirect. Rejected outright:
 * anything not starting with one "/", "//" and "/\\" (protocol-relative), backslashes anywhere (browsers read
 * them as "/"), any control character, tab or newline (browsers drop them, so "/\t/evil" becomes "//evil"),
 * and anything a URL parser resolves to another origin. The result is re-serialised by the URL parser, so it
 * is always a valid, percent-encoded Location header (raw non-ASCII would make Node throw, i.e. a 5xx).
 */
export function safeRedirectTarget(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== REDIRECT_BASE) return fallback;
  const target = `${url.pathname}${url.search}${url.hash}`;
  return target.startsWith('/') && !target.startsWith('//') ? target : fallback;
}

import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeKey } from '../auth/route-access.ts';

/**
 * Public pages, cacheable by the browser, any proxy in front (nginx micro-cache, a CDN) and this node's own
 * render cache (ADR 0012).
 *
 * A page is public when its route is listed in the public-pages table (src/modules/public-pages.ts) and the
 * request is anonymous: no session cookie, no `?lang=` switch, and nothing in the page read the anonymous
 * CSRF token (a page with a form sets that cookie and so stays private). Such a 200 answer carries
 * `Cache-Control: public, max-age, s-maxage, stale-while-revalidate`, a strong ETag (hash of the HTML, the
 * same on every node), `Vary: Accept-Encoding, Cookie` (the locale and the signed-in state come from
 * cookies), and never a Set-Cookie. Everything else that `render()` sends is `private, no-store`.
 *
 * The render cache keeps such pages per (locale, URL with its query) with their headers and a br and a gzip
 * copy made once, and answers a later anonymous request before any other hook (no session lookup, no
 * rendering, no database). Entries live `ttlSeconds` at most (pages showing statistics change without an
 * event) and are dropped on every node when an event in `invalidateOn` commits (a guide published, a
 * question answered…: see app.ts), through the event bus's cache listeners (LISTEN/NOTIFY on PostgreSQL).
 * A render that started before such a drop is not stored (generation check), so a stale page never lands.
 */

export interface PublicPagePolicy {
  /** Browser freshness in seconds (default 60). */
  maxAge?: number;
  /** Shared caches' freshness (default: maxAge). */
  sMaxAge?: number;
  /** How long a shared cache may serve a stale copy while it refetches (default 300). */
  staleWhileRevalidate?: number;
}

export interface PageCacheOptions {
  /** "GET /url-pattern" as registered → policy. */
  pages: Record<string, PublicPagePolicy>;
  /** max-age (and s-maxage) of pages whose policy names none (default 60). */
  maxAge?: number;
  /** In-app lifetime of an entry, seconds (default 60). */
  ttlSeconds?: number;
  /** Bound on entries (query strings make URLs unbounded): least recently stored go first. */
  maxEntries?: number;
  /** Cookie names that make a request personal (a session): such a request is never served from the cache. */
  sessionCookies: string[];
  /** The locale cookie and the query parameter that switches it. */
  localeCookie: string;
  localeQuery: string;
  defaultLocale: string;
  isLocale: (v: unknown) => boolean;
  /** Off: nothing is cached in the app (headers are still public). Tests of the render path turn it off. */
  enabled?: boolean;
}

interface Variant {
  body: Buffer;
  /** Flat [name, value, …] list, ready for writeHead: the original answer's headers (security headers,
   * content type, cache-control, vary, etag), content-encoding and content-length. */
  headers: string[];
}

interface Entry {
  key: string;
  etag: string;
  expires: number;
  /** For 304: the headers without content-encoding/-length. */
  notModified: string[];
  identity: Variant;
  br: Variant;
  gzip: Variant;
  onHit?: () => void;
}

interface Slot {
  key: string;
  generation: number;
  policy: Required<PublicPagePolicy>;
  personal: boolean;
  onHit?: () => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request may be answered as a public page (see page-cache.ts). */
    publicPage: Slot | null;
  }
  interface FastifyInstance {
    pageCache: PageCache;
  }
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface PageCache {
  /** Drop every entry (an event changed public content) and refuse renders begun before now. */
  clear(): void;
  readonly size: number;
  stats(): { hits: number; misses: number; stores: number; size: number };
  /**
   * The raw server's side (app.ts's serverFactory): answer a request for a cached page before Fastify makes
   * its request and reply objects. False when it is not a hit (the request then goes to Fastify as usual).
   */
  serveRaw(req: IncomingMessage, res: ServerResponse): boolean;
  /** render()'s side: see asPublicPage. */
  answerPublic(request: FastifyRequest, reply: FastifyReply, html: string): boolean | 'not-modified';
}

/** Parse one cookie's value out of a raw Cookie header without parsing all of them. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let i = header.indexOf(`${name}=`);
  while (i > 0 && header[i - 1] !== ' ' && header[i - 1] !== ';') i = header.indexOf(`${name}=`, i + 1);
  if (i < 0) return undefined;
  const start = i + name.length + 1;
  const end = header.indexOf(';', start);
  return header.slice(start, end < 0 ? undefined : end).trim();
}

function wantsBr(ae: string | undefined): boolean {
  return !!ae && /\bbr\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))/.test(ae);
}
function wantsGzip(ae: string | undefined): boolean {
  return !!ae && /\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))/.test(ae);
}

/** Whether the page read the anonymous CSRF token (it carries a form): then it is personal, never shared. */
export function markPersonal(request: FastifyRequest): void {
  if (request.publicPage) request.publicPage.personal = true;
}

/**
 * Something to do on every view of this page, also when a later view is answered from the cache (the guide
 * page's buffered view counter). Called once now by the route itself, not here.
 */
export function onPublicPageHit(request: FastifyRequest, fn: () => void): void {
  if (request.publicPage) request.publicPage.onHit = fn;
}

export function registerPageCache(app: FastifyInstance, opts: PageCacheOptions): PageCache {
  const ttlMs = (opts.ttlSeconds ?? 60) * 1000;
  const maxEntries = opts.maxEntries ?? 2000;
  const enabled = opts.enabled !== false;
  const entries = new Map<string, Entry>();
  let generation = 0;
  let hits = 0;
  let misses = 0;
  let stores = 0;

  const cache: PageCache = {
    clear() {
      generation++;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
    stats: () => ({ hits, misses, stores, size: entries.size }),
    answerPublic: (request, reply, html) => answerPublic(request, reply, html),
    serveRaw(req, res) {
      if (!enabled || entries.size === 0 || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
      const url = req.url ?? '/';
      if (url.includes(`${opts.localeQuery}=`) && new RegExp(`[?&]${opts.localeQuery}=`).test(url)) return false;
      const key = keyFor(req.headers.cookie, url);
      if (!key) return false;
      const e = entries.get(key);
      if (!e || e.expires <= Date.now()) return false;
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
      hit(e, app.log);
      write(req, res, e, id);
      return true;
    },
  };
  app.decorate('pageCache', cache);
  app.decorateRequest('publicPage', null);

  function policyOf(request: FastifyRequest): Required<PublicPagePolicy> | undefined {
    const url = request.routeOptions.url;
    if (!url || (request.method !== 'GET' && request.method !== 'HEAD')) return undefined;
    const p = opts.pages[routeKey(request.method, url)];
    if (!p) return undefined;
    const maxAge = p.maxAge ?? opts.maxAge ?? 60;
    return { maxAge, sMaxAge: p.sMaxAge ?? maxAge, staleWhileRevalidate: p.staleWhileRevalidate ?? 300 };
  }

  /** (locale, URL) for a request that may share a page; undefined when it carries a session. */
  function keyFor(cookie: string | undefined, url: string): string | undefined {
    if (cookie) {
      for (const name of opts.sessionCookies) if (cookieValue(cookie, name)) return undefined;
      const lc = cookieValue(cookie, opts.localeCookie);
      if (lc !== undefined && lc !== opts.defaultLocale && opts.isLocale(lc)) return `${lc}|${url}`;
    }
    return `${opts.defaultLocale}|${url}`;
  }

  function keyOf(request: FastifyRequest): string | undefined {
    const url = request.url;
    if (url.includes(`${opts.localeQuery}=`)) {
      const q = (request.query as Record<string, unknown> | undefined)?.[opts.localeQuery];
      if (q !== undefined) return undefined; // a language switch sets a cookie: never shared
    }
    return keyFor(request.headers.cookie, url);
  }

  function hit(e: Entry, log: { warn: (o: object, m: string) => void }): void {
    hits++;
    try {
      e.onHit?.();
    } catch (err) {
      log.warn({ err }, 'page cache: hit action failed');
    }
  }

  function write(req: IncomingMessage, res: ServerResponse, e: Entry, requestId: string): void {
    const inm = req.headers['if-none-match'];
    if (inm && (inm === e.etag || inm.split(',').some((t) => t.trim() === e.etag))) {
      res.writeHead(304, [...e.notModified, 'x-request-id', requestId]);
      res.end();
      return;
    }
    const ae = req.headers['accept-encoding'];
    const v = wantsBr(ae) ? e.br : wantsGzip(ae) ? e.gzip : e.identity;
    res.writeHead(200, [...v.headers, 'x-request-id', requestId]);
    res.end(req.method === 'HEAD' ? undefined : v.body);
  }

  // First of all hooks (app.ts registers this before any plugin): a hit never reaches the session lookup.
  app.addHook('onRequest', (request, reply, done) => {
    const policy = policyOf(request);
    if (!policy) return done();
    const key = keyOf(request);
    if (!key) return done();
    if (enabled) {
      const e = entries.get(key);
      if (e && e.expires > Date.now()) {
        hit(e, request.log);
        reply.hijack();
        write(request.raw, reply.raw, e, request.id);
        return done();
      }
      if (e) entries.delete(key);
      misses++;
    }
    request.publicPage = { key, generation, policy, personal: false };
    done();
  });

  /** Keep an answer that render() marked public (br and gzip made off the event loop, then stored). */
  async function store(slot: Slot, headers: Record<string, string>, html: string, etag: string): Promise<void> {
    const identity = Buffer.from(html);
    const [br, gz] = await Promise.all([
      brotli(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      gzipAsync(identity, { level: 9 }),
    ]);
    if (slot.generation !== generation) return; // dropped while rendering: this copy may be stale
    if (entries.size >= maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.delete(slot.key);
    const flat = Object.entries(headers).flat();
    const variant = (body: Buffer, encoding?: string): Variant => ({
      body,
      headers: [...flat, ...(encoding ? ['content-encoding', encoding] : []), 'content-length', String(body.length)],
    });
    entries.set(slot.key, {
      key: slot.key,
      etag,
      expires: Date.now() + ttlMs,
      notModified: flat,
      identity: variant(identity),
      br: variant(br, 'br'),
      gzip: variant(gz, 'gzip'),
      onHit: slot.onHit,
    });
    stores++;
  }

  function answerPublic(request: FastifyRequest, reply: FastifyReply, html: string): boolean | 'not-modified' {
    const slot = request.publicPage;
    if (!slot || slot.personal || reply.getHeader('set-cookie') !== undefined || reply.statusCode !== 200) return false;
    const p = slot.policy;
    const etag = `"${createHash('sha1').update(html).digest('base64url')}"`;
    reply.header('cache-control', `public, max-age=${p.maxAge}, s-maxage=${p.sMaxAge}, stale-while-revalidate=${p.staleWhileRevalidate}`);
    reply.header('etag', etag);
    reply.header('vary', 'Accept-Encoding, Cookie');
    reply.type('text/html; charset=utf-8');
    if (enabled) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(reply.getHeaders())) {
        if (v === undefined || k === 'x-request-id' || k === 'content-length' || k === 'content-encoding' || k === 'set-cookie') continue;
        headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      }
      store(slot, headers, html, etag).catch((err) => request.log.warn({ err }, 'page cache: store failed'));
    }
    const inm = request.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim() === etag)) {
      reply.code(304);
      return 'not-modified';
    }
    return true;
  }
  return cache;
}

/**
 * For render(): set the public headers (and keep the page) when this answer may be shared; false when it must
 * stay private; 'not-modified' when the client's copy is current (send 304 without a body).
 */
export function asPublicPage(request: FastifyRequest, reply: FastifyReply, html: string): boolean | 'not-modified' {
  if (!request.publicPage) return false;
  const cache = (reply.server as FastifyInstance & { pageCache?: PageCache }).pageCache;
  return cache ? cache.answerPublic(request, reply, html) : false;
}

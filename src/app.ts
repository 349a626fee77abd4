import { recordSnapshots, SNAPSHOT_JOB } from './platform/stats/snapshots.ts';
import Fastify, { type FastifyContextConfig, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './platform/config/config.ts';
import type { Database } from './platform/db/database.ts';
import { pendingMigrations } from './platform/db/migrate.ts';
import { registerBodyParsers } from './platform/http/body-parsers.ts';
import { registerErrorHandling } from './platform/http/errors.ts';
import { registerSessions, SESSION_COOKIE } from './platform/auth/sessions.ts';
import { registerPageCache, type PageCache } from './platform/http/page-cache.ts';
import { createServer } from 'node:http';
import { PUBLIC_PAGES, PUBLIC_PAGE_EVENTS } from './modules/public-pages.ts';
import { registerApiTokenAuth } from './platform/auth/api-tokens.ts';
import { addressLimitKey, exemptFromAddressLimit } from './platform/http/rate-policy.ts';
import { registerRouteAccess } from './platform/auth/route-access.ts';
import { ROUTE_ACCESS } from './modules/route-access.ts';
import { can, checkRoleRegistry, definePermissions, defineRoles } from './platform/auth/permissions.ts';
import { isLocale, translator, siteInfo, setSiteIdentity, DEFAULT_LOCALE } from './platform/i18n/i18n.ts';
import { createMailer, type Mailer } from './platform/mail/mailer.ts';
import { createJobs, type Jobs } from './platform/jobs/jobs.ts';
import { attachEventBus, createEventBus, wireEvents } from './platform/events/bus.ts';
import { createLocalStorage, type Storage } from './platform/storage/storage.ts';
import { createS3Storage } from './platform/storage/s3.ts';
import { ServiceRegistry, StatsRegistry, registerRolesAndPermissions, staffNavFor, startModuleServices, type AppDeps, type ModuleManifest } from './platform/modules.ts';
import { modules as allModules } from './modules/index.ts';
import { isDatabaseUnavailable } from './platform/errors.ts';

const rootDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildOptions {
  config: Config;
  database: Database;
  modules?: ModuleManifest[];
  logger?: FastifyServerOptions['logger'];
  storage?: Storage;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    /** Every route as registered (method, URL pattern, config): the authorization matrix and page scan tests walk it. */
    routeTable: Array<{ method: string; url: string; config: FastifyContextConfig | undefined }>;
  }
}

/**
 * The composition root: platform plugins first, then the feature modules in the order src/modules/index.ts
 * lists them. server.ts only listens; tests call buildApp with a database cloned from a migrated template.
 */
export async function buildApp({ config, database, modules = allModules, logger, storage }: BuildOptions): Promise<FastifyInstance> {
  // One province per process: its identity fills {province}, {hotline}… in every message.
  setSiteIdentity(config.identity);
  const raw: { pageCache?: PageCache } = {};
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    },
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true, allErrors: false } },
    // A public page in the render cache is answered here, before Fastify builds its request (ADR 0012).
    // (With a serverFactory Fastify leaves the server's timeouts to us: the same as its defaults would set.)
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        if (!raw.pageCache?.serveRaw(req, res)) handler(req, res);
      });
      server.keepAliveTimeout = 72_000;
      server.requestTimeout = 30_000;
      server.setTimeout(60_000);
      return server;
    },
  });

  const mailer: Mailer = createMailer(database.db, config, app.log);
  const jobs: Jobs = createJobs(database, config.jobsEnabled, app.log);
  const events = createEventBus({ database, jobs, logger: app.log, databaseUrl: config.databaseUrl });
  // Commands on this database now deliver their events to this node's caches and handlers after commit.
  attachEventBus(database.db, events);
  const deps: AppDeps = {
    config,
    database,
    db: database.db,
    mailer,
    jobs,
    storage: storage ?? (config.storageDriver === 's3' ? createS3Storage(config.s3) : createLocalStorage(config.storageDir)),
    logger: app.log,
    events,
    services: new ServiceRegistry(),
    stats: new StatsRegistry(modules),
  };
  app.decorate('deps', deps);
  const routeTable: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) routeTable.push({ method, url: r.url, config: r.config as FastifyContextConfig | undefined });
  });

  // First onRequest hook: a public page in the render cache is answered before sessions, plugins or handlers.
  const pageCache = registerPageCache(app, {
    pages: PUBLIC_PAGES,
    ttlSeconds: config.pageCacheSeconds,
    enabled: config.pageCacheSeconds > 0,
    maxAge: config.pageCacheSeconds || 60,
    sessionCookies: [SESSION_COOKIE],
    localeCookie: 'lang',
    localeQuery: 'lang',
    defaultLocale: DEFAULT_LOCALE,
    isLocale,
  });
  raw.pageCache = pageCache;
  registerBodyParsers(app);
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        // Signing out posts to dvc-hub, which redirects to the national SSO's logout: allow that origin too.
        formAction: ["'self'", ...(config.oidc.issuer ? [new URL(config.oidc.issuer).origin] : [])],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.cookieSecure,
  });
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  // Per-address limits only on writes and expensive reads (carrier-grade NAT): see platform/http/rate-policy.ts.
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: addressLimitKey,
    allowList: exemptFromAddressLimit,
    errorResponseBuilder: (_req, ctx) => {
      const err = new Error('rate limited') as Error & { statusCode: number; ttl: number };
      err.statusCode = 429;
      err.ttl = ctx.ttl;
      return err;
    },
  });
  await app.register(fastifyStatic, {
    root: join(rootDir, 'public'),
    prefix: '/static/',
    maxAge: '7d',
    immutable: false,
    index: false,
  });

  // Locale: ?lang= switches and remembers; otherwise the cookie; Vietnamese by default.
  app.addHook('onRequest', async (request, reply) => {
    const q = (request.query as Record<string, unknown> | undefined)?.lang;
    if (isLocale(q)) {
      request.locale = q;
      reply.setCookie('lang', q, { path: '/', sameSite: 'lax', httpOnly: true, secure: config.cookieSecure, maxAge: 31536000 });
    } else {
      const c = request.cookies.lang;
      request.locale = isLocale(c) ? c : DEFAULT_LOCALE;
    }
  });
  registerSessions(app, database.db, config);
  registerApiTokenAuth(app, database.db);
  // After sessions and tokens (the actor is known), before any body parsing or validation: 403 before 422.
  registerRouteAccess(app, ROUTE_ACCESS);
  app.addHook('onRequest', async (request) => {
    request.pageContext = () => ({
      t: translator(request.locale),
      locale: request.locale,
      path: request.url.split('?')[0] ?? '/',
      // Read only by a page with a form: for an anonymous visitor that read makes the token (and its cookie).
      get csrfToken() {
        return request.csrfToken;
      },
      actor: request.actor,
      user: request.authUser && request.actor.kind === 'user' ? { id: request.authUser.id, name: request.authUser.name, email: request.authUser.email } : undefined,
      staffNav:
        request.actor.kind === 'user'
          ? staffNavFor(modules, request.actor, (a, p) => can(a, p)).map((e) => ({ href: e.href, label: translator(request.locale)(e.labelKey) }))
          : [],
      demo: config.seedDemo,
      site: siteInfo(request.locale),
      flash: typeof request.query === 'object' && request.query && 'da' in request.query ? translator(request.locale)(`flash.${String((request.query as Record<string, unknown>).da)}`) : undefined,
    });
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app, config.bodyLimitBytes);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'dvc-hub API',
        description: 'API công khai và API tích hợp của dvc-hub (Dịch vụ công Hưng Yên).',
        version: '1.0.0',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'dvc_<prefix>_<secret> API token' } },
      },
    },
    hideUntagged: false,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header,
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      const pending = await pendingMigrations(database);
      if (pending.length) return reply.code(503).header('retry-after', '5').send({ status: 'migrating', pending });
      return { status: 'ready', database: database.kind };
    } catch (err) {
      if (!isDatabaseUnavailable(err)) app.log.warn({ err }, 'readiness check failed');
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable' });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerRolesAndPermissions(modules, { roles: defineRoles, permissions: definePermissions, check: checkRoleRegistry });
  startModuleServices(modules, deps);
  for (const m of modules) if (m.routes) await app.register(async (scope) => m.routes!(scope, deps));
  wireEvents(deps, modules, { scheduleSweep: true });
  // A guide published, a question answered… anywhere: every node drops its rendered public pages.
  events.addCacheListeners([{ events: PUBLIC_PAGE_EVENTS, drop: () => pageCache.clear() }]);
  // "now"-only stats get a daily snapshot, so KPIs built on them have per-period values (0040)
  jobs.define(SNAPSHOT_JOB, async () => void (await recordSnapshots(deps)));
  jobs.schedule(SNAPSHOT_JOB, '50 23 * * *');
  for (const m of modules) await m.jobs?.(deps);

  // Other nodes' events drop this node's caches (PostgreSQL LISTEN; nothing to do on PGlite).
  app.addHook('onReady', async () => events.startListening());
  app.addHook('onClose', async () => {
    await events.stop();
    await jobs.stop();
    mailer.close();
  });
  return app;
}

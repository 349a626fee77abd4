import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Config } from '../config/config.ts';
import { ANONYMOUS_ACTOR, type Actor, type Role } from './permissions.ts';
import { hmac, randomToken, safeEqual, sha256 } from './tokens.ts';
import { AppError } from '../errors.ts';
import { markPersonal } from '../http/page-cache.ts';

export const SESSION_COOKIE = 'dvc_sid';
export const ANON_COOKIE = 'dvc_anon';

export interface SessionInfo {
  id: string;
  userId: string | null;
  csrfToken: string;
  mfaPassed: boolean;
  data: Record<string, unknown>;
}

/** A citizen signed in through the national SSO (see src/modules/identity). */
export interface CitizenSession {
  principalId: string;
  name: string;
  /** The assurance level the SSO reported for this session (e.g. 'LoA1', 'LoA2'). */
  acr: string | null;
}

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  totpEnabled: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionInfo | null;
    authUser: AuthUser | null;
    citizen: CitizenSession | null;
    actor: Actor;
    csrfToken: string;
  }
  interface FastifyContextConfig {
    /** Set false on routes that must accept cross-site posts (none today) or token-only APIs. */
    csrf?: boolean;
    /** Set false on routes whose Authorization header is not a dvc-hub API token (the dev OIDC provider). */
    apiTokenAuth?: boolean;
  }
}

function cookieOptions(config: Config, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.cookieSecure,
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

export async function loadActorRoles(db: Db, userId: string): Promise<Array<{ role: Role; orgId: string }>> {
  const rows = await db.selectFrom('user_roles').select(['role', 'org_id']).where('user_id', '=', userId).execute();
  return rows.map((r) => ({ role: r.role as Role, orgId: r.org_id }));
}

/** Create a server-side session for a user and set its cookie. Old session (if any) is destroyed: no fixation. */
export async function startSession(
  db: Db,
  config: Config,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  mfaPassed: boolean,
  data: Record<string, unknown> = {},
): Promise<void> {
  await replaceSession(db, config, request, reply, { user_id: userId, mfa_passed: mfaPassed, data: JSON.stringify(data) });
}

/**
 * A citizen session after the SSO's callback: the pre-login session (which held state, nonce and the PKCE
 * verifier) is destroyed and a fresh one made, so the identifier changes at sign-in (no fixation).
 */
export async function startCitizenSession(
  db: Db,
  config: Config,
  request: FastifyRequest,
  reply: FastifyReply,
  citizen: { principalId: string; oidcSid: string | null; acr: string | null },
): Promise<void> {
  await replaceSession(db, config, request, reply, {
    user_id: null,
    principal_id: citizen.principalId,
    oidc_sid: citizen.oidcSid,
    acr: citizen.acr,
    mfa_passed: true,
  });
}

type SessionIdentity = { user_id: string | null; mfa_passed: boolean; principal_id?: string; oidc_sid?: string | null; acr?: string | null; data?: string };

/** Destroy the current session (no fixation), insert a fresh one for this identity and set its cookie. */
async function replaceSession(db: Db, config: Config, request: FastifyRequest, reply: FastifyReply, identity: SessionIdentity): Promise<void> {
  if (request.session) await db.deleteFrom('sessions').where('id', '=', request.session.id).execute();
  const token = randomToken();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      ...identity,
      csrf_token: randomToken(24),
      ip: request.ip,
      user_agent: (request.headers['user-agent'] ?? '').slice(0, 300),
      expires_at: new Date(Date.now() + config.sessionTtlHours * 3600_000),
    })
    .execute();
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(config, config.sessionTtlHours * 3600));
}

/**
 * A session with no one signed in, to carry data across a redirect (the OIDC state, nonce and verifier). An
 * existing session keeps its identity and gets the data merged instead.
 */
export async function startPendingSession(db: Db, config: Config, request: FastifyRequest, reply: FastifyReply, data: Record<string, unknown>, ttlMinutes = 15): Promise<void> {
  if (request.session) {
    await updateSessionData(db, request.session.id, { data: { ...request.session.data, ...data } });
    return;
  }
  const token = randomToken();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: null,
      csrf_token: randomToken(24),
      mfa_passed: false,
      data: JSON.stringify(data),
      ip: request.ip,
      user_agent: (request.headers['user-agent'] ?? '').slice(0, 300),
      expires_at: new Date(Date.now() + ttlMinutes * 60_000),
    })
    .execute();
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(config, ttlMinutes * 60));
}

export async function endSession(db: Db, config: Config, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session) await db.deleteFrom('sessions').where('id', '=', request.session.id).execute();
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}

export async function updateSessionData(db: Db, sessionId: string, patch: { mfaPassed?: boolean; data?: Record<string, unknown> }) {
  await db
    .updateTable('sessions')
    .set({
      ...(patch.mfaPassed !== undefined ? { mfa_passed: patch.mfaPassed } : {}),
      ...(patch.data !== undefined ? { data: JSON.stringify(patch.data) } : {}),
    })
    .where('id', '=', sessionId)
    .execute();
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sessions live in PostgreSQL so any app node can serve any request. CSRF: a signed-in user's token is kept
 * in the session row; an anonymous visitor's is an HMAC of a random cookie. Every state-changing request that
 * carries cookies must echo the token (form field _csrf or header X-CSRF-Token). Requests authenticated with
 * a bearer API token carry no ambient authority and are exempt.
 */
export function registerSessions(app: FastifyInstance, db: Db, config: Config): void {
  app.decorateRequest('session', null);
  app.decorateRequest('authUser', null);
  app.decorateRequest('citizen', null);
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (request, reply) => {
    request.actor = { ...ANONYMOUS_ACTOR, ip: request.ip, requestId: request.id };
    const token = request.cookies[SESSION_COOKIE];
    if (token && token.length < 200) {
      const row = await db
        .selectFrom('sessions')
        .leftJoin('users', 'users.id', 'sessions.user_id')
        .leftJoin('principals', 'principals.id', 'sessions.principal_id')
        .select([
          'sessions.id',
          'sessions.user_id',
          'sessions.csrf_token',
          'sessions.mfa_passed',
          'sessions.data',
          'sessions.last_seen_at',
          'users.email',
          'users.full_name',
          'users.status',
          'users.totp_enabled',
          'sessions.principal_id',
          'sessions.acr',
          'principals.display_name',
          'principals.kind as principal_kind',
        ])
        .where('sessions.id', '=', sha256(token))
        .where('sessions.expires_at', '>', new Date())
        .executeTakeFirst();
      if (row) {
        request.session = {
          id: row.id,
          userId: row.user_id,
          csrfToken: row.csrf_token,
          mfaPassed: row.mfa_passed,
          data: (row.data ?? {}) as Record<string, unknown>,
        };
        request.csrfToken = row.csrf_token;
        if (row.user_id && row.status === 'active') {
          // mfa_passed means "fully signed in": false while a second factor or its enrolment is still due.
          const needsMfa = !row.mfa_passed;
          request.authUser = { id: row.user_id, email: row.email!, name: row.full_name!, totpEnabled: Boolean(row.totp_enabled) };
          if (!needsMfa) {
            request.actor = {
              kind: 'user',
              id: row.user_id,
              label: row.email!,
              roles: await loadActorRoles(db, row.user_id),
              ip: request.ip,
              requestId: request.id,
            };
          }
        }
        if (!row.user_id && row.principal_id && row.principal_kind === 'citizen') {
          request.citizen = { principalId: row.principal_id, name: row.display_name!, acr: row.acr };
          request.actor = {
            kind: 'citizen',
            id: row.principal_id,
            // Audit rows name the principal, not the person: the name is personal data the citizen may erase.
            label: `citizen:${row.principal_id}`,
            roles: [{ role: 'citizen', orgId: '' }],
            ip: request.ip,
            requestId: request.id,
          };
        }
        // Touch at most once a minute to keep writes low.
        if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
          await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', row.id).execute();
        }
      }
    }
    if (!request.csrfToken) {
      const anon = request.cookies[ANON_COOKIE];
      if (anon && /^[A-Za-z0-9_-]{20,64}$/.test(anon)) {
        request.csrfToken = hmac(config.sessionSecret, `anon:${anon}`);
      } else {
        // No cookie yet: made on first use only, i.e. when the page has a form. A page without one sets no
        // cookie and may be shared by caches (ADR 0012); a page that does is personal (private, no-store).
        (request as FastifyRequest & { anonCookieFresh?: boolean }).anonCookieFresh = true;
        let token: string | undefined;
        Object.defineProperty(request, 'csrfToken', {
          configurable: true,
          enumerable: true,
          get() {
            if (token === undefined) {
              const fresh = randomToken(18);
              reply.setCookie(ANON_COOKIE, fresh, cookieOptions(config, 60 * 60 * 24 * 30));
              markPersonal(request);
              token = hmac(config.sessionSecret, `anon:${fresh}`);
            }
            return token;
          },
          set(v: string) {
            token = v;
          },
        });
      }
    }
  });

  app.addHook('preValidation', async (request) => {
    if (!UNSAFE.has(request.method)) return;
    if (request.routeOptions.config?.csrf === false) return;
    if (request.actor.kind === 'token') return;
    const hasCookies = Boolean(request.cookies[SESSION_COOKIE] || request.cookies[ANON_COOKIE]);
    const isForm = /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(request.headers['content-type'] ?? '');
    // A JSON call without any cookie has no ambient authority to abuse: nothing to forge.
    if (!hasCookies && !isForm) return;
    if ((request as FastifyRequest & { anonCookieFresh?: boolean }).anonCookieFresh && !request.session) {
      throw new AppError('errors.csrf', 403);
    }
    const body = request.body as Record<string, unknown> | undefined;
    const query = request.query as Record<string, unknown> | undefined;
    const sent =
      (typeof body?._csrf === 'string' ? body._csrf : undefined) ??
      (request.headers['x-csrf-token'] as string | undefined) ??
      // multipart bodies are streamed after this hook, so upload forms put the token in the action URL
      (typeof query?._csrf === 'string' ? query._csrf : undefined);
    if (!sent || !safeEqual(sent, request.csrfToken)) throw new AppError('errors.csrf', 403);
    if (body && typeof body === 'object') delete body._csrf;
  });
}

/** Cleanup job: expired sessions and reset tokens. */
export async function purgeExpiredSessions(db: Db): Promise<number> {
  const res = await db.deleteFrom('sessions').where('expires_at', '<', new Date()).executeTakeFirst();
  await db.deleteFrom('password_resets').where('expires_at', '<', new Date(Date.now() - 86400_000)).execute();
  return Number(res.numDeletedRows);
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from './permissions.ts';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { randomToken, safeEqual, sha256 } from './tokens.ts';
import { AppError } from '../errors.ts';

/**
 * Integration tokens: "dvc_<prefix>_<secret>". Only a SHA-256 of the secret is stored (the secret has 256
 * bits of entropy, so a slow hash adds nothing); the prefix finds the row. Scoped, expiring, revocable.
 */
export function generateApiToken(): { token: string; prefix: string; hash: string } {
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const secret = randomToken(32);
  return { token: `dvc_${prefix}_${secret}`, prefix, hash: sha256(secret) };
}

export interface VerifiedApiToken {
  id: string;
  name: string;
  scopes: string[];
  orgId: string | null;
}

const TOKEN_RE = /^dvc_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,80})$/;

/**
 * The one check of an integration token ("dvc_<prefix>_<secret>", from a Bearer header or Open311's api_key):
 * prefix lookup, not revoked, not expired, constant-time compare of the secret's SHA-256. Returns the token, or
 * null for anything malformed or invalid (callers choose their protocol's error). Marks it used (once a minute).
 */
export async function verifyApiToken(db: Db, token: string): Promise<VerifiedApiToken | null> {
  const m = TOKEN_RE.exec(token.trim());
  if (!m) return null;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_hash', 'scopes', 'org_id', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('token_prefix', '=', m[1]!)
    .executeTakeFirst();
  const valid = row && !row.revoked_at && (!row.expires_at || row.expires_at > new Date()) && safeEqual(row.token_hash, sha256(m[2]!));
  if (!row || !valid) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: sql`now()` }).where('id', '=', row.id).execute();
  }
  return { id: row.id, name: row.name, scopes: row.scopes, orgId: row.org_id };
}

/** The request's actor for a verified token. */
export function tokenActor(token: VerifiedApiToken, request: FastifyRequest): Actor {
  return { kind: 'token', id: token.id, label: `token:${token.name}`, roles: [], scopes: token.scopes, ip: request.ip, requestId: request.id };
}

export function registerApiTokenAuth(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    // Routes that speak another protocol's Authorization (the development OIDC provider's token and userinfo
    // endpoints: client credentials, OAuth access tokens) opt out; they authenticate the request themselves.
    if (request.routeOptions.config?.apiTokenAuth === false) return;
    const m = /^Bearer\s+(\S+)$/.exec(header.trim());
    const token = m ? await verifyApiToken(db, m[1]!) : null;
    if (!token) throw new AppError('errors.unauthorized', 401);
    request.actor = tokenActor(token, request);
  });

  // A token may only do what its scopes say: a route that names a token scope refuses a token without it
  // before the body is validated (403, not 422). Open311's api_key is checked where it is resolved.
  app.addHook('preValidation', async (request) => {
    const scope = request.routeOptions.config?.tokenScope;
    if (scope && request.actor.kind === 'token' && !request.actor.scopes?.includes(scope)) throw new AppError('errors.tokenScope', 403, { scope });
  });
}

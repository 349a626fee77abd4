import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ForbiddenError } from '../errors.ts';
import { can } from './permissions.ts';

/**
 * Who may call a staff route at all: 'staff' (any signed-in staff member) or permission names (any of them,
 * in any organisation; services still check the item's organisation). Checked in onRequest, before the body
 * is parsed or validated, so a refusal is always 403 (never a 422 that would reveal the form's rules) and
 * the handler never runs for someone without the permission.
 */
export type RouteAccess = 'staff' | string | string[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export const STAFF_PREFIX = '/quan-tri';

export const routeKey = (method: string, url: string) => `${method === 'HEAD' ? 'GET' : method} ${url}`;

export function isStaffRoute(url: string): boolean {
  return url === STAFF_PREFIX || url.startsWith(`${STAFF_PREFIX}/`);
}

/** The access a route declares: its own config first, then the policy table; undefined for public routes. */
export function accessOf(method: string, url: string, config: { access?: RouteAccess } | undefined, table: Record<string, RouteAccess>): RouteAccess | undefined {
  return config?.access ?? table[routeKey(method, url)] ?? (isStaffRoute(url) ? 'staff' : undefined);
}

export function allowed(request: FastifyRequest, access: RouteAccess): boolean {
  if (request.actor.kind !== 'user') return false;
  if (access === 'staff') return true;
  return (Array.isArray(access) ? access : [access]).some((p) => can(request.actor, p));
}

export function registerRouteAccess(app: FastifyInstance, table: Record<string, RouteAccess>): void {
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (!url) return;
    const access = accessOf(request.method, url, request.routeOptions.config, table);
    if (!access) return;
    // Not signed in as staff: anonymous visitors are sent to sign in; a citizen or a token is simply refused.
    if (request.actor.kind === 'anonymous') throw new AppError('errors.unauthorized', 401);
    if (!allowed(request, access)) throw new ForbiddenError();
  });
}

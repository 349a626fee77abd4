import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A read that costs real work (search, exports, generated documents): limited per address like a write. */
    expensive?: boolean;
    /**
     * API token scope this route needs from a token (e.g. `feedback:write`). A token without it is refused
     * (403); a token with it is not counted against the per-address limit meant for anonymous clients.
     */
    tokenScope?: string;
  }
}

/**
 * Rate-limit policy for Vietnamese networks. Mobile carriers put thousands of citizens behind one public
 * address (carrier-grade NAT), so a per-address limit on reading public pages would lock out a whole town.
 * Per-address limits therefore apply only to writes (POST/PUT/PATCH/DELETE) and to expensive reads; plain
 * page and API reads are never limited per address. Integrations whose token holds the route's scope are
 * exempt from the anonymous limit.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Reads whose cost grows with the input or produces a generated file. Modules may also set config.expensive.
const EXPENSIVE_ROUTES = new Set(['/tim-kiem', '/huong-dan/:slug/in', '/api/v1/feedback/answers', '/open311/v2/services.json', '/open311/v2/requests.json']);
const EXPENSIVE_EXTENSION = /\.(csv|xlsx|docx|pdf)$/;

export function isExpensiveRead(request: FastifyRequest): boolean {
  const route = request.routeOptions.url ?? '';
  return request.routeOptions.config?.expensive === true || EXPENSIVE_ROUTES.has(route) || EXPENSIVE_EXTENSION.test(route);
}

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/** Does the request carry an API token holding the scope this route asks of tokens? */
export function hasRouteTokenScope(request: FastifyRequest): boolean {
  const scope = request.routeOptions.config?.tokenScope;
  const actor = request.actor;
  return Boolean(scope && actor?.kind === 'token' && actor.scopes?.includes(scope));
}

/** True when the per-address limit does not apply to this request. */
export function exemptFromAddressLimit(request: FastifyRequest): boolean {
  const url = request.url;
  if (url.startsWith('/static/') || url === '/healthz' || url === '/readyz') return true;
  if (hasRouteTokenScope(request)) return true;
  return isSafeMethod(request.method) && !isExpensiveRead(request);
}

/** Writes and expensive reads are counted separately, so a burst of searches never blocks a submission. */
export function addressLimitKey(request: FastifyRequest): string {
  return `${request.ip}|${isSafeMethod(request.method) ? 'read' : 'write'}`;
}

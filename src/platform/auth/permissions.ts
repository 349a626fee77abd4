import { ForbiddenError } from '../errors.ts';

export const ROLES = ['admin', 'coordinator', 'agency_head', 'agency_officer', 'editor', 'collaborator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleGrant {
  role: Role;
  orgId: string;
}

/** Who is acting: a signed-in staff user, an integration token, the system itself (jobs, seed) or a citizen. */
export interface Actor {
  kind: 'user' | 'token' | 'system' | 'anonymous';
  id: string | null;
  label: string;
  roles: RoleGrant[];
  /** API token scopes; undefined for users. */
  scopes?: string[];
  ip?: string;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, label: 'system', roles: [] };
export const ANONYMOUS_ACTOR: Actor = { kind: 'anonymous', id: null, label: 'anonymous', roles: [] };

/**
 * A permission names the roles that hold it and whether it applies province-wide or only inside the role's
 * organisation. Modules declare theirs in their manifest; services check them (routes only hide links).
 */
export interface PermissionDef {
  name: string;
  roles: Role[];
  scope: 'province' | 'org';
  /** API token scope that grants it, if integrations may use it. */
  tokenScope?: string;
}

const registry = new Map<string, PermissionDef>();

export function definePermissions(defs: PermissionDef[]): void {
  for (const d of defs) registry.set(d.name, d);
}

export function permissionDefs(): PermissionDef[] {
  return [...registry.values()];
}

// admin and coordinator (the provincial Centre) act province-wide whatever organisation their grant names.
const PROVINCE_WIDE: Role[] = ['admin', 'coordinator'];

export function can(actor: Actor, permission: string, orgId?: string | null): boolean {
  if (actor.kind === 'system') return true;
  const def = registry.get(permission);
  if (!def) throw new Error(`Unknown permission ${permission}`);
  if (actor.kind === 'token') return Boolean(def.tokenScope && actor.scopes?.includes(def.tokenScope));
  return actor.roles.some((g) => {
    if (!def.roles.includes(g.role)) return false;
    if (def.scope === 'province' || PROVINCE_WIDE.includes(g.role)) return true;
    return orgId == null || g.orgId === orgId;
  });
}

export function requirePermission(actor: Actor, permission: string, orgId?: string | null): void {
  if (!can(actor, permission, orgId)) throw new ForbiddenError();
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((g) => roles.includes(g.role));
}

/** Organisations the actor acts for (empty for province-wide roles, which see everything). */
export function actorOrgIds(actor: Actor): string[] {
  return [...new Set(actor.roles.map((g) => g.orgId))];
}

export function isProvinceWide(actor: Actor): boolean {
  return actor.kind === 'system' || actor.roles.some((g) => PROVINCE_WIDE.includes(g.role));
}

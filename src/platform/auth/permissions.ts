import { ForbiddenError } from '../errors.ts';

/** A role name, as registered by a module manifest (`roles`); not a closed list in code or in the database. */
export type Role = string;

/**
 * A role a module contributes. Staff roles are granted per organisation (user_roles); `provinceWide` roles act
 * everywhere whatever organisation the grant names; `grantable: false` roles are never granted by an admin
 * (the citizen role is given by signing in through the national SSO).
 */
export interface RoleDef {
  name: string;
  /** Locale key of the label shown when granting it. */
  labelKey: string;
  provinceWide?: boolean;
  grantable?: boolean;
}

const roleRegistry = new Map<string, RoleDef>();

export function defineRoles(defs: RoleDef[]): void {
  for (const d of defs) {
    const prior = roleRegistry.get(d.name);
    if (prior && JSON.stringify(prior) !== JSON.stringify(d)) throw new Error(`Role ${d.name} is registered twice with different definitions`);
    roleRegistry.set(d.name, d);
  }
}

export function roleDefs(): RoleDef[] {
  return [...roleRegistry.values()];
}

/** Roles an administrator may grant to a staff account. */
export function grantableRoles(): RoleDef[] {
  return roleDefs().filter((r) => r.grantable !== false);
}

export function isGrantableRole(name: string): boolean {
  const d = roleRegistry.get(name);
  return Boolean(d && d.grantable !== false);
}

/** Boot check: every permission names registered roles only, so a typo fails at start, not at request time. */
export function checkRoleRegistry(): void {
  const problems: string[] = [];
  for (const p of registry.values()) for (const r of p.roles) if (!roleRegistry.has(r)) problems.push(`permission ${p.name} names unknown role ${r}`);
  if (problems.length) throw new Error(`Roles and permissions do not match (declare roles in a module manifest):\n - ${problems.join('\n - ')}`);
}

export interface RoleGrant {
  role: Role;
  orgId: string;
}

/**
 * Who is acting: a signed-in staff user, a citizen signed in through the national SSO, an integration token,
 * the system itself (jobs, seed) or an anonymous visitor. For users and citizens `id` is the principal id
 * (a staff principal shares its user's id).
 */
export interface Actor {
  kind: 'user' | 'citizen' | 'token' | 'system' | 'anonymous';
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

// Roles registered provinceWide (admin and coordinator, the provincial Centre) act province-wide whatever
// organisation their grant names.
const provinceWide = (role: string) => roleRegistry.get(role)?.provinceWide === true;

export function can(actor: Actor, permission: string, orgId?: string | null): boolean {
  if (actor.kind === 'system') return true;
  const def = registry.get(permission);
  if (!def) throw new Error(`Unknown permission ${permission}`);
  if (actor.kind === 'token') return Boolean(def.tokenScope && actor.scopes?.includes(def.tokenScope));
  return actor.roles.some((g) => {
    if (!def.roles.includes(g.role)) return false;
    if (def.scope === 'province' || provinceWide(g.role)) return true;
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
  return actor.kind === 'system' || actor.roles.some((g) => provinceWide(g.role));
}

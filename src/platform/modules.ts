import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.ts';
import type { Database, Db } from './db/database.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Jobs } from './jobs/jobs.ts';
import type { Storage } from './storage/storage.ts';
import type { PermissionDef, RoleDef, Actor } from './auth/permissions.ts';
import type { Logger } from './logger.ts';
import type { EventBus } from './events/bus.ts';
import type { CacheListener, EventHandler } from './events/events.ts';

/** What the composition root hands to every module: no globals, no container. */
export interface AppDeps {
  config: Config;
  database: Database;
  db: Db;
  mailer: Mailer;
  jobs: Jobs;
  storage: Storage;
  logger: Logger;
  /** Domain events: the outbox dispatcher, dead letters, this node's LISTEN connection (ADR 0007). */
  events: EventBus;
  /** Modules publish their service interface here under a typed token; others resolve it (ADR 0009). */
  services: ServiceRegistry;
  /** Every module's manifest `stats`, by name: KPIs and reports read figures without importing the module list. */
  stats: StatsRegistry;
}

declare const serviceType: unique symbol;

/**
 * A typed key for a module's service: `export const FeedbackToken = serviceToken<FeedbackApi>('feedback')` in
 * the providing module's index.ts; `deps.services.get(FeedbackToken)` then returns a `FeedbackApi`, no cast.
 * The name is what error messages and the registration-order check show.
 */
export interface ServiceToken<T> {
  readonly name: string;
  /** Phantom: carries T for the compiler only. */
  readonly [serviceType]?: T;
}

export function serviceToken<T>(name: string): ServiceToken<T> {
  return Object.freeze({ name }) as ServiceToken<T>;
}

type Key = string | ServiceToken<unknown>;
const keyName = (k: Key): string => (typeof k === 'string' ? k : k.name);

export class ServiceRegistry {
  private readonly map = new Map<string, unknown>();
  private readonly owners = new Map<string, string>();
  /** The module whose `services` hook is running (set by startModules), named in duplicate-registration errors. */
  current: string | undefined;

  provide<T>(token: ServiceToken<T>, service: T): T;
  /** @deprecated Publish under a typed token from your index.ts: `serviceToken<YourApi>('name')` (ADR 0009). */
  provide<T>(name: string, service: T): T;
  provide<T>(key: ServiceToken<T> | string, service: T): T {
    const name = keyName(key);
    const owner = this.owners.get(name);
    // Twice during boot is a wiring mistake; afterwards a test may stand in for a service on purpose.
    if (this.current !== undefined && owner !== undefined && this.map.get(name) !== service) throw new Error(`Service '${name}' is registered twice (by module '${owner}' and by '${this.current ?? '?'}')`);
    this.map.set(name, service);
    this.owners.set(name, this.current ?? '?');
    return service;
  }

  /** The service behind a token; throws, naming it, when no module registered it (yet). */
  get<T>(token: ServiceToken<T>): T;
  /** @deprecated Resolve through the providing module's typed token instead of a name and a cast (ADR 0009). */
  get<T>(name: string): T;
  get<T>(key: ServiceToken<T> | string): T {
    const name = keyName(key);
    if (!this.map.has(name)) {
      throw new Error(`Service '${name}' is not registered: is its module in src/modules/index.ts, listed before the module that uses it, and does that module declare it in \`requires\`?`);
    }
    return this.map.get(name) as T;
  }

  /** The service behind a token, or undefined when its module is not installed (an optional collaboration). */
  optional<T>(token: ServiceToken<T>): T | undefined {
    return this.map.get(token.name) as T | undefined;
  }

  has(key: Key): boolean {
    return this.map.has(keyName(key));
  }
}

/** Stats providers of every module by qualified name (`content.publishedGuides`); a bare key gets its module's prefix. */
export class StatsRegistry {
  private readonly byName = new Map<string, StatProvider>();
  constructor(modules: readonly Pick<ModuleManifest, 'name' | 'stats'>[]) {
    for (const m of modules) {
      for (const [key, provider] of Object.entries(m.stats ?? {})) {
        const name = key.startsWith(`${m.name}.`) ? key : `${m.name}.${key}`;
        if (this.byName.has(name)) throw new Error(`Stat '${name}' is contributed twice (module '${m.name}')`);
        this.byName.set(name, provider);
      }
    }
  }
  get(name: string): StatProvider | undefined {
    return this.byName.get(name);
  }
  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}

export interface StaffNavEntry {
  href: string;
  labelKey: string;
  /** Shown only to actors holding this permission (the service still checks). */
  permission?: string;
  order?: number;
}

/** A named statistic other modules (KPIs, reports) can read without knowing this module's tables. */
/**
 * A computed figure. A rate can say how many cases it rests on (`n`) and below which sample the owning module
 * considers it unreliable (`minSample`), so every page or report showing it can warn.
 */
export type StatValue = number | null | { value: number | null; n: number; minSample?: number };
export type StatProvider = (deps: AppDeps, query: { from?: string; to?: string; orgId?: string }) => Promise<StatValue>;

export interface SeedOptions {
  demo: boolean;
  log: (msg: string) => void;
}

/**
 * A feature module's manifest (modelled on Decidim's component.rb): routes, permissions, staff navigation,
 * the stats it contributes, its seed and its background jobs. src/modules/index.ts lists modules in order.
 */
export interface ModuleManifest {
  name: string;
  /**
   * Services this module publishes (the tokens its `services` hook provides). Boot checks that every token is
   * really provided, and that modules which `require` it come after this one.
   */
  provides?: ServiceToken<unknown>[];
  /**
   * Services this module cannot work without: boot stops with a message naming the missing service and module
   * when one is absent or registered later. Optional collaborations use `deps.services.optional(token)` instead.
   */
  requires?: ServiceToken<unknown>[];
  /** Roles this module contributes (registered before any permission is checked; see ADR 0008). */
  roles?: RoleDef[];
  permissions?: PermissionDef[];
  staffNav?: StaffNavEntry[];
  stats?: Record<string, StatProvider>;
  /** Create the module's service(s) and publish them in deps.services. Runs before any routes. */
  services?: (deps: AppDeps) => void;
  routes?: (app: FastifyInstance, deps: AppDeps) => Promise<void>;
  /** Reference data (always) and demo data (when opts.demo). Must be idempotent. */
  seed?: (deps: AppDeps, opts: SeedOptions) => Promise<void>;
  /**
   * Called once at start after every seed has run (seeds of large demo data run after the server listens):
   * refresh anything built in memory at start-up, such as a search index.
   */
  afterSeed?: (deps: AppDeps) => Promise<void>;
  /**
   * Durable reactions to events (any module's): run at least once, on one node, deduplicated per (event,
   * handler), retried with backoff, then dead-lettered. Mail and in-app notifications belong here.
   */
  eventHandlers?: (deps: AppDeps) => EventHandler[];
  /** In-memory caches to drop on every node when an event commits (LISTEN/NOTIFY on PostgreSQL). */
  cacheListeners?: (deps: AppDeps) => CacheListener[];
  /** Register job handlers and schedules. */
  jobs?: (deps: AppDeps) => Promise<void>;
}

/** Register every module's roles and permissions and check that they match. Used by app and seed boot. */
export function registerRolesAndPermissions(modules: ModuleManifest[], define: { roles: (d: RoleDef[]) => void; permissions: (d: PermissionDef[]) => void; check: () => void }): void {
  for (const m of modules) if (m.roles) define.roles(m.roles);
  for (const m of modules) if (m.permissions) define.permissions(m.permissions);
  define.check();
}

export function staffNavFor(modules: ModuleManifest[], actor: Actor, can: (a: Actor, p: string) => boolean) {
  return modules
    .flatMap((m) => m.staffNav ?? [])
    .filter((e) => !e.permission || can(actor, e.permission))
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}

/**
 * Check the modules' declared contracts before anything runs: each required service is provided by exactly one
 * module listed earlier. Throws one message listing every problem, naming modules and services.
 */
export function checkModuleContracts(modules: readonly ModuleManifest[]): void {
  const providers = new Map<string, { module: string; index: number }>();
  const problems: string[] = [];
  modules.forEach((m, index) => {
    for (const t of m.provides ?? []) {
      const other = providers.get(t.name);
      if (other) problems.push(`service '${t.name}' is provided by both module '${other.module}' and module '${m.name}'`);
      else providers.set(t.name, { module: m.name, index });
    }
  });
  modules.forEach((m, index) => {
    for (const t of m.requires ?? []) {
      const p = providers.get(t.name);
      if (!p) problems.push(`module '${m.name}' requires service '${t.name}', which no registered module provides (add the module that provides it to src/modules/index.ts)`);
      else if (p.index === index) problems.push(`module '${m.name}' requires service '${t.name}', which it provides itself`);
      else if (p.index > index) problems.push(`module '${m.name}' requires service '${t.name}' from module '${p.module}', which is registered after it: list '${p.module}' before '${m.name}' in src/modules/index.ts`);
    }
  });
  if (problems.length) throw new Error(`Module contracts not met:\n  - ${problems.join('\n  - ')}`);
}

/** Run every module's `services` hook in order, after checking contracts; verify each declared `provides`. */
export function startModuleServices(modules: readonly ModuleManifest[], deps: AppDeps): void {
  checkModuleContracts(modules);
  for (const m of modules) {
    deps.services.current = m.name;
    try {
      m.services?.(deps);
    } finally {
      deps.services.current = undefined;
    }
    for (const t of m.provides ?? []) {
      if (!deps.services.has(t)) throw new Error(`Module contracts not met:\n  - module '${m.name}' declares that it provides service '${t.name}', but its services hook did not register it`);
    }
  }
}

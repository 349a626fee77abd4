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
  /** Modules publish their service interface here; other modules call it instead of touching its tables. */
  services: ServiceRegistry;
}

export class ServiceRegistry {
  private readonly map = new Map<string, unknown>();
  provide<T>(name: string, service: T): T {
    this.map.set(name, service);
    return service;
  }
  get<T>(name: string): T {
    if (!this.map.has(name)) throw new Error(`Service ${name} is not registered (check module order in src/modules/index.ts)`);
    return this.map.get(name) as T;
  }
  has(name: string): boolean {
    return this.map.has(name);
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

import type { Config } from './platform/config/config.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { createMailer } from './platform/mail/mailer.ts';
import { createJobs } from './platform/jobs/jobs.ts';
import { createEventBus, wireEvents } from './platform/events/bus.ts';
import { createLocalStorage } from './platform/storage/storage.ts';
import { ServiceRegistry, StatsRegistry, registerRolesAndPermissions, startModuleServices, type AppDeps, type ModuleManifest } from './platform/modules.ts';
import { checkRoleRegistry, definePermissions, defineRoles } from './platform/auth/permissions.ts';
import { modules as allModules } from './modules/index.ts';
import type { Logger } from './platform/logger.ts';

/** Modules whose seed must finish before the server listens (the rest fill in right after). */
export const EARLY_SEED_MODULES = new Set(['home', 'organisations', 'accounts']);

/** Run every module's seed in order (reference data always, demo data when asked). Idempotent. */
export async function runSeeds(
  config: Config,
  database: Database,
  opts: { demo: boolean; log: (m: string) => void; logger: Logger; include?: (m: ModuleManifest) => boolean },
  modules: ModuleManifest[] = allModules,
): Promise<void> {
  // Not attached to the database: the app (if running) keeps its own bus; seeds' events are delivered below.
  const deps = startOffline(config, database, opts.logger, modules);
  for (const m of modules) {
    if (!m.seed || (opts.include && !opts.include(m))) continue;
    const started = Date.now();
    await m.seed(deps, { demo: opts.demo, log: opts.log });
    const ms = Date.now() - started;
    if (ms > 500) opts.log(`${m.name}: seed took ${ms} ms`);
  }
  // Handlers of the events the seeds emitted (mail, notifications) run now, so seeded data is complete.
  await deps.events.deliverDue({ limit: 100_000 });
  deps.mailer.close();
}

/**
 * Every module's services without a web server or job workers (seeds and command-line tools): roles and
 * permissions registered, contracts checked, services started, event handlers wired (delivered by the caller).
 */
export function startOffline(config: Config, database: Database, logger: Logger, modules: ModuleManifest[] = allModules): AppDeps {
  const jobs = createJobs(database, false, logger);
  const deps: AppDeps = {
    config,
    database,
    db: database.db,
    mailer: createMailer(database.db, config, logger),
    jobs,
    storage: createLocalStorage(config.storageDir),
    logger,
    events: createEventBus({ database, jobs, logger }),
    services: new ServiceRegistry(),
    stats: new StatsRegistry(modules),
  };
  registerRolesAndPermissions(modules, { roles: defineRoles, permissions: definePermissions, check: checkRoleRegistry });
  startModuleServices(modules, deps);
  wireEvents(deps, modules, { scheduleSweep: false });
  return deps;
}

export async function openMigrated(config: Config, log: (m: string) => void, onPoolError?: (e: Error) => void): Promise<Database> {
  const database = await openDatabase(config, { onPoolError });
  try {
    await migrate(database, log);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

export const consoleLogger: Logger = {
  info: (...a: unknown[]) => console.log(...a.filter((x) => typeof x === 'string')),
  warn: (...a: unknown[]) => console.warn(...a.filter((x) => typeof x === 'string')),
  error: (...a: unknown[]) => console.error(...a),
  debug: () => {},
  child() {
    return consoleLogger;
  },
} as unknown as Logger;

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../src/platform/config/config.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { runSeeds, consoleLogger } from '../src/boot.ts';
import { buildApp } from '../src/app.ts';

/**
 * What the API benches share: a scratch database (a fresh one on DATABASE_URL's server, dropped afterwards, or
 * in-memory PGlite), a config with jobs, demo data and rate limits out of the way, the named modules' seeds, and
 * the app listening on a free loopback port.
 */
export async function startBenchApp(opts: { tag: string; seedModules: string[]; env?: Record<string, string> }) {
  let dropDb: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  if (process.env.DATABASE_URL) {
    const name = `dvc_bench_${opts.tag}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDb = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const config: Config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), `dvc-bench-${opts.tag}-`)),
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    SEED_DEMO: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
    ...opts.env,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const quiet = { ...consoleLogger, info: () => {} } as typeof consoleLogger;
  const database: Database = await openDatabase(config, { inMemory: true });
  await migrate(database, () => {});
  await runSeeds(config, database, { demo: false, log: () => {}, logger: quiet, include: (m) => opts.seedModules.includes(m.name) });
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return { config, database, app, port, databaseUrl, dropDb: async () => dropDb?.() };
}

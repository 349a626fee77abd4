import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../platform/config/config.ts';
import { openDatabase } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrate.ts';
import { runSeeds, consoleLogger } from '../boot.ts';
import { testEnv } from './env.ts';

/**
 * Build one migrated, seeded template per test run; every test file then clones it (PGlite: load the dumped
 * data directory, ~0.4 s; PostgreSQL: CREATE DATABASE … TEMPLATE, ~0.1 s) instead of re-running initdb.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'dvc-test-'));
  const quiet = { ...consoleLogger, info: () => {} } as typeof consoleLogger;
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const templateName = `dvc_tpl_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${templateName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${templateName}`;
    const config = loadConfig(testEnv(dir, url.toString()));
    const database = await openDatabase(config);
    await migrate(database);
    await runSeeds(config, database, { demo: true, log: () => {}, logger: quiet });
    await database.close();
    project.provide('template', { kind: 'postgres', adminUrl, name: templateName, dir });
    return async () => {
      // Drop the template and any per-file database a crashed worker left behind.
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
        [templateName, `dvc_t_${process.pid}_%`],
      );
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const config = loadConfig(testEnv(dir));
  const database = await openDatabase(config, { inMemory: true });
  await migrate(database);
  await runSeeds(config, database, { demo: true, log: () => {}, logger: quiet });
  const dump = await database.pglite!.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('template', { kind: 'pglite', file, dir, prefix: `dvc_t_${process.pid}_` });
  return async () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    template: { kind: 'pglite' | 'postgres'; file?: string; adminUrl?: string; name?: string; dir: string; prefix?: string };
  }
}

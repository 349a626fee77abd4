import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

/**
 * One set of plain SQL migrations, written for PostgreSQL 15, applied the same way to PGlite and PostgreSQL.
 * Files live in src/platform/migrations and src/modules/<feature>/migrations; they are applied in the order of
 * their numeric prefix across all folders (ranges per module are listed in src/modules/README.md). A landed
 * migration must never change: its checksum is recorded and a mismatch stops the start.
 */
const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface MigrationFile {
  name: string;
  path: string;
  sql: string;
  checksum: string;
}

export function listMigrations(root = srcDir): MigrationFile[] {
  const dirs = [join(root, 'platform', 'migrations')];
  const modulesDir = join(root, 'modules');
  if (existsSync(modulesDir)) {
    for (const entry of readdirSync(modulesDir, { withFileTypes: true })) {
      const dir = join(modulesDir, entry.name, 'migrations');
      if (entry.isDirectory() && existsSync(dir)) dirs.push(dir);
    }
  }
  const files: MigrationFile[] = [];
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      if (!/^\d{4}_[a-z0-9_]+\.sql$/.test(name)) continue;
      const path = join(dir, name);
      const sql = readFileSync(path, 'utf8');
      files.push({ name, path, sql, checksum: createHash('sha256').update(sql).digest('hex') });
    }
  }
  files.sort((a, b) => a.name.localeCompare(b.name));
  const seen = new Set<string>();
  for (const f of files) {
    const prefix = f.name.slice(0, 4);
    if (seen.has(prefix)) throw new Error(`Two migrations share the number ${prefix}: rename one (${f.path})`);
    seen.add(prefix);
  }
  return files;
}

export class MigrationChecksumError extends Error {}

// Arbitrary constant for pg_advisory_lock so that several app nodes starting together migrate one at a time.
const MIGRATION_LOCK_KEY = 7261588;

export async function migrate(database: Database, log: (msg: string) => void = () => {}): Promise<string[]> {
  const client = await database.pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations');
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const file of listMigrations()) {
      const recorded = done.get(file.name);
      if (recorded !== undefined) {
        if (recorded !== file.checksum) {
          throw new MigrationChecksumError(
            `Migration ${file.name} was changed after it was applied. Landed migrations must not be edited; add a new one.`,
          );
        }
        continue;
      }
      log(`applying migration ${file.name}`);
      await client.query('BEGIN');
      try {
        await client.query(file.sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file.name, file.checksum]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${file.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(file.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
  return applied;
}

/** For /readyz: are all migration files applied? */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const { rows } = await database.pool.query<{ name: string }>('SELECT name FROM schema_migrations');
  const done = new Set(rows.map((r) => r.name));
  return listMigrations()
    .map((f) => f.name)
    .filter((n) => !done.has(n));
}

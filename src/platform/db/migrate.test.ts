import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers.ts';
import { listMigrations, migrate, MigrationChecksumError, pendingMigrations } from './migrate.ts';

describe('migrations', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t.close());

  it('are numbered uniquely across platform and modules, in order', () => {
    const files = listMigrations();
    expect(files.length).toBeGreaterThanOrEqual(3);
    const names = files.map((f) => f.name);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names.map((n) => n.slice(0, 4))).size).toBe(names.length);
  });

  it('are all recorded and re-running applies nothing', async () => {
    expect(await pendingMigrations(t.database)).toEqual([]);
    expect(await migrate(t.database)).toEqual([]);
    const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(listMigrations().length);
  });

  it('refuse to start when a landed migration was edited', async () => {
    await t.database.pool.query(`UPDATE schema_migrations SET checksum = 'edited' WHERE name = '0001_platform.sql'`);
    await expect(migrate(t.database)).rejects.toBeInstanceOf(MigrationChecksumError);
  });

  it('give the same Vietnamese folding in SQL as in the app', async () => {
    const { rows } = await t.database.pool.query(`SELECT vn_fold('Đăng Ký Khai Sinh ở Hưng Yên') AS f`);
    expect(rows[0].f).toBe('dang ky khai sinh o hung yen');
  });
});

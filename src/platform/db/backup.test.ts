import { describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { buildTestApp } from '../../test/helpers.ts';
import { loadConfig } from '../config/config.ts';
import { testEnv } from '../../test/env.ts';
import { openDatabase } from './database.ts';
import { fingerprint } from './backup.ts';

const kind = inject('template').kind;

describe('backup and restore round trip', () => {
  it('restores into a fresh database with the same row counts and feedback/ledger/audit hashes', async () => {
    const t = await buildTestApp();
    try {
      // Data in the three audited tables, beyond the seed.
      const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: 'hoi-dap', description: 'Câu hỏi trước khi sao lưu', lat: 20.6, long: 106.05 } });
      expect(res.statusCode).toBe(201);
      const before = await fingerprint(t.database.db as never);
      expect(before.counts.fb_items).toBeGreaterThan(0);
      expect(before.counts.audit_log).toBeGreaterThan(0);
      expect(Object.keys(before.hashes)).toEqual(['fb_items', 'fb_ledger', 'audit_log']);

      const dir = mkdtempSync(join(tmpdir(), 'dvc-restore-'));
      if (kind === 'pglite') {
        // A consistent snapshot taken through the running instance (no copy of a live directory).
        const dump = await t.database.pglite!.dumpDataDir('gzip');
        const restored = await openDatabase(loadConfig(testEnv(dir)), { loadDataDir: dump });
        try {
          expect(await fingerprint(restored.db as never)).toEqual(before);
        } finally {
          await restored.close();
        }
      } else {
        const url = t.config.databaseUrl!;
        const file = join(dir, 'backup.dump');
        execFileSync('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, url]);
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        const name = `dvc_restore_${process.pid}_${Date.now().toString(36)}`;
        await admin.query(`CREATE DATABASE ${name}`);
        const target = new URL(url);
        target.pathname = `/${name}`;
        try {
          execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.toString()}`, file]);
          const restored = await openDatabase(loadConfig(testEnv(dir, target.toString())));
          try {
            expect(await fingerprint(restored.db as never)).toEqual(before);
          } finally {
            await restored.close();
          }
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.end();
        }
      }
      // The hash sees a changed value.
      await sql`UPDATE fb_items SET title = title || '!' WHERE id = (SELECT min(id::text)::uuid FROM fb_items)`.execute(t.database.db);
      expect((await fingerprint(t.database.db as never)).hashes.fb_items).not.toBe(before.hashes.fb_items);
    } finally {
      await t.close();
    }
  }, 180_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../platform/config/config.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { testEnv } from '../../test/env.ts';
import { buildTestApp, DEMO, FORM, form, sessionFor, type TestApp } from '../../test/helpers.ts';
import { generateApiToken } from '../../platform/auth/api-tokens.ts';
import { fingerprint } from '../../platform/db/backup.ts';

/** Issue 10: a consistent backup of the RUNNING PGlite instance, admin only and audited, restored into a fresh directory. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

describe.skipIf(process.env.DATABASE_URL)('backup of a running PGlite instance', () => {
  it('only an admin (or a system:backup token) gets a dump; others are refused before anything is done', async () => {
    for (const email of [DEMO.coordinator, DEMO.editor, DEMO.viewer]) {
      const s = await sessionFor(t.database, email);
      const res = await t.app.inject({ method: 'POST', url: '/quan-tri/sao-luu', headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf }) });
      expect(res.statusCode, email).toBe(403);
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/backup' })).statusCode).toBe(403);
    const wrong = generateApiToken();
    await t.database.db.insertInto('api_tokens').values({ name: 'wrong-scope', token_prefix: wrong.prefix, token_hash: wrong.hash, scopes: ['feedback:write'] }).execute();
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/backup', headers: { authorization: `Bearer ${wrong.token}` } })).statusCode).toBe(403);
  });

  it('while the app runs and writes, the dump restores into a fresh data directory with equal counts and hashes', async () => {
    // writes before and during the dump
    await t.app.inject({ method: 'POST', url: '/api/v1/feedback', payload: { kind: 'hoi-dap', body: 'Câu hỏi trước khi sao lưu để so sánh dữ liệu' } });
    const admin = await sessionFor(t.database, DEMO.admin);
    const res = await t.app.inject({ method: 'POST', url: '/quan-tri/sao-luu', headers: { ...FORM, cookie: admin.cookie }, payload: form({ _csrf: admin.csrf }) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/gzip');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="dvc-.*\.tar\.gz"/);
    const live = await fingerprint(t.database.db as never);
    // restore into a fresh directory, as `npm run restore` does
    const dataDir = mkdtempSync(join(tmpdir(), 'dvc-restore-'));
    const restored = await PGlite.create({ dataDir: join(dataDir, 'pgdata'), loadDataDir: new Blob([new Uint8Array(res.rawPayload)]), extensions: { unaccent, pg_trgm } });
    await restored.close();
    const reopened = await openDatabase(loadConfig(testEnv(dataDir)));
    try {
      expect(await fingerprint(reopened.db as never)).toEqual(live);
      // the dump holds its own audit row
      const a = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'system.backup'`.execute(reopened.db);
      expect(a.rows[0]!.n).toBe(1);
    } finally {
      await reopened.close();
    }
    // the API form with a system:backup token
    const tok = generateApiToken();
    await t.database.db.insertInto('api_tokens').values({ name: 'backup-cli', token_prefix: tok.prefix, token_hash: tok.hash, scopes: ['system:backup'] }).execute();
    const viaToken = await t.app.inject({ method: 'POST', url: '/api/v1/backup', headers: { authorization: `Bearer ${tok.token}` } });
    expect(viaToken.statusCode).toBe(200);
    expect(viaToken.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
});

import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../platform/config/config.ts';
import { openDatabase, type Database } from '../platform/db/database.ts';
import { buildApp } from '../app.ts';
import { testEnv } from './env.ts';
import { randomToken, sha256 } from '../platform/auth/tokens.ts';

export interface TestDb {
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** A fresh database cloned from the run's migrated, seeded template. */
export async function createTestDb(extraEnv: Record<string, string> = {}): Promise<TestDb> {
  const tpl = inject('template');
  const dir = mkdtempSync(join(tmpdir(), 'dvc-file-'));
  if (tpl.kind === 'pglite') {
    const config = loadConfig(testEnv(dir, undefined, extraEnv));
    const blob = new Blob([readFileSync(tpl.file!)]);
    const database = await openDatabase(config, { loadDataDir: blob });
    return { database, config, close: () => database.close() };
  }
  const name = `dvc_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: tpl.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl.name}`);
  const url = new URL(tpl.adminUrl!);
  url.pathname = `/${name}`;
  const config = loadConfig(testEnv(dir, url.toString(), extraEnv));
  const database = await openDatabase(config);
  return {
    database,
    config,
    async close() {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface TestApp extends TestDb {
  app: FastifyInstance;
}

export async function buildTestApp(extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const tdb = await createTestDb(extraEnv);
  const app = await buildApp({ config: tdb.config, database: tdb.database, logger: false });
  await app.ready();
  return {
    ...tdb,
    app,
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}

/** Cookies from a response, as a Cookie header value merged over previous ones. */
export function mergeCookies(previous: string, res: LightMyRequestResponse): string {
  const jar = new Map(previous.split('; ').filter(Boolean).map((c) => [c.split('=')[0]!, c] as const));
  for (const c of res.cookies) {
    if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0)) jar.delete(c.name);
    else jar.set(c.name, `${c.name}=${c.value}`);
  }
  return [...jar.values()].join('; ');
}

/** Extract the CSRF token from a rendered page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on page');
  return m[1]!;
}

/** An anonymous visitor: a cookie jar and the CSRF token that goes with it. */
export async function anonymousVisitor(app: FastifyInstance, path = '/dang-nhap'): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject({ method: 'GET', url: path });
  return { cookie: mergeCookies('', res), csrf: csrfFrom(res.body) };
}

/**
 * A signed-in staff member without going through the login form (which has its own tests): a session row
 * is created directly, fully authenticated. Returns the cookie and that session's CSRF token.
 */
export async function sessionFor(database: Database, email: string): Promise<{ cookie: string; csrf: string; userId: string }> {
  const user = await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const token = randomToken();
  const csrf = randomToken(24);
  await database.db
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: user.id, csrf_token: csrf, mfa_passed: true, ip: '127.0.0.1', user_agent: 'test', expires_at: new Date(Date.now() + 3600_000) })
    .execute();
  return { cookie: `dvc_sid=${token}`, csrf, userId: user.id };
}

export function form(data: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(data)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const DEMO = {
  admin: 'admin@demo.dvc-hub.vn',
  coordinator: 'trungtam@demo.dvc-hub.vn',
  headSkhcn: 'lanhdao.skhcn@demo.dvc-hub.vn',
  officerSkhcn: 'canbo.skhcn@demo.dvc-hub.vn',
  officerStp: 'canbo.stp@demo.dvc-hub.vn',
  editor: 'bientap@demo.dvc-hub.vn',
  editorStp: 'bientap.stp@demo.dvc-hub.vn',
  collaborator: 'congtacvien@demo.dvc-hub.vn',
  viewer: 'xem@demo.dvc-hub.vn',
  password: 'HungYen-demo-2025',
};

export async function orgId(database: Database, code: string): Promise<string> {
  const row = await database.db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

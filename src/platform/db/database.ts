import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { Config } from '../config/config.ts';
import { acquireLock, type FileLock } from './lock.ts';
import type { PlatformTables } from './tables.ts';

// pg returns int8 (count(*), bigserial) as strings; our ids and counts fit in a JS number, so parse them.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric stays a string on purpose (money, exact decimals) — parse where needed.

export type Db = Kysely<PlatformTables>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  pool: pg.Pool;
  /** The embedded engine, when kind is 'pglite' (tests dump it to build a template). */
  pglite?: PGlite;
  /** Run raw SQL text (migrations, scripts) outside Kysely. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PGlite only: start from a dumped data directory (a migrated test template) instead of DATA_DIR. */
  loadDataDir?: Blob;
  /** PGlite only: keep everything in memory (tests). */
  inMemory?: boolean;
  onPoolError?: (err: Error) => void;
}

export async function openDatabase(config: Config, options: OpenOptions = {}): Promise<Database> {
  return config.databaseUrl ? openPostgres(config, options) : openPglite(config, options);
}

async function openPostgres(config: Config, options: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.dbPoolMax,
    connectionTimeoutMillis: config.dbConnectTimeoutMs,
    idleTimeoutMillis: 30_000,
    // Server-side limits so a long lock or a stuck client can never hang a request forever.
    statement_timeout: config.dbStatementTimeoutMs,
    idle_in_transaction_session_timeout: config.dbIdleInTransactionTimeoutMs,
    // Client-side limit too: if the server vanishes mid-query, give up a little after the server would.
    query_timeout: config.dbStatementTimeoutMs + 2000,
    application_name: 'dvc-hub',
    options: '-c TimeZone=UTC',
  });
  // Without these handlers a dropped connection (database restart, network cut) would crash the process:
  // the pool only listens to *idle* clients, so a client checked out just as its socket dies needs its own.
  pool.on('error', (err) => options.onPoolError?.(err));
  pool.on('connect', (client) => {
    client.on('error', (err) => options.onPoolError?.(err));
  });
  const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    pool,
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPglite(config: Config, options: OpenOptions): Promise<Database> {
  let lock: FileLock | undefined;
  let dataDir: string | undefined;
  if (!options.inMemory && !options.loadDataDir) {
    mkdirSync(config.dataDir, { recursive: true });
    dataDir = join(config.dataDir, 'pgdata');
    lock = acquireLock(join(config.dataDir, 'pgdata.lock'));
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir,
      loadDataDir: options.loadDataDir,
      extensions: { unaccent, pg_trgm },
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  // Exactly one pg.Pool per PGlite instance (stack-notes §1.6): a second one corrupts the protocol stream.
  const pool = new pg.Pool(createPgConfig(pglite) as pg.PoolConfig);
  pool.on('error', (err) => options.onPoolError?.(err));
  const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) });
  await pool.query(`SET TIME ZONE 'UTC'`);
  return {
    kind: 'pglite',
    db,
    pool,
    pglite,
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

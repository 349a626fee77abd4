import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { loadConfig } from '../platform/config/config.ts';
import { openDatabase } from '../platform/db/database.ts';
import { fingerprint } from '../platform/db/backup.ts';
import { DataDirLockedError } from '../platform/db/lock.ts';

/**
 * npm run backup [-- file]   /   npm run restore -- file
 * PostgreSQL (DATABASE_URL): pg_dump --format=custom / pg_restore --clean (the app may keep running).
 * PGlite (DATA_DIR): a consistent snapshot through PGlite's own dumpDataDir, never a copy of the live directory.
 * When the app is running (it holds the data directory lock, or BACKUP_URL is set) the dump is taken by the app
 * itself: POST {BACKUP_URL or PUBLIC_URL}/api/v1/backup with BACKUP_TOKEN (scope system:backup, audited).
 * Restore writes into an EMPTY data directory.
 * Both print the row counts and feedback/ledger/audit hashes, to compare after a restore.
 */
const [cmd, arg] = process.argv.slice(2);
const config = loadConfig();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');

async function show(label: string, open: () => Promise<{ db: unknown; close(): Promise<void> }>) {
  const d = await open();
  try {
    console.log(label, JSON.stringify(await fingerprint(d.db as never)));
  } finally {
    await d.close();
  }
}

if (cmd === 'backup') {
  mkdirSync(join(config.dataDir, '..', 'backups'), { recursive: true });
  if (config.databaseUrl) {
    const file = resolve(arg ?? join(config.dataDir, '..', 'backups', `dvc-${stamp}.dump`));
    execFileSync('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, config.databaseUrl], { stdio: 'inherit' });
    await show('fingerprint', () => openDatabase(config));
    console.log(`backup written: ${file}`);
  } else {
    const file = resolve(arg ?? join(config.dataDir, '..', 'backups', `dvc-${stamp}.tar.gz`));
    // The app running holds the data directory lock: then ask IT for the dump (POST /api/v1/backup, a token with
    // scope system:backup in BACKUP_TOKEN; BACKUP_URL, default PUBLIC_URL). Otherwise dump offline.
    let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
    try {
      database = process.env.BACKUP_URL ? undefined : await openDatabase(config);
    } catch (err) {
      if (!(err instanceof DataDirLockedError)) throw err;
    }
    if (!database) {
      const base = (process.env.BACKUP_URL || config.publicUrl).replace(/\/$/, '');
      if (!process.env.BACKUP_TOKEN) {
        console.error(`The app is running (data directory locked). Set BACKUP_TOKEN to an API token with scope system:backup (/quan-tri/khoa-api) to back up through ${base}/api/v1/backup, or stop the app.`);
        process.exit(3);
      }
      const res = await fetch(`${base}/api/v1/backup`, { method: 'POST', headers: { authorization: `Bearer ${process.env.BACKUP_TOKEN}` } });
      if (!res.ok) {
        console.error(`backup through ${base} failed: ${res.status} ${await res.text()}`);
        process.exit(4);
      }
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      console.log(`backup written (from the running app): ${file}`);
      process.exit(0);
    }
    try {
      const dump = await database.pglite!.dumpDataDir('gzip');
      writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      console.log('fingerprint', JSON.stringify(await fingerprint(database.db as never)));
    } finally {
      await database.close();
    }
    console.log(`backup written: ${file}`);
  }
} else if (cmd === 'restore' && arg) {
  const file = resolve(arg);
  if (config.databaseUrl) {
    execFileSync('pg_restore', ['--clean', '--if-exists', '--no-owner', '--exit-on-error', `--dbname=${config.databaseUrl}`, file], { stdio: 'inherit' });
    await show('fingerprint', () => openDatabase(config));
  } else {
    const dataDir = join(config.dataDir, 'pgdata');
    if (existsSync(dataDir) && readdirSync(dataDir).length) {
      console.error(`${dataDir} is not empty: restore into a new DATA_DIR (or move the old one away first).`);
      process.exit(2);
    }
    mkdirSync(dataDir, { recursive: true });
    const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(file)]), extensions: { unaccent, pg_trgm } });
    await pglite.close();
    await show('fingerprint', () => openDatabase(config));
  }
  console.log(`restored from ${file}`);
} else {
  console.error('usage: npm run backup [-- file] | npm run restore -- file');
  process.exit(1);
}

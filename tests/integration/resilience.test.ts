import { afterAll, describe, expect, inject, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/platform/config/config.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { buildApp } from '../../src/app.ts';
import { testEnv } from '../../src/test/env.ts';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Start `npm start`'s entry point as a real process. */
function start(dataDir: string, port: number): Started {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn', JOBS_ENABLED: 'false' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitFor(fn: () => boolean, ms: number, what: string) {
  const until = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const kind = inject('template').kind;

if (kind === 'pglite') {
  describe('embedded database: one process per data directory, crash-safe', () => {
    const running: ChildProcess[] = [];
    afterAll(() => running.forEach((c) => c.kill('SIGKILL')));

    it('refuses a second start on the same DATA_DIR, takes over after a crash, shuts down cleanly', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dvc-proc-'));
      const port = await freePort();
      const first = start(dir, port);
      running.push(first.child);
      await waitFor(() => first.output().includes('is running'), 90_000, 'first start');
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.status).toBe(200);

      const second = start(dir, await freePort());
      running.push(second.child);
      expect(await second.exited).toBe(3);
      expect(second.output()).toContain('Thư mục dữ liệu đang được tiến trình khác sử dụng');

      // A crash leaves the lock file behind; the next start sees its PID is gone and takes over.
      first.child.kill('SIGKILL');
      await first.exited;
      expect(existsSync(join(dir, 'pgdata.lock'))).toBe(true);
      const third = start(dir, port);
      running.push(third.child);
      await waitFor(() => third.output().includes('is running') || third.child.exitCode !== null, 90_000, 'restart');
      expect(third.output()).toContain('is running');
      const orgs = await (await fetch(`http://127.0.0.1:${port}/api/v1/organisations?type=ubnd_xa`)).json();
      expect(orgs.items.length).toBeGreaterThan(0);

      third.child.kill('SIGTERM');
      expect(await third.exited).toBe(0);
      expect(existsSync(join(dir, 'pgdata.lock'))).toBe(false);
    }, 240_000);
  });
} else {
  describe('PostgreSQL goes away and comes back', () => {
    it('answers 503 while the database is unreachable and recovers by itself', async () => {
      const tpl = inject('template');
      const target = new URL(tpl.adminUrl!);
      // A TCP proxy between the app and PostgreSQL that we can cut, like a database restart.
      let sockets: Socket[] = [];
      let proxy: Server | undefined;
      const proxyPort = await freePort();
      const openProxy = () =>
        new Promise<void>((r) => {
          proxy = createServer((client) => {
            const upstream = connect(Number(target.port || 5432), target.hostname);
            sockets.push(client, upstream);
            client.pipe(upstream).pipe(client);
            client.on('error', () => upstream.destroy());
            upstream.on('error', () => client.destroy());
          });
          proxy.listen(proxyPort, '127.0.0.1', r);
        });
      const cutProxy = async () => {
        sockets.forEach((s) => s.destroy());
        sockets = [];
        await new Promise<void>((r) => proxy!.close(() => r()));
      };
      await openProxy();
      const url = new URL(tpl.adminUrl!);
      url.port = String(proxyPort);
      url.pathname = `/${tpl.name}`;
      const config = loadConfig(testEnv(mkdtempSync(join(tmpdir(), 'dvc-pg-')), url.toString(), { DB_CONNECT_TIMEOUT_MS: '1000' }));
      const database = await openDatabase(config, { onPoolError: () => {} });
      const app = await buildApp({ config, database, logger: false });
      try {
        expect((await app.inject('/readyz')).statusCode).toBe(200);
        await cutProxy();
        const down = await app.inject('/');
        expect(down.statusCode).toBe(503);
        expect(down.headers['retry-after']).toBe('5');
        await openProxy();
        // The pool drops broken clients and reconnects: the next requests succeed without a restart.
        let status = 0;
        for (let i = 0; i < 5 && status !== 200; i++) status = (await app.inject('/')).statusCode;
        expect(status).toBe(200);
      } finally {
        await app.close();
        await database.close();
        await cutProxy().catch(() => {});
      }
    }, 60_000);
  });
}

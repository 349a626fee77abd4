/**
 * npm run bench:pages — how fast and how heavy the public pages are.
 *
 * 1. Requests per second for a guide page (/huong-dan/khai-sinh through the real route: session/locale hooks,
 *    the content service's 5-second read cache, view counting, the page layout rendered per request around the
 *    guide body memoised per published version) against the very same HTML served as a static file by the same
 *    server (same plugins and hooks), with a keep-alive HTTP client loop on 127.0.0.1, bounded in time.
 *    Goal: ratio ≥ 0.5.
 * 2. Bytes transferred, compressed (br), for every public page type including the CSS, script and the
 *    font files the page actually needs (Be Vietnam Pro subsets chosen by unicode-range). Goal: ≤ 50 KB.
 *
 * Options: BENCH_SECONDS (default 5), BENCH_CONNECTIONS (default 16), BENCH_GUIDE (default khai-sinh),
 * BENCH_ENCODING (accept-encoding of the load loop, default 'br, gzip').
 *
 * Side by side with nginx (`npm run bench:pages -- --nginx`): nginx from Debian (installed with apt-get when
 * missing and the bench runs as root) serves a static 15 KB page from a temporary config on 127.0.0.1, and
 * wrk (50 connections, 10 s, 2 threads) loads nginx, then the guide page, for `accept-encoding: br` and for
 * none. Prints requests per second, p50/p99 and the ratio app/nginx. Goals: ratio ≥ 0.5, p99 ≤ 5 ms.
 * The machine's load average is printed too: on a shared machine only the ratio of one run means anything.
 * Options: BENCH_WRK_SECONDS (10), BENCH_WRK_CONNECTIONS (50), BENCH_WRK_THREADS (2).
 */
import http from 'node:http';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { loadavg, cpus } from 'node:os';
import { chmodSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { loadConfig } from '../src/platform/config/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { runSeeds, consoleLogger } from '../src/boot.ts';
import { buildApp } from '../src/app.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const GUIDE = process.env.BENCH_GUIDE ?? 'khai-sinh';
/** What the load loop accepts; a browser sends 'br, gzip' (the default). */
const ENCODING = process.env.BENCH_ENCODING ?? 'br, gzip';

const dir = mkdtempSync(join(tmpdir(), 'dvc-bench-'));
const config = loadConfig({
  DATA_DIR: dir,
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  LOG_LEVEL: 'silent',
  JOBS_ENABLED: 'false',
  SEED_DEMO: 'true',
  RATE_LIMIT_PER_MINUTE: '100000000',
});
// Always a throwaway in-memory PGlite database (never a DATABASE_URL: the bench migrates and seeds it).
const quiet = { ...consoleLogger, info: () => {} } as typeof consoleLogger;
const database = await openDatabase(config, { inMemory: true });
await migrate(database);
await runSeeds(config, database, { demo: true, log: () => {}, logger: quiet });
const app = await buildApp({ config, database, logger: false });
app.get('/__bench/static.html', { schema: { hide: true } }, (_req, reply) => reply.sendFile('guide.html', dir));
await app.listen({ host: '127.0.0.1', port: 0 });
const port = (app.server.address() as { port: number }).port;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  headerBytes: number;
  body: Buffer;
}
function get(path: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        // Status line + header lines as sent on the wire (close enough: HTTP/1.1 text framing).
        let headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
        for (let i = 0; i < res.rawHeaders.length; i += 2) headerBytes += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`.length;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, headerBytes, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Closed loop: CONNECTIONS clients each send the next request as soon as the previous answer is read. */
async function rps(path: string): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const headers = { 'accept-encoding': ENCODING };
  for (let i = 0; i < 50; i++) await get(path, headers); // warm-up
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const r = await get(path, headers);
          if (r.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / SECONDS, p50: latencies[Math.floor(latencies.length / 2)] ?? 0, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0, errors };
}

function decode(r: Fetched): string {
  const enc = r.headers['content-encoding'];
  const b = enc === 'br' ? brotliDecompressSync(r.body) : enc === 'gzip' ? gunzipSync(r.body) : r.body;
  return b.toString('utf8');
}

/** Unicode ranges of the Vietnamese font subset (from app.css); any such character pulls in that subset. */
const VI_RANGE = /[\u0102-\u0103\u0110-\u0111\u0128-\u0129\u0168-\u0169\u01A0-\u01A1\u01AF-\u01B0\u1EA0-\u1EF9\u20AB]|[\u0300-\u0301\u0303-\u0304\u0308-\u0309\u0323\u0329]/;

/** Total bytes for a page: HTML, the stylesheets and scripts it links, and the font files its text needs. */
async function pageWeight(path: string) {
  const headers = { 'accept-encoding': 'br, gzip' };
  const page = await get(path, headers);
  const html = decode(page);
  const rows: Array<{ url: string; bytes: number; encoding: string }> = [{ url: path, bytes: page.headerBytes + page.body.length, encoding: String(page.headers['content-encoding'] ?? 'none') }];
  const assets = new Set<string>();
  for (const m of html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)) assets.add(m[1]!);
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) assets.add(m[1]!);
  const css: string[] = [];
  for (const a of assets) {
    const r = await get(a, headers);
    rows.push({ url: a, bytes: r.headerBytes + r.body.length, encoding: String(r.headers['content-encoding'] ?? 'none') });
    if (a.endsWith('.css')) css.push(decode(r));
  }
  // Fonts: a face is downloaded when its weight is used and the page has a character in its unicode-range.
  const text = html.replace(/<[^>]+>/g, ' ');
  const needsVi = VI_RANGE.test(text);
  for (const sheet of css) {
    for (const m of sheet.matchAll(/@font-face\s*{([^}]*)}/g)) {
      const url = /url\(([^)]+)\)/.exec(m[1]!)?.[1]?.replace(/['"]/g, '');
      if (!url) continue;
      const isVi = url.includes('vietnamese');
      if (isVi && !needsVi) continue;
      const r = await get(url, headers);
      rows.push({ url, bytes: r.headerBytes + r.body.length, encoding: String(r.headers['content-encoding'] ?? 'none') });
    }
  }
  return { rows, total: rows.reduce((s, r) => s + r.bytes, 0) };
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Milliseconds from wrk's "1.23ms" / "850.00us" / "1.02s". */
function wrkMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

/** wrk as a child process, awaited without blocking: the app under test runs in this very process. */
async function wrk(url: string, encoding: string | null): Promise<WrkResult> {
  const args = ['-t', process.env.BENCH_WRK_THREADS ?? '2', '-c', process.env.BENCH_WRK_CONNECTIONS ?? '50', '-d', `${process.env.BENCH_WRK_SECONDS ?? '10'}s`, '--latency'];
  if (encoding) args.push('-H', `accept-encoding: ${encoding}`);
  args.push(url);
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`wrk failed: ${err}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const p50 = wrkMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = wrkMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = non2xx + (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return { rps, p50, p99, errors };
}

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function ensureTools(): void {
  const missing = [have('nginx') || have('/usr/sbin/nginx') ? null : 'nginx-light', have('wrk') ? null : 'wrk'].filter(Boolean) as string[];
  if (!missing.length) return;
  if (process.getuid?.() !== 0) throw new Error(`bench:pages --nginx needs ${missing.join(' and ')}: sudo apt-get install ${missing.join(' ')}`);
  console.log(`installing ${missing.join(' ')} (apt-get)…`);
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('apt-get install failed');
}

/** nginx on 127.0.0.1 from a throwaway prefix: worker per core, static files, no access log. */
async function startNginx(root: string): Promise<{ port: number; proc: ChildProcess }> {
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const conf = join(root, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes auto;
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { text/html html; }
  client_body_temp_path ${root}/tmp-body;
  proxy_temp_path ${root}/tmp-proxy;
  fastcgi_temp_path ${root}/tmp-fcgi;
  uwsgi_temp_path ${root}/tmp-uwsgi;
  scgi_temp_path ${root}/tmp-scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root}/www;
    location / { }
  }
}
`,
  );
  const bin = have('nginx') ? 'nginx' : '/usr/sbin/nginx';
  const proc = spawn(bin, ['-p', root, '-c', conf, '-e', `${root}/error.log`, '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/page.html' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (ok) return { port, proc };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('nginx did not start');
}

async function sideBySide(guidePath: string): Promise<void> {
  ensureTools();
  const root = mkdtempSync(join(tmpdir(), 'dvc-bench-nginx-'));
  chmodSync(root, 0o755); // nginx workers run as another user when the bench runs as root
  mkdirSync(join(root, 'www'));
  // The static page: 15 KB of HTML (the yardstick), served as a file.
  const filler = 'Thủ tục hành chính công trực tuyến. '.repeat(400);
  writeFileSync(join(root, 'www', 'page.html'), `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>static</title></head><body><p>${filler}</p></body></html>`.slice(0, 15 * 1024));
  const nginx = await startNginx(root);
  try {
    // Warm the app's render cache (the first view renders, the copy is stored once compressed).
    for (let i = 0; i < 5; i++) await get(guidePath, { 'accept-encoding': 'br' });
    await new Promise((r) => setTimeout(r, 200));
    const [l1, l5] = loadavg();
    console.log(`bench:pages --nginx — ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${l1!.toFixed(2)} / ${l5!.toFixed(2)} (1/5 min)`);
    console.log(`wrk ${process.env.BENCH_WRK_CONNECTIONS ?? 50} connections, ${process.env.BENCH_WRK_SECONDS ?? 10} s, 127.0.0.1; app: one Node process, ${database.kind}; nginx: worker_processes auto, 15 KB static file\n`);
    console.log('                                            req/s    p50 ms   p99 ms  errors');
    const fmt = (label: string, r: WrkResult) =>
      console.log(`  ${label.padEnd(40)} ${r.rps.toFixed(0).padStart(7)}  ${r.p50.toFixed(2).padStart(7)}  ${r.p99.toFixed(2).padStart(7)}  ${r.errors}`);
    let allMet = true;
    for (const enc of ['br', null] as const) {
      const label = enc ? `accept-encoding: ${enc}` : 'no accept-encoding';
      const n = await wrk(`http://127.0.0.1:${nginx.port}/page.html`, enc);
      const a = await wrk(`http://127.0.0.1:${port}${guidePath}`, enc);
      fmt(`nginx static 15 KB (${label})`, n);
      fmt(`app ${guidePath} (${label})`, a);
      const ratio = a.rps / n.rps;
      const met = ratio >= 0.5 && a.p99 <= 5 && a.errors === 0;
      allMet &&= met;
      console.log(`  ratio app/nginx ${ratio.toFixed(2)} (goal ≥ 0.50), app p99 ${a.p99.toFixed(2)} ms (goal ≤ 5): ${met ? 'met' : 'NOT met'}\n`);
    }
    const s = app.pageCache.stats();
    console.log(`render cache: ${s.hits} hits, ${s.misses} misses, ${s.size} pages`);
    console.log(allMet ? 'all goals met' : 'goals NOT met');
  } finally {
    nginx.proc.kill('SIGQUIT');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(root, { recursive: true, force: true });
  }
}

try {
  const guidePath = `/huong-dan/${GUIDE}`;
  if (process.argv.includes('--nginx')) {
    await sideBySide(guidePath);
    process.exitCode = 0;
  } else {
  const first = await get(guidePath, { 'accept-encoding': 'identity' });
  if (first.status !== 200) throw new Error(`${guidePath} answered ${first.status}`);
  writeFileSync(join(dir, 'guide.html'), first.body);

  console.log(`bench:pages — ${database.kind}, ${CONNECTIONS} connections, ${SECONDS} s each, accept-encoding: ${ENCODING}, 127.0.0.1:${port}\n`);
  const dynamic = await rps(guidePath);
  const statik = await rps('/__bench/static.html');
  const ratio = dynamic.rps / statik.rps;
  const fmt = (n: number) => n.toFixed(0).padStart(7);
  console.log('requests per second            req/s   p50 ms   p99 ms  errors');
  console.log(`  guide page (app route)     ${fmt(dynamic.rps)}  ${dynamic.p50.toFixed(1).padStart(7)}  ${dynamic.p99.toFixed(1).padStart(7)}  ${dynamic.errors}`);
  console.log(`  same HTML as static file   ${fmt(statik.rps)}  ${statik.p50.toFixed(1).padStart(7)}  ${statik.p99.toFixed(1).padStart(7)}  ${statik.errors}`);
  console.log(`  ratio dynamic/static        ${ratio.toFixed(2)}   (goal ≥ 0.50: ${ratio >= 0.5 ? 'met' : 'NOT met'})\n`);

  // Every public page type (issue 11: ≤ 50 KB each), the home and guide pages in full detail.
  const all: Array<[string, string]> = [['home page', '/'], ['guide page', guidePath]];
  for (const p of ['/huong-dan', '/tim-kiem?q=khai+sinh', '/thu-vien', '/dich-vu', '/dich-vu/1.001193', '/phan-anh', '/phan-anh/gui', '/hoi-dap', '/danh-gia', '/phan-anh/so-lieu', '/phan-anh/so-cai', '/chi-tieu', '/tro-ly', '/dang-nhap'])
    all.push([p, p]);
  for (const [label, path] of all) {
    const w = await pageWeight(path);
    console.log(`bytes transferred: ${label} (${path}) — compressed, headers included`);
    for (const r of w.rows) console.log(`  ${(r.bytes / 1024).toFixed(1).padStart(6)} KB  ${r.encoding.padEnd(5)} ${r.url}`);
    const kb = w.total / 1024;
    console.log(`  ${kb.toFixed(1).padStart(6)} KB  total (goal ≤ 50 KB: ${kb <= 50 ? 'met' : 'NOT met'})\n`);
  }
  }
} finally {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

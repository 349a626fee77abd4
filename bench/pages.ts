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
 */
import http from 'node:http';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
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

try {
  const guidePath = `/huong-dan/${GUIDE}`;
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
} finally {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

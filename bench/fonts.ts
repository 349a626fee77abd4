/**
 * npm run bench:fonts — first contentful paint of a guide page on an emulated slow phone network
 * (Chromium DevTools network emulation: 400 kbps down/up, 400 ms latency, cache off), for the font strategies
 * weighed in docs/adr/0011-system-font-stack.md:
 *
 *   webfont-latin-preload  Be Vietnam Pro in two subsets, only the Latin one preloaded (the wave 1 set-up)
 *   webfont-both-preload   the same, with the Vietnamese subset preloaded too
 *   system                 no web font: the operating system's UI font for all text
 *
 * Per strategy: median FCP, median time the last font file finished (each font arriving after FCP repaints
 * text: a "swap"), swaps, bytes of fonts, and which fonts Chromium actually used to draw the h1 (one family =
 * the Vietnamese letters are not drawn from a fallback font in the middle of a word).
 * Options: BENCH_RUNS (default 5), BENCH_GUIDE (default khai-sinh).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/platform/config/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { runSeeds, consoleLogger } from '../src/boot.ts';
import { buildApp } from '../src/app.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GUIDE = process.env.BENCH_GUIDE ?? 'khai-sinh';
const dir = mkdtempSync(join(tmpdir(), 'dvc-fonts-'));
const config = loadConfig({ DATA_DIR: dir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', SEED_DEMO: 'true', RATE_LIMIT_PER_MINUTE: '100000000' });
const quiet = { ...consoleLogger, info: () => {} } as typeof consoleLogger;
const database = await openDatabase(config, { inMemory: true });
await migrate(database);
await runSeeds(config, database, { demo: true, log: () => {}, logger: quiet });
const app = await buildApp({ config, database, logger: false });

const LATIN = '/static/fonts/be-vietnam-pro-latin-400.woff2';
const VI = '/static/fonts/be-vietnam-pro-vietnamese-400.woff2';
const FACES = `@font-face { font-family: 'Be Vietnam Pro'; font-style: normal; font-weight: 400; font-display: swap; src: url(${LATIN}) format('woff2');
  unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD; }
@font-face { font-family: 'Be Vietnam Pro'; font-style: normal; font-weight: 400; font-display: swap; src: url(${VI}) format('woff2');
  unicode-range: U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, U+01A0-01A1, U+01AF-01B0, U+0300-0301, U+0303-0304, U+0308-0309, U+0323, U+0329, U+1EA0-1EF9, U+20AB; }
`;
const preload = (href: string) => `<link rel="preload" href="${href}" as="font" type="font/woff2" crossorigin="anonymous" />`;
const appCss = readFileSync(new URL('../public/css/app.css', import.meta.url), 'utf8').replace(/@font-face\s*{[^}]*}/g, '');

/** Each strategy: its stylesheet and what it adds to <head>, applied to the same page HTML. */
const STRATEGIES: Record<string, { css: string; head: string }> = {
  'webfont-latin-preload': { css: FACES + appCss.replace(/font-family: (system-ui|var\(--font\))[^;]*;/, "font-family: 'Be Vietnam Pro', system-ui, sans-serif;"), head: preload(LATIN) },
  'webfont-both-preload': { css: FACES + appCss.replace(/font-family: (system-ui|var\(--font\))[^;]*;/, "font-family: 'Be Vietnam Pro', system-ui, sans-serif;"), head: preload(LATIN) + preload(VI) },
  system: { css: appCss, head: '' },
};

for (const [name, s] of Object.entries(STRATEGIES)) {
  app.get(`/__fonts/${name}.css`, { schema: { hide: true } }, (_req, reply) => reply.type('text/css').send(s.css));
  app.get(`/__fonts/${name}`, { schema: { hide: true } }, async (_req, reply) => {
    const page = await app.inject({ url: `/huong-dan/${GUIDE}` });
    const html = page.body
      .replace(/<link rel="preload"[^>]*as="font"[^>]*>/g, '')
      .replace(/<link rel="stylesheet" href="\/static\/css\/app.css"[^>]*>/, `${s.head}<link rel="stylesheet" href="/__fonts/${name}.css" />`);
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  console.log(`bench:fonts — /huong-dan/${GUIDE}, ${RUNS} cold loads per strategy, 400 kbps / 400 ms, 360×740\n`);
  console.log('strategy                  FCP ms  last font ms  swaps after FCP  font KB  fonts drawing the h1');
  for (const name of Object.keys(STRATEGIES)) {
    const fcp: number[] = [];
    const last: number[] = [];
    let swaps = 0;
    let fontBytes = 0;
    let h1Fonts = '';
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 });
      await page.goto(`${base}/__fonts/${name}`, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const m = await page.evaluate(() => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
        const fonts = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.woff2')) as PerformanceResourceTiming[];
        return { paint, fontEnds: fonts.map((f) => f.responseEnd), fontBytes: fonts.reduce((s, f) => s + f.transferSize, 0) };
      });
      fcp.push(m.paint);
      last.push(m.fontEnds.length ? Math.max(...m.fontEnds) : m.paint);
      swaps = m.fontEnds.filter((e) => e > m.paint).length;
      fontBytes = m.fontBytes;
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'main h1' });
      await cdp.send('CSS.enable');
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      h1Fonts = fonts.map((f) => `${f.familyName} (${f.glyphCount})`).join(' + ');
      await context.close();
    }
    console.log(`${name.padEnd(24)} ${median(fcp).toFixed(0).padStart(7)} ${median(last).toFixed(0).padStart(13)} ${String(swaps).padStart(16)} ${(fontBytes / 1024).toFixed(1).padStart(8)}  ${h1Fonts}`);
  }
} finally {
  await browser.close();
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

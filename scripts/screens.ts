/**
 * npm run screens — regenerates docs/screens/*.png: the home page, a guide, the KPI dashboard and a feedback
 * tracking page as a citizen sees them on a 360 px wide phone (the first 1,280 px of each page), from a throwaway
 * in-memory database with the demo seed. Uses Debian's Chromium (CHROMIUM_PATH to override).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/platform/config/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { runSeeds, consoleLogger } from '../src/boot.ts';
import { buildApp } from '../src/app.ts';

const outDir = new URL('../docs/screens/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'dvc-screens-'));
const config = loadConfig({ DATA_DIR: dir, SESSION_SECRET: 'screens-secret-screens-secret-0123456789', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', SEED_DEMO: 'true', RATE_LIMIT_PER_MINUTE: '100000000' });
const quiet = { ...consoleLogger, info: () => {} } as typeof consoleLogger;
const database = await openDatabase(config, { inMemory: true });
await migrate(database);
await runSeeds(config, database, { demo: true, log: () => {}, logger: quiet });
const app = await buildApp({ config, database, logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars'],
});

try {
  // The tracking page of the first published demo feedback item.
  const landing = await app.inject({ url: '/phan-anh' });
  const code = /href="\/phan-anh\/(PA-\d{4}-\d{6})"/.exec(landing.body)?.[1];
  if (!code) throw new Error('no published feedback item on /phan-anh to screenshot');
  const shots: Array<[string, string]> = [
    ['home', '/'],
    ['guide', '/huong-dan/khai-sinh'],
    ['kpi-dashboard', '/chi-tieu'],
    ['tracking', `/phan-anh/${code}`],
  ];
  mkdirSync(outDir, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 360, height: 1280 }, locale: 'vi-VN', deviceScaleFactor: 1 });
  const page = await context.newPage();
  for (const [name, path] of shots) {
    const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
    if (res?.status() !== 200) throw new Error(`${path} answered ${res?.status()}`);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(outDir, `${name}-360.png`) });
    console.log(`docs/screens/${name}-360.png  ${path}`);
  }
  await context.close();
} finally {
  await browser.close();
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

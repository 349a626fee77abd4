import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createTestDb, DEMO, type TestDb } from '../../src/test/helpers.ts';

/** Debian's Chromium, launched the way this machine allows (no background networking, no sandbox as root). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A real listening server on a random port over a cloned test database. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<{ app: FastifyInstance; db: TestDb; url: string; close(): Promise<void> }> {
  const db = await createTestDb({ ...extraEnv });
  const app = await buildApp({ config: db.config, database: db.database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    app,
    db,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Run axe-core (WCAG 2.0–2.2 A/AA rules) on the current page. The context needs bypassCSP to inject it. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** A context with JavaScript off, as a citizen on a locked-down phone would have. */
export function noJsContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: false, bypassCSP: true, locale: 'vi-VN' });
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;

export interface Suite {
  browser: Browser;
  server: TestServer;
}

/** One listening server and one browser per test file, closed after its tests. Call inside `describe`. */
export function browserSuite(extraEnv: Record<string, string> = {}): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    suite.server = await startServer(extraEnv);
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/** Sign in through the real form with JavaScript off; returns that signed-in context and its page. */
export async function signInNoJs(suite: Suite, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await noJsContext(suite.browser);
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/dang-nhap`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill(DEMO.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${suite.server.url}/quan-tri`);
  return { context, page };
}

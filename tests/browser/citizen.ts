import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { AxeViolation, Suite } from './browser.ts';

/** Helpers for the citizen journeys (issue 11): both widths, JS on and off, overflow and axe on every page. */
export const WIDTHS = [320, 1280] as const;
export const MODES = [true, false] as const;

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function citizenContext(suite: Suite, width: number, js: boolean): Promise<BrowserContext> {
  return suite.browser.newContext({ javaScriptEnabled: js, bypassCSP: true, locale: 'vi-VN', viewport: { width, height: 640 } });
}

/** WCAG 2.0–2.2 A/AA plus axe's best-practice rules (landmarks, one h1, unique ids…). */
async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/**
 * The page now shown has no horizontal overflow and no axe violation. With JavaScript off axe cannot run in that
 * page, so the same HTML is served to a scripted page of the same width (what the citizen saw, checked by axe).
 */
export async function expectCleanPage(suite: Suite, page: Page, width: number, js: boolean): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth).catch(() => null);
  const url = page.url();
  let target = page;
  let extra: BrowserContext | undefined;
  if (!js || overflow === null) {
    const html = await page.content();
    extra = await citizenContext(suite, width, true);
    target = await extra.newPage();
    await target.route('**/*', (route) => (route.request().url() === url ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }) : route.continue()));
    // Scripts of the original page must not run: the check is of the no-JS page.
    await target.route('**/static/js/**', (route) => route.fulfill({ body: '', contentType: 'text/javascript' }));
    await target.goto(url);
  }
  const sw = await target.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(sw, `horizontal overflow on ${url} at ${width}px (js ${js})`).toBeLessThanOrEqual(0);
  expect(await runAxe(target), `axe on ${url} at ${width}px (js ${js})`).toEqual([]);
  await extra?.close();
}

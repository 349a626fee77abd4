import { describe, expect, it } from 'vitest';
import { axe, noJsContext, browserSuite } from './browser.ts';

/** Life event pages (/su-kien) in Chromium with JavaScript off: list → event → the first guide, and accessible. */
describe('life events in a real browser', () => {
  const suite = browserSuite();

  it('works with JavaScript disabled: open a life event from the list, follow its first guide', async () => {
    const context = await noJsContext(suite.browser);
    const page = await context.newPage();
    const res = await page.goto(`${suite.server.url}/su-kien`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('html.js-enabled').count()).toBe(0);
    await page.getByRole('link', { name: 'Khi người thân qua đời' }).click();
    await page.waitForURL(/\/su-kien\/nguoi-than-qua-doi$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Khi người thân qua đời');
    // the stages are an ordered list, each with links to guides
    const stages = page.locator('ol.step-by-step > li');
    expect(await stages.count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByText('1022').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href="/phan-anh/gui"]').count()).toBeGreaterThan(0);
    await stages.first().locator('a').first().click();
    await page.waitForURL(/\/huong-dan\/(lien-thong-khai-tu|khai-tu)$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/khai tử/i);
    await context.close();
  });

  it('a life event page has no axe violations', async () => {
    const context = await suite.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/su-kien/sinh-con`);
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});

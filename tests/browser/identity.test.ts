import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createTestDb, type TestDb } from '../../src/test/helpers.ts';
import { freePort } from '../../src/modules/identity/identity.test-client.ts';
import { launchBrowser, noJsContext } from './browser.ts';

/**
 * Checked from outside, JavaScript off: a citizen signs in through /dang-nhap/cong-dan and the built-in
 * provider's form, lands on /tai-khoan with the name shown, downloads du-lieu.json and signs out (at the
 * provider too).
 */
describe('citizen sign-in in a real browser (JavaScript off)', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // The provider's issuer URL is fixed at start, so the port is chosen before listening.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestDb({ PORT: String(port), PUBLIC_URL: base });
    app = await buildApp({ config: t.config, database: t.database, logger: false });
    await app.listen({ port, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('sign in → /tai-khoan with the name → download du-lieu.json → sign out', async () => {
    const context = await noJsContext(browser);
    const page = await context.newPage();
    await page.goto(`${base}/dang-nhap/cong-dan`);
    await page.getByRole('link', { name: 'Đăng nhập bằng định danh điện tử' }).click();
    await page.waitForURL(/\/dev-oidc\/interaction\//);
    await page.getByLabel('Số định danh cá nhân').fill('036085054321');
    await page.getByLabel('Họ và tên').fill('Đỗ Thị Thu Hằng');
    await page.getByLabel('Mức 2').check();
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL(`${base}/tai-khoan`);
    expect(await page.locator('.account-name').textContent()).toContain('Đỗ Thị Thu Hằng');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải về dữ liệu của tôi (JSON)' }).click()]);
    expect(download.suggestedFilename()).toBe('du-lieu-ca-nhan.json');
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.person.displayName).toBe('Đỗ Thị Thu Hằng');
    expect(JSON.stringify(data)).not.toContain('036085054321');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/dev-oidc\/session\/end/);
    await page.getByRole('button', { name: 'Có, đăng xuất' }).click();
    await page.waitForURL(`${base}/?da=citizenSignedOut`);
    expect(await page.content()).toContain('Bạn đã đăng xuất.');
    await page.goto(`${base}/tai-khoan`);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap/cong-dan');
    await context.close();
  });
});

import { describe, expect, it } from 'vitest';
import { axe, noJsContext, browserSuite, signInNoJs } from './browser.ts';
import { DEMO } from '../../src/test/helpers.ts';

/** Catalogue pages in Chromium: accessible (axe 0 violations) and usable with JavaScript off. */
describe('catalogue pages in a real browser', () => {
  const suite = browserSuite();

  const signIn = (email: string) => signInNoJs(suite, email);

  /** Load a page with JavaScript off (and its cookies), then run axe on exactly that HTML with JavaScript on. */
  async function axeOf(path: string, email?: string) {
    const { context, page } = email ? await signIn(email) : { context: await noJsContext(suite.browser), page: undefined };
    const p = page ?? (await context.newPage());
    const res = await p.goto(`${suite.server.url}${path}`);
    expect(res?.status(), path).toBe(200);
    const html = await p.content();
    await context.close();
    const jsContext = await suite.browser.newContext({ bypassCSP: true });
    const p2 = await jsContext.newPage();
    const target = `${suite.server.url}${path}`;
    await p2.route('**/*', (route) => (route.request().url() === target ? route.fulfill({ body: html, contentType: 'text/html' }) : route.continue()));
    await p2.goto(target);
    const violations = await axe(p2);
    await jsContext.close();
    return violations;
  }

  for (const path of ['/dich-vu', '/dich-vu?q=dang+ky+khai+sinh&field=H%E1%BB%99+t%E1%BB%8Bch', '/dich-vu/1.001193', '/dich-vu/2.000528?lang=en']) {
    it(`${path}: 0 axe violations with JavaScript off`, async () => {
      expect(await axeOf(path)).toEqual([]);
    });
  }

  it('staff pages: 0 axe violations', async () => {
    expect(await axeOf('/quan-tri/dich-vu?q=khai+sinh', DEMO.coordinator)).toEqual([]);
    expect(await axeOf('/quan-tri/dich-vu/1.001193', DEMO.coordinator)).toEqual([]);
  });

  it('a citizen searches without accents and opens the service page (JavaScript off)', async () => {
    const context = await noJsContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/dich-vu`);
    await page.getByLabel('Tìm thủ tục').fill('dang ky khai sinh');
    await page.locator('main form[action="/dich-vu"] button').click();
    await page.waitForURL(/\/dich-vu\?q=dang\+ky\+khai\+sinh/);
    await page.getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/dich-vu/1.001193`);
    expect(await page.locator('h1').textContent()).toBe('Thủ tục đăng ký khai sinh');
    expect(await page.getByRole('link', { name: 'Nộp trực tuyến trên Cổng DVC quốc gia' }).getAttribute('href')).toMatch(/^https:\/\/dichvucong\.gov\.vn\//);
    await context.close();
  });

  it('the Centre sets the level and the responsible unit (JavaScript off) and the public page shows it', async () => {
    const { context, page } = await signIn(DEMO.coordinator);
    await page.goto(`${suite.server.url}/quan-tri/dich-vu/1.001193`);
    await page.getByLabel('Dịch vụ công trực tuyến một phần').check();
    await page.getByLabel('Đơn vị chịu trách nhiệm tại tỉnh').selectOption({ label: 'Sở Tư pháp' });
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForURL(/da=serviceSaved/);
    expect(await page.getByRole('status').first().textContent()).toContain('Đã lưu thông tin thủ tục.');
    await page.goto(`${suite.server.url}/dich-vu/1.001193`);
    expect(await page.locator('main').textContent()).toContain('Sở Tư pháp');
    await context.close();
  });
});

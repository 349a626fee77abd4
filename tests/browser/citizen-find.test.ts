import { beforeAll, describe, expect, it } from 'vitest';
import { browserSuite } from './browser.ts';
import { citizenContext, expectCleanPage, MODES, WIDTHS } from './citizen.ts';
import { AssistantServiceToken } from '../../src/modules/assistant/assistant.service.ts';

/** Issue 11.2: a citizen finds the right thing — home, topics, a service page, the searches. */
describe('citizen: find the right thing', () => {
  const suite = browserSuite();
  // The catalogue uses the assistant's normalisation once its index is loaded (searches never wait for it).
  beforeAll(async () => {
    await suite.server.app.deps.services.get(AssistantServiceToken).ready();
  });

  for (const width of WIDTHS) {
    for (const js of MODES) {
      it(`home → search → service page → guide, every page clean (${width}px, JS ${js ? 'on' : 'off'})`, async () => {
        const context = await citizenContext(suite, width, js);
        const page = await context.newPage();
        await page.goto(`${suite.server.url}/`);
        // Most used services first, from the curated list (no one has opened a guide yet in this database).
        expect(await page.locator('#top-guides + ul a').first().textContent()).toBe('Đăng ký khai sinh');
        await expectCleanPage(suite, page, width, js);
        // Search from the home page with a typo and shorthand: the site search finds guides and procedures.
        await page.getByLabel('Bạn cần làm thủ tục gì?').fill('dk khai sinh');
        await page.getByRole('button', { name: 'Tìm kiếm' }).click();
        await page.waitForURL(/\/tim-kiem\?q=/);
        expect(await page.locator('h2', { hasText: 'Thủ tục hành chính' }).count()).toBe(1);
        await expectCleanPage(suite, page, width, js);
        await page.locator('a[href="/dich-vu/1.001193"]').first().click();
        await page.waitForURL(/\/dich-vu\/1\.001193$/);
        // The guide is offered first; the national record is folded.
        const details = page.locator('details.national-record');
        expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
        expect(await page.locator('details.national-record h2').first().isVisible()).toBe(false);
        expect(await page.getByRole('link', { name: 'Đánh giá dịch vụ này' }).getAttribute('href')).toBe('/danh-gia?ma=1.001193');
        await expectCleanPage(suite, page, width, js);
        await page.locator('section[aria-labelledby="service-guides"] a[href="/huong-dan/khai-sinh"]').click();
        await page.waitForURL(/\/huong-dan\/khai-sinh$/);
        const online = page.getByRole('link', { name: 'Làm trực tuyến' });
        expect(await online.getAttribute('href')).toMatch(/^https:\/\/dichvucong\.gov\.vn\/thu-tuc-hanh-chinh\//);
        await expectCleanPage(suite, page, width, js);
        await context.close();
      });
    }
  }

  it('topics list and catalogue search pages are clean at both widths', async () => {
    for (const width of WIDTHS) {
      const context = await citizenContext(suite, width, false);
      const page = await context.newPage();
      await page.goto(`${suite.server.url}/huong-dan`);
      expect(await page.locator('main h2').count()).toBeGreaterThanOrEqual(8);
      await expectCleanPage(suite, page, width, false);
      await page.goto(`${suite.server.url}/dich-vu?q=${encodeURIComponent('đăng kí kết hôn')}`);
      expect(await page.locator('a[href="/dich-vu/1.000894"]').count()).toBe(1);
      await expectCleanPage(suite, page, width, false);
      await page.goto(`${suite.server.url}/hoi-dap?q=${encodeURIComponent('lái xe')}`);
      await expectCleanPage(suite, page, width, false);
      await context.close();
    }
  });
});

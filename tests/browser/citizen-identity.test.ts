import { describe, expect, it } from 'vitest';
import { browserSuite } from './browser.ts';
import { citizenContext, expectCleanPage, MODES, WIDTHS } from './citizen.ts';

/** Issue 11.1: the site looks official — identity from content/province.json in header and footer. */
describe('citizen: the site looks official', () => {
  const suite = browserSuite();

  for (const width of WIDTHS) {
    for (const js of MODES) {
      it(`header and footer carry the province identity; compact header; hotline on the first screen (${width}px, JS ${js ? 'on' : 'off'})`, async () => {
        const context = await citizenContext(suite, width, js);
        const page = await context.newPage();
        await page.goto(`${suite.server.url}/`);
        const header = page.locator('header.site-header');
        expect(await header.locator('.brand-name').textContent()).toBe('Dịch vụ công Hưng Yên');
        expect(await header.locator('.brand-province').textContent()).toBe('Ủy ban nhân dân tỉnh Hưng Yên');
        expect(await header.locator('img.brand-emblem').getAttribute('src')).toBe('/static/img/emblem.svg');
        // The header is far from a third of a phone screen (640 px tall here).
        const box = await header.boundingBox();
        expect(box!.height).toBeLessThan(width === 320 ? 130 : 110);
        // The hotline is a call link inside the first screen, without scrolling.
        const hotline = header.getByRole('link', { name: 'Tổng đài 1022' });
        expect(await hotline.getAttribute('href')).toBe('tel:02211022');
        const hb = await hotline.boundingBox();
        expect(hb!.y + hb!.height).toBeLessThan(640);
        // Footer: agency in charge, Centre, address, hotline, e-mail and the NĐ 42/2022 licence/operator line.
        const footer = page.locator('footer.site-footer');
        const text = (await footer.textContent()) ?? '';
        for (const s of ['Ủy ban nhân dân tỉnh Hưng Yên', 'Trung tâm Phục vụ hành chính công', 'Địa chỉ:', 'Nghị định 42/2022/NĐ-CP', 'Chịu trách nhiệm nội dung']) expect(text).toContain(s);
        expect(await footer.getByRole('link', { name: 'dichvucong@hungyen.gov.vn' }).getAttribute('href')).toBe('mailto:dichvucong@hungyen.gov.vn');
        expect(await footer.getByRole('link', { name: 'Kết quả thực hiện chỉ tiêu' }).getAttribute('href')).toBe('/chi-tieu');
        await expectCleanPage(suite, page, width, js);
        await context.close();
      });
    }
  }

  it('the English interface shows the English identity', async () => {
    const context = await citizenContext(suite, 320, false);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/?lang=en`);
    expect(await page.locator('.brand-name').textContent()).toBe('Hưng Yên Public Services');
    expect(await page.locator('footer').textContent()).toContain('Decree 42/2022/NĐ-CP');
    await context.close();
  });
});

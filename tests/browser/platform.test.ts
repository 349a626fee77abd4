import { describe, expect, it } from 'vitest';
import { axe, noJsContext, browserSuite } from './browser.ts';
import { DEMO } from '../../src/test/helpers.ts';

describe('platform in a real browser', () => {
  const suite = browserSuite();

  it('staff sign-in: wrong password → error summary → right password → staff home', async () => {
    const context = await suite.browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/dang-nhap`);
    await page.getByLabel('Email').fill(DEMO.coordinator);
    await page.getByLabel('Mật khẩu').fill('mat-khau-sai-roi');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.textContent()).toContain('Email hoặc mật khẩu không đúng');
    expect(await page.title()).toMatch(/^Lỗi: /);
    // With JavaScript on, focus moves to the summary so screen readers announce it.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    // What was typed is kept.
    expect(await page.getByLabel('Email').inputValue()).toBe(DEMO.coordinator);
    await page.getByLabel('Mật khẩu').fill(DEMO.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${suite.server.url}/quan-tri`);
    expect(await page.locator('h1').textContent()).toContain('Nguyễn Thị Điều Phối');
    await context.close();
  });

  it('the sign-in journey works with JavaScript off too', async () => {
    const context = await noJsContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/dang-nhap`);
    await page.getByLabel('Email').fill(DEMO.officerSkhcn);
    await page.getByLabel('Mật khẩu').fill(DEMO.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${suite.server.url}/quan-tri`);
    expect(await page.locator('h1').textContent()).toContain('Lê Thị Cán Bộ');
    await context.close();
  });

  it('public home page: axe-core finds 0 violations, with and without JavaScript', async () => {
    for (const js of [true, false]) {
      const context = await suite.browser.newContext({ javaScriptEnabled: js, bypassCSP: true, locale: 'vi-VN' });
      const page = await context.newPage();
      await page.goto(`${suite.server.url}/`);
      expect(await page.locator('h1').textContent()).toBeTruthy();
      // axe needs script: run it in a second, JS-enabled context on the same HTML when JS is off.
      if (!js) {
        const html = await page.content();
        const jsContext = await suite.browser.newContext({ bypassCSP: true });
        const p2 = await jsContext.newPage();
        await p2.route('**/*', (route) => (route.request().url() === `${suite.server.url}/` ? route.fulfill({ body: html, contentType: 'text/html' }) : route.continue()));
        await p2.goto(`${suite.server.url}/`);
        expect(await axe(p2)).toEqual([]);
        await jsContext.close();
      } else {
        expect(await axe(page)).toEqual([]);
      }
      await context.close();
    }
  });

  it('axe really reports problems (guards against a silently broken check)', async () => {
    const context = await suite.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/healthz`);
    await page.setContent('<html><body><img src="/x.png"><input type="text"></body></html>');
    const ids = (await axe(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'html-has-lang']));
    await context.close();
  });

  it('the login page and the 404 page have 0 axe violations', async () => {
    const context = await suite.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (const path of ['/dang-nhap', '/khong-ton-tai']) {
      await page.goto(`${suite.server.url}${path}`);
      expect(await axe(page)).toEqual([]);
    }
    await context.close();
  });
});

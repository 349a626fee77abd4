import { describe, expect, it } from 'vitest';
import { axe, noJsContext, browserSuite, signInNoJs } from './browser.ts';
import { DEMO } from '../../src/test/helpers.ts';

/** Public content pages in Chromium: accessible (axe 0 violations) and usable with JavaScript off. */
describe('content pages in a real browser', () => {
  const suite = browserSuite();

  /** Load a page with JavaScript off, then run axe on exactly that HTML in a JS-enabled context. */
  async function axeNoJs(path: string) {
    const context = await noJsContext(suite.browser);
    const page = await context.newPage();
    const res = await page.goto(`${suite.server.url}${path}`);
    expect(res?.status(), path).toBe(200);
    const html = await page.content();
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

  for (const path of ['/', '/huong-dan/khai-sinh', '/thu-vien', '/huong-dan', '/tim-kiem?q=dang+ky+khai+sinh', '/huong-dan/khai-sinh/in', '/huong-dan/khong-co']) {
    it(`${path}: 0 axe violations with JavaScript off`, async () => {
      if (path === '/huong-dan/khong-co') {
        const context = await suite.browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
        const page = await context.newPage();
        const res = await page.goto(`${suite.server.url}${path}`);
        expect(res?.status()).toBe(404);
        expect(await axe(page)).toEqual([]);
        await context.close();
        return;
      }
      expect(await axeNoJs(path)).toEqual([]);
    });
  }

  it('a citizen finds a guide from the home page search without JavaScript', async () => {
    const context = await noJsContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/`);
    await page.getByLabel('Bạn cần làm thủ tục gì?').fill('dang ky khai sinh');
    await page.locator('main form[action="/tim-kiem"] button').first().click();
    await page.waitForURL(/\/tim-kiem\?q=/);
    await page.locator('.search-results a').first().click();
    await page.waitForURL(`${suite.server.url}/huong-dan/khai-sinh`);
    expect(await page.locator('h1').textContent()).toBe('Đăng ký khai sinh');
    expect(await page.getByText('Nội dung mẫu — cần cơ quan chuyên môn rà soát').isVisible()).toBe(true);
    await context.close();
  });

  it('the library filters work without JavaScript', async () => {
    const context = await noJsContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/thu-vien`);
    await page.getByLabel('Loại tài liệu').selectOption('video');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/kind=video/);
    const cards = await page.locator('.card-grid .card').count();
    expect(cards).toBeGreaterThan(0);
    expect(await page.locator('.card-grid').textContent()).not.toContain('Kịch bản phát thanh');
    const href = await page.locator('.card-grid a').first().getAttribute('href');
    await context.close();
    // The material's own page is accessible too.
    expect(await axeNoJs(href!)).toEqual([]);
  });

  it('staff: an editor drafts, a coordinator approves, the guide is public (JavaScript off)', async () => {
    const signIn = (email: string) => signInNoJs(suite, email);
    const ed = await signIn(DEMO.editor);
    await ed.page.goto(`${suite.server.url}/quan-tri/noi-dung/huong-dan/moi`);
    await ed.page.getByLabel('Tiêu đề', { exact: true }).fill('Hướng dẫn thử nghiệm trình duyệt');
    await ed.page.getByLabel('Đường dẫn (slug)').fill('thu-nghiem-trinh-duyet');
    await ed.page.getByLabel('Tóm tắt (1–2 câu)').fill('Một hướng dẫn tạo trong bài kiểm thử.');
    await ed.page.getByLabel('Các bước thực hiện').fill('Bước một.\nBước hai.');
    await ed.page.getByRole('button', { name: 'Lưu' }).click();
    await ed.page.waitForURL(/\/quan-tri\/noi-dung\/huong-dan\/[0-9a-f-]{36}\?da=guideSaved/);
    const staffUrl = ed.page.url().split('?')[0]!;
    await ed.page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await ed.page.waitForURL(/da=guideSubmitted/);
    await ed.context.close();

    const co = await signIn(DEMO.coordinator);
    await co.page.goto(staffUrl);
    await co.page.getByRole('button', { name: 'Duyệt và xuất bản' }).click();
    await co.page.waitForURL(/da=guidePublished/);
    await co.context.close();

    const pub = await noJsContext(suite.browser);
    const page = await pub.newPage();
    const res = await page.goto(`${suite.server.url}/huong-dan/thu-nghiem-trinh-duyet`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Hướng dẫn thử nghiệm trình duyệt');
    await pub.close();
  });

  it('staff content pages have 0 axe violations', async () => {
    const context = await suite.browser.newContext({ bypassCSP: true, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/dang-nhap`);
    await page.getByLabel('Email').fill(DEMO.coordinator);
    await page.getByLabel('Mật khẩu').fill(DEMO.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${suite.server.url}/quan-tri`);
    await page.goto(`${suite.server.url}/quan-tri/noi-dung?q=khai`);
    const guideUrl = await page.locator('table a').first().getAttribute('href');
    const paths = ['/quan-tri/noi-dung', '/quan-tri/noi-dung/huong-dan/moi', guideUrl!, `${guideUrl}/sua`, '/quan-tri/noi-dung/ma-qr', '/quan-tri/noi-dung/thu-vien', '/quan-tri/noi-dung/thu-vien/moi'];
    for (const path of paths) {
      const res = await page.goto(`${suite.server.url}${path}`);
      expect(res?.status(), path).toBe(200);
      expect(await axe(page), path).toEqual([]);
    }
    // A form sent empty: the error summary and field messages are accessible too.
    await page.goto(`${suite.server.url}/quan-tri/noi-dung/huong-dan/moi`);
    await page.getByLabel('Tiêu đề', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForSelector('.error-summary');
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});

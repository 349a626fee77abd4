import { describe, expect, it } from 'vitest';
import { axe, noJsContext, browserSuite, signInNoJs } from './browser.ts';
import { DEMO } from '../../src/test/helpers.ts';

/**
 * The "done when" journey with JavaScript off: an agency officer files its 2025 report, the Centre accepts it,
 * and the public KPI page shows the accepted progress.
 */
describe('plans: agency report without JavaScript', () => {
  const suite = browserSuite();

  const signIn = (email: string) => signInNoJs(suite, email);

  it('officer submits, a 140 % progress is refused first; the Centre accepts; the public page updates', async () => {
    const officer = await signIn(DEMO.officerSkhcn);
    const p = officer.page;
    await p.getByRole('navigation', { name: 'Khu vực cán bộ' }).getByRole('link', { name: 'Báo cáo nhiệm vụ' }).click();
    await p.waitForURL(/\/quan-tri\/bao-cao-ke-hoach/);
    await p.getByRole('link', { name: 'IV.3.c (2025)' }).click();
    await p.waitForURL(/\/quan-tri\/bao-cao-ke-hoach\/[0-9a-f-]{36}$/);
    const reportUrl = p.url();

    await p.getByLabel('Đang thực hiện').check();
    await p.getByLabel('Tiến độ thực hiện (%)').fill('140');
    await p.getByLabel('Tin, bài').fill('15');
    await p.getByLabel('Kết quả thực hiện').fill('Phát động cuộc thi trực tuyến tìm hiểu dịch vụ công, 3.400 lượt tham gia.');
    await p.getByLabel(/Minh chứng/).fill('https://skhcn.hungyen.gov.vn/cuoc-thi-dvctt');
    await p.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect.poll(() => p.title()).toMatch(/^Lỗi:/);
    expect(await p.locator('.error-summary').textContent()).toContain('Tiến độ phải từ 0 đến 100%');
    expect(await p.getByLabel('Kết quả thực hiện').inputValue()).toContain('3.400 lượt tham gia');

    // The form with its error is accessible.
    const html = await p.content();
    const jsCtx = await suite.browser.newContext({ bypassCSP: true });
    const check = await jsCtx.newPage();
    await check.route('**/*', (route) => (route.request().url() === reportUrl ? route.fulfill({ body: html, contentType: 'text/html' }) : route.continue()));
    await check.goto(reportUrl);
    expect(await axe(check)).toEqual([]);
    await jsCtx.close();

    await p.getByLabel('Tiến độ thực hiện (%)').fill('80');
    await p.getByLabel('Tệp minh chứng').setInputFiles({ name: 'the-le-cuoc-thi.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    await p.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await p.waitForURL(/da=reportSubmitted/);
    expect(await p.getByRole('link', { name: 'the-le-cuoc-thi.pdf' }).count()).toBe(1);
    expect(await p.locator('.notice-success').textContent()).toContain('Đã gửi báo cáo');
    expect(await p.locator('main').textContent()).toContain('Đã gửi');
    await officer.context.close();

    const coord = await signIn(DEMO.coordinator);
    await coord.page.goto(reportUrl);
    await coord.page.getByLabel('Tiếp nhận báo cáo').check();
    await coord.page.getByRole('button', { name: 'Ghi nhận' }).click();
    await coord.page.waitForURL(/da=reportAccepted/);
    expect(await coord.page.locator('main').textContent()).toContain('Đã tiếp nhận');
    await coord.context.close();

    const pub = await noJsContext(suite.browser);
    const pp = await pub.newPage();
    const res = await pp.goto(`${suite.server.url}/chi-tieu`);
    expect(res?.status()).toBe(200);
    const row = pp.locator('tr', { hasText: 'IV.3. Tuyên truyền' });
    expect(await row.locator('td').nth(1).textContent()).not.toBe('0%');
    expect(await pp.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    await pub.close();
  });

  it('/chi-tieu has no axe violations', async () => {
    const context = await noJsContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/chi-tieu`);
    const html = await page.content();
    await context.close();
    const jsCtx = await suite.browser.newContext({ bypassCSP: true });
    const p2 = await jsCtx.newPage();
    const target = `${suite.server.url}/chi-tieu`;
    await p2.route('**/*', (route) => (route.request().url() === target ? route.fulfill({ body: html, contentType: 'text/html' }) : route.continue()));
    await p2.goto(target);
    expect(await axe(p2)).toEqual([]);
    await jsCtx.close();
  });
});

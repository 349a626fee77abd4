import { describe, expect, it } from 'vitest';
import { axe, noJsContext, browserSuite } from './browser.ts';

/** The assistant page in Chromium: a full conversation and a hand-over with JavaScript off; fetch-enhanced with it on. */
describe('assistant /tro-ly in a real browser', () => {
  const suite = browserSuite();

  it('works with JavaScript disabled: ask, read a cited answer, pick an option, rate it, hand over', async () => {
    const context = await noJsContext(suite.browser);
    const page = await context.newPage();
    const res = await page.goto(`${suite.server.url}/tro-ly`);
    expect(res?.status()).toBe(200);
    // page scripts do not run: app.js would have marked <html class="js-enabled">
    expect(await page.locator('html.js-enabled').count()).toBe(0);

    await page.getByLabel('Câu hỏi của bạn').fill('doi bang lai xe het han can giay to gi');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.waitForURL(/\/tro-ly\?c=/);
    const answer = page.locator('.assistant-a').last();
    await expect.poll(() => answer.textContent()).toContain('Nguồn');
    expect(await page.locator('.assistant-a a[href="/huong-dan/gplx"]').count()).toBeGreaterThan(0);

    // an ambiguous question offers options as buttons that post the choice
    await page.getByLabel('Câu hỏi của bạn').fill('sổ đỏ');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.waitForLoadState();
    const option = page.locator('.assistant-options button').first();
    const label = await option.textContent();
    await option.click();
    await page.waitForLoadState();
    expect(await page.locator('.assistant-q').last().textContent()).toContain(label!.trim());

    // "Có hữu ích không?" with a reason
    await page.locator('details.assistant-feedback summary').last().click();
    const fb = page.locator('details.assistant-feedback').last();
    await fb.getByLabel('Không', { exact: true }).check();
    await fb.getByLabel('Thiếu thông tin').check();
    await fb.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.waitForURL(/da=assistantFeedback/);
    expect(await page.getByText('Cảm ơn bạn đã đánh giá câu trả lời.').count()).toBeGreaterThan(0);

    // markup typed by the user is shown as text
    await page.getByLabel('Câu hỏi của bạn').fill('<script>alert(1)</script><b>in đậm</b>');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.assistant-q').last().textContent()).toContain('<script>alert(1)</script><b>in đậm</b>');
    expect(await page.locator('.assistant-q b').count()).toBe(0);

    // hand-over with a phone number, shows the code and the hotline
    await page.getByRole('link', { name: 'Gặp cán bộ hỗ trợ' }).first().click();
    await page.waitForURL(/gap-can-bo/);
    expect(await page.locator('a[href="tel:02211022"]').count()).toBeGreaterThan(0);
    await page.getByLabel('Số điện thoại (không bắt buộc)').fill('0912345678');
    await page.getByRole('button', { name: 'Gửi yêu cầu hỗ trợ' }).click();
    await page.waitForURL(/da-gui/);
    expect(await page.locator('h1').textContent()).toBe('Đã gửi yêu cầu hỗ trợ');
    expect(await page.getByText(/Mã yêu cầu của bạn/).count()).toBe(1);
    await context.close();
  });

  it('the page has no axe violations (JavaScript off)', async () => {
    const context = await noJsContext(suite.browser);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/tro-ly`);
    await page.getByLabel('Câu hỏi của bạn').fill('làm căn cước cho con 10 tuổi cần gì');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.waitForURL(/\/tro-ly\?c=/);
    const html = await page.content();
    const target = page.url();
    await context.close();
    const js = await suite.browser.newContext({ bypassCSP: true });
    const p2 = await js.newPage();
    await p2.route('**/*', (route) => (route.request().url() === target ? route.fulfill({ body: html, contentType: 'text/html' }) : route.continue()));
    await p2.goto(target);
    expect(await axe(p2)).toEqual([]);
    await js.close();
  });

  it('with JavaScript on, the question is answered in place through the API', async () => {
    const context = await suite.browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/tro-ly`);
    await page.getByLabel('Câu hỏi của bạn').fill('đăng ký kết hôn cần giấy tờ gì');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/assistant/ask')), page.getByRole('button', { name: 'Gửi câu hỏi' }).click()]);
    expect(response.status()).toBe(200);
    await expect.poll(() => page.locator('#assistant-log .assistant-turn').count()).toBe(1);
    expect(await page.locator('#assistant-log .assistant-a').textContent()).toContain('Nguồn');
    expect(page.url()).toMatch(/\/tro-ly\?c=/);
    // a second question continues the same conversation
    await page.getByLabel('Câu hỏi của bạn').fill('còn lệ phí thì sao');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await expect.poll(() => page.locator('#assistant-log .assistant-turn').count()).toBe(2);
    await context.close();
  });
});

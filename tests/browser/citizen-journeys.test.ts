import { beforeAll, describe, expect, it } from 'vitest';
import { browserSuite } from './browser.ts';
import { citizenContext, expectCleanPage, MODES, WIDTHS } from './citizen.ts';
import { AssistantServiceToken } from '../../src/modules/assistant/assistant.service.ts';

/** Issue 11.4: rating, feedback follow-up and the assistant end with what the citizen needs. */
describe('citizen: finish every journey', () => {
  const suite = browserSuite();
  beforeAll(async () => {
    await suite.server.app.deps.services.get(AssistantServiceToken).ready();
  });

  for (const width of WIDTHS) {
    for (const js of MODES) {
      it(`rating from a service page, and a question followed up by its code (${width}px, JS ${js ? 'on' : 'off'})`, async () => {
        const context = await citizenContext(suite, width, js);
        const page = await context.newPage();
        // Rating: the link on the service page pre-fills the service.
        await page.goto(`${suite.server.url}/dich-vu/1.001193`);
        await page.getByRole('link', { name: 'Đánh giá dịch vụ này' }).click();
        await page.waitForURL(/\/danh-gia\?ma=1\.001193$/);
        expect(await page.getByLabel('Mã thủ tục hành chính (không bắt buộc)').inputValue()).toBe('1.001193');
        expect(await page.getByText('Bạn đang đánh giá: Thủ tục đăng ký khai sinh').count()).toBe(1);
        await expectCleanPage(suite, page, width, js);
        await page.getByRole('button', { name: 'Gửi' }).click();
        const summaryLink = page.locator('.error-summary a').first();
        expect(await summaryLink.getAttribute('href')).toBe('#score-0');
        await expectCleanPage(suite, page, width, js);
        await summaryLink.click();
        if (js) expect(await page.evaluate(() => document.activeElement?.id)).toBe('score-0');
        await page.getByLabel('4 – Hài lòng').first().check();
        await page.getByRole('button', { name: 'Gửi' }).click();
        await page.waitForURL(/da=fbRated/);
        expect(await page.getByText('Cảm ơn bạn đã đánh giá').count()).toBe(1);
        await expectCleanPage(suite, page, width, js);

        // Feedback: send a question, keep the code, read it back with the private link.
        await page.goto(`${suite.server.url}/phan-anh/gui`);
        await page.getByLabel('Nội dung').fill(`Tôi muốn hỏi về đăng ký khai sinh cho con (${width}, ${js})`);
        await page.getByRole('button', { name: 'Gửi' }).click();
        await page.waitForURL(/\/phan-anh\/PA-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}\?moi=1/);
        const code = (await page.locator('#receipt-code').textContent())!.trim();
        expect(await page.getByRole('button', { name: 'Sao chép mã' }).isVisible()).toBe(js);
        expect(await page.getByRole('button', { name: 'In biên nhận' }).isVisible()).toBe(js);
        expect(await page.getByText(`Tôi muốn hỏi về đăng ký khai sinh cho con (${width}, ${js})`).count()).toBe(1);
        expect(await page.getByLabel('Gửi mã tra cứu và đường dẫn riêng vào thư điện tử').count()).toBe(1);
        await expectCleanPage(suite, page, width, js);
        // Lookup without dashes, then an unknown code: both answered on the lookup page.
        await page.goto(`${suite.server.url}/phan-anh`);
        await page.getByLabel('Tra cứu theo mã').fill(code.replace(/-/g, ''));
        await page.getByRole('button', { name: 'Tra cứu' }).click();
        await page.waitForURL(new RegExp(`/phan-anh/${code}$`));
        expect(await page.locator('h1').textContent()).toContain(code);
        expect(await page.locator('main').textContent()).not.toMatch(/\bweb\b/);
        await expectCleanPage(suite, page, width, js);
        await page.goto(`${suite.server.url}/phan-anh`);
        await page.getByLabel('Tra cứu theo mã').fill('PA2099999999');
        await page.getByRole('button', { name: 'Tra cứu' }).click();
        await page.waitForLoadState();
        expect(await page.locator('.error-summary').textContent()).toContain('Không tìm thấy câu hỏi, phản ánh nào có mã PA-2099-999999');
        await expectCleanPage(suite, page, width, js);
        await context.close();
      });
    }

    it(`assistant with JavaScript: every citation, focus on the new answer, a working "helpful?" (${width}px)`, async () => {
      const context = await citizenContext(suite, width, true);
      const page = await context.newPage();
      await page.goto(`${suite.server.url}/tro-ly`);
      await page.getByLabel('Câu hỏi của bạn').fill('doi bang lai xe het han can giay to gi');
      await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
      const answer = page.locator('#assistant-log .assistant-a').last();
      await expect.poll(() => answer.count()).toBe(1);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('assistant-a'))).toBe(true);
      // As many citation links as the API returned.
      const conv = new URL(page.url()).searchParams.get('c')!;
      const turns = await suite.server.app.deps.services.get(AssistantServiceToken).conversation(conv);
      const last = turns[turns.length - 1] as unknown as { citations: Array<{ url: string }> };
      for (const c of last.citations) expect(await answer.locator(`a[href="${c.url}"]`).count()).toBe(1);
      await expectCleanPage(suite, page, width, true);
      await answer.getByRole('button', { name: 'Có', exact: true }).click();
      await page.waitForURL(/da=assistantFeedback/);
      expect(await page.getByText('Cảm ơn bạn đã đánh giá câu trả lời.').count()).toBe(1);
      await context.close();
    });
  }
});

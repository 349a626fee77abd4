import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { axe, noJsContext, browserSuite, signInNoJs } from './browser.ts';
import { DEMO } from '../../src/test/helpers.ts';

/**
 * The "done when" journey in Chromium with JavaScript off: a citizen asks a question, gets a receipt code, the
 * responsible agency answers (officer drafts, head approves), the answer is public and the citizen rates it.
 */
describe('feedback in a real browser (JavaScript off)', () => {
  const suite = browserSuite();

  const signIn = (email: string) => signInNoJs(suite, email);

  it('submit → receipt → agency answers → public page shows it → citizen rates it', async () => {
    // A procedure the Department of Science and Technology is responsible for.
    const proc = await sql<{ code: string }>`SELECT p.code FROM procedures p JOIN organisations o ON o.id = p.responsible_org_ids[1]
      WHERE o.code = 'SKHCN' ORDER BY p.code LIMIT 1`.execute(suite.server.db.database.db);
    const serviceCode = proc.rows[0]?.code ?? '';

    const citizen = await noJsContext(suite.browser);
    const page = await citizen.newPage();
    await page.goto(`${suite.server.url}/phan-anh/gui`);
    await page.getByLabel('Hỏi đáp').check();
    await page.getByLabel('Mã thủ tục hành chính').fill(serviceCode);
    await page.getByLabel('Tiêu đề').fill('Hỏi về hồ sơ cần nộp');
    await page.getByLabel('Nội dung').fill('Xin hỏi hồ sơ gồm những giấy tờ gì và nộp trực tuyến được không?');
    await page.getByLabel('Thư điện tử').fill('nguoidan@example.com');
    await page.getByRole('button', { name: 'Gửi' }).click();
    await page.waitForURL(/\/phan-anh\/PA-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}\?moi=1&k=/);
    const receiptUrl = page.url();
    const code = /PA-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}/.exec(receiptUrl)![0];
    expect(await page.locator('.receipt-code').textContent()).toContain(code);
    expect(await page.content()).not.toContain('nguoidan@example.com');

    // Four-eyes: the officer drafts, the head approves. Without a catalogue procedure the item went to the
    // Centre, whose only demo handler would be both; route it to SKHCN as the Centre would.
    if (!serviceCode) await sql`UPDATE fb_items SET org_id = (SELECT id FROM organisations WHERE code = 'SKHCN') WHERE code = ${code}`.execute(suite.server.db.database.db);
    const officer = await signIn(DEMO.officerSkhcn);
    await officer.page.goto(`${suite.server.url}/quan-tri/phan-anh`);
    await officer.page.getByRole('link', { name: code }).click();
    await officer.page.getByLabel('Dự thảo trả lời').fill('Hồ sơ gồm tờ khai theo mẫu và bản sao giấy tờ liên quan; có thể nộp trực tuyến trên Cổng dịch vụ công.');
    await officer.page.getByRole('button', { name: 'Trình lãnh đạo duyệt' }).click();
    await officer.page.waitForURL(/da=fbDrafted/);
    await officer.context.close();

    const head = await signIn(DEMO.headSkhcn);
    await head.page.goto(`${suite.server.url}/quan-tri/phan-anh/${code}`);
    await head.page.getByRole('button', { name: 'Duyệt và công khai' }).click();
    await head.page.waitForURL(/da=fbApproved/);
    await head.context.close();

    // Approving the answer publishes nothing the citizen wrote: a moderator decides on the masked preview.
    const pub = await noJsContext(suite.browser);
    const p2 = await pub.newPage();
    await p2.goto(`${suite.server.url}/phan-anh/${code}`);
    expect(await p2.locator('.answer').count()).toBe(0);
    const editor = await signIn(DEMO.editor);
    await editor.page.goto(`${suite.server.url}/quan-tri/phan-anh/${code}`);
    expect(await editor.page.locator('.moderation-preview').count()).toBe(1);
    await editor.page.getByLabel('Che thêm').fill('Tiêu đề không có');
    await editor.page.getByRole('button', { name: 'Công khai', exact: true }).click();
    await editor.page.waitForURL(/da=fbModerated/);
    await editor.context.close();
    await p2.goto(`${suite.server.url}/phan-anh/${code}`);
    expect(await p2.locator('.answer').textContent()).toContain('nộp trực tuyến trên Cổng dịch vụ công');
    await pub.close();

    // The citizen returns with the link from the receipt and says they are satisfied.
    await page.goto(receiptUrl.replace('moi=1&', ''));
    await page.getByLabel('Hài lòng', { exact: true }).check();
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await page.waitForURL(/da=fbVerdict/);
    expect(await page.content()).toContain('Người dân hài lòng');

    // And rates the service.
    await page.goto(`${suite.server.url}/danh-gia`);
    await page.getByLabel('Mã hồ sơ').fill('H31.99-000001');
    await page.locator('#score-0').check();
    await page.getByRole('button', { name: 'Gửi' }).click();
    await page.waitForURL(/da=fbRated/);
    expect(await page.content()).toContain('Cảm ơn bạn đã đánh giá');
    await citizen.close();

    // The public metrics and ledger pages render.
    const m = await noJsContext(suite.browser);
    const p3 = await m.newPage();
    expect((await p3.goto(`${suite.server.url}/phan-anh/so-lieu`))?.status()).toBe(200);
    expect((await p3.goto(`${suite.server.url}/phan-anh/so-cai`))?.status()).toBe(200);
    await m.close();
  });

  for (const path of ['/phan-anh/gui', '/danh-gia', '/phan-anh/so-lieu', '/hoi-dap']) {
    it(`${path}: 0 axe violations`, async () => {
      const context = await suite.browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${suite.server.url}${path}`);
      expect(await axe(page)).toEqual([]);
      await context.close();
    });
  }
});

import { describe, expect, it } from 'vitest';
import { browserSuite } from './browser.ts';
import { citizenContext, expectCleanPage } from './citizen.ts';

/** Issue 15: a pupil takes the demo contest with JavaScript off on a 320 px screen, with the school's one-time code. */
describe('learning: taking a contest with JavaScript off at 320 px', () => {
  const suite = browserSuite();

  it('code → start → answers saved → submit → result and certificate; every page fits and passes axe', async () => {
    const context = await citizenContext(suite, 320, false);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/cuoc-thi`);
    await page.getByRole('link', { name: 'Cuộc thi tìm hiểu về dịch vụ công trực tuyến năm 2026' }).click();
    expect(await page.locator('h1').textContent()).toBe('Cuộc thi tìm hiểu về dịch vụ công trực tuyến năm 2026');
    await expectCleanPage(suite, page, 320, false);
    // A wrong code is explained beside the field; the right one starts the attempt.
    await page.getByLabel('Mã học sinh').fill('HS-SAI-0000');
    await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Mã học sinh không đúng');
    await page.getByLabel('Mã học sinh').fill('hs-demo-2026');
    await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    expect(page.url()).toMatch(/\/cuoc-thi\/bai\/[0-9a-f-]{36}$/);
    expect(await page.locator('.notice').first().textContent()).toContain('Hạn nộp bài');
    await expectCleanPage(suite, page, 320, false);
    // Answer every question: the first option of each choice question, 12 for a number.
    const groups = await page.locator('fieldset').count();
    for (let i = 0; i < groups; i++) await page.locator('fieldset').nth(i).locator('input').first().check();
    const numbers = page.locator('input[type="text"][name^="q_"]');
    for (let i = 0; i < (await numbers.count()); i++) await numbers.nth(i).fill('12');
    await page.getByLabel('Câu hỏi phụ: bạn dự đoán có bao nhiêu người tham gia đợt thi này?').fill('1500');
    await page.getByRole('button', { name: 'Lưu' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Đã lưu câu trả lời');
    // What was saved comes back (a reload after a dropped connection loses nothing).
    expect(await page.getByLabel('Câu hỏi phụ: bạn dự đoán có bao nhiêu người tham gia đợt thi này?').inputValue()).toBe('1500');
    expect(await page.locator('fieldset input:checked').count()).toBe(groups);
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    expect(page.url()).toMatch(/\/ket-qua$/);
    expect(await page.locator('.panel').textContent()).toMatch(/Bạn trả lời đúng \d\/5 câu\./);
    await expectCleanPage(suite, page, 320, false);
    await page.getByRole('link', { name: 'Xem chứng nhận' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Chứng nhận hợp lệ');
    expect(await page.locator('dl').textContent()).toContain('Học s*** m*** h**');
    await expectCleanPage(suite, page, 320, false);
    await page.goto(`${suite.server.url}/cuoc-thi/tim-hieu-dvctt-2026/xep-hang`);
    await expectCleanPage(suite, page, 320, false);
    await context.close();
  });

  it('the course pages work and fit at 320 px with JavaScript off', async () => {
    const context = await citizenContext(suite, 320, false);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/hoc`);
    await expectCleanPage(suite, page, 320, false);
    await page.getByRole('link', { name: 'Làm quen dịch vụ công trực tuyến' }).click();
    await expectCleanPage(suite, page, 320, false);
    await page.getByRole('link', { name: 'Đăng nhập lần đầu' }).click();
    expect(await page.locator('.embedded-guide h2').textContent()).toContain('Cổng Dịch vụ công quốc gia');
    await expectCleanPage(suite, page, 320, false);
    await context.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { anonymousVisitor, buildTestApp, FORM, form, type TestApp } from '../../test/helpers.ts';
import { normaliseCode } from './feedback.routes.ts';

/** Issue 11.4: the rating and feedback journeys end with what the citizen needs, never a dead end. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

async function post(path: string, fields: Record<string, string>, from = path) {
  const v = await anonymousVisitor(t.app, from);
  return t.app.inject({ method: 'POST', url: path, headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, website: '', ...fields }) });
}

async function submit(body: string) {
  const res = await post('/phan-anh/gui', { _submission: `tok-${Math.random().toString(36).slice(2)}`, kind: 'hoi-dap', title: 'Hỏi về khai sinh', body }, '/phan-anh/gui');
  expect(res.statusCode).toBe(303);
  const url = new URL(res.headers.location as string, 'http://x');
  return { code: /PA-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}/.exec(url.pathname)![0], key: url.searchParams.get('k')!, location: res.headers.location as string };
}

describe('rating', () => {
  it('?ma= pre-fills the service and names it; options show the numbers; one thank-you', async () => {
    const page = await t.app.inject({ url: '/danh-gia?ma=1.001193' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/name="serviceCode"[^>]*value="1\.001193"|value="1\.001193"[^>]*name="serviceCode"/);
    expect(page.body).toContain('Bạn đang đánh giá: Thủ tục đăng ký khai sinh');
    for (const n of [5, 4, 3, 2, 1]) expect(page.body).toMatch(new RegExp(`<label for="score-\\d">${n} – `));
    const bad = await post('/danh-gia', { serviceCode: '1.001193' }, '/danh-gia');
    expect(bad.statusCode).toBe(422);
    // The error summary links to the first radio of the group, which exists.
    expect(bad.body).toContain('href="#score-0"');
    expect(bad.body).toContain('id="score-0"');
    const ok = await post('/danh-gia', { serviceCode: '1.001193', score: '4' }, '/danh-gia');
    expect(ok.statusCode).toBe(303);
    const done = await t.app.inject({ url: ok.headers.location as string });
    expect(done.body.match(/Cảm ơn bạn đã đánh giá/g)).toHaveLength(1);
  });
});

describe('feedback follow-up', () => {
  it('the receipt gives the code, copy and print buttons, and an e-mail form that sends the private link', async () => {
    const { code, key, location } = await submit('Con tôi sinh ở bệnh viện tỉnh, đăng ký khai sinh ở đâu?');
    const receipt = await t.app.inject({ url: location });
    expect(receipt.body).toContain(`<strong id="receipt-code">${code}</strong>`);
    expect(receipt.body).toContain('data-copy="receipt-code"');
    expect(receipt.body).toContain('data-print');
    expect(receipt.body).toContain(`action="/phan-anh/${code}/gui-ma"`);
    const bad = await post(`/phan-anh/${code}/gui-ma`, { k: key, email: 'khong-phai-email' }, location);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#email"');
    expect(bad.body).toContain('value="khong-phai-email"');
    const sent = await post(`/phan-anh/${code}/gui-ma`, { k: key, email: 'nguoidan@example.com' }, location);
    expect(sent.statusCode).toBe(303);
    const mail = await sql<{ subject: string; text_body: string }>`SELECT subject, text_body FROM mail_outbox WHERE to_address = 'nguoidan@example.com'`.execute(t.database.db);
    expect(mail.rows).toHaveLength(1);
    expect(mail.rows[0]!.subject).toContain(code);
    expect(mail.rows[0]!.text_body).toContain(`/phan-anh/${code}?k=${key}`);
    // Without the key nobody can have the link mailed.
    expect((await post(`/phan-anh/${code}/gui-ma`, { k: 'sai', email: 'x@example.com' }, location)).statusCode).toBe(404);
  });

  it('the citizen reads their own question before moderation with the key; the public does not', async () => {
    const { code, key } = await submit('Câu hỏi riêng của tôi về giấy khai sinh cho con thứ hai, gọi 0912345678');
    const mine = await t.app.inject({ url: `/phan-anh/${code}?k=${key}` });
    expect(mine.body).toContain('Câu hỏi riêng của tôi về giấy khai sinh cho con thứ hai');
    // A private link can be forwarded: personal data stays masked even for the owner.
    expect(mine.body).not.toContain('0912345678');
    expect(mine.body).toContain('Nội dung đang chờ kiểm duyệt');
    const pub = await t.app.inject({ url: `/phan-anh/${code}` });
    expect(pub.body).not.toContain('Câu hỏi riêng của tôi');
    // No internal channel code on the public page.
    expect(pub.body.replace(/<[^>]+>/g, ' ')).not.toMatch(/\bweb\b/);
    expect(mine.body.replace(/<[^>]+>/g, ' ')).not.toMatch(/\bweb\b/);
    expect(mine.body).toContain('Gửi qua: Trực tuyến trên trang Dịch vụ công');
  });

  it('code lookup accepts the code without dashes, and explains bad and unknown codes on the lookup page', async () => {
    expect(normaliseCode('pa2026000004')).toBe('PA-2026-000004');
    expect(normaliseCode(' PA 2026 000004 ')).toBe('PA-2026-000004');
    expect(normaliseCode('PA-26-4')).toBeUndefined();
    const { code: fresh } = await submit('Hỏi để thử đọc mã qua điện thoại, chữ thường và có khoảng trắng');
    expect(normaliseCode(fresh.toLowerCase().replace(/-/g, ' '))).toBe(fresh);
    const { code } = await submit('Hỏi để thử tra cứu mã không có dấu gạch ngang');
    const bare = code.replace(/-/g, '');
    const lookup = await t.app.inject({ url: `/phan-anh?ma=${bare}` });
    expect(lookup.statusCode).toBe(303);
    expect(lookup.headers.location).toBe(`/phan-anh/${code}`);
    const direct = await t.app.inject({ url: `/phan-anh/${bare}` });
    expect(direct.statusCode).toBe(301);
    expect(direct.headers.location).toBe(`/phan-anh/${code}`);
    const badFormat = await t.app.inject({ url: '/phan-anh?ma=abc' });
    expect(badFormat.statusCode).toBe(422);
    expect(badFormat.body).toContain('class="error-summary"');
    expect(badFormat.body).toContain('href="#ma"');
    expect(badFormat.body).toContain('value="abc"');
    for (const url of ['/phan-anh?ma=PA2099999999', '/phan-anh/PA-2099-999999']) {
      const unknown = await t.app.inject({ url });
      expect(unknown.statusCode, url).toBe(404);
      expect(unknown.body).toContain('Không tìm thấy câu hỏi, phản ánh nào có mã PA-2099-999999');
      expect(unknown.body).toContain('class="error-summary"');
      expect(unknown.body).toContain('name="ma"');
    }
  });
});

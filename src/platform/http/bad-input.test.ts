import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, anonymousVisitor, sessionFor, DEMO, FORM, form, type TestApp } from '../../test/helpers.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { buildApp } from '../../app.ts';
import { testEnv } from '../../test/env.ts';

const noStack = (body: string) => {
  expect(body).not.toMatch(/at .+\.(ts|js):\d+/);
  expect(body).not.toContain('node_modules');
};

describe('hostile and malformed input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ BODY_LIMIT_BYTES: '65536' });
  });
  afterAll(async () => t.close());

  it('malformed JSON → 400 with a Vietnamese message', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/dang-xuat', headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: '{"a":' });
    // The body is rejected before anything else looks at it.
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('Dữ liệu JSON không đúng cú pháp');
    noStack(res.body);
  });

  it('oversized body → 413 with the limit in the message', async () => {
    const v = await anonymousVisitor(t.app);
    const res = await t.app.inject({ method: 'POST', url: '/dang-nhap', headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, email: 'x'.repeat(70_000) }) });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('Dữ liệu gửi lên quá lớn (tối đa 64 KB)');
    noStack(res.body);
  });

  it('invalid UTF-8 → 400', async () => {
    const bad = Buffer.concat([Buffer.from('{"q":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { 'content-type': 'application/json' }, payload: bad });
    expect([400, 404]).toContain(res.statusCode);
    const form400 = await t.app.inject({ method: 'POST', url: '/dang-nhap', headers: FORM, payload: 'email=%C3%28' });
    expect(form400.statusCode).toBe(400);
    expect(form400.body).toContain('không phải văn bản UTF-8 hợp lệ');
  });

  it('wrong types in a query → 400 naming the field', async () => {
    const res = await t.app.inject('/api/v1/organisations?page=abc');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.page).toContain('page');
    const long = await t.app.inject(`/api/v1/organisations?q=${'a'.repeat(500)}`);
    expect(long.statusCode).toBe(400);
  });

  it('a form post without the CSRF token → 403, with it → accepted', async () => {
    const s = await sessionFor(t.database, DEMO.coordinator);
    const payload = form({ code: 'TEST-UNIT', name: 'Đơn vị thử', type: 'khac', validFrom: '01/01/2026' });
    const res = await t.app.inject({ method: 'POST', url: '/quan-tri/co-quan/moi', headers: { ...FORM, cookie: s.cookie }, payload });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Phiên làm việc đã hết hạn');
    const wrong = await t.app.inject({ method: 'POST', url: '/quan-tri/co-quan/moi', headers: { ...FORM, cookie: s.cookie }, payload: `${payload}&_csrf=forged` });
    expect(wrong.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: '/quan-tri/co-quan/moi', headers: { ...FORM, cookie: s.cookie }, payload: `${payload}&_csrf=${s.csrf}` });
    expect(ok.statusCode).toBe(303);
  });

  it('a cookie-authenticated JSON call needs the X-CSRF-Token header too', async () => {
    const s = await sessionFor(t.database, DEMO.coordinator);
    const res = await t.app.inject({ method: 'POST', url: '/dang-xuat', headers: { cookie: s.cookie, 'content-type': 'application/json' }, payload: '{}' });
    expect(res.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: '/dang-xuat', headers: { cookie: s.cookie, 'content-type': 'application/json', 'x-csrf-token': s.csrf }, payload: '{}' });
    expect(ok.statusCode).toBe(303);
  });

  it('unknown pages → helpful 404 page with search; unknown API → JSON 404', async () => {
    const page = await t.app.inject('/khong-co-trang-nay');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Không tìm thấy trang bạn cần');
    expect(page.body).toContain('action="/tim-kiem"');
    const api = await t.app.inject('/api/v1/khong-co');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('errors.notFound');
  });

  it('unsupported content type → 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/dang-nhap', headers: { 'content-type': 'application/x-evil' }, payload: 'x' });
    expect(res.statusCode).toBe(415);
  });

  it('script in input is escaped, never executed', async () => {
    const v = await anonymousVisitor(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap',
      headers: { ...FORM, cookie: v.cookie },
      payload: form({ _csrf: v.csrf, email: '"><script>alert(1)</script>', password: 'x' }),
    });
    expect(res.statusCode).toBe(401);
    // The value stays inside its quoted attribute: the quote is escaped, so no element can be injected.
    expect(res.body).not.toContain('""><script>');
    expect(res.body).toContain('value="&#34;><script>alert(1)</script>"');
    expect(res.body.match(/<script/g)).toHaveLength(2); // app.js in <head> + the inert attribute text
  });

  it('path traversal in static files is refused', async () => {
    const res = await t.app.inject('/static/../package.json');
    expect([400, 403, 404]).toContain(res.statusCode);
    expect(res.body).not.toContain('"dependencies"');
  });
});

describe('database unavailable', () => {
  it('answers 503 with Retry-After and a Vietnamese message — never a hang or a 500', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dvc-down-'));
    // Nothing listens on port 1: every connection is refused at once.
    const config = loadConfig(testEnv(dir, 'postgres://postgres@127.0.0.1:1/none', { DB_CONNECT_TIMEOUT_MS: '500' }));
    const database = await openDatabase(config);
    const app = await buildApp({ config, database, logger: false });
    try {
      const page = await app.inject('/');
      expect(page.statusCode).toBe(503);
      expect(page.headers['retry-after']).toBe('5');
      expect(page.body).toContain('Hệ thống đang tạm gián đoạn');
      const api = await app.inject('/api/v1/organisations');
      expect(api.statusCode).toBe(503);
      expect(api.json().error.code).toBe('errors.unavailable');
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      const alive = await app.inject('/healthz');
      expect(alive.statusCode).toBe(200);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

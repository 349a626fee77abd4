import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sql } from 'kysely';
import { buildTestApp, form, FORM, type TestApp } from '../../test/helpers.ts';
import { generateApiToken } from '../../platform/auth/api-tokens.ts';

// The Open311 organisation's own JSON Schemas (copied into spec/open311-georeport-v2), loaded by file name.
const SPEC_DIR = join(import.meta.dirname, 'spec', 'open311-georeport-v2');
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
for (const f of readdirSync(SPEC_DIR).filter((f) => f.endsWith('.json') && f !== 'swagger.json')) {
  ajv.addSchema({ ...JSON.parse(readFileSync(join(SPEC_DIR, f), 'utf8')), $id: f });
}
function valid(schema: string, data: unknown) {
  const v = ajv.getSchema(schema)!;
  const ok = v(data);
  if (!ok) console.error(schema, JSON.stringify(v.errors, null, 1));
  return ok;
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const isErrorList = (body: unknown) =>
  Array.isArray(body) && body.length > 0 && body.every((e) => typeof e.code === 'number' && typeof e.description === 'string' && e.description.length > 0);

describe('Open311 GeoReport v2', () => {
  it('GET services.json validates against services.json and lists the feedback categories', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(valid('services.json', body)).toBe(true);
    expect(body.map((s: { service_code: string }) => s.service_code)).toEqual(expect.arrayContaining(['hoi-dap', 'phan-anh', 'kho-khan', 'khen-ngoi']));
  });

  it('services.json?q= searches the catalogue (bounded)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json?q=khai%20sinh' });
    const body = res.json();
    expect(valid('services.json', body)).toBe(true);
    expect(body.length).toBeLessThanOrEqual(60);
    // The real catalogue's birth registration procedure is found and can be reported against.
    expect(body.some((s: { service_code: string }) => s.service_code === '1.001193')).toBe(true);
    const def = await t.app.inject({ method: 'GET', url: '/open311/v2/services/1.001193.json' });
    expect(valid('service-definition.json', def.json())).toBe(true);
    const res2 = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: '1.001193', description: 'Đăng ký khai sinh trực tuyến bị trả hồ sơ không rõ lý do' } });
    expect(res2.statusCode).toBe(201);
    const got = (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${res2.json()[0].service_request_id}.json` })).json();
    expect(valid('requests.json', got)).toBe(true);
    expect(got[0].service_code).toBe('1.001193');
  });

  it('GET services/{code}.json validates against service-definition.json; unknown → 404 error list', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/open311/v2/services/hoi-dap.json' });
    expect(res.statusCode).toBe(200);
    expect(valid('service-definition.json', res.json())).toBe(true);
    const missing = await t.app.inject({ method: 'GET', url: '/open311/v2/services/khong-co.json' });
    expect(missing.statusCode).toBe(404);
    expect(isErrorList(missing.json())).toBe(true);
  });

  it('an anonymous client POSTs a form-encoded request and reads it back', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: FORM,
      payload: form({ service_code: 'kho-khan', description: 'Không thanh toán được lệ phí trên Cổng dịch vụ công tỉnh', first_name: 'An', last_name: 'Nguyễn', email: 'an.o311@example.com', lat: '20.65', long: '106.05' }),
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created[0].service_request_id).toMatch(/^PA-\d{4}-\d{6}$/);
    const id = created[0].service_request_id;

    const one = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` });
    expect(one.statusCode).toBe(200);
    expect(valid('requests.json', one.json())).toBe(true);
    const r = one.json()[0];
    expect(r.status).toBe('open');
    expect(r.agency_responsible).toBeTruthy();
    expect(JSON.stringify(r)).not.toContain('an.o311@example.com');

    const list = await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?status=open' });
    expect(valid('requests.json', list.json())).toBe(true);
    expect(list.json().some((x: { service_request_id: string }) => x.service_request_id === id)).toBe(true);
    const byId = await t.app.inject({ method: 'GET', url: `/open311/v2/requests.json?service_request_id=${id}` });
    expect(byId.json()).toHaveLength(1);
  });

  it('closed requests carry the answer as status_notes', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: 'hoi-dap', description: 'Câu hỏi gửi qua Open311 sẽ được trả lời' } });
    const id = res.json()[0].service_request_id;
    await sql`UPDATE fb_items SET status = 'answered', answer_public = 'Đây là câu trả lời', answered_at = now() WHERE code = ${id}`.execute(t.database.db);
    // before the question is moderated the answer is not public (it may quote the question)
    expect((await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json()[0].status_notes).not.toBe('Đây là câu trả lời');
    await sql`UPDATE fb_items SET moderation = 'approved' WHERE code = ${id}`.execute(t.database.db);
    const one = (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json();
    expect(valid('requests.json', one)).toBe(true);
    expect(one[0].status).toBe('closed');
    expect(one[0].status_notes).toBe('Đây là câu trả lời');
  });

  it('errors are the spec list with a 4xx status', async () => {
    const cases = [
      await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { description: 'thiếu mã dịch vụ trong yêu cầu' } }),
      await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: 'khong-co', description: 'mã dịch vụ không tồn tại' } }),
      await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: 'hoi-dap', description: 'ngắn' } }),
      await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: 'hoi-dap', description: 'Khóa API sai định dạng', api_key: 'sai' } }),
      await t.app.inject({ method: 'GET', url: '/open311/v2/requests/PA-2020-999999.json' }),
      await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?start_date=hom-qua' }),
    ];
    expect(cases.map((c) => c.statusCode)).toEqual([400, 404, 422, 403, 404, 400]);
    for (const c of cases) expect(isErrorList(c.json())).toBe(true);
  });

  it('accepts a platform API token as api_key (form field), and rejects a revoked one', async () => {
    const tok = generateApiToken();
    await t.database.db.insertInto('api_tokens').values({ name: 'open311-client', token_prefix: tok.prefix, token_hash: tok.hash, scopes: ['feedback:write'] }).execute();
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ api_key: tok.token, service_code: 'phan-anh', description: 'Gửi bằng khóa API của đối tác tích hợp' }) });
    expect(res.statusCode).toBe(201);
    const bearer = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { authorization: `Bearer ${tok.token}` }, payload: { service_code: 'phan-anh', description: 'Gửi bằng Bearer của đối tác tích hợp' } });
    expect(bearer.statusCode).toBe(201);
    await t.database.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('token_prefix', '=', tok.prefix).execute();
    const revoked = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ api_key: tok.token, service_code: 'phan-anh', description: 'Khóa đã bị thu hồi không dùng được' }) });
    expect(revoked.statusCode).toBe(403);
    expect(isErrorList(revoked.json())).toBe(true);
  });
});

describe('Open311 rate limit for anonymous posts', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '50' });
  });
  afterAll(async () => small.close());

  it('refuses the 11th anonymous post in a minute with a 429 error list', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await small.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: 'hoi-dap', description: `Câu hỏi số ${i} để thử giới hạn tần suất` } });
      codes.push(res.statusCode);
      if (res.statusCode === 429) expect(isErrorList(res.json())).toBe(true);
    }
    expect(codes.slice(0, 10).every((c) => c === 201)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});

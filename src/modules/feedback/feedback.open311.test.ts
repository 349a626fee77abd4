import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sql } from 'kysely';
import { buildTestApp, form, FORM, type TestApp } from '../../test/helpers.ts';
import { generateApiToken } from '../../platform/auth/api-tokens.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { buildApp } from '../../app.ts';
import { testEnv } from '../../test/env.ts';
import { JURISDICTION_ID } from './feedback.open311.ts';
import { maskPersonalData } from './feedback.masking.ts';

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
    expect(created[0].service_request_id).toMatch(/^PA-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
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
    expect(cases.map((c) => c.statusCode)).toEqual([400, 404, 400, 403, 404, 400]);
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

/**
 * A strict reader for the XML this API writes (elements and text only): throws on any unbalanced or stray
 * tag, and turns the document into the JSON shape — a list element becomes an array of its children.
 */
function readXml(xml: string): { root: string; value: unknown } {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/, '');
  expect(body).not.toBe(xml);
  const tokens = body.match(/<\/?[a-z_]+>|[^<]+/g) ?? [];
  expect(tokens.join('')).toBe(body);
  let i = 0;
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  function element(): { name: string; value: unknown } {
    const open = /^<([a-z_]+)>$/.exec(tokens[i++]!);
    if (!open) throw new Error(`expected an opening tag at token ${i - 1}`);
    const name = open[1]!;
    const children: Array<{ name: string; value: unknown }> = [];
    let text = '';
    while (tokens[i] !== `</${name}>`) {
      if (i >= tokens.length) throw new Error(`<${name}> is not closed`);
      if (tokens[i]!.startsWith('</')) throw new Error(`${tokens[i]} closes <${name}>`);
      if (tokens[i]!.startsWith('<')) children.push(element());
      else text += tokens[i++];
    }
    i++;
    if (!children.length) return { name, value: text === '' ? null : unescape(text) };
    const names = new Set(children.map((c) => c.name));
    const isList = children.length > 1 ? names.size === 1 && ['service', 'request', 'attribute', 'error', 'endpoint', 'format', 'value'].includes(children[0]!.name) : ['service', 'request', 'attribute', 'error', 'endpoint', 'format', 'value'].includes(children[0]!.name) && !['service_definition', 'discovery'].includes(name);
    return { name, value: isList ? children.map((c) => c.value) : Object.fromEntries(children.map((c) => [c.name, c.value])) };
  }
  const root = element();
  expect(i).toBe(tokens.length);
  return { root: root.name, value: root.value };
}
/** JSON values as XML text carries them (numbers and booleans as strings, null as empty). */
const asText = (v: unknown): unknown =>
  Array.isArray(v) ? (v.length ? v.map(asText) : null) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asText(x)])) : v == null || v === '' ? null : String(v);

describe('Open311 complete: discovery, XML, jurisdiction, location, attributes, required fields', () => {
  it('serves a discovery document (JSON and XML) pointing at the v2 endpoint with both formats', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/open311/discovery.json' });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(d.contact).toBeTruthy();
    expect(d.endpoints).toHaveLength(1);
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['application/json', 'text/xml'] });
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/);
    const xml = await t.app.inject({ method: 'GET', url: '/open311/v2/discovery.xml' });
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const parsed = readXml(xml.body);
    expect(parsed.root).toBe('discovery');
    expect(parsed.value).toEqual(asText(d));
  });

  it('answers every call in XML as well, with the same content as the JSON', async () => {
    const post = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: FORM, payload: form({ service_code: 'phan-anh', description: 'Gửi bằng định dạng XML <thử> & "ký tự" đặc biệt', lat: '20.6463', long: '106.0511', address_string: 'Số 1 Lê Lợi, phường Phố Hiến' }) });
    expect(post.statusCode).toBe(201);
    const created = readXml(post.body);
    expect(created.root).toBe('service_requests');
    const id = (created.value as Array<{ service_request_id: string }>)[0]!.service_request_id;
    expect(id).toMatch(/^PA-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    for (const [json, xml, root] of [
      ['/open311/v2/services.json', '/open311/v2/services.xml', 'services'],
      ['/open311/v2/services/hoi-dap.json', '/open311/v2/services/hoi-dap.xml', 'service_definition'],
      [`/open311/v2/requests/${id}.json`, `/open311/v2/requests/${id}.xml`, 'service_requests'],
    ] as const) {
      const j = await t.app.inject({ method: 'GET', url: json });
      const x = await t.app.inject({ method: 'GET', url: xml });
      expect(x.statusCode, xml).toBe(200);
      expect(x.headers['content-type']).toBe('text/xml; charset=utf-8');
      const parsed = readXml(x.body);
      expect(parsed.root).toBe(root);
      expect(parsed.value, xml).toEqual(asText(j.json()));
    }
    const err = await t.app.inject({ method: 'GET', url: '/open311/v2/services/khong-co.xml' });
    expect(err.statusCode).toBe(404);
    expect(readXml(err.body)).toEqual({ root: 'errors', value: [{ code: '404', description: 'service_code khong-co not found' }] });
    expect((await t.app.inject({ method: 'GET', url: '/open311/v2/services/hoi-dap.html' })).statusCode).toBe(404);
  });

  it('validates jurisdiction_id: this one (any case) is accepted, any other is a 404 error list', async () => {
    const ok = await t.app.inject({ method: 'GET', url: `/open311/v2/services.json?jurisdiction_id=${JURISDICTION_ID.toUpperCase()}` });
    expect(ok.statusCode).toBe(200);
    const postOk = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { jurisdiction_id: JURISDICTION_ID, service_code: 'hoi-dap', description: 'Câu hỏi có nêu đúng jurisdiction_id' } });
    expect(postOk.statusCode).toBe(201);
    for (const res of [
      await t.app.inject({ method: 'GET', url: '/open311/v2/services.json?jurisdiction_id=city.example.org' }),
      await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?jurisdiction_id=city.example.org' }),
      await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ jurisdiction_id: 'city.example.org', service_code: 'hoi-dap', description: 'Sai jurisdiction_id thì không được nhận' }) }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(isErrorList(res.json())).toBe(true);
      expect(res.json()[0].description).toContain('jurisdiction_id');
    }
    const xml = await t.app.inject({ method: 'GET', url: '/open311/v2/services.xml?jurisdiction_id=city.example.org' });
    expect(readXml(xml.body).root).toBe('errors');
  });

  it('stores lat/long/address and returns them (single request and list); bad coordinates are 400', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ service_code: 'phan-anh', description: 'Biển chỉ dẫn bộ phận một cửa bị đổ', lat: '20.6463', long: '106.0511', address_string: 'Số 1 Lê Lợi, phường Phố Hiến' }) });
    expect(res.statusCode).toBe(201);
    const id = res.json()[0].service_request_id;
    const row = await sql<{ lat: number; long: number; address: string }>`SELECT lat, long, address FROM fb_items WHERE code = ${id}`.execute(t.database.db);
    expect(row.rows[0]).toEqual({ lat: 20.6463, long: 106.0511, address: 'Số 1 Lê Lợi, phường Phố Hiến' });
    const one = (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json();
    expect(valid('requests.json', one)).toBe(true);
    // The typed address is public text: it comes back masked by the same rules as the description.
    expect(one[0]).toMatchObject({ lat: 20.6463, long: 106.0511, address: maskPersonalData('Số 1 Lê Lợi, phường Phố Hiến') });
    expect(one[0].address).toContain('phường Phố Hiến');
    const list = (await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?status=open,closed' })).json();
    expect(list.find((r: { service_request_id: string }) => r.service_request_id === id)).toMatchObject({ lat: 20.6463, long: 106.0511 });
    for (const bad of [{ lat: '95', long: '106' }, { lat: 'abc', long: '106' }, { lat: '20.6' }]) {
      const r = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: 'phan-anh', description: 'Tọa độ sai phải bị từ chối', ...bad } });
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(isErrorList(r.json())).toBe(true);
    }
  });

  it('honours the declared attribute ma_ho_so (form and JSON); unknown or malformed attributes are 400', async () => {
    const def = (await t.app.inject({ method: 'GET', url: '/open311/v2/services/1.001193.json' })).json();
    expect(valid('service-definition.json', def)).toBe(true);
    expect(def.attributes.map((a: { code: string }) => a.code)).toEqual(['ma_ho_so']);
    const viaForm = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ service_code: '1.001193', description: 'Hồ sơ khai sinh bị trả lại không rõ lý do', 'attribute[ma_ho_so]': 'h25.01-251203-0001' }) });
    expect(viaForm.statusCode).toBe(201);
    const viaJson = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { service_code: 'kho-khan', description: 'Không nộp được lệ phí cho hồ sơ này', attribute: { ma_ho_so: 'H25.01-251203-0002' } } });
    expect(viaJson.statusCode).toBe(201);
    const rows = await sql<{ code: string; dossier_code: string }>`SELECT code, dossier_code FROM fb_items WHERE code IN (${viaForm.json()[0].service_request_id}, ${viaJson.json()[0].service_request_id})`.execute(t.database.db);
    const byCode = Object.fromEntries(rows.rows.map((r) => [r.code, r.dossier_code]));
    expect([byCode[viaForm.json()[0].service_request_id], byCode[viaJson.json()[0].service_request_id]]).toEqual(['H25.01-251203-0001', 'H25.01-251203-0002']);
    const unknown = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ service_code: 'hoi-dap', description: 'Thuộc tính không được khai báo', 'attribute[mau_sac]': 'đỏ' }) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()[0].description).toContain('attribute[mau_sac]');
    const malformed = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ service_code: 'hoi-dap', description: 'Mã hồ sơ sai định dạng', 'attribute[ma_ho_so]': 'x' }) });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()[0].description).toMatch(/^attribute\[ma_ho_so\]: /);
  });

  it('missing required fields: 400 with one error entry per missing field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ first_name: 'An' }) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual([
      { code: 400, description: 'service_code is required' },
      { code: 400, description: 'description is required' },
    ]);
    const xml = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: FORM, payload: form({ service_code: 'hoi-dap' }) });
    expect(xml.statusCode).toBe(400);
    expect(readXml(xml.body)).toEqual({ root: 'errors', value: [{ code: '400', description: 'description is required' }] });
  });
});

describe('Open311 while the database is unavailable', () => {
  it('answers 503 with Retry-After and the spec error list (JSON and XML), never a 500', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dvc-o311-down-'));
    // Nothing listens on port 1: every connection is refused at once.
    const config = loadConfig(testEnv(dir, 'postgres://postgres@127.0.0.1:1/none', { DB_CONNECT_TIMEOUT_MS: '500' }));
    const database = await openDatabase(config);
    const app = await buildApp({ config, database, logger: false });
    try {
      for (const url of ['/open311/v2/requests.json', '/open311/v2/requests/PA-2025-000001.json', '/open311/v2/services/1.001193.json']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(isErrorList(res.json())).toBe(true);
        expect(res.json()[0].code).toBe(503);
      }
      const post = await app.inject({ method: 'POST', url: '/open311/v2/requests.xml', payload: { service_code: 'hoi-dap', description: 'Gửi khi cơ sở dữ liệu đang gián đoạn' } });
      expect(post.statusCode).toBe(503);
      expect(post.headers['retry-after']).toBe('5');
      expect(readXml(post.body).root).toBe('errors');
    } finally {
      await app.close();
      await database.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, FORM, form, anonymousVisitor, type TestApp } from '../../test/helpers.ts';
import { generateApiToken } from '../auth/api-tokens.ts';

// Per-address limit 5 a minute: small enough that any per-address limit on a page read would show at once.
describe('rate-limit policy (carrier-grade NAT: reads never limited per address, writes are)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(async () => t.close());

  const from = (ip: string) => ({ remoteAddress: ip });

  it('serves 24× the per-address limit in public page and API reads from one address without a single 429', async () => {
    const pages = ['/', '/phan-anh', '/huong-dan', '/dich-vu', '/hoi-dap', '/api/v1/feedback/ledger', '/open311/v2/requests/PA-2020-000001.json', '/khong-co-trang-nay'];
    const codes: number[] = [];
    for (let i = 0; i < 120; i++) codes.push((await t.app.inject({ url: pages[i % pages.length]!, ...from('100.64.0.1') })).statusCode);
    expect(codes.filter((c) => c === 429)).toEqual([]);
    expect(codes.filter((c) => c >= 500)).toEqual([]);
    expect(codes.filter((_c, i) => i % pages.length === 0).every((c) => c === 200)).toBe(true);
  }, 120_000);

  it('limits writes per address (the 6th sign-out post in a minute gets 429 with a Vietnamese message)', async () => {
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await t.app.inject({ method: 'POST', url: '/dang-xuat', ...from('100.64.0.2') });
      codes.push(last.statusCode);
    }
    expect(codes).toEqual([303, 303, 303, 303, 303, 429, 429]);
    expect(last!.body).toContain('Bạn thao tác quá nhanh');
    expect(last!.headers['retry-after']).toBeDefined();
    // reads from the same address are untouched, and another address may still write
    expect((await t.app.inject({ url: '/phan-anh', ...from('100.64.0.2') })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/dang-xuat', ...from('100.64.0.3') })).statusCode).toBe(303);
  });

  it('limits the public feedback form per address (10 a minute at least), never 5xx', async () => {
    const v = await anonymousVisitor(t.app, '/phan-anh/gui');
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/phan-anh/gui',
        headers: { ...FORM, cookie: v.cookie },
        payload: form({ _csrf: v.csrf, kind: 'hoi-dap', body: `Câu hỏi thử số ${i} về thủ tục cấp phép`, _submission: `tok-${i}-abcdefgh` }),
        ...from('100.64.0.4'),
      });
      codes.push(res.statusCode);
    }
    expect(codes.some((c) => c >= 500)).toBe(false);
    expect(codes.slice(0, 10).every((c) => c !== 429)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });

  it('limits expensive reads (search, exports) per address in their own bucket', async () => {
    const search: number[] = [];
    for (let i = 0; i < 7; i++) search.push((await t.app.inject({ url: `/tim-kiem?q=giay+phep+${i}`, ...from('100.64.0.5') })).statusCode);
    expect(search.slice(0, 5).every((c) => c === 200)).toBe(true);
    expect(search.slice(5)).toEqual([429, 429]);
    expect((await t.app.inject({ url: '/chi-tieu.csv', ...from('100.64.0.5') })).statusCode).toBe(429);
    // a write from that address is counted separately
    expect((await t.app.inject({ method: 'POST', url: '/dang-xuat', ...from('100.64.0.5') })).statusCode).toBe(303);
    // plain pages still open
    expect((await t.app.inject({ url: '/huong-dan', ...from('100.64.0.5') })).statusCode).toBe(200);
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not escape the limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push((await t.app.inject({ method: 'POST', url: '/dang-xuat', headers: { 'x-forwarded-for': `203.0.113.${i}` }, ...from('100.64.0.6') })).statusCode);
    }
    expect(codes[5]).toBe(429);
  });
});

describe('TRUST_PROXY: behind a proxy the forwarded client address is used', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: '10.0.0.0/8, loopback' });
  });
  afterAll(async () => t.close());

  it('counts each forwarded client separately, and ignores what a client forges left of the proxy hop', async () => {
    const post = (xff: string) => t.app.inject({ method: 'POST', url: '/dang-xuat', headers: { 'x-forwarded-for': xff }, remoteAddress: '10.0.0.1' });
    const a: number[] = [];
    for (let i = 0; i < 6; i++) a.push((await post('198.51.100.7')).statusCode);
    expect(a).toEqual([303, 303, 303, 303, 303, 429]);
    // another citizen behind the same proxy is not affected
    expect((await post('198.51.100.8')).statusCode).toBe(303);
    // the limited client cannot escape by prepending a forged address: the proxy's hop is what counts
    expect((await post('1.2.3.4, 198.51.100.7')).statusCode).toBe(429);
  });
});

describe('API token scopes', () => {
  let t: TestApp;
  let writer: string;
  let reader: string;
  beforeAll(async () => {
    t = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    const w = generateApiToken();
    const r = generateApiToken();
    await t.database.db
      .insertInto('api_tokens')
      .values([
        { name: 'writer', token_prefix: w.prefix, token_hash: w.hash, scopes: ['feedback:write'] },
        { name: 'reader', token_prefix: r.prefix, token_hash: r.hash, scopes: ['plans:read', 'feedback:read'] },
      ])
      .execute();
    writer = w.token;
    reader = r.token;
  });
  afterAll(async () => t.close());

  const body = (i: number) => ({ kind: 'hoi-dap', body: `Câu hỏi qua API tích hợp số ${i} về thủ tục` });

  it('refuses a token without feedback:write on the JSON API (403 before validation, Vietnamese message)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/feedback', headers: { authorization: `Bearer ${reader}` }, payload: body(1), remoteAddress: '100.64.1.1' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('feedback:write');
    const invalid = await t.app.inject({ method: 'POST', url: '/api/v1/feedback', headers: { authorization: `Bearer ${reader}` }, payload: { nonsense: true }, remoteAddress: '100.64.1.1' });
    expect(invalid.statusCode).toBe(403);
    const rating = await t.app.inject({ method: 'POST', url: '/api/v1/ratings', headers: { authorization: `Bearer ${reader}` }, payload: { score: 5 }, remoteAddress: '100.64.1.1' });
    expect(rating.statusCode).toBe(403);
  });

  it('refuses an Open311 api_key or Bearer token without feedback:write', async () => {
    const viaKey = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: reader, service_code: 'phan-anh', description: 'Gửi bằng khóa chỉ có quyền đọc' }, remoteAddress: '100.64.1.2' });
    expect(viaKey.statusCode).toBe(403);
    expect(viaKey.json()[0].code).toBe(403);
    const viaBearer = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { authorization: `Bearer ${reader}` }, payload: { service_code: 'phan-anh', description: 'Gửi bằng khóa chỉ có quyền đọc' }, remoteAddress: '100.64.1.2' });
    expect(viaBearer.statusCode).toBe(403);
    expect(Array.isArray(viaBearer.json())).toBe(true);
  });

  it('only a token with the right scope skips the anonymous per-address limit', async () => {
    const tokenCodes: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/feedback', headers: { authorization: `Bearer ${writer}` }, payload: body(100 + i), remoteAddress: '100.64.1.3' });
      tokenCodes.push(res.statusCode);
    }
    expect(tokenCodes.every((c) => c === 201)).toBe(true);
    const o311: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: writer, service_code: 'phan-anh', description: `Phản ánh qua Open311 số ${i} từ đối tác` }, remoteAddress: '100.64.1.3' });
      o311.push(res.statusCode);
    }
    expect(o311.every((c) => c === 201)).toBe(true);
    // anonymous clients (and wrong-scope tokens) from one address are limited
    const anon: number[] = [];
    for (let i = 0; i < 12; i++) {
      anon.push((await t.app.inject({ method: 'POST', url: '/api/v1/feedback', payload: body(200 + i), remoteAddress: '100.64.1.4' })).statusCode);
    }
    expect(anon.slice(0, 10).every((c) => c === 201)).toBe(true);
    expect(anon.slice(10)).toEqual([429, 429]);
  });
});

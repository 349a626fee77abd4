import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildTestApp, DEMO, sessionFor, type TestApp } from '../../test/helpers.ts';
import { randomToken, sha256 } from '../auth/tokens.ts';
import { SYSTEM_ACTOR } from '../auth/permissions.ts';
import { ContentServiceToken } from '../../modules/content/content.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

const GUIDE = '/huong-dan/khai-sinh';

/** The render cache stores after compressing off the event loop: wait until it holds `n` more pages. */
async function stored(before: number, n = 1) {
  const until = Date.now() + 5000;
  while (t.app.pageCache.stats().stores < before + n && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  expect(t.app.pageCache.stats().stores).toBeGreaterThanOrEqual(before + n);
}

/** A signed-in citizen: a principal and a session row, as the SSO callback makes them. */
async function citizenSession(name: string): Promise<string> {
  const p = await t.database.db.insertInto('principals').values({ kind: 'citizen', display_name: name }).returning('id').executeTakeFirstOrThrow();
  const token = randomToken();
  await t.database.db
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: null, principal_id: p.id, csrf_token: randomToken(24), mfa_passed: true, ip: '127.0.0.1', user_agent: 'test', expires_at: new Date(Date.now() + 3600_000) })
    .execute();
  return `dvc_sid=${token}`;
}

describe('public pages: cacheable by any proxy, kept by the render cache', () => {
  it('an anonymous GET of a guide sets no cookie and answers public with max-age, s-maxage, stale-while-revalidate, a strong ETag and Vary', async () => {
    const res = await t.app.inject({ url: GUIDE });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const cc = String(res.headers['cache-control']);
    expect(cc).toMatch(/^public, /);
    expect(cc).toMatch(/max-age=\d+/);
    expect(cc).toMatch(/s-maxage=\d+/);
    expect(cc).toMatch(/stale-while-revalidate=\d+/);
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/); // strong: no W/ prefix
    expect(String(res.headers.vary)).toMatch(/Cookie/);
    // Security headers are there on the first answer…
    expect(res.headers['content-security-policy']).toBeTruthy();
  });

  it('revalidation with the ETag answers 304 without a body, both rendered and from the cache', async () => {
    t.app.pageCache.clear();
    const before = t.app.pageCache.stats().stores;
    const first = await t.app.inject({ url: '/huong-dan' });
    const etag = String(first.headers.etag);
    await stored(before);
    const hits = t.app.pageCache.stats().hits;
    const again = await t.app.inject({ url: '/huong-dan', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(t.app.pageCache.stats().hits).toBe(hits + 1);
    // The render path too (cache dropped): the same HTML gives the same strong ETag, so 304.
    t.app.pageCache.clear();
    const rendered = await t.app.inject({ url: '/huong-dan', headers: { 'if-none-match': etag } });
    expect(rendered.statusCode).toBe(304);
    expect(rendered.body).toBe('');
    // A different ETag is a full answer.
    expect((await t.app.inject({ url: '/huong-dan', headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200);
  });

  it('a cached page is served as it was rendered: same HTML, security headers, br and gzip pre-compressed, no cookie', async () => {
    t.app.pageCache.clear();
    const before = t.app.pageCache.stats().stores;
    const first = await t.app.inject({ url: GUIDE, headers: { 'accept-encoding': 'identity' } });
    await stored(before);
    const hits = t.app.pageCache.stats().hits;
    const plain = await t.app.inject({ url: GUIDE });
    const br = await t.app.inject({ url: GUIDE, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const gz = await t.app.inject({ url: GUIDE, headers: { 'accept-encoding': 'gzip' } });
    expect(t.app.pageCache.stats().hits).toBe(hits + 3);
    expect(plain.body).toBe(first.body);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(first.body);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(first.body);
    for (const r of [plain, br, gz]) {
      expect(r.headers['set-cookie']).toBeUndefined();
      expect(r.headers.etag).toBe(first.headers.etag);
      expect(r.headers['cache-control']).toBe(first.headers['cache-control']);
      expect(r.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
      expect(r.headers['x-request-id']).toBeTruthy();
    }
  });

  it('over a real connection a cached page is answered by the raw server, with the same headers and body', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    t.app.pageCache.clear();
    const before = t.app.pageCache.stats().stores;
    const first = await fetch(`${base}${GUIDE}`);
    const html = await first.text();
    await stored(before);
    const hits = t.app.pageCache.stats().hits;
    const second = await fetch(`${base}${GUIDE}`, { headers: { 'accept-encoding': 'br' } });
    expect(t.app.pageCache.stats().hits).toBe(hits + 1);
    expect(second.status).toBe(200);
    expect(second.headers.get('content-encoding')).toBe('br');
    expect(await second.text()).toBe(html); // fetch decodes br
    // (The rendered answer's Vary also has the compression plugin's "accept-encoding": the same two names.)
    const names = (v: string | null) => new Set(String(v).toLowerCase().split(/,\s*/));
    expect(names(second.headers.get('vary'))).toEqual(names(first.headers.get('vary')));
    for (const h of ['etag', 'cache-control', 'content-security-policy', 'content-type', 'x-content-type-options']) {
      expect(second.headers.get(h), h).toBe(first.headers.get(h));
    }
    expect(second.headers.get('set-cookie')).toBeNull();
    const revalidated = await fetch(`${base}${GUIDE}`, { headers: { 'if-none-match': String(first.headers.get('etag')) } });
    expect(revalidated.status).toBe(304);
    // A session cookie or a language switch never gets the shared copy.
    const s = await sessionFor(t.database, DEMO.coordinator);
    const signedIn = await fetch(`${base}${GUIDE}`, { headers: { cookie: s.cookie } });
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
    expect(await signedIn.text()).toContain('Nguyễn Thị Điều Phối');
    const switched = await fetch(`${base}${GUIDE}?lang=en`);
    expect(switched.headers.get('cache-control')).toBe('private, no-store');
    expect(t.app.pageCache.stats().hits).toBe(hits + 2);
  });

  it('each language is its own page: the lang cookie picks the cached English copy, ?lang= switches and stays private', async () => {
    const vi = await t.app.inject({ url: GUIDE });
    const switchTo = await t.app.inject({ url: `${GUIDE}?lang=en` });
    expect(switchTo.headers['set-cookie']).toBeDefined();
    expect(switchTo.headers['cache-control']).toBe('private, no-store');
    const en = await t.app.inject({ url: GUIDE, headers: { cookie: 'lang=en' } });
    expect(en.headers['cache-control']).toMatch(/^public/);
    expect(en.body).toContain('lang="en"');
    expect(vi.body).toContain('lang="vi"');
    expect(en.headers.etag).not.toBe(vi.headers.etag);
  });

  it('a page with a form makes the anonymous CSRF cookie and stays private, no-store', async () => {
    const res = await t.app.inject({ url: '/dang-nhap' });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/dvc_anon=/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers.etag).toBeUndefined();
  });

  it('staff pages and a signed-in staff member on a public page are private, no-store', async () => {
    const s = await sessionFor(t.database, DEMO.coordinator);
    const staff = await t.app.inject({ url: '/quan-tri', headers: { cookie: s.cookie } });
    expect(staff.statusCode).toBe(200);
    expect(staff.headers['cache-control']).toBe('private, no-store');
    const page = await t.app.inject({ url: GUIDE, headers: { cookie: s.cookie } });
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.headers.etag).toBeUndefined();
    expect(page.body).toContain('Nguyễn Thị Điều Phối');
  });

  it("a signed-in citizen never receives another person's page, nor the anonymous cached copy", async () => {
    t.app.pageCache.clear();
    const before = t.app.pageCache.stats().stores;
    const anon = await t.app.inject({ url: GUIDE });
    await stored(before);
    const a = await citizenSession('Trần Văn Công Dân A');
    const b = await citizenSession('Lê Thị Công Dân B');
    const hits = t.app.pageCache.stats().hits;
    const pa = await t.app.inject({ url: GUIDE, headers: { cookie: a } });
    const pb = await t.app.inject({ url: GUIDE, headers: { cookie: `lang=vi; ${b}` } });
    const pa2 = await t.app.inject({ url: GUIDE, headers: { cookie: a } });
    expect(t.app.pageCache.stats().hits).toBe(hits); // none of them from the cache
    for (const p of [pa, pb, pa2]) {
      expect(p.statusCode).toBe(200);
      expect(p.headers['cache-control']).toBe('private, no-store');
      expect(p.body).not.toBe(anon.body);
    }
    expect(pa.body).toContain('/tai-khoan');
    expect(pb.body).toContain('/tai-khoan');
    // Neither sees the other's session: no cached personal page exists to be handed out.
    expect(t.app.pageCache.stats().size).toBe(1);
    const again = await t.app.inject({ url: GUIDE });
    expect(again.body).toBe(anon.body);
    expect(again.body).not.toContain('/tai-khoan"');
  });

  it('publishing drops the cached pages: a new guide is listed at once', async () => {
    t.app.pageCache.clear();
    const before = t.app.pageCache.stats().stores;
    const list = await t.app.inject({ url: '/huong-dan' });
    await stored(before);
    expect(list.body).not.toContain('dang-ky-nuoi-tam');
    const content = t.app.deps.services.get(ContentServiceToken);
    const id = await content.createGuide(SYSTEM_ACTOR, {
      slug: 'dang-ky-nuoi-tam',
      doc: {
        ...(await content.publicGuide('khai-sinh'))!.doc,
        title: 'Đăng ký cơ sở nuôi tằm',
      },
    });
    await content.submitForReview(SYSTEM_ACTOR, id);
    expect(await content.approve(SYSTEM_ACTOR, id)).toBe('published');
    const after = await t.app.inject({ url: '/huong-dan' });
    expect(after.body).toContain('dang-ky-nuoi-tam');
    expect(after.headers.etag).not.toBe(list.headers.etag);
  });

  it('a view answered from the cache is still counted (buffered counter)', async () => {
    t.app.pageCache.clear();
    const content = t.app.deps.services.get(ContentServiceToken);
    const before = t.app.pageCache.stats().stores;
    await t.app.inject({ url: '/huong-dan/ket-hon' });
    await stored(before);
    await content.flushCounters();
    const views = async () => (await t.database.pool.query<{ view_count: number }>("SELECT view_count FROM content_guides WHERE slug = 'ket-hon'")).rows[0]!.view_count;
    const v0 = Number(await views());
    const hits = t.app.pageCache.stats().hits;
    for (let i = 0; i < 3; i++) await t.app.inject({ url: '/huong-dan/ket-hon' });
    expect(t.app.pageCache.stats().hits).toBe(hits + 3);
    await content.flushCounters();
    expect(Number(await views())).toBe(v0 + 3);
  });
});

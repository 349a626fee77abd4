import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { sql } from 'kysely';
import { buildTestApp, DEMO, orgId, type TestApp } from '../../src/test/helpers.ts';
import { SYSTEM_ACTOR } from '../../src/platform/auth/permissions.ts';
import { loadActorRoles } from '../../src/platform/auth/sessions.ts';
import { parseLine } from '../../src/modules/catalogue/catalogue.import.ts';
import { onlineLink } from '../../src/modules/content/content.public.views.tsx';
import { AssistantServiceToken } from '../../src/modules/assistant/assistant.service.ts';
import { CatalogueServiceToken } from '../../src/modules/catalogue/catalogue.service.ts';
import { ContentServiceToken } from '../../src/modules/content/content.service.ts';
import { FeedbackServiceToken } from '../../src/modules/feedback/feedback.service.ts';

/** Issue 11.2 "find the right thing": home page, topics, service pages, online links and the three searches. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

const get = async (url: string) => {
  const res = await t.app.inject({ url });
  expect(res.statusCode, url).toBe(200);
  return res.body;
};
const serviceLinks = (html: string) => [...html.matchAll(/href="\/dich-vu\/([0-9.]+)"/g)].map((m) => m[1]);

describe('home page', () => {
  it('has one block per purpose, clean names, and links to the KPI dashboard, rating and help', async () => {
    const html = await get('/');
    const headings = [...html.matchAll(/<h2[^>]*>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(new Set(headings).size).toBe(headings.length);
    expect(headings.filter((h) => /trợ lý/i.test(h!))).toHaveLength(1);
    // One search box on the page (the site search, which also finds procedures).
    expect(html.match(/type="search"/g)).toHaveLength(1);
    for (const href of ['/chi-tieu', '/danh-gia', '/tro-ly/gap-can-bo']) expect(html).toContain(`href="${href}"`);
    // No procedure name starts with punctuation; no alphabetical national list (none has been opened yet).
    expect(html).not.toMatch(/href="\/dich-vu\/[0-9.]+">\s*[.,;:·-]/);
    expect(serviceLinks(html)).toEqual([]);
  });

  it('"most used" comes from the curated list before there is real use, then real use comes first', async () => {
    const curated = (JSON.parse(readFileSync(join(process.cwd(), 'content', 'popular.json'), 'utf8')) as { guides: string[] }).guides;
    const svc = t.app.deps.services.get(ContentServiceToken);
    const before = (await svc.popularGuides(8)).map((g) => g.slug);
    expect(before).toEqual(curated.slice(0, 8));
    for (let i = 0; i < 3; i++) await t.app.inject({ url: '/huong-dan/trich-luc' });
    await svc.flushCounters();
    const after = (await svc.popularGuides(8)).map((g) => g.slug);
    expect(after[0]).toBe('trich-luc');
    expect(after.slice(1)).toEqual(curated.slice(0, 7));
    // A procedure page someone opened appears under the catalogue heading.
    await t.app.inject({ url: '/dich-vu/1.001193' });
    // The home page is a public, cached page: use shows there within PAGE_CACHE_SECONDS (no event drops it),
    // so the render cache's lifetime is ended here as time would end it.
    t.app.pageCache.clear();
    expect(serviceLinks(await get('/'))).toEqual(['1.001193']);
  });
});

describe('topics', () => {
  it('are a real taxonomy: no topic holds more than a fifth of the guides, and every guide has a known topic', async () => {
    const dir = join(process.cwd(), 'content', 'guides');
    const topics = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => String((parseYaml(readFileSync(join(dir, f), 'utf8')) as { topic: string }).topic));
    const counts = new Map<string, number>();
    for (const x of topics) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(Math.ceil(topics.length / 5));
    expect(counts.size).toBeGreaterThanOrEqual(8);
    // 0166 carries a topic moved by 0165 into the public copy of a guide published before it.
    await sql`UPDATE content_guides SET published_data = jsonb_set(published_data, '{topic}', '"dvc-loi-ich"') WHERE slug = 'ket-hon'`.execute(t.database.db);
    await sql.raw(readFileSync(join(process.cwd(), 'src/modules/content/migrations/0166_guide_topics_public_copy.sql'), 'utf8')).execute(t.database.db);
    const row = await sql<{ topic: string }>`SELECT published_data ->> 'topic' AS topic FROM content_guides WHERE slug = 'ket-hon'`.execute(t.database.db);
    expect(row.rows[0]!.topic).toBe('ho-tich');
    const html = await get('/huong-dan');
    for (const label of ['Khai sinh, kết hôn, khai tử và hộ tịch', 'Giao thông, phương tiện và bằng lái', 'Kinh doanh, đầu tư và thuế']) expect(html).toContain(label);
  });
});

describe('service and guide pages', () => {
  it('a service page offers its guide first, folds the national record, links rating and the procedure\'s own portal page', async () => {
    const html = await get('/dich-vu/1.001193');
    const guide = html.indexOf('href="/huong-dan/khai-sinh"');
    expect(guide).toBeGreaterThan(0);
    expect(guide).toBeLessThan(html.indexOf('<details'));
    // The long official text is inside <details>.
    const details = html.slice(html.indexOf('<details'), html.indexOf('</details>'));
    expect(details).toContain('Cơ sở dữ liệu quốc gia');
    expect(html.indexOf('Trình tự thực hiện') === -1 || html.indexOf('Trình tự thực hiện') > html.indexOf('<details')).toBe(true);
    expect(html).toContain('href="/danh-gia?ma=1.001193"');
    const p = await t.app.deps.services.get(CatalogueServiceToken).getByCode('1.001193');
    expect(p!.portalUrl).toMatch(/^https:\/\/dichvucong\.gov\.vn\/thu-tuc-hanh-chinh\//);
    expect(html).toContain(`href="${p!.portalUrl}"`);
  });

  it('"Làm trực tuyến" on a guide opens the procedure\'s own page, not the portal home page', async () => {
    const html = await get('/huong-dan/khai-sinh');
    const p = await t.app.deps.services.get(CatalogueServiceToken).getByCode('1.001193');
    const button = /<a class="button" href="([^"]+)"[^>]*>Làm trực tuyến<\/a>/.exec(html);
    expect(button?.[1]).toBe(p!.portalUrl);
    expect(html).not.toContain('href="https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"');
    expect(html).toContain('href="/danh-gia?ma=1.001193"');
    // A guide's own specific portal (business registration) is kept; no linked record → its own link.
    expect(onlineLink('https://dangkykinhdoanh.gov.vn', [{ code: 'x', name: 'x', portalUrl: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/1' }])).toBe('https://dangkykinhdoanh.gov.vn');
    expect(onlineLink('https://dichvucong.gov.vn/p/home/dvc-trang-chu.html', [])).toBe('https://dichvucong.gov.vn/p/home/dvc-trang-chu.html');
  });
});

describe('search', () => {
  const firstCodes = async (q: string) => serviceLinks(await get(`/dich-vu?q=${encodeURIComponent(q)}`)).slice(0, 3);

  it('the catalogue forgives "ki"/"kí", "dk"/"đk" and one-letter typos, like the assistant', async () => {
    // The catalogue uses the assistant's index once it is loaded (a search never waits for the first load).
    await t.app.deps.services.get(AssistantServiceToken).ready();
    for (const q of ['đăng ký khai sinh', 'dk khai sinh', 'đk khai sinh', 'dang ki khai sinh', 'đăng kí khai sinh', 'khai sihn', 'dang ky khai sonh']) {
      expect(await firstCodes(q), q).toContain('1.001193');
    }
    expect(await firstCodes('đăng kí kết hôn')).toContain('1.000894');
    // Codes are searched as typed.
    expect(await firstCodes('1.001193')).toEqual(['1.001193']);
  });

  it('leading punctuation is stripped from procedure names on import', () => {
    const r = parseLine(JSON.stringify({ ma_thu_tuc: '2.002321', ten_thu_tuc: '. Đăng ký thuế' }), 1);
    expect(r && 'record' in r ? r.record.name : null).toBe('Đăng ký thuế');
  });

  it('site search includes published Q&A and procedures; /hoi-dap matches words in any order', async () => {
    const skhcn = await orgId(t.database, 'SKHCN');
    const fb = t.app.deps.services.get(FeedbackServiceToken);
    const actor = async (email: string) => {
      const u = await t.database.db.selectFrom('users').select(['id', 'full_name']).where('email', '=', email).executeTakeFirstOrThrow();
      return { kind: 'user' as const, id: u.id, label: u.full_name, roles: await loadActorRoles(t.database.db, u.id) };
    };
    const r = await fb.submit(SYSTEM_ACTOR, { kind: 'hoi-dap', title: 'Đổi giấy phép lái xe quá hạn', body: 'Giấy phép lái xe của tôi quá hạn thì đổi thế nào?', orgId: skhcn, channel: 'web' });
    await fb.draftAnswer(await actor(DEMO.officerSkhcn), r.code, 'Bạn nộp hồ sơ đổi giấy phép lái xe trên Cổng dịch vụ công.');
    await fb.approveAnswer(await actor(DEMO.headSkhcn), r.code);
    // Public only once a moderator approved the question's public text.
    await fb.moderate(await actor(DEMO.editor), r.code, { action: 'approve' });
    const site = await get(`/tim-kiem?q=${encodeURIComponent('đổi bằng lái xe quá hạn')}`);
    expect(site).toContain(`href="/phan-anh/${r.code}"`);
    expect(site).toContain('Hỏi đáp đã được trả lời');
    const procedures = await get(`/tim-kiem?q=${encodeURIComponent('giấy phép lái xe')}`);
    expect(procedures).toContain('<h2>Thủ tục hành chính</h2>');
    expect(procedures).toMatch(/href="\/dich-vu\/3\.000347"/);
    expect(procedures).toContain('href="/dich-vu?q=gi%E1%BA%A5y%20ph%C3%A9p%20l%C3%A1i%20xe"');
    // Word-based: the words in another order, without diacritics, still find it; an unrelated word does not.
    expect(await get('/hoi-dap?q=qua%20han%20lai%20xe')).toContain(`href="/phan-anh/${r.code}"`);
    expect(await get('/hoi-dap?q=lai%20xe%20khai%20sinh')).not.toContain(`href="/phan-anh/${r.code}"`);
  });
});

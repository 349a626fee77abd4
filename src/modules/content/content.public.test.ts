import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ContentServiceToken } from './content.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

const guideFiles = readdirSync(join(process.cwd(), 'content', 'guides')).filter((f) => f.endsWith('.yaml'));

describe('public guides', () => {
  it('seed publishes all 49 sample guides and the API returns them', async () => {
    expect(guideFiles.length).toBe(49);
    const res = await t.app.inject({ url: '/api/v1/guides' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: Array<{ slug: string; sample: boolean }>; total: number };
    expect(body.total).toBe(49);
    expect(new Set(body.items.map((i) => i.slug))).toEqual(new Set(guideFiles.map((f) => f.replace(/\.yaml$/, ''))));
    expect(body.items.every((i) => i.sample)).toBe(true);
  });

  it('API returns one guide with its sections, and a JSON 404 for an unknown slug', async () => {
    const res = await t.app.inject({ url: '/api/v1/guides/khai-sinh' });
    expect(res.statusCode).toBe(200);
    const g = res.json() as { title: string; steps: unknown[]; sources: Array<{ url: string }> };
    expect(g.title).toBe('Đăng ký khai sinh');
    expect(g.steps.length).toBeGreaterThan(3);
    expect(g.sources[0]!.url).toMatch(/^https:/);
    const missing = await t.app.inject({ url: '/api/v1/guides/khong-co' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('content.errors.guideNotFound');
  });

  it('every seeded guide page renders with the sample notice, steps, assistant and feedback links', async () => {
    for (const f of guideFiles) {
      const slug = f.replace(/\.yaml$/, '');
      const res = await t.app.inject({ url: `/huong-dan/${slug}` });
      expect(res.statusCode, slug).toBe(200);
      expect(res.body).toContain('Nội dung mẫu — cần cơ quan chuyên môn rà soát');
      expect(res.body).toContain('href="/tro-ly');
      expect(res.body).toContain('href="/phan-anh/gui');
      expect(res.body).toContain(`/huong-dan/${slug}/poster-a4.pdf`);
    }
    const ks = await t.app.inject({ url: '/huong-dan/khai-sinh' });
    expect(ks.body).toContain('href="/dich-vu/1.001193"');
    expect(ks.body).toContain('<ol class="list steps" lang="vi">');
    expect(ks.body).toContain('Dành cho: Người dân, Phụ huynh');
  });

  it('pages switch to English with ?lang=en', async () => {
    const res = await t.app.inject({ url: '/huong-dan/khai-sinh?lang=en' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Sample content — to be reviewed by the responsible agency');
    expect(res.body).toContain('What you need before you start');
    expect(res.body).not.toMatch(/content\.[a-z]+\.[a-z]/);
  });

  it('unknown slug → 404 page with a search form', async () => {
    for (const url of ['/huong-dan/khong-ton-tai', '/huong-dan/KHAI-SINH', '/huong-dan/%3Cscript%3E']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('action="/tim-kiem"');
      expect(res.body).not.toContain('<script>');
    }
  });

  it('lists guides by topic, the library, sitemap and Atom feed', async () => {
    const list = await t.app.inject({ url: '/huong-dan' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('id="dvc-loi-ich"');
    const lib = await t.app.inject({ url: '/thu-vien?kind=radio_script' });
    expect(lib.statusCode).toBe(200);
    expect(lib.body).toContain('Kịch bản phát thanh');
    const bad = await t.app.inject({ url: '/thu-vien?kind=%3Cx%3E&topic=zzz&page=-1' });
    expect(bad.statusCode).toBe(200);
    const sm = await t.app.inject({ url: '/sitemap.xml' });
    expect(sm.statusCode).toBe(200);
    expect(sm.headers['content-type']).toMatch(/xml/);
    expect(sm.body).toContain('/huong-dan/khai-sinh</loc>');
    const feed = await t.app.inject({ url: '/huong-dan/feed.xml' });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(feed.body.match(/<entry>/g)?.length).toBe(49);
  });

  it('page views are counted (written in batches) and order the most-used list on the home page', async () => {
    const svc = t.app.deps.services.get(ContentServiceToken);
    await svc.flushCounters();
    const before = (await svc.listPublic('title')).find((g) => g.slug === 'thue-ca-nhan')!.viewCount;
    for (let i = 0; i < 7; i++) await t.app.inject({ url: '/huong-dan/thue-ca-nhan' });
    await svc.flushCounters();
    const top = await svc.listPublic('views', 1);
    expect(top[0]!.slug).toBe('thue-ca-nhan');
    expect(top[0]!.viewCount).toBe(before + 7);
    const home = await t.app.inject({ url: '/' });
    const section = home.body.slice(home.body.indexOf('id="top-guides"'));
    expect(section.indexOf('/huong-dan/thue-ca-nhan')).toBeGreaterThan(0);
    expect(section.indexOf('/huong-dan/thue-ca-nhan')).toBeLessThan(section.indexOf('</ul>'));
  });

  it('home page shows most-used guides and latest materials', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="top-guides"');
    expect(res.body).toContain('id="latest-materials"');
  });
});

describe('search', () => {
  const firstGuide = async (q: string) => {
    const res = await t.app.inject({ url: `/tim-kiem?q=${encodeURIComponent(q)}` });
    expect(res.statusCode).toBe(200);
    return /<ol class="plain search-results">\s*<li class="card"><a href="([^"]+)"/.exec(res.body)?.[1];
  };

  it('finds khai-sinh first with and without diacritics', async () => {
    expect(await firstGuide('đăng ký khai sinh')).toBe('/huong-dan/khai-sinh');
    expect(await firstGuide('dang ky khai sinh')).toBe('/huong-dan/khai-sinh');
    expect(await firstGuide('DANG KY KHAI SINH')).toBe('/huong-dan/khai-sinh');
  });

  it('understands common abbreviations', async () => {
    expect(await firstGuide('cấp lại GPLX')).toMatch(/gplx/);
    expect(await firstGuide('lam cccd')).toBe('/huong-dan/can-cuoc');
    expect(await firstGuide('bhyt ho gia dinh')).toBe('/huong-dan/bhyt-ho-gia-dinh');
  });

  it('handles empty, hostile and unmatched queries with a 200 page', async () => {
    for (const q of ['', '   ', '<script>alert(1)</script>', 'zzzzqqq', 'x'.repeat(5000)]) {
      const res = await t.app.inject({ url: `/tim-kiem?q=${encodeURIComponent(q)}` });
      expect(res.statusCode).toBe(200);
      expect(res.body.replace(/value="[^"]*"/g, '')).not.toContain('<script>alert');
    }
    const none = await t.app.inject({ url: '/tim-kiem?q=zzzzqqq' });
    expect(none.body).toContain('href="/huong-dan"');
  });

  it('the API search orders by relevance', async () => {
    const res = await t.app.inject({ url: '/api/v1/guides?q=dang%20ky%20khai%20sinh' });
    expect(res.json().items[0].slug).toBe('khai-sinh');
  });
});

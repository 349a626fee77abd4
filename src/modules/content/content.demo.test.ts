import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { AUDIENCES } from './content.types.ts';
import { SAMPLE_MATERIALS } from './content.seed.ts';
import { isSitePath } from './markdown.ts';

/** Issue 11 points 3 and 8: guides people can follow, and a demo library that covers every kind and audience. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const publicFile = (path: string) => new URL(`../../../public/${path.replace(/^\/static\//, '')}`, import.meta.url);

describe('demo guides and materials', () => {
  it('every seeded guide says what to have in hand and illustrates at least two steps with an existing SVG and alt text', async () => {
    const list = JSON.parse((await t.app.inject({ url: '/api/v1/guides' })).body) as { items: Array<{ slug: string }> };
    expect(list.items.length).toBeGreaterThanOrEqual(49);
    for (const { slug } of list.items) {
      const html = (await t.app.inject({ url: `/huong-dan/${slug}` })).body;
      expect(html, slug).toContain('Cần có trong tay trước khi bắt đầu');
      const imgs = [...html.matchAll(/<img src="(\/static\/img\/buoc\/[a-z-]+\.svg)" alt="([^"]*)"/g)];
      // The "before you start" picture plus at least two illustrated steps.
      expect(imgs.length, slug).toBeGreaterThanOrEqual(3);
      for (const [, src, alt] of imgs) {
        expect(alt!.length, `${slug} ${src}`).toBeGreaterThan(15);
        expect(existsSync(publicFile(src!)), src).toBe(true);
      }
    }
  });

  it('the step illustrations are small, self-contained SVGs (no script, no external reference)', () => {
    for (const name of ['dang-nhap-vneid', 'tim-thu-tuc', 'dien-to-khai', 'chup-giay-to', 'thanh-toan', 'nop-ho-so', 'nhan-ma-ho-so', 'mot-cua', 'nhan-ket-qua', 'chuan-bi-giay-to']) {
      const svg = readFileSync(publicFile(`/static/img/buoc/${name}.svg`), 'utf8');
      expect(svg.length, name).toBeLessThan(2000);
      expect(svg).not.toMatch(/<script|href=|url\(/i);
    }
  });

  it('the library holds at least 12 sample materials covering every kind and every audience', async () => {
    const lib = (await t.app.inject({ url: '/thu-vien' })).body;
    for (const kind of ['infographic', 'video', 'leaflet', 'poster', 'radio_script']) {
      expect(SAMPLE_MATERIALS.some((m) => m.kind === kind), kind).toBe(true);
      const page = (await t.app.inject({ url: `/thu-vien?kind=${kind}` })).body;
      expect(page.match(/<li class="card">/g)?.length ?? 0, kind).toBeGreaterThan(0);
    }
    for (const a of AUDIENCES) expect(SAMPLE_MATERIALS.some((m) => m.audiences.includes(a)), a).toBe(true);
    const ids = new Set<string>();
    for (let page = 1; page <= 3; page++) {
      const body = page === 1 ? lib : (await t.app.inject({ url: `/thu-vien?page=${page}` })).body;
      for (const m of body.matchAll(/href="\/thu-vien\/([0-9a-f-]{36})"/g)) ids.add(m[1]!);
    }
    expect(ids.size).toBeGreaterThanOrEqual(12);
  });

  it('posters, leaflets and infographics open real files of this site; a protocol-relative link is not followed', async () => {
    for (const m of SAMPLE_MATERIALS.filter((x) => ['poster', 'leaflet', 'infographic'].includes(x.kind))) {
      expect(isSitePath(m.externalUrl!), m.title).toBe(true);
      const file = await t.app.inject({ url: m.externalUrl! });
      expect(file.statusCode, m.externalUrl!).toBe(200);
      expect(file.headers['content-type'], m.externalUrl!).toMatch(m.kind === 'infographic' ? /image\/svg\+xml/ : /application\/pdf/);
    }
    const lib = (await t.app.inject({ url: '/thu-vien?kind=poster' })).body;
    const id = /href="\/thu-vien\/([0-9a-f-]{36})"/.exec(lib)![1]!;
    const dl = await t.app.inject({ url: `/thu-vien/${id}/tai-ve` });
    expect(dl.statusCode).toBe(303);
    expect(dl.headers.location).toMatch(/^\/huong-dan\/[a-z-]+\/poster-a4\.pdf$/);
    expect(isSitePath('//evil.example/x')).toBe(false);
    expect(isSitePath('/\\evil.example')).toBe(false);
    expect(isSitePath('https://x')).toBe(false);
  });

  it('an infographic page shows the picture with its description as alt text', async () => {
    const lib = (await t.app.inject({ url: '/thu-vien?kind=infographic' })).body;
    const id = /href="\/thu-vien\/([0-9a-f-]{36})"/.exec(lib)![1]!;
    const page = (await t.app.inject({ url: `/thu-vien/${id}` })).body;
    expect(page).toMatch(/<img src="\/static\/img\/thong-tin\/[a-z0-9-]+\.svg" alt="[^"]{40,}" lang="vi"/);
  });
});

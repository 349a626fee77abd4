import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { buildTestApp, DEMO, sessionFor, type TestApp } from '../../test/helpers.ts';
import { isAllowedLink, renderMarkdown, renderMarkdownInline } from './markdown.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { toGuideDoc } from './content.types.ts';
import { ContentServiceToken } from './content.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ PUBLIC_URL: 'https://dichvucong.hungyen.example' });
});
afterAll(async () => t?.close());

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[bấm](javascript:alert(1))',
  '[b](JaVaScRiPt:alert(1))',
  '[c](data:text/html;base64,PHNjcmlwdD4=)',
  '[d](vbscript:msgbox(1))',
  '[e](//evil.example/x)',
  '![i](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="https://evil.example"></iframe>',
  '[f](java\nscript:alert(1))',
];

describe('Markdown is rendered safely', () => {
  it('never lets raw HTML or a dangerous link through', () => {
    for (const h of HOSTILE) {
      for (const out of [renderMarkdown(h), renderMarkdownInline(h)]) {
        expect(out, h).not.toMatch(/<script|<img[^>]*onerror|<iframe|href="(javascript|data|vbscript):|href="\/\/|src="javascript/i);
      }
    }
    expect(renderMarkdown('<b>x</b>')).toContain('&lt;b&gt;');
  });

  it('keeps simple formatting and good links', () => {
    expect(renderMarkdownInline('**đậm** và [Cổng](https://dichvucong.gov.vn)')).toBe(
      '<strong>đậm</strong> và <a href="https://dichvucong.gov.vn" rel="noopener noreferrer">Cổng</a>',
    );
    expect(renderMarkdownInline('Gọi [1022](tel:1022), [thư](mailto:a@b.vn), [trang](/huong-dan)')).toContain('href="tel:1022"');
    expect(renderMarkdownInline('xem https://dichvucong.gov.vn')).toContain('<a href="https://dichvucong.gov.vn"');
    for (const ok of ['https://a.vn', 'http://a.vn', 'mailto:a@b.vn', 'tel:1022', '/huong-dan', 'huong-dan', '#buoc-1', '?q=1']) expect(isAllowedLink(ok), ok).toBe(true);
    for (const bad of ['javascript:x', ' javascript:x', 'data:x', '//evil', 'file:///etc/passwd', 'ftp://x']) expect(isAllowedLink(bad), bad).toBe(false);
  });

  it('a published guide full of hostile text renders without any of it active', async () => {
    const svc = t.app.deps.services.get(ContentServiceToken);
    const doc = toGuideDoc({
      title: 'Hướng dẫn <script>alert(1)</script>',
      summary: HOSTILE.join(' '),
      topic: 'khac',
      who: HOSTILE.join('\n\n'),
      prepare: HOSTILE,
      steps: HOSTILE.map((text) => ({ text, image: 'javascript:alert(1)' })),
      fees: HOSTILE.join('\n\n'),
      processingTime: '1 ngày',
      checkStatus: HOSTILE[0],
      commonMistakes: HOSTILE,
      help: HOSTILE.join('\n\n'),
      sources: [{ title: 'Nguồn', url: 'javascript:alert(1)' }],
    });
    // javascript: source URLs are refused by validation; publish the rest through the normal commands.
    const badDoc = { ...doc };
    await expect(svc.createGuide(SYSTEM_ACTOR, { slug: 'doc-hai-x', doc: badDoc })).rejects.toThrow();
    doc.sources = [];
    // So are step images that are not a plain path on this site.
    await expect(svc.createGuide(SYSTEM_ACTOR, { slug: 'doc-hai-y', doc })).rejects.toMatchObject({ fields: { steps: 'content.errors.stepImage' } });
    doc.steps = doc.steps.map((x) => ({ ...x, image: null }));
    const id = await svc.createGuide(SYSTEM_ACTOR, { slug: 'doc-hai', doc });
    await svc.submitForReview(SYSTEM_ACTOR, id);
    await svc.approve(SYSTEM_ACTOR, id);
    const res = await t.app.inject({ url: '/huong-dan/doc-hai' });
    expect(res.statusCode).toBe(200);
    const main = res.body.slice(res.body.indexOf('<main'));
    expect(main).not.toMatch(/<script|<img[^>]*onerror|<iframe|href="(javascript|data|vbscript):|src="javascript|href="\/\//i);
    expect(main).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('QR channel tags', () => {
  it('counts scans per valid tag and ignores bad tags; the Centre sees them', async () => {
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ url: '/huong-dan/khai-sinh?c=poster-xa-phung-cong' })).statusCode).toBe(200);
    await t.app.inject({ url: '/huong-dan/khai-sinh?c=loa-thon-2' });
    await t.app.inject({ url: '/huong-dan/ket-hon?c=poster-xa-phung-cong' });
    for (const bad of ['BAD', 'a b', '<x>', 'x'.repeat(61), '']) {
      expect((await t.app.inject({ url: `/huong-dan/khai-sinh?c=${encodeURIComponent(bad)}` })).statusCode).toBe(200);
    }
    const svc = t.app.deps.services.get(ContentServiceToken);
    const rows = await svc.qrScans(SYSTEM_ACTOR, null);
    const count = (tag: string, slug: string) => rows.find((r) => r.tag === tag && r.slug === slug)?.scans;
    expect(count('poster-xa-phung-cong', 'khai-sinh')).toBe(3);
    expect(count('loa-thon-2', 'khai-sinh')).toBe(1);
    expect(count('poster-xa-phung-cong', 'ket-hon')).toBe(1);
    expect(rows.map((r) => r.tag).every((tag) => /^[a-z0-9-]{1,60}$/.test(tag))).toBe(true);
    expect(await svc.totalScans()).toBe(5);

    const coord = await sessionFor(t.database, DEMO.coordinator);
    const page = await t.app.inject({ url: '/quan-tri/noi-dung/ma-qr', headers: { cookie: coord.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('poster-xa-phung-cong');
    const viewer = await sessionFor(t.database, DEMO.viewer);
    expect((await t.app.inject({ url: '/quan-tri/noi-dung/ma-qr', headers: { cookie: viewer.cookie } })).statusCode).toBe(403);
  });
});

/** Text of all content streams (Flate-decoded) plus the raw file, enough to find link URIs and info. */
function pdfText(buf: Buffer): string {
  const raw = buf.toString('latin1');
  let out = raw;
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      out += inflateSync(buf.subarray(start, end)).toString('latin1');
    } catch {
      /* not a Flate stream (fonts are, images may not be) */
    }
  }
  return out;
}

/**
 * The visible text of a pdfkit PDF: glyph ids in TJ operators mapped back through each embedded font's
 * ToUnicode CMap (every font subset has its own; we try each and keep every decoding).
 */
function pdfVisibleText(buf: Buffer): string {
  const all = pdfText(buf);
  const cmaps: Array<Map<number, string>> = [];
  for (const m of all.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
    const map = new Map<number, string>();
    const start = parseInt(m[1]!, 16);
    [...m[3]!.matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => map.set(start + i, String.fromCodePoint(parseInt(u[1]!, 16))));
    cmaps.push(map);
  }
  const out: string[] = [];
  for (const tj of all.matchAll(/\[<([0-9a-f]+)>/gi)) {
    const ids = tj[1]!.match(/.{4}/g)!.map((h) => parseInt(h, 16));
    for (const map of cmaps) out.push(ids.map((id) => map.get(id) ?? '\uFFFD').join(''));
  }
  return out.join('\n');
}

describe('print: A4 poster and A5 leaflet', () => {
  it('the PDF carries the guide text in Vietnamese (extractable through ToUnicode)', async () => {
    const res = await t.app.inject({ url: '/huong-dan/khai-sinh/poster-a4.pdf' });
    const text = pdfVisibleText(res.rawPayload);
    expect(text).toContain('Đăng ký khai sinh');
    // The 'what you need' heading (wrapped on the narrow poster, so only its first words).
    expect(text).toContain('Cần có trong');
    expect(text).toContain('Nội dung mẫu — cần cơ quan chuyên môn rà soát');
  });

  it('renders PDFs with a QR link carrying the channel tag', async () => {
    for (const [path, size, tag] of [
      ['poster-a4.pdf', '595.28 841.89', 'poster-a4'],
      ['to-roi-a5.pdf', '419.53 595.28', 'to-roi-a5'],
    ] as const) {
      const res = await t.app.inject({ url: `/huong-dan/khai-sinh/${path}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const buf = res.rawPayload;
      expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = pdfText(buf);
      expect(text).toContain(`/MediaBox [0 0 ${size}]`);
      expect(text).toContain(`https://dichvucong.hungyen.example/huong-dan/khai-sinh?c=${tag}`);
      expect(text).toMatch(/DejaVuSans/);
      // The QR code is drawn as many small filled squares.
      expect((text.match(/ re\b/g) ?? []).length).toBeGreaterThan(100);
    }
    const tagged = await t.app.inject({ url: '/huong-dan/khai-sinh/poster-a4.pdf?c=poster-xa-phung-cong' });
    expect(pdfText(tagged.rawPayload)).toContain('/huong-dan/khai-sinh?c=poster-xa-phung-cong');
  });

  it('rejects a bad channel tag with 400 and a Vietnamese message; unknown guide is 404', async () => {
    const bad = await t.app.inject({ url: '/huong-dan/khai-sinh/poster-a4.pdf?c=Poster%20X' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Thẻ kênh chỉ gồm');
    expect((await t.app.inject({ url: '/huong-dan/khong-co/poster-a4.pdf' })).statusCode).toBe(404);
  });

  it('print view has the QR code as inline SVG and the print stylesheet', async () => {
    const res = await t.app.inject({ url: '/huong-dan/khai-sinh/in?c=to-roi-thon-3' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<svg');
    expect(res.body).toContain('/noi-dung/in.css');
    expect(res.body).toContain('khai-sinh?c=to-roi-thon-3');
    const css = await t.app.inject({ url: '/noi-dung/in.css' });
    expect(css.body).toContain('@media print');
  });
});

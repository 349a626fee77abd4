import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, anonymousVisitor, mergeCookies, DEMO, FORM, form, type TestApp } from '../../test/helpers.ts';
import { safeRedirectTarget } from '../../platform/http/render.ts';

const HOSTILE = [
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/%0d%0aSet-Cookie:x=1'.replace('%0d%0a', '\r\n'),
  '/\u0000/evil',
  '/\u007f/evil',
  'https://evil.example/',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  ' //evil.example',
  'evil.example',
  '/..//evil.example',
  '/a/../..//evil.example',
  '',
  'x'.repeat(3000),
];

describe('next= after sign-in: same-origin paths only', () => {
  it('accepts ordinary paths and percent-encodes what a Location header cannot carry', () => {
    expect(safeRedirectTarget('/quan-tri/phan-anh?status=open#x', '/f')).toBe('/quan-tri/phan-anh?status=open#x');
    expect(safeRedirectTarget('/tìm-kiếm?q=giấy phép', '/f')).toBe('/t%C3%ACm-ki%E1%BA%BFm?q=gi%E1%BA%A5y%20ph%C3%A9p');
    expect(safeRedirectTarget('/%2F%2Fevil.example', '/f')).toBe('/%2F%2Fevil.example');
  });

  it('rejects tabs, newlines, control characters, backslashes, "//", schemes and off-origin results', () => {
    for (const h of HOSTILE) expect(safeRedirectTarget(h, '/fallback'), JSON.stringify(h)).toBe('/fallback');
    expect(safeRedirectTarget(['/quan-tri'], '/fallback')).toBe('/fallback');
    expect(safeRedirectTarget(undefined, '/fallback')).toBe('/fallback');
  });

  describe('over HTTP', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp();
    });
    afterAll(async () => t.close());

    it('never answers 5xx to a hostile next= on the sign-in page, and never echoes an off-origin target', async () => {
      for (const h of [...HOSTILE, '/tìm', '%E0%A4%A', '/%', '/%ZZ']) {
        const res = await t.app.inject({ url: `/dang-nhap?next=${encodeURIComponent(h)}` });
        expect(res.statusCode, JSON.stringify(h)).toBe(200);
        expect(res.body).not.toContain('evil.example');
      }
      // raw, badly encoded query strings
      for (const raw of ['/dang-nhap?next=%', '/dang-nhap?next=%E0%A4%A', '/dang-nhap?next=/%0d%0a', '/dang-nhap?next=a&next=b']) {
        expect((await t.app.inject({ url: raw })).statusCode, raw).toBeLessThan(500);
      }
    });

    it('sends a signed-in user to a safe next= and to the staff home for a hostile one', async () => {
      const signIn = async (next: string) => {
        const v = await anonymousVisitor(t.app);
        const res = await t.app.inject({ method: 'POST', url: '/dang-nhap', headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, email: DEMO.viewer, password: DEMO.password, next }) });
        return { res, cookie: mergeCookies(v.cookie, res) };
      };
      const ok = await signIn('/chi-tieu?nam=2025');
      expect(ok.res.statusCode).toBe(303);
      expect(ok.res.headers.location).toBe('/chi-tieu?nam=2025');
      const accented = await signIn('/tìm-kiếm?q=đất');
      expect(accented.res.statusCode).toBe(303);
      expect(accented.res.headers.location).toBe('/t%C3%ACm-ki%E1%BA%BFm?q=%C4%91%E1%BA%A5t');
      for (const h of ['//evil.example', '/\t/evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/..//evil.example']) {
        const res = (await signIn(h)).res;
        expect(res.statusCode, JSON.stringify(h)).toBe(303);
        expect(res.headers.location, JSON.stringify(h)).toBe('/quan-tri');
      }
    });
  });
});

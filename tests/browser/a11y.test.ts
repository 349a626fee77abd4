import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser.ts';

/**
 * Every public page, at 320 px (WCAG 1.4.10 reflow) and 1280 px, with JavaScript off and on:
 * no horizontal scrolling of the page, axe-core 0 violations with the WCAG 2.2 AA *and* best-practice rule sets,
 * unique ids, and a label for every form field (two things axe only reports as "incomplete" in some cases).
 */
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface PageReport {
  overflow: { scrollWidth: number; innerWidth: number; culprits: string[] };
  violations: Array<{ id: string; targets: string[] }>;
  duplicateIds: string[];
  unlabelled: string[];
  /** Vietnamese text on an English page that is not inside an element with lang="vi" (WCAG 3.1.2). */
  untaggedVietnamese: string[];
}

/** axe-core on the page; it needs timers, so the page must have JavaScript enabled. */
async function axeRun(page: Page): Promise<PageReport['violations']> {
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } };
    // label-content-name-mismatch (WCAG 2.5.3, link names contain their visible text) is off by default in axe.
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, rules: { 'label-content-name-mismatch': { enabled: true } } });
    return r.violations.map((v) => ({ id: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, TAGS);
}

/** Overflow, duplicate ids and unlabelled fields: synchronous, so it also runs where the page's JavaScript is off. */
async function measure(page: Page): Promise<Omit<PageReport, 'violations'>> {
  return page.evaluate(() => {
    const describeEl = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const vw = window.innerWidth;
    // Elements sticking out to the right of the viewport (inside a scrolling region is fine: that region scrolls).
    const culprits: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const rect = el.getBoundingClientRect();
      if (rect.right <= vw + 1 || rect.width === 0) continue;
      let p = el.parentElement;
      let clipped = false;
      while (p && p !== document.body) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') clipped = true;
        p = p.parentElement;
      }
      if (!clipped) culprits.push(`${describeEl(el)} (right ${Math.round(rect.right)})`);
    }
    const seen = new Map<string, number>();
    for (const el of Array.from(document.querySelectorAll('[id]'))) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    const unlabelled: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLInputElement>('input, select, textarea'))) {
      if (el instanceof HTMLInputElement && ['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
      const labelText = Array.from(el.labels ?? []).map((l) => l.textContent?.trim() ?? '').join('') || el.getAttribute('aria-label') || '';
      const by = el.getAttribute('aria-labelledby');
      const byText = by ? by.split(/\s+/).map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join('') : '';
      if (!labelText.trim() && !byText.trim()) unlabelled.push(describeEl(el) + `[name=${el.getAttribute('name')}]`);
    }
    // A lower-case word with a letter only Vietnamese uses (ă â đ ê ô ơ ư, tone marks) is Vietnamese text;
    // capitalised ones alone are proper names ("Hưng Yên"), which an English sentence may carry untagged.
    const vi = /(^|[\s(,.;:"'“])[a-zà-ỹ]*[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ][a-zà-ỹ]*/u;
    const untaggedVietnamese: string[] = [];
    if (document.documentElement.lang !== 'vi') {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement!;
        if (!vi.test(n.textContent ?? '') || el.closest('script, style, svg, title')) continue;
        if (!el.closest('[lang]')?.getAttribute('lang')?.startsWith('vi')) untaggedVietnamese.push(`${describeEl(el)}: ${n.textContent!.trim().slice(0, 40)}`);
      }
    }
    return {
      untaggedVietnamese: untaggedVietnamese.slice(0, 10),
      overflow: { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, culprits: culprits.slice(0, 8) },
      duplicateIds: [...seen].filter(([, n]) => n > 1).map(([id]) => id),
      unlabelled,
    };
  });
}

/**
 * Everything for one loaded page. With JavaScript off, axe runs on the very same HTML re-served to a
 * JavaScript-enabled page of the same size whose own scripts are blocked (so it renders as it did without JS).
 */
async function inspect(page: Page, js: boolean): Promise<PageReport> {
  const m = await measure(page);
  if (js) return { ...m, violations: await axeRun(page) };
  const url = page.url();
  const html = await page.content();
  const context = await page.context().browser()!.newContext({ bypassCSP: true, viewport: page.viewportSize()!, locale: 'vi-VN' });
  const p2 = await context.newPage();
  await p2.route('**/*', (route) => {
    if (route.request().url() === url) return route.fulfill({ body: html, contentType: 'text/html' });
    if (route.request().resourceType() === 'script') return route.abort();
    return route.continue();
  });
  await p2.goto(url);
  const violations = await axeRun(p2);
  await context.close();
  return { ...m, violations };
}

describe('every public page reflows at 320 px and passes axe (WCAG 2.2 AA + best practice)', () => {
  // As the demo site runs: with the demo banner (it once sat outside every landmark).
  const suite = browserSuite({ SEED_DEMO: 'true' });

  /** The public pages; a feedback code and a material id are discovered from the listing pages. */
  async function publicPaths(): Promise<string[]> {
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/thu-vien`);
    const material = await page.locator('main a[href^="/thu-vien/"]').first().getAttribute('href');
    await page.goto(`${suite.server.url}/phan-anh`);
    const item = await page.locator('main a[href^="/phan-anh/PA"]').first().getAttribute('href');
    await context.close();
    expect(material).toBeTruthy();
    expect(item).toBeTruthy();
    return [
      '/',
      '/huong-dan',
      '/huong-dan/khai-sinh',
      '/huong-dan/khai-sinh?lang=en',
      '/huong-dan/khai-sinh/in',
      '/tim-kiem?q=khai+sinh',
      '/thu-vien',
      material!,
      '/dich-vu',
      '/dich-vu/1.001193',
      '/phan-anh',
      '/phan-anh/gui',
      item!,
      '/hoi-dap',
      '/danh-gia',
      '/phan-anh/so-lieu',
      '/phan-anh/so-lieu?lang=en',
      '/phan-anh/so-cai',
      '/chi-tieu',
      '/chi-tieu?lang=en',
      '/tro-ly',
      '/tro-ly/gap-can-bo',
      '/dang-nhap',
      '/quen-mat-khau',
      '/khong-ton-tai',
      // The English interface around Vietnamese content (guides, procedures, KPI names stay Vietnamese).
      '/?lang=en',
      '/huong-dan?lang=en',
      '/thu-vien?lang=en',
      `${material!}?lang=en`,
      '/dich-vu?lang=en',
      '/dich-vu/1.001193?lang=en',
      `${item!}?lang=en`,
      '/hoi-dap?lang=en',
      '/tim-kiem?q=khai+sinh&lang=en',
      '/tro-ly?lang=en',
    ];
  }

  for (const js of [false, true]) {
    for (const width of [320, 1280]) {
      it(`JavaScript ${js ? 'on' : 'off'}, ${width} px: no horizontal scroll, 0 axe violations, unique ids, labelled fields`, async () => {
        const paths = await publicPaths();
        const context = await suite.browser.newContext({ javaScriptEnabled: js, bypassCSP: true, viewport: { width, height: 800 }, locale: 'vi-VN' });
        const page = await context.newPage();
        const problems: Record<string, unknown> = {};
        for (const path of paths) {
          await context.clearCookies(); // ?lang=en sets a cookie: keep every other page in Vietnamese
          const res = await page.goto(`${suite.server.url}${path}`);
          expect(res?.status(), path).toBe(path.startsWith('/khong-ton-tai') ? 404 : 200);
          const r = await inspect(page, js);
          const p: Record<string, unknown> = {};
          if (r.overflow.scrollWidth > r.overflow.innerWidth) p.overflow = r.overflow;
          if (r.violations.length) p.violations = r.violations;
          if (r.duplicateIds.length) p.duplicateIds = r.duplicateIds;
          if (r.unlabelled.length) p.unlabelled = r.unlabelled;
          if (r.untaggedVietnamese.length) p.untaggedVietnamese = r.untaggedVietnamese;
          if (Object.keys(p).length) problems[path] = p;
        }
        await context.close();
        if (process.env.A11Y_REPORT_DIR) writeFileSync(`${process.env.A11Y_REPORT_DIR}/a11y-js-${js ? 'on' : 'off'}-${width}.json`, JSON.stringify(problems, null, 2));
        expect(problems).toEqual({});
      }, 420_000);
    }
  }

  for (const path of ['/phan-anh/gui', '/tro-ly/gap-can-bo', '/danh-gia']) {
    it(`${path}: the error summary comes before the h1 without JavaScript, takes the focus with it, and links to real fields`, async () => {
      for (const js of [false, true]) {
        const context = await suite.browser.newContext({ javaScriptEnabled: js, viewport: { width: 320, height: 800 }, locale: 'vi-VN' });
        const page = await context.newPage();
        await page.goto(`${suite.server.url}${path}`);
        await page.locator('main form[method="post"] button[type="submit"]').last().click();
        await page.waitForSelector('[data-module="error-summary"]');
        const r = await page.evaluate(() => {
          const summary = document.querySelector('[data-module="error-summary"]')!;
          const h1 = document.querySelector('main h1')!;
          const targets = Array.from(summary.querySelectorAll('a')).map((a) => a.getAttribute('href')!.slice(1));
          return {
            beforeH1: Boolean(summary.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING),
            focused: document.activeElement === summary,
            targets: targets.length,
            missing: targets.filter((id) => !document.getElementById(id)),
          };
        });
        expect(r, `${path} js=${js}`).toEqual({ beforeH1: true, focused: js, targets: r.targets, missing: [] });
        expect(r.targets).toBeGreaterThan(0);
        await context.close();
      }
    });
  }

  it('the checks are live: a page that overflows, repeats an id and lacks a label fails all three', async () => {
    const context = await suite.browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/healthz`);
    await page.setContent('<html lang="vi"><body><main><h1>x</h1><div id="a" style="width:600px">wide</div><textarea id="a"></textarea></main></body></html>');
    const r = await inspect(page, true);
    expect(r.overflow.scrollWidth).toBeGreaterThan(r.overflow.innerWidth);
    expect(r.duplicateIds).toEqual(['a']);
    expect(r.unlabelled).toHaveLength(1);
    expect(r.violations.map((v) => v.id)).toEqual(expect.arrayContaining(['label']));
    await context.close();
  });
});

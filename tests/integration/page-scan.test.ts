import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousVisitor, buildTestApp, DEMO, FORM, form, mergeCookies, sessionFor, type TestApp } from '../../src/test/helpers.ts';
import { SYSTEM_ACTOR } from '../../src/platform/auth/permissions.ts';
import { FeedbackServiceToken } from '../../src/modules/feedback/feedback.service.ts';
import { DEMO_CITIZEN_ID } from '../../src/modules/datastore/datastore.seed.ts';
import { randomToken, sha256 } from '../../src/platform/auth/tokens.ts';
import { IdentityToken } from '../../src/modules/identity/api.ts';

/**
 * Every GET page of the route table, rendered with the seeded demo data as an anonymous visitor and as a staff
 * admin, must never show markup as text (an escaped `<span` means a component escaped HTML it built itself)
 * and must carry no inline `style` attribute (the CSP blocks them). Parametrised routes get their values from
 * links found on the other pages, so a new route is scanned as soon as some page links to it.
 */

// Routes that are not HTML pages (files, JSON, redirects) or need a secret that no page links to.
const NOT_PAGES = [
  /^\/api\//,
  /^\/open311\//,
  /^\/static\//,
  /\.(pdf|docx|xlsx|csv|json|xml|txt|ics)$/,
  /\/(anh|tai-ve)$/, // material image and download
  /\/minh-chung\/:n$/, // evidence file
  /^\/dat-lai-mat-khau\/:token$/, // needs a reset token from an e-mail
  /^\/(healthz|readyz|metrics)$/,
  /^\/dang-xuat$/,
  /^\/dev-oidc\//, // the development identity provider's screens, reached only through its own redirects
];
// Escaped tags that a component built (never user text: the demo data contains no angle brackets).
const ESCAPED_TAG = /&lt;\/?(?:span|strong|em|b|i|a|p|div|br|ul|ol|li|dl|dt|dd|table|tr|td|th|small|abbr|time|code|mark|section|h[1-6])\b/i;

let t: TestApp;
let admin: { cookie: string; csrf: string };
let receipt = '';
const patterns: Array<{ url: string; re: RegExp }> = [];

beforeAll(async () => {
  t = await buildTestApp();
  admin = await sessionFor(t.database, DEMO.admin);
  // One feedback item and one staff intake, so the tracking, case and receipt pages exist.
  const fb = t.app.deps.services.get(FeedbackServiceToken);
  await fb.submit(SYSTEM_ACTOR, { kind: 'phan-anh', body: 'Bộ phận một cửa xã đóng cửa sớm hơn giờ niêm yết', channel: 'web' });
  const intake = await t.app.inject({
    method: 'POST',
    url: '/quan-tri/phan-anh/nhap',
    headers: { ...FORM, cookie: admin.cookie },
    payload: form({ _csrf: admin.csrf, _submission: 'scan-1', channel: 'hotline', kind: 'hoi-dap', body: 'Người dân gọi 1022 hỏi về đăng ký khai sinh' }),
  });
  expect(intake.statusCode).toBe(303);
  receipt = intake.headers.location as string;
  const seen = new Set<string>();
  for (const r of t.app.routeTable) {
    if (r.method !== 'GET' || seen.has(r.url) || NOT_PAGES.some((x) => x.test(r.url))) continue;
    seen.add(r.url);
    const re = new RegExp(`^${r.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/?#]+')}$`);
    patterns.push({ url: r.url, re });
  }
}, 120_000);
afterAll(async () => t?.close());

/** A session for the demo citizen the datastore seed creates (its ID number is in datastore.seed.ts). */
async function demoCitizenSession(): Promise<{ cookie: string; csrf: string }> {
  const key = t.app.deps.services.get(IdentityToken).personKey(DEMO_CITIZEN_ID);
  const p = await t.database.db.selectFrom('principals').select('id').where('person_key', '=', key).executeTakeFirstOrThrow();
  const token = randomToken();
  const csrf = randomToken(24);
  await t.database.db
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: null, principal_id: p.id, acr: 'LoA2', csrf_token: csrf, mfa_passed: true, ip: '127.0.0.1', user_agent: 'scan', expires_at: new Date(Date.now() + 3600_000) })
    .execute();
  return { cookie: `dvc_sid=${token}`, csrf };
}

/** `start`: pages reached by the redirect after a POST (a receipt slip, a contest attempt), not by a link. */
async function scan(cookie: string | undefined, start: Record<string, string> = {}) {
  const fixed = patterns.filter((p) => !p.url.includes(':')).map((p) => p.url);
  const sampled = new Map<string, string>(Object.entries(start)); // pattern → first concrete URL found
  const queue = [...fixed, ...Object.values(start)];
  const visited = new Set<string>();
  const problems: string[] = [];
  let pages = 0;
  const childrenOfSampled = () => {
    // A sub-page that only appears with more data (e.g. compare two versions) is visited under its parent.
    for (const p of patterns) {
      if (sampled.has(p.url) || !p.url.includes(':')) continue;
      const parent = p.url.slice(0, p.url.lastIndexOf('/'));
      const last = p.url.slice(p.url.lastIndexOf('/'));
      if (parent.includes(':') && !last.includes(':') && sampled.has(parent)) {
        sampled.set(p.url, sampled.get(parent)! + last);
        queue.push(sampled.get(p.url)!);
      }
    }
  };
  while (queue.length || (childrenOfSampled(), queue.length)) {
    const url = queue.shift()!;
    if (visited.has(url)) continue;
    visited.add(url);
    const res = await t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
    pages++;
    // 503 is a deliberate answer (e.g. citizen sign-in while no identity provider is configured); 500 never is.
    if (res.statusCode >= 500 && res.statusCode !== 503) problems.push(`${url}: ${res.statusCode}`);
    const escaped = ESCAPED_TAG.exec(res.body);
    if (escaped) problems.push(`${url}: markup shown as text: …${res.body.slice(Math.max(0, escaped.index - 80), escaped.index + 60)}…`);
    const style = /<[^>]+\sstyle=/i.exec(res.body);
    if (style) problems.push(`${url}: inline style attribute: ${style[0].slice(0, 120)}`);
    // Follow links to routes with parameters, one concrete URL per pattern.
    for (const m of res.body.matchAll(/href="(\/[^"#]*)"/g)) {
      const href = m[1]!.replace(/&amp;/g, '&').split('?')[0]!;
      // `/…/huong-dan/moi` is its own (static) route, not a value of `/…/huong-dan/:id`.
      if (fixed.includes(href)) continue;
      const p = patterns.find((x) => x.url.includes(':') && !sampled.has(x.url) && x.re.test(href));
      if (p) {
        sampled.set(p.url, href);
        queue.push(href);
      }
    }
  }
  return { problems, pages, sampled };
}

describe('no page shows escaped markup or inline styles', () => {
  it('as an anonymous visitor', async () => {
    const { problems, pages, sampled } = await scan(undefined);
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(15);
    for (const p of ['/dich-vu/:code', '/huong-dan/:slug', '/thu-vien/:id', '/phan-anh/:code']) expect([...sampled.keys()], p).toContain(p);
  }, 300_000);

  it('as a staff admin, reaching every page of the route table', async () => {
    const { problems, pages, sampled } = await scan(admin.cookie, { '/quan-tri/phan-anh/bien-nhan/:code': receipt });
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(40);
    // Pages only an agency's officer or a signed-in citizen can open (their own data store, shares with their
    // agency) are reached through those people's links, with the same checks.
    const officer = await sessionFor(t.database, DEMO.officerSkhcn);
    const citizen = await demoCitizenSession();
    // A contest attempt and its result are reached by the redirects after starting and submitting.
    const contests = (await t.app.inject({ method: 'GET', url: '/api/v1/contests' })).json() as { items: Array<{ slug: string; status: string }> };
    const open = contests.items.find((c) => c.status === 'open')!;
    const start = await t.app.inject({ method: 'POST', url: `/cuoc-thi/${open.slug}/bat-dau`, headers: { ...FORM, cookie: citizen.cookie }, payload: form({ _csrf: citizen.csrf }) });
    expect(start.statusCode).toBe(303);
    const attempt = start.headers.location as string;
    const citizenCookie = mergeCookies(citizen.cookie, start);
    const submitted = await t.app.inject({ method: 'POST', url: attempt, headers: { ...FORM, cookie: citizenCookie }, payload: form({ _csrf: citizen.csrf, action: 'submit' }) });
    expect(submitted.headers.location).toBe(`${attempt}/ket-qua`);
    const visits: Array<[string, Record<string, string>]> = [[officer.cookie, {}], [citizenCookie, { '/cuoc-thi/bai/:id': attempt, '/cuoc-thi/bai/:id/ket-qua': `${attempt}/ket-qua` }]];
    for (const [cookie, startAt] of visits) {
      const other = await scan(cookie, startAt);
      expect(other.problems).toEqual([]);
      for (const [k, v] of other.sampled) if (!sampled.has(k)) sampled.set(k, v);
    }
    // Every parametrised page was reached through a link (a route nothing links to is listed here).
    const unreached = patterns.filter((p) => p.url.includes(':') && !sampled.has(p.url)).map((p) => p.url);
    expect(unreached).toEqual([]);
  }, 300_000);

  it('an assistant answer without JavaScript keeps its line breaks by class, not by a style attribute', async () => {
    const v = await anonymousVisitor(t.app, '/tro-ly');
    const ask = await t.app.inject({ method: 'POST', url: '/tro-ly', headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, question: 'đăng ký khai sinh cho con cần giấy tờ gì' }) });
    expect(ask.statusCode).toBe(303);
    const page = await t.app.inject({ method: 'GET', url: (ask.headers.location as string).split('#')[0]!, headers: { cookie: mergeCookies(v.cookie, ask) } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('class="assistant-answer"');
    expect(page.body).not.toMatch(/<[^>]+\sstyle=/i);
    expect(ESCAPED_TAG.test(page.body)).toBe(false);
    const css = await t.app.inject({ method: 'GET', url: '/static/css/app.css' });
    expect(css.body).toMatch(/\.assistant-answer p\s*\{\s*white-space:\s*pre-line/);
  }, 60_000);
});

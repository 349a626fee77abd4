import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { buildTestApp, DEMO, FORM, form, orgId, type TestApp } from '../../test/helpers.ts';
import { permissionDefs, roleDefs } from './permissions.ts';
import { accessOf, isStaffRoute, routeKey, type RouteAccess } from './route-access.ts';
import { ROUTE_ACCESS } from '../../modules/route-access.ts';
import { randomToken, sha256 } from './tokens.ts';
import type { FeedbackService } from '../../modules/feedback/feedback.service.ts';
import { SYSTEM_ACTOR } from './permissions.ts';
import { FeedbackServiceToken } from '../../modules/feedback/feedback.service.ts';

/**
 * Authorization matrix: EVERY staff route, taken from Fastify's route table (a new route is covered without
 * editing this file), × EVERY registered role, plus anonymous visitors and signed-in citizens. Expected
 * outcomes come from the route's declared access and the permissions the module manifests give each role:
 * refused → an explained 403 (before any input validation: the requests carry empty forms); allowed → the
 * handler runs (anything but 401/403, never a 5xx). Each role's user holds only that role, in the same agency
 * that owns the items the routes are called with, so an org-scoped permission is exercised on its own ground.
 */

let t: TestApp;
interface Route {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  declared: boolean;
}
const routes: Route[] = [];
const ids: Record<string, string> = {};
type Who = { cookie: string; csrf: string };
const identities = new Map<string, Who>();

async function sessionRow(userId: string | null, principalId: string | null): Promise<Who> {
  const token = randomToken();
  const csrf = randomToken(24);
  await t.database.db
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: userId, principal_id: principalId, csrf_token: csrf, mfa_passed: true, ip: '127.0.0.1', user_agent: 'matrix', expires_at: new Date(Date.now() + 3600_000) })
    .execute();
  return { cookie: `dvc_sid=${token}`, csrf };
}

const staffRoles = () => roleDefs().filter((r) => r.grantable !== false).map((r) => r.name);
const nonStaffRoles = () => roleDefs().filter((r) => r.grantable === false).map((r) => r.name);

function allowedFor(role: string, access: RouteAccess): boolean {
  if (access === 'staff') return true;
  const perms = Array.isArray(access) ? access : [access];
  return perms.some((p) => permissionDefs().find((d) => d.name === p)?.roles.includes(role));
}

beforeAll(async () => {
  t = await buildTestApp();
  // The route table as Fastify built it (recorded by buildApp's onRoute hook). HEAD twins of GET are the same route.
  const seen = new Set<string>();
  for (const { method, url, config } of t.app.routeTable) {
    if (!isStaffRoute(url) || method === 'HEAD') continue;
    const k = routeKey(method, url);
    if (seen.has(k)) continue;
    seen.add(k);
    routes.push({ method, url, access: accessOf(method, url, config, ROUTE_ACCESS), declared: Boolean(config?.access ?? ROUTE_ACCESS[k]) });
  }

  const db = t.database.db;
  const skhcn = await orgId(t.database, 'SKHCN');
  ids.org = skhcn;
  for (const role of staffRoles()) {
    const u = await db.insertInto('users').values({ email: `matrix.${role}@demo.dvc-hub.vn`, full_name: `Ma trận ${role}`, password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('user_roles').values({ user_id: u.id, role, org_id: skhcn }).execute();
    identities.set(role, await sessionRow(u.id, null));
  }
  for (const role of nonStaffRoles()) {
    const p = await sql<{ id: string }>`INSERT INTO principals (kind, display_name) VALUES ('citizen', ${`Công dân ${role}`}) RETURNING id`.execute(db);
    identities.set(role, await sessionRow(null, p.rows[0]!.id));
  }
  // A signed-in citizen is refused even if no module registered the citizen role yet.
  if (!identities.has('citizen')) {
    const p = await sql<{ id: string }>`INSERT INTO principals (kind, display_name) VALUES ('citizen', 'Công dân thử') RETURNING id`.execute(db);
    identities.set('citizen', await sessionRow(null, p.rows[0]!.id));
  }

  // Real items owned by SKHCN, so the services' own organisation checks run (not just a 404).
  const svc = t.app.deps.services.get(FeedbackServiceToken);
  const item = await svc.submit(SYSTEM_ACTOR, { kind: 'hoi-dap', body: 'Câu hỏi để kiểm tra ma trận phân quyền của cán bộ.', channel: 'web', orgId: skhcn } as Parameters<FeedbackService['submit']>[1]);
  await sql`UPDATE fb_items SET status = 'answer_pending', answer_draft = 'Bản dự thảo trả lời do người khác soạn.' WHERE code = ${item.code}`.execute(db);
  ids.code = item.code;
  const first = async (q: string) => ((await sql.raw<{ id: string }>(q).execute(db)).rows[0]?.id ?? randomUUID());
  ids.guide = await first(`SELECT id::text AS id FROM content_guides ORDER BY created_at LIMIT 1`);
  await sql`UPDATE content_guides SET owner_org_id = ${skhcn} WHERE id = ${ids.guide}`.execute(db);
  ids.material = await first(`SELECT id::text AS id FROM content_materials ORDER BY created_at LIMIT 1`);
  await sql`UPDATE content_materials SET owner_org_id = ${skhcn} WHERE id = ${ids.material}`.execute(db);
  ids.lexicon = await first(`SELECT id::text AS id FROM assistant_lexicon LIMIT 1`);
  ids.procedure = (await sql<{ code: string }>`SELECT code FROM procedures ORDER BY code LIMIT 1`.execute(db)).rows[0]?.code ?? 'X1';
  ids.plan = await first(`SELECT id::text AS id FROM plans LIMIT 1`);
  ids.task = await first(`SELECT id::text AS id FROM plan_tasks LIMIT 1`);
  ids.cycle = await first(`SELECT id::text AS id FROM plan_cycles LIMIT 1`);
  // an accepted report of the agency: its staff (plans.report) and every reader (plans.view) may open it
  ids.report = await first(`SELECT id::text AS id FROM plan_reports WHERE org_id = '${skhcn}' LIMIT 1`);
  await sql`UPDATE plan_reports SET state = 'accepted' WHERE id = ${ids.report}`.execute(db);
  ids.kpi = await first(`SELECT id::text AS id FROM kpis LIMIT 1`);
  ids.user = (await db.selectFrom('users').select('id').where('email', '=', DEMO.viewer).executeTakeFirstOrThrow()).id;
}, 120_000);
afterAll(async () => t?.close());

/** Concrete URL for a route pattern, with real ids where the route reads an item. */
function concrete(url: string): string {
  const pick = (name: string): string => {
    if (name === 'code') return url.startsWith('/quan-tri/dich-vu') ? ids.procedure! : ids.code!;
    if (name === 'orgId') return ids.org!;
    if (name === 'sig') return '0123456789abcdef';
    if (name === 'n') return '0';
    if (url.startsWith('/quan-tri/noi-dung/huong-dan')) return ids.guide!;
    if (url.startsWith('/quan-tri/noi-dung/thu-vien')) return ids.material!;
    if (url.startsWith('/quan-tri/tro-ly/tu-dien')) return ids.lexicon!;
    if (url.startsWith('/quan-tri/co-quan')) return ids.org!;
    if (url.startsWith('/quan-tri/tai-khoan')) return ids.user!;
    if (url.startsWith('/quan-tri/ke-hoach/nhiem-vu')) return ids.task!;
    if (url.startsWith('/quan-tri/ke-hoach/ky')) return ids.cycle!;
    if (url.startsWith('/quan-tri/ke-hoach')) return ids.plan!;
    if (url.startsWith('/quan-tri/bao-cao-ke-hoach')) return ids.report!;
    if (url.startsWith('/quan-tri/chi-so/nhap')) return randomUUID();
    if (url.startsWith('/quan-tri/chi-so')) return ids.kpi!;
    return randomUUID();
  };
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => pick(name));
}

async function call(route: Route, who: Who | null, url = concrete(route.url)) {
  if (route.method === 'GET') return t.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
  return t.app.inject({ method: route.method as 'POST', url, headers: { ...FORM, ...(who ? { cookie: who.cookie } : {}) }, payload: form(who ? { _csrf: who.csrf } : {}) });
}

describe('authorization matrix: every staff route × every role', () => {
  it('finds the staff routes in the route table, and every one has a declared access', () => {
    expect(routes.length).toBeGreaterThan(70);
    expect(routes.filter((r) => !r.declared).map((r) => routeKey(r.method, r.url))).toEqual([]);
    // and the policy table names no route that does not exist
    const existing = new Set(routes.map((r) => routeKey(r.method, r.url)));
    expect(Object.keys(ROUTE_ACCESS).filter((k) => !existing.has(k))).toEqual([]);
  });

  it('refuses (explained 403) every role without the access and lets every role with it through', async () => {
    const wrong: string[] = [];
    let refused = 0;
    let allowed = 0;
    for (const route of routes) {
      for (const role of staffRoles()) {
        const res = await call(route, identities.get(role)!);
        const expectAllowed = allowedFor(role, route.access!);
        const tag = `${routeKey(route.method, route.url)} as ${role}: ${res.statusCode}`;
        if (res.statusCode >= 500) wrong.push(`${tag} (5xx)`);
        else if (expectAllowed && (res.statusCode === 401 || res.statusCode === 403)) wrong.push(`${tag} (wrongly refused)`);
        else if (!expectAllowed && res.statusCode !== 403) wrong.push(`${tag} (wrongly allowed)`);
        else if (!expectAllowed && !res.body.includes('Bạn không có quyền truy cập')) wrong.push(`${tag} (403 without explanation)`);
        else if (expectAllowed) allowed++;
        else refused++;
      }
    }
    expect(wrong).toEqual([]);
    // both kinds of outcome are really exercised
    expect(refused).toBeGreaterThan(200);
    expect(allowed).toBeGreaterThan(150);
  }, 300_000);

  it('refuses anonymous visitors (sign-in redirect or 401) and signed-in citizens (403) on every staff route', async () => {
    const wrong: string[] = [];
    const citizen = identities.get('citizen')!;
    for (const route of routes) {
      const anon = await call(route, null);
      const okAnon = route.method === 'GET' ? anon.statusCode === 303 && String(anon.headers.location).startsWith('/dang-nhap?next=') : anon.statusCode === 401;
      if (!okAnon) wrong.push(`${routeKey(route.method, route.url)} anonymous: ${anon.statusCode}`);
      const cit = await call(route, citizen);
      if (cit.statusCode !== 403) wrong.push(`${routeKey(route.method, route.url)} citizen: ${cit.statusCode}`);
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it('checks permission before validating input: hostile params and bodies get 403, not 400/422', async () => {
    const viewer = identities.get('viewer')!;
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.method === 'POST' && !allowedFor('viewer', r.access!))) {
      const bogus = route.url.replace(/:([A-Za-z]+)/g, '%00x');
      const res = await t.app.inject({ method: 'POST', url: bogus, headers: { 'content-type': 'application/json', cookie: viewer.cookie, 'x-csrf-token': viewer.csrf }, payload: '{"x":' });
      if (res.statusCode !== 403 && res.statusCode !== 404) wrong.push(`${route.url}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('never answers 5xx to an allowed role sending hostile ids and bodies', async () => {
    const admin = identities.get('admin')!;
    const wrong: string[] = [];
    for (const route of routes) {
      for (const id of ['x', '00000000-0000-0000-0000-000000000000', '%E2%80%8B', '1;DROP']) {
        const url = route.url.replace(/:([A-Za-z]+)/g, id);
        const res =
          route.method === 'GET'
            ? await t.app.inject({ url, headers: { cookie: admin.cookie } })
            : await t.app.inject({ method: route.method as 'POST', url, headers: { ...FORM, cookie: admin.cookie }, payload: form({ _csrf: admin.csrf, id, code: id, orgId: id, role: id, status: id, email: id, eventId: id, handler: id }) });
        if (res.statusCode >= 500) wrong.push(`${route.method} ${url}: ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});

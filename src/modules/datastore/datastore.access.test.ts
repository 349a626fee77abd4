import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { buildTestApp, DEMO, form, FORM, orgId, sessionFor, type TestApp } from '../../test/helpers.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { upsertCitizen } from '../../platform/auth/principals.ts';
import { routeKey } from '../../platform/auth/route-access.ts';
import { IdentityToken } from '../identity/api.ts';
import { DatastoreToken } from './api.ts';

/**
 * Authorization matrix over EVERY route of the datastore module, taken from Fastify's route table (a new route
 * fails here until it is classified): anonymous visitors, the owner citizen, another citizen, an officer of the
 * agency the share names, an officer of another agency and an administrator (who holds no datastore
 * permission). Then object level: the other citizen and the other agency's officer, given the owner's real
 * ids, get nothing.
 */
type Kind = 'public' | 'citizen' | 'api' | 'staff';
const ROUTES: Record<string, Kind> = {
  'GET /tai-khoan/kho': 'citizen',
  'POST /tai-khoan/kho/tai-len': 'citizen',
  'GET /tai-khoan/kho/tai-lieu/:id/tai-ve': 'citizen',
  'POST /tai-khoan/kho/tai-lieu/:id/xoa': 'citizen',
  'GET /tai-khoan/kho/chia-se': 'citizen',
  'POST /tai-khoan/kho/chia-se': 'citizen',
  'POST /tai-khoan/kho/chia-se/dong-y': 'citizen',
  'GET /tai-khoan/kho/chia-se/:id': 'citizen',
  'GET /tai-khoan/kho/chia-se/:id/bien-nhan.json': 'citizen',
  'POST /tai-khoan/kho/chia-se/:id/thu-hoi': 'citizen',
  'GET /tai-khoan/kho/nhat-ky': 'citizen',
  'GET /tai-khoan/kho/uy-quyen': 'citizen',
  'POST /tai-khoan/kho/uy-quyen': 'citizen',
  'POST /tai-khoan/kho/uy-quyen/:id/thu-hoi': 'citizen',
  'POST /tai-khoan/kho/thay-mat': 'citizen',
  'POST /tai-khoan/kho/thay-mat/ket-thuc': 'citizen',
  'GET /tai-khoan/kho/tai-ve.zip': 'citizen',
  'GET /tai-khoan/kho/xoa': 'citizen',
  'POST /tai-khoan/kho/xoa': 'citizen',
  'GET /kho/khoa-ky.json': 'public',
  'GET /quan-tri/kho': 'staff',
  'GET /quan-tri/kho/chia-se/:id': 'staff',
  'POST /quan-tri/kho/tai-lieu/:id/mo': 'staff',
  'GET /quan-tri/kho/giao': 'staff',
  'POST /quan-tri/kho/giao': 'staff',
  'GET /api/v1/me/documents': 'api',
  'POST /api/v1/me/documents': 'api',
  'GET /api/v1/me/documents/:id': 'api',
  'POST /api/v1/me/shares': 'api',
  'DELETE /api/v1/me/shares/:id': 'api',
  'GET /api/v1/me/access-log': 'api',
  'GET /api/v1/me/export': 'api',
};
const under = (url: string, p: string) => url === p || url.startsWith(`${p}/`);
const mine = (url: string) => under(url, '/tai-khoan/kho') || url.startsWith('/api/v1/me/') || under(url, '/quan-tri/kho') || url.startsWith('/kho/');

let t: TestApp;
type Who = { cookie: string; csrf: string };
const who: Record<string, Who | null> = {};
const ids: Record<string, string> = {};

async function citizen(idNumber: string, name: string): Promise<Who & { id: string }> {
  const key = t.app.deps.services.get(IdentityToken).personKey(idNumber);
  const { principal } = await t.database.db.transaction().execute((tx) => upsertCitizen(tx, { provider: 'http://test-sso', subject: `m-${idNumber}`, personKey: key, displayName: name }));
  const token = randomToken();
  const csrf = randomToken(24);
  await t.database.db
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: null, principal_id: principal.id, acr: 'LoA2', csrf_token: csrf, mfa_passed: true, ip: '127.0.0.1', user_agent: 'matrix', expires_at: new Date(Date.now() + 3600_000) })
    .execute();
  return { cookie: `dvc_sid=${token}`, csrf, id: principal.id };
}

function concrete(url: string, real: boolean): string {
  return url.replace(/:id/g, () => {
    if (!real) return randomUUID();
    if (url.includes('tai-lieu') || url.includes('documents')) return ids.doc!;
    if (url.includes('uy-quyen')) return ids.delegation!;
    return ids.share!;
  });
}

async function call(method: string, url: string, w: Who | null) {
  if (method === 'GET') return t.app.inject({ url, headers: w ? { cookie: w.cookie } : {} });
  return t.app.inject({ method: method as 'POST', url, headers: { ...FORM, ...(w ? { cookie: w.cookie } : {}) }, payload: form(w ? { _csrf: w.csrf } : {}) });
}

beforeAll(async () => {
  t = await buildTestApp();
  const owner = await citizen('036085777001', 'Chủ Kho');
  const other = await citizen('036085777002', 'Người khác');
  await citizen('036085777003', 'Người được ủy quyền');
  who.anonymous = null;
  who.owner = owner;
  who.other = other;
  who.officer = await sessionFor(t.database, DEMO.officerSkhcn);
  who.officerOther = await sessionFor(t.database, DEMO.officerStp);
  who.admin = await sessionFor(t.database, DEMO.admin);
  const svc = t.app.deps.services.get(DatastoreToken);
  const actor = { kind: 'citizen' as const, id: owner.id, label: `citizen:${owner.id}`, roles: [{ role: 'citizen', orgId: '' }] };
  const acting = { actor, ownerId: owner.id, delegation: null };
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  ids.doc = await svc.upload(acting, { kind: 'id_card', title: 'CCCD', validFrom: '', validUntil: '' }, { name: 'cccd.pdf', data: pdf });
  const until = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
  ids.share = (await svc.createShare(acting, { documentIds: [ids.doc], orgId: await orgId(t.database, 'SKHCN'), purpose: 'Kiểm tra ma trận', dossierCode: 'H33-MATRAN-01', procedureCode: '', until, untilResult: false })).id;
  ids.delegation = await svc.delegate(actor, { idNumber: '036085777003', relation: 'family', scopes: ['view'], expires: until });
}, 120_000);
afterAll(async () => t?.close());

describe('datastore authorization matrix', () => {
  it('classifies every route of the module, and names none that does not exist', () => {
    const seen = new Set<string>();
    for (const r of t.app.routeTable) if (mine(r.url) && r.method !== 'HEAD') seen.add(routeKey(r.method, r.url));
    expect([...seen].filter((k) => !ROUTES[k])).toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !seen.has(k))).toEqual([]);
  });

  it('each kind of caller gets exactly what the route allows', async () => {
    const wrong: string[] = [];
    for (const [key, kind] of Object.entries(ROUTES)) {
      const [method, url] = key.split(' ') as [string, string];
      for (const [name, w] of Object.entries(who)) {
        // Item routes are called with ids that exist nowhere: only the gate is under test here.
        const res = await call(method, concrete(url, false), w);
        const s = res.statusCode;
        const tag = `${key} as ${name}: ${s}`;
        if (s >= 500) {
          wrong.push(`${tag} (5xx)`);
          continue;
        }
        const through = s !== 401 && s !== 403 && !(s === 303 && String(res.headers.location).startsWith('/dang-nhap'));
        const isCitizen = name === 'owner' || name === 'other';
        const isOfficer = name === 'officer' || name === 'officerOther';
        const expected = kind === 'public' ? true : kind === 'staff' ? isOfficer : isCitizen;
        if (expected !== through) wrong.push(`${tag} (${expected ? 'wrongly refused' : 'wrongly allowed'})`);
        // Anonymous writes stop at the CSRF check (403) before any of this; anonymous reads are told to sign in.
        if (!w && method === 'GET' && kind === 'citizen' && !(s === 303 && String(res.headers.location).startsWith('/dang-nhap/cong-dan'))) wrong.push(`${tag} (anonymous not sent to citizen sign-in)`);
        if (!w && method === 'GET' && kind === 'api' && s !== 401) wrong.push(`${tag} (anonymous API not 401)`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('object level: another citizen and another agency get nothing of the owner\'s, with the real ids', async () => {
    const wrong: string[] = [];
    for (const [key, kind] of Object.entries(ROUTES)) {
      if (!key.includes(':id')) continue;
      const [method, url] = key.split(' ') as [string, string];
      const intruders = kind === 'staff' ? ['officerOther'] : ['other'];
      for (const name of intruders) {
        const res = await call(method, concrete(url, true), who[name]!);
        if (![403, 404, 422].includes(res.statusCode) || res.body.includes('CCCD')) wrong.push(`${key} as ${name}: ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    // The owner still has everything, and the share is still live.
    const svc = t.app.deps.services.get(DatastoreToken);
    const ownerId = (await t.database.db.selectFrom('principals').select('id').where('display_name', '=', 'Chủ Kho').executeTakeFirstOrThrow()).id;
    const acting = { actor: { kind: 'citizen' as const, id: ownerId, label: 'x', roles: [{ role: 'citizen', orgId: '' }] }, ownerId, delegation: null };
    expect((await svc.documents(acting)).map((d) => d.id)).toEqual([ids.doc]);
    expect((await svc.share(acting, ids.share!)).live).toBe(true);
    // …and the right officer, with the purpose chosen, does get the document.
    const open = await t.app.inject({ method: 'POST', url: `/quan-tri/kho/tai-lieu/${ids.doc}/mo`, headers: { ...FORM, cookie: who.officer!.cookie }, payload: form({ _csrf: who.officer!.csrf, share: ids.share! }) });
    expect(open.statusCode).toBe(200);
  }, 120_000);
});

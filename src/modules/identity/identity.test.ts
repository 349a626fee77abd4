import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { loadConfig, ConfigError } from '../../platform/config/config.ts';
import { createTestDb, type TestDb } from '../../test/helpers.ts';
import { testEnv } from '../../test/env.ts';
import { ANONYMOUS_ACTOR, type Actor } from '../../platform/auth/permissions.ts';
import { DevProviderRefusedError } from './dev-provider.ts';
import { HttpClient, csrfOf, formAction, freePort } from './identity.test-client.ts';
import { FeedbackToken } from '../feedback/api.ts';

const ID_A = '036085012345';
const ID_B = '036090067890';

/**
 * The whole OIDC flow over real HTTP against the built-in development provider: dvc-hub redirects to
 * /dev-oidc, the citizen fills its form, the code comes back and is exchanged with PKCE; state, nonce and acr
 * are checked; logout both ways; export and erasure.
 */
describe('citizen identity through the built-in OIDC provider', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let base: string;
  let discoveryFetches = 0;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestDb({ PORT: String(port), PUBLIC_URL: base });
    app = await buildApp({ config: t.config, database: t.database, logger: false });
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/dev-oidc/.well-known/openid-configuration')) discoveryFetches++;
    });
    await app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  /** Start at `start`, fill the provider's form, follow every redirect; returns the final answer. */
  async function signIn(c: HttpClient, who: { id: string; name: string; loa: '1' | '2' }, start = '/dang-nhap/cong-dan/bat-dau?muc=1&tiep=/tai-khoan') {
    const form = await c.go('GET', start);
    expect(form.url).toMatch(/\/dev-oidc\/interaction\//);
    return c.go('POST', formAction(form.text), { _csrf: csrfOf(form.text), so_dinh_danh: who.id, ho_ten: who.name, loa: who.loa });
  }

  const sessionRow = (c: HttpClient) =>
    t.database.pool.query('SELECT * FROM sessions WHERE id = encode(sha256(convert_to($1, \'UTF8\')), \'hex\')', [c.jar.get('dvc_sid') ?? '']).then((r) => r.rows[0]);

  it('signs in with authorization code + PKCE (S256), state, nonce and acr; stores no raw ID number', async () => {
    const c = new HttpClient(base);
    const page = await c.go('GET', '/dang-nhap/cong-dan');
    expect(page.text).toContain('Đăng nhập bằng định danh điện tử');
    expect(page.text).toContain('<a href="/dang-nhap/cong-dan">Người dân</a>');
    const start = await c.request('GET', '/dang-nhap/cong-dan/bat-dau?muc=1&tiep=/tai-khoan');
    expect(start.res.status).toBe(303);
    const auth = new URL(start.res.headers.get('location')!);
    expect(auth.pathname).toBe('/dev-oidc/auth');
    expect(auth.searchParams.get('response_type')).toBe('code');
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(auth.searchParams.get('state')).toBeTruthy();
    expect(auth.searchParams.get('nonce')).toBeTruthy();
    expect(auth.searchParams.get('acr_values')).toBe('LoA1');
    const form = await c.go('GET', auth.href);
    expect(form.text).toContain('name="so_dinh_danh"');
    expect(form.text).toContain('name="ho_ten"');
    expect(form.text).toContain('name="loa"');

    // Bad input: 422, Vietnamese messages, what was typed is kept.
    const bad = await c.request('POST', formAction(form.text), { _csrf: csrfOf(form.text), so_dinh_danh: '12ab', ho_ten: 'Nguyễn Thị Hoa', loa: '1' });
    expect(bad.res.status).toBe(422);
    expect(bad.text).toContain('Nhập số định danh cá nhân gồm 12 chữ số');
    expect(bad.text).toContain('value="Nguyễn Thị Hoa"');

    const done = await c.go('POST', formAction(bad.text), { _csrf: csrfOf(bad.text), so_dinh_danh: ID_A, ho_ten: 'Nguyễn Thị Hoa', loa: '1' });
    expect(new URL(done.url).pathname).toBe('/tai-khoan');
    expect(done.res.status).toBe(200);
    expect(done.text).toContain('Nguyễn Thị Hoa');
    expect(done.text).toContain('mức 1');
    expect(done.text).toContain('<a href="/tai-khoan">Tài khoản của tôi</a>'); // the header now links the account
    const callback = c.hops.find((h) => h.url.includes('/dang-nhap/cong-dan/xong'))!;
    expect(new URL(callback.url).searchParams.get('state')).toBe(auth.searchParams.get('state'));

    const s = await sessionRow(c);
    expect(s).toMatchObject({ user_id: null, acr: 'LoA1' });
    expect(s.oidc_sid).toBeTruthy();
    const p = (await t.database.pool.query('SELECT * FROM principals WHERE id = $1', [s.principal_id])).rows[0];
    expect(p).toMatchObject({ kind: 'citizen', display_name: 'Nguyễn Thị Hoa', person_key: createHmac('sha256', t.config.personKeySalt).update(ID_A).digest('hex') });
    const ident = (await t.database.pool.query('SELECT * FROM principal_identities WHERE principal_id = $1', [p.id])).rows;
    expect(ident).toEqual([expect.objectContaining({ provider: `${base}/dev-oidc`, subject: expect.stringMatching(/^dev-/) })]);
    // Nowhere in the database: principals, identities, sessions, audit.
    for (const table of ['principals', 'principal_identities', 'sessions', 'audit_log']) {
      const hit = await t.database.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${table}::text LIKE $1`, [`%${ID_A}%`]);
      expect(hit.rows[0].n, table).toBe(0);
    }

    // The callback cannot be replayed: state, nonce and verifier were used once.
    const replay = await c.request('GET', callback.url);
    expect(replay.res.status).toBe(400);
    expect(replay.text).toContain('hết hạn hoặc đã được dùng');

    // Same person again (new browser): same principal, not a second one.
    const c2 = new HttpClient(base);
    await signIn(c2, { id: ID_A, name: 'Nguyễn Thị Hoa', loa: '1' });
    expect((await sessionRow(c2)).principal_id).toBe(s.principal_id);
    expect(discoveryFetches).toBe(1);
  });

  it('rejects a callback whose state, nonce or PKCE verifier does not match', async () => {
    for (const tamper of ['state', 'nonce', 'verifier'] as const) {
      const c = new HttpClient(base);
      const form = await c.go('GET', '/dang-nhap/cong-dan/bat-dau?muc=1&tiep=/tai-khoan');
      // The pending login is server-side; change one value as an attacker's mix-up would.
      await t.database.pool.query(`UPDATE sessions SET data = jsonb_set(data, '{oidcPending,${tamper}}', '"tampered-value-0123456789012345678901234567890"') WHERE id = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [c.jar.get('dvc_sid')]);
      const done = await c.go('POST', formAction(form.text), { _csrf: csrfOf(form.text), so_dinh_danh: ID_B, ho_ten: 'Trần Văn Bình', loa: '1' });
      expect(done.res.status, tamper).toBe(400);
      expect(done.text).toContain('không xác nhận được');
      expect((await sessionRow(c))?.principal_id ?? null).toBeNull();
    }
  });

  it('an action needing level 2: a level-1 account is sent to step up, then to the failure-to-prove page', async () => {
    const c = new HttpClient(base);
    await signIn(c, { id: ID_B, name: 'Trần Văn Bình', loa: '1' });
    const gated = await c.request('GET', '/tai-khoan/du-lieu.json');
    expect(gated.res.status).toBe(303);
    expect(gated.res.headers.get('location')).toBe('/dang-nhap/cong-dan/bat-dau?muc=2&tiep=%2Ftai-khoan%2Fdu-lieu.json');
    const step = await c.request('GET', gated.res.headers.get('location')!);
    const auth = new URL(step.res.headers.get('location')!);
    expect(auth.searchParams.get('acr_values')).toBe('LoA2');
    expect(auth.searchParams.get('prompt')).toBe('login');
    const form = await c.go('GET', auth.href);
    expect(form.text).toMatch(/value="2" checked/);
    // Still level 1 at the provider: the failure-to-prove page, with the way to level 2.
    const failed = await c.go('POST', formAction(form.text), { _csrf: csrfOf(form.text), so_dinh_danh: ID_B, ho_ten: 'Trần Văn Bình', loa: '1' });
    expect(failed.res.status).toBe(403);
    expect(new URL(failed.url).pathname).toBe('/dang-nhap/cong-dan/chua-du-muc-2');
    expect(failed.text).toContain('Công an xã, phường');
    expect((await c.request('GET', '/tai-khoan/du-lieu.json')).res.status).toBe(303);
    // Level 2 this time: the export is served.
    const ok = await signIn(c, { id: ID_B, name: 'Trần Văn Bình', loa: '2' }, '/dang-nhap/cong-dan/bat-dau?muc=2&tiep=%2Ftai-khoan%2Fdu-lieu.json');
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(ok.text).person.displayName).toBe('Trần Văn Bình');
  });

  it('links items sent while signed in, claims older ones by key, exports everything (audited)', async () => {
    const c = new HttpClient(base);
    await signIn(c, { id: '036077011111', name: 'Lê Thị Cúc', loa: '2' });
    const principalId = (await sessionRow(c)).principal_id as string;
    const citizen: Actor = { kind: 'citizen', id: principalId, label: `citizen:${principalId}`, roles: [{ role: 'citizen', orgId: '' }] };
    const fb = app.deps.services.get(FeedbackToken);
    const mine = await fb.submit(citizen, { kind: 'hoi-dap', title: 'Hỏi khi đã đăng nhập', body: 'Xin hỏi thủ tục đăng ký khai sinh trực tuyến cần giấy tờ gì?', channel: 'web', contactEmail: 'cuc@example.com' });
    const older = await fb.submit(ANONYMOUS_ACTOR, { kind: 'phan-anh', title: 'Gửi trước khi đăng nhập', body: 'Cổng dịch vụ công báo lỗi khi tải tệp đính kèm lên hồ sơ.', channel: 'web' });
    const other = await fb.submit(ANONYMOUS_ACTOR, { kind: 'phan-anh', title: 'Của người khác', body: 'Một phản ánh khác không thuộc về người này, nội dung đủ dài.', channel: 'web' });
    await fb.rate({ score: 4, serviceCode: null, channel: 'web' }, citizen);

    const account = await c.go('GET', '/tai-khoan');
    expect(account.text).toContain(mine.code);
    expect(account.text).not.toContain(older.code);
    expect(account.text).toContain('4/5 điểm');

    // A wrong key: 422, the typed values kept, nothing linked.
    const wrong = await c.request('POST', '/tai-khoan/nhan-phan-anh', { _csrf: csrfOf(account.text), code: other.code, key: 'sai-ma-tra-cuu' });
    expect(wrong.res.status).toBe(422);
    expect(wrong.text).toContain('Mã phản ánh hoặc mã tra cứu không đúng');
    expect(wrong.text).toContain(`value="${other.code}"`);
    const claimed = await c.go('POST', '/tai-khoan/nhan-phan-anh', { _csrf: csrfOf(account.text), code: older.code, key: older.citizenKey });
    expect(claimed.text).toContain('Đã gắn phản ánh vào tài khoản');
    expect(claimed.text).toContain(older.code);
    expect(claimed.text).not.toContain(other.code);
    // Someone else cannot claim it afterwards, even with the key.
    const c2 = new HttpClient(base);
    const acc2 = await signIn(c2, { id: '036066022222', name: 'Phạm Văn Dũng', loa: '1' });
    const steal = await c2.request('POST', '/tai-khoan/nhan-phan-anh', { _csrf: csrfOf(acc2.text), code: older.code, key: older.citizenKey });
    expect(steal.res.status).toBe(422);
    expect(steal.text).toContain('đã gắn với một tài khoản khác');

    const exp = await c.request('GET', '/tai-khoan/du-lieu.json');
    expect(exp.res.status).toBe(200);
    expect(exp.res.headers.get('content-disposition')).toContain('attachment');
    const data = JSON.parse(exp.text);
    expect(data.person).toMatchObject({ principalId, displayName: 'Lê Thị Cúc' });
    expect(data.feedbackItems.map((i: { code: string; linked: string }) => [i.code, i.linked]).sort()).toEqual([[mine.code, 'signed_in'], [older.code, 'claimed']].sort());
    expect(data.ratings).toEqual([expect.objectContaining({ score: 4 })]);
    expect(data.identities).toHaveLength(1);
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(data.activity.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['identity.signIn', 'identity.claimFeedback', 'identity.export']));
    expect(exp.text).not.toContain('036077011111');
    const audit = await t.database.pool.query("SELECT * FROM audit_log WHERE action = 'identity.export' AND actor_id = $1", [principalId]);
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0])).not.toContain('Lê Thị Cúc');
  });

  it('deletes on request (level 2, confirmed): principal, links and sessions go, contact details erased, audited', async () => {
    const c = new HttpClient(base);
    await signIn(c, { id: '036055033333', name: 'Hoàng Thị Én', loa: '2' });
    const principalId = (await sessionRow(c)).principal_id as string;
    const citizen: Actor = { kind: 'citizen', id: principalId, label: `citizen:${principalId}`, roles: [{ role: 'citizen', orgId: '' }] };
    const fb = app.deps.services.get(FeedbackToken);
    const item = await fb.submit(citizen, { kind: 'hoi-dap', title: 'Sẽ xóa tài khoản', body: 'Nội dung câu hỏi để kiểm tra việc xóa dữ liệu cá nhân.', channel: 'web', contactName: 'Hoàng Thị Én', contactEmail: 'en@example.com', contactPhone: '0912345678' });

    const confirm = await c.go('GET', '/tai-khoan/xoa');
    const unconfirmed = await c.request('POST', '/tai-khoan/xoa', { _csrf: csrfOf(confirm.text) });
    expect(unconfirmed.res.status).toBe(422);
    expect(unconfirmed.text).toContain('Đánh dấu ô xác nhận');
    const gone = await c.go('POST', '/tai-khoan/xoa', { _csrf: csrfOf(confirm.text), xac_nhan: 'co' });
    expect(gone.text).toContain('đã được xóa');
    const q = async (sql: string) => (await t.database.pool.query(sql, [principalId])).rows;
    expect(await q('SELECT 1 FROM principals WHERE id = $1')).toHaveLength(0);
    expect(await q('SELECT 1 FROM principal_identities WHERE principal_id = $1')).toHaveLength(0);
    expect(await q('SELECT 1 FROM owned_items WHERE principal_id = $1')).toHaveLength(0);
    expect(await q('SELECT 1 FROM sessions WHERE principal_id = $1')).toHaveLength(0);
    const row = (await t.database.pool.query('SELECT contact_name, contact_email, contact_phone, body FROM fb_items WHERE code = $1', [item.code])).rows[0];
    expect(row).toMatchObject({ contact_name: null, contact_email: null, contact_phone: null });
    expect(row.body).toContain('kiểm tra việc xóa');
    const audit = await q("SELECT * FROM audit_log WHERE action = 'identity.delete' AND actor_id = $1");
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ items: 1, contactDetailsErased: 1 });
    expect(JSON.stringify(await q('SELECT * FROM audit_log WHERE actor_id = $1'))).not.toContain('Hoàng Thị Én');
    expect((await c.request('GET', '/tai-khoan')).res.headers.get('location')).toContain('/dang-nhap/cong-dan');
  });

  it('RP-initiated logout ends both sessions; the provider asks again at the next sign-in', async () => {
    const c = new HttpClient(base);
    const account = await signIn(c, { id: ID_A, name: 'Nguyễn Thị Hoa', loa: '1' });
    const out = await c.request('POST', '/dang-xuat/cong-dan', { _csrf: csrfOf(account.text) });
    const end = new URL(out.res.headers.get('location')!);
    expect(end.pathname).toBe('/dev-oidc/session/end');
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/dang-xuat/cong-dan/xong`);
    expect(c.jar.has('dvc_sid')).toBe(false);
    const confirm = await c.go('GET', end.href);
    expect(confirm.text).toContain('Có, đăng xuất');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)![1]!;
    const home = await c.go('POST', /action="([^"]+)"/.exec(confirm.text)![1]!, { xsrf, logout: 'yes' });
    expect(new URL(home.url).pathname).toBe('/');
    expect(home.text).toContain('Bạn đã đăng xuất');
    expect((await c.request('GET', '/tai-khoan')).res.status).toBe(303);
    // The provider's session is gone too: a new sign-in shows its form again.
    expect((await c.go('GET', '/dang-nhap/cong-dan/bat-dau?muc=1&tiep=/tai-khoan')).url).toMatch(/\/dev-oidc\/interaction\//);
  });

  it('back-channel logout: signing out at the provider ends the dvc-hub session; forged tokens are refused', async () => {
    const c = new HttpClient(base);
    await signIn(c, { id: ID_B, name: 'Trần Văn Bình', loa: '1' });
    expect((await c.request('GET', '/tai-khoan')).res.status).toBe(200);
    // The citizen signs out at the portal directly (another tab): dvc-hub is told server to server.
    const confirm = await c.go('GET', `/dev-oidc/session/end?client_id=${t.config.oidc.clientId}`);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)![1]!;
    await c.go('POST', /action="([^"]+)"/.exec(confirm.text)![1]!, { xsrf, logout: 'yes' });
    let status = 200;
    for (let i = 0; i < 20 && status === 200; i++) {
      status = (await c.request('GET', '/tai-khoan')).res.status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(303);
    expect(await sessionRow(c)).toBeUndefined();
    // An unsigned or foreign token does nothing.
    const forged = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: `${base}/dev-oidc`, aud: 'dvc-hub', sid: 'x', events: { 'http://schemas.openid.net/event/backchannel-logout': {} } })).toString('base64url')}.`;
    const res = await fetch(`${base}/dang-nhap/cong-dan/backchannel-logout`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `logout_token=${forged}` });
    expect(res.status).toBe(400);
  });

  it('refuses the development provider in production, and does not mount it when an issuer is configured', async () => {
    const env = testEnv(t.config.dataDir, undefined, { NODE_ENV: 'production', PERSON_KEY_SALT: 'x'.repeat(40) });
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/development OIDC provider \(\/dev-oidc\) is refused/);
    // Even a hand-built production config cannot start it.
    const prodConfig = { ...t.config, production: true };
    await expect(buildApp({ config: prodConfig, database: t.database, logger: false })).rejects.toThrow(DevProviderRefusedError);
    // A real issuer configured: no /dev-oidc at all.
    const withIssuer = loadConfig(testEnv(t.config.dataDir, undefined, { OIDC_ISSUER: 'https://sso.example.gov.vn', OIDC_CLIENT_SECRET: 'secret-from-the-portal' }));
    const other = await buildApp({ config: withIssuer, database: t.database, logger: false });
    await other.ready();
    expect((await other.inject({ url: '/dev-oidc/.well-known/openid-configuration' })).statusCode).toBe(404);
    await other.close();
  });
});

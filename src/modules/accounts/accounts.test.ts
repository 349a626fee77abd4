import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { buildTestApp, anonymousVisitor, mergeCookies, csrfFrom, sessionFor, DEMO, FORM, form, type TestApp } from '../../test/helpers.ts';
import { startSmtp } from '../../test/smtp.ts';

async function login(t: TestApp, email: string, password: string) {
  const v = await anonymousVisitor(t.app);
  const res = await t.app.inject({ method: 'POST', url: '/dang-nhap', headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, email, password }) });
  return { res, cookie: mergeCookies(v.cookie, res) };
}

describe('staff sign-in', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await buildTestApp({ SMTP_URL: smtp.url, LOGIN_MAX_ATTEMPTS: '3' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('wrong password → 401 with an error summary; right password → server-side session cookie', async () => {
    const wrong = await login(t, DEMO.coordinator, 'sai-mat-khau-roi');
    expect(wrong.res.statusCode).toBe(401);
    expect(wrong.res.body).toContain('Email hoặc mật khẩu không đúng');
    expect(wrong.res.body).toContain(`value="${DEMO.coordinator}"`);
    const ok = await login(t, DEMO.coordinator, DEMO.password);
    expect(ok.res.statusCode).toBe(303);
    expect(ok.res.headers.location).toBe('/quan-tri');
    const sid = ok.res.cookies.find((c) => c.name === 'dvc_sid')!;
    expect(sid.httpOnly).toBe(true);
    expect(sid.sameSite).toBe('Lax');
    const home = await t.app.inject({ url: '/quan-tri', headers: { cookie: ok.cookie } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Nguyễn Thị Điều Phối');
    // The cookie holds a random token; the database only its hash.
    const rows = await t.database.db.selectFrom('sessions').select('id').execute();
    expect(rows.map((r) => r.id)).not.toContain(sid.value);
  });

  it('unknown email gets the same answer as a wrong password', async () => {
    const res = (await login(t, 'khong-ton-tai@demo.dvc-hub.vn', 'whatever-password')).res;
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Email hoặc mật khẩu không đúng');
  });

  it('throttles the client after repeated failures with a clear message, even for the right password; other clients are unaffected', async () => {
    for (let i = 0; i < 2; i++) expect((await login(t, DEMO.viewer, 'wrong-password-x')).res.statusCode).toBe(401);
    const locked = await login(t, DEMO.viewer, 'wrong-password-x');
    expect(locked.res.statusCode).toBe(429);
    expect(locked.res.body).toContain('Đã nhập sai nhiều lần từ thiết bị này');
    expect((await login(t, DEMO.viewer, DEMO.password)).res.statusCode).toBe(429);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.throttled').execute();
    expect(audit.length).toBe(1);
    // the owner is told by e-mail
    expect(await t.app.deps.mailer.deliverPending()).toBe(1);
    expect(smtp.messages.at(-1)!.subject).toContain('đăng nhập sai');
    await t.database.db.deleteFrom('login_throttle' as never).execute();
  });

  it('requires administrators to enrol TOTP, then asks for the code at every sign-in', async () => {
    const first = await login(t, DEMO.admin, DEMO.password);
    expect(first.res.headers.location).toBe('/dang-nhap/bat-xac-thuc');
    // Not signed in yet: staff pages still redirect.
    expect((await t.app.inject({ url: '/quan-tri', headers: { cookie: first.cookie } })).statusCode).toBe(303);
    const page = await t.app.inject({ url: '/dang-nhap/bat-xac-thuc', headers: { cookie: first.cookie } });
    const secret = /<code>([A-Z2-7]+)<\/code>/.exec(page.body)![1]!;
    expect(page.body).toContain('<svg');
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    const bad = await t.app.inject({ method: 'POST', url: '/dang-nhap/bat-xac-thuc', headers: { ...FORM, cookie: first.cookie }, payload: form({ _csrf: csrfFrom(page.body), code: '000000' }) });
    expect(bad.statusCode).toBe(422);
    const ok = await t.app.inject({ method: 'POST', url: '/dang-nhap/bat-xac-thuc', headers: { ...FORM, cookie: first.cookie }, payload: form({ _csrf: csrfFrom(page.body), code: totp.generate() }) });
    expect(ok.statusCode).toBe(303);
    const cookie = mergeCookies(first.cookie, ok);
    expect((await t.app.inject({ url: '/quan-tri/nhat-ky', headers: { cookie } })).statusCode).toBe(200);

    const again = await login(t, DEMO.admin, DEMO.password);
    expect(again.res.headers.location).toBe('/dang-nhap/xac-thuc');
    const mfa = await t.app.inject({ url: '/dang-nhap/xac-thuc', headers: { cookie: again.cookie } });
    // the enrolment code is spent (no replay): the next one is accepted
    const done = await t.app.inject({ method: 'POST', url: '/dang-nhap/xac-thuc', headers: { ...FORM, cookie: again.cookie }, payload: form({ _csrf: csrfFrom(mfa.body), code: totp.generate({ timestamp: Date.now() + 30_000 }) }) });
    expect(done.headers.location).toBe('/quan-tri');
  });

  it('resets a password through a one-time emailed link (real SMTP)', async () => {
    const v = await anonymousVisitor(t.app, '/quen-mat-khau');
    const res = await t.app.inject({ method: 'POST', url: '/quen-mat-khau', headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, email: DEMO.officerStp }) });
    expect(res.statusCode).toBe(200);
    expect(await t.app.deps.mailer.deliverPending()).toBe(1);
    expect(await t.app.deps.mailer.deliverPending()).toBe(0); // sent once, never twice
    const mail = smtp.messages.at(-1)!;
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(DEMO.officerStp);
    const link = /\/dat-lai-mat-khau\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')!;
    // The e-mail was made by the accounts.passwordResetMail event handler; the outbox holds the user, never the token.
    const ev = await t.database.pool.query(`SELECT e.payload, e.command, d.status FROM events e JOIN event_deliveries d ON d.event_id = e.id WHERE e.type = 'accounts.password.resetRequested' AND d.handler = 'accounts.passwordResetMail'`);
    expect(ev.rows).toHaveLength(1);
    expect(ev.rows[0]).toMatchObject({ command: 'accounts.password.requestReset', status: 'done' });
    expect(Object.keys(ev.rows[0].payload)).toEqual(['userId']);
    expect(JSON.stringify(ev.rows[0].payload)).not.toContain(link[1]!);
    const page = await t.app.inject({ url: link[0], headers: { cookie: v.cookie } });
    expect(page.body).toContain('Đặt mật khẩu mới');
    const short = await t.app.inject({ method: 'POST', url: link[0], headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, password: 'ngan', confirm: 'ngan' }) });
    expect(short.statusCode).toBe(422);
    const set = await t.app.inject({ method: 'POST', url: link[0], headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, password: 'mat-khau-moi-rat-dai', confirm: 'mat-khau-moi-rat-dai' }) });
    expect(set.statusCode).toBe(303);
    expect((await login(t, DEMO.officerStp, 'mat-khau-moi-rat-dai')).res.statusCode).toBe(303);
    const reuse = await t.app.inject({ method: 'POST', url: link[0], headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, password: 'mot-mat-khau-khac-nua', confirm: 'mot-mat-khau-khac-nua' }) });
    expect(reuse.statusCode).toBe(422);
  });

  it('does not reveal whether an email has an account', async () => {
    const v = await anonymousVisitor(t.app, '/quen-mat-khau');
    const res = await t.app.inject({ method: 'POST', url: '/quen-mat-khau', headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, email: 'nobody@example.vn' }) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Nếu email có tài khoản');
    expect(await t.app.deps.mailer.deliverPending()).toBe(0);
  });
});

describe('staff administration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('admins create accounts with a role in an organisation; others are refused', async () => {
    const admin = await sessionFor(t.database, DEMO.admin);
    const page = await t.app.inject({ url: '/quan-tri/tai-khoan', headers: { cookie: admin.cookie } });
    const orgIdMatch = /<option value="([0-9a-f-]{36})"[^>]*>Sở Tư pháp<\/option>/.exec(page.body)!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/quan-tri/tai-khoan',
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({ _csrf: admin.csrf, fullName: 'Cán bộ Mới', email: 'moi@demo.dvc-hub.vn', role: 'agency_officer', orgId: orgIdMatch[1]!, password: 'mat-khau-du-dai-12' }),
    });
    expect(res.statusCode).toBe(303);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'accounts.createUser').execute();
    expect(audit).toHaveLength(1);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/quan-tri/tai-khoan',
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({ _csrf: admin.csrf, fullName: 'Trùng', email: 'MOI@demo.dvc-hub.vn', role: 'viewer', orgId: orgIdMatch[1]!, password: 'mat-khau-du-dai-12' }),
    });
    expect(dup.statusCode).toBe(422);
    expect(dup.body).toContain('Email này đã có tài khoản');
    const coordinator = await sessionFor(t.database, DEMO.coordinator);
    expect((await t.app.inject({ url: '/quan-tri/tai-khoan', headers: { cookie: coordinator.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/quan-tri/nhat-ky', headers: { cookie: coordinator.cookie } })).statusCode).toBe(403);
  });

  it('API tokens are shown once, stored hashed, scoped and revocable', async () => {
    const admin = await sessionFor(t.database, DEMO.admin);
    const res = await t.app.inject({
      method: 'POST',
      url: '/quan-tri/khoa-api',
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({ _csrf: admin.csrf, name: 'Tổng đài 1022', 'scope-feedback:write': 'feedback:write', expiresDays: '30' }),
    });
    expect(res.statusCode).toBe(201);
    const token = /(dvc_[A-Za-z0-9]{8}_[A-Za-z0-9_-]+)/.exec(res.body)![1]!;
    const stored = await t.database.db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.split('_')[2]!);
    expect(stored.scopes).toEqual(['feedback:write']);
    // A valid bearer token authenticates (no CSRF needed); a forged one is a 401.
    expect((await t.app.inject({ url: '/api/v1/organisations', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/organisations', headers: { authorization: `Bearer ${token.slice(0, -2)}xx` } })).statusCode).toBe(401);
    await t.app.inject({ method: 'POST', url: `/quan-tri/khoa-api/${stored.id}/thu-hoi`, headers: { ...FORM, cookie: admin.cookie }, payload: form({ _csrf: admin.csrf }) });
    expect((await t.app.inject({ url: '/api/v1/organisations', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('the audit page filters by action and date', async () => {
    const admin = await sessionFor(t.database, DEMO.admin);
    const res = await t.app.inject({ url: '/quan-tri/nhat-ky?action=accounts.&from=01/01/2020', headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('accounts.createToken');
    expect(res.body).not.toContain('organisations.rename');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { buildTestApp, anonymousVisitor, mergeCookies, csrfFrom, sessionFor, DEMO, FORM, form, type TestApp } from '../../test/helpers.ts';
import { startSmtp } from '../../test/smtp.ts';
import { delayMinutes } from './signin-throttle.ts';
import { sha256 } from '../../platform/auth/tokens.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

describe('sign-in hardening', () => {
  let t: TestApp;
  let smtp: Smtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await buildTestApp({ SMTP_URL: smtp.url, LOGIN_MAX_ATTEMPTS: '5', LOGIN_LOCK_MINUTES: '15' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(async () => {
    await t.database.db.deleteFrom('login_throttle' as never).execute();
    await t.app.deps.mailer.deliverPending();
    smtp.messages.length = 0;
  });

  /** A sign-in from a given address, optionally carrying earlier cookies (e.g. the device cookie). */
  async function login(email: string, password: string, ip: string, cookie = '') {
    const page = await t.app.inject({ url: '/dang-nhap', headers: cookie ? { cookie } : {}, remoteAddress: ip });
    const jar = mergeCookies(cookie, page);
    const res = await t.app.inject({ method: 'POST', url: '/dang-nhap', headers: { ...FORM, cookie: jar }, payload: form({ _csrf: csrfFrom(page.body), email, password }), remoteAddress: ip });
    return { res, cookie: mergeCookies(jar, res) };
  }
  const strip = (html: string, email: string) => html.replaceAll(email, 'EMAIL').replace(/\d{2}:\d{2}(:\d{2})? \d{2}\/\d{2}\/\d{4}|\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}(:\d{2})?/g, 'TIME').replace(/value="[A-Za-z0-9_-]{20,}"/g, 'value="TOKEN"');

  describe('password lockout', () => {
    it('answers an unknown account exactly like a known one, failure for failure (no enumeration)', async () => {
      const known: Array<{ status: number; body: string }> = [];
      const unknown: Array<{ status: number; body: string }> = [];
      for (let i = 0; i < 7; i++) {
        const a = (await login(DEMO.viewer, 'sai-mat-khau-' + i, '100.70.0.1')).res;
        const b = (await login('khong-co-ai@demo.dvc-hub.vn', 'sai-mat-khau-' + i, '100.70.0.1')).res;
        known.push({ status: a.statusCode, body: strip(a.body, DEMO.viewer) });
        unknown.push({ status: b.statusCode, body: strip(b.body, 'khong-co-ai@demo.dvc-hub.vn') });
      }
      expect(known.map((k) => k.status)).toEqual([401, 401, 401, 401, 429, 429, 429]);
      expect(unknown.map((k) => k.status)).toEqual(known.map((k) => k.status));
      for (let i = 0; i < known.length; i++) expect(unknown[i]!.body).toBe(known[i]!.body);
      expect(known[4]!.body).toContain('Đã nhập sai nhiều lần từ thiết bị này');
      expect(known[4]!.body).not.toMatch(/tài khoản (đã|bị) khóa|không tồn tại/i);
    });

    it('five requests from an attacker cannot lock an administrator out, whatever address the admin uses', async () => {
      // The administrator signed in from this browser before: it carries a device cookie for the account.
      const earlier = await login(DEMO.admin, DEMO.password, '100.70.1.1');
      expect(earlier.res.statusCode).toBe(303);
      const device = earlier.cookie.split('; ').filter((c) => c.startsWith('dvc_dev=')).join('; ');
      expect(device).toMatch(/^dvc_dev=/);
      // The attacker shares the admin's carrier-NAT address and fails 6 times (the address's own limit of 10
      // sign-in posts a minute is a separate, short guard and is not what is tested here).
      for (let i = 0; i < 6; i++) await login(DEMO.admin, 'doan-mo-' + i, '100.70.1.1');
      expect((await login(DEMO.admin, DEMO.password, '100.70.1.1')).res.statusCode).toBe(429);
      // The admin's own browser (same address) still signs in, and so does any other address.
      const own = await login(DEMO.admin, DEMO.password, '100.70.1.1', device);
      expect(own.res.statusCode).toBe(303);
      expect(own.res.headers.location).toMatch(/^\/dang-nhap\/(xac-thuc|bat-xac-thuc)$/);
      expect((await login(DEMO.admin, DEMO.password, '100.70.1.2')).res.statusCode).toBe(303);
      // A forged device cookie counts as no device.
      expect((await login(DEMO.admin, DEMO.password, '100.70.1.1', 'dvc_dev=abcdefghijklmnopqrstuv.forged')).res.statusCode).toBe(429);
      const row = await t.database.db.selectFrom('users').select(['locked_until']).where('email', '=', DEMO.admin).executeTakeFirstOrThrow();
      expect(row.locked_until).toBeNull();
    });

    it('makes a throttled client wait longer and longer (1, 2, 4 … minutes, capped)', async () => {
      expect([4, 5, 6, 7, 8, 9, 30].map((f) => delayMinutes(f, 5, 15))).toEqual([0, 1, 2, 4, 8, 15, 15]);
      const waitOf = async () => {
        const r = await t.database.db.selectFrom('login_throttle' as never).select(['blocked_until' as never]).executeTakeFirstOrThrow();
        return Math.round(((r as { blocked_until: Date }).blocked_until.getTime() - Date.now()) / 60_000);
      };
      for (let i = 0; i < 5; i++) await login(DEMO.officerStp, 'sai-' + i, '100.70.2.1');
      expect(await waitOf()).toBe(1);
      // the wait is over; the next failure doubles it
      await t.database.db.updateTable('login_throttle' as never).set({ blocked_until: new Date(Date.now() - 1000) } as never).execute();
      expect((await login(DEMO.officerStp, 'sai-lan-nua', '100.70.2.1')).res.statusCode).toBe(429);
      expect(await waitOf()).toBe(2);
      await t.database.db.updateTable('login_throttle' as never).set({ blocked_until: new Date(Date.now() - 1000) } as never).execute();
      await login(DEMO.officerStp, 'sai-lan-nua-2', '100.70.2.1');
      expect(await waitOf()).toBe(4);
      const res = (await login(DEMO.officerStp, 'sai-lan-nua-3', '100.70.2.1')).res;
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(200);
    });

    it('tells the owner by e-mail (real SMTP) once per throttling episode, and nobody for an unknown account', async () => {
      for (let i = 0; i < 7; i++) await login(DEMO.officerSkhcn, 'sai-' + i, '100.70.3.1');
      for (let i = 0; i < 7; i++) await login('khong-co-ai-2@demo.dvc-hub.vn', 'sai-' + i, '100.70.3.1');
      expect(await t.app.deps.mailer.deliverPending()).toBe(1);
      const mail = smtp.messages.at(-1)!;
      expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(DEMO.officerSkhcn);
      expect(mail.subject).toContain('đăng nhập sai');
      expect(mail.text).toContain('100.70.3.1');
      expect(mail.text).toContain('Quên mật khẩu');
    });

    it('a successful sign-in clears that client\'s failures', async () => {
      for (let i = 0; i < 4; i++) await login(DEMO.editor, 'sai-' + i, '100.70.4.1');
      expect((await login(DEMO.editor, DEMO.password, '100.70.4.1')).res.statusCode).toBe(303);
      for (let i = 0; i < 4; i++) expect((await login(DEMO.editor, 'sai-b-' + i, '100.70.4.1')).res.statusCode).toBe(401);
    });
  });

  describe('TOTP second factor', () => {
    const secret = new Secret({ size: 20 });
    const totp = new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' });
    beforeAll(async () => {
      await t.database.db.updateTable('users').set({ totp_secret: secret.base32, totp_enabled: true, totp_last_step: null }).where('email', '=', DEMO.headSkhcn).execute();
    });
    beforeEach(async () => {
      await t.database.db.updateTable('users').set({ totp_failures: 0, totp_blocked_until: null }).where('email', '=', DEMO.headSkhcn).execute();
    });

    async function pending(ip = '100.71.0.1') {
      const l = await login(DEMO.headSkhcn, DEMO.password, ip);
      expect(l.res.headers.location).toBe('/dang-nhap/xac-thuc');
      return l.cookie;
    }
    // every post from its own address: the per-address limit of sign-in posts is not what is tested here
    let n = 0;
    async function code(cookie: string, value: string) {
      const page = await t.app.inject({ url: '/dang-nhap/xac-thuc', headers: { cookie } });
      if (page.statusCode !== 200) return page;
      return t.app.inject({ method: 'POST', url: '/dang-nhap/xac-thuc', headers: { ...FORM, cookie }, payload: form({ _csrf: csrfFrom(page.body), code: value }), remoteAddress: `100.73.0.${++n}` });
    }
    const wrong = (c: string) => (c === '000000' ? '111111' : '000000');

    it('a used code cannot be replayed, not even in a parallel sign-in', async () => {
      const now = totp.generate({ timestamp: Date.now() + 30_000 });
      const [a, b] = [await pending(), await pending()];
      const results = await Promise.all([code(a, now), code(b, now)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([303, 422]);
      const refused = results.find((r) => r.statusCode === 422)!;
      expect(refused.body).toContain('Mã này đã được dùng');
      // once used, also not in a later sign-in; the next code works
      const c = await pending();
      expect((await code(c, now)).statusCode).toBe(422);
      expect(await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.totp_replayed').execute()).not.toHaveLength(0);
    });

    it('counts failures per pending sign-in: the 5th wrong code ends it and the password is asked again', async () => {
      const c = await pending();
      const good = totp.generate();
      for (let i = 0; i < 4; i++) expect((await code(c, wrong(good))).statusCode).toBe(422);
      const fifth = await code(c, wrong(good));
      expect(fifth.statusCode).toBe(303);
      expect(fifth.headers.location).toBe('/dang-nhap?da=mfaRestart');
      // the pending session is gone: even a right code now leads back to the password
      const after = await t.app.inject({ url: '/dang-nhap/xac-thuc', headers: { cookie: mergeCookies(c, fifth) } });
      expect(after.headers.location).toBe('/dang-nhap');
      const restart = await t.app.inject({ url: '/dang-nhap?da=mfaRestart' });
      expect(restart.body).toContain('đăng nhập lại từ đầu');
    });

    it('counts failures per account across pending sign-ins: the 10th pauses the second factor and mails the owner', async () => {
      const good = totp.generate();
      const first = await pending('100.71.1.1');
      for (let i = 0; i < 5; i++) await code(first, wrong(good));
      const second = await pending('100.71.1.2');
      for (let i = 0; i < 4; i++) expect((await code(second, wrong(good))).statusCode).toBe(422);
      const tenth = await code(second, wrong(good));
      expect(tenth.statusCode).toBe(429);
      expect(tenth.body).toContain('tạm dừng');
      const third = await pending('100.71.1.3');
      const blocked = await code(third, good);
      expect(blocked.statusCode).toBe(429);
      expect(await t.app.deps.mailer.deliverPending()).toBe(1);
      expect(smtp.messages.at(-1)!.subject).toContain('mã xác thực sai');
    });
  });

  describe('password reset links', () => {
    async function requestLink(email: string) {
      const v = await anonymousVisitor(t.app, '/quen-mat-khau');
      await t.app.inject({ method: 'POST', url: '/quen-mat-khau', headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, email }) });
      await t.app.deps.mailer.deliverPending();
      return /\/dat-lai-mat-khau\/([A-Za-z0-9_-]+)/.exec(smtp.messages.at(-1)!.text ?? '')![0];
    }
    async function use(link: string, password: string) {
      const v = await anonymousVisitor(t.app, '/quen-mat-khau');
      return t.app.inject({ method: 'POST', url: link, headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, password, confirm: password }) });
    }

    it('a new link revokes the older ones', async () => {
      const older = await requestLink(DEMO.collaborator);
      const newer = await requestLink(DEMO.collaborator);
      expect(older).not.toBe(newer);
      expect((await t.app.inject({ url: older })).body).toContain('không hợp lệ hoặc đã hết hạn');
      expect((await use(older, 'mat-khau-moi-so-mot')).statusCode).toBe(422);
      expect((await use(newer, 'mat-khau-moi-so-hai')).statusCode).toBe(303);
      expect((await login(DEMO.collaborator, 'mat-khau-moi-so-hai', '100.72.0.1')).res.statusCode).toBe(303);
    });

    it('using one link revokes every other outstanding link of the account', async () => {
      const link = await requestLink(DEMO.editorStp);
      // a second live token (e.g. issued by an older version, or a race) for the same account
      const other = 'x'.repeat(43);
      const user = await t.database.db.selectFrom('users').select('id').where('email', '=', DEMO.editorStp).executeTakeFirstOrThrow();
      await t.database.db.insertInto('password_resets').values({ token_hash: sha256(other), user_id: user.id, expires_at: new Date(Date.now() + 600_000) }).execute();
      expect((await use(link, 'mat-khau-moi-so-ba')).statusCode).toBe(303);
      expect((await use(`/dat-lai-mat-khau/${other}`, 'mat-khau-moi-so-bon')).statusCode).toBe(422);
    });
  });

  it('sign-out is audited', async () => {
    const s = await sessionFor(t.database, DEMO.coordinator);
    const res = await t.app.inject({ method: 'POST', url: '/dang-xuat', headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf }) });
    expect(res.statusCode).toBe(303);
    const rows = await t.database.db.selectFrom('audit_log').select(['action', 'actor_id', 'actor_label']).where('action', '=', 'auth.logout').execute();
    expect(rows).toEqual([{ action: 'auth.logout', actor_id: s.userId, actor_label: DEMO.coordinator }]);
    expect((await t.app.inject({ url: '/quan-tri', headers: { cookie: s.cookie } })).statusCode).toBe(303);
  });
});

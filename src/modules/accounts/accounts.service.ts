import { Secret, TOTP } from 'otpauth';
import type { Db } from '../../platform/db/database.ts';
import type { Config } from '../../platform/config/config.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { runCommand, insertAudit } from '../../platform/audit/command.ts';
import { SYSTEM_ACTOR, isGrantableRole, requirePermission, type Actor, type Role } from '../../platform/auth/permissions.ts';
import { burnPasswordTime, hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from '../../platform/auth/passwords.ts';
import { generateApiToken } from '../../platform/auth/api-tokens.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { formatDateTime } from '../../platform/i18n/i18n.ts';
import * as repo from './accounts.repo.ts';
import * as throttle from './signin-throttle.ts';

export type LoginResult =
  | { status: 'ok' | 'mfa' | 'enroll'; userId: string }
  | { status: 'invalid' }
  | { status: 'throttled'; until: Date };

/** Second-factor outcome: 'restart' = too many wrong codes in this pending sign-in, start again with the password. */
export type TotpResult = 'ok' | 'invalid' | 'replayed' | 'restart' | 'blocked';

/** Wrong codes allowed in one pending sign-in, and per account before the second factor is paused. */
export const TOTP_PENDING_MAX = 5;
export const TOTP_ACCOUNT_MAX = 10;

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
export const API_SCOPES = ['feedback:write', 'feedback:read', 'content:read', 'plans:read', 'kpis:write'] as const;

function totpFor(secret: string, email: string) {
  return new TOTP({ issuer: 'dvc-hub', label: email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export type AccountsService = ReturnType<typeof createAccountsService>;

export function createAccountsService(db: Db, config: Config, mailer: Mailer) {
  const isAdmin = async (userId: string) =>
    Boolean(await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).where('role', '=', 'admin').executeTakeFirst());

  return {
    /** Active staff holding one of `roles` in an organisation: whom other modules address escalations to. */
    staffWithRoles(orgId: string, roles: string[]): Promise<Array<{ id: string; email: string; name: string }>> {
      return repo.staffWithRoles(db, orgId, roles);
    },

    /**
     * Password step. Unknown e-mail, disabled account and wrong password get the same answer and the same work;
     * failures are throttled per (account typed, client) with growing delays, never per account alone (see
     * signin-throttle.ts), and the owner is told by e-mail when a client gets throttled.
     */
    async login(email: string, password: string, meta: { ip: string; requestId: string; deviceCookie?: string }): Promise<LoginResult> {
      const user = await repo.findUserByEmail(db, email.trim());
      const actor: Actor = { kind: 'anonymous', id: null, label: email.slice(0, 200), roles: [], ip: meta.ip, requestId: meta.requestId };
      const account = throttle.accountKey(email);
      const client = throttle.clientKey(config.sessionSecret, user?.id, meta.deviceCookie, meta.ip);
      const waiting = await throttle.blockedUntil(db, account, client);
      if (waiting) {
        // While throttled the password is not even checked (the right one would otherwise be confirmed).
        await burnPasswordTime(password);
        return { status: 'throttled', until: waiting };
      }
      const active = user && user.status === 'active';
      const passwordOk = active ? await verifyPassword(user.password_hash, password) : (await burnPasswordTime(password), false);
      if (!active || !passwordOk) {
        const { failures, until } = await throttle.recordFailure(db, account, client, config.loginMaxAttempts, config.loginLockMinutes);
        if (user) {
          await db.transaction().execute(async (tx) => {
            await insertAudit(tx, actor, until ? 'auth.throttled' : 'auth.login_failed', { entityType: 'user', entityId: user.id, after: { client: client.startsWith('ip:') ? 'address' : 'device', failures } });
            // Tell the owner once per throttling episode (the failure that first reaches the limit).
            if (until && failures === config.loginMaxAttempts && active) {
              await mailer.enqueue(tx, {
                to: user.email,
                subject: 'Cảnh báo: nhiều lần đăng nhập sai vào tài khoản dvc-hub',
                text:
                  `Xin chào ${user.full_name},\n\nCó ${failures} lần đăng nhập sai mật khẩu liên tiếp vào tài khoản ${user.email} ` +
                  `từ địa chỉ ${meta.ip} (lần gần nhất lúc ${formatDateTime(new Date())}).\n` +
                  `Đăng nhập từ thiết bị đó tạm dừng đến ${formatDateTime(until)}, thời gian chờ tăng dần nếu tiếp tục sai. ` +
                  `Bạn vẫn đăng nhập được bình thường từ thiết bị quen thuộc của mình.\n\n` +
                  `Nếu không phải bạn, hãy đổi mật khẩu ngay (chức năng "Quên mật khẩu") và báo quản trị hệ thống.\n`,
              });
            }
          });
        }
        return until ? { status: 'throttled', until } : { status: 'invalid' };
      }
      await throttle.clearFailures(db, account, client);
      await repo.recordSuccessfulLogin(db, user.id);
      await insertAudit(db, { ...actor, kind: 'user', id: user.id, label: user.email }, 'auth.login', { entityType: 'user', entityId: user.id });
      if (user.totp_enabled) return { status: 'mfa', userId: user.id };
      if (await isAdmin(user.id)) return { status: 'enroll', userId: user.id };
      return { status: 'ok', userId: user.id };
    },

    /** A device cookie for a browser that just passed the password step of this account. */
    deviceCookie: (userId: string) => throttle.newDeviceCookie(config.sessionSecret, userId),

    /**
     * Second factor. Counted per pending sign-in (`pendingFailures`, kept in the session by the caller: after
     * TOTP_PENDING_MAX the sign-in starts again) and per account (after TOTP_ACCOUNT_MAX the second factor is
     * paused and the owner told by e-mail). A code is accepted once: its time step must be later than the last.
     */
    async verifyTotp(userId: string, code: string, pendingFailures: number, meta: { ip: string; requestId: string } = { ip: '', requestId: '' }): Promise<TotpResult> {
      const user = await repo.findUserById(db, userId);
      if (!user?.totp_secret) return 'restart';
      if (pendingFailures >= TOTP_PENDING_MAX) return 'restart';
      if (user.totp_blocked_until && user.totp_blocked_until > new Date()) return 'blocked';
      const actor: Actor = { kind: 'user', id: user.id, label: user.email, roles: [], ip: meta.ip, requestId: meta.requestId };
      const delta = /^\d{6}$/.test(code) ? totpFor(user.totp_secret, user.email).validate({ token: code, window: 1 }) : null;
      if (delta !== null) {
        const step = Math.floor(Date.now() / 30_000) + delta;
        // Atomic: two requests racing with the same code cannot both win.
        const claimed = await db
          .updateTable('users')
          .set({ totp_last_step: step, totp_failures: 0 })
          .where('id', '=', user.id)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
          .returning('id')
          .executeTakeFirst();
        if (claimed) return 'ok';
      }
      const row = await db.updateTable('users').set((eb) => ({ totp_failures: eb('totp_failures', '+', 1) })).where('id', '=', user.id).returning('totp_failures').executeTakeFirstOrThrow();
      if (row.totp_failures >= TOTP_ACCOUNT_MAX) {
        const until = new Date(Date.now() + config.loginLockMinutes * 60_000);
        await db.transaction().execute(async (tx) => {
          await tx.updateTable('users').set({ totp_blocked_until: until, totp_failures: 0 }).where('id', '=', user.id).execute();
          await insertAudit(tx, actor, 'auth.totp_blocked', { entityType: 'user', entityId: user.id, after: { until: until.toISOString() } });
          await mailer.enqueue(tx, {
            to: user.email,
            subject: 'Cảnh báo: nhiều mã xác thực sai cho tài khoản dvc-hub',
            text:
              `Xin chào ${user.full_name},\n\nCó ${TOTP_ACCOUNT_MAX} mã xác thực hai lớp sai liên tiếp cho tài khoản ${user.email} ` +
              `(lần gần nhất từ địa chỉ ${meta.ip || 'không rõ'}). Ai đó có thể đã biết mật khẩu của bạn.\n` +
              `Bước xác thực hai lớp tạm dừng đến ${formatDateTime(until)}. Hãy đổi mật khẩu ngay và báo quản trị hệ thống.\n`,
          });
        });
        return 'blocked';
      }
      await insertAudit(db, actor, delta !== null ? 'auth.totp_replayed' : 'auth.totp_failed', { entityType: 'user', entityId: user.id });
      return delta !== null ? 'replayed' : 'invalid';
    },

    newTotpSecret(): string {
      return new Secret({ size: 20 }).base32;
    },

    totpUri(secret: string, email: string): string {
      return totpFor(secret, email).toString();
    },

    /** Confirm enrolment: the code must match the secret shown, then it is stored and required from now on. */
    async enableTotp(userId: string, secret: string, code: string): Promise<boolean> {
      const user = await repo.findUserById(db, userId);
      if (!user || !/^\d{6}$/.test(code)) return false;
      const delta = totpFor(secret, user.email).validate({ token: code, window: 1 });
      if (delta === null) return false;
      await db.transaction().execute(async (tx) => {
        // The enrolment code counts as used: it cannot be replayed at the next sign-in.
        const step = Math.floor(Date.now() / 30_000) + delta;
        await tx.updateTable('users').set({ totp_secret: secret, totp_enabled: true, totp_last_step: step, totp_failures: 0, updated_at: new Date() }).where('id', '=', userId).execute();
        await insertAudit(tx, { kind: 'user', id: userId, label: user.email, roles: [] }, 'auth.totp_enabled', { entityType: 'user', entityId: userId });
      });
      return true;
    },

    /** Always behaves the same whether or not the email exists (no account enumeration). */
    async requestPasswordReset(email: string): Promise<void> {
      const user = await repo.findUserByEmail(db, email.trim());
      if (!user || user.status !== 'active') return;
      // The anonymous request is recorded by the system on the account's behalf; the link and the e-mail are made by
      // the accounts.passwordResetMail handler once this commits (accounts.handlers.ts).
      await runCommand(db, { ...SYSTEM_ACTOR, label: 'password-reset' }, 'accounts.password.requestReset', async ({ authorize, audit, emit }) => {
        authorize('accounts.manage');
        await audit({ entityType: 'user', entityId: user.id });
        await emit('accounts.password.resetRequested', { userId: user.id });
      });
    },

    async checkResetToken(token: string): Promise<boolean> {
      if (!/^[A-Za-z0-9_-]{20,80}$/.test(token)) return false;
      const row = await db.selectFrom('password_resets').select(['expires_at', 'used_at']).where('token_hash', '=', sha256(token)).executeTakeFirst();
      return Boolean(row && !row.used_at && row.expires_at > new Date());
    },

    async resetPassword(token: string, password: string, confirm: string): Promise<void> {
      if (password.length < PASSWORD_MIN_LENGTH) throw new ValidationError({ password: 'accounts.errors.passwordShort' });
      if (password !== confirm) throw new ValidationError({ confirm: 'accounts.errors.passwordMismatch' });
      const hash = await hashPassword(password);
      await db.transaction().execute(async (tx) => {
        // Claim the token atomically: a second use in parallel finds nothing to update.
        const row = await tx
          .updateTable('password_resets')
          .set({ used_at: new Date() })
          .where('token_hash', '=', sha256(token))
          .where('used_at', 'is', null)
          .where('expires_at', '>', new Date())
          .returning('user_id')
          .executeTakeFirst();
        if (!row) throw new ValidationError({ password: 'accounts.errors.resetExpired' });
        // Using one link revokes all others of the account.
        await tx.updateTable('password_resets').set({ used_at: new Date() }).where('user_id', '=', row.user_id).where('used_at', 'is', null).execute();
        await tx.updateTable('users').set({ password_hash: hash, failed_logins: 0, locked_until: null, updated_at: new Date() }).where('id', '=', row.user_id).execute();
        await tx.deleteFrom('sessions').where('user_id', '=', row.user_id).execute();
        // Whoever holds the mailbox may sign in again at once from any client.
        const owner = await repo.findUserById(tx, row.user_id);
        if (owner) await throttle.clearFailures(tx, throttle.accountKey(owner.email));
        await insertAudit(tx, { ...SYSTEM_ACTOR, label: 'password-reset' }, 'auth.password_reset', { entityType: 'user', entityId: row.user_id });
      });
    },

    async listUsers(actor: Actor, q: string | undefined, page: number) {
      requirePermission(actor, 'accounts.manage');
      const limit = 50;
      const users = await repo.listUsers(db, q, limit + 1, (page - 1) * limit);
      const roles = await repo.rolesOfUsers(db, users.map((u) => u.id));
      return {
        hasNext: users.length > limit,
        users: users.slice(0, limit).map((u) => ({ ...u, roles: roles.filter((r) => r.userId === u.id) })),
      };
    },

    async createUser(actor: Actor, input: { email: string; fullName: string; role: string; orgId: string; password?: string }) {
      const fields: Record<string, string> = {};
      if (!EMAIL_RE.test(input.email)) fields.email = 'form.invalidEmail';
      if (!input.fullName || input.fullName.length > 200) fields.fullName = 'accounts.errors.fullName';
      if (!isGrantableRole(input.role)) fields.role = 'form.invalidChoice';
      if (!/^[0-9a-f-]{36}$/.test(input.orgId)) fields.orgId = 'form.invalidChoice';
      if (input.password !== undefined && input.password.length < PASSWORD_MIN_LENGTH) fields.password = 'accounts.errors.passwordShort';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      // Without a password the account gets an unguessable one and the person sets theirs via the emailed link.
      const hash = await hashPassword(input.password ?? randomToken(32));
      const id = await runCommand(db, actor, 'accounts.createUser', async ({ tx, authorize, audit }) => {
        authorize('accounts.manage');
        if (await repo.findUserByEmail(tx, input.email)) throw new ValidationError({ email: 'accounts.errors.emailTaken' });
        const org = await tx.selectFrom('organisations').select('id').where('id', '=', input.orgId).executeTakeFirst();
        if (!org) throw new ValidationError({ orgId: 'form.invalidChoice' });
        const userId = await repo.insertUser(tx, { email: input.email, fullName: input.fullName, passwordHash: hash });
        await repo.grantRole(tx, userId, input.role, input.orgId);
        await audit({ entityType: 'user', entityId: userId, orgId: input.orgId, after: { email: input.email, fullName: input.fullName, role: input.role } });
        return userId;
      });
      if (input.password === undefined) await this.requestPasswordReset(input.email);
      return id;
    },

    async grantRole(actor: Actor, userId: string, role: string, orgId: string) {
      if (!isGrantableRole(role)) throw new ValidationError({ role: 'form.invalidChoice' });
      return runCommand(db, actor, 'accounts.grantRole', async ({ tx, authorize, audit }) => {
        authorize('accounts.manage');
        if (!(await repo.findUserById(tx, userId))) throw new NotFoundError();
        await repo.grantRole(tx, userId, role as Role, orgId);
        await audit({ entityType: 'user', entityId: userId, orgId, after: { role, orgId } });
      });
    },

    async revokeRole(actor: Actor, userId: string, role: string, orgId: string) {
      // A stale or tampered form (no role, no organisation id) is a 422, never a database error.
      if (!role || !/^[0-9a-f-]{36}$/.test(orgId) || !/^[0-9a-f-]{36}$/.test(userId)) throw new ValidationError({ role: 'form.invalidChoice' });
      return runCommand(db, actor, 'accounts.revokeRole', async ({ tx, authorize, audit }) => {
        authorize('accounts.manage');
        if (actor.id === userId && role === 'admin') throw new ConflictError('accounts.errors.selfAdmin');
        await repo.revokeRole(tx, userId, role, orgId);
        await audit({ entityType: 'user', entityId: userId, orgId, before: { role, orgId } });
      });
    },

    async setUserStatus(actor: Actor, userId: string, status: 'active' | 'disabled') {
      if (!/^[0-9a-f-]{36}$/.test(userId)) throw new NotFoundError();
      return runCommand(db, actor, status === 'disabled' ? 'accounts.disableUser' : 'accounts.enableUser', async ({ tx, authorize, audit }) => {
        authorize('accounts.manage');
        if (actor.id === userId) throw new ConflictError('accounts.errors.selfDisable');
        const before = await repo.findUserById(tx, userId);
        if (!before) throw new NotFoundError();
        await tx.updateTable('users').set({ status, updated_at: new Date() }).where('id', '=', userId).execute();
        if (status === 'disabled') await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await audit({ entityType: 'user', entityId: userId, before: { status: before.status }, after: { status } });
      });
    },

    async listTokens(actor: Actor) {
      requirePermission(actor, 'accounts.tokens');
      return repo.listTokens(db);
    },

    /** Returns the token once; only its hash is kept. */
    async createToken(actor: Actor, input: { name: string; scopes: string[]; expiresDays?: number }): Promise<string> {
      const fields: Record<string, string> = {};
      if (!input.name || input.name.length > 100) fields.name = 'accounts.errors.tokenName';
      const scopes = input.scopes.filter((s) => (API_SCOPES as readonly string[]).includes(s));
      if (scopes.length === 0) fields.scopes = 'accounts.errors.tokenScopes';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const { token, prefix, hash } = generateApiToken();
      await runCommand(db, actor, 'accounts.createToken', async ({ tx, authorize, audit }) => {
        authorize('accounts.tokens');
        const row = await tx
          .insertInto('api_tokens')
          .values({
            name: input.name,
            token_prefix: prefix,
            token_hash: hash,
            scopes,
            created_by: actor.kind === 'user' ? actor.id : null,
            org_id: null,
            expires_at: input.expiresDays ? new Date(Date.now() + input.expiresDays * 86400_000) : null,
            last_used_at: null,
            revoked_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit({ entityType: 'api_token', entityId: row.id, after: { name: input.name, scopes, prefix } });
      });
      return token;
    },

    async revokeToken(actor: Actor, id: string) {
      await runCommand(db, actor, 'accounts.revokeToken', async ({ tx, authorize, audit }) => {
        authorize('accounts.tokens');
        const res = await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) throw new NotFoundError();
        await audit({ entityType: 'api_token', entityId: id, after: { revoked: true } });
      });
    },

    async listAudit(actor: Actor, f: Omit<repo.AuditFilter, 'limit' | 'offset'> & { page: number }) {
      requirePermission(actor, 'audit.view');
      const limit = 50;
      const rows = await repo.listAudit(db, { ...f, limit: limit + 1, offset: (f.page - 1) * limit });
      return { rows: rows.slice(0, limit), hasNext: rows.length > limit };
    },

    /** Sign-out is audited, for a full session and for an abandoned pending sign-in alike. */
    async logout(userId: string, meta: { ip: string; requestId: string }): Promise<void> {
      const user = await repo.findUserById(db, userId);
      if (!user) return;
      await insertAudit(db, { kind: 'user', id: user.id, label: user.email, roles: [], ip: meta.ip, requestId: meta.requestId }, 'auth.logout', { entityType: 'user', entityId: user.id });
    },

    lockMessageTime: (until: Date) => formatDateTime(until),
  };
}

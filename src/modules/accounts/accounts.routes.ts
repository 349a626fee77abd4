import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { markNotificationRead, unreadNotifications } from '../../platform/notify/notify.ts';
import QRCode from 'qrcode';
import type { AppDeps } from '../../platform/modules.ts';
import { render, safeRedirectTarget } from '../../platform/http/render.ts';
import { field, fieldList, formBody, pageNumber, requireUser, translateFieldErrors, withFormErrors } from '../../platform/http/forms.ts';
import { endSession, loadActorRoles, startSession, updateSessionData } from '../../platform/auth/sessions.ts';
import { parseDateInput } from '../../platform/i18n/i18n.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { API_SCOPES, TOTP_PENDING_MAX, type TotpResult } from './accounts.service.ts';
import { DEVICE_COOKIE } from './signin-throttle.ts';
import { AuditPage, EnrollPage, ForgotPage, LoginPage, MfaPage, ResetPage, StaffHomePage, TokensPage, UsersPage } from './accounts.views.tsx';
import { OrganisationsToken } from '../organisations/api.ts';
import { AccountsToken } from './api.ts';

// Login endpoints get a much lower per-client limit than the site default (credential stuffing).
const LOGIN_LIMIT = { rateLimit: { max: 10, timeWindow: 60_000 } };

export async function accountsRoutes(app: FastifyInstance, deps: AppDeps) {
  const accounts = deps.services.get(AccountsToken);
  const orgs = deps.services.get(OrganisationsToken);
  const { db, config } = deps;

  app.get('/dang-nhap', async (request, reply) => {
    if (request.actor.kind === 'user') return reply.redirect('/quan-tri', 303);
    const next = safeRedirectTarget((request.query as Record<string, unknown>).next, '');
    return render(reply, LoginPage({ ctx: request.pageContext(), next: next || undefined }));
  });

  app.post('/dang-nhap', { config: LOGIN_LIMIT }, async (request, reply) => {
    const b = formBody(request);
    const email = field(b, 'email', 254);
    const password = field(b, 'password', 1000);
    const next = safeRedirectTarget(field(b, 'next', 500), '/quan-tri');
    const ctx = request.pageContext();
    const t = ctx.t;
    const errors: Record<string, string> = {};
    if (!email) errors.email = t('accounts.emailRequired');
    if (!password) errors.password = t('accounts.passwordRequired');
    if (Object.keys(errors).length) return render(reply, LoginPage({ ctx, email, errors, next }), 422);
    const result = await accounts.login(email, password, { ip: request.ip, requestId: request.id, deviceCookie: request.cookies[DEVICE_COOKIE] });
    if (result.status === 'invalid') return render(reply, LoginPage({ ctx, email, errors: { email: t('accounts.invalidLogin') }, next }), 401);
    if (result.status === 'throttled') {
      // Same words whether or not the account exists: it is this client that waits, not the account.
      reply.header('retry-after', String(Math.max(1, Math.ceil((result.until.getTime() - Date.now()) / 1000))));
      return render(reply, LoginPage({ ctx, email, errors: { email: t('accounts.throttled', { time: accounts.lockMessageTime(result.until) }) }, next }), 429);
    }
    // This browser now knows the password of this account: its own failures are counted apart from strangers'.
    reply.setCookie(DEVICE_COOKIE, accounts.deviceCookie(result.userId), { path: '/dang-nhap', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, maxAge: 180 * 86400 });
    // The pending sign-in remembers where to go once the second factor is done.
    await startSession(db, config, request, reply, result.userId, result.status === 'ok', result.status === 'ok' ? {} : { next });
    if (result.status === 'mfa') return reply.redirect('/dang-nhap/xac-thuc', 303);
    if (result.status === 'enroll') return reply.redirect('/dang-nhap/bat-xac-thuc', 303);
    return reply.redirect(next, 303);
  });

  const pendingUser = (request: FastifyRequest) => (request.session?.userId && !request.session.mfaPassed ? request.session.userId : null);

  app.get('/dang-nhap/xac-thuc', async (request, reply) => {
    if (!pendingUser(request)) return reply.redirect('/dang-nhap', 303);
    return render(reply, MfaPage({ ctx: request.pageContext() }));
  });

  /** A wrong second-factor code: count it in the pending sign-in; too many and the sign-in starts over. */
  async function totpRefused(request: FastifyRequest, reply: FastifyReply, result: Exclude<TotpResult, 'ok'>, page: (errors: Record<string, string>) => JSX.Element | Promise<string>) {
    const t = request.pageContext().t;
    if (result === 'restart') {
      await endSession(db, config, request, reply);
      return reply.redirect('/dang-nhap?da=mfaRestart', 303);
    }
    const failures = Number(request.session!.data.mfaFailures ?? 0) + 1;
    await updateSessionData(db, request.session!.id, { data: { ...request.session!.data, mfaFailures: failures } });
    if (result === 'blocked') return render(reply, page({ code: t('accounts.mfaBlocked') }), 429);
    if (failures >= TOTP_PENDING_MAX) {
      await endSession(db, config, request, reply);
      return reply.redirect('/dang-nhap?da=mfaRestart', 303);
    }
    return render(reply, page({ code: t(result === 'replayed' ? 'accounts.mfaReplayed' : 'accounts.mfaInvalid') }), 422);
  }

  app.post('/dang-nhap/xac-thuc', { config: LOGIN_LIMIT }, async (request, reply) => {
    const userId = pendingUser(request);
    if (!userId) return reply.redirect('/dang-nhap', 303);
    const code = field(formBody(request), 'code', 10).replace(/\s/g, '');
    const ctx = request.pageContext();
    const result = await accounts.verifyTotp(userId, code, Number(request.session!.data.mfaFailures ?? 0), { ip: request.ip, requestId: request.id });
    if (result !== 'ok') {
      const refused = await totpRefused(request, reply, result, (errors) => MfaPage({ ctx, errors }));
      await deps.jobs.send('mail.deliver', {}, { singletonKey: 'mail.deliver' });
      return refused;
    }
    const next = safeRedirectTarget(request.session?.data.next, '/quan-tri');
    // A fresh session id once fully signed in.
    await startSession(db, config, request, reply, userId, true);
    return reply.redirect(next, 303);
  });

  async function enrollPage(request: FastifyRequest, errors?: Record<string, string>) {
    const userId = pendingUser(request)!;
    let secret = request.session!.data.totpSecret as string | undefined;
    if (!secret) {
      secret = accounts.newTotpSecret();
      await updateSessionData(db, request.session!.id, { data: { ...request.session!.data, totpSecret: secret } });
    }
    const email = request.authUser?.email ?? '';
    const safeQrSvg = await QRCode.toString(accounts.totpUri(secret, email), { type: 'svg', margin: 1, width: 200 });
    return EnrollPage({ ctx: request.pageContext(), secret, safeQrSvg, errors });
    void userId;
  }

  app.get('/dang-nhap/bat-xac-thuc', async (request, reply) => {
    if (!pendingUser(request)) return reply.redirect('/dang-nhap', 303);
    return render(reply, enrollPage(request));
  });

  app.post('/dang-nhap/bat-xac-thuc', { config: LOGIN_LIMIT }, async (request, reply) => {
    const userId = pendingUser(request);
    const secret = request.session?.data.totpSecret as string | undefined;
    if (!userId || !secret) return reply.redirect('/dang-nhap', 303);
    const code = field(formBody(request), 'code', 10).replace(/\s/g, '');
    if (!(await accounts.enableTotp(userId, secret, code))) {
      const pending = Number(request.session?.data.mfaFailures ?? 0);
      return totpRefused(request, reply, pending >= TOTP_PENDING_MAX ? 'restart' : 'invalid', (errors) => enrollPage(request, errors));
    }
    await startSession(db, config, request, reply, userId, true);
    return reply.redirect('/quan-tri?da=totpEnabled', 303);
  });

  app.post('/dang-xuat', async (request, reply) => {
    if (request.session?.userId) await accounts.logout(request.session.userId, { ip: request.ip, requestId: request.id });
    await endSession(db, config, request, reply);
    return reply.redirect('/?da=loggedOut', 303);
  });

  app.get('/quen-mat-khau', async (request, reply) => render(reply, ForgotPage({ ctx: request.pageContext() })));

  app.post('/quen-mat-khau', { config: LOGIN_LIMIT }, async (request, reply) => {
    const email = field(formBody(request), 'email', 254);
    const ctx = request.pageContext();
    if (!email) return render(reply, ForgotPage({ ctx, email, errors: { email: ctx.t('accounts.emailRequired') } }), 422);
    await accounts.requestPasswordReset(email);
    await deps.jobs.send('mail.deliver', {}, { singletonKey: 'mail.deliver' });
    return render(reply, ForgotPage({ ctx, sent: true }));
  });

  app.get('/dat-lai-mat-khau/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    return render(reply, ResetPage({ ctx: request.pageContext(), token, valid: await accounts.checkResetToken(token) }));
  });

  app.post('/dat-lai-mat-khau/:token', { config: LOGIN_LIMIT }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const b = formBody(request);
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        await accounts.resetPassword(token, field(b, 'password', 1000), field(b, 'confirm', 1000));
        return reply.redirect('/dang-nhap?da=passwordReset', 303);
      },
      (errors) => ResetPage({ ctx, token, valid: true, errors }),
    );
  });

  app.get('/quan-tri', async (request, reply) => {
    requireUser(request);
    const roles = await loadActorRoles(db, request.actor.id!);
    const withNames = await Promise.all(roles.map(async (r) => ({ role: r.role, orgName: await orgs.nameAsOf(r.orgId, new Date().toISOString().slice(0, 10)).catch(() => '') })));
    const notifications = await unreadNotifications(db, request.actor.id!, roles.map((r) => r.orgId));
    return render(reply, StaffHomePage({ ctx: request.pageContext(), name: request.authUser!.name, roles: withNames, notifications }));
  });

  // Mark one notification read: the person it is addressed to, or (for one addressed to an agency) a member of it.
  app.post('/quan-tri/thong-bao/:id/da-doc', { schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] }, hide: true } }, async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const orgIds = (await loadActorRoles(db, request.actor.id!)).map((r) => r.orgId);
    if (!(await markNotificationRead(db, id, request.actor.id!, orgIds))) throw new AppError('errors.notFound', 404);
    return reply.redirect('/quan-tri?da=notificationRead', 303);
  });

  // --- Accounts administration (admin) ---
  async function usersPage(request: FastifyRequest, errors?: Record<string, string>, values?: Record<string, string>) {
    const q = String((request.query as Record<string, unknown>).q ?? '').slice(0, 100);
    const page = pageNumber((request.query as Record<string, unknown>).page);
    const { users, hasNext } = await accounts.listUsers(request.actor, q || undefined, page);
    return UsersPage({ ctx: request.pageContext(), users, page, hasNext, q, orgs: await orgs.options(), errors, values });
  }

  app.get('/quan-tri/tai-khoan', async (request, reply) => {
    requireUser(request);
    return render(reply, usersPage(request));
  });

  app.post('/quan-tri/tai-khoan', async (request, reply) => {
    requireUser(request);
    const b = formBody(request);
    const values = { fullName: field(b, 'fullName', 300), email: field(b, 'email', 254), role: field(b, 'role', 40), orgId: field(b, 'orgId', 40), password: field(b, 'password', 1000) };
    return withFormErrors(
      reply,
      request.pageContext().t,
      async () => {
        await accounts.createUser(request.actor, { ...values, password: values.password || undefined });
        await deps.jobs.send('mail.deliver', {}, { singletonKey: 'mail.deliver' });
        return reply.redirect('/quan-tri/tai-khoan?da=userCreated', 303);
      },
      (errors) => usersPage(request, errors, { ...values, password: '' }),
    );
  });

  app.post('/quan-tri/tai-khoan/:id/bo-vai-tro', async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const b = formBody(request);
    await accounts.revokeRole(request.actor, id, field(b, 'role', 40), field(b, 'orgId', 40));
    return reply.redirect('/quan-tri/tai-khoan?da=roleRevoked', 303);
  });

  app.post('/quan-tri/tai-khoan/:id/trang-thai', async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    const status = field(formBody(request), 'status', 20) === 'disabled' ? 'disabled' : 'active';
    await accounts.setUserStatus(request.actor, id, status);
    return reply.redirect('/quan-tri/tai-khoan?da=userUpdated', 303);
  });

  // --- API tokens (admin) ---
  app.get('/quan-tri/khoa-api', async (request, reply) => {
    requireUser(request);
    return render(reply, TokensPage({ ctx: request.pageContext(), tokens: await accounts.listTokens(request.actor), scopes: API_SCOPES }));
  });

  app.post('/quan-tri/khoa-api', async (request, reply) => {
    requireUser(request);
    const b = formBody(request);
    const scopes = API_SCOPES.filter((s) => fieldList(b, `scope-${s}`).length > 0);
    const values = { name: field(b, 'name', 200), scopes, expiresDays: field(b, 'expiresDays', 6) };
    const days = Number(values.expiresDays);
    const ctx = request.pageContext();
    try {
      const token = await accounts.createToken(request.actor, { name: values.name, scopes, expiresDays: Number.isInteger(days) && days > 0 && days <= 3650 ? days : undefined });
      return render(reply, TokensPage({ ctx, tokens: await accounts.listTokens(request.actor), scopes: API_SCOPES, created: token }), 201);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return render(reply, TokensPage({ ctx, tokens: await accounts.listTokens(request.actor), scopes: API_SCOPES, errors: translateFieldErrors(err, ctx.t), values }), 422);
    }
  });

  app.post('/quan-tri/khoa-api/:id/thu-hoi', async (request, reply) => {
    requireUser(request);
    const { id } = request.params as { id: string };
    if (!/^[0-9a-f-]{36}$/.test(id)) return reply.redirect('/quan-tri/khoa-api', 303);
    await accounts.revokeToken(request.actor, id);
    return reply.redirect('/quan-tri/khoa-api?da=tokenRevoked', 303);
  });

  // --- Audit log (admin) ---
  app.get('/quan-tri/nhat-ky', async (request, reply) => {
    requireUser(request);
    const q = request.query as Record<string, string | undefined>;
    const filter = {
      actor: (q.actor ?? '').slice(0, 100),
      action: (q.action ?? '').slice(0, 100),
      entityType: (q.entityType ?? '').slice(0, 60),
      from: (q.from ?? '').slice(0, 20),
      to: (q.to ?? '').slice(0, 20),
    };
    const page = pageNumber(q.page);
    const { rows, hasNext } = await accounts.listAudit(request.actor, {
      actor: filter.actor || undefined,
      action: filter.action || undefined,
      entityType: filter.entityType || undefined,
      from: parseDateInput(filter.from),
      to: parseDateInput(filter.to),
      page,
    });
    return render(reply, AuditPage({ ctx: request.pageContext(), rows, filter, page, hasNext }));
  });
}

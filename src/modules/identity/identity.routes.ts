import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/modules.ts';
import { endSession, startCitizenSession, startPendingSession, updateSessionData } from '../../platform/auth/sessions.ts';
import { field, formBody, withFormErrors } from '../../platform/http/forms.ts';
import { render, safeRedirectTarget } from '../../platform/http/render.ts';
import { AppError } from '../../platform/errors.ts';
import { mountDevProvider } from './dev-provider.ts';
import { createRelyingParty, type PendingLogin } from './rp.ts';
import { AccountPage, DeletePage, LevelFailedPage, SignInPage, SignInProblemPage } from './identity.views.tsx';
import {
  ACCOUNT_PATH,
  BACKCHANNEL_LOGOUT_PATH,
  CALLBACK_PATH,
  EXPORT_PATH,
  LEVEL_FAILED_PATH,
  POST_LOGOUT_PATH,
  SIGN_IN_PATH,
  SIGN_OUT_PATH,
  START_PATH,
} from './paths.ts';
import { IdentityToken } from './api.ts';

const PENDING_KEY = 'oidcPending';

export async function identityRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;
  const svc = deps.services.get(IdentityToken);
  if (!config.oidc.issuer) await mountDevProvider(app, config);
  const rp = createRelyingParty(config);

  const startUrl = (level: 1 | 2, returnTo: string) => `${START_PATH}?muc=${level}&tiep=${encodeURIComponent(returnTo)}`;

  /** Signed in as a citizen, at least at `level`; otherwise redirects (sign-in or step-up) and returns false. */
  function requireCitizen(request: FastifyRequest, reply: FastifyReply, level: 1 | 2 = 1): boolean {
    const here = request.url.split('?')[0] ?? ACCOUNT_PATH;
    if (!request.citizen) {
      void reply.redirect(level === 2 ? startUrl(2, here) : `${SIGN_IN_PATH}?tiep=${encodeURIComponent(here)}`, 303);
      return false;
    }
    if (rp.levelOf(request.citizen.acr) < level) {
      void reply.redirect(startUrl(level, here), 303);
      return false;
    }
    return true;
  }

  app.get(SIGN_IN_PATH, async (request, reply) => {
    const returnTo = safeRedirectTarget((request.query as Record<string, unknown>).tiep, ACCOUNT_PATH);
    if (request.citizen) return reply.redirect(returnTo, 303);
    return render(reply, SignInPage({ ctx: request.pageContext(), startHref: startUrl(1, returnTo), devProvider: !config.oidc.issuer }));
  });

  // Starting a sign-in writes a session row and the callback calls the SSO: limited per address like a write.
  const LIMITED = { config: { expensive: true } };

  // A link, not a form: the redirect to the SSO must not be blocked by the CSP's form-action.
  app.get(START_PATH, LIMITED, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const level: 1 | 2 = q.muc === '2' ? 2 : 1;
    const returnTo = safeRedirectTarget(q.tiep, ACCOUNT_PATH);
    if (request.citizen && rp.levelOf(request.citizen.acr) >= level) return reply.redirect(returnTo, 303);
    const { url, pending } = await rp.authorizationUrl(level, returnTo, { forceLogin: Boolean(request.citizen) });
    await startPendingSession(db, config, request, reply, { [PENDING_KEY]: pending });
    return reply.redirect(url, 303);
  });

  app.get(CALLBACK_PATH, LIMITED, async (request, reply) => {
    const ctx = request.pageContext();
    const pending = request.session?.data[PENDING_KEY] as PendingLogin | undefined;
    if (!pending) return render(reply, SignInProblemPage({ ctx, message: ctx.t('identity.errors.expired') }), 400);
    // One use only: a replayed callback finds nothing.
    await updateSessionData(db, request.session!.id, { data: { ...request.session!.data, [PENDING_KEY]: undefined } });
    const q = request.query as Record<string, unknown>;
    if (typeof q.error === 'string') {
      const message = ctx.t(q.error === 'access_denied' ? 'identity.errors.cancelled' : 'identity.errors.ssoFailed');
      return render(reply, SignInProblemPage({ ctx, message }), 400);
    }
    let signed;
    try {
      signed = await rp.finish(new URL(`${config.publicUrl}${request.url}`), pending);
    } catch (err) {
      if (err instanceof AppError && err.status === 400) return render(reply, SignInProblemPage({ ctx, message: ctx.t(err.code) }), 400);
      throw err;
    }
    const { principalId } = await svc.signIn(rp.issuer, signed, { ip: request.ip, requestId: request.id });
    await startCitizenSession(db, config, request, reply, { principalId, oidcSid: signed.sid, acr: signed.acr });
    if (signed.level < pending.level) return reply.redirect(`${LEVEL_FAILED_PATH}?tiep=${encodeURIComponent(pending.returnTo)}`, 303);
    return reply.redirect(pending.returnTo, 303);
  });

  app.get(LEVEL_FAILED_PATH, async (request, reply) => {
    const returnTo = safeRedirectTarget((request.query as Record<string, unknown>).tiep, ACCOUNT_PATH);
    return render(reply, LevelFailedPage({ ctx: request.pageContext(), retryHref: startUrl(2, returnTo) }), 403);
  });

  app.post(SIGN_OUT_PATH, async (request, reply) => {
    const wasCitizen = Boolean(request.citizen);
    await endSession(db, config, request, reply);
    // RP-initiated logout: the SSO ends its session too and comes back to POST_LOGOUT_PATH.
    const to = wasCitizen ? await rp.endSessionUrl().catch(() => null) : null;
    return reply.redirect(to ?? '/?da=citizenSignedOut', 303);
  });

  app.get(POST_LOGOUT_PATH, async (_request, reply) => reply.redirect('/?da=citizenSignedOut', 303));

  // Called by the SSO server to server: no cookies, no CSRF token; the signed logout token is the proof.
  app.post(BACKCHANNEL_LOGOUT_PATH, { config: { csrf: false }, schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const token = field(formBody(request), 'logout_token', 8000);
    if (!token) return reply.code(400).send({ error: 'invalid_request' });
    try {
      const sel = await rp.verifyLogoutToken(token);
      await svc.backchannelLogout(rp.issuer, sel);
    } catch (err) {
      if (err instanceof AppError && err.status === 400) return reply.code(400).send({ error: 'invalid_request' });
      throw err;
    }
    return reply.code(200).send();
  });

  app.get(ACCOUNT_PATH, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const ctx = request.pageContext();
    return render(reply, AccountPage({ ctx, overview: await svc.overview(request.actor), level: rp.levelOf(request.citizen!.acr) }));
  });

  app.post(`${ACCOUNT_PATH}/nhan-phan-anh`, async (request, reply) => {
    if (!requireCitizen(request, reply)) return reply;
    const b = formBody(request);
    const values = { code: field(b, 'code', 30), key: field(b, 'key', 100) };
    const ctx = request.pageContext();
    return withFormErrors(
      reply,
      ctx.t,
      async () => {
        await svc.claimFeedback(request.actor, values.code, values.key);
        return reply.redirect(`${ACCOUNT_PATH}?da=fbClaimed`, 303);
      },
      async (errors) => AccountPage({ ctx, overview: await svc.overview(request.actor), level: rp.levelOf(request.citizen!.acr), claim: values, errors }),
    );
  });

  // Export and erasure need identity level 2: they hand out or destroy everything held about the person.
  app.get(EXPORT_PATH, LIMITED, async (request, reply) => {
    if (!requireCitizen(request, reply, 2)) return reply;
    const data = await svc.exportData(request.actor);
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', 'attachment; filename="du-lieu-ca-nhan.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.get(`${ACCOUNT_PATH}/xoa`, async (request, reply) => {
    if (!requireCitizen(request, reply, 2)) return reply;
    return render(reply, DeletePage({ ctx: request.pageContext() }));
  });

  app.post(`${ACCOUNT_PATH}/xoa`, async (request, reply) => {
    if (!requireCitizen(request, reply, 2)) return reply;
    if (field(formBody(request), 'xac_nhan', 10) !== 'co') {
      const ctx = request.pageContext();
      return render(reply, DeletePage({ ctx, error: ctx.t('identity.delete.confirmRequired') }), 422);
    }
    await svc.deleteAccount(request.actor);
    await endSession(db, config, request, reply);
    return reply.redirect('/?da=citizenDeleted', 303);
  });
}

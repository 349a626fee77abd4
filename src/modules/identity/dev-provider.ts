import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import Provider, { type KoaContextLike } from 'oidc-provider';
import type { Config } from '../../platform/config/config.ts';
import { formBody, field } from '../../platform/http/forms.ts';
import { render } from '../../platform/http/render.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { BACKCHANNEL_LOGOUT_PATH, CALLBACK_PATH, DEV_OIDC_PATH, POST_LOGOUT_PATH } from './paths.ts';
import { DevLoginPage, devLogoutHtml, devLogoutDoneHtml, devErrorHtml, type DevLoginValues } from './dev-provider.views.tsx';

/** The claim names the national portal's SSO uses (anchors-identity.md §5.1). */
export const PORTAL_CLAIMS = ['SoDinhDanh', 'HoVaTen', 'NgayThangNamSinh', 'LoaiTaiKhoan'] as const;

export class DevProviderRefusedError extends Error {
  constructor() {
    super('The built-in development OIDC provider (/dev-oidc) is refused in production: set OIDC_ISSUER to the national SSO.');
  }
}

export const devIssuer = (config: Config) => `${config.publicUrl}${DEV_OIDC_PATH}`;

interface DevAccount {
  SoDinhDanh: string;
  HoVaTen: string;
  NgayThangNamSinh: string | null;
  LoaiTaiKhoan: number;
}

/**
 * A development stand-in for the national portal's SSO (VNeID behind it), built on oidc-provider 9 and mounted
 * under /dev-oidc when no OIDC_ISSUER is configured. It speaks the real protocol (discovery, PKCE, nonce, acr,
 * RP-initiated and back-channel logout) with the portal's claim names, so `npm start` lets anyone try the
 * citizen side and the tests exercise the same code the real portal will. Its login page is a plain form:
 * whatever ID number and name are typed are believed. Consent for dvc-hub is automatic. Accounts and OP
 * sessions live in memory (one node, development only). Never in production.
 */
export async function mountDevProvider(app: FastifyInstance, config: Config): Promise<void> {
  if (config.production) throw new DevProviderRefusedError();
  const accounts = new Map<string, DevAccount>();
  const [loa1, loa2] = config.oidc.acrLevels;
  const t = translator('vi');

  const provider = new Provider(devIssuer(config), {
    clients: [
      {
        client_id: config.oidc.clientId,
        client_secret: config.oidc.clientSecret,
        client_name: 'dvc-hub',
        redirect_uris: [`${config.publicUrl}${CALLBACK_PATH}`],
        post_logout_redirect_uris: [`${config.publicUrl}${POST_LOGOUT_PATH}`],
        backchannel_logout_uri: `${config.publicUrl}${BACKCHANNEL_LOGOUT_PATH}`,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    // PKCE for every client, as the RP always sends it; plain is not accepted.
    pkce: { required: () => true },
    acrValues: [loa1, loa2],
    claims: { openid: ['sub'], profile: [...PORTAL_CLAIMS] },
    cookies: { keys: [createHmac('sha256', config.sessionSecret).update('dev-oidc-cookies').digest('base64url')] },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${DEV_OIDC_PATH}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextLike, form: string) => {
          ctx.body = devLogoutHtml(t, form);
        },
        postLogoutSuccessSource: async (ctx: KoaContextLike) => {
          ctx.body = devLogoutDoneHtml(t);
        },
      },
    },
    // Its back-channel logout calls dvc-hub itself, on localhost: oidc-provider's SSRF guard (which refuses
    // loopback and private addresses) is dropped for this development-only stand-in.
    fetch: (url: string | URL, options: RequestInit & { dispatcher?: unknown }) => {
      delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
    renderError: async (ctx: KoaContextLike, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = devErrorHtml(t, out);
    },
    findAccount: async (_ctx: unknown, sub: string) => {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...a }) };
    },
    // Consent for dvc-hub is automatic: the grant covers whatever openid/profile scope it asked for.
    loadExistingGrant: async (ctx: KoaContextLike) => {
      const { client, session, result } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const prior = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant = (prior && (await ctx.oidc.provider.Grant.find(prior))) || new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
  });
  // Koa trusts X-Forwarded-* wholesale; dev only, so any configured proxy list means "behind a proxy".
  provider.proxy = config.trustProxy !== false;
  const handle = provider.callback();

  // Same ID number, same subject: a stable pseudonymous sub, as the portal gives (never the number itself).
  const subjectFor = (soDinhDanh: string) => `dev-${createHmac('sha256', config.sessionSecret).update(`dev-sub:${soDinhDanh}`).digest('hex').slice(0, 32)}`;

  app.get<{ Params: { uid: string } }>(`${DEV_OIDC_PATH}/interaction/:uid`, async (request, reply) => {
    const details = await provider.interactionDetails(request.raw, reply.raw);
    const wanted = String(details.params.acr_values ?? '').split(' ').includes(loa2) ? '2' : '1';
    return render(reply, DevLoginPage({ ctx: request.pageContext(), uid: details.uid, values: { so_dinh_danh: '', ho_ten: '', ngay_sinh: '', loa: wanted } }));
  });

  app.post<{ Params: { uid: string } }>(`${DEV_OIDC_PATH}/interaction/:uid`, async (request, reply) => {
    const details = await provider.interactionDetails(request.raw, reply.raw);
    const b = formBody(request);
    const values: DevLoginValues = {
      so_dinh_danh: field(b, 'so_dinh_danh', 20).replace(/\s/g, ''),
      ho_ten: field(b, 'ho_ten', 100).trim(),
      ngay_sinh: field(b, 'ngay_sinh', 10).trim(),
      loa: field(b, 'loa', 1),
    };
    const ctx = request.pageContext();
    const errors: Record<string, string> = {};
    if (!/^\d{12}$/.test(values.so_dinh_danh)) errors.so_dinh_danh = ctx.t('identity.dev.idInvalid');
    if (!values.ho_ten) errors.ho_ten = ctx.t('identity.dev.nameRequired');
    if (values.ngay_sinh && !/^\d{2}\/\d{2}\/\d{4}$/.test(values.ngay_sinh)) errors.ngay_sinh = ctx.t('identity.dev.dobInvalid');
    if (values.loa !== '1' && values.loa !== '2') errors.loa = ctx.t('identity.dev.levelRequired');
    if (Object.keys(errors).length) return render(reply, DevLoginPage({ ctx, uid: details.uid, values, errors }), 422);
    const sub = subjectFor(values.so_dinh_danh);
    accounts.set(sub, { SoDinhDanh: values.so_dinh_danh, HoVaTen: values.ho_ten, NgayThangNamSinh: values.ngay_sinh || null, LoaiTaiKhoan: 1 });
    const to = await provider.interactionResult(request.raw, reply.raw, { login: { accountId: sub, acr: values.loa === '2' ? loa2 : loa1, amr: ['pwd'] } }, { mergeWithLastSubmission: false });
    return reply.redirect(to, 303);
  });

  // Everything else under /dev-oidc goes to oidc-provider untouched: its own body parsing, cookies and pages.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Leave the body stream unread for oidc-provider (it parses token, logout and back-channel bodies itself).
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    const forward = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? '/').slice(DEV_OIDC_PATH.length) || '/';
      await handle(raw, reply.raw);
    };
    scope.route({ method: ['GET', 'POST'], url: `${DEV_OIDC_PATH}/*`, config: { csrf: false, apiTokenAuth: false }, schema: { hide: true }, handler: forward });
  });
}

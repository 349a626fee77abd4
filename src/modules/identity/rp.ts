import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../../platform/config/config.ts';
import { AppError } from '../../platform/errors.ts';
import { CALLBACK_PATH, POST_LOGOUT_PATH } from './paths.ts';
import { devIssuer } from './dev-provider.ts';

/** What the RP keeps between the redirect to the SSO and its callback (in the server-side session). */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  level: 1 | 2;
  returnTo: string;
}

export interface SignedIn {
  subject: string;
  /** The SSO's session id (`sid`), for back-channel logout. */
  sid: string | null;
  acr: string | null;
  level: 0 | 1 | 2;
  claims: { SoDinhDanh: string; HoVaTen: string; NgayThangNamSinh: string | null; LoaiTaiKhoan: string | null };
}

export class SsoUnavailableError extends AppError {
  constructor() {
    super('identity.errors.ssoUnavailable', 503);
  }
}

export class SsoRefusedError extends AppError {
  constructor(code = 'identity.errors.ssoFailed') {
    super(code, 400);
  }
}

const DISCOVERY_TTL_MS = 60 * 60_000;
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * dvc-hub as an OpenID Connect relying party (openid-client 6): authorization code + PKCE (S256), state and
 * nonce, `acr_values` for identity level 1 or 2 and the returned `acr` checked, userinfo for the portal's
 * claims, RP-initiated logout and back-channel logout tokens verified against the provider's keys. The
 * discovery document is fetched once and cached for an hour (and again after a failure).
 */
export function createRelyingParty(config: Config) {
  const issuer = config.oidc.issuer ?? devIssuer(config);
  // Plain http only for the built-in development provider (never in production: it is refused there).
  const insecure = !config.oidc.issuer && !config.production;
  const redirectUri = `${config.publicUrl}${CALLBACK_PATH}`;
  const [acr1, acr2] = config.oidc.acrLevels;
  let cached: { at: number; cfg: Promise<oidc.Configuration> } | undefined;
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  async function configuration(): Promise<oidc.Configuration> {
    if (!cached || Date.now() - cached.at > DISCOVERY_TTL_MS) {
      const cfg = oidc.discovery(new URL(issuer), config.oidc.clientId, undefined, oidc.ClientSecretBasic(config.oidc.clientSecret), {
        execute: insecure ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      });
      cached = { at: Date.now(), cfg };
      cfg.catch(() => {
        if (cached?.cfg === cfg) cached = undefined;
      });
    }
    try {
      return await cached.cfg;
    } catch {
      throw new SsoUnavailableError();
    }
  }

  const levelOf = (acr: unknown): 0 | 1 | 2 => (acr === acr2 ? 2 : acr === acr1 ? 1 : 0);

  return {
    issuer,
    levelOf,
    async authorizationUrl(level: 1 | 2, returnTo: string, opts: { forceLogin?: boolean } = {}): Promise<{ url: string; pending: PendingLogin }> {
      const cfg = await configuration();
      const verifier = oidc.randomPKCECodeVerifier();
      const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier, level, returnTo };
      const url = oidc.buildAuthorizationUrl(cfg, {
        redirect_uri: redirectUri,
        scope: ['openid', config.oidc.scope].filter(Boolean).join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
        acr_values: level === 2 ? acr2 : acr1,
        // A step-up to level 2 must show the provider's sign-in again, not reuse its level-1 session.
        ...(opts.forceLogin ? { prompt: 'login' } : {}),
        ui_locales: 'vi',
      });
      return { url: url.href, pending };
    },

    /** Exchange the code (PKCE verifier, state and nonce checked by openid-client), then read userinfo. */
    async finish(currentUrl: URL, pending: PendingLogin): Promise<SignedIn> {
      const cfg = await configuration();
      let tokens;
      try {
        tokens = await oidc.authorizationCodeGrant(cfg, currentUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        if ((err as { error?: string }).error === 'access_denied') throw new SsoRefusedError('identity.errors.cancelled');
        throw new SsoRefusedError();
      }
      const idClaims = tokens.claims()!;
      let info: Record<string, unknown>;
      try {
        info = await oidc.fetchUserInfo(cfg, tokens.access_token, idClaims.sub);
      } catch {
        throw new SsoRefusedError();
      }
      const pick = (k: string) => {
        const v = info[k] ?? (idClaims as Record<string, unknown>)[k];
        return v == null || v === '' ? null : String(v);
      };
      const soDinhDanh = pick('SoDinhDanh');
      const hoVaTen = pick('HoVaTen');
      if (!soDinhDanh || !hoVaTen) throw new SsoRefusedError('identity.errors.missingClaims');
      return {
        subject: idClaims.sub,
        sid: typeof idClaims.sid === 'string' ? idClaims.sid : null,
        acr: typeof idClaims.acr === 'string' ? idClaims.acr : null,
        level: levelOf(idClaims.acr),
        claims: { SoDinhDanh: soDinhDanh, HoVaTen: hoVaTen, NgayThangNamSinh: pick('NgayThangNamSinh'), LoaiTaiKhoan: pick('LoaiTaiKhoan') },
      };
    },

    /** RP-initiated logout: where to send the browser so the SSO ends its session too. */
    async endSessionUrl(): Promise<string | null> {
      const cfg = await configuration();
      if (!cfg.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(cfg, { client_id: config.oidc.clientId, post_logout_redirect_uri: `${config.publicUrl}${POST_LOGOUT_PATH}` }).href;
    },

    /**
     * Back-channel logout (OIDC Back-Channel Logout 1.0 §2.6): a signed logout token from the provider, with
     * our audience, the back-channel event, a sid or sub, and no nonce. Returns who to sign out.
     */
    async verifyLogoutToken(token: string): Promise<{ sid: string | null; sub: string | null }> {
      const cfg = await configuration();
      const meta = cfg.serverMetadata();
      if (!meta.jwks_uri) throw new SsoRefusedError();
      jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri), { timeoutDuration: 10_000 });
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, { issuer: meta.issuer, audience: config.oidc.clientId, maxTokenAge: '5 min', requiredClaims: ['iat', 'jti'] }));
      } catch {
        throw new SsoRefusedError('identity.errors.badLogoutToken');
      }
      const events = payload.events as Record<string, unknown> | undefined;
      if (!events || typeof events[BACKCHANNEL_EVENT] !== 'object' || 'nonce' in payload) throw new SsoRefusedError('identity.errors.badLogoutToken');
      const sid = typeof payload.sid === 'string' ? payload.sid : null;
      const sub = typeof payload.sub === 'string' ? payload.sub : null;
      if (!sid && !sub) throw new SsoRefusedError('identity.errors.badLogoutToken');
      return { sid, sub };
    },
  };
}

export type RelyingParty = ReturnType<typeof createRelyingParty>;

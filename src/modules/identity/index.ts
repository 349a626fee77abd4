import type { ModuleManifest } from '../../platform/modules.ts';
import { createIdentityService } from './identity.service.ts';
import { identityRoutes } from './identity.routes.ts';
import { IdentityToken } from './api.ts';

export * from './api.ts';

/**
 * Citizen identity: sign-in through the national portal's SSO (OpenID Connect; a built-in development provider
 * under /dev-oidc when none is configured), the account page /tai-khoan, export and erasure. See ADR 0008.
 */
export const identityModule: ModuleManifest = {
  name: 'identity',
  provides: [IdentityToken],
  // Given by signing in through the SSO, never granted by an administrator.
  roles: [{ name: 'citizen', labelKey: 'identity.role', grantable: false }],
  permissions: [{ name: 'identity.self', roles: ['citizen'], scope: 'province' }],
  services: (deps) => {
    deps.services.provide(IdentityToken, createIdentityService(deps));
  },
  routes: identityRoutes,
};

import type { ModuleManifest } from '../../platform/modules.ts';
import { createIdentityService, type IdentityService } from './identity.service.ts';
import { identityRoutes } from './identity.routes.ts';

export type { IdentityService, CitizenDataContributor, AccountSection } from './identity.service.ts';
export { ACCOUNT_PATH, SIGN_IN_PATH } from './paths.ts';

/**
 * Citizen identity: sign-in through the national portal's SSO (OpenID Connect; a built-in development provider
 * under /dev-oidc when none is configured), the account page /tai-khoan, export and erasure. See ADR 0008.
 */
export const identityModule: ModuleManifest = {
  name: 'identity',
  // Given by signing in through the SSO, never granted by an administrator.
  roles: [{ name: 'citizen', labelKey: 'identity.role', grantable: false }],
  permissions: [{ name: 'identity.self', roles: ['citizen'], scope: 'province' }],
  services: (deps) => {
    deps.services.provide<IdentityService>('identity', createIdentityService(deps));
  },
  routes: identityRoutes,
};

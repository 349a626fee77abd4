import { serviceToken } from '../../platform/modules.ts';
import type { IdentityService } from './identity.service.ts';

export { ACCOUNT_PATH, SIGN_IN_PATH } from './paths.ts';

/** Citizen sign-in and the account page's data (sign-in state, export, erasure). */
export type IdentityApi = IdentityService;

export const IdentityToken = serviceToken<IdentityApi>('identity');

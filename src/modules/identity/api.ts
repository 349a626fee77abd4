import { serviceToken } from '../../platform/modules.ts';
import type { IdentityService as IdentityServiceType } from './identity.service.ts';

export { ACCOUNT_PATH, SIGN_IN_PATH } from './paths.ts';
export type { CitizenDataContributor, AccountSection } from './identity.service.ts';

/** Citizen sign-in and the account page's data (sign-in state, export, erasure). */
export type IdentityApi = IdentityServiceType;

export const IdentityToken = serviceToken<IdentityApi>('identity');

/** @deprecated The same type under its old name: use IdentityApi. */
export type IdentityService = IdentityApi;

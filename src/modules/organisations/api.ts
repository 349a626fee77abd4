import { serviceToken } from '../../platform/modules.ts';
import type { OrganisationsService as OrganisationsServiceType } from './organisations.service.ts';

/** The organisations directory (units, names over time, successions): what every other module may call. */
export type OrganisationsApi = OrganisationsServiceType;

export const OrganisationsToken = serviceToken<OrganisationsApi>('organisations');

/** @deprecated The same type under its old name: use OrganisationsApi. */
export type OrganisationsService = OrganisationsApi;

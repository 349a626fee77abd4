import { serviceToken } from '../../platform/modules.ts';
import type { OrganisationsService } from './organisations.service.ts';

/** The organisations directory (units, names over time, successions): what every other module may call. */
export type OrganisationsApi = OrganisationsService;

export const OrganisationsToken = serviceToken<OrganisationsApi>('organisations');

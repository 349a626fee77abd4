import { serviceToken } from '../../platform/modules.ts';
import type { CatalogueService } from './catalogue.service.ts';

export type { CatalogueService, Procedure, IndexableProcedure, DvcttLevel } from './catalogue.service.ts';

/** What other modules (content, assistant, feedback, KPIs) may call: read-only procedure look-ups. */
export type CatalogueApi = CatalogueService;

export const CatalogueToken = serviceToken<CatalogueApi>('catalogue');

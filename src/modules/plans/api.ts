import { serviceToken } from '../../platform/modules.ts';
import type { PlansService } from './plans.service.ts';
import type { KpisService } from './kpis.service.ts';

/** The provincial plan (tasks, targets, reports) and the KPI registry with its values. */
export type PlansApi = PlansService;
export type KpisApi = KpisService;

export const PlansToken = serviceToken<PlansApi>('plans');
export const KpisToken = serviceToken<KpisApi>('kpis');

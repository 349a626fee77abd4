import { serviceToken } from '../../platform/modules.ts';
import type { PlansService as PlansServiceType } from './plans.service.ts';
import type { KpisService as KpisServiceType } from './kpis.service.ts';

/** The provincial plan (tasks, targets, reports) and the KPI registry with its values. */
export type PlansApi = PlansServiceType;
export type KpisApi = KpisServiceType;

export const PlansToken = serviceToken<PlansApi>('plans');
export const KpisToken = serviceToken<KpisApi>('kpis');

/** @deprecated The same types under their old names: use PlansApi and KpisApi. */
export type PlansService = PlansApi;
export type KpisService = KpisApi;

import { serviceToken } from '../../platform/modules.ts';
import type { EventsAdminService as EventsAdminServiceType } from './events.service.ts';

/** The dead-letter list and requeue command behind /quan-tri/su-kien. */
export type EventsAdminApi = EventsAdminServiceType;

export const EventsAdminToken = serviceToken<EventsAdminApi>('events');

/** @deprecated The same type under its old name: use EventsAdminApi. */
export type EventsAdminService = EventsAdminApi;

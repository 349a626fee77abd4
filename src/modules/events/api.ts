import { serviceToken } from '../../platform/modules.ts';
import type { EventsAdminService } from './events.service.ts';

/** The dead-letter list and requeue command behind /quan-tri/su-kien. */
export type EventsAdminApi = EventsAdminService;

export const EventsAdminToken = serviceToken<EventsAdminApi>('events');

import type { ModuleManifest } from '../../platform/modules.ts';
import { createEventsAdminService, type EventsAdminService } from './events.service.ts';
import { eventsRoutes } from './events.routes.ts';

export type { EventsAdminService } from './events.service.ts';

/**
 * The staff face of the platform's event outbox (src/platform/events): the dead-letter list, where an admin
 * sees deliveries that kept failing and puts them back in the queue once the cause is fixed.
 */
export const eventsModule: ModuleManifest = {
  name: 'events',
  permissions: [{ name: 'events.deadLetters', roles: ['admin'], scope: 'province' }],
  staffNav: [{ href: '/quan-tri/su-kien', labelKey: 'events.nav', permission: 'events.deadLetters', order: 93 }],
  services: (deps) => deps.services.provide<EventsAdminService>('events', createEventsAdminService(deps)),
  routes: eventsRoutes,
};

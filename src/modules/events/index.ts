import type { ModuleManifest } from '../../platform/modules.ts';
import { createEventsAdminService } from './events.service.ts';
import { eventsRoutes } from './events.routes.ts';
import { EventsAdminToken } from './api.ts';

export * from './api.ts';

/**
 * The staff face of the platform's event outbox (src/platform/events): the dead-letter list, where an admin
 * sees deliveries that kept failing and puts them back in the queue once the cause is fixed.
 */
export const eventsModule: ModuleManifest = {
  name: 'events',
  provides: [EventsAdminToken],
  permissions: [{ name: 'events.deadLetters', roles: ['admin'], scope: 'province' }],
  staffNav: [{ href: '/quan-tri/su-kien', labelKey: 'events.nav', permission: 'events.deadLetters', order: 93 }],
  services: (deps) => deps.services.provide(EventsAdminToken, createEventsAdminService(deps)),
  routes: eventsRoutes,
};

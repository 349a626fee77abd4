import type { ModuleManifest } from '../../platform/modules.ts';
import { createOrganisationsService } from './organisations.service.ts';
import { organisationsRoutes } from './organisations.routes.ts';
import { seedOrganisations } from './organisations.seed.ts';
import { OrganisationsToken } from './api.ts';

export * from './api.ts';

export const organisationsModule: ModuleManifest = {
  name: 'organisations',
  provides: [OrganisationsToken],
  permissions: [{ name: 'organisations.manage', roles: ['admin', 'coordinator'], scope: 'province' }],
  staffNav: [{ href: '/quan-tri/co-quan', labelKey: 'organisations.nav', order: 80 }],
  services: (deps) => deps.services.provide(OrganisationsToken, createOrganisationsService(deps.db)),
  routes: organisationsRoutes,
  seed: async (deps, opts) => {
    const n = await seedOrganisations(deps.db);
    if (n) opts.log(`organisations: ${n} units created`);
  },
};

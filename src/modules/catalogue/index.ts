import type { ModuleManifest } from '../../platform/modules.ts';
import { createCatalogueService, CatalogueServiceToken } from './catalogue.service.ts';
import { catalogueRoutes } from './catalogue.routes.ts';
import { seedCatalogue } from './catalogue.seed.ts';
import { AssistantToken } from '../assistant/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';

export * from './api.ts';

/** Procedures and online public services (national procedure database + the Centre's assignments). */
export const catalogueModule: ModuleManifest = {
  name: 'catalogue',
  provides: [CatalogueServiceToken],
  requires: [OrganisationsToken],
  permissions: [
    { name: 'catalogue.manage', roles: ['admin', 'coordinator'], scope: 'province' },
    { name: 'catalogue.import', roles: ['admin', 'coordinator'], scope: 'province' },
  ],
  staffNav: [{ href: '/quan-tri/dich-vu', labelKey: 'catalogue.staffNav', permission: 'catalogue.manage', order: 30 }],
  services: (deps) =>
    deps.services.provide(CatalogueServiceToken,
      createCatalogueService(deps.db, {
        organisations: deps.services.get(OrganisationsToken),
        // The assistant registers after the catalogue: look it up per query. Its normalisation (shorthand,
        // one-letter typos) is reused so both search boxes forgive the same mistakes.
        rewriteQuery: async (q) => (deps.services.has(AssistantToken) ? deps.services.get(AssistantToken).rewriteQuery(q) : q),
      }),
    ),
  routes: catalogueRoutes,
  stats: {
    'catalogue.procedures': async (deps) => deps.services.get(CatalogueServiceToken).count(),
  },
  seed: async (deps, opts) => {
    if (!opts.demo) return;
    await seedCatalogue(deps.services.get(CatalogueServiceToken), opts.log);
  },
};

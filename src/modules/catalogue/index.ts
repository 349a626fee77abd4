import type { ModuleManifest } from '../../platform/modules.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import type { AssistantService } from '../assistant/index.ts';
import { createCatalogueService, type CatalogueModuleService } from './catalogue.service.ts';
import { catalogueRoutes } from './catalogue.routes.ts';
import { seedCatalogue } from './catalogue.seed.ts';

export type { CatalogueService, Procedure, IndexableProcedure, DvcttLevel } from './catalogue.service.ts';

/** Procedures and online public services (national procedure database + the Centre's assignments). */
export const catalogueModule: ModuleManifest = {
  name: 'catalogue',
  permissions: [
    { name: 'catalogue.manage', roles: ['admin', 'coordinator'], scope: 'province' },
    { name: 'catalogue.import', roles: ['admin', 'coordinator'], scope: 'province' },
  ],
  staffNav: [{ href: '/quan-tri/dich-vu', labelKey: 'catalogue.staffNav', permission: 'catalogue.manage', order: 30 }],
  services: (deps) =>
    deps.services.provide(
      'catalogue',
      createCatalogueService(deps.db, {
        organisations: deps.services.get<OrganisationsService>('organisations'),
        // The assistant registers after the catalogue: look it up per query. Its normalisation (shorthand,
        // one-letter typos) is reused so both search boxes forgive the same mistakes.
        rewriteQuery: async (q) => (deps.services.has('assistant') ? deps.services.get<AssistantService>('assistant').rewriteQuery(q) : q),
      }),
    ),
  routes: catalogueRoutes,
  stats: {
    'catalogue.procedures': async (deps) => deps.services.get<CatalogueModuleService>('catalogue').count(),
  },
  seed: async (deps, opts) => {
    if (!opts.demo) return;
    await seedCatalogue(deps.services.get<CatalogueModuleService>('catalogue'), opts.log);
  },
};

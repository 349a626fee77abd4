import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '../../platform/modules.ts';
import { defineCacheListener } from '../../platform/events/events.ts';
import { createContentService, GUIDE_EVENTS, ContentServiceToken } from './content.service.ts';
import { contentRoutes } from './content.routes.ts';
import { LatestMaterialsSection, TopGuidesSection } from './content.public.views.tsx';
import { SAMPLE_MATERIALS } from './content.seed.ts';
import { HomeToken } from '../home/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';

export * from './api.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The curated "most used" guides (content/popular.json), the home page's fallback before real use ranks them. */
function readPopular(): string[] {
  const file = join(repoRoot, 'content', 'popular.json');
  if (!existsSync(file)) return [];
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { guides?: unknown };
  return Array.isArray(raw.guides) ? raw.guides.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * Content: step-by-step guides, the shared materials library, the editorial workflow (draft → in review →
 * published → archived, 4-eyes), the public site pages (guides, search, library, print/QR, sitemap, feed)
 * and the guides API. Other modules use the 'content' service (ContentService).
 */
export const contentModule: ModuleManifest = {
  name: 'content',
  provides: [ContentServiceToken],
  requires: [OrganisationsToken],
  permissions: [
    // Editors create and edit in their own organisation; the Centre (coordinator) and admins everywhere.
    { name: 'content.edit', roles: ['admin', 'coordinator', 'agency_head', 'editor'], scope: 'org' },
    // Approve/publish, schedule, return, unpublish, archive: never the author (checked in the service).
    { name: 'content.review', roles: ['admin', 'coordinator', 'agency_head'], scope: 'org' },
    // See the staff pages and the drafts of one's own organisation.
    { name: 'content.view', roles: ['admin', 'coordinator', 'agency_head', 'agency_officer', 'editor'], scope: 'org' },
    // QR scans per channel tag (the Centre's campaign view).
    { name: 'content.stats', roles: ['admin', 'coordinator', 'agency_head', 'editor'], scope: 'province' },
  ],
  staffNav: [{ href: '/quan-tri/noi-dung', labelKey: 'content.nav', permission: 'content.view', order: 20 }],
  stats: {
    'content.publishedGuides': async (deps) => (await deps.services.get(ContentServiceToken).countPublished()).guides,
    'content.publishedMaterials': async (deps) => (await deps.services.get(ContentServiceToken).countPublished()).materials,
    // Scans in the period asked: the object form tells the KPI module the figure is per period (a series).
    'content.qrScans': async (deps, q) => {
      const scans = await deps.services.get(ContentServiceToken).totalScans(q.from, q.to);
      return { value: scans, n: scans };
    },
  },
  services: (deps) => {
    const service = createContentService(deps, { popularSlugs: readPopular() });
    // One object, two views: the full module service, and the ContentService contract other modules use.
    deps.services.provide(ContentServiceToken, service);
    if (deps.services.has(HomeToken)) {
      const home = deps.services.get(HomeToken);
      home.addSection(async (ctx) => {
        const guides = await service.popularGuides(8);
        return guides.length ? { order: 10, safeHtml: String(TopGuidesSection({ ctx, guides })) } : null;
      });
      home.addSection(async (ctx) => {
        const rows = await service.latestMaterials(4);
        return rows.length ? { order: 20, safeHtml: String(LatestMaterialsSection({ ctx, rows })) } : null;
      });
    }
  },
  routes: contentRoutes,
  // Every node drops its cached public read of a guide that was published, withdrawn or archived anywhere.
  cacheListeners: (deps) => [
    defineCacheListener({
      events: GUIDE_EVENTS,
      drop: (e) => {
        const content = deps.services.get(ContentServiceToken);
        if (e?.payload) content.dropCached(e.payload.slug);
        else content.resetCaches();
      },
    }),
  ],
  seed: async (deps, opts) => {
    if (!opts.demo) return;
    const service = deps.services.get(ContentServiceToken);
    const guides = await service.seedGuides(join(repoRoot, 'content', 'guides'), opts.log);
    if (guides) opts.log(`content: ${guides} sample guides published`);
    const events = await service.seedGuides(join(repoRoot, 'content', 'life-events'), opts.log, 'life_event');
    if (events) opts.log(`content: ${events} sample life events published`);
    const materials = await service.seedMaterials(SAMPLE_MATERIALS);
    if (materials) opts.log(`content: ${materials} sample materials published`);
  },
  // Guides may be seeded after the server listens: drop anything cached while they were loading.
  afterSeed: async (deps) => deps.services.get(ContentServiceToken).resetCaches(),
  jobs: async (deps) => {
    deps.jobs.define('content.publishScheduled', async () => {
      await deps.services.get(ContentServiceToken).publishScheduled();
    });
    deps.jobs.schedule('content.publishScheduled', '* * * * *');
  },
};

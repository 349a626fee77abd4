import type { ModuleManifest } from '../../platform/modules.ts';
import { defineCacheListener } from '../../platform/events/events.ts';
import { createAssistantService, AssistantServiceToken } from './assistant.service.ts';
import { assistantRoutes } from './assistant.routes.ts';
import { HomeAssistantSection } from './assistant.views.tsx';
import { HomeToken } from '../home/api.ts';

export * from './api.ts';

/**
 * Citizen assistant (trợ lý ảo): grounded, cited answers from published guides and Q&A, national procedure
 * records as extra retrieval signal, a router for greetings/hand-over/emergencies/out-of-scope, hand-over to
 * staff, masked logs, a content-gap page and a staff-editable lexicon.
 */
export const assistantModule: ModuleManifest = {
  name: 'assistant',
  provides: [AssistantServiceToken],
  permissions: [
    { name: 'assistant.review', roles: ['admin', 'coordinator', 'agency_head', 'editor'], scope: 'province' },
    { name: 'assistant.lexicon', roles: ['admin', 'coordinator', 'editor'], scope: 'province' },
  ],
  staffNav: [{ href: '/quan-tri/tro-ly', labelKey: 'assistant.nav', permission: 'assistant.review', order: 40 }],
  stats: {
    'assistant.questions30d': async (deps) => {
      const { sql } = await import('kysely');
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM assistant_turns WHERE created_at > now() - interval '30 days'`.execute(deps.db);
      return r.rows[0]?.n ?? 0;
    },
  },
  services: (deps) => {
    deps.services.provide(AssistantServiceToken, createAssistantService(deps));
    if (deps.services.has(HomeToken)) {
      deps.services.get(HomeToken).addSection(async (ctx) => ({ order: 5, safeHtml: String(HomeAssistantSection({ ctx })) }));
    }
  },
  routes: assistantRoutes,
  // The index is in memory on every node: re-read published guides and answers when they change anywhere.
  // (An edit of a published guide changes nothing public until it is published again.)
  cacheListeners: (deps) => [
    defineCacheListener({
      events: ['content.guide.published', 'content.guide.unpublished', 'content.guide.archived', 'feedback.item.answered', 'feedback.item.moderated'],
      drop: () => deps.services.get(AssistantServiceToken).invalidate(),
    }),
  ],
  afterSeed: async (deps) => deps.services.get(AssistantServiceToken).reload(),
  seed: async (deps, opts) => {
    const n = await deps.services.get(AssistantServiceToken).seedLexicon();
    if (n) opts.log(`assistant: ${n} lexicon entries seeded`);
  },
};

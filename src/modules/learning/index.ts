import type { ModuleManifest } from '../../platform/modules.ts';
import { LearningToken, CoverageToken } from './learning.tokens.ts';
import { IdentityToken } from '../identity/api.ts';
import { defineHandler } from '../../platform/events/events.ts';
import { createLearningService } from './learning.service.ts';
import { createCoverage } from './learning.coverage.ts';
import { learningRoutes } from './learning.routes.ts';
import { seedLearning } from './learning.seed.ts';

export type { LearningService, Learner } from './learning.service.ts';
export type { Coverage } from './learning.coverage.ts';
export { LearningToken, CoverageToken } from './learning.tokens.ts';

/**
 * Learning and contests: micro-courses built from the province's guides (/hoc), a versioned question bank,
 * contests under Vietnamese rules as data (/cuoc-thi), the coverage ledger against real denominators (KPIs
 * through `stats`) and verifiable certificates (/chung-nhan/{code}). See README.md and ADR 0016.
 */
export const learningModule: ModuleManifest = {
  name: 'learning',
  permissions: [
    // Question bank, courses, contests, review of stale items, roster codes, revocation.
    { name: 'learning.manage', roles: ['admin', 'coordinator', 'editor'], scope: 'province' },
    // Cohorts (denominators) and completions from attendance or the national platforms.
    { name: 'learning.coverage', roles: ['admin', 'coordinator', 'agency_head'], scope: 'province' },
    // The staff page: stale items, coverage gaps, results reports.
    { name: 'learning.view', roles: ['admin', 'coordinator', 'agency_head', 'agency_officer', 'editor'], scope: 'province' },
  ],
  staffNav: [{ href: '/quan-tri/hoc-tap', labelKey: 'learning.nav', permission: 'learning.view', order: 60 }],
  provides: [LearningToken, CoverageToken],
  requires: [IdentityToken],
  services: (deps) => {
    deps.services.provide(LearningToken, createLearningService(deps));
    deps.services.provide(CoverageToken, createCoverage(deps));
  },
  routes: learningRoutes,
  // A guide published again: lessons and questions that cite an older publication are flagged stale and left
  // out of new quizzes and contest draws until reviewed.
  eventHandlers: (deps) => [
    defineHandler({
      name: 'learning.guideStale',
      events: ['content.guide.published'],
      handle: async (e, tx) => {
        await deps.services.get(LearningToken).guidePublished(tx, e.payload.slug, e.createdAt);
      },
    }),
  ],
  stats: {
    // Shares trained in the period asked, each person once whatever the source, against that year's cohorts.
    'learning.trainedPupilsRate': (deps, q) => deps.services.get(CoverageToken).rate('pupils', q.from, q.to),
    'learning.trainedStudentsRate': (deps, q) => deps.services.get(CoverageToken).rate('students', q.from, q.to),
    'learning.trainedOfficialsRate': (deps, q) => deps.services.get(CoverageToken).rate('officials', q.from, q.to),
    'learning.trainedCommunityRate': (deps, q) => deps.services.get(CoverageToken).rate('community', q.from, q.to),
  },
  seed: (deps, opts) => seedLearning(deps, opts, deps.services.get(LearningToken)),
  jobs: async (deps) => {
    deps.jobs.define('learning.closeRounds', async () => {
      await deps.services.get(LearningToken).closeRounds();
    });
    deps.jobs.schedule('learning.closeRounds', '* * * * *');
  },
};

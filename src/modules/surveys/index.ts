import type { ModuleManifest } from '../../platform/modules.ts';
import { defineCacheListener } from '../../platform/events/events.ts';
import { createSurveysService, SurveysToken } from './surveys.service.ts';
import { surveysRoutes } from './surveys.routes.tsx';
import { seedDemo } from './surveys.demo.ts';

export type { SurveysService, Results } from './surveys.service.ts';
export { SurveysToken } from './surveys.service.ts';

export const REMINDER_JOB = 'surveys.reminders';
const LDI = ['land', 'construction', 'investment'];

/**
 * Surveys (issue 17): satisfaction rounds sampled from completed dossiers, open needs surveys, collection in
 * every mode, weighted estimates with intervals, suppression and honest publication. ADR 0017.
 */
export const surveysModule: ModuleManifest = {
  name: 'surveys',
  permissions: [
    { name: 'surveys.manage', roles: ['admin', 'coordinator'], scope: 'province' },
    { name: 'surveys.interview', roles: ['admin', 'coordinator', 'agency_officer', 'collaborator'], scope: 'province', tokenScope: 'surveys:write' },
    { name: 'surveys.view', roles: ['admin', 'coordinator', 'agency_head', 'agency_officer', 'collaborator', 'viewer'], scope: 'province' },
  ],
  staffNav: [{ href: '/quan-tri/khao-sat', labelKey: 'surveys.nav', permission: 'surveys.view', order: 45 }],
  provides: [SurveysToken],
  services: (deps) => {
    deps.services.provide(SurveysToken, createSurveysService(deps));
  },
  routes: surveysRoutes,
  cacheListeners: (deps) => [
    defineCacheListener({
      events: ['surveys.results.published'],
      drop: (e) => deps.services.get(SurveysToken).dropCache(e?.payload?.surveyId),
    }),
  ],
  stats: {
    // Weighted share satisfied (%) from the latest published sampled round; n = respondents.
    'surveys.satisfaction': async (deps, q) => {
      const r = await deps.services.get(SurveysToken).satisfactionStat(q);
      return { value: r.value, n: r.n, minSample: r.minSample };
    },
    'surveys.satisfactionLandConstrInvest': async (deps, q) => {
      const r = await deps.services.get(SurveysToken).satisfactionStat(q, LDI);
      return { value: r.value, n: r.n, minSample: r.minSample };
    },
  },
  seed: async (deps, opts) => {
    const svc = deps.services.get(SurveysToken);
    const made = await svc.ensureTemplates();
    if (made) opts.log(`surveys: ${made} questionnaire version(s)`);
    if (opts.demo) await seedDemo(svc, opts.log);
  },
  jobs: async (deps) => {
    const svc = deps.services.get(SurveysToken);
    deps.jobs.define(REMINDER_JOB, async () => {
      await svc.closeExpired();
      await svc.remind();
    });
    // 08:00 Vietnam time every day: close rounds past their date, remind invited people who have not answered.
    deps.jobs.schedule(REMINDER_JOB, '0 8 * * *');
  },
};

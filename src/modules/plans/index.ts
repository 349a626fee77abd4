import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '../../platform/modules.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { createPlansService } from './plans.service.ts';
import { createKpisService } from './kpis.service.ts';
import { plansRoutes } from './plans.routes.ts';
import { KpisToken, PlansToken } from './api.ts';
import { OrganisationsToken } from '../organisations/api.ts';

export * from './api.ts';

/** The plan the province implements; `npm run import:plan -- <file>` loads others the same way. */
export const DEFAULT_PLAN_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'plans', 'hung-yen-1588.yaml');
export const REMINDER_JOB = 'plans.reminders';

export const plansModule: ModuleManifest = {
  name: 'plans',
  provides: [PlansToken, KpisToken],
  requires: [OrganisationsToken],
  permissions: [
    { name: 'plans.manage', roles: ['admin', 'coordinator'], scope: 'province' },
    { name: 'plans.review', roles: ['admin', 'coordinator'], scope: 'province' },
    { name: 'plans.report', roles: ['agency_head', 'agency_officer'], scope: 'org' },
    { name: 'plans.view', roles: ['admin', 'coordinator', 'agency_head', 'agency_officer', 'viewer'], scope: 'province', tokenScope: 'plans:read' },
    { name: 'kpis.manage', roles: ['admin', 'coordinator'], scope: 'province', tokenScope: 'kpis:write' },
  ],
  staffNav: [
    { href: '/quan-tri/ke-hoach', labelKey: 'plans.nav', permission: 'plans.view', order: 50 },
    { href: '/quan-tri/bao-cao-ke-hoach', labelKey: 'plans.reportsNav', permission: 'plans.view', order: 51 },
    { href: '/quan-tri/chi-so', labelKey: 'plans.kpisNav', permission: 'plans.view', order: 52 },
  ],
  services: (deps) => {
    deps.services.provide(PlansToken, createPlansService(deps));
    deps.services.provide(KpisToken, createKpisService(deps));
  },
  routes: plansRoutes,
  seed: async (deps, opts) => {
    const plans = deps.services.get(PlansToken);
    const kpis = deps.services.get(KpisToken);
    const res = await plans.importPlan(SYSTEM_ACTOR, readFileSync(DEFAULT_PLAN_FILE, 'utf8'));
    if (!res.unchanged) opts.log(`plans: ${res.tasks} tasks, ${res.targets} targets imported`);
    const n = await kpis.seedRegistry(await plans.listTargets(res.planId));
    if (n) opts.log(`plans: ${n} KPIs registered`);
    if (opts.demo && !(await plans.listCycles(res.planId)).some((c) => c.year === 2025)) {
      await plans.openCycle(SYSTEM_ACTOR, res.planId, 2025);
      opts.log('plans: 2025 reporting cycle opened (demo)');
    }
  },
  jobs: async (deps) => {
    deps.jobs.define<{ today?: string }>(REMINDER_JOB, async (data) => {
      const today = typeof data.today === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(data.today) ? data.today : todayInVietnam();
      await deps.services.get(PlansToken).runReminders(today);
    });
    // 07:30 Vietnam time every day.
    deps.jobs.schedule(REMINDER_JOB, '30 7 * * *');
  },
};

import type { ModuleManifest } from '../../platform/modules.ts';
import { createAccountsService } from './accounts.service.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { backupRoutes } from './backup.routes.ts';
import { seedDemoUsers } from './accounts.seed.ts';
import { purgeExpiredSessions } from '../../platform/auth/sessions.ts';
import { purgeThrottle } from './signin-throttle.ts';
import { AccountsToken } from './api.ts';
import { OrganisationsToken } from '../organisations/api.ts';
import { accountsEventHandlers } from './accounts.handlers.ts';

export * from './api.ts';

export const accountsModule: ModuleManifest = {
  name: 'accounts',
  provides: [AccountsToken],
  requires: [OrganisationsToken],
  // The staff roles. Other modules add theirs in their own manifest (e.g. identity's 'citizen').
  roles: [
    { name: 'admin', labelKey: 'accounts.roles.admin', provinceWide: true },
    { name: 'coordinator', labelKey: 'accounts.roles.coordinator', provinceWide: true },
    { name: 'agency_head', labelKey: 'accounts.roles.agency_head' },
    { name: 'agency_officer', labelKey: 'accounts.roles.agency_officer' },
    { name: 'editor', labelKey: 'accounts.roles.editor' },
    { name: 'collaborator', labelKey: 'accounts.roles.collaborator' },
    { name: 'viewer', labelKey: 'accounts.roles.viewer' },
  ],
  permissions: [
    { name: 'accounts.manage', roles: ['admin'], scope: 'province' },
    { name: 'accounts.tokens', roles: ['admin'], scope: 'province' },
    { name: 'audit.view', roles: ['admin'], scope: 'province' },
    // A consistent dump of the running PGlite database (POST /quan-tri/sao-luu, POST /api/v1/backup).
    { name: 'system.backup', roles: ['admin'], scope: 'province', tokenScope: 'system:backup' },
  ],
  staffNav: [
    { href: '/quan-tri/tai-khoan', labelKey: 'accounts.usersNav', permission: 'accounts.manage', order: 90 },
    { href: '/quan-tri/khoa-api', labelKey: 'accounts.tokensNav', permission: 'accounts.tokens', order: 91 },
    { href: '/quan-tri/nhat-ky', labelKey: 'accounts.auditNav', permission: 'audit.view', order: 92 },
  ],
  services: (deps) => deps.services.provide(AccountsToken, createAccountsService(deps.db, deps.config, deps.mailer)),
  routes: async (app, deps) => {
    await accountsRoutes(app, deps);
    await backupRoutes(app, deps);
  },
  eventHandlers: (deps) => accountsEventHandlers(deps),
  seed: async (deps, opts) => {
    if (!opts.demo) return;
    const n = await seedDemoUsers(deps.db);
    if (n) opts.log(`accounts: ${n} demo staff accounts created`);
  },
  jobs: async (deps) => {
    deps.jobs.define('mail.deliver', async () => {
      await deps.mailer.deliverPending(50);
    });
    deps.jobs.schedule('mail.deliver', '* * * * *');
    deps.jobs.define('sessions.purge', async () => {
      await purgeExpiredSessions(deps.db);
      await purgeThrottle(deps.db);
    });
    deps.jobs.schedule('sessions.purge', '17 3 * * *');
  },
};

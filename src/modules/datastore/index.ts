import type { ModuleManifest } from '../../platform/modules.ts';
import { defineHandler } from '../../platform/events/events.ts';
import { createDatastoreService } from './datastore.service.ts';
import { DatastoreToken } from './api.ts';
import { datastoreRoutes } from './datastore.routes.ts';
import { createNationalKhoClient, syncPending } from './datastore.national.ts';
import { IdentityToken } from '../identity/api.ts';
import { seedDatastoreDemo } from './datastore.seed.ts';

export * from './api.ts';

/**
 * Kho dữ liệu điện tử (issue 18, ADR 0018): the citizen's personal document store at /tai-khoan/kho —
 * encrypted documents, purpose-bound sharing with a signed consent receipt, the staff side /quan-tri/kho,
 * the access log the citizen sees, delegation, export and erasure, national Kho synchronisation.
 */
export const datastoreModule: ModuleManifest = {
  name: 'datastore',
  provides: [DatastoreToken],
  requires: [IdentityToken],
  permissions: [
    { name: 'datastore.self', roles: ['citizen'], scope: 'province' },
    // Org-scoped and checked against the share's agency; no province-wide role reads a citizen's documents.
    { name: 'datastore.access', roles: ['agency_officer', 'agency_head'], scope: 'org' },
    { name: 'datastore.deliver', roles: ['agency_officer', 'agency_head'], scope: 'org' },
  ],
  staffNav: [{ href: '/quan-tri/kho', labelKey: 'datastore.staff.nav', permission: 'datastore.access', order: 60 }],
  services: (deps) => {
    const svc = deps.services.provide(DatastoreToken, createDatastoreService(deps));
    deps.services.get(IdentityToken).registerContributor({
      name: 'datastore',
      async accountSection(actor) {
        const a = await svc.acting(actor, null);
        const docs = await svc.documents(a);
        const unread = (await svc.notices(a)).filter((n) => !n.readAt).length;
        return { href: '/tai-khoan/kho', titleKey: 'datastore.title', summaryKey: unread ? 'datastore.account.summaryUnread' : 'datastore.account.summary', params: { n: docs.length, unread } };
      },
      exportData: async (actor) => svc.exportSummary((await svc.acting(actor, null)).ownerId),
      erase: (actor) => svc.eraseAll(actor),
    });
  },
  routes: datastoreRoutes,
  seed: async (deps, opts) => {
    if (!opts.demo) return;
    if (await seedDatastoreDemo(deps)) opts.log('datastore: demo citizen Kho with one shared document');
  },
  eventHandlers: (deps) => [
    defineHandler({
      name: 'datastore.notifyDelivered',
      events: ['datastore.result.delivered'],
      handle: (e, tx) => deps.services.get(DatastoreToken).notify(tx, e.id, 'delivered', e.payload),
    }),
    defineHandler({
      name: 'datastore.notifyOpened',
      events: ['datastore.document.opened'],
      handle: (e, tx) => deps.services.get(DatastoreToken).notify(tx, e.id, 'opened', e.payload),
    }),
  ],
  jobs: async (deps) => {
    const { nationalUrl, nationalToken } = deps.config.datastore;
    if (!nationalUrl || !nationalToken) return;
    const client = createNationalKhoClient({ baseUrl: nationalUrl, token: nationalToken });
    deps.jobs.define('datastore.nationalSync', async () => {
      const r = await syncPending(deps.db, deps.storage, deps.services.get(DatastoreToken).keys, client);
      if (r.synced || r.failed) deps.logger.info(r, 'datastore: national Kho synchronisation');
    });
    deps.jobs.schedule('datastore.nationalSync', '*/5 * * * *');
  },
};


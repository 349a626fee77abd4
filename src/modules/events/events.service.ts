import type { AppDeps } from '../../platform/modules.ts';
import { runCommand } from '../../platform/audit/command.ts';
import { requirePermission, type Actor } from '../../platform/auth/permissions.ts';
import { NotFoundError } from '../../platform/errors.ts';

export type EventsAdminService = ReturnType<typeof createEventsAdminService>;

export function createEventsAdminService(deps: AppDeps) {
  return {
    async overview(actor: Actor) {
      requirePermission(actor, 'events.deadLetters');
      const [counts, dead] = await Promise.all([deps.events.counts(), deps.events.deadLetters(200)]);
      return { pending: counts.pending, deadCount: counts.dead, dead };
    },

    /** Put a dead delivery back in the queue (audited), then try it at once. */
    async requeue(actor: Actor, eventId: number, handler: string): Promise<void> {
      await runCommand(deps.db, actor, 'events.delivery.requeue', async ({ tx, authorize, audit }) => {
        authorize('events.deadLetters');
        if (!(await deps.events.requeue(tx, eventId, handler))) throw new NotFoundError();
        await audit({ entityType: 'event_delivery', entityId: `${eventId}:${handler}`, before: { status: 'dead' }, after: { status: 'pending' } });
      });
      const queued = deps.jobs.enabled ? await deps.jobs.send('events.deliver') : null;
      if (!queued) await deps.events.deliverDue();
    },
  };
}

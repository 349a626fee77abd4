import type { Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { PlatformTables } from '../db/tables.ts';
import { requirePermission, type Actor } from '../auth/permissions.ts';
import { emitEvent, type EmittedEvent, type EventMap, type EventType } from '../events/events.ts';
import { eventBusFor } from '../events/bus.ts';

export type Tx = Transaction<PlatformTables>;

export interface AuditEntry {
  entityType: string;
  entityId?: string | number | null;
  orgId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Defaults to the command's name. */
  action?: string;
}

export interface CommandContext {
  tx: Tx;
  actor: Actor;
  /** Check a permission; throws ForbiddenError. Every command must call it at least once. */
  authorize(permission: string, orgId?: string | null): void;
  /** Record an audit row in this same transaction. Every command must record at least one. */
  audit(entry: AuditEntry): Promise<void>;
  /**
   * Record a domain event in this same transaction (transactional outbox): handlers and other nodes hear of
   * it only once the command commits, and never when it rolls back. The catalogue is in src/modules/README.md.
   */
  emit<K extends EventType>(type: K, payload: EventMap[K]): Promise<void>;
}

/**
 * Every staff write goes through a named command: permission checked, work and audit row in one
 * transaction. The runner refuses a command that forgot either, so the invariant cannot silently erode.
 */
export async function runCommand<T>(
  db: Db,
  actor: Actor,
  name: string,
  body: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  const bus = eventBusFor(db);
  const emitted: EmittedEvent[] = [];
  const result = await db.transaction().execute(async (tx) => {
    let authorized = false;
    let audited = 0;
    const ctx: CommandContext = {
      tx,
      actor,
      authorize(permission, orgId) {
        requirePermission(actor, permission, orgId);
        authorized = true;
      },
      async audit(entry) {
        await insertAudit(tx, actor, entry.action ?? name, entry);
        audited++;
      },
      async emit(type, payload) {
        emitted.push(await emitEvent(tx, type, payload, { actorLabel: actor.label, command: name, origin: bus?.nodeId, notify: bus ? bus.broadcasts : true }));
      },
    };
    const result = await body(ctx);
    if (!authorized) throw new Error(`Command ${name} did not check a permission`);
    if (audited === 0) throw new Error(`Command ${name} did not record an audit entry`);
    return result;
  });
  // Committed: this node hears of its events now (caches, handlers); other nodes through NOTIFY.
  if (emitted.length && bus) await bus.committed(emitted);
  return result;
}

export async function insertAudit(tx: Tx | Db, actor: Actor, action: string, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      actor_id: actor.kind === 'user' || actor.kind === 'citizen' ? actor.id : null,
      actor_label: actor.label,
      action,
      entity_type: entry.entityType,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      org_id: entry.orgId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: actor.ip ?? null,
      request_id: actor.requestId ?? null,
    })
    .execute();
}

import { sql, type Transaction } from 'kysely';
import type { PlatformTables } from '../db/tables.ts';
import type { EventTables } from './events.tables.ts';

/**
 * The event catalogue. Each module adds the events it emits by declaration merging:
 *
 *   declare module '../../platform/events/events.ts' {
 *     interface EventMap { 'content.guide.published': { guideId: string; slug: string } }
 *   }
 *
 * so `ctx.emit(type, payload)` and handlers are checked by the compiler. src/modules/README.md lists them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventMap {}

export type EventType = keyof EventMap & string;

export interface DomainEvent<K extends EventType = EventType> {
  id: number;
  type: K;
  payload: EventMap[K];
  actorLabel: string;
  createdAt: Date;
}

/** What a command (or a job's own transaction) records; delivered after commit, never when it rolls back. */
export interface EmittedEvent {
  id: number;
  type: EventType;
  payload: Record<string, unknown>;
}

/** The channel every node LISTENs on (PostgreSQL); the payload carries the event, not the outbox row. */
export const EVENTS_CHANNEL = 'dvc_events';
// NOTIFY payloads are limited to 8000 bytes; a larger payload goes without it (listeners then drop everything).
const NOTIFY_PAYLOAD_MAX = 7000;

type AnyTx = Transaction<PlatformTables> | Transaction<EventTables>;

/**
 * Write an event to the outbox inside the caller's transaction, and queue a NOTIFY that PostgreSQL sends to
 * every node only if that transaction commits. `origin` is the emitting node's id, so that node (which
 * delivers to itself at once, see EventBus.committed) ignores its own notification.
 */
export async function emitEvent<K extends EventType>(
  tx: AnyTx,
  type: K,
  payload: EventMap[K],
  meta: { actorLabel: string; command?: string | null; origin?: string | null; notify?: boolean },
): Promise<EmittedEvent> {
  const t = tx as unknown as Transaction<EventTables>;
  const row = await t
    .insertInto('events')
    .values({ type, payload: JSON.stringify(payload), actor_label: meta.actorLabel, command: meta.command ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (meta.notify !== false) {
    let message = JSON.stringify({ o: meta.origin ?? null, id: row.id, t: type, p: payload });
    if (message.length > NOTIFY_PAYLOAD_MAX) message = JSON.stringify({ o: meta.origin ?? null, id: row.id, t: type });
    await sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${message})`.execute(t);
  }
  return { id: row.id, type, payload: payload as Record<string, unknown> };
}

/**
 * A durable handler declared in a module manifest. The dispatcher runs it at least once per event, on one
 * node, inside a transaction that also marks the delivery done: its database writes therefore happen exactly
 * once, and anything it does outside the database (mail goes through the mail outbox, so use that) must be
 * idempotent. A handler that throws is retried with backoff, then listed as a dead letter.
 */
export interface EventHandler<K extends EventType = EventType> {
  /** Stable and unique, `<module>.<what>`: with the event id it is the dedupe key. Never rename a live one. */
  name: string;
  events: readonly K[];
  handle(event: DomainEvent<K>, tx: Transaction<PlatformTables>): Promise<void>;
}

/**
 * Called on every node right after an event commits (this node: directly; other nodes: LISTEN/NOTIFY on
 * PostgreSQL). Only for dropping in-memory caches: it is best effort, and `event` is undefined when a node may
 * have missed notifications (reconnect) or the payload was too large — then drop everything.
 */
export interface CacheListener<K extends EventType = EventType> {
  events: readonly K[];
  drop(event: { type: K; payload?: EventMap[K] } | undefined): void | Promise<void>;
}

/** Typed helpers so a manifest's `handle(event)` sees the payload of the events it names. */
export function defineHandler<K extends EventType>(h: EventHandler<K>): EventHandler {
  return h as unknown as EventHandler;
}
export function defineCacheListener<K extends EventType>(l: CacheListener<K>): CacheListener {
  return l as unknown as CacheListener;
}

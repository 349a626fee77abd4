import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import type { PlatformTables } from '../db/tables.ts';
import type { Jobs } from '../jobs/jobs.ts';
import type { Logger } from '../logger.ts';
import type { AppDeps, ModuleManifest } from '../modules.ts';
import type { EventTables } from './events.tables.ts';
import { EVENTS_CHANNEL, type CacheListener, type DomainEvent, type EmittedEvent, type EventHandler, type EventType } from './events.ts';

export const DELIVER_JOB = 'events.deliver';
export const CLEANUP_JOB = 'events.cleanup';

export interface DeliveryReport {
  delivered: number;
  failed: number;
  dead: number;
}

export interface DeadLetter {
  eventId: number;
  handler: string;
  type: string;
  payload: Record<string, unknown>;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EventBus {
  /** This node's id; a node ignores the NOTIFY of its own events (it delivered them to itself already). */
  readonly nodeId: string;
  addHandlers(handlers: EventHandler[]): void;
  addCacheListeners(listeners: CacheListener[]): void;
  /** Whether commands should queue a NOTIFY (not on PGlite: one node, delivered locally). */
  readonly broadcasts: boolean;
  /** After a commit on this node: drop local caches, then get the durable handlers run. */
  committed(events: EmittedEvent[]): Promise<void>;
  /** Fan new events out to their handlers and run every due delivery. The events.deliver job calls it. */
  deliverDue(opts?: { limit?: number; now?: Date }): Promise<DeliveryReport>;
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  counts(): Promise<{ pending: number; dead: number }>;
  /** Put a dead delivery back in the queue (inside the caller's audited command). */
  requeue(tx: Transaction<PlatformTables>, eventId: number, handler: string): Promise<boolean>;
  /**
   * Outbox cleanup: remove events older than `olderThanDays` whose every delivery is done (and events no handler
   * wanted). Pending and dead deliveries, and their events, stay until they are delivered or requeued.
   */
  purgeDelivered(opts: { olderThanDays: number; now?: Date; batch?: number }): Promise<number>;
  /** PostgreSQL: LISTEN for other nodes' events. A no-op on PGlite. */
  startListening(): Promise<void>;
  stop(): Promise<void>;
}

export interface EventBusOptions {
  database: Database;
  jobs: Jobs;
  logger: Logger;
  /** The connection string for the LISTEN connection (PostgreSQL only). */
  databaseUrl?: string;
  /** After this many failed attempts a delivery is dead (default 6). */
  maxAttempts?: number;
  /** First retry after this long, doubling each time (default 5 s), capped at backoffMaxMs (default 10 min). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

// runCommand finds the bus through the Kysely instance it is given, so no call site has to pass it along.
const buses = new WeakMap<object, EventBus>();
export function attachEventBus(db: Db, bus: EventBus): void {
  buses.set(db, bus);
}
export function eventBusFor(db: Db): EventBus | undefined {
  return buses.get(db);
}

/** Exponential backoff: base, 2·base, 4·base … capped. Exported for the tests. */
export function backoffMs(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

export function createEventBus(opts: EventBusOptions): EventBus {
  const { database, jobs, logger } = opts;
  const db = database.db as unknown as Kysely<EventTables>;
  const maxAttempts = opts.maxAttempts ?? 6;
  const base = opts.backoffBaseMs ?? 5000;
  const max = opts.backoffMaxMs ?? 600_000;
  const nodeId = randomUUID();
  const handlers = new Map<string, EventHandler>();
  const handlersByType = new Map<string, string[]>();
  const cacheListeners: CacheListener[] = [];
  let listener: pg.Client | undefined;
  let stopping = false;
  let reconnectTimer: NodeJS.Timeout | undefined;

  function dropCaches(type: string | undefined, payload: unknown) {
    for (const l of cacheListeners) {
      if (type && !(l.events as readonly string[]).includes(type)) continue;
      try {
        const r = l.drop(type ? ({ type, payload } as never) : undefined);
        if (r instanceof Promise) r.catch((err) => logger.warn({ err, type }, 'events: cache listener failed'));
      } catch (err) {
        logger.warn({ err, type }, 'events: cache listener failed');
      }
    }
  }

  async function fanOut(): Promise<void> {
    await db.transaction().execute(async (tx) => {
      const rows = await sql<{ id: number; type: string }>`
        SELECT id, type FROM events WHERE fanned_out_at IS NULL ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED`.execute(tx);
      if (rows.rows.length === 0) return;
      const deliveries = rows.rows.flatMap((e) => (handlersByType.get(e.type) ?? []).map((handler) => ({ event_id: e.id, handler })));
      if (deliveries.length) {
        await tx.insertInto('event_deliveries').values(deliveries).onConflict((oc) => oc.columns(['event_id', 'handler']).doNothing()).execute();
      }
      await tx.updateTable('events').set({ fanned_out_at: new Date() }).where('id', 'in', rows.rows.map((r) => r.id)).execute();
    });
  }

  type Outcome = 'done' | 'failed' | 'dead' | null;
  /** Claim one due delivery (SKIP LOCKED: two nodes never run the same one at once) and run its handler. */
  async function deliverOne(now: Date): Promise<{ outcome: Outcome; retryAt?: Date }> {
    return db.transaction().execute(async (tx) => {
      const found = await sql<{ event_id: number; handler: string; attempts: number; type: string; payload: Record<string, unknown>; actor_label: string; created_at: Date }>`
        SELECT d.event_id, d.handler, d.attempts, e.type, e.payload, e.actor_label, e.created_at
          FROM event_deliveries d JOIN events e ON e.id = d.event_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}
         ORDER BY d.next_attempt_at, d.event_id
         LIMIT 1
           FOR UPDATE OF d SKIP LOCKED`.execute(tx);
      const d = found.rows[0];
      if (!d) return { outcome: null };
      const where = (q: ReturnType<typeof tx.updateTable<'event_deliveries'>>) => q.where('event_id', '=', d.event_id).where('handler', '=', d.handler);
      const handler = handlers.get(d.handler);
      // The handler's writes and the "done" mark commit together; a failure rolls back only the handler.
      await sql`SAVEPOINT event_handler`.execute(tx);
      try {
        if (!handler) throw new Error(`no handler "${d.handler}" is registered on this node`);
        const event: DomainEvent = { id: d.event_id, type: d.type as EventType, payload: d.payload as never, actorLabel: d.actor_label, createdAt: d.created_at };
        await handler.handle(event, tx as unknown as Transaction<PlatformTables>);
        await sql`RELEASE SAVEPOINT event_handler`.execute(tx);
        await where(tx.updateTable('event_deliveries').set({ status: 'done', attempts: d.attempts + 1, last_error: null, updated_at: now })).execute();
        return { outcome: 'done' as const };
      } catch (err) {
        await sql`ROLLBACK TO SAVEPOINT event_handler`.execute(tx);
        const attempts = d.attempts + 1;
        const dead = attempts >= maxAttempts;
        const retryAt = new Date(now.getTime() + backoffMs(attempts, base, max));
        const message = String((err as Error)?.message ?? err).slice(0, 1000);
        await where(
          tx.updateTable('event_deliveries').set({ status: dead ? 'dead' : 'pending', attempts, last_error: message, next_attempt_at: dead ? now : retryAt, updated_at: now }),
        ).execute();
        logger.warn({ err, eventId: d.event_id, handler: d.handler, attempts, dead }, 'events: handler failed');
        return dead ? { outcome: 'dead' as const } : { outcome: 'failed' as const, retryAt };
      }
    });
  }

  async function deliverDue({ limit = 200, now }: { limit?: number; now?: Date } = {}): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, failed: 0, dead: 0 };
    await fanOut();
    let earliestRetry: Date | undefined;
    for (let i = 0; i < limit; i++) {
      const r = await deliverOne(now ?? new Date());
      if (r.outcome === null) break;
      if (r.outcome === 'done') report.delivered++;
      else if (r.outcome === 'dead') report.dead++;
      else {
        report.failed++;
        if (r.retryAt && (!earliestRetry || r.retryAt < earliestRetry)) earliestRetry = r.retryAt;
      }
    }
    // The once-a-minute sweep would pick retries up anyway; a delayed job keeps short backoffs short.
    if (earliestRetry && jobs.enabled) await jobs.send(DELIVER_JOB, {}, { startAfter: earliestRetry }).catch(() => null);
    return report;
  }

  async function connectListener(resync: boolean): Promise<void> {
    const client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'dvc-hub-events' });
    const retry = (err?: Error) => {
      if (err) logger.warn({ err }, 'events: LISTEN connection lost, reconnecting');
      client.removeAllListeners();
      client.on('error', () => {});
      void client.end().catch(() => {});
      if (listener === client) listener = undefined;
      if (stopping || reconnectTimer) return;
      reconnectTimer = setTimeout(() => {
        reconnectTimer = undefined;
        connectListener(true).catch((e) => retry(e as Error));
      }, 1000);
      reconnectTimer.unref();
    };
    client.on('error', retry);
    client.on('end', () => retry());
    client.on('notification', (msg) => {
      if (msg.channel !== EVENTS_CHANNEL || !msg.payload) return;
      try {
        const m = JSON.parse(msg.payload) as { o: string | null; t: string; p?: unknown };
        if (m.o === nodeId) return;
        if (m.p === undefined) dropCaches(undefined, undefined);
        else dropCaches(m.t, m.p);
      } catch (err) {
        logger.warn({ err }, 'events: bad notification');
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      // The database may be down at start: the app must still boot and answer 503 + Retry-After, so the
      // LISTEN connection is retried in the background instead of failing onReady.
      retry(err as Error);
      return;
    }
    listener = client;
    // Notifications sent while we were disconnected are gone: drop every cache once.
    if (resync) dropCaches(undefined, undefined);
  }

  return {
    nodeId,
    broadcasts: database.kind === 'postgres',
    addHandlers(list) {
      for (const h of list) {
        if (handlers.has(h.name)) throw new Error(`Two event handlers are named ${h.name}: handler names must be unique`);
        handlers.set(h.name, h);
        for (const t of h.events) handlersByType.set(t, [...(handlersByType.get(t) ?? []), h.name]);
      }
    },
    addCacheListeners(list) {
      cacheListeners.push(...list);
    },
    async committed(events) {
      for (const e of events) dropCaches(e.type, e.payload);
      if (!events.some((e) => handlersByType.has(e.type))) return;
      try {
        const queued = jobs.enabled ? await jobs.send(DELIVER_JOB) : null;
        // Jobs off (tests, or before the worker has started): deliver here and now.
        if (!queued) await deliverDue();
      } catch (err) {
        logger.warn({ err }, 'events: delivery after commit failed (the sweep retries)');
      }
    },
    deliverDue,
    async deadLetters(limit = 200) {
      const rows = await db
        .selectFrom('event_deliveries as d')
        .innerJoin('events as e', 'e.id', 'd.event_id')
        .select(['d.event_id', 'd.handler', 'd.attempts', 'd.last_error', 'd.updated_at', 'e.type', 'e.payload', 'e.created_at'])
        .where('d.status', '=', 'dead')
        .orderBy('d.updated_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ eventId: r.event_id, handler: r.handler, type: r.type, payload: r.payload, attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at, updatedAt: r.updated_at }));
    },
    async counts() {
      const r = await sql<{ pending: number; dead: number }>`
        SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'dead')::int AS dead
          FROM event_deliveries WHERE status <> 'done'`.execute(db);
      return r.rows[0] ?? { pending: 0, dead: 0 };
    },
    async requeue(tx, eventId, handler) {
      const res = await (tx as unknown as Transaction<EventTables>)
        .updateTable('event_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: new Date(), updated_at: new Date() })
        .where('event_id', '=', eventId)
        .where('handler', '=', handler)
        .where('status', '=', 'dead')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async purgeDelivered({ olderThanDays, now = new Date(), batch = 5000 }) {
      const cutoff = new Date(now.getTime() - olderThanDays * 86_400_000);
      let removed = 0;
      // In batches, so one run never holds a long lock or a huge transaction on a busy outbox.
      for (;;) {
        const r = await sql<{ id: number }>`
          DELETE FROM events WHERE id IN (
            SELECT e.id FROM events e
             WHERE e.created_at < ${cutoff} AND e.fanned_out_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = e.id AND d.status <> 'done')
             ORDER BY e.id LIMIT ${batch})
          RETURNING id`.execute(db);
        removed += r.rows.length;
        if (r.rows.length < batch) return removed;
      }
    },
    async startListening() {
      if (database.kind !== 'postgres' || !opts.databaseUrl || listener) return;
      stopping = false;
      await connectListener(false);
    },
    async stop() {
      stopping = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      const c = listener;
      listener = undefined;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => {});
        await c.end().catch(() => {});
      }
    },
  };
}

/**
 * Register every module's handlers and cache listeners, and the delivery job: sent after each commit that
 * has handlers, and (scheduleSweep) once a minute to pick up retries and anything a crash left behind.
 */
export function wireEvents(deps: AppDeps, modules: ModuleManifest[], opts: { scheduleSweep: boolean }): void {
  deps.jobs.define(CLEANUP_JOB, async () => {
    const removed = await deps.events.purgeDelivered({ olderThanDays: deps.config.eventsRetentionDays });
    if (removed) deps.logger.info({ removed, days: deps.config.eventsRetentionDays }, 'events: delivered events removed');
  });
  // 03:20 every night: delivered events older than EVENTS_RETENTION_DAYS leave the outbox.
  if (opts.scheduleSweep) deps.jobs.schedule(CLEANUP_JOB, '20 3 * * *');
  for (const m of modules) {
    deps.events.addHandlers(m.eventHandlers?.(deps) ?? []);
    deps.events.addCacheListeners(m.cacheListeners?.(deps) ?? []);
  }
  deps.jobs.define(DELIVER_JOB, async () => {
    await deps.events.deliverDue();
  });
  if (opts.scheduleSweep) deps.jobs.schedule(DELIVER_JOB, '* * * * *');
}

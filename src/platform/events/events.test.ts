import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../test/helpers.ts';
import { createJobs } from '../jobs/jobs.ts';
import { runCommand } from '../audit/command.ts';
import { SYSTEM_ACTOR } from '../auth/permissions.ts';
import { attachEventBus, backoffMs, createEventBus, type EventBus } from './bus.ts';
import { defineCacheListener, defineHandler, emitEvent } from './events.ts';

declare module './events.ts' {
  interface EventMap {
    'test.thing.done': { n: number };
    'test.other.done': { n: number };
  }
}

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;
const BASE = 1000;

describe('event outbox and delivery', () => {
  let t: TestDb;
  let bus: EventBus;
  // What the handlers did, and how they should behave on the next call.
  const calls: Record<string, number[]> = {};
  const failuresLeft: Record<string, number> = {};
  const dropped: Array<{ type: string; n?: number } | undefined> = [];
  const record = (name: string) => async (e: { payload: { n: number } }, tx: Parameters<Parameters<typeof defineHandler>[0]['handle']>[1]) => {
    (calls[name] ??= []).push(e.payload.n);
    // A write of the handler: it must commit with the "done" mark, and vanish when the handler fails.
    await sql`INSERT INTO test_effects (handler, n) VALUES (${name}, ${e.payload.n})`.execute(tx);
    if ((failuresLeft[name] ?? 0) > 0) {
      failuresLeft[name]!--;
      throw new Error(`${name} failed on purpose`);
    }
  };

  beforeAll(async () => {
    t = await createTestDb();
    await t.database.exec('CREATE TABLE test_effects (handler text NOT NULL, n int NOT NULL)');
    bus = createEventBus({ database: t.database, jobs: createJobs(t.database, false, silent), logger: silent, maxAttempts: 3, backoffBaseMs: BASE, backoffMaxMs: 60_000 });
    bus.addHandlers([
      defineHandler({ name: 'test.first', events: ['test.thing.done'], handle: record('test.first') }),
      defineHandler({ name: 'test.second', events: ['test.thing.done', 'test.other.done'], handle: record('test.second') }),
    ]);
    bus.addCacheListeners([defineCacheListener({ events: ['test.thing.done'], drop: (e) => void dropped.push(e ? { type: e.type, n: e.payload?.n } : undefined) })]);
    attachEventBus(t.database.db, bus);
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    for (const k of Object.keys(calls)) delete calls[k];
    for (const k of Object.keys(failuresLeft)) delete failuresLeft[k];
    dropped.length = 0;
    await t.database.exec('DELETE FROM test_effects; DELETE FROM event_deliveries; DELETE FROM events');
  });

  const effects = async () => (await sql<{ handler: string; n: number }>`SELECT handler, n FROM test_effects ORDER BY handler, n`.execute(t.database.db)).rows;
  const delivery = async (handler: string) =>
    (await sql<{ status: string; attempts: number; next_attempt_at: Date; last_error: string | null }>`
      SELECT status, attempts, next_attempt_at, last_error FROM event_deliveries WHERE handler = ${handler}`.execute(t.database.db)).rows[0];

  it('a committed command records its event with the writes and delivers it to every handler once', async () => {
    await runCommand(t.database.db, SYSTEM_ACTOR, 'test.command', async ({ authorize, audit, emit }) => {
      authorize('anything');
      await audit({ entityType: 'thing', entityId: 1 });
      await emit('test.thing.done', { n: 1 });
    });
    const rows = (await sql<{ type: string; command: string; payload: { n: number } }>`SELECT type, command, payload FROM events`.execute(t.database.db)).rows;
    expect(rows).toEqual([{ type: 'test.thing.done', command: 'test.command', payload: { n: 1 } }]);
    // Jobs are off in tests, so the node delivers right after commit.
    expect(calls).toEqual({ 'test.first': [1], 'test.second': [1] });
    expect(dropped).toEqual([{ type: 'test.thing.done', n: 1 }]);
    expect(await effects()).toEqual([{ handler: 'test.first', n: 1 }, { handler: 'test.second', n: 1 }]);
    // Delivered is delivered: further runs (the sweep, another node) find nothing to do.
    expect(await bus.deliverDue()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(calls['test.first']).toEqual([1]);
  });

  it('a rolled-back command emits nothing: no outbox row, no handler, no cache drop', async () => {
    await expect(
      runCommand(t.database.db, SYSTEM_ACTOR, 'test.command', async ({ authorize, audit, emit }) => {
        authorize('anything');
        await audit({ entityType: 'thing', entityId: 2 });
        await emit('test.thing.done', { n: 2 });
        throw new Error('validation failed after the emit');
      }),
    ).rejects.toThrow('validation failed');
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM events`.execute(t.database.db)).rows[0]!.n).toBe(0);
    await bus.deliverDue();
    expect(calls).toEqual({});
    expect(dropped).toEqual([]);
  });

  it('delivers at least once: an event committed by a node that died before delivering is delivered by the sweep, exactly once per handler', async () => {
    // Written in a plain transaction with no bus told about it — as if the process died right after COMMIT.
    await t.database.db.transaction().execute((tx) => emitEvent(tx, 'test.thing.done', { n: 3 }, { actorLabel: 'system' }));
    expect(calls).toEqual({});
    // Two sweeps at once (two nodes): each (event, handler) runs once.
    const [a, b] = await Promise.all([bus.deliverDue(), bus.deliverDue()]);
    expect(a.delivered + b.delivered).toBe(2);
    expect(calls).toEqual({ 'test.first': [3], 'test.second': [3] });
    await bus.deliverDue();
    expect(calls).toEqual({ 'test.first': [3], 'test.second': [3] });
  });

  it('retries a failing handler with exponential backoff; its writes of the failed attempt are rolled back; other handlers are not repeated', async () => {
    failuresLeft['test.first'] = 2;
    const t0 = new Date(Date.now() + 1000);
    await t.database.db.transaction().execute((tx) => emitEvent(tx, 'test.thing.done', { n: 4 }, { actorLabel: 'system' }));
    expect(await bus.deliverDue({ now: t0 })).toEqual({ delivered: 1, failed: 1, dead: 0 });
    let d = await delivery('test.first');
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_error: 'test.first failed on purpose' });
    expect(d!.next_attempt_at.getTime()).toBe(t0.getTime() + BASE);
    // Not due yet: nothing runs.
    expect(await bus.deliverDue({ now: new Date(t0.getTime() + BASE - 1) })).toEqual({ delivered: 0, failed: 0, dead: 0 });
    // Due: second attempt fails too, and the wait doubles.
    const t1 = new Date(t0.getTime() + BASE);
    expect(await bus.deliverDue({ now: t1 })).toEqual({ delivered: 0, failed: 1, dead: 0 });
    d = await delivery('test.first');
    expect(d!.attempts).toBe(2);
    expect(d!.next_attempt_at.getTime()).toBe(t1.getTime() + 2 * BASE);
    // Third attempt succeeds.
    expect(await bus.deliverDue({ now: new Date(t1.getTime() + 2 * BASE) })).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(await delivery('test.first')).toMatchObject({ status: 'done', attempts: 3, last_error: null });
    expect(calls).toEqual({ 'test.first': [4, 4, 4], 'test.second': [4] });
    // Only the successful attempt's write survived.
    expect(await effects()).toEqual([{ handler: 'test.first', n: 4 }, { handler: 'test.second', n: 4 }]);
    expect(backoffMs(10, BASE, 60_000)).toBe(60_000);
  });

  it('a handler that keeps failing becomes a dead letter an admin can list and requeue', async () => {
    failuresLeft['test.second'] = 99;
    await t.database.db.transaction().execute((tx) => emitEvent(tx, 'test.other.done', { n: 5 }, { actorLabel: 'system' }));
    let now = Date.now() + 1000;
    for (let i = 0; i < 3; i++) {
      await bus.deliverDue({ now: new Date(now) });
      now += 60_000;
    }
    expect(await delivery('test.second')).toMatchObject({ status: 'dead', attempts: 3 });
    // Dead letters are never retried on their own.
    await bus.deliverDue({ now: new Date(now + 3600_000) });
    expect(calls['test.second']).toHaveLength(3);
    const dead = await bus.deadLetters();
    expect(dead).toMatchObject([{ handler: 'test.second', type: 'test.other.done', payload: { n: 5 }, attempts: 3, lastError: 'test.second failed on purpose' }]);
    expect(await bus.counts()).toEqual({ pending: 0, dead: 1 });

    failuresLeft['test.second'] = 0;
    const requeued = await t.database.db.transaction().execute((tx) => bus.requeue(tx, dead[0]!.eventId, 'test.second'));
    expect(requeued).toBe(true);
    expect(await bus.deliverDue()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(await delivery('test.second')).toMatchObject({ status: 'done' });
    expect(await bus.counts()).toEqual({ pending: 0, dead: 0 });
  });

  it('refuses two handlers with the same name (the dedupe key)', () => {
    expect(() => bus.addHandlers([defineHandler({ name: 'test.first', events: ['test.other.done'], handle: async () => {} })])).toThrow(/unique/);
  });

  it('cleanup removes delivered events older than the retention, keeps recent, pending and dead ones', async () => {
    const emitAt = async (n: number, daysAgo: number) => {
      const e = await t.database.db.transaction().execute((tx) => emitEvent(tx, n % 2 ? 'test.other.done' : 'test.thing.done', { n }, { actorLabel: 'system' }));
      await sql`UPDATE events SET created_at = now() - make_interval(days => ${daysAgo}) WHERE id = ${e.id}`.execute(t.database.db);
      return e.id;
    };
    const oldDone = await emitAt(10, 40);
    const recentDone = await emitAt(12, 5);
    await bus.deliverDue();
    failuresLeft['test.second'] = 99;
    const oldDead = await emitAt(11, 40);
    let now = Date.now() + 1000;
    for (let i = 0; i < 3; i++) {
      await bus.deliverDue({ now: new Date(now) });
      now += 60_000;
    }
    expect(await delivery('test.second')).toBeDefined();
    // Never fanned out yet (a crash right after commit): kept, however old.
    const oldUnfanned = await emitAt(14, 40);
    expect(await bus.purgeDelivered({ olderThanDays: 30, batch: 1 })).toBe(1);
    const left = (await sql<{ id: number }>`SELECT id FROM events ORDER BY id`.execute(t.database.db)).rows.map((r) => r.id);
    expect(left).toEqual([recentDone, oldDead, oldUnfanned]);
    expect(left).not.toContain(oldDone);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM event_deliveries WHERE event_id = ${oldDone}`.execute(t.database.db)).rows[0]!.n).toBe(0);
    // A shorter retention reaches the recent one too; the dead letter stays for the admin.
    expect(await bus.purgeDelivered({ olderThanDays: 1 })).toBe(1);
    expect(await bus.counts()).toEqual({ pending: 0, dead: 1 });
  });
});

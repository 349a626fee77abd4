import PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';

export type JobHandler<T = Record<string, unknown>> = (data: T) => Promise<void>;

export interface SendOptions {
  /** Run no earlier than this. */
  startAfter?: Date;
  /** Only one queued job with this key at a time (pg-boss singletonKey). */
  singletonKey?: string;
  retryLimit?: number;
}

/**
 * The small job interface later modules use for reminders, mail and scheduled campaigns. Backed by pg-boss on
 * the same database (in process on PGlite through our single pool). With JOBS_ENABLED=false nothing is
 * queued and nothing polls: tests call runNow() to execute a handler deterministically.
 */
export interface Jobs {
  readonly enabled: boolean;
  define<T = Record<string, unknown>>(name: string, handler: JobHandler<T>): void;
  send(name: string, data?: Record<string, unknown>, options?: SendOptions): Promise<string | null>;
  /** Cron in Asia/Ho_Chi_Minh. */
  schedule(name: string, cron: string, data?: Record<string, unknown>): void;
  runNow(name: string, data?: Record<string, unknown>): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createJobs(database: Database, enabled: boolean, logger: Logger): Jobs {
  const handlers = new Map<string, JobHandler>();
  const schedules: Array<{ name: string; cron: string; data?: Record<string, unknown> }> = [];
  let boss: PgBoss | undefined;

  return {
    enabled,
    define(name, handler) {
      handlers.set(name, handler as JobHandler);
    },
    schedule(name, cron, data) {
      schedules.push({ name, cron, data });
    },
    async send(name, data = {}, options = {}) {
      if (!boss) return null;
      return boss.send(name, data, {
        startAfter: options.startAfter,
        singletonKey: options.singletonKey,
        retryLimit: options.retryLimit ?? 3,
        retryBackoff: true,
      });
    },
    async runNow(name, data = {}) {
      const h = handlers.get(name);
      if (!h) throw new Error(`No job handler ${name}`);
      await h(data);
    },
    async start() {
      if (!enabled) return;
      boss = new PgBoss({
        db: { executeSql: (text: string, values: unknown[]) => database.pool.query(text, values as unknown[]) },
        schema: 'pgboss',
        // Poll gently: on PGlite every query shares one session with web requests.
        pollingIntervalSeconds: 5,
        maintenanceIntervalSeconds: 300,
      } as PgBoss.ConstructorOptions);
      boss.on('error', (err) => logger.warn({ err }, 'job queue error'));
      await boss.start();
      for (const [name, handler] of handlers) {
        await boss.createQueue(name);
        await boss.work<Record<string, unknown>>(name, { batchSize: 1 }, async (jobs) => {
          for (const job of jobs) await handler(job.data ?? {});
        });
      }
      for (const s of schedules) {
        await boss.schedule(s.name, s.cron, s.data ?? {}, { tz: 'Asia/Ho_Chi_Minh' });
      }
    },
    async stop() {
      if (boss) await boss.stop({ graceful: true, timeout: 5000, close: false } as PgBoss.StopOptions);
      boss = undefined;
    },
  };
}

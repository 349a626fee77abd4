import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers.ts';
import { createJobs } from './jobs.ts';

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;

describe('jobs (pg-boss on the same database)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t.close());

  it('runs a queued job through pg-boss', async () => {
    const jobs = createJobs(t.database, true, silent);
    const seen: unknown[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    jobs.define<{ n: number }>('test.echo', async (data) => {
      seen.push(data.n);
      done();
    });
    await jobs.start();
    try {
      expect(await jobs.send('test.echo', { n: 42 })).toBeTruthy();
      await Promise.race([finished, new Promise((_, rej) => setTimeout(() => rej(new Error('job did not run')), 20_000))]);
      expect(seen).toEqual([42]);
    } finally {
      await jobs.stop();
    }
  });

  it('when disabled queues nothing, and runNow calls the handler directly', async () => {
    const jobs = createJobs(t.database, false, silent);
    let ran = 0;
    jobs.define('test.inline', async () => {
      ran++;
    });
    await jobs.start();
    expect(await jobs.send('test.inline')).toBeNull();
    await jobs.runNow('test.inline');
    expect(ran).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO, FORM, form, sessionFor, type TestApp } from '../../test/helpers.ts';

/** The staff item page has several forms with a "reason" field: each needs its own id, label and error link. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ SEED_DEMO: 'true' });
});
afterAll(async () => {
  await t.close();
});

const duplicateIds = (html: string) => {
  const seen = new Map<string, number>();
  for (const m of html.matchAll(/\sid="([^"]+)"/g)) seen.set(m[1]!, (seen.get(m[1]!) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
};

describe('staff item page ids', () => {
  it('every field id is unique, and a rejected "reject" form links its error to its own reason field', async () => {
    const s = await sessionFor(t.database, DEMO.coordinator);
    const queue = await t.app.inject({ url: '/quan-tri/phan-anh', headers: { cookie: s.cookie } });
    const code = /href="\/quan-tri\/phan-anh\/(PA-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3})"/.exec(queue.body)![1]!;
    const page = await t.app.inject({ url: `/quan-tri/phan-anh/${code}`, headers: { cookie: s.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="rejectReason"');
    expect(page.body).toContain('for="rejectReason"');
    expect(page.body).not.toContain('id="reason"');
    expect(duplicateIds(page.body)).toEqual([]);

    const res = await t.app.inject({ method: 'POST', url: `/quan-tri/phan-anh/${code}/tu-choi`, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, reason: '' }) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('href="#rejectReason"');
    expect(res.body).toContain('id="rejectReason-error"');
    expect(res.body).toContain('aria-describedby="rejectReason-error"');
    // Only the form that was sent shows the error.
    expect(res.body).not.toContain('id="reassignReason-error"');
    expect(duplicateIds(res.body)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { AssistantServiceToken } from './assistant.service.ts';

describe('assistant index after start-up seeding', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('afterSeed re-reads the national records loaded after the index was first built', async () => {
    const assistant = t.app.deps.services.get(AssistantServiceToken);
    await assistant.ready();
    const before = assistant.index.search('quycachvietlangdong');
    // Data that appears in the database behind the app's back, as the background demo seed does at start-up.
    await sql`UPDATE procedures SET name = name || ' quycachvietlangdong' WHERE code = (SELECT min(code) FROM procedures)`.execute(t.database.db);
    await assistant.reload();
    const after = assistant.index.search('quycachvietlangdong');
    const titles = (r: typeof before) => [...r.topRecords.map((h) => h.doc.title), r.unlinkedRecord?.doc.title ?? ''].join(' | ');
    expect(titles(before)).not.toContain('quycachvietlangdong');
    expect(titles(after)).toContain('quycachvietlangdong');
    // Two full index builds over the national catalogue: allow for a loaded CI machine (not a speed assertion).
  }, 120_000);
});

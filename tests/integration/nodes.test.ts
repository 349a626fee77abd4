import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { buildApp } from '../../src/app.ts';
import { SYSTEM_ACTOR } from '../../src/platform/auth/permissions.ts';
import { anonymousVisitor, createTestDb, csrfFrom, DEMO, FORM, form, mergeCookies, type TestDb } from '../../src/test/helpers.ts';
import { toGuideDoc } from '../../src/modules/content/content.types.ts';
import { AssistantServiceToken } from '../../src/modules/assistant/assistant.service.ts';
import { ContentServiceToken } from '../../src/modules/content/content.service.ts';
import { HttpClient, csrfOf, formAction, freePort } from '../../src/modules/identity/identity.test-client.ts';

/**
 * Several app nodes on one database. On PostgreSQL (the CI run with DATABASE_URL) this starts two full app
 * nodes — two Fastify apps, two connection pools, two pg-boss workers, two LISTEN connections — on one
 * database. On PGlite, which is one node by construction (one process owns the data directory), the same
 * assertions run against one node, so the delivery path is still exercised on every run rather than skipped.
 */
const kind = inject('template').kind;
const TWO_NODES = kind === 'postgres';

interface Node {
  app: FastifyInstance;
  database: Database;
  runs: string[];
}

const QUESTION = 'thủ tục đăng ký nuôi ong mật lấy mật ở xã';
const SLUG = 'dang-ky-nuoi-ong-mat';

describe(TWO_NODES ? 'two app nodes on one PostgreSQL database' : 'one app node on PGlite (single-node variant of the two-node test)', () => {
  let tdb: TestDb;
  let a: Node;
  let b: Node;
  let baseA: string;

  async function node(database: Database, config: TestDb['config']): Promise<Node> {
    const app = await buildApp({ config, database, logger: false });
    const runs: string[] = [];
    // A job every node can run: the test sends it from one node and counts where it ran.
    app.deps.jobs.define<{ id: string }>('test.nodes.once', async (data) => {
      runs.push(data.id);
    });
    await app.ready();
    await app.deps.jobs.start();
    // Build the assistant's index now (national records: seconds on a busy machine), as a warm node has it.
    await app.deps.services.get(AssistantServiceToken).ready();
    return { app, database, runs };
  }

  beforeAll(async () => {
    // Node A listens on a real port: the citizen signs in through the built-in OIDC provider over HTTP.
    const port = await freePort();
    baseA = `http://127.0.0.1:${port}`;
    tdb = await createTestDb({ JOBS_ENABLED: 'true', PORT: String(port), PUBLIC_URL: baseA });
    a = await node(tdb.database, tdb.config);
    await a.app.listen({ port, host: '127.0.0.1' });
    // Node B: its own pool on the same database (PostgreSQL); on PGlite, the same node.
    b = TWO_NODES ? await node(await openDatabase(tdb.config), tdb.config) : a;
  }, 300_000);

  afterAll(async () => {
    for (const n of TWO_NODES ? [b, a] : [a]) {
      if (!n) continue;
      await n.app.close();
      if (n !== a) await n.database.close();
    }
    await tdb?.close();
  });

  const ask = async (n: Node) => {
    const res = await n.app.inject({ method: 'POST', url: '/api/v1/assistant/ask', payload: { question: QUESTION }, remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
    expect(res.statusCode).toBe(200);
    return res.json() as { action: string; citations: Array<{ slug: string }> };
  };

  it('a guide published on node A is answered by the assistant on node B within two seconds', async () => {
    // B has built its index and cached the guide page as missing (5 s cache) before A publishes.
    const before = await ask(b);
    expect(before.citations.map((c) => c.slug)).not.toContain(SLUG);
    expect((await b.app.inject({ url: `/huong-dan/${SLUG}` })).statusCode).toBe(404);
    // B's render cache holds the public guide list (an anonymous visitor's copy) before A publishes.
    const stores = b.app.pageCache.stats().stores;
    const listBefore = await b.app.inject({ url: '/huong-dan' });
    expect(listBefore.headers['cache-control']).toMatch(/^public/);
    while (b.app.pageCache.stats().stores === stores) await new Promise((r) => setTimeout(r, 20));
    const hits = b.app.pageCache.stats().hits;
    expect((await b.app.inject({ url: '/huong-dan' })).body).not.toContain(`/huong-dan/${SLUG}"`);
    expect(b.app.pageCache.stats().hits).toBe(hits + 1);

    const content = a.app.deps.services.get(ContentServiceToken);
    const id = await content.createGuide(SYSTEM_ACTOR, {
      slug: SLUG,
      doc: toGuideDoc({
        title: 'Đăng ký cơ sở nuôi ong mật',
        summary: 'Hộ nuôi ong mật lấy mật đăng ký cơ sở chăn nuôi với UBND xã.',
        topic: 'khac',
        aliases: ['nuôi ong mật', 'đăng ký nuôi ong'],
        who: 'Hộ gia đình nuôi ong mật lấy mật.',
        prepare: ['Tờ khai cơ sở nuôi ong mật.'],
        steps: ['Nộp tờ khai đăng ký nuôi ong mật tại UBND xã.', 'Nhận giấy xác nhận.'],
        fees: 'Không thu phí.',
        processingTime: '5 ngày làm việc.',
        checkStatus: 'Hỏi UBND xã.',
        help: 'UBND xã nơi nuôi ong.',
      }),
    });
    await content.submitForReview(SYSTEM_ACTOR, id);
    expect(await content.approve(SYSTEM_ACTOR, id)).toBe('published');
    // Published = the approving command has committed on A.
    const published = Date.now();

    // Node B hears of it (LISTEN/NOTIFY) and re-reads: poll as a citizen would, for at most two seconds.
    let cited = false;
    while (!cited && Date.now() - published < 2000) {
      cited = (await ask(b)).citations.some((c) => c.slug === SLUG);
      if (!cited) await new Promise((r) => setTimeout(r, 100));
    }
    const elapsed = Date.now() - published;
    expect(cited, `node B cited the guide after ${elapsed} ms`).toBe(true);
    expect(elapsed).toBeLessThan(2000);
    // B's page cache was dropped too: the page is public on B at once, not after its 5 s cache.
    expect((await b.app.inject({ url: `/huong-dan/${SLUG}` })).statusCode).toBe(200);
    // …and its rendered pages: the cached guide list on B now lists the new guide, well within the max-age.
    const listAfter = await b.app.inject({ url: '/huong-dan' });
    expect(listAfter.body).toContain(`/huong-dan/${SLUG}"`);
    expect(listAfter.headers.etag).not.toBe(listBefore.headers.etag);
  }, 60_000);

  it('a job enqueued on one node runs exactly once across the nodes', async () => {
    const ids = ['j1', 'j2', 'j3', 'j4'];
    for (const id of ids) expect(await a.app.deps.jobs.send('test.nodes.once', { id })).toBeTruthy();
    const all = () => [...a.runs, ...(TWO_NODES ? b.runs : [])];
    const until = Date.now() + 25_000;
    while (all().length < ids.length && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    // Longer than a polling interval more: a second run would have happened by now.
    await new Promise((r) => setTimeout(r, 6000));
    expect(all().sort()).toEqual(ids);
  }, 45_000);

  it('a session made on node A works on node B, and signing out on B ends it on A', async () => {
    const v = await anonymousVisitor(a.app);
    const login = await a.app.inject({ method: 'POST', url: '/dang-nhap', headers: { ...FORM, cookie: v.cookie }, payload: form({ _csrf: v.csrf, email: DEMO.coordinator, password: DEMO.password }) });
    expect(login.statusCode).toBe(303);
    const cookie = mergeCookies(v.cookie, login);
    const onB = await b.app.inject({ url: '/quan-tri', headers: { cookie } });
    expect(onB.statusCode).toBe(200);
    expect(onB.body).toContain('Nguyễn Thị Điều Phối');
    // B accepts the session's CSRF token for a write, then ends the session for every node.
    const out = await b.app.inject({ method: 'POST', url: '/dang-xuat', headers: { ...FORM, cookie }, payload: form({ _csrf: csrfFrom(onB.body) }) });
    expect(out.statusCode).toBe(303);
    expect((await a.app.inject({ url: '/quan-tri', headers: { cookie } })).statusCode).toBe(303);
  });

  it('a citizen signed in on node A is signed in on node B', async () => {
    const c = new HttpClient(baseA);
    const providerForm = await c.go('GET', '/dang-nhap/cong-dan/bat-dau?muc=1&tiep=/tai-khoan');
    expect(providerForm.url).toMatch(/\/dev-oidc\/interaction\//);
    const done = await c.go('POST', formAction(providerForm.text), { _csrf: csrfOf(providerForm.text), so_dinh_danh: '036085099887', ho_ten: 'Lê Văn Hai Nút', loa: '1' });
    expect(new URL(done.url).pathname).toBe('/tai-khoan');
    expect(done.text).toContain('Lê Văn Hai Nút');
    // The same cookie on node B: B finds the citizen session in the shared database.
    const onB = await b.app.inject({ url: '/tai-khoan', headers: { cookie: c.cookieHeader() } });
    expect(onB.statusCode).toBe(200);
    expect(onB.body).toContain('Lê Văn Hai Nút');
    // Without the cookie B sends the visitor to sign in: the page above was the session's, not a public one.
    const anon = await b.app.inject({ url: '/tai-khoan' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toMatch(/^\/dang-nhap\/cong-dan/);
  }, 60_000);
});

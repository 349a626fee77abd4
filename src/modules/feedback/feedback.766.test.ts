import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { buildTestApp, DEMO, orgId, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/permissions.ts';
import { loadActorRoles } from '../../platform/auth/sessions.ts';
import type { FeedbackService } from './feedback.service.ts';
import * as metrics from './feedback.metrics.ts';
import { bumpRatingRollup, insertRating } from './feedback.repo.ts';
import { feedbackModule } from './index.ts';
import { FeedbackServiceToken } from './feedback.service.ts';

/**
 * Decision 766 indicator 5.3 and the sector targets on hand-computed fixtures. Items are driven through the
 * service (answer, verdict, re-open, re-answer); only their receipt day and deadline are moved with SQL, to place
 * them in a period and to make an answer late.
 */
let t: TestApp;
let svc: FeedbackService;
let skhcn: string;
let head: Actor;
let officer: Actor;

async function actor(email: string): Promise<Actor> {
  const u = await t.database.db.selectFrom('users').select(['id', 'full_name as name']).where('email', '=', email).executeTakeFirstOrThrow();
  return { kind: 'user', id: u.id, label: u.name, roles: await loadActorRoles(t.database.db, u.id) };
}

async function item(receivedDay: string, kind = 'phan-anh') {
  const r = await svc.submit(SYSTEM_ACTOR, { kind: kind as 'phan-anh', body: `Phản ánh mẫu để tính chỉ số 766 số ${Math.random()}`, orgId: skhcn, channel: 'web' });
  await sql`UPDATE fb_items SET received_day = ${receivedDay}::date WHERE code = ${r.code}`.execute(t.database.db);
  const key = (await sql<{ k: string }>`SELECT citizen_key AS k FROM fb_items WHERE code = ${r.code}`.execute(t.database.db)).rows[0]!.k;
  return { code: r.code, key };
}
async function answer(code: string, late = false) {
  if (late) await sql`UPDATE fb_items SET due_day = '2000-01-03' WHERE code = ${code}`.execute(t.database.db);
  // Four eyes: the officer drafts, the head approves.
  await svc.draftAnswer(officer, code, 'Câu trả lời của cơ quan cho phản ánh này.');
  await svc.approveAnswer(head, code);
}
const verdict = (i: { code: string; key: string }, satisfied: boolean) => svc.citizenVerdict(i.code, { key: i.key, satisfied });
const reopen = (i: { code: string; key: string }) => svc.citizenVerdict(i.code, { key: i.key, satisfied: false, reopen: true, reason: 'Câu trả lời chưa giải quyết được việc' });

beforeAll(async () => {
  t = await buildTestApp();
  svc = t.app.deps.services.get(FeedbackServiceToken);
  skhcn = await orgId(t.database, 'SKHCN');
  head = await actor(DEMO.headSkhcn);
  officer = await actor(DEMO.officerSkhcn);

  // March 2025: six handled PAKN, one open, one praise.
  const satisfied = await item('2025-03-10');
  await answer(satisfied.code);
  await verdict(satisfied, true); // → satisfied
  const silent = await item('2025-03-11');
  await answer(silent.code); // → chưa đánh giá (never satisfied)
  const reopenedSilent = await item('2025-03-12');
  await answer(reopenedSilent.code);
  await reopen(reopenedSilent);
  await answer(reopenedSilent.code); // second answer not rated yet: the re-open's verdict stands → unsatisfied, once
  const reopenedThenSatisfied = await item('2025-03-13');
  await answer(reopenedThenSatisfied.code);
  await reopen(reopenedThenSatisfied);
  await answer(reopenedThenSatisfied.code);
  await verdict(reopenedThenSatisfied, true); // final verdict → satisfied
  const lateSatisfied = await item('2025-03-14');
  await answer(lateSatisfied.code, true);
  await verdict(lateSatisfied, true); // answered late → late (subtracted once, whatever the verdict)
  const dislikedThenReopened = await item('2025-03-17');
  await answer(dislikedThenReopened.code);
  await verdict(dislikedThenReopened, false);
  await reopen(dislikedThenReopened); // disliked AND re-opened: still one unsatisfied item
  await item('2025-03-18'); // open, not handled: no outcome yet
  const praise = await item('2025-03-19', 'khen-ngoi');
  await answer(praise.code); // praise is not a PAKN

  // April 2025: one satisfied, one not.
  const a1 = await item('2025-04-10');
  await answer(a1.code);
  await verdict(a1, true);
  const a2 = await item('2025-04-11');
  await answer(a2.code);
  await verdict(a2, false);

  // Ratings for the sector targets (May 2025): land 3 of 4 satisfied, construction (incl. planning) 5 of 5,
  // investment 1 of 2, and one rating outside the three sectors.
  let i = 0;
  const rate = async (field: string, score: number) => {
    const day = '2025-05-20';
    await insertRating(t.database.db, { serviceCode: null, orgId: skhcn, field, commune: null, channel: 'web', score, ease: null, speed: null, attitude: null, clarity: null, comment: null, dossierCode: `S766-${i++}`, itemId: null, clientHash: null, day });
    await bumpRatingRollup(t.database.db, { day, orgId: skhcn, field, ldi: field !== 'Tư pháp', channel: 'web', score });
  };
  for (const s of [5, 4, 4, 2]) await rate('Đất đai', s);
  for (const s of [5, 5, 4]) await rate('Xây dựng', s);
  for (const s of [4, 5]) await rate('Quy hoạch xây dựng', s);
  for (const s of [5, 1]) await rate('Đầu tư tại Việt Nam', s);
  await rate('Tư pháp', 1);
}, 60_000);
afterAll(async () => t.close());

describe('Decision 766 indicator 5.3 (satisfaction in handling PAKN)', () => {
  it('counts each item once by its final state; silence is "chưa đánh giá", never satisfied', async () => {
    const march = await metrics.paknBreakdown(t.database.db, { from: '2025-03-01', to: '2025-03-31', orgId: skhcn });
    expect(march).toEqual({ handled: 6, satisfied: 2, unsatisfied: 2, late: 1, unrated: 1, rate: 33.33 });
  });

  it('is period-scoped by receipt day: month, another month, the year, an empty period', async () => {
    expect(await metrics.paknBreakdown(t.database.db, { from: '2025-04-01', to: '2025-04-30', orgId: skhcn })).toMatchObject({ handled: 2, satisfied: 1, unsatisfied: 1, rate: 50 });
    expect(await metrics.paknBreakdown(t.database.db, { from: '2025-01-01', to: '2025-12-31', orgId: skhcn })).toMatchObject({ handled: 8, satisfied: 3, rate: 37.5 });
    expect(await metrics.paknBreakdown(t.database.db, { from: '2024-01-01', to: '2024-12-31', orgId: skhcn })).toMatchObject({ handled: 0, rate: null });
    // The stat other modules read carries the sample and the module's minimum sample.
    expect(await feedbackModule.stats!['feedback.paknSatisfaction']!(t.app.deps, { from: '2025-03-01', to: '2025-03-31', orgId: skhcn })).toEqual({ value: 33.33, n: 6, minSample: 30 });
  });

  it('the rollup always equals a recount of the items (trigger keeps it in step on every change)', async () => {
    const recount = await sql<{ bucket: string; n: number }>`
      SELECT fb_pakn_bucket(kind, answered_day, late_once, final_verdict) AS bucket, count(*)::int AS n FROM fb_items
      WHERE fb_pakn_bucket(kind, answered_day, late_once, final_verdict) IS NOT NULL GROUP BY 1 ORDER BY 1`.execute(t.database.db);
    const rollup = await sql<{ bucket: string; n: number }>`SELECT bucket, sum(n)::int AS n FROM fb_pakn_rollup GROUP BY bucket HAVING sum(n) <> 0 ORDER BY bucket`.execute(t.database.db);
    expect(rollup.rows).toEqual(recount.rows);
  });

  it('the metrics page, CSV and XLSX show the breakdown and the small-sample warning', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/phan-anh/so-lieu?from=01/03/2025&to=31/03/2025&co-quan=${skhcn}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('chưa đánh giá 1');
    expect(page.body).toContain('33,3 % (n = 6)');
    expect(page.body).toContain('Mẫu nhỏ (dưới 30)');
    const csv = await t.app.inject({ method: 'GET', url: `/phan-anh/so-lieu.csv?from=01/03/2025&to=31/03/2025&co-quan=${skhcn}` });
    expect(csv.body).toContain('Hài lòng trong xử lý PAKN (766 5.3),33.33,6,Mẫu nhỏ (dưới 30): chưa đủ tin cậy');
    const xlsx = await t.app.inject({ method: 'GET', url: `/phan-anh/so-lieu.xlsx?from=01/05/2025&to=31/05/2025&co-quan=${skhcn}` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = (wb.getWorksheet('Chỉ số')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows).toContainEqual(['Hài lòng lĩnh vực đất đai (mục tiêu ≥ 85 %)', 75, 4, 'Mẫu nhỏ (dưới 30): chưa đủ tin cậy']);
    // The agency league carries the warning too (12 ratings for the agency in May).
    const league = (wb.getWorksheet('Xếp hạng')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(league.find((r) => r[6] === 12)?.[8]).toBe('Hài lòng: Mẫu nhỏ (dưới 30): chưa đủ tin cậy');
  });

  it("an agency's dashboard keeps its agency in the CSV/XLSX links and the filter form", async () => {
    const page = await t.app.inject({ method: 'GET', url: `/phan-anh/so-lieu?from=01/03/2025&to=31/03/2025&co-quan=${skhcn}` });
    const links = [...page.body.matchAll(/href="(\/phan-anh\/so-lieu\.(?:csv|xlsx)\?[^"]*)"/g)].map((x) => x[1]!.replace(/&amp;/g, '&'));
    expect(links).toHaveLength(2);
    for (const l of links) expect(new URL(l, 'http://x').searchParams.get('co-quan'), l).toBe(skhcn);
    expect(page.body).toContain(`<input type="hidden" name="co-quan" value="${skhcn}"`);
    // the link gives the agency's figures, not the province's
    const agency = await t.app.inject({ method: 'GET', url: links.find((l) => l.includes('.csv'))! });
    expect(agency.body).toContain('Hài lòng trong xử lý PAKN (766 5.3),33.33,6,');
    const otherAgency = await t.app.inject({ method: 'GET', url: links.find((l) => l.includes('.csv'))!.replace(skhcn, '00000000-0000-4000-8000-000000000000') });
    expect(otherAgency.body).toContain('Hài lòng trong xử lý PAKN (766 5.3),,0,');
    // without an agency there is none in the links
    const all = await t.app.inject({ method: 'GET', url: '/phan-anh/so-lieu?from=01/03/2025&to=31/03/2025' });
    expect(all.body).not.toContain('co-quan=');
  });
});

describe('sector targets (≥ 85 % each for land, construction, investment)', () => {
  it('computes each sector apart, and the pooled figure differs from every one of them', async () => {
    const p = { from: '2025-05-01', to: '2025-05-31', orgId: skhcn };
    expect(await metrics.ratingsBySector(t.database.db, p)).toEqual([
      { sector: 'land', n: 4, satisfied: 3, rate: 75 },
      { sector: 'construction', n: 5, satisfied: 5, rate: 100 },
      { sector: 'investment', n: 2, satisfied: 1, rate: 50 },
    ]);
    expect(await feedbackModule.stats!['feedback.satisfactionLandConstrInvest']!(t.app.deps, p)).toMatchObject({ value: 81.82, n: 11 });
    expect(await feedbackModule.stats!['feedback.satisfaction.construction']!(t.app.deps, p)).toEqual({ value: 100, n: 5, minSample: 30 });
    expect(await feedbackModule.stats!['feedback.satisfaction.land']!(t.app.deps, { ...p, from: '2025-06-01', to: '2025-06-30' })).toEqual({ value: null, n: 0, minSample: 30 });
  });
});

describe('agency names, never ids', () => {
  it('the league shows a name even for an agency no longer in the register', async () => {
    const gone = '00000000-0000-4000-8000-00000000dead';
    await sql`INSERT INTO fb_item_rollup (day, org_id, received, acknowledged) VALUES ('2024-02-10', ${gone}::uuid, 2, 2)`.execute(t.database.db);
    const page = await t.app.inject({ method: 'GET', url: '/phan-anh/so-lieu?from=01/02/2024&to=29/02/2024' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cơ quan không còn trong danh mục');
    expect(page.body).not.toContain(gone);
  });
});

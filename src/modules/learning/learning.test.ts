import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, csrfFrom, form, FORM, mergeCookies, sessionFor, DEMO, type TestApp } from '../../test/helpers.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { createLearningService, type Learner, type LearningService } from './learning.service.ts';
import { DEMO_CONTEST_SLUG, DEMO_QUESTIONS, DEMO_ROSTER_CODE } from './learning.seed.ts';
import * as repo from './learning.repo.ts';
import { LearningToken } from './learning.tokens.ts';

let t: TestApp;
let svc: LearningService;
beforeAll(async () => {
  t = await buildTestApp();
  svc = t.app.deps.services.get(LearningToken);
});
afterAll(async () => t?.close());

let citizenN = 0;
/** A citizen signed in through the SSO, as the identity module leaves it: principal with person key + session. */
async function citizen(name = 'Nguyễn Văn An'): Promise<{ cookie: string; csrf: string; learner: Learner }> {
  const key = sha256(`person-${++citizenN}-${Math.random()}`);
  const p = await sql<{ id: string }>`INSERT INTO principals (kind, display_name, person_key) VALUES ('citizen', ${name}, ${key}) RETURNING id`.execute(t.database.db);
  const token = randomToken();
  const csrf = randomToken(24);
  await sql`INSERT INTO sessions (id, principal_id, csrf_token, mfa_passed, ip, user_agent, expires_at) VALUES (${sha256(token)}, ${p.rows[0]!.id}::uuid, ${csrf}, true, '127.0.0.1', 'test', ${new Date(Date.now() + 3600_000)})`.execute(t.database.db);
  return { cookie: `dvc_sid=${token}`, csrf, learner: { personKey: key, name, principalId: p.rows[0]!.id, rosterId: null, unitId: null } };
}

/** Correct answers for a lesson's questions, as form fields. */
async function correctForm(questions: Array<{ id: string; type: string }>): Promise<Record<string, string | string[]>> {
  const out: Record<string, string | string[]> = {};
  for (const q of questions) {
    const v = (await repo.questionVersions(t.database.db, [{ q: q.id, v: 1 }]))[0]!;
    out[`q_${q.id}`] = 'value' in v.answer ? String(v.answer.value) : v.type === 'multiple' ? v.answer.optionIds : v.answer.optionIds[0]!;
  }
  return out;
}

describe('courses: demo, gating, progress, certificate', () => {
  it('lists at least three courses (one per audience) and the open demo contest, in HTML and JSON', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/hoc' });
    expect(page.statusCode).toBe(200);
    const api = (await t.app.inject({ method: 'GET', url: '/api/v1/courses' })).json() as { items: Array<{ audience: string }> };
    expect(new Set(api.items.map((i) => i.audience)).size).toBeGreaterThanOrEqual(3);
    const contests = (await t.app.inject({ method: 'GET', url: '/api/v1/contests' })).json() as { items: Array<{ slug: string; status: string }> };
    expect(contests.items.find((c) => c.slug === DEMO_CONTEST_SLUG)?.status).toBe('open');
  });

  it('locks lesson 2 of a sequential course until lesson 1 is passed; a signed-in citizen finishes and gets a certificate', async () => {
    const c = await citizen('Trần Thị Bình');
    const slug = 'can-bo-mot-cua-dvctt';
    expect((await t.app.inject({ method: 'GET', url: `/hoc/${slug}/bai/2`, headers: { cookie: c.cookie } })).statusCode).toBe(403);
    const l1 = await svc.lesson(slug, 1, c.learner);
    // A wrong answer set does not pass; the lesson stays open and lesson 2 stays locked.
    const wrong = Object.fromEntries(l1.questions.map((q) => [`q_${q.id}`, 'd']));
    const bad = await t.app.inject({ method: 'POST', url: `/hoc/${slug}/bai/1`, headers: { cookie: c.cookie, ...FORM }, payload: form({ _csrf: c.csrf, ...wrong }) });
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('Chưa đạt');
    const ok = await t.app.inject({ method: 'POST', url: `/hoc/${slug}/bai/1`, headers: { cookie: c.cookie, ...FORM }, payload: form({ _csrf: c.csrf, ...(await correctForm(l1.questions)) }) });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/hoc/${slug}/bai/2`);
    const l2 = await svc.lesson(slug, 2, c.learner);
    const done = await t.app.inject({ method: 'POST', url: `/hoc/${slug}/bai/2`, headers: { cookie: c.cookie, ...FORM }, payload: form({ _csrf: c.csrf, ...(await correctForm(l2.questions)) }) });
    expect(done.headers.location).toBe(`/hoc/${slug}`);
    const view = await svc.course(slug, c.learner);
    expect(view.complete).toBe(true);
    const code = view.certificateCode!;
    const v = (await t.app.inject({ method: 'GET', url: `/api/v1/certificates/${code}` })).json() as { valid: boolean; holder: string; course: string };
    expect(v).toMatchObject({ valid: true, holder: 'Trần T** B***', course: view.course.title });
    // The completion is in the coverage ledger once, as an official.
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM learn_completions WHERE person_key = ${c.learner.personKey} AND source = 'course' AND audience = 'officials'`.execute(t.database.db);
    expect(n.rows[0]!.n).toBe(1);
  });

  it('records the "learn → do" dossier code and refuses a missing one with a clear message', async () => {
    const c = await citizen();
    const slug = 'hoc-sinh-dvc-cho-gia-dinh';
    for (const n of [1, 2]) await svc.completeLesson(c.learner, slug, n, new Map(Object.entries(await correctForm((await svc.lesson(slug, n, c.learner)).questions)).map(([k, v]) => [k.slice(2), Array.isArray(v) ? { optionIds: v } : { optionId: v, value: Number(v) }])));
    const l3 = await svc.lesson(slug, 3, c.learner);
    const answers = await correctForm(l3.questions);
    const missing = await t.app.inject({ method: 'POST', url: `/hoc/${slug}/bai/3`, headers: { cookie: c.cookie, ...FORM }, payload: form({ _csrf: c.csrf, ...answers }) });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Nhập mã hồ sơ');
    const ok = await t.app.inject({ method: 'POST', url: `/hoc/${slug}/bai/3`, headers: { cookie: c.cookie, ...FORM }, payload: form({ _csrf: c.csrf, ...answers, dossierCode: 'h33.01-260101-0001' }) });
    expect(ok.statusCode).toBe(303);
    const p = await repo.progressOf(t.database.db, c.learner.personKey, l3.course.id);
    expect(p.find((x) => x.lessonId === l3.lesson.id)?.dossierCode).toBe('H33.01-260101-0001');
  });

  it('a guide published again flags its lessons and questions stale: left out of quizzes and contest pools until reviewed', async () => {
    const c = await citizen();
    const before = await svc.lesson('nguoi-dan-lam-quen-dvc', 2, null).catch(() => null);
    expect(before).toBeNull(); // locked for an anonymous visitor in a sequential course
    const l = await svc.lesson('nguoi-dan-lam-quen-dvc', 1, c.learner);
    expect(l.stale).toBe(false);
    expect(l.questions).toHaveLength(1);
    // What the event handler does when content.guide.published arrives for dang-nhap-dvc.
    await t.database.db.transaction().execute(async (tx) => {
      const r = await svc.guidePublished(tx, 'dang-nhap-dvc', new Date(Date.now() + 1000));
      expect(r.lessons).toBeGreaterThan(0);
      expect(r.questions).toBe(3);
    });
    const after = await svc.lesson('nguoi-dan-lam-quen-dvc', 1, c.learner);
    expect(after.stale).toBe(true);
    expect(after.questions).toHaveLength(0);
    const pool = await repo.poolCandidates(t.database.db, ['dang-nhap']);
    expect(pool).toHaveLength(0);
    const stale = await svc.staleItems();
    const q = stale.questions.find((x) => x.code === 'DVC-002')!;
    await svc.markReviewed(SYSTEM_ACTOR, 'question', q.questionId, q.version);
    expect(await repo.poolCandidates(t.database.db, ['dang-nhap'])).toHaveLength(1);
    await svc.markReviewed(SYSTEM_ACTOR, 'lesson', after.lesson.id);
    expect((await svc.lesson('nguoi-dan-lam-quen-dvc', 1, c.learner)).stale).toBe(false);
  });

  it('a contest refers to question versions: a revision leaves the drawn set untouched', async () => {
    const v = await svc.reviseQuestion(SYSTEM_ACTOR, 'DVC-010', { type: 'true_false', text: 'Thẻ căn cước bị mất có thể được cấp lại (sửa).', options: [{ id: 'a', text: 'Đúng' }, { id: 'b', text: 'Sai' }], answer: { optionIds: ['a'] }, reference: 'Luật Căn cước 2023' });
    expect(v).toBe(2);
    const q = (await repo.questionByCode(t.database.db, 'DVC-010'))!;
    expect((await repo.questionVersions(t.database.db, [{ q: q.id, v: 1 }]))[0]!.text).toBe(DEMO_QUESTIONS.find((x) => x.code === 'DVC-010')!.text);
    await expect(svc.createQuestion(SYSTEM_ACTOR, { code: 'BAD-1', tags: [], difficulty: 1, type: 'single', text: 'x', options: [{ id: 'a', text: 'A' }], answer: { optionIds: ['a'] }, reference: '' })).rejects.toMatchObject({ fields: { options: 'learning.errors.options' } });
  });
});

describe('contests: rules as data', () => {
  const DAY = 86_400_000;
  let clock = new Date('2026-10-05T03:00:00Z'); // Monday 10:00 ICT
  let contestSvc: LearningService;
  beforeAll(() => {
    contestSvc = createLearningService(t.app.deps, { now: () => clock });
  });
  const make = (slug: string, rules: Partial<Parameters<LearningService['createContest']>[1]['rules']> = {}) =>
    contestSvc.createContest(SYSTEM_ACTOR, {
      slug, title: `Thi ${slug}`, summary: '', audience: 'public', issuer: 'Sở KH&CN', opensAt: new Date('2026-10-05T00:00:00Z'), closesAt: new Date('2026-10-19T00:00:00Z'),
      rules: { round: 'week', attemptsPerRound: 2, scoring: 'best', pools: [{ tags: ['dvc'], count: 4 }], timeLimitSec: 600, prediction: true, identity: ['citizen'], ...rules },
    });
  const answerAll = async (id: string, learner: Learner, right: number) => {
    const v = await contestSvc.attemptView(id, { learner });
    const answers = [];
    for (const [i, q] of v.questions.entries()) {
      const key = (await repo.questionVersions(t.database.db, v.attempt.questions.filter((x) => x.q === q.id)))[0]!.answer;
      if (i < right) answers.push('value' in key ? { questionId: q.id, value: key.value } : { questionId: q.id, optionIds: key.optionIds });
      else answers.push('value' in key ? { questionId: q.id, value: key.value + 1 } : { questionId: q.id, optionIds: ['zz'] });
    }
    return answers;
  };

  it('limits attempts per person per round, keeps the best (best-of), stores the drawn set, and opens again next round', async () => {
    clock = new Date('2026-10-05T03:00:00Z');
    await make('thi-best');
    const c = await citizen();
    const a1 = await contestSvc.startAttempt(c.learner, 'thi-best');
    expect(a1.questions).toHaveLength(4);
    expect(JSON.stringify(a1.questions)).not.toContain('optionIds'); // no answer key leaks
    await contestSvc.saveAnswers(a1.attemptId, { learner: c.learner }, { answers: await answerAll(a1.attemptId, c.learner, 3) });
    clock = new Date(clock.getTime() + 60_000);
    expect((await contestSvc.submit(a1.attemptId, { learner: c.learner })).correct).toBe(3);
    const stored = (await repo.attemptById(t.database.db, a1.attemptId))!;
    expect(stored.questions.map((q) => q.q)).toEqual(a1.questions.map((q) => q.id));
    const a2 = await contestSvc.startAttempt(c.learner, 'thi-best');
    await contestSvc.saveAnswers(a2.attemptId, { learner: c.learner }, { answers: await answerAll(a2.attemptId, c.learner, 4) });
    await contestSvc.submit(a2.attemptId, { learner: c.learner });
    await expect(contestSvc.startAttempt(c.learner, 'thi-best')).rejects.toMatchObject({ code: 'learning.errors.noAttemptsLeft', status: 409 });
    const board = await contestSvc.leaderboard('thi-best');
    expect(board.rows).toHaveLength(1);
    expect(board.rows[0]!.correct).toBe(4);
    clock = new Date(clock.getTime() + 7 * DAY); // next week's round
    const a3 = await contestSvc.startAttempt(c.learner, 'thi-best');
    expect((await repo.attemptById(t.database.db, a3.attemptId))!.roundNo).toBe(2);
  });

  it('first-of keeps the first attempt even when a later one is better', async () => {
    clock = new Date('2026-10-05T03:00:00Z');
    await make('thi-first', { scoring: 'first' });
    const c = await citizen();
    const a1 = await contestSvc.startAttempt(c.learner, 'thi-first');
    await contestSvc.saveAnswers(a1.attemptId, { learner: c.learner }, { answers: await answerAll(a1.attemptId, c.learner, 1) });
    await contestSvc.submit(a1.attemptId, { learner: c.learner });
    const a2 = await contestSvc.startAttempt(c.learner, 'thi-first');
    await contestSvc.saveAnswers(a2.attemptId, { learner: c.learner }, { answers: await answerAll(a2.attemptId, c.learner, 4) });
    await contestSvc.submit(a2.attemptId, { learner: c.learner });
    expect((await contestSvc.leaderboard('thi-first')).rows[0]!.correct).toBe(1);
  });

  it('enforces the server-side deadline: later answers are refused and a late submit counts only what came in time', async () => {
    clock = new Date('2026-10-05T03:00:00Z');
    await make('thi-gio', { timeLimitSec: 60 });
    const c = await citizen();
    const a = await contestSvc.startAttempt(c.learner, 'thi-gio');
    expect(a.endsAt.getTime() - clock.getTime()).toBe(60_000);
    const answers = await answerAll(a.attemptId, c.learner, 4);
    await contestSvc.saveAnswers(a.attemptId, { learner: c.learner }, { answers: answers.slice(0, 2) });
    clock = new Date(clock.getTime() + 61_000); // the 3G connection dropped for a while
    await expect(contestSvc.saveAnswers(a.attemptId, { learner: c.learner }, { answers })).rejects.toMatchObject({ code: 'learning.errors.timeUp' });
    // A fresh service (another node, or caches expired) submits: everything it reads inside the transaction
    // goes through that transaction (PGlite has one connection; reading through the pool would wait for ever).
    const r = await createLearningService(t.app.deps, { now: () => clock }).submit(a.attemptId, { learner: c.learner });
    expect(r.correct).toBe(2);
    const stored = (await repo.attemptById(t.database.db, a.attemptId))!;
    expect(stored.submittedAt!.getTime()).toBe(a.endsAt.getTime());
    expect(stored.durationMs).toBe(60_000);
  });

  it('scores the prediction after the round closes against the counted participants, and ranks by the chain', async () => {
    clock = new Date('2026-10-05T03:00:00Z');
    await make('thi-du-doan', { round: 'whole' });
    const people = [await citizen('A A'), await citizen('B B'), await citizen('C C')];
    const predictions = [10, 3, 4];
    for (const [i, p] of people.entries()) {
      const a = await contestSvc.startAttempt(p.learner, 'thi-du-doan');
      await contestSvc.saveAnswers(a.attemptId, { learner: p.learner }, { answers: await answerAll(a.attemptId, p.learner, 3), prediction: predictions[i] });
      clock = new Date(clock.getTime() + 1000);
      await contestSvc.submit(a.attemptId, { learner: p.learner });
    }
    const open = await contestSvc.leaderboard('thi-du-doan');
    expect(open.round!.truth).toBeNull();
    expect(open.rows.map((r) => r.holder)).toEqual(['A A*', 'B B*', 'C C*']); // equal correct, same duration: submission time decides
    clock = new Date('2026-10-19T00:00:01Z');
    const closed = await contestSvc.leaderboard('thi-du-doan');
    expect(closed.round!.truth).toBe(3);
    expect(closed.rows.map((r) => [r.holder, r.rank])).toEqual([['B B*', 1], ['C C*', 2], ['A A*', 3]]);
    await expect(contestSvc.startAttempt(people[0]!.learner, 'thi-du-doan')).rejects.toMatchObject({ code: 'learning.errors.closed' });
  });

  it('excludes organisers and jury, refuses identities the rules do not accept, and checks ownership of attempts', async () => {
    clock = new Date('2026-10-05T03:00:00Z');
    await make('thi-loai-tru');
    const org = await citizen();
    await contestSvc.excludePerson(SYSTEM_ACTOR, 'thi-loai-tru', org.learner.personKey, 'jury');
    await expect(contestSvc.startAttempt(org.learner, 'thi-loai-tru')).rejects.toMatchObject({ code: 'learning.errors.excluded', status: 403 });
    const pupil = await contestSvc.rosterLearner(DEMO_ROSTER_CODE);
    await expect(contestSvc.startAttempt(pupil, 'thi-loai-tru')).rejects.toMatchObject({ code: 'learning.errors.rosterNotAccepted' });
    const other = await citizen();
    const mine = await citizen();
    const a = await contestSvc.startAttempt(mine.learner, 'thi-loai-tru');
    await expect(contestSvc.saveAnswers(a.attemptId, { learner: other.learner }, { answers: [] })).rejects.toMatchObject({ status: 403 });
    await expect(contestSvc.saveAnswers(a.attemptId, { learner: null, token: a.token }, { answers: [] })).resolves.toMatchObject({ saved: 0 });
  });
});

describe('contest over HTTP: roster code (API) and citizen (HTML, JS off), leaderboard by unit, certificate', () => {
  it('a pupil with a roster code starts, answers, submits through the API; the unit board shows participation against its size', async () => {
    const start = await t.app.inject({ method: 'POST', url: `/api/v1/contests/${DEMO_CONTEST_SLUG}/attempts`, payload: { rosterCode: 'hs-demo-2026' } });
    expect(start.statusCode).toBe(201);
    const a = start.json() as { attemptId: string; attemptToken: string; questions: Array<{ id: string; type: string; options: Array<{ id: string }> }>; endsAt: string };
    expect(a.questions).toHaveLength(5);
    const answers = a.questions.map((q) => (q.type === 'numeric' ? { questionId: q.id, value: 12 } : q.type === 'multiple' ? { questionId: q.id, optionIds: [q.options[0]!.id] } : { questionId: q.id, optionId: q.options[0]!.id }));
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/attempts/${a.attemptId}/answers`, headers: { 'x-attempt-token': a.attemptToken }, payload: { answers, prediction: 1234 } });
    expect(put.statusCode).toBe(200);
    expect((put.json() as { saved: number }).saved).toBe(5);
    const noToken = await t.app.inject({ method: 'POST', url: `/api/v1/attempts/${a.attemptId}/submit` });
    expect(noToken.statusCode).toBe(403);
    const sub = await t.app.inject({ method: 'POST', url: `/api/v1/attempts/${a.attemptId}/submit`, headers: { 'x-attempt-token': a.attemptToken } });
    expect(sub.statusCode).toBe(200);
    const r = sub.json() as { correct: number; total: number; score: number };
    expect(r.total).toBe(5);
    expect(await repo.countAnswers(t.database.db, [a.attemptId])).toBe(5);
    const units = (await t.app.inject({ method: 'GET', url: `/api/v1/contests/${DEMO_CONTEST_SLUG}/leaderboard?by=unit` })).json() as { items: Array<{ code: string; participants: number; size: number; rate: number }> };
    const school = units.items.find((u) => u.code === 'THPT-HY-01')!;
    expect(school).toMatchObject({ participants: 1, size: 420 });
    expect(school.rate).toBeCloseTo(0.2, 1);
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/contests/${DEMO_CONTEST_SLUG}/attempts`, payload: { rosterCode: 'HS-XXXX-YYYY' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toBeTruthy();
  });

  it('a signed-in citizen takes the demo contest with plain HTML forms and downloads a certificate; revocation shows on the public page', async () => {
    const c = await citizen('Lê Minh Châu');
    const page = await t.app.inject({ method: 'GET', url: `/cuoc-thi/${DEMO_CONTEST_SLUG}`, headers: { cookie: c.cookie } });
    expect(page.body).toContain('Lê Minh Châu');
    const start = await t.app.inject({ method: 'POST', url: `/cuoc-thi/${DEMO_CONTEST_SLUG}/bat-dau`, headers: { cookie: c.cookie, ...FORM }, payload: form({ _csrf: c.csrf }) });
    expect(start.statusCode).toBe(303);
    const url = start.headers.location as string;
    const cookie = mergeCookies(c.cookie, start);
    const attempt = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(attempt.statusCode).toBe(200);
    const names = [...new Set([...attempt.body.matchAll(/name="(q_[0-9a-f-]+)"/g)].map((m) => m[1]!))];
    expect(names).toHaveLength(5);
    const fields: Record<string, string> = { _csrf: csrfFrom(attempt.body), prediction: '1.000', action: 'save' };
    for (const n of names) fields[n] = /name="q_[^"]+" type="text"/.test(attempt.body) && attempt.body.includes(`name="${n}" type="text"`) ? '12' : 'a';
    const saved = await t.app.inject({ method: 'POST', url, headers: { cookie, ...FORM }, payload: form(fields) });
    expect(saved.headers.location).toBe(`${url}?da-luu`);
    const again = await t.app.inject({ method: 'GET', url: `${url}?da-luu`, headers: { cookie } });
    expect(again.body).toContain('Đã lưu câu trả lời');
    expect(again.body).toContain('value="1000"');
    const submitted = await t.app.inject({ method: 'POST', url, headers: { cookie, ...FORM }, payload: form({ ...fields, action: 'submit' }) });
    expect(submitted.headers.location).toBe(`${url}/ket-qua`);
    const result = await t.app.inject({ method: 'GET', url: `${url}/ket-qua`, headers: { cookie } });
    const code = /\/chung-nhan\/(CN-[A-Z0-9-]+)\.pdf/.exec(result.body)![1]!;
    const pdf = await t.app.inject({ method: 'GET', url: `/chung-nhan/${code}.pdf`, headers: { cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await t.app.inject({ method: 'GET', url: `/chung-nhan/${code}.pdf` })).statusCode).toBe(403);
    const pub = await t.app.inject({ method: 'GET', url: `/chung-nhan/${code}` });
    expect(pub.body).toContain('Chứng nhận hợp lệ');
    expect(pub.body).toContain('Lê M*** C***');
    expect(pub.body).not.toContain('Lê Minh Châu');
    const admin = await sessionFor(t.database, DEMO.admin);
    const rev = await t.app.inject({ method: 'POST', url: `/quan-tri/hoc-tap/chung-nhan/${code}/thu-hoi`, headers: { cookie: admin.cookie, ...FORM }, payload: form({ _csrf: admin.csrf, reason: 'Thi hộ' }) });
    expect(rev.statusCode).toBe(303);
    expect(((await t.app.inject({ method: 'GET', url: `/api/v1/certificates/${code}` })).json() as { valid: boolean }).valid).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/certificates/CN-AAAA-BBBBBB' })).statusCode).toBe(404);
    const docx = await t.app.inject({ method: 'GET', url: `/quan-tri/hoc-tap/cuoc-thi/${DEMO_CONTEST_SLUG}/ket-qua.docx`, headers: { cookie: admin.cookie } });
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

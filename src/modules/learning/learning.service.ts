import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/modules.ts';
import { runCommand, type Tx } from '../../platform/audit/command.ts';
import type { Actor } from '../../platform/auth/permissions.ts';
import { findPrincipal } from '../../platform/auth/principals.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { ContentToken } from '../content/api.ts';
import { IdentityToken } from '../identity/api.ts';
import * as repo from './learning.repo.ts';
import {
  AUDIENCES, QUESTION_TYPES, countingAttempt, drawRandom, isCorrect, maskName, rank, roundsFor, validateRules,
  type AnswerKey, type ContestRules, type GivenAnswer, type QuestionOption, type QuestionType, type Standing,
} from './learning.rules.ts';

declare module '../../platform/events/events.ts' {
  interface EventMap {
    /** A certificate was revoked: its verification page now says so. */
    'learning.certificate.revoked': { code: string };
  }
}

/** Who is learning or taking part: a signed-in citizen (person key) or a pupil from a school roster. */
export interface Learner {
  personKey: string;
  name: string;
  principalId: string | null;
  rosterId: string | null;
  unitId: string | null;
}

export type ContestStatus = 'upcoming' | 'open' | 'closed';
export const contestStatus = (c: { opensAt: Date; closesAt: Date }, now = new Date()): ContestStatus =>
  now < c.opensAt ? 'upcoming' : now >= c.closesAt ? 'closed' : 'open';

/** The question as a learner sees it: never the answer key. */
export interface PublicQuestion {
  id: string;
  text: string;
  type: QuestionType;
  options: QuestionOption[];
}
const publicQuestion = (q: repo.QuestionVersionRow): PublicQuestion => ({ id: q.questionId, text: q.text, type: q.type, options: q.options });

export interface QuestionInput {
  code: string;
  tags: string[];
  difficulty: number;
  type: QuestionType;
  text: string;
  options: QuestionOption[];
  answer: AnswerKey;
  reference: string;
  guideSlug?: string | null;
}

const ROSTER_PREFIX = 'roster:';
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function readableCode(n: number): string {
  const b = randomBytes(n);
  return [...b].map((x) => CODE_ALPHABET[x % CODE_ALPHABET.length]).join('');
}
export const normaliseRosterCode = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** Parse what a learner sent for one question, whatever the channel (JSON or form). */
export function parseGiven(raw: unknown): GivenAnswer | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const out: GivenAnswer = {};
  if (typeof r.optionId === 'string') out.optionId = r.optionId.slice(0, 20);
  if (Array.isArray(r.optionIds)) out.optionIds = r.optionIds.filter((x): x is string => typeof x === 'string').slice(0, 20).map((x) => x.slice(0, 20));
  if (typeof r.value === 'number' && Number.isFinite(r.value)) out.value = r.value;
  if (typeof r.value === 'string' && r.value.trim() !== '' && Number.isFinite(Number(r.value.replace(/\./g, '').replace(',', '.')))) out.value = Number(r.value.replace(/\./g, '').replace(',', '.'));
  return Object.keys(out).length ? out : undefined;
}

export function createLearningService(deps: AppDeps, opts: { now?: () => Date; random?: () => number } = {}) {
  const { db } = deps;
  const now = opts.now ?? (() => new Date());
  const content = () => deps.services.optional(ContentToken);
  const identity = () => deps.services.get(IdentityToken);

  /** The guide's current publication (its version stamp), or null when it is not public. */
  async function guideStamp(slug: string | null | undefined): Promise<Date | null> {
    if (!slug) return null;
    const g = await content()?.getPublishedGuide(slug);
    return g ? new Date(g.updatedAt) : null;
  }

  function validateQuestion(q: QuestionInput): void {
    const f: Record<string, string> = {};
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(q.code ?? '')) f.code = 'learning.errors.questionCode';
    if (!QUESTION_TYPES.includes(q.type)) f.type = 'learning.errors.questionType';
    if (!q.text?.trim()) f.text = 'learning.errors.questionText';
    if (![1, 2, 3].includes(q.difficulty)) f.difficulty = 'learning.errors.difficulty';
    if (q.type === 'numeric') {
      if (!('value' in q.answer) || !Number.isFinite(q.answer.value)) f.answer = 'learning.errors.answer';
    } else {
      const ids = new Set(q.options.map((o) => o.id));
      const key = 'optionIds' in q.answer ? q.answer.optionIds : [];
      if (q.options.length < 2 || ids.size !== q.options.length) f.options = 'learning.errors.options';
      else if (key.length === 0 || key.some((k) => !ids.has(k)) || (q.type !== 'multiple' && key.length !== 1)) f.answer = 'learning.errors.answer';
      if (q.type === 'true_false' && q.options.length !== 2) f.options = 'learning.errors.options';
    }
    if (Object.keys(f).length) throw new ValidationError(f);
  }

  async function scoreQuestions(q: Tx | typeof db, refs: Array<{ q: string; v: number }>, answers: Map<string, unknown>): Promise<number> {
    const versions = await versionsOf(q, refs);
    return versions.filter((v) => isCorrect(v.type, v.answer, parseGiven(answers.get(v.questionId)))).length;
  }

  /**
   * Contest-day caches (one node's memory; nothing another node needs): a contest with its rounds and a pool's
   * candidates live a few seconds (a question flagged stale leaves the draw within HOT_TTL_MS); a question
   * version never changes, so its text and key are kept (bounded).
   */
  const HOT_TTL_MS = 3000;
  const contestCache = new Map<string, { at: number; contest: repo.ContestRow; rounds: repo.RoundRow[] }>();
  const poolCache = new Map<string, { at: number; rows: Array<{ q: string; v: number }> }>();
  const versionCache = new Map<string, repo.QuestionVersionRow>();
  async function hotContest(slug: string) {
    const hit = contestCache.get(slug);
    if (hit && Date.now() - hit.at < HOT_TTL_MS) return hit;
    const contest = await repo.contestBySlug(db, slug);
    if (!contest) return undefined;
    const entry = { at: Date.now(), contest, rounds: await repo.roundsOf(db, contest.id) };
    if (contestCache.size > 200) contestCache.clear();
    contestCache.set(slug, entry);
    return entry;
  }
  const byIdCache = new Map<string, { at: number; contest: repo.ContestRow }>();
  /** Inside a transaction pass its tx: on PGlite the pool has one connection and `db` would wait for ever. */
  async function contestOf(id: string, q: Tx | typeof db = db): Promise<repo.ContestRow> {
    const hit = byIdCache.get(id);
    if (hit && Date.now() - hit.at < HOT_TTL_MS) return hit.contest;
    const contest = (await repo.contestById(q, id))!;
    if (byIdCache.size > 200) byIdCache.clear();
    byIdCache.set(id, { at: Date.now(), contest });
    return contest;
  }
  async function hotPool(tags: string[]) {
    const key = [...tags].sort().join('|');
    const hit = poolCache.get(key);
    if (hit && Date.now() - hit.at < HOT_TTL_MS) return hit.rows;
    const rows = await repo.poolCandidates(db, tags);
    if (poolCache.size > 200) poolCache.clear();
    poolCache.set(key, { at: Date.now(), rows });
    return rows;
  }
  /** Question versions in the order asked (immutable rows: cached; the stale flag is not used from here). */
  async function versionsOf(q: Tx | typeof db, refs: Array<{ q: string; v: number }>): Promise<repo.QuestionVersionRow[]> {
    const missing = refs.filter((r) => !versionCache.has(`${r.q}:${r.v}`));
    if (missing.length) {
      if (versionCache.size > 20_000) versionCache.clear();
      for (const row of await repo.questionVersions(q, missing)) versionCache.set(`${row.questionId}:${row.version}`, row);
    }
    return refs.map((r) => versionCache.get(`${r.q}:${r.v}`)).filter((x): x is repo.QuestionVersionRow => Boolean(x));
  }

  const certificateCode = () => `CN-${readableCode(4)}-${readableCode(6)}`;

  const service = {
    now,

    // ------------------------------------------------------------ learners

    /** The learner behind a request: a signed-in citizen, else a roster pupil (by the id from a signed cookie). */
    async learnerFor(actor: Actor, rosterId?: string | null): Promise<Learner | null> {
      if (actor.kind === 'citizen' && actor.id) {
        const p = await findPrincipal(db, actor.id);
        if (p?.personKey) return { personKey: p.personKey, name: p.displayName, principalId: p.id, rosterId: null, unitId: null };
      }
      if (rosterId && isUuid(rosterId)) {
        const r = await repo.rosterById(db, rosterId);
        if (r) return { personKey: ROSTER_PREFIX + r.id, name: r.displayName, principalId: null, rosterId: r.id, unitId: r.unitId };
      }
      return null;
    },

    /** A pupil types the one-time code their school handed out; unknown codes are refused. */
    async rosterLearner(code: string): Promise<Learner> {
      const c = normaliseRosterCode(code ?? '');
      if (c.length < 8 || c.length > 20) throw new ValidationError({ code: 'learning.errors.rosterCodeFormat' });
      const r = await repo.useRosterCode(db, sha256(c));
      if (!r) throw new ValidationError({ code: 'learning.errors.rosterCodeUnknown' });
      return { personKey: ROSTER_PREFIX + r.id, name: r.displayName, principalId: null, rosterId: r.id, unitId: r.unitId };
    },

    /** Issue one-time codes for the pupils of a cohort (returned once, stored only as hashes). */
    async issueRosterCodes(actor: Actor, cohortId: string, names: string[]): Promise<Array<{ name: string; code: string }>> {
      return runCommand(db, actor, 'learning.roster.issue', async ({ tx, authorize, audit }) => {
        authorize('learning.manage');
        const out: Array<{ name: string; code: string }> = [];
        for (const name of names.map((n) => n.trim()).filter(Boolean)) {
          const code = `HS${readableCode(8)}`;
          await repo.insertRoster(tx, { cohortId, displayName: name.slice(0, 200), codeHash: sha256(code) });
          out.push({ name, code: `${code.slice(0, 2)}-${code.slice(2, 6)}-${code.slice(6)}` });
        }
        await audit({ entityType: 'learn_cohort', entityId: cohortId, after: { codes: out.length } });
        return out;
      });
    },

    // ------------------------------------------------------------ courses

    async listCourses() {
      return repo.listCourses(db);
    },

    /** A course with its lessons, each marked done / open / locked (sequential gating) for this learner. */
    async course(slug: string, learner: Learner | null) {
      const c = await repo.courseBySlug(db, slug);
      if (!c || c.status !== 'published') throw new NotFoundError();
      const lessons = await repo.lessonsOf(db, c.id);
      const done = new Map((learner ? await repo.progressOf(db, learner.personKey, c.id) : []).map((p) => [p.lessonId, p]));
      let open = true;
      const items = lessons.map((l) => {
        const isDone = done.has(l.id);
        const state: 'done' | 'open' | 'locked' = isDone ? 'done' : !c.sequential || open ? 'open' : 'locked';
        if (!isDone) open = false;
        return { ...l, state, progress: done.get(l.id) ?? null };
      });
      const complete = lessons.length > 0 && items.every((i) => i.state === 'done');
      const cert = learner && complete ? (await repo.certificatesOf(db, learner.personKey)).find((x) => x.kind === 'course' && x.sourceId === c.id) : undefined;
      return { course: c, lessons: items, complete, certificateCode: cert?.code ?? null };
    },

    /** One lesson: refused while an earlier lesson of a sequential course is not done. Stale questions are left out. */
    async lesson(slug: string, position: number, learner: Learner | null) {
      const view = await service.course(slug, learner);
      const l = view.lessons.find((x) => x.position === position);
      if (!l) throw new NotFoundError();
      if (l.state === 'locked') throw new AppError('learning.errors.locked', 403);
      const refs = await repo.lessonQuestionRefs(db, l.id);
      const questions = (await repo.questionVersions(db, refs)).filter((q) => q.staleSince === null);
      const guide = l.guideSlug ? await content()?.getPublishedGuide(l.guideSlug) : undefined;
      const currentStamp = guide ? new Date(guide.updatedAt) : null;
      // Compared on read as well as through the event: a guide published since the lesson was written.
      const stale = l.staleSince !== null || Boolean(l.guideSlug && l.guideStamp && currentStamp && currentStamp.getTime() !== new Date(l.guideStamp).getTime());
      return { ...view, lesson: l, questions: questions.map(publicQuestion), guide: guide ?? null, stale };
    },

    /**
     * Hand in a lesson's quiz (and its "learn → do" dossier code): done when the share of correct answers reaches
     * the lesson's pass mark. Finishing the last lesson issues the certificate and writes the coverage ledger.
     */
    async completeLesson(learner: Learner, slug: string, position: number, answers: Map<string, unknown>, dossierCode?: string) {
      const view = await service.lesson(slug, position, learner);
      const l = view.lesson;
      const refs = (await repo.lessonQuestionRefs(db, l.id)).filter((r) => view.questions.some((q) => q.id === r.q));
      const correct = await scoreQuestions(db, refs, answers);
      const total = refs.length;
      let code: string | null = null;
      if (l.task === 'dossier') {
        code = (dossierCode ?? '').trim().toUpperCase();
        if (!/^[A-Z0-9.\-/]{6,40}$/.test(code)) throw new ValidationError({ dossierCode: 'learning.errors.dossierCode' });
      }
      const passed = total === 0 || correct / total >= l.passRatio;
      if (!passed) return { passed, correct, total, certificateCode: null as string | null };
      let certificateCode: string | null = null;
      await db.transaction().execute(async (tx) => {
        await repo.saveProgress(tx, { personKey: learner.personKey, lessonId: l.id, correct, total, dossierCode: code });
        const lessons = await repo.lessonsOf(tx, l.courseId);
        const done = new Set((await repo.progressOf(tx, learner.personKey, l.courseId)).map((p) => p.lessonId));
        if (lessons.every((x) => done.has(x.id))) {
          certificateCode = await service.issue(tx, { kind: 'course', sourceId: view.course.id, title: view.course.title, issuer: view.course.issuer, learner });
          await repo.addCompletion(tx, { personKey: learner.personKey, unitId: learner.unitId, audience: view.course.audience, source: 'course', sourceRef: view.course.slug, completedOn: todayInVietnam(now()) });
        }
      });
      return { passed, correct, total, certificateCode };
    },

    // ------------------------------------------------------------ question bank and staleness

    async createQuestion(actor: Actor, q: QuestionInput): Promise<{ id: string; version: number }> {
      validateQuestion(q);
      const stamp = await guideStamp(q.guideSlug);
      return runCommand(db, actor, 'learning.question.create', async ({ tx, authorize, audit }) => {
        authorize('learning.manage');
        if (await repo.questionByCode(tx, q.code)) throw new ValidationError({ code: 'learning.errors.questionCodeTaken' });
        const id = await repo.insertQuestion(tx, { code: q.code, tags: q.tags, difficulty: q.difficulty });
        await repo.insertQuestionVersion(tx, { questionId: id, version: 1, type: q.type, text: q.text.trim(), options: q.options, answer: q.answer, reference: q.reference, guideSlug: q.guideSlug ?? null, guideStamp: stamp });
        await audit({ entityType: 'learn_question', entityId: id, after: { code: q.code, version: 1 } });
        return { id, version: 1 };
      });
    },

    /** A new version; contests and quizzes that referenced an older one keep it. */
    async reviseQuestion(actor: Actor, code: string, q: Omit<QuestionInput, 'code' | 'tags' | 'difficulty'>): Promise<number> {
      validateQuestion({ ...q, code, tags: [], difficulty: 1 });
      const stamp = await guideStamp(q.guideSlug);
      return runCommand(db, actor, 'learning.question.revise', async ({ tx, authorize, audit }) => {
        authorize('learning.manage');
        const cur = await repo.questionByCode(tx, code);
        if (!cur) throw new NotFoundError();
        const version = cur.currentVersion + 1;
        await repo.insertQuestionVersion(tx, { questionId: cur.id, version, type: q.type, text: q.text.trim(), options: q.options, answer: q.answer, reference: q.reference, guideSlug: q.guideSlug ?? null, guideStamp: stamp });
        await audit({ entityType: 'learn_question', entityId: cur.id, after: { code, version } });
        return version;
      });
    },

    /** Event handler: a guide was published again; lessons and questions that cite an older publication go stale. */
    async guidePublished(tx: Tx, slug: string, at: Date) {
      return repo.markGuideChanged(tx, slug, at);
    },

    async staleItems() {
      return { lessons: await repo.staleLessons(db), questions: await repo.staleQuestions(db) };
    },

    /** Reviewed: the lesson or question now cites the guide's current publication and is used again. */
    async markReviewed(actor: Actor, kind: 'lesson' | 'question', id: string, version?: number): Promise<void> {
      if (!isUuid(id)) throw new NotFoundError();
      const slug =
        kind === 'lesson'
          ? (await sql<{ s: string | null }>`SELECT guide_slug AS s FROM learn_lessons WHERE id = ${id}::uuid`.execute(db)).rows[0]?.s
          : (await sql<{ s: string | null }>`SELECT guide_slug AS s FROM learn_question_versions WHERE question_id = ${id}::uuid AND version = ${version ?? 0}`.execute(db)).rows[0]?.s;
      const stamp = await guideStamp(slug);
      await runCommand(db, actor, 'learning.review', async ({ tx, authorize, audit }) => {
        authorize('learning.manage');
        const n = kind === 'lesson' ? await repo.clearLessonStale(tx, id, stamp) : await repo.clearQuestionStale(tx, id, version ?? 0, stamp);
        if (n === 0) throw new NotFoundError();
        await audit({ entityType: kind === 'lesson' ? 'learn_lesson' : 'learn_question', entityId: id, after: { reviewed: true, version: version ?? null } });
      });
    },

    // ------------------------------------------------------------ contests

    async createContest(actor: Actor, c: { slug: string; title: string; summary: string; audience: string; opensAt: Date; closesAt: Date; rules: ContestRules; issuer: string; excluded?: Array<{ personKey: string; role: string }> }): Promise<string> {
      const problems = validateRules(c.rules);
      const f: Record<string, string> = {};
      if (problems.length) f.rules = problems[0]!;
      if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(c.slug)) f.slug = 'learning.errors.slug';
      if (!(AUDIENCES as readonly string[]).includes(c.audience)) f.audience = 'learning.errors.audience';
      if (!(c.closesAt > c.opensAt)) f.closesAt = 'learning.errors.window';
      if (Object.keys(f).length) throw new ValidationError(f);
      return runCommand(db, actor, 'learning.contest.create', async ({ tx, authorize, audit }) => {
        authorize('learning.manage');
        if (await repo.contestBySlug(tx, c.slug)) throw new ValidationError({ slug: 'learning.errors.slugTaken' });
        const id = await repo.insertContest(tx, c);
        for (const r of roundsFor(c.opensAt, c.closesAt, c.rules.round)) await repo.insertRound(tx, id, r);
        for (const x of c.excluded ?? []) await repo.addExclusion(tx, id, x.personKey, x.role);
        await audit({ entityType: 'learn_contest', entityId: id, after: { slug: c.slug, rules: c.rules } });
        return id;
      });
    },

    async excludePerson(actor: Actor, slug: string, personKey: string, role: 'organiser' | 'jury' | 'secretariat'): Promise<void> {
      await runCommand(db, actor, 'learning.contest.exclude', async ({ tx, authorize, audit }) => {
        authorize('learning.manage');
        const c = await repo.contestBySlug(tx, slug);
        if (!c) throw new NotFoundError();
        await repo.addExclusion(tx, c.id, personKey, role);
        await audit({ entityType: 'learn_contest', entityId: c.id, after: { excluded: role } });
      });
    },

    async listContests() {
      const t = now();
      return (await repo.listContests(db)).map((c) => ({ ...c, status: contestStatus(c, t) }));
    },

    async contest(slug: string) {
      const c = await repo.contestBySlug(db, slug);
      if (!c) throw new NotFoundError();
      await repo.closeEndedRounds(db, now());
      const rounds = await repo.roundsOf(db, c.id);
      return { contest: c, status: contestStatus(c, now()), rounds, current: rounds.find((r) => r.startsAt <= now() && r.endsAt > now()) ?? null, participants: await repo.participantCount(db, c.id) };
    },

    /**
     * Start an attempt: the contest is open, the identity is one the rules accept, the person is not an
     * organiser or juror, and has attempts left in this round. The question set is drawn once and stored;
     * the deadline is stored too (the time limit, cut at the round's end) so a dropped connection loses nothing.
     */
    async startAttempt(learner: Learner, slug: string) {
      const hot = await hotContest(slug);
      if (!hot) throw new NotFoundError();
      const c = hot.contest;
      const t = now();
      const status = contestStatus(c, t);
      if (status !== 'open') throw new AppError(status === 'upcoming' ? 'learning.errors.notYetOpen' : 'learning.errors.closed', 409);
      const kind = learner.rosterId ? 'roster' : 'citizen';
      if (!c.rules.identity.includes(kind)) throw new AppError(kind === 'roster' ? 'learning.errors.rosterNotAccepted' : 'learning.errors.citizenNotAccepted', 403);
      const round = hot.rounds.find((r) => r.startsAt <= t && r.endsAt > t);
      if (!round) throw new AppError('learning.errors.closed', 409);
      // Draw outside the transaction (reads only), store inside it.
      const drawn: Array<{ q: string; v: number }> = [];
      for (const pool of c.rules.pools) {
        const candidates = (await hotPool(pool.tags)).filter((x) => !drawn.some((d) => d.q === x.q));
        drawn.push(...drawRandom(candidates, pool.count, opts.random));
      }
      if (drawn.length === 0) throw new AppError('learning.errors.noQuestions', 409);
      const token = randomToken(24);
      const endsAt = new Date(Math.min(t.getTime() + c.rules.timeLimitSec * 1000, round.endsAt.getTime()));
      const attemptId = await db.transaction().execute(async (tx) => {
        // One start at a time per person and contest, so two quick clicks cannot beat the attempt limit.
        await sql`SELECT pg_advisory_xact_lock(hashtext(${c.id + '|' + learner.personKey}))`.execute(tx);
        const { role, used } = await repo.startChecks(tx, c.id, round.no, learner.personKey);
        if (role) throw new AppError('learning.errors.excluded', 403, { role });
        if (used >= c.rules.attemptsPerRound) throw new AppError('learning.errors.noAttemptsLeft', 409, { n: c.rules.attemptsPerRound });
        const id = await repo.insertAttempt(tx, {
          contestId: c.id, roundNo: round.no, personKey: learner.personKey, principalId: learner.principalId, rosterId: learner.rosterId, holderName: learner.name,
          unitId: learner.unitId, tokenHash: sha256(token), questions: drawn, startedAt: t, endsAt, total: drawn.length,
        });
        await repo.recordParticipant(tx, c.id, round.no, learner.personKey, learner.unitId);
        return id;
      });
      const questions = (await versionsOf(db, drawn)).map(publicQuestion);
      return { attemptId, token, questions, endsAt, roundNo: round.no, prediction: c.rules.prediction };
    },

    /** The attempt, if the caller owns it (the citizen who started it, or the bearer of its token). */
    async ownedAttempt(id: string, who: { learner: Learner | null; token?: string | null }) {
      if (!isUuid(id)) throw new NotFoundError();
      const a = await repo.attemptById(db, id);
      if (!a) throw new NotFoundError();
      if (!ownsAttempt(a, who)) throw new ForbiddenError('learning.errors.notYourAttempt');
      return a;
    },

    async attemptView(id: string, who: { learner: Learner | null; token?: string | null }) {
      const a = await service.ownedAttempt(id, who);
      const c = await contestOf(a.contestId);
      const questions = (await versionsOf(db, a.questions)).map(publicQuestion);
      const answers = await repo.latestAnswers(db, a.id, a.endsAt);
      return { attempt: a, contest: c, questions, answers };
    },

    /** Save answers (appended; the last one per question counts). Refused after the stored deadline. */
    async saveAnswers(id: string, who: { learner: Learner | null; token?: string | null }, input: { answers: Array<{ questionId: string } & Record<string, unknown>>; prediction?: number | null }) {
      const a = await service.ownedAttempt(id, who);
      const t = now();
      if (a.submittedAt) throw new AppError('learning.errors.alreadySubmitted', 409);
      if (t > a.endsAt) throw new AppError('learning.errors.timeUp', 409);
      const ids = new Set(a.questions.map((q) => q.q));
      const rows: Array<{ questionId: string; answer: unknown }> = [];
      for (const x of input.answers ?? []) {
        if (!ids.has(x.questionId)) throw new ValidationError({ answers: 'learning.errors.unknownQuestion' });
        const given = parseGiven(x);
        if (given) rows.push({ questionId: x.questionId, answer: given });
      }
      const c = await contestOf(a.contestId);
      let prediction: number | null = null;
      if (c.rules.prediction && input.prediction !== undefined && input.prediction !== null) {
        if (!Number.isInteger(input.prediction) || input.prediction < 0 || input.prediction > 1e9) throw new ValidationError({ prediction: 'learning.errors.prediction' });
        prediction = input.prediction;
      }
      await repo.appendAnswersAndPrediction(db, a.id, rows, t, prediction);
      return { saved: rows.length, endsAt: a.endsAt };
    },

    /**
     * Submit (idempotent). Only answers given before the deadline count; a late submit is taken as submitted at
     * the deadline. The person's counting attempt for the round (first-of or best-of) is updated.
     */
    async submit(id: string, who: { learner: Learner | null; token?: string | null }) {
      if (!isUuid(id)) throw new NotFoundError();
      const result = await db.transaction().execute(async (tx) => {
        const a = await repo.attemptById(tx, id, true);
        if (!a) throw new NotFoundError();
        if (!ownsAttempt(a, who)) throw new ForbiddenError('learning.errors.notYourAttempt');
        if (a.submittedAt) return { correct: a.correct ?? 0, total: a.total, certificateCode: null as string | null };
        const c = await contestOf(a.contestId, tx);
        const t = now();
        const submittedAt = t > a.endsAt ? a.endsAt : t;
        const answers = await repo.latestAnswers(tx, a.id, submittedAt);
        const correct = await scoreQuestions(tx, a.questions, answers);
        const durationMs = Math.max(0, submittedAt.getTime() - new Date(a.startedAt).getTime());
        await repo.finishAttempt(tx, a.id, { submittedAt, correct, durationMs });
        if (c.rules.scoring === 'first' || c.rules.attemptsPerRound === 1) await repo.setStandingIfNone(tx, a.contestId, a.roundNo, a.personKey, a.id);
        else {
          const all = (await repo.submittedAttempts(tx, a.contestId, a.roundNo, a.personKey)).map(toStanding);
          const best = countingAttempt(c.rules.scoring, all);
          if (best) await repo.setStanding(tx, a.contestId, a.roundNo, a.personKey, best.attemptId);
        }
        const certificateCode = await service.issue(tx, {
          kind: 'contest', sourceId: c.id, title: c.title, issuer: c.issuer,
          learner: { personKey: a.personKey, name: a.holderName, principalId: a.principalId, rosterId: a.rosterId, unitId: a.unitId },
        });
        return { correct, total: a.total, certificateCode };
      });
      return { score: result.total ? Math.round((result.correct / result.total) * 1000) / 10 : 0, ...result };
    },

    /** Individual ranking of a round (default: the current round, else the last one). */
    async leaderboard(slug: string, roundNo?: number) {
      const view = await service.contest(slug);
      const round = view.rounds.find((r) => r.no === roundNo) ?? view.current ?? view.rounds[view.rounds.length - 1];
      if (!round) return { ...view, round: null, rows: [] };
      const rows = (await repo.standings(db, view.contest.id, round.no)).map((a) => ({ ...toStanding(a), holderName: a.holderName, unitId: a.unitId }));
      const ranked = rank(rows, round.truth);
      return { ...view, round, rows: ranked.map((r) => ({ rank: r.rank, holder: maskName(r.holderName), correct: r.correct, prediction: r.prediction, durationMs: r.durationMs, submittedAt: r.submittedAt, personKey: r.personKey })) };
    },

    /** Participation by unit (rollup), against the unit's size from its cohorts of the contest's year. */
    async unitLeaderboard(slug: string) {
      const view = await service.contest(slug);
      const year = Number(todayInVietnam(view.contest.opensAt).slice(0, 4));
      const rows = await repo.unitBoard(db, view.contest.id, year);
      return { ...view, rows: rows.map((r) => ({ ...r, rate: r.size > 0 ? Math.round((r.participants / r.size) * 1000) / 10 : null })) };
    },

    /** Close ended rounds (job, and lazily on read): the prediction's truth is counted once. */
    async closeRounds(): Promise<number> {
      return repo.closeEndedRounds(db, now());
    },

    // ------------------------------------------------------------ certificates

    async issue(tx: Tx, c: { kind: 'course' | 'contest'; sourceId: string; title: string; issuer: string; learner: Learner }): Promise<string> {
      return repo.issueCertificate(tx, { code: certificateCode(), kind: c.kind, sourceId: c.sourceId, title: c.title, personKey: c.learner.personKey, holderName: c.learner.name, issuer: c.issuer });
    },

    async verify(code: string) {
      const c = /^CN-[A-Z0-9]{4}-[A-Z0-9]{6}$/.test(code) ? await repo.certificate(db, code) : undefined;
      if (!c) throw new NotFoundError('learning.errors.certificateUnknown');
      return { valid: c.revokedAt === null, code: c.code, title: c.title, issuedAt: c.issuedAt, issuer: c.issuer, holder: maskName(c.holderName), revokedAt: c.revokedAt, kind: c.kind };
    },

    /** The full certificate, for its holder only (the public page shows a masked name). */
    async certificateFor(code: string, learner: Learner | null) {
      const c = /^CN-[A-Z0-9]{4}-[A-Z0-9]{6}$/.test(code) ? await repo.certificate(db, code) : undefined;
      if (!c) throw new NotFoundError('learning.errors.certificateUnknown');
      if (!learner || learner.personKey !== c.personKey) throw new ForbiddenError('learning.errors.notYourCertificate');
      return c;
    },

    async certificatesOf(learner: Learner) {
      return repo.certificatesOf(db, learner.personKey);
    },

    async revoke(actor: Actor, code: string, reason: string): Promise<void> {
      const why = reason.trim().slice(0, 500);
      if (!why) throw new ValidationError({ reason: 'learning.errors.reason' });
      await runCommand(db, actor, 'learning.certificate.revoke', async ({ tx, authorize, audit, emit }) => {
        authorize('learning.manage');
        if ((await repo.revokeCertificate(tx, code, why)) === 0) throw new ConflictError('learning.errors.notRevocable');
        await audit({ entityType: 'learn_certificate', entityId: code, after: { revoked: true, reason: why } });
        await emit('learning.certificate.revoked', { code });
      });
    },

    // ------------------------------------------------------------ coverage

    personKeyOf(idNumber: string): string {
      return identity().personKey(idNumber);
    },
  };
  return service;
}

/** The citizen who started it, or the bearer of its token. */
function ownsAttempt(a: repo.AttemptRow, who: { learner: Learner | null; token?: string | null }): boolean {
  return (who.token ? sha256(who.token) === a.tokenHash : false) || (who.learner ? who.learner.personKey === a.personKey : false);
}

function toStanding(a: repo.AttemptRow): Standing {
  return { attemptId: a.id, personKey: a.personKey, correct: a.correct ?? 0, prediction: a.prediction, durationMs: a.durationMs ?? 0, submittedAt: new Date(a.submittedAt ?? a.endsAt) };
}

export type LearningService = ReturnType<typeof createLearningService>;

import { sql, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/audit/command.ts';
import type { AnswerKey, ContestRules, QuestionOption, QuestionType } from './learning.rules.ts';

type Q = Db | Tx | Kysely<unknown>;

// ---------------------------------------------------------------- courses and lessons

export interface CourseRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  audience: string;
  sequential: boolean;
  status: string;
  issuer: string;
}
const courseCols = sql`id, slug, title, summary, audience, sequential, status, issuer`;

export async function listCourses(db: Q): Promise<CourseRow[]> {
  return (await sql<CourseRow>`SELECT ${courseCols} FROM learn_courses WHERE status = 'published' ORDER BY audience, title`.execute(db)).rows;
}
export async function courseBySlug(db: Q, slug: string): Promise<CourseRow | undefined> {
  return (await sql<CourseRow>`SELECT ${courseCols} FROM learn_courses WHERE slug = ${slug}`.execute(db)).rows[0];
}
export async function courseById(db: Q, id: string): Promise<CourseRow | undefined> {
  return (await sql<CourseRow>`SELECT ${courseCols} FROM learn_courses WHERE id = ${id}::uuid`.execute(db)).rows[0];
}
export async function insertCourse(db: Q, c: Omit<CourseRow, 'id' | 'status'>): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO learn_courses (slug, title, summary, audience, sequential, issuer)
    VALUES (${c.slug}, ${c.title}, ${c.summary}, ${c.audience}, ${c.sequential}, ${c.issuer}) RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export interface LessonRow {
  id: string;
  courseId: string;
  position: number;
  title: string;
  body: string;
  imageUrl: string | null;
  videoUrl: string | null;
  guideSlug: string | null;
  guideStamp: Date | null;
  staleSince: Date | null;
  task: 'dossier' | null;
  passRatio: number;
}
const lessonCols = sql`id, course_id AS "courseId", position, title, body, image_url AS "imageUrl", video_url AS "videoUrl",
  guide_slug AS "guideSlug", guide_stamp AS "guideStamp", stale_since AS "staleSince", task, pass_ratio::float AS "passRatio"`;

export async function lessonsOf(db: Q, courseId: string): Promise<LessonRow[]> {
  return (await sql<LessonRow>`SELECT ${lessonCols} FROM learn_lessons WHERE course_id = ${courseId}::uuid ORDER BY position`.execute(db)).rows;
}
export async function insertLesson(db: Q, l: Omit<LessonRow, 'id' | 'staleSince'>): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO learn_lessons (course_id, position, title, body, image_url, video_url, guide_slug, guide_stamp, task, pass_ratio)
    VALUES (${l.courseId}::uuid, ${l.position}, ${l.title}, ${l.body}, ${l.imageUrl}, ${l.videoUrl}, ${l.guideSlug}, ${l.guideStamp}, ${l.task}, ${l.passRatio}) RETURNING id`.execute(db);
  return r.rows[0]!.id;
}
export async function staleLessons(db: Q): Promise<Array<LessonRow & { courseSlug: string; courseTitle: string }>> {
  return (await sql<LessonRow & { courseSlug: string; courseTitle: string }>`SELECT ${sql.raw('l.id, l.course_id AS "courseId", l.position, l.title, l.guide_slug AS "guideSlug", l.stale_since AS "staleSince"')},
    c.slug AS "courseSlug", c.title AS "courseTitle" FROM learn_lessons l JOIN learn_courses c ON c.id = l.course_id WHERE l.stale_since IS NOT NULL ORDER BY l.stale_since`.execute(db)).rows;
}
export async function clearLessonStale(db: Q, lessonId: string, stamp: Date | null): Promise<number> {
  const r = await sql`UPDATE learn_lessons SET stale_since = NULL, guide_stamp = ${stamp} WHERE id = ${lessonId}::uuid AND stale_since IS NOT NULL`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** A guide was published again at `at`: every lesson and question version that references an older publication is stale. */
export async function markGuideChanged(db: Q, slug: string, at: Date): Promise<{ lessons: number; questions: number }> {
  const l = await sql`UPDATE learn_lessons SET stale_since = ${at} WHERE guide_slug = ${slug} AND stale_since IS NULL AND (guide_stamp IS NULL OR guide_stamp < ${at})`.execute(db);
  const q = await sql`UPDATE learn_question_versions SET stale_since = ${at} WHERE guide_slug = ${slug} AND stale_since IS NULL AND (guide_stamp IS NULL OR guide_stamp < ${at})`.execute(db);
  return { lessons: Number(l.numAffectedRows ?? 0), questions: Number(q.numAffectedRows ?? 0) };
}

// ---------------------------------------------------------------- question bank

export interface QuestionVersionRow {
  questionId: string;
  code: string;
  version: number;
  tags: string[];
  difficulty: number;
  type: QuestionType;
  text: string;
  options: QuestionOption[];
  answer: AnswerKey;
  reference: string;
  guideSlug: string | null;
  staleSince: Date | null;
}
const qvCols = sql`q.id AS "questionId", q.code, v.version, q.tags, q.difficulty, v.type, v.text, v.options, v.answer, v.reference,
  v.guide_slug AS "guideSlug", v.stale_since AS "staleSince"`;

export async function insertQuestion(db: Q, q: { code: string; tags: string[]; difficulty: number }): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO learn_questions (code, tags, difficulty) VALUES (${q.code}, ${sql`${q.tags}::text[]`}, ${q.difficulty}) RETURNING id`.execute(db);
  return r.rows[0]!.id;
}
export async function insertQuestionVersion(
  db: Q,
  v: { questionId: string; version: number; type: QuestionType; text: string; options: QuestionOption[]; answer: AnswerKey; reference: string; guideSlug: string | null; guideStamp: Date | null },
): Promise<void> {
  await sql`INSERT INTO learn_question_versions (question_id, version, type, text, options, answer, reference, guide_slug, guide_stamp)
    VALUES (${v.questionId}::uuid, ${v.version}, ${v.type}, ${v.text}, ${JSON.stringify(v.options)}::jsonb, ${JSON.stringify(v.answer)}::jsonb, ${v.reference}, ${v.guideSlug}, ${v.guideStamp})`.execute(db);
  await sql`UPDATE learn_questions SET current_version = ${v.version} WHERE id = ${v.questionId}::uuid`.execute(db);
}
export async function questionByCode(db: Q, code: string): Promise<{ id: string; currentVersion: number } | undefined> {
  return (await sql<{ id: string; currentVersion: number }>`SELECT id, current_version AS "currentVersion" FROM learn_questions WHERE code = ${code}`.execute(db)).rows[0];
}
/** Specific versions, in the order asked. */
export async function questionVersions(db: Q, refs: Array<{ q: string; v: number }>): Promise<QuestionVersionRow[]> {
  if (refs.length === 0) return [];
  const values = sql.join(refs.map((r, i) => sql`(${r.q}::uuid, ${r.v}::int, ${i}::int)`));
  return (await sql<QuestionVersionRow>`SELECT ${qvCols} FROM (VALUES ${values}) AS want(q, v, i)
    JOIN learn_question_versions v ON v.question_id = want.q AND v.version = want.v JOIN learn_questions q ON q.id = v.question_id ORDER BY want.i`.execute(db)).rows;
}
/** Current, not stale, versions of questions carrying any of the tags: the pool a random draw takes from. */
export async function poolCandidates(db: Q, tags: string[]): Promise<Array<{ q: string; v: number }>> {
  return (await sql<{ q: string; v: number }>`SELECT q.id AS q, q.current_version AS v FROM learn_questions q
    JOIN learn_question_versions v ON v.question_id = q.id AND v.version = q.current_version
    WHERE q.tags && ${sql`${tags}::text[]`} AND v.stale_since IS NULL`.execute(db)).rows;
}
export async function lessonQuestionRefs(db: Q, lessonId: string): Promise<Array<{ q: string; v: number }>> {
  return (await sql<{ q: string; v: number }>`SELECT question_id AS q, version AS v FROM learn_lesson_questions WHERE lesson_id = ${lessonId}::uuid ORDER BY position`.execute(db)).rows;
}
export async function addLessonQuestion(db: Q, lessonId: string, position: number, ref: { q: string; v: number }): Promise<void> {
  await sql`INSERT INTO learn_lesson_questions (lesson_id, position, question_id, version) VALUES (${lessonId}::uuid, ${position}, ${ref.q}::uuid, ${ref.v})`.execute(db);
}
export async function staleQuestions(db: Q): Promise<Array<{ questionId: string; code: string; version: number; guideSlug: string | null; staleSince: Date }>> {
  return (await sql<{ questionId: string; code: string; version: number; guideSlug: string | null; staleSince: Date }>`SELECT q.id AS "questionId", q.code, v.version, v.guide_slug AS "guideSlug", v.stale_since AS "staleSince"
    FROM learn_question_versions v JOIN learn_questions q ON q.id = v.question_id AND q.current_version = v.version WHERE v.stale_since IS NOT NULL ORDER BY q.code`.execute(db)).rows;
}
export async function clearQuestionStale(db: Q, questionId: string, version: number, stamp: Date | null): Promise<number> {
  const r = await sql`UPDATE learn_question_versions SET stale_since = NULL, guide_stamp = ${stamp} WHERE question_id = ${questionId}::uuid AND version = ${version} AND stale_since IS NOT NULL`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

// ---------------------------------------------------------------- progress

export async function progressOf(db: Q, personKey: string, courseId: string): Promise<Array<{ lessonId: string; completedAt: Date; correct: number; total: number; dossierCode: string | null }>> {
  return (await sql<{ lessonId: string; completedAt: Date; correct: number; total: number; dossierCode: string | null }>`SELECT p.lesson_id AS "lessonId", p.completed_at AS "completedAt", p.correct, p.total, p.dossier_code AS "dossierCode"
    FROM learn_progress p JOIN learn_lessons l ON l.id = p.lesson_id WHERE p.person_key = ${personKey} AND l.course_id = ${courseId}::uuid`.execute(db)).rows;
}
export async function saveProgress(db: Q, p: { personKey: string; lessonId: string; correct: number; total: number; dossierCode: string | null }): Promise<void> {
  await sql`INSERT INTO learn_progress (person_key, lesson_id, correct, total, dossier_code) VALUES (${p.personKey}, ${p.lessonId}::uuid, ${p.correct}, ${p.total}, ${p.dossierCode})
    ON CONFLICT (person_key, lesson_id) DO UPDATE SET correct = EXCLUDED.correct, total = EXCLUDED.total, dossier_code = coalesce(EXCLUDED.dossier_code, learn_progress.dossier_code)`.execute(db);
}

// ---------------------------------------------------------------- units, cohorts, roster

export interface UnitRow {
  id: string;
  code: string;
  name: string;
  kind: string;
}
export async function upsertUnit(db: Q, u: Omit<UnitRow, 'id'>): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO learn_units (code, name, kind) VALUES (${u.code}, ${u.name}, ${u.kind})
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind RETURNING id`.execute(db);
  return r.rows[0]!.id;
}
export async function unitByCode(db: Q, code: string): Promise<UnitRow | undefined> {
  return (await sql<UnitRow>`SELECT id, code, name, kind FROM learn_units WHERE code = ${code}`.execute(db)).rows[0];
}
export async function upsertCohort(db: Q, c: { unitId: string; name: string; audience: string; year: number; size: number }): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO learn_cohorts (unit_id, name, audience, year, size) VALUES (${c.unitId}::uuid, ${c.name}, ${c.audience}, ${c.year}, ${c.size})
    ON CONFLICT (unit_id, name, year) DO UPDATE SET audience = EXCLUDED.audience, size = EXCLUDED.size RETURNING id`.execute(db);
  return r.rows[0]!.id;
}
export async function insertRoster(db: Q, r: { cohortId: string; displayName: string; codeHash: string }): Promise<string> {
  return (await sql<{ id: string }>`INSERT INTO learn_roster (cohort_id, display_name, code_hash) VALUES (${r.cohortId}::uuid, ${r.displayName}, ${r.codeHash}) RETURNING id`.execute(db)).rows[0]!.id;
}
export interface RosterRow {
  id: string;
  displayName: string;
  unitId: string;
  firstUsedAt: Date | null;
}
export async function rosterByHash(db: Q, codeHash: string): Promise<RosterRow | undefined> {
  return (await sql<RosterRow>`SELECT r.id, r.display_name AS "displayName", c.unit_id AS "unitId", r.first_used_at AS "firstUsedAt"
    FROM learn_roster r JOIN learn_cohorts c ON c.id = r.cohort_id WHERE r.code_hash = ${codeHash}`.execute(db)).rows[0];
}
export async function rosterById(db: Q, id: string): Promise<RosterRow | undefined> {
  return (await sql<RosterRow>`SELECT r.id, r.display_name AS "displayName", c.unit_id AS "unitId", r.first_used_at AS "firstUsedAt"
    FROM learn_roster r JOIN learn_cohorts c ON c.id = r.cohort_id WHERE r.id = ${id}::uuid`.execute(db)).rows[0];
}
/** Find a pupil by code hash and note its first use, in one statement (the contest-start hot path). */
export async function useRosterCode(db: Q, codeHash: string): Promise<RosterRow | undefined> {
  return (await sql<RosterRow>`UPDATE learn_roster r SET first_used_at = coalesce(r.first_used_at, now()) FROM learn_cohorts c
    WHERE c.id = r.cohort_id AND r.code_hash = ${codeHash}
    RETURNING r.id, r.display_name AS "displayName", c.unit_id AS "unitId", r.first_used_at AS "firstUsedAt"`.execute(db)).rows[0];
}
export async function markRosterUsed(db: Q, id: string): Promise<void> {
  await sql`UPDATE learn_roster SET first_used_at = coalesce(first_used_at, now()) WHERE id = ${id}::uuid`.execute(db);
}

// ---------------------------------------------------------------- contests

export interface ContestRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  audience: string;
  opensAt: Date;
  closesAt: Date;
  rules: ContestRules;
  issuer: string;
}
const contestCols = sql`id, slug, title, summary, audience, opens_at AS "opensAt", closes_at AS "closesAt", rules, issuer`;

export async function listContests(db: Q): Promise<ContestRow[]> {
  return (await sql<ContestRow>`SELECT ${contestCols} FROM learn_contests ORDER BY opens_at DESC`.execute(db)).rows;
}
export async function contestBySlug(db: Q, slug: string): Promise<ContestRow | undefined> {
  return (await sql<ContestRow>`SELECT ${contestCols} FROM learn_contests WHERE slug = ${slug}`.execute(db)).rows[0];
}
export async function contestById(db: Q, id: string): Promise<ContestRow | undefined> {
  return (await sql<ContestRow>`SELECT ${contestCols} FROM learn_contests WHERE id = ${id}::uuid`.execute(db)).rows[0];
}
export async function insertContest(db: Q, c: Omit<ContestRow, 'id'>): Promise<string> {
  return (await sql<{ id: string }>`INSERT INTO learn_contests (slug, title, summary, audience, opens_at, closes_at, rules, issuer)
    VALUES (${c.slug}, ${c.title}, ${c.summary}, ${c.audience}, ${c.opensAt}, ${c.closesAt}, ${JSON.stringify(c.rules)}::jsonb, ${c.issuer}) RETURNING id`.execute(db)).rows[0]!.id;
}
export async function insertRound(db: Q, contestId: string, r: { no: number; startsAt: Date; endsAt: Date }): Promise<void> {
  await sql`INSERT INTO learn_rounds (contest_id, no, starts_at, ends_at) VALUES (${contestId}::uuid, ${r.no}, ${r.startsAt}, ${r.endsAt})`.execute(db);
}
export interface RoundRow {
  no: number;
  startsAt: Date;
  endsAt: Date;
  truth: number | null;
  closedAt: Date | null;
}
const roundCols = sql`no, starts_at AS "startsAt", ends_at AS "endsAt", truth, closed_at AS "closedAt"`;
export async function roundsOf(db: Q, contestId: string): Promise<RoundRow[]> {
  return (await sql<RoundRow>`SELECT ${roundCols} FROM learn_rounds WHERE contest_id = ${contestId}::uuid ORDER BY no`.execute(db)).rows;
}
export async function roundAt(db: Q, contestId: string, at: Date): Promise<RoundRow | undefined> {
  return (await sql<RoundRow>`SELECT ${roundCols} FROM learn_rounds WHERE contest_id = ${contestId}::uuid AND starts_at <= ${at} AND ends_at > ${at}`.execute(db)).rows[0];
}
/** Close every ended round: its truth is the number of people who took part (rollup), counted once. */
export async function closeEndedRounds(db: Q, now: Date): Promise<number> {
  const r = await sql`UPDATE learn_rounds r SET closed_at = ${now},
    truth = (SELECT count(*)::int FROM learn_round_people p WHERE p.contest_id = r.contest_id AND p.round_no = r.no)
    WHERE r.ends_at <= ${now} AND r.closed_at IS NULL`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
export async function exclusionOf(db: Q, contestId: string, personKey: string): Promise<string | undefined> {
  return (await sql<{ role: string }>`SELECT role FROM learn_exclusions WHERE contest_id = ${contestId}::uuid AND person_key = ${personKey}`.execute(db)).rows[0]?.role;
}
export async function addExclusion(db: Q, contestId: string, personKey: string, role: string): Promise<void> {
  await sql`INSERT INTO learn_exclusions (contest_id, person_key, role) VALUES (${contestId}::uuid, ${personKey}, ${role}) ON CONFLICT DO NOTHING`.execute(db);
}

// ---------------------------------------------------------------- attempts

export interface AttemptRow {
  id: string;
  contestId: string;
  roundNo: number;
  personKey: string;
  principalId: string | null;
  rosterId: string | null;
  holderName: string;
  unitId: string | null;
  tokenHash: string;
  questions: Array<{ q: string; v: number }>;
  startedAt: Date;
  endsAt: Date;
  submittedAt: Date | null;
  prediction: number | null;
  correct: number | null;
  total: number;
  durationMs: number | null;
}
const attemptCols = sql`id, contest_id AS "contestId", round_no AS "roundNo", person_key AS "personKey", principal_id AS "principalId",
  roster_id AS "rosterId", holder_name AS "holderName", unit_id AS "unitId", token_hash AS "tokenHash", questions, started_at AS "startedAt",
  ends_at AS "endsAt", submitted_at AS "submittedAt", prediction::float AS prediction, correct, total, duration_ms AS "durationMs"`;

export async function attemptsInRound(db: Q, contestId: string, roundNo: number, personKey: string): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM learn_attempts WHERE contest_id = ${contestId}::uuid AND round_no = ${roundNo} AND person_key = ${personKey}`.execute(db)).rows[0]!.n;
}
export async function insertAttempt(db: Q, a: Omit<AttemptRow, 'id' | 'startedAt' | 'submittedAt' | 'prediction' | 'correct' | 'durationMs'> & { startedAt: Date }): Promise<string> {
  return (await sql<{ id: string }>`INSERT INTO learn_attempts (contest_id, round_no, person_key, principal_id, roster_id, holder_name, unit_id, token_hash, questions, started_at, ends_at, total)
    VALUES (${a.contestId}::uuid, ${a.roundNo}, ${a.personKey}, ${a.principalId}, ${a.rosterId}, ${a.holderName}, ${a.unitId}, ${a.tokenHash}, ${JSON.stringify(a.questions)}::jsonb, ${a.startedAt}, ${a.endsAt}, ${a.total})
    RETURNING id`.execute(db)).rows[0]!.id;
}
export async function attemptById(db: Q, id: string, forUpdate = false): Promise<AttemptRow | undefined> {
  return (await sql<AttemptRow>`SELECT ${attemptCols} FROM learn_attempts WHERE id = ${id}::uuid ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db)).rows[0];
}
/** The last answer to each question given no later than `until`. */
export async function latestAnswers(db: Q, attemptId: string, until: Date): Promise<Map<string, unknown>> {
  const rows = (await sql<{ questionId: string; answer: unknown }>`SELECT DISTINCT ON (question_id) question_id AS "questionId", answer FROM learn_answers
    WHERE attempt_id = ${attemptId}::uuid AND at <= ${until} ORDER BY question_id, id DESC`.execute(db)).rows;
  return new Map(rows.map((r) => [r.questionId, r.answer]));
}
export async function countAnswers(db: Q, attemptIds?: string[]): Promise<number> {
  if (attemptIds && attemptIds.length === 0) return 0;
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM learn_answers ${attemptIds ? sql`WHERE attempt_id = ANY(${sql`${attemptIds}::uuid[]`})` : sql``}`.execute(db)).rows[0]!.n;
}
export async function finishAttempt(db: Q, id: string, f: { submittedAt: Date; correct: number; durationMs: number }): Promise<void> {
  await sql`UPDATE learn_attempts SET submitted_at = ${f.submittedAt}, correct = ${f.correct}, duration_ms = ${f.durationMs} WHERE id = ${id}::uuid`.execute(db);
}
export async function submittedAttempts(db: Q, contestId: string, roundNo: number, personKey: string): Promise<AttemptRow[]> {
  return (await sql<AttemptRow>`SELECT ${attemptCols} FROM learn_attempts WHERE contest_id = ${contestId}::uuid AND round_no = ${roundNo} AND person_key = ${personKey} AND submitted_at IS NOT NULL`.execute(db)).rows;
}
export async function setStanding(db: Q, contestId: string, roundNo: number, personKey: string, attemptId: string): Promise<void> {
  await sql`INSERT INTO learn_standings (contest_id, round_no, person_key, attempt_id) VALUES (${contestId}::uuid, ${roundNo}, ${personKey}, ${attemptId}::uuid)
    ON CONFLICT (contest_id, round_no, person_key) DO UPDATE SET attempt_id = EXCLUDED.attempt_id`.execute(db);
}
/** First-of: the first attempt submitted keeps its place. */
export async function setStandingIfNone(db: Q, contestId: string, roundNo: number, personKey: string, attemptId: string): Promise<void> {
  await sql`INSERT INTO learn_standings (contest_id, round_no, person_key, attempt_id) VALUES (${contestId}::uuid, ${roundNo}, ${personKey}, ${attemptId}::uuid)
    ON CONFLICT (contest_id, round_no, person_key) DO NOTHING`.execute(db);
}
/** Append answers and set the prediction in one statement (atomic without an explicit transaction). */
export async function appendAnswersAndPrediction(db: Q, attemptId: string, rows: Array<{ questionId: string; answer: unknown }>, at: Date, prediction: number | null): Promise<void> {
  const upd = prediction === null ? sql`SELECT 1` : sql`UPDATE learn_attempts SET prediction = ${prediction} WHERE id = ${attemptId}::uuid RETURNING 1`;
  if (rows.length === 0) {
    if (prediction !== null) await sql`${upd}`.execute(db);
    return;
  }
  const values = sql.join(rows.map((r) => sql`(${attemptId}::uuid, ${r.questionId}::uuid, ${JSON.stringify(r.answer)}::jsonb, ${at}::timestamptz)`));
  await sql`WITH p AS (${upd}) INSERT INTO learn_answers (attempt_id, question_id, answer, at) VALUES ${values}`.execute(db);
}
export async function standings(db: Q, contestId: string, roundNo: number): Promise<AttemptRow[]> {
  return (await sql<AttemptRow>`SELECT ${sql.raw(attemptColsPrefixed)} FROM learn_standings s JOIN learn_attempts a ON a.id = s.attempt_id
    WHERE s.contest_id = ${contestId}::uuid AND s.round_no = ${roundNo}`.execute(db)).rows;
}
const attemptColsPrefixed = `a.id, a.contest_id AS "contestId", a.round_no AS "roundNo", a.person_key AS "personKey", a.principal_id AS "principalId",
  a.roster_id AS "rosterId", a.holder_name AS "holderName", a.unit_id AS "unitId", a.token_hash AS "tokenHash", a.questions, a.started_at AS "startedAt",
  a.ends_at AS "endsAt", a.submitted_at AS "submittedAt", a.prediction::float AS prediction, a.correct, a.total, a.duration_ms AS "durationMs"`;

/**
 * Rollups at the start of an attempt, in one statement: round and contest participants, and the unit's
 * participants the first time this person takes part in the contest.
 */
export async function recordParticipant(db: Q, contestId: string, roundNo: number, personKey: string, unitId: string | null): Promise<void> {
  await sql`WITH rp AS (
      INSERT INTO learn_round_people (contest_id, round_no, person_key, unit_id) VALUES (${contestId}::uuid, ${roundNo}, ${personKey}, ${unitId}::uuid) ON CONFLICT DO NOTHING
    ), cp AS (
      INSERT INTO learn_contest_people (contest_id, person_key, unit_id) VALUES (${contestId}::uuid, ${personKey}, ${unitId}::uuid) ON CONFLICT DO NOTHING RETURNING unit_id
    )
    INSERT INTO learn_unit_rollup (contest_id, unit_id, participants) SELECT ${contestId}::uuid, unit_id, 1 FROM cp WHERE unit_id IS NOT NULL
    ON CONFLICT (contest_id, unit_id) DO UPDATE SET participants = learn_unit_rollup.participants + 1`.execute(db);
}

/** The exclusion (if any) and the attempts used in the round, in one round trip. */
export async function startChecks(db: Q, contestId: string, roundNo: number, personKey: string): Promise<{ role: string | null; used: number }> {
  return (await sql<{ role: string | null; used: number }>`SELECT
    (SELECT role FROM learn_exclusions WHERE contest_id = ${contestId}::uuid AND person_key = ${personKey}) AS role,
    (SELECT count(*)::int FROM learn_attempts WHERE contest_id = ${contestId}::uuid AND round_no = ${roundNo} AND person_key = ${personKey}) AS used`.execute(db)).rows[0]!;
}
export async function participantCount(db: Q, contestId: string): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM learn_contest_people WHERE contest_id = ${contestId}::uuid`.execute(db)).rows[0]!.n;
}
export async function unitBoard(db: Q, contestId: string, year: number): Promise<Array<{ code: string; name: string; kind: string; participants: number; size: number }>> {
  return (await sql<{ code: string; name: string; kind: string; participants: number; size: number }>`SELECT u.code, u.name, u.kind, r.participants,
      coalesce((SELECT sum(c.size)::int FROM learn_cohorts c WHERE c.unit_id = u.id AND c.year = ${year}), 0) AS size
    FROM learn_unit_rollup r JOIN learn_units u ON u.id = r.unit_id WHERE r.contest_id = ${contestId}::uuid ORDER BY r.participants DESC, u.name`.execute(db)).rows;
}

// ---------------------------------------------------------------- coverage

export async function addCompletion(db: Q, c: { personKey: string; unitId: string | null; audience: string; source: string; sourceRef: string; completedOn: string }): Promise<boolean> {
  const r = await sql`INSERT INTO learn_completions (person_key, unit_id, audience, source, source_ref, completed_on)
    VALUES (${c.personKey}, ${c.unitId}, ${c.audience}, ${c.source}, ${c.sourceRef}, ${c.completedOn}::date) ON CONFLICT DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}
/** Per unit: denominator (cohort sizes of the year) and people trained, each person once whatever the source. */
export async function coverageByUnit(db: Q, year: number, audience?: string): Promise<Array<{ unitId: string; code: string; name: string; kind: string; size: number; trained: number }>> {
  const aud = audience ? sql`AND c.audience = ${audience}` : sql``;
  const aud2 = audience ? sql`AND x.audience = ${audience}` : sql``;
  return (await sql<{ unitId: string; code: string; name: string; kind: string; size: number; trained: number }>`SELECT u.id AS "unitId", u.code, u.name, u.kind,
      coalesce((SELECT sum(c.size)::int FROM learn_cohorts c WHERE c.unit_id = u.id AND c.year = ${year} ${aud}), 0) AS size,
      (SELECT count(DISTINCT x.person_key)::int FROM learn_completions x WHERE x.unit_id = u.id AND extract(year FROM x.completed_on) = ${year} ${aud2}) AS trained
    FROM learn_units u ORDER BY u.kind, u.name`.execute(db)).rows;
}
/** Distinct people of an audience trained in [from, to], and the audience's denominator for that year. */
export async function trainedInPeriod(db: Q, audience: string, from: string, to: string): Promise<{ trained: number; size: number }> {
  const year = Number(to.slice(0, 4));
  const t = await sql<{ n: number }>`SELECT count(DISTINCT person_key)::int AS n FROM learn_completions WHERE audience = ${audience} AND completed_on BETWEEN ${from}::date AND ${to}::date`.execute(db);
  const s = await sql<{ n: number }>`SELECT coalesce(sum(size), 0)::int AS n FROM learn_cohorts WHERE audience = ${audience} AND year = ${year}`.execute(db);
  return { trained: t.rows[0]!.n, size: s.rows[0]!.n };
}

// ---------------------------------------------------------------- certificates

export interface CertificateRow {
  code: string;
  kind: 'course' | 'contest';
  sourceId: string;
  title: string;
  personKey: string;
  holderName: string;
  issuer: string;
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}
const certCols = sql`code, kind, source_id AS "sourceId", title, person_key AS "personKey", holder_name AS "holderName", issuer, issued_at AS "issuedAt",
  revoked_at AS "revokedAt", revoked_reason AS "revokedReason"`;
/** Issue once per (kind, source, person): a second call returns the certificate already issued (one statement). */
export async function issueCertificate(db: Q, c: Omit<CertificateRow, 'issuedAt' | 'revokedAt' | 'revokedReason'>): Promise<string> {
  return (await sql<{ code: string }>`INSERT INTO learn_certificates (code, kind, source_id, title, person_key, holder_name, issuer)
    VALUES (${c.code}, ${c.kind}, ${c.sourceId}::uuid, ${c.title}, ${c.personKey}, ${c.holderName}, ${c.issuer})
    ON CONFLICT (kind, source_id, person_key) DO UPDATE SET code = learn_certificates.code RETURNING code`.execute(db)).rows[0]!.code;
}
export async function certificate(db: Q, code: string): Promise<CertificateRow | undefined> {
  return (await sql<CertificateRow>`SELECT ${certCols} FROM learn_certificates WHERE code = ${code}`.execute(db)).rows[0];
}
export async function certificatesOf(db: Q, personKey: string): Promise<CertificateRow[]> {
  return (await sql<CertificateRow>`SELECT ${certCols} FROM learn_certificates WHERE person_key = ${personKey} ORDER BY issued_at DESC`.execute(db)).rows;
}
export async function revokeCertificate(db: Q, code: string, reason: string): Promise<number> {
  const r = await sql`UPDATE learn_certificates SET revoked_at = now(), revoked_reason = ${reason} WHERE code = ${code} AND revoked_at IS NULL`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

import { randomBytes } from 'node:crypto';
import { serviceToken, type AppDeps } from '../../platform/modules.ts';
import type { Db } from '../../platform/db/database.ts';
import { runCommand, type Tx } from '../../platform/audit/command.ts';
import { requirePermission, type Actor } from '../../platform/auth/permissions.ts';
import { findPrincipal } from '../../platform/auth/principals.ts';
import { hmac, sha256 } from '../../platform/auth/tokens.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { todayInVietnam, translator } from '../../platform/i18n/i18n.ts';
import * as repo from './surveys.repo.ts';
import { checkQuestions, parseQuestions, TEMPLATES, validateAnswers, type Answers, type Question } from './surveys.instruments.ts';
import { readTable, stratumKey, validateFrame, type RowError } from './surveys.frame.ts';
import { allocate, DEFAULT_RULES, drawSample, estimateShare, sampleSize, type SizeMethod } from './surveys.stats.ts';
import { computeResults, type Results } from './surveys.results.ts';

export type { Results } from './surveys.results.ts';
export type { SurveyRow } from './surveys.repo.ts';

/** Events this module emits (catalogue: src/modules/README.md). */
declare module '../../platform/events/events.ts' {
  interface EventMap {
    /** A round's results were published (or withdrawn): KPI pages and caches follow. */
    'surveys.results.published': { surveyId: string; published: boolean };
  }
}

export type SurveysService = ReturnType<typeof createSurveysService>;
export const SurveysToken = serviceToken<SurveysService>('surveys');
export type Mode = 'web' | 'phone' | 'post-office' | 'field';
export const MODES: Mode[] = ['web', 'phone', 'post-office', 'field'];
const ID_RE = /^[a-z0-9][a-z0-9-]{2,59}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_REMINDERS = 2;
export const REMIND_AFTER_DAYS = 7;

export interface RoundInput {
  id: string;
  instrumentId: string;
  titleVi: string;
  titleEn?: string;
  access: 'invitation' | 'public';
  opensOn: string;
  closesOn: string;
  periodFrom?: string;
  periodTo?: string;
}

export interface DrawInput {
  e: number;
  p?: number;
  method?: SizeMethod;
  floor?: number;
  /** Only for tests and re-draw checks; a real draw takes a fresh random seed. */
  seed?: string;
}

/** JSON with sorted keys: jsonb does not keep key order, so compare questionnaires this way. */
export const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

const isUnique = (err: unknown) => (err as { code?: string }).code === '23505';

export function createSurveysService(deps: AppDeps) {
  const db = deps.db;
  const tokenFor = (surveyId: string, dossierId: string) => hmac(deps.config.sessionSecret, `survey-invite:${surveyId}:${dossierId}`).slice(0, 24);
  const linkFor = (surveyId: string, token: string) => `${deps.config.publicUrl}/khao-sat/${surveyId}?ma=${token}`;
  const resultsCache = new Map<string, Results>();

  const drop = (id: string) => {
    for (const k of [...resultsCache.keys()]) if (k.startsWith(`${id}:`)) resultsCache.delete(k);
  };

  async function mustGet(id: string, q: Db | Tx = db, lock = false) {
    const s = ID_RE.test(id) ? await repo.getSurvey(q, id, lock) : undefined;
    if (!s) throw new NotFoundError('surveys.errors.notFound');
    return s;
  }

  /** Is the round taking answers today? */
  function isOpen(s: repo.SurveyRow, today = todayInVietnam()) {
    return s.status === 'open' && s.opens_on <= today && today <= s.closes_on;
  }

  /**
   * Record one response in the caller's transaction: the invitation is locked and used once, quotas are taken
   * in the same transaction (a full quota rolls everything back), one response per person key on open links.
   */
  async function record(tx: Tx, s: repo.SurveyRow, input: { raw: Record<string, unknown>; token?: string; dossierId?: string; mode: Mode; interviewer?: string | null; personKey?: string | null }) {
    if (!isOpen(s)) throw new ConflictError('surveys.errors.closed');
    let invitation: repo.InvitationRow | undefined;
    if (s.access === 'invitation') {
      if (input.dossierId) invitation = await repo.invitationByDossier(tx, s.id, input.dossierId, true);
      else if (input.token) invitation = await repo.invitationByToken(tx, s.id, sha256(input.token), true);
      if (!invitation) throw new AppError(input.token || input.dossierId ? 'surveys.errors.tokenUnknown' : 'surveys.errors.tokenRequired', input.token || input.dossierId ? 404 : 403);
      if (invitation.status === 'completed') throw new ConflictError('surveys.errors.alreadyAnswered');
    } else if (input.personKey && (await repo.hasPersonResponse(tx, s.id, input.personKey))) {
      throw new ConflictError('surveys.errors.alreadyAnsweredPerson');
    }
    const { answers, errors } = validateAnswers(s.questions, input.raw);
    if (Object.keys(errors).length) throw new ValidationError(errors);
    for (const quota of await repo.quotasOf(tx, s.id)) {
      const a = answers[quota.question_id];
      const hit = a !== undefined && (quota.option_id === null || (Array.isArray(a) ? a.includes(quota.option_id) : String(a) === quota.option_id));
      if (hit && !(await repo.takeQuota(tx, s.id, quota.id))) throw new ConflictError('surveys.errors.quotaFull');
    }
    if (invitation && !(await repo.completeInvitation(tx, invitation.id))) throw new ConflictError('surveys.errors.alreadyAnswered');
    const id = await repo.insertResponse(tx, {
      surveyId: s.id,
      invitationId: invitation?.id ?? null,
      stratum: invitation?.stratum ?? null,
      personKey: s.access === 'public' ? (input.personKey ?? null) : null,
      mode: input.mode,
      interviewer: input.interviewer ?? null,
      answers,
    });
    drop(s.id);
    return id;
  }

  const svc = {
    tokenFor,
    linkFor,
    isOpen,

    /** Load the templates (rounds keep the version they were created with). */
    async ensureTemplates(): Promise<number> {
      let made = 0;
      for (const t of TEMPLATES) {
        const problems = checkQuestions(t.questions);
        if (problems.length) throw new Error(`template ${t.id}: ${problems.join('; ')}`);
        await repo.upsertInstrument(db, { id: t.id, kind: t.kind, titleVi: t.title.vi, titleEn: t.title.en });
        // A template changed in code becomes a new version once; versions saved in the builder are kept.
        const v = await repo.latestVersion(db, t.id);
        const known = (await repo.allVersions(db, t.id)).some((q) => canonical(q) === canonical(t.questions));
        if (!known) {
          await repo.insertVersion(db, t.id, (v?.version ?? 0) + 1, t.questions);
          made++;
        }
      }
      return made;
    },

    instruments: () => repo.listInstruments(db),
    async instrument(id: string) {
      const v = /^[a-z0-9-]{1,60}$/.test(id) ? await repo.latestVersion(db, id) : undefined;
      if (!v) throw new NotFoundError('surveys.errors.notFound');
      return v;
    },

    /** The builder: save edited questions as the instrument's next version (rounds keep the version they use). */
    async saveVersion(actor: Actor, instrumentId: string, json: string): Promise<{ version?: number; problems: string[] }> {
      requirePermission(actor, 'surveys.manage');
      const cur = await svc.instrument(instrumentId);
      const { questions, problems } = parseQuestions(json);
      if (!questions) return { problems };
      if (canonical(questions) === canonical(cur.questions)) return { version: cur.version, problems: [] };
      const version = cur.version + 1;
      await runCommand(db, actor, 'surveys.instrument.version', async ({ tx, authorize, audit }) => {
        authorize('surveys.manage');
        await repo.insertVersion(tx, instrumentId, version, questions);
        await audit({ entityType: 'survey_instrument', entityId: instrumentId, after: { version, questions: questions.length } });
      });
      return { version, problems: [] };
    },
    list: (publicOnly = true) => repo.listSurveys(db, { publicOnly }),

    async get(id: string, opts: { publicOnly?: boolean } = {}) {
      const s = await mustGet(id);
      if (opts.publicOnly !== false && s.status === 'draft') throw new NotFoundError('surveys.errors.notFound');
      return s;
    },

    async createRound(actor: Actor, input: RoundInput) {
      const errors: Record<string, string> = {};
      if (!ID_RE.test(input.id)) errors.id = 'surveys.errors.id';
      if (!input.titleVi.trim()) errors.titleVi = 'surveys.errors.required';
      if (!DATE_RE.test(input.opensOn)) errors.opensOn = 'surveys.errors.date';
      if (!DATE_RE.test(input.closesOn) || input.closesOn < input.opensOn) errors.closesOn = 'surveys.errors.closesOn';
      if (input.access === 'invitation' && (!input.periodFrom || !input.periodTo || !DATE_RE.test(input.periodFrom) || !DATE_RE.test(input.periodTo) || input.periodTo < input.periodFrom)) errors.periodTo = 'surveys.errors.period';
      const v = await repo.latestVersion(db, input.instrumentId);
      if (!v) errors.instrumentId = 'surveys.errors.instrument';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      return runCommand(db, actor, 'surveys.round.create', async ({ tx, authorize, audit }) => {
        authorize('surveys.manage');
        if (await repo.getSurvey(tx, input.id)) throw new ValidationError({ id: 'surveys.errors.idTaken' });
        await repo.insertSurvey(tx, {
          id: input.id,
          versionId: v!.id,
          kind: v!.kind,
          titleVi: input.titleVi.trim().slice(0, 200),
          titleEn: (input.titleEn ?? '').trim().slice(0, 200) || input.titleVi.trim().slice(0, 200),
          access: input.access,
          opensOn: input.opensOn,
          closesOn: input.closesOn,
          periodFrom: input.access === 'invitation' ? input.periodFrom! : null,
          periodTo: input.access === 'invitation' ? input.periodTo! : null,
        });
        await audit({ entityType: 'survey', entityId: input.id, after: { ...input, instrumentVersion: v!.version } });
        return input.id;
      });
    },

    async setStatus(actor: Actor, id: string, status: 'open' | 'closed') {
      await runCommand(db, actor, `surveys.round.${status === 'open' ? 'open' : 'close'}`, async ({ tx, authorize, audit }) => {
        authorize('surveys.manage');
        const s = await mustGet(id, tx, true);
        if (status === 'open' && s.access === 'invitation' && !s.seed) throw new ConflictError('surveys.errors.notDrawn');
        if (status === 'open' && s.status === 'closed') throw new ConflictError('surveys.errors.reopen');
        await repo.setStatus(tx, id, status);
        await audit({ entityType: 'survey', entityId: id, before: { status: s.status }, after: { status } });
      });
      drop(id);
    },

    async publish(actor: Actor, id: string, published: boolean) {
      await runCommand(db, actor, 'surveys.results.publish', async ({ tx, authorize, audit, emit }) => {
        authorize('surveys.manage');
        const s = await mustGet(id, tx, true);
        if (published && s.status !== 'closed') throw new ConflictError('surveys.errors.publishOpen');
        await repo.setPublished(tx, id, published);
        await audit({ entityType: 'survey', entityId: id, before: { published: s.published }, after: { published } });
        await emit('surveys.results.published', { surveyId: id, published });
      });
    },

    async setQuota(actor: Actor, id: string, q: { id: string; questionId: string; optionId: string | null; max: number }) {
      await runCommand(db, actor, 'surveys.quota.set', async ({ tx, authorize, audit }) => {
        authorize('surveys.manage');
        const s = await mustGet(id, tx, true);
        const question = s.questions.find((x) => x.id === q.questionId);
        if (!question || (q.optionId !== null && !(question.options ?? []).some((o) => o.id === q.optionId) && question.type !== 'scale')) throw new ValidationError({ questionId: 'surveys.errors.quotaQuestion' });
        if (!Number.isInteger(q.max) || q.max < 0) throw new ValidationError({ max: 'surveys.errors.number' });
        await repo.upsertQuota(tx, id, q);
        await audit({ entityType: 'survey', entityId: id, after: q });
      });
    },
    quotas: (id: string) => repo.quotasOf(db, id),

    /** Import the frame (replaces an earlier import until the sample is drawn). Row errors refuse the whole file. */
    async importFrame(actor: Actor, id: string, fileName: string, data: Buffer): Promise<{ count: number; errors: RowError[] }> {
      requirePermission(actor, 'surveys.manage');
      const s = await mustGet(id);
      if (s.access !== 'invitation') throw new ConflictError('surveys.errors.noFrame');
      if (s.seed) throw new ConflictError('surveys.errors.alreadyDrawn');
      const table = await readTable(fileName, data);
      const { rows, errors } = validateFrame(table, s.period_from && s.period_to ? { from: s.period_from, to: s.period_to } : undefined);
      if (errors.length) return { count: 0, errors };
      await runCommand(db, actor, 'surveys.frame.import', async ({ tx, authorize, audit }) => {
        authorize('surveys.manage');
        await repo.replaceFrame(tx, id, rows.map((r) => ({ ...r, stratum: stratumKey(r) })));
        await audit({ entityType: 'survey', entityId: id, after: { fileName, rows: rows.length } });
      });
      return { count: rows.length, errors: [] };
    },

    frameCount: (id: string) => repo.frameCount(db, id),

    /**
     * Sample size from the precision target, proportional allocation with a floor per stratum, the seeded draw,
     * and one single-use invitation per drawn dossier (e-mailed where the frame has an address). Once only.
     */
    async draw(actor: Actor, id: string, input: DrawInput) {
      const errors: Record<string, string> = {};
      if (!(input.e >= 0.01 && input.e <= 0.2)) errors.e = 'surveys.errors.margin';
      if (input.p !== undefined && !(input.p > 0 && input.p < 1)) errors.p = 'surveys.errors.p';
      if (input.floor !== undefined && !(Number.isInteger(input.floor) && input.floor >= 0 && input.floor <= 1000)) errors.floor = 'surveys.errors.floor';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const seed = input.seed ?? randomBytes(16).toString('hex');
      const out = await runCommand(db, actor, 'surveys.sample.draw', async ({ tx, authorize, audit }) => {
        authorize('surveys.manage');
        const s = await mustGet(id, tx, true);
        if (s.access !== 'invitation') throw new ConflictError('surveys.errors.noFrame');
        if (s.seed) throw new ConflictError('surveys.errors.alreadyDrawn');
        const units = await repo.frameUnits(tx, id);
        if (!units.length) throw new ConflictError('surveys.errors.emptyFrame');
        const strataMap = new Map<string, { key: string; agency: string; fieldGroup: string; channel: string; N: number }>();
        for (const u of units) {
          const st = strataMap.get(u.stratum) ?? { key: u.stratum, agency: u.agency, fieldGroup: u.field_group, channel: u.channel, N: 0 };
          st.N++;
          strataMap.set(u.stratum, st);
        }
        const strata = [...strataMap.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
        const size = sampleSize({ N: units.length, e: input.e, p: input.p ?? 0.5, method: input.method ?? 'cochran' });
        const floor = input.floor ?? 30;
        const alloc = allocate(strata, size.n, floor);
        const drawn = drawSample(units, alloc, seed);
        const total = alloc.reduce((a, b) => a + b.n, 0);
        await repo.insertStrata(tx, id, strata.map((st, i) => ({ ...st, n: alloc[i]!.n, floored: alloc[i]!.floored })));
        const invitations = [...drawn.values()].flat().map((u) => ({ dossierId: u.id, stratum: u.stratum, tokenHash: sha256(tokenFor(id, u.id)), email: u.email }));
        await repo.insertInvitations(tx, id, invitations);
        const design: repo.Design = { e: input.e, p: input.p ?? 0.5, method: size.method, floor, N: units.length, n0: size.n0, n: size.n, total };
        await repo.recordDraw(tx, id, design, seed);
        // E-mail invitations go out through the mail outbox in this transaction (SMS/Zalo: the campaigns outbox, later).
        const mailed: string[] = [];
        for (const inv of invitations.filter((i) => i.email)) {
          const link = linkFor(id, tokenFor(id, inv.dossierId));
          await deps.mailer.enqueue(tx, {
            to: inv.email!,
            subject: `Mời tham gia khảo sát: ${s.title_vi}`,
            text: `Kính gửi ông/bà,\n\nHồ sơ ${inv.dossierId} của ông/bà đã có kết quả. Hồ sơ này được chọn ngẫu nhiên để hỏi ý kiến về mức độ hài lòng. Phiếu mất khoảng 3 phút; câu trả lời được tổng hợp ẩn danh.\n\n${link}\n\nĐường dẫn chỉ dùng được một lần. Xin cảm ơn.`,
            dedupeKey: `survey-invite:${id}:${inv.dossierId}`,
          });
          mailed.push(inv.dossierId);
        }
        await repo.markMailed(tx, id, mailed);
        await audit({ entityType: 'survey', entityId: id, after: { seed, design, strata: strata.length, invitations: invitations.length, mailed: mailed.length } });
        return { seed, design, strata: alloc, invitations: invitations.length, mailed: mailed.length };
      });
      drop(id);
      return out;
    },

    strata: (id: string) => repo.strataOf(db, id),
    invitationLinks: async (id: string) => (await repo.invitationLinks(db, id)).map((r) => ({ ...r, link: linkFor(id, tokenFor(id, r.dossier_id)) })),
    sampledDossiers: (id: string, stratum: string) => repo.sampledDossiers(db, id, stratum),

    /** Demo and bulk loads: many answers in one transaction, each through the same checks as a live one. */
    async seedResponses(id: string, list: Array<{ dossierId: string; mode: Mode; answers: Record<string, unknown> }>) {
      const s = await mustGet(id);
      await db.transaction().execute(async (tx) => {
        for (const r of list) await record(tx, s, { raw: r.answers, dossierId: r.dossierId, mode: r.mode, interviewer: r.mode === 'web' ? null : 'demo' });
      });
      drop(id);
    },
    invitationCounts: (id: string) => repo.invitationCounts(db, id),

    /** The invitation a link's token opens, for the form (saved answers included). */
    async invitation(id: string, token: string) {
      const s = await mustGet(id);
      if (!token || token.length > 64) return undefined;
      const inv = await repo.invitationByToken(db, s.id, sha256(token));
      return inv;
    },

    /** Save answers to finish later (single-use link): nothing is checked but the types. */
    async saveDraft(id: string, token: string, raw: Record<string, unknown>) {
      const s = await mustGet(id);
      if (!isOpen(s)) throw new ConflictError('surveys.errors.closed');
      const inv = await repo.invitationByToken(db, s.id, sha256(token));
      if (!inv) throw new AppError('surveys.errors.tokenUnknown', 404);
      if (inv.status === 'completed') throw new ConflictError('surveys.errors.alreadyAnswered');
      const { answers } = validateAnswers(s.questions, raw, true);
      await repo.saveDraft(db, inv.id, answers);
    },

    /** A respondent's own answers (web link, open link, API). */
    async respond(actor: Actor, id: string, input: { answers: Record<string, unknown>; token?: string }) {
      const s = await svc.get(id);
      let personKey: string | null = null;
      if (actor.kind === 'citizen' && actor.id) personKey = (await findPrincipal(db, actor.id))?.personKey ?? null;
      try {
        return await db.transaction().execute((tx) => record(tx, s, { raw: input.answers, token: input.token, mode: 'web', personKey }));
      } catch (err) {
        if (isUnique(err)) throw new ConflictError(s.access === 'invitation' ? 'surveys.errors.alreadyAnswered' : 'surveys.errors.alreadyAnsweredPerson');
        throw err;
      }
    },

    /** An interviewer enters a sampled person's answers (phone, post office, field visit); audited. */
    async interview(actor: Actor, id: string, input: { dossierId: string; mode: Mode; answers: Record<string, unknown> }) {
      if (!MODES.includes(input.mode) || input.mode === 'web') throw new ValidationError({ mode: 'surveys.errors.mode' });
      const s = await mustGet(id);
      if (s.access !== 'invitation') throw new ConflictError('surveys.errors.noFrame');
      if (!input.dossierId) throw new ValidationError({ dossierId: 'surveys.errors.required' });
      try {
        return await runCommand(db, actor, 'surveys.response.interview', async ({ tx, authorize, audit }) => {
          authorize('surveys.interview');
          const rid = await record(tx, s, { raw: input.answers, dossierId: input.dossierId.slice(0, 80), mode: input.mode, interviewer: actor.label });
          await audit({ entityType: 'survey_response', entityId: rid, after: { surveyId: id, dossierId: input.dossierId, mode: input.mode } });
          return rid;
        });
      } catch (err) {
        if (isUnique(err)) throw new ConflictError('surveys.errors.alreadyAnswered');
        if (err instanceof AppError && err.code === 'surveys.errors.tokenUnknown') throw new ValidationError({ dossierId: 'surveys.errors.notSampled' });
        throw err;
      }
    },

    /** The round's figures (cached until the next response or status change). */
    async results(id: string, locale: 'vi' | 'en' = 'vi'): Promise<Results> {
      const key = `${id}:${locale}`;
      const hit = resultsCache.get(key);
      if (hit) return hit;
      const s = await mustGet(id);
      const t = translator(locale);
      const strata = (await repo.strataOf(db, id)).map((x) => ({ key: x.key, agency: x.agency, fieldGroup: x.field_group, channel: x.channel, N: x.frame_n, n: x.sample_n }));
      const r = computeResults({
        surveyId: id,
        access: s.access,
        questions: s.questions,
        strata,
        responses: await repo.responsesOf(db, id),
        seed: s.seed,
        design: s.design,
        locale,
        labels: { fieldGroup: (g) => t(`surveys.fieldGroup.${g}`), channel: (c) => t(`surveys.channel.${c}`), overall: t('surveys.results.overall') },
      });
      resultsCache.set(key, r);
      return r;
    },
    dropCache: (id?: string) => (id ? drop(id) : resultsCache.clear()),

    /**
     * The weighted share satisfied (in %) of the latest published satisfaction round whose frame period ends
     * in [from, to], over all strata or only the given field groups; with the respondents it rests on.
     */
    async satisfactionStat(q: { from?: string; to?: string }, groups?: string[]): Promise<{ value: number | null; n: number; minSample: number; surveyId: string | null }> {
      const rounds = (await repo.listSurveys(db, { publicOnly: true }))
        .filter((s) => s.kind === 'satisfaction' && s.published && s.access === 'invitation' && s.period_to && (!q.from || s.period_to >= q.from) && (!q.to || s.period_to <= q.to))
        .sort((a, b) => (a.period_to! < b.period_to! ? 1 : -1));
      const s = rounds[0];
      if (!s) return { value: null, n: 0, minSample: DEFAULT_RULES.minRespondents, surveyId: null };
      const strata = (await repo.strataOf(db, s.id)).filter((x) => !groups || groups.includes(x.field_group));
      const sat = s.questions.find((x) => x.satisfaction);
      const resp = await repo.responsesOf(db, s.id);
      const tallies = strata.map((st) => {
        const rs = resp.filter((r) => r.stratum === st.key && sat && typeof r.answers[sat.id] === 'number');
        return { key: st.key, N: st.frame_n, n: st.sample_n, r: rs.length, y: rs.filter((r) => Number(r.answers[sat!.id]) >= 4).length };
      });
      const e = estimateShare(tallies);
      return { value: e.estimate === null ? null : Math.round(e.estimate * 1000) / 10, n: e.n, minSample: DEFAULT_RULES.minRespondents, surveyId: s.id };
    },

    /** Send reminders (at most MAX_REMINDERS, one week apart) to invited people who have not answered. */
    async remind(now = new Date()): Promise<number> {
      const due = await repo.dueReminders(db, new Date(now.getTime() - REMIND_AFTER_DAYS * 86_400_000), MAX_REMINDERS);
      let n = 0;
      for (const d of due) {
        await db.transaction().execute(async (tx) => {
          const sent = await deps.mailer.enqueue(tx, {
            to: d.email,
            subject: `Nhắc lại: ${d.title_vi}`,
            text: `Kính gửi ông/bà,\n\nChúng tôi chưa nhận được ý kiến của ông/bà về hồ sơ ${d.dossier_id}. Phiếu mất khoảng 3 phút:\n\n${linkFor(d.survey_id, tokenFor(d.survey_id, d.dossier_id))}\n\nXin cảm ơn.`,
            dedupeKey: `survey-remind:${d.survey_id}:${d.dossier_id}:${d.reminders + 1}`,
          });
          await repo.markReminded(tx, d.id, now);
          if (sent) n++;
        });
      }
      return n;
    },

    /** Open rounds whose closing date has passed are closed by the daily job. */
    async closeExpired(today = todayInVietnam()) {
      let n = 0;
      for (const s of await repo.listSurveys(db, { publicOnly: true })) {
        if (s.status === 'open' && s.closes_on < today) {
          await db.transaction().execute(async (tx) => {
            await repo.setStatus(tx, s.id, 'closed');
          });
          drop(s.id);
          n++;
        }
      }
      return n;
    },
  };
  return svc;
}

export type { Question, Answers };

import { randomBytes } from 'node:crypto';
import { serviceToken, type AppDeps } from '../../platform/modules.ts';
import type { Db } from '../../platform/db/database.ts';
import { runCommand } from '../../platform/audit/command.ts';
import { requirePermission, type Actor } from '../../platform/auth/permissions.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { translator, type Locale, type Translate } from '../../platform/i18n/i18n.ts';
import { RetrievalIndex, type SourceDoc } from './engine/engine.ts';
import { decide, type Decision } from './engine/decide.ts';
import { applySituation, SituationLayer, type LifeEventDoc, type SituatedResult } from './engine/situation.ts';
import { route, type Route } from './engine/router.ts';
import { SEED_LEXICON, type LexiconEntry } from './engine/lexicon.ts';
import { answerDoc, guideDoc, guidesByCode, recordDoc, type IndexableGuide, type PublishedAnswer } from './engine/sources.ts';
import { composeGuideAnswer, composeQaAnswer, guidePassages, intentsOf, type Labels } from './engine/answer.ts';
import { phraseWithLlm } from './engine/llm.ts';
import { fold, normalise, syllables } from './engine/text.ts';
import { maskPersonalData } from './masking.ts';
import { moduleSources, type AssistantSources } from './assistant.sources.ts';
import * as repo from './assistant.repo.ts';
import { groupGaps, type GapGroup } from './gaps.ts';
import { ContentToken } from '../content/api.ts';
import { FeedbackToken } from '../feedback/api.ts';

export const MAX_QUESTION = 1000;

/** Words of a follow-up about a section of the previous answer (folded). */
const FOLLOW_UP_WORDS = new Set(
  ('con le phi tien bao nhieu lau ngay thang gio giay to ho so can gi chuan bi nop o dau thoi gian mat het the thi sao nhu nao ' +
    'cach lam buoc cac online truc tuyen tren mang qua duoc khong ko k vay a nhe oi cho hoi minh em toi ket qua tra cuu tinh trang mien giam bn j')
    .split(' '),
);

/** NFC, control and zero-width characters removed, spaces collapsed; case kept (masking needs it). */
function tidy(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\p{Cc}\u200b-\u200f\u2028-\u202f\ufeff]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What is stored and shown back: tidied, personal data masked; case kept. */
function cleanForLog(text: string): string {
  return maskPersonalData(tidy(text).slice(0, MAX_QUESTION));
}

export interface Citation {
  slug: string;
  title: string;
  url: string;
}

export interface AskResult {
  conversationId: string;
  action: 'answer' | 'clarify' | 'handoff';
  answer: string;
  citations: Citation[];
  options?: Array<{ label: string; slug: string }>;
  confidence: number;
  turnId: number;
  routeClass: string;
  /** signposting shown with hand-overs (hotline, emergency numbers) */
  signpost?: 'hotline' | 'emergency';
  /** why a question was handed over: out of scope, unsure between guides, needs a person */
  handoverReason?: 'out_of_scope' | 'unsure' | 'needs_person';
  /** best next steps offered with a hand-over: the closest life event and guide(s) (not citations: nothing was answered) */
  suggestions?: Citation[];
}

export type AssistantService = ReturnType<typeof createAssistantService>;
/** The assistant's own files resolve its whole service through this token; other modules use AssistantToken (api.ts). */
export const AssistantServiceToken = serviceToken<AssistantService>('assistant');

const CONV_RE = /^[A-Za-z0-9_-]{16,64}$/;

export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

function labels(t: Translate): Labels {
  return {
    prepare: t('assistant.answer.prepare'),
    steps: t('assistant.answer.steps'),
    fees: t('assistant.answer.fees'),
    onlineDiscount: t('assistant.answer.onlineDiscount'),
    time: t('assistant.answer.time'),
    status: t('assistant.answer.status'),
    help: t('assistant.answer.help'),
    source: t('assistant.answer.source'),
  };
}

/**
 * The assistant: router → retrieval → calibrated decision → extractive answer (optionally phrased by an LLM
 * and checked). Every turn is stored with personal data masked.
 */
export function createAssistantService(deps: AppDeps, opts: { sources?: AssistantSources; llmFetch?: typeof fetch } = {}) {
  const db: Db = deps.db;
  const sources = opts.sources ?? moduleSources(deps);
  const index = new RetrievalIndex();
  const situations = new SituationLayer();
  let lifeEvents = new Map<string, LifeEventDoc>();
  let guides = new Map<string, IndexableGuide>();
  let answers = new Map<string, PublishedAnswer>();
  let loading: Promise<void> | null = null;
  let refreshing: Promise<void> | null = null;

  async function loadLexicon() {
    const rows = await repo.listLexicon(db);
    const entries: LexiconEntry[] = rows.filter((r) => r.active).map((r) => ({ term: r.term, expansion: r.expansion, weight: r.weight }));
    index.setLexicon(rows.length ? entries : SEED_LEXICON);
  }

  async function loadContent() {
    const list = await sources.guides();
    guides = new Map(list.map((g) => [g.slug, g]));
    index.replaceKind('guide', list.map(guideDoc));
    index.relinkRecords(guidesByCode(list));
    const events = (await sources.lifeEvents?.()) ?? [];
    lifeEvents = new Map(events.map((e) => [e.slug, e]));
    situations.set(events);
    const qa = await sources.answers();
    answers = new Map(qa.map((a) => [a.code, a]));
    index.replaceKind('qa', qa.map(answerDoc));
  }

  async function loadAll() {
    await loadLexicon();
    const list = await sources.guides();
    const byCode = guidesByCode(list);
    await sources.records((batch) => {
      for (const r of batch) index.upsert(recordDoc(r, byCode));
    });
    await loadContent();
    index.build();
  }

  /** True once the first load finished: other modules' searches use the index only then. */
  let loaded = false;
  function ready(): Promise<void> {
    loading ??= loadAll().then(
      () => {
        loaded = true;
      },
      (err: unknown) => {
        loading = null;
        throw err;
      },
    );
    return loading;
  }

  /** Re-read published guides and Q&A; the next question waits for it. */
  function refresh(): Promise<void> {
    const run = async () => {
      await ready();
      await loadContent();
      // Only guides and Q&A changed: reuse the records' cached scores (see RetrievalIndex.build).
      index.build({ reuseAverages: true });
    };
    refreshing = (refreshing ?? Promise.resolve()).then(run, run).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /**
   * Published guides or answers changed (content/feedback events, on every node): re-read them if the index is
   * built; an index not built yet reads the current state when it is.
   */
  function invalidate(): Promise<void> {
    return loading ? refresh() : Promise.resolve();
  }

  /**
   * Re-read everything, national records included. Called once after the start-up seeds (large demo data loads
   * after the server listens); a no-op until the first question has built the index.
   */
  async function reload(): Promise<void> {
    if (!loading) return;
    await ready();
    const byCode = guidesByCode(await sources.guides());
    const records: SourceDoc[] = [];
    await sources.records((batch) => {
      for (const r of batch) records.push(recordDoc(r, byCode));
    });
    index.replaceKind('record', records);
    await loadContent();
    index.build();
  }

  function citationOf(ref: string, kind: 'guide' | 'qa'): Citation | null {
    if (kind === 'guide') {
      const g = guides.get(ref);
      return g ? { slug: g.slug, title: g.title, url: g.url } : null;
    }
    const a = answers.get(ref);
    return a ? { slug: `hoi-dap:${a.code}`, title: a.question, url: a.url } : null;
  }

  /** Retrieval re-ranked by the life events the question's story points to (situation layer). */
  function situate(question: string): ReturnType<RetrievalIndex['search']> & SituatedResult {
    return applySituation(index.search(question), situations.match(question));
  }

  /** The closest life event and guide(s) to offer with a hand-over (only when retrieval found something near). */
  function nextSteps(search: ReturnType<typeof situate>, decision: Decision): Citation[] {
    const out: Citation[] = [];
    if (search.lifeEvent) out.push({ slug: `su-kien:${search.lifeEvent.slug}`, title: search.lifeEvent.title, url: search.lifeEvent.url });
    if (decision.reason !== 'no_match' && decision.confidence >= 0.2) {
      for (const c of decision.ranked.filter((x) => x.kind === 'guide').slice(0, 2)) {
        const cit = citationOf(c.ref, c.kind);
        if (cit && !out.some((x) => x.slug === cit.slug)) out.push(cit);
      }
    }
    return out.slice(0, 3);
  }

  async function lastAnsweredGuide(conversationId: string): Promise<IndexableGuide | undefined> {
    const turns = await repo.listTurns(db, conversationId, 3);
    for (let i = turns.length - 1; i >= 0; i--) {
      const c = turns[i]!.citations[0];
      if (turns[i]!.action === 'answer' && c && guides.has(c.slug)) return guides.get(c.slug);
    }
    return undefined;
  }

  function canned(r: Route, t: Translate): Pick<AskResult, 'action' | 'answer' | 'signpost'> {
    switch (r.cls) {
      case 'greeting':
        return { action: 'answer', answer: t('assistant.router.greeting') };
      case 'thanks':
        return { action: 'answer', answer: t('assistant.router.thanks') };
      case 'human':
        return { action: 'handoff', answer: t('assistant.router.human'), signpost: 'hotline' };
      case 'abuse':
        return { action: 'handoff', answer: t('assistant.router.abuse'), signpost: 'hotline' };
      case 'emergency':
        return { action: 'handoff', answer: t('assistant.router.emergency'), signpost: 'emergency' };
      case 'medical':
        return { action: 'handoff', answer: t('assistant.router.medical'), signpost: 'emergency' };
      case 'injection':
        return { action: 'handoff', answer: t('assistant.router.injection') };
      case 'personal_data':
        return { action: 'handoff', answer: t('assistant.router.personalData') };
      case 'foreign_language':
        return { action: 'handoff', answer: t('assistant.router.foreign'), signpost: 'hotline' };
      case 'utility':
        return { action: 'handoff', answer: t(`assistant.router.utility.${r.topic ?? 'electricity'}`), signpost: 'hotline' };
      case 'delegate':
        return { action: 'handoff', answer: t('assistant.router.delegate'), signpost: 'hotline' };
      case 'out_of_scope':
      default:
        return { action: 'handoff', answer: t('assistant.router.outOfScope') };
    }
  }

  async function compose(question: string, decision: Decision, t: Translate): Promise<{ answer: string; mode: string }> {
    const top = decision.ranked[0]!;
    if (top.kind === 'qa') {
      const a = answers.get(top.ref)!;
      return { answer: composeQaAnswer(a, labels(t)), mode: 'extractive' };
    }
    const g = guides.get(top.ref)!;
    const extractive = composeGuideAnswer(g, question, labels(t));
    const llm = deps.config.assistantLlm;
    if (!llm.url) return { answer: extractive, mode: 'extractive' };
    const passages = guidePassages(g);
    const res = await phraseWithLlm(llm, question, passages, { fetchImpl: opts.llmFetch });
    if (!res.text) {
      deps.logger.info({ rejected: res.rejected, offending: res.offending }, 'assistant: LLM phrasing rejected, extractive answer used');
      return { answer: extractive, mode: `extractive:${res.rejected}` };
    }
    return { answer: `${res.text}\n\n${labels(t).source} ${g.title} — ${g.url}`, mode: 'llm' };
  }

  async function ask(input: { question: string; conversationId?: string; channel?: string; locale?: Locale; contextGuide?: string }): Promise<AskResult> {
    const started = performance.now();
    const t = translator(input.locale ?? 'vi');
    const raw = typeof input.question === 'string' ? input.question : '';
    const question = normalise(raw);
    if (!question || !/[\p{L}\p{N}]/u.test(question)) throw new AppError('assistant.errors.empty', 400, {}, { question: 'assistant.errors.empty' });
    if (raw.length > MAX_QUESTION) throw new AppError('assistant.errors.tooLong', 400, { max: MAX_QUESTION }, { question: 'assistant.errors.tooLong' });

    let conversationId = input.conversationId && CONV_RE.test(input.conversationId) ? input.conversationId : '';
    if (conversationId && !(await repo.conversationExists(db, conversationId))) conversationId = '';
    if (!conversationId) {
      conversationId = newConversationId();
      await repo.createConversation(db, conversationId, input.channel ?? 'api');
    }

    await ready();
    if (refreshing) await refreshing;
    index.ensureBuilt();

    const r = route(question);
    let result: Omit<AskResult, 'conversationId' | 'turnId'>;
    let reason: string = r.cls;
    let mode = 'router';
    if (r.cls === 'dossier_code') {
      const g = guides.get('tra-cuu-ho-so');
      const text = t('assistant.router.dossier', { code: r.dossierCode ?? '' }) + (g ? `\n\n${g.sections.checkStatus}\n\n${t('assistant.answer.source')} ${g.title} — ${g.url}` : '');
      result = { action: g ? 'answer' : 'handoff', answer: text, citations: g ? [{ slug: g.slug, title: g.title, url: g.url }] : [], confidence: 1, routeClass: r.cls, signpost: g ? undefined : 'hotline' };
    } else if (r.cls !== 'retrieve') {
      const c = canned(r, t);
      result = { ...c, citations: [], confidence: 1, routeClass: r.cls, ...(c.action === 'handoff' ? { handoverReason: r.cls === 'human' || r.cls === 'abuse' || r.cls === 'delegate' ? ('needs_person' as const) : ('out_of_scope' as const) } : {}) };
    } else {
      const search = situate(question);
      let decision = decide(search);
      reason = decision.reason;
      // follow-up ("còn lệ phí thì sao?"): a short question made only of section words (fees, time, documents…)
      // continues the guide just answered
      const syl = syllables(question);
      if (syl.length <= 8 && !intentsOf(question).includes('general') && syl.every((s) => FOLLOW_UP_WORDS.has(s.fold))) {
        // the guide just answered, or the guide page the citizen came from (/tro-ly?huong-dan=<slug>)
        const prev = (await lastAnsweredGuide(conversationId)) ?? (input.contextGuide ? guides.get(input.contextGuide) : undefined);
        const cand = prev && search.candidates.find((c) => c.ref === prev.slug);
        if (prev) {
          decision = {
            action: 'answer',
            confidence: 0.6,
            reason: 'confident',
            features: decision.features,
            ranked: [cand ?? { ref: prev.slug, kind: 'guide', doc: guideDoc(prev), score: 0, own: 0, viaRecord: 0, titleCoverage: 0, coverage: 0, bigramCoverage: 0, phraseMatch: 0, rareCoverage: 0 }],
          };
          reason = 'follow_up';
        }
      }
      if (decision.action === 'answer') {
        const c = citationOf(decision.ranked[0]!.ref, decision.ranked[0]!.kind);
        const composed = await compose(question, decision, t);
        mode = composed.mode;
        const more = decision.ranked
          .slice(1, 3)
          .filter((x) => x.score >= decision.ranked[0]!.score * 0.5)
          .map((x) => citationOf(x.ref, x.kind))
          .filter((x): x is Citation => !!x);
        result = { action: 'answer', answer: composed.answer, citations: c ? [c, ...more] : more, confidence: decision.confidence, routeClass: r.cls };
      } else if (decision.action === 'clarify') {
        const options = decision.ranked
          .map((x) => citationOf(x.ref, x.kind))
          .filter((x): x is Citation => !!x)
          .slice(0, 3)
          .map((c) => ({ label: c.title, slug: c.slug }));
        // the life event the story points to, offered next to the options (the whole situation, in order)
        const event = search.lifeEvent ? [{ slug: `su-kien:${search.lifeEvent.slug}`, title: search.lifeEvent.title, url: search.lifeEvent.url }] : undefined;
        result = { action: 'clarify', answer: t('assistant.clarify'), citations: [], options, confidence: decision.confidence, routeClass: r.cls, suggestions: event };
      } else {
        // honest hand-over: why, and the best next step — the life event the story points to and the closest guide
        // when retrieval had something near; 1022 and the feedback form always (hotline panel, handoverNext text)
        const suggestions = nextSteps(search, decision);
        const why = decision.reason === 'not_covered' ? 'needs_person' : suggestions.length ? 'unsure' : 'needs_person';
        const text = [
          t(decision.reason === 'not_covered' ? 'assistant.notCovered' : 'assistant.lowConfidence'),
          suggestions.length ? `${t('assistant.handover.closest')}\n${suggestions.map((c) => `- ${c.title} — ${c.url}`).join('\n')}` : '',
          t('assistant.handover.next'),
        ].filter(Boolean).join('\n\n');
        result = {
          action: 'handoff',
          answer: text,
          citations: [],
          options: suggestions.map((c) => ({ label: c.title, slug: c.slug })),
          confidence: decision.confidence,
          routeClass: r.cls,
          signpost: 'hotline',
          handoverReason: why,
          suggestions,
        };
      }
    }
    const masked = cleanForLog(raw);
    const turnId = await repo.insertTurn(db, {
      conversationId,
      question: masked,
      folded: fold(masked.toLowerCase()),
      answer: result.answer,
      action: result.action,
      routeClass: result.routeClass,
      reason,
      confidence: result.confidence,
      citations: result.citations,
      options: result.options ?? [],
      latencyMs: Math.round(performance.now() - started),
      mode,
    });
    return { ...result, conversationId, turnId };
  }

  return {
    ask,
    ready,
    refresh,
    invalidate,
    reload,
    /** For tests and the benchmark: the live index. */
    index,
    /** For the evaluation's calibration replay: retrieval with the situation layer, as ask() uses it. */
    situate,
    /** Published life events the situation layer knows (tests). */
    lifeEventCount: () => lifeEvents.size,

    /**
     * The assistant's query normalisation for other modules' keyword search (the catalogue): shorthand such as
     * "dk"/"đk" spelled out and one-letter typos corrected against guides and national records. Folded text.
     */
    async rewriteQuery(q: string): Promise<string> {
      // Never make a search wait for the first index load (all national records): start it, search as typed.
      if (!loaded) {
        void ready().catch(() => undefined);
        return q;
      }
      return index.rewrite(q).text;
    },

    /** Title of a published guide (the chat page shows which guide a citizen came from). */
    async guideTitle(slug: string): Promise<string | undefined> {
      await ready();
      return guides.get(slug)?.title;
    },

    async conversation(conversationId: string) {
      if (!CONV_RE.test(conversationId)) return [];
      return repo.listTurns(db, conversationId);
    },

    async feedback(input: { conversationId: string; turnId: number; helpful: boolean; reason?: string; comment?: string }) {
      const turn = await repo.getTurn(db, input.turnId);
      if (!turn || turn.conversationId !== input.conversationId) throw new NotFoundError();
      const reason = input.reason && ['wrong', 'incomplete', 'unclear', 'outdated', 'other'].includes(input.reason) ? input.reason : null;
      const comment = input.comment ? maskPersonalData(tidy(input.comment).slice(0, 1000)) : null;
      await repo.insertFeedback(db, { turnId: input.turnId, helpful: input.helpful, reason, comment });
    },

    /** "Gặp cán bộ hỗ trợ": a support request with the masked transcript and optional contact details. */
    async handover(input: { conversationId?: string; name?: string; phone?: string; email?: string; message?: string }): Promise<{ code: string; url: string | null }> {
      const fields: Record<string, string> = {};
      const name = tidy(input.name ?? '').slice(0, 120);
      const phone = (input.phone ?? '').replace(/[\s.-]/g, '');
      const email = tidy(input.email ?? '').toLowerCase();
      if (phone && !/^(\+?84|0)\d{8,10}$/.test(phone)) fields.phone = 'assistant.errors.phone';
      if (email && (!/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email) || email.length > 200)) fields.email = 'assistant.errors.email';
      // masked on the original text: lower-casing first would let names through
      const message = tidy(input.message ?? '').slice(0, 2000);
      const conversationId = input.conversationId && CONV_RE.test(input.conversationId) ? input.conversationId : undefined;
      const turns = conversationId ? await repo.listTurns(db, conversationId) : [];
      if (!turns.length && !message) fields.message = 'assistant.errors.handoverEmpty';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const transcript: Array<{ role: 'user' | 'assistant'; text: string }> = [];
      for (const turn of turns) {
        transcript.push({ role: 'user', text: turn.question });
        transcript.push({ role: 'assistant', text: turn.answer.slice(0, 1500) });
      }
      if (message) transcript.push({ role: 'user', text: maskPersonalData(message) });
      if (conversationId) await repo.markHandedOver(db, conversationId);
      if (deps.services.has(FeedbackToken)) {
        const fb = deps.services.get(FeedbackToken);
        if (typeof fb.createSupportRequest === 'function') {
          const res = await fb.createSupportRequest({
            transcript,
            contactName: name || undefined,
            contactEmail: email || undefined,
            contactPhone: phone || undefined,
            channel: 'assistant',
            conversationId,
          });
          return res;
        }
      }
      const code = `HT-${new Date().getFullYear()}-${randomBytes(4).toString('hex').toUpperCase()}`;
      await repo.insertSupportRequest(db, { code, transcript, contactName: name || null, contactEmail: email || null, contactPhone: phone || null, channel: 'assistant', conversationId: conversationId ?? null });
      return { code, url: null };
    },

    // Staff: content gaps
    async gaps(actor: Actor, sinceDays = 30): Promise<{ groups: GapGroup[]; stats: Awaited<ReturnType<typeof repo.stats>> }> {
      assertCan(actor, 'assistant.review');
      const rows = await repo.gapCandidates(db, sinceDays);
      const done = await repo.gapActions(db);
      return { groups: groupGaps(rows).filter((g) => !done.has(g.signature)), stats: await repo.stats(db, sinceDays) };
    },

    async gapToDraft(actor: Actor, input: { signature: string; title: string; questions: string[] }): Promise<string> {
      assertCan(actor, 'assistant.review');
      if (!deps.services.has(ContentToken)) throw new AppError('assistant.errors.noContent', 409);
      const title = normalise(input.title).slice(0, 200);
      if (!title) throw new ValidationError({ title: 'assistant.errors.title' });
      const url = await deps.services.get(ContentToken).createDraftFromGap(actor, { title, questions: input.questions.slice(0, 20) });
      await runCommand(db, actor, 'assistant.gapToDraft', async ({ tx, authorize, audit }) => {
        authorize('assistant.review');
        await repo.recordGapAction(tx, input.signature, 'draft', url);
        await audit({ entityType: 'assistant_gap', entityId: input.signature, after: { title, url } });
      });
      return url;
    },

    async dismissGap(actor: Actor, signature: string) {
      await runCommand(db, actor, 'assistant.dismissGap', async ({ tx, authorize, audit }) => {
        authorize('assistant.review');
        await repo.recordGapAction(tx, signature, 'dismissed', null);
        await audit({ entityType: 'assistant_gap', entityId: signature });
      });
    },

    // Staff: lexicon
    listLexicon: () => repo.listLexicon(db),
    getLexicon: (id: string) => repo.getLexicon(db, id),

    async saveLexicon(actor: Actor, input: { id?: string; term: string; expansion: string; weight: string | number; active?: boolean; note?: string; gapSignature?: string }): Promise<string> {
      const term = normalise(input.term).slice(0, 80);
      const expansion = normalise(input.expansion).slice(0, 300);
      const weight = typeof input.weight === 'number' ? input.weight : Number(String(input.weight).replace(',', '.'));
      const fields: Record<string, string> = {};
      if (!term || !syllables(term).length) fields.term = 'assistant.errors.term';
      if (!expansion || !syllables(expansion).length) fields.expansion = 'assistant.errors.expansion';
      if (!Number.isFinite(weight) || weight <= 0 || weight > 1) fields.weight = 'assistant.errors.weight';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const termFolded = syllables(term).map((s) => s.fold).join(' ');
      const id = await runCommand(db, actor, input.id ? 'assistant.lexicon.update' : 'assistant.lexicon.create', async ({ tx, authorize, audit }) => {
        authorize('assistant.lexicon');
        if (await repo.lexiconTermExists(tx, termFolded, input.id)) throw new ValidationError({ term: 'assistant.errors.termTaken' });
        const note = input.note ? normalise(input.note).slice(0, 300) : null;
        if (input.id) {
          const before = await repo.getLexicon(tx, input.id);
          if (!before) throw new NotFoundError();
          await repo.updateLexicon(tx, input.id, { term, termFolded, expansion, weight, active: input.active ?? true, note });
          await audit({ entityType: 'assistant_lexicon', entityId: input.id, before, after: { term, expansion, weight, active: input.active ?? true } });
          return input.id;
        }
        const newId = await repo.insertLexicon(tx, { term, termFolded, expansion, weight, note });
        if (input.gapSignature) await repo.recordGapAction(tx, input.gapSignature, 'lexicon', newId);
        await audit({ entityType: 'assistant_lexicon', entityId: newId, after: { term, expansion, weight } });
        return newId;
      });
      await loadLexicon();
      return id;
    },

    async deleteLexicon(actor: Actor, id: string) {
      await runCommand(db, actor, 'assistant.lexicon.delete', async ({ tx, authorize, audit }) => {
        authorize('assistant.lexicon');
        const before = await repo.getLexicon(tx, id);
        if (!before) throw new NotFoundError();
        await repo.deleteLexicon(tx, id);
        await audit({ entityType: 'assistant_lexicon', entityId: id, before });
      });
      await loadLexicon();
    },

    /** Reference data: the seed lexicon, inserted once (staff edit it afterwards). */
    async seedLexicon(): Promise<number> {
      if ((await repo.countLexicon(db)) > 0) return 0;
      let n = 0;
      for (const e of SEED_LEXICON) {
        const termFolded = syllables(e.term).map((s) => s.fold).join(' ');
        if (await repo.insertLexicon(db, { term: e.term, termFolded, expansion: e.expansion, weight: e.weight, note: null })) n++;
      }
      return n;
    },

    fallbackSupportRequest: (code: string) => repo.getSupportRequest(db, code),
  };
}

function assertCan(actor: Actor, permission: string) {
  requirePermission(actor, permission);
}

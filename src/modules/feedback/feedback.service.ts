import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { serviceToken, type AppDeps } from '../../platform/modules.ts';
import type { Db } from '../../platform/db/database.ts';
import { runCommand, type Tx } from '../../platform/audit/command.ts';
import { can, isProvinceWide, actorOrgIds, requirePermission, type Actor } from '../../platform/auth/permissions.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { formatDate, siteInfo, todayInVietnam } from '../../platform/i18n/i18n.ts';
import { safeEqual } from '../../platform/auth/tokens.ts';
import * as repo from './feedback.repo.ts';
import { fold, sectorOf } from './feedback.sectors.ts';
import { addWorkingDays, calendarFrom, workingDaysBetween, type WorkCalendar } from './feedback.calendar.ts';
import { findPersonalData, type MaskOptions } from '../../platform/privacy/masking.ts';
import { newReceiptCode } from './feedback.codes.ts';
import { looksAbusive, maskPersonalData, maskPhrases, publishedContacts } from './feedback.masking.ts';
import { linkOwner } from '../../platform/auth/ownership.ts';
import { citizenFeedback, OWNED_ITEM, OWNED_RATING } from './feedback.citizen.ts';
import { CatalogueToken } from '../catalogue/api.ts';
import { ContentToken } from '../content/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';

export const KINDS = ['hoi-dap', 'phan-anh', 'kho-khan', 'khen-ngoi', 'ho-tro'] as const;
export type Kind = (typeof KINDS)[number];
/** How an item reached us: web form, API, Open311, or staff entering it on a citizen's behalf. */
export const CHANNELS = ['web', 'api', 'open311', 'assistant', 'hotline', 'mot-cua', 'buu-dien', 'truc-tiep'] as const;
export const STAFF_CHANNELS = ['hotline', 'mot-cua', 'buu-dien', 'truc-tiep'] as const;
export const OPEN_STATUSES = ['received', 'in_progress', 'waiting_citizen', 'answer_pending'];
export const CENTRE_CODE = 'TT-PVHCC';
/** Timeline entries whose note the citizen wrote: never public (not moderated), shown to the key holder only. */
const CITIZEN_NOTES = ['reopened'];

export interface SubmitInput {
  kind: string;
  title?: string;
  body: string;
  serviceCode?: string | null;
  orgId?: string | null;
  commune?: string | null;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  address?: string | null;
  lat?: number | null;
  long?: number | null;
  /** The dossier the item is about (Open311 attribute `ma_ho_so`). */
  dossierCode?: string | null;
  channel: string;
  transcript?: Array<{ role: 'user' | 'assistant'; text: string }> | null;
  conversationId?: string | null;
}

export interface SubmitOptions {
  idempotencyKey?: string | null;
  submissionToken?: string | null;
}

export interface RatingInput {
  score: number;
  ease?: number | null;
  speed?: number | null;
  attitude?: number | null;
  clarity?: number | null;
  comment?: string | null;
  serviceCode?: string | null;
  orgId?: string | null;
  commune?: string | null;
  dossierCode?: string | null;
  channel?: string;
  clientId?: string | null;
}

/** The service published as deps.services.get(FeedbackServiceToken). The assistant module uses the first three. */
export interface FeedbackApi {
  createSupportRequest(input: {
    transcript: Array<{ role: 'user' | 'assistant'; text: string }>;
    contactName?: string;
    contactEmail?: string;
    contactPhone?: string;
    channel: 'assistant' | 'hotline';
    conversationId?: string;
  }): Promise<{ code: string; url: string }>;
  listPublishedAnswers(): Promise<Array<{ code: string; question: string; answer: string; url: string; updatedAt: Date }>>;
}

/** Events this module emits (catalogue: src/modules/README.md). */
declare module '../../platform/events/events.ts' {
  interface EventMap {
    /** An answer was approved and published; `reopened` counts earlier answer cycles of the item. */
    'feedback.item.answered': { itemId: string; code: string; orgId: string; reopened: number };
    /** A moderator approved (published) or hid an item's public text: Q&A lists and the assistant follow. */
    'feedback.item.moderated': { itemId: string; code: string; orgId: string; moderation: 'approved' | 'hidden' };
  }
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
/** The feedback module's own files resolve its whole service through this token; other modules use FeedbackToken (api.ts). */
export const FeedbackServiceToken = serviceToken<FeedbackService>('feedback');

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const PHONE_RE = /^(?:\+?84|0)\d{8,10}$/;
// A dossier code as the rating form accepts it (upper-cased first).
const DOSSIER_RE = /^[A-Z0-9.\-/]{6,60}$/;
export { fold };
export const isLandConstrInvest = (field: string | null | undefined) => sectorOf(field) !== null;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function createFeedbackService(deps: AppDeps) {
  const db: Db = deps.db;
  let calendarCache: { at: number; cal: WorkCalendar } | undefined;

  const catalogue = () => deps.services.optional(CatalogueToken);
  const orgs = () => deps.services.get(OrganisationsToken);

  async function calendar(q: Db | Tx = db): Promise<WorkCalendar> {
    if (calendarCache && Date.now() - calendarCache.at < 60_000 && q === db) return calendarCache.cal;
    const cal = calendarFrom(await repo.calendarRows(q));
    if (q === db) calendarCache = { at: Date.now(), cal };
    return cal;
  }

  let centreCache: string | undefined;
  async function centreId(): Promise<string> {
    if (centreCache) return centreCache;
    const id = await orgs().findIdByCode(CENTRE_CODE);
    if (!id) throw new Error(`Organisation ${CENTRE_CODE} missing`);
    return (centreCache = id);
  }
  let limitsCache: { at: number; v: Record<string, number> } | undefined;
  async function cachedLimits(): Promise<Record<string, number>> {
    if (limitsCache && Date.now() - limitsCache.at < 60_000) return limitsCache.v;
    limitsCache = { at: Date.now(), v: await repo.limits(db) };
    return limitsCache.v;
  }

  /** Routing: a service goes to its responsible organisation (others coordinate); otherwise to the Centre. */
  async function route(serviceCode: string | null | undefined, orgId: string | null | undefined) {
    let serviceName: string | null = null;
    let field: string | null = null;
    let responsible: string[] = [];
    if (serviceCode) {
      const proc = await catalogue()?.getByCode(serviceCode);
      if (proc) {
        serviceName = proc.name;
        field = proc.field ?? null;
        responsible = proc.responsibleOrgIds ?? [];
      }
    }
    const main = orgId || responsible[0] || (await centreId());
    return { orgId: main, coordinating: responsible.filter((o) => o !== main), serviceName, field };
  }

  function validateSubmit(input: SubmitInput) {
    const f: Record<string, string> = {};
    if (!(KINDS as readonly string[]).includes(input.kind)) f.kind = 'feedback.errors.kind';
    const body = (input.body ?? '').trim();
    if (body.length < 10) f.body = 'feedback.errors.bodyShort';
    if (body.length > 4000) f.body = 'feedback.errors.bodyLong';
    if ((input.title ?? '').length > 200) f.title = 'feedback.errors.titleLong';
    if (input.contactEmail && !EMAIL_RE.test(input.contactEmail)) f.contactEmail = 'feedback.errors.email';
    if (input.contactPhone && !PHONE_RE.test(input.contactPhone.replace(/[\s.-]/g, ''))) f.contactPhone = 'feedback.errors.phone';
    if ((input.contactName ?? '').length > 120) f.contactName = 'feedback.errors.nameLong';
    if (!(CHANNELS as readonly string[]).includes(input.channel)) f.channel = 'feedback.errors.channel';
    if (input.lat != null && (!Number.isFinite(input.lat) || input.lat < -90 || input.lat > 90)) f.lat = 'feedback.errors.lat';
    if (input.long != null && (!Number.isFinite(input.long) || input.long < -180 || input.long > 180)) f.long = 'feedback.errors.long';
    if (input.dossierCode != null && !DOSSIER_RE.test(input.dossierCode)) f.dossierCode = 'feedback.errors.dossierCode';
    if (Object.keys(f).length) throw new ValidationError(f);
  }

  /**
   * What stays unmasked in staff-written public text (answers, reasons): officials' published names (staff
   * accounts), .gov.vn e-mails and the phone numbers the province publishes in its guides. Read outside any
   * transaction (PGlite has one connection) and cached for five minutes.
   */
  let keepCache: { at: number; keep: NonNullable<MaskOptions['keep']> } | undefined;
  async function staffTextKeep(): Promise<MaskOptions> {
    if (keepCache && Date.now() - keepCache.at < 300_000) return { keep: keepCache.keep };
    const names = (await db.selectFrom('users').select('full_name').where('status', '=', 'active').execute()).map((r) => r.full_name);
    const phones: string[] = [];
    if (deps.services.has(ContentToken)) {
      const content = deps.services.get(ContentToken);
      for (const g of (await content.listPublishedGuides?.().catch(() => [])) ?? []) {
        const text = JSON.stringify(g);
        for (const sp of findPersonalData(text)) if (sp.kind === 'phone') phones.push(text.slice(sp.start, sp.end));
      }
    }
    keepCache = { at: Date.now(), keep: publishedContacts({ names, phones }) };
    return { keep: keepCache.keep };
  }

  /** The responsible (lead) agency's handlers, or province-wide roles. */
  function leads(actor: Actor, item: Pick<repo.ItemRow, 'orgId'>): boolean {
    return actor.kind === 'system' || can(actor, 'feedback.handle', item.orgId);
  }
  /** The lead agency's or a coordinating agency's handlers. */
  function canHandle(actor: Actor, item: Pick<repo.ItemRow, 'orgId' | 'coordinatingOrgIds'>): boolean {
    return leads(actor, item) || item.coordinatingOrgIds.some((o) => can(actor, 'feedback.handle', o));
  }
  /**
   * Who may see an item's private data (contact details, original text, transcript, internal timeline): the
   * lead agency's and coordinating agencies' handlers and the provincial Centre's. Editors and moderators see
   * only the masked text; everyone else nothing.
   */
  async function seesPrivate(actor: Actor, item: Pick<repo.ItemRow, 'orgId' | 'coordinatingOrgIds'>): Promise<boolean> {
    if (actor.kind === 'system') return true;
    // The dedicated `feedback.private` right, never a province-wide role as such: a system administrator
    // (provinceWide, but no case rights) sees masked text like a moderator.
    return [item.orgId, ...item.coordinatingOrgIds, await centreId()].some((o) => can(actor, 'feedback.private', o));
  }
  /** The item as a moderator (no private right) may see it: masked text only, no contacts, key or transcript. */
  function maskedItem(item: repo.ItemRow): repo.ItemRow {
    return { ...item, title: item.titlePublic, body: item.bodyPublic, contactName: null, contactEmail: null, contactPhone: null, address: null, lat: null, long: null, transcript: null, citizenKey: '', answerDraft: null, reopenReason: null };
  }

  async function mustGet(q: Db | Tx, code: string, forUpdate = false) {
    const item = await repo.getByCode(q, code, forUpdate);
    if (!item) throw new NotFoundError();
    return item;
  }

  const svc = {
    calendar,

    async limits() {
      return repo.limits(db);
    },

    /**
     * Accept an item. It is committed (with its public acknowledgement and rollup) before the code is returned.
     * A repeated Idempotency-Key or submission token returns the first item; the same text and contact within
     * 10 minutes is merged into the earlier item (counted, not lost).
     */
    async submit(actor: Actor, input: SubmitInput, opts: SubmitOptions = {}): Promise<{ code: string; citizenKey: string; merged: boolean; created: boolean }> {
      input = {
        ...input,
        contactName: input.contactName?.trim() || null,
        contactEmail: input.contactEmail?.trim().toLowerCase() || null,
        contactPhone: input.contactPhone?.trim() || null,
        dossierCode: input.dossierCode?.trim().toUpperCase() || null,
        title: input.title?.trim() || '',
        body: (input.body ?? '').trim(),
      };
      validateSubmit(input);
      if (STAFF_CHANNELS.includes(input.channel as (typeof STAFF_CHANNELS)[number]) && input.channel !== 'hotline') requirePermission(actor, 'feedback.intake');
      if (input.channel === 'hotline' && actor.kind !== 'system') requirePermission(actor, 'feedback.intake');
      const key = opts.idempotencyKey ? sha(`${actor.kind}:${actor.id ?? ''}:${opts.idempotencyKey}`) : null;
      for (const [col, v] of [['idempotency_key', key], ['submission_token', opts.submissionToken ?? null]] as const) {
        if (!v) continue;
        const prior = await repo.findBy(db, col, v);
        if (prior) return { code: prior.code, citizenKey: '', merged: false, created: false };
      }
      const dedupeHash = sha(`${fold(input.body).replace(/\s+/g, ' ')}|${input.contactEmail ?? ''}|${input.contactPhone ?? ''}|${input.kind}`);
      const routing = await route(input.serviceCode, input.orgId);
      const cal = await calendar();
      const lim = await cachedLimits();
      const today = todayInVietnam();
      const title = input.title || input.body.slice(0, 80);
      const citizenKey = randomBytes(9).toString('base64url');
      const abusive = looksAbusive(`${title} ${input.body}`);
      const row = {
        kind: input.kind,
        status: 'received',
        channel: input.channel,
        serviceCode: input.serviceCode || null,
        serviceName: routing.serviceName,
        field: routing.field,
        commune: input.commune || null,
        orgId: routing.orgId,
        coordinatingOrgIds: routing.coordinating,
        title,
        body: input.body,
        titlePublic: maskPersonalData(title),
        bodyPublic: maskPersonalData(input.body),
        moderation: abusive ? 'hidden' : 'pending',
        contactName: input.contactName ?? null,
        contactEmail: input.contactEmail ?? null,
        contactPhone: input.contactPhone ?? null,
        address: input.address || null,
        lat: input.lat ?? null,
        long: input.long ?? null,
        dossierCode: input.dossierCode || null,
        transcript: input.transcript ?? null,
        conversationId: input.conversationId ?? null,
        citizenKey,
        idempotencyKey: key,
        submissionToken: opts.submissionToken ?? null,
        dedupeHash,
        enteredBy: actor.kind === 'user' ? actor.id : null,
        receivedDay: today,
        dueDay: addWorkingDays(cal, today, lim.answer ?? 15),
      };
      const afterInsert = async (tx: Tx | Db, r: { id: string; code: string; merged: boolean }) => {
        if (r.merged) {
          // Merged, not lost: counted on the first item and noted on its internal timeline.
          await sql`UPDATE fb_items SET duplicates = duplicates + 1, updated_at = now() WHERE id = ${r.id}`.execute(tx);
          await repo.addEvent(tx, r.id, { kind: 'duplicate', public: false, actorLabel: actor.label, note: input.channel });
          return { code: r.code, citizenKey: '', merged: true, created: false };
        }
        // Sent while signed in as a citizen: the item is theirs (shown on /tai-khoan).
        if (actor.kind === 'citizen' && actor.id) await linkOwner(tx, actor.id, OWNED_ITEM, r.id, 'signed_in');
        return { code: r.code, citizenKey, merged: false, created: true };
      };
      try {
        // Staff and integrations: the audit row goes in the same transaction. Citizens: one atomic statement.
        if (actor.kind === 'user' || actor.kind === 'token') {
          return await db.transaction().execute(async (tx) => {
            const r = await repo.insertItemAtomic(tx, row, newReceiptCode, 10);
            await sql`INSERT INTO audit_log (actor_id, actor_label, action, entity_type, entity_id, org_id, after, ip, request_id)
              VALUES (${actor.kind === 'user' ? actor.id : null}, ${actor.label}, ${r.merged ? 'feedback.intakeMerged' : 'feedback.intake'}, 'feedback_item', ${r.id}, ${routing.orgId},
              ${JSON.stringify({ code: r.code, kind: input.kind, channel: input.channel })}::jsonb, ${actor.ip ?? null}, ${actor.requestId ?? null})`.execute(tx);
            return afterInsert(tx, r);
          });
        }
        const r = await repo.insertItemAtomic(db, row, newReceiptCode, 10);
        return r.merged ? await db.transaction().execute((tx) => afterInsert(tx, r)) : await afterInsert(db, r);
      } catch (err) {
        // Two identical retries racing: the unique key lost; return the winner's item.
        if ((err as { code?: string }).code === '23505') {
          for (const [col, v] of [['idempotency_key', key], ['submission_token', opts.submissionToken ?? null]] as const) {
            if (!v) continue;
            const prior = await repo.findBy(db, col, v);
            if (prior) return { code: prior.code, citizenKey: '', merged: false, created: false };
          }
        }
        throw err;
      }
    },

    async createSupportRequest(input: Parameters<FeedbackApi['createSupportRequest']>[0]): Promise<{ code: string; url: string }> {
      const transcript = (input.transcript ?? []).slice(-60).map((m) => ({ role: m.role === 'assistant' ? ('assistant' as const) : ('user' as const), text: maskPersonalData(String(m.text ?? '').slice(0, 2000)) }));
      const firstUser = transcript.find((m) => m.role === 'user')?.text ?? '';
      const body = `${firstUser}`.trim().padEnd(10, '.').slice(0, 4000);
      const res = await svc.submit(
        { kind: 'system', id: null, label: input.channel, roles: [] },
        {
          kind: 'ho-tro',
          title: firstUser.slice(0, 80) || 'Yêu cầu hỗ trợ',
          body,
          channel: input.channel,
          contactName: input.contactName,
          contactEmail: input.contactEmail,
          contactPhone: input.contactPhone,
          transcript,
          conversationId: input.conversationId ?? null,
        },
        { idempotencyKey: input.conversationId ? `support:${input.conversationId}` : null },
      );
      return { code: res.code, url: `/phan-anh/${res.code}` };
    },

    async listPublishedAnswers() {
      const rows = await repo.publishedAnswers(db, null, 5000);
      return rows.map((r) => ({ code: r.code, question: `${r.titlePublic}\n${r.bodyPublic}`, answer: r.answerPublic!, url: `/phan-anh/${r.code}`, updatedAt: r.updatedAt }));
    },

    /** Does an item with this code exist? (The lookup page says so instead of a generic 404.) */
    async codeExists(code: string): Promise<boolean> {
      return Boolean(await repo.getByCode(db, code));
    },

    /**
     * The citizen, holding the private key from the receipt, has the code and their private link mailed to an
     * address they type (one message per item, address and day).
     */
    async emailReceipt(code: string, input: { key: string; email: string }): Promise<void> {
      const email = input.email.trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) throw new ValidationError({ email: 'feedback.errors.email' });
      const item = await repo.getByCode(db, code);
      if (!item || !input.key || !safeEqual(input.key, item.citizenKey)) throw new NotFoundError('feedback.errors.notFound');
      const site = siteInfo('vi');
      await deps.mailer.enqueue(db, {
        to: email,
        subject: `[${item.code}] Mã tra cứu phản ánh, kiến nghị`,
        text:
          `Mã tra cứu của bạn: ${item.code}\nHạn trả lời: ${formatDate(item.dueDay)}\n\n` +
          `Xem, bổ sung và đánh giá câu trả lời (đường dẫn riêng, đừng chia sẻ): ${deps.config.publicUrl}/phan-anh/${item.code}?k=${item.citizenKey}\n\n` +
          `${site.centre} – Tổng đài ${site.hotline}\n`,
        dedupeKey: `feedback.receipt:${item.id}:${email.toLowerCase()}:${todayInVietnam()}`,
      });
    },

    /**
     * What anyone may see by code. Codes are random now (feedback.codes.ts), but older ones were sequential, so
     * nothing here may be private: the citizen's (masked)
     * text only after a moderator approved it, the answer and timeline notes only then too (they may quote the
     * question), never a note the citizen wrote (re-open reason). The citizen's key (from the receipt) also
     * shows the answer and notes, for their verdict; it never shows contact details or the original text.
     */
    async publicView(code: string, opts: { key?: string | null } = {}) {
      const item = await repo.getByCode(db, code);
      if (!item) throw new NotFoundError('feedback.errors.notFound');
      const keyValid = Boolean(opts.key) && safeEqual(String(opts.key), item.citizenKey);
      const published = item.moderation === 'approved';
      const events = (await repo.events(db, item.id, true)).map((e) => ({ ...e, note: keyValid || (published && !CITIZEN_NOTES.includes(e.kind)) ? e.note : null }));
      const org = await orgs().get(item.orgId).catch(() => undefined);
      const today = todayInVietnam();
      return {
        code: item.code,
        kind: item.kind,
        status: item.status,
        channel: item.channel,
        serviceName: item.serviceName,
        orgName: org?.name ?? null,
        title: published ? item.titlePublic : null,
        body: published ? item.bodyPublic : null,
        moderation: item.moderation,
        answer: published || keyValid ? item.answerPublic : null,
        answeredAt: item.answeredAt,
        receivedDay: item.receivedDay,
        dueDay: item.dueDay,
        overdue: OPEN_STATUSES.includes(item.status) && item.status !== 'waiting_citizen' && item.dueDay < today,
        satisfied: item.satisfied,
        reopened: item.reopened,
        createdAt: item.createdAt,
        updatedAt: item.updatedAt,
        events,
        keyValid,
        /** Server-side only (Open311 fields, routing); never rendered as a whole. */
        item,
      };
    },

    async staffView(actor: Actor, code: string) {
      const item = await mustGet(db, code);
      const canModerate = can(actor, 'feedback.moderate', item.orgId) || can(actor, 'feedback.moderate', await centreId());
      const showPrivate = await seesPrivate(actor, item);
      if (!showPrivate && !canModerate) throw new ForbiddenError();
      // the internal timeline only with the private right; moderators get the public one
      const [events, org] = await Promise.all([repo.events(db, item.id, !showPrivate), orgs().get(item.orgId).catch(() => undefined)]);
      const canApprove = can(actor, 'feedback.approve', item.orgId);
      // The approve button only for an approver who wrote no version of the draft (four-eyes).
      const canApproveAnswer = canApprove && !(actor.kind === 'user' && (await repo.draftedAnswer(db, item.id, actor.id!)));
      return {
        item: showPrivate ? item : maskedItem(item),
        events,
        orgName: org?.name ?? '',
        showPrivate,
        // actions on the case belong to the lead agency; coordinating agencies and the Centre add contributions
        canHandle: leads(actor, item),
        canContribute: showPrivate,
        canApprove,
        canApproveAnswer,
        canModerate,
        canRoute: can(actor, 'feedback.route', item.orgId),
        canChase: can(actor, 'feedback.chase'),
      };
    },

    /**
     * The receipt slip for an item an officer entered for a citizen (phone, desk, post). Only the officer who
     * entered it sees the citizen's key and the title, and needs no handling right on the agency it was routed
     * to. Anyone else with the intake right (e.g. an item merged into an earlier one with the same text and
     * contact) sees only what the public tracking page shows: that key belongs to whoever entered the item.
     */
    async intakeReceipt(actor: Actor, code: string) {
      requirePermission(actor, 'feedback.intake');
      const item = await mustGet(db, code);
      const own = actor.kind === 'user' && item.enteredBy === actor.id;
      const org = await orgs().get(item.orgId).catch(() => undefined);
      return {
        code: item.code,
        kind: item.kind,
        channel: item.channel,
        title: own ? item.title : null,
        receivedDay: item.receivedDay,
        dueDay: item.dueDay,
        orgName: org?.name ?? '',
        citizenKey: own ? item.citizenKey : null,
        canOpen: canHandle(actor, item),
      };
    },

    async queue(actor: Actor, f: { status?: string; kind?: string; mine?: boolean; overdue?: boolean; orgId?: string; moderation?: boolean; page: number }) {
      if (!can(actor, 'feedback.handle') && !can(actor, 'feedback.moderate')) throw new ForbiddenError();
      const centre = await centreId();
      // the Centre's handlers see every item; the Centre's editors moderate every item
      const everywhere = isProvinceWide(actor) || can(actor, 'feedback.handle', centre) || (f.moderation === true && can(actor, 'feedback.moderate', centre));
      let orgIds: string[] | null = everywhere ? null : actorOrgIds(actor);
      if (f.orgId) orgIds = orgIds === null || orgIds.includes(f.orgId) ? [f.orgId] : [];
      const limit = 50;
      const rows = await repo.queue(db, {
        orgIds,
        status: f.status || undefined,
        kind: f.kind || undefined,
        assignedTo: f.mine && actor.id ? actor.id : undefined,
        overdueOnly: f.overdue,
        moderationPending: f.moderation,
        today: todayInVietnam(),
        limit: limit + 1,
        offset: (Math.max(1, f.page) - 1) * limit,
      });
      // rows whose private data the viewer may not see carry the masked title only
      const out = [];
      for (const r of rows.slice(0, limit)) out.push((await seesPrivate(actor, r)) ? r : maskedItem(r));
      return { rows: out, hasNext: rows.length > limit };
    },

    /** Assign to an officer (by e-mail) or, with no e-mail, to oneself. */
    async assign(actor: Actor, code: string, email?: string | null) {
      return runCommand(db, actor, 'feedback.assign', async ({ tx, authorize, audit }) => {
        const item = await mustGet(tx, code, true);
        authorize('feedback.handle', item.orgId);
        let userId = actor.id;
        let label = actor.label;
        if (email) {
          const u = await tx.selectFrom('users').select(['id', 'full_name']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
          if (!u) throw new ValidationError({ email: 'feedback.errors.userNotFound' });
          userId = u.id;
          label = u.full_name;
        }
        if (!userId) throw new ForbiddenError();
        if (!OPEN_STATUSES.includes(item.status)) throw new ConflictError('feedback.errors.notOpen');
        await repo.updateItem(tx, item.id, { assigned_to: userId, status: item.status === 'received' ? 'in_progress' : item.status });
        await repo.addEvent(tx, item.id, { kind: 'assigned', public: false, actorLabel: actor.label, note: label });
        if (item.status === 'received') await repo.addEvent(tx, item.id, { kind: 'in_progress', public: true, actorLabel: 'system' });
        await audit({ entityType: 'feedback_item', entityId: item.id, orgId: item.orgId, before: { assignedTo: item.assignedTo }, after: { assignedTo: userId } });
      });
    },

    /** Reassign to another organisation, with a reason (Centre, or the current agency's head). */
    async reassign(actor: Actor, code: string, orgId: string, reason: string) {
      if (!reason || reason.trim().length < 5) throw new ValidationError({ reason: 'feedback.errors.reasonRequired' });
      if (!/^[0-9a-f-]{36}$/i.test(orgId)) throw new ValidationError({ orgId: 'form.invalidChoice' });
      await orgs().get(orgId).catch(() => {
        throw new ValidationError({ orgId: 'form.invalidChoice' });
      });
      return runCommand(db, actor, 'feedback.reassign', async ({ tx, authorize, audit }) => {
        const item = await mustGet(tx, code, true);
        authorize('feedback.route', item.orgId);
        if (!OPEN_STATUSES.includes(item.status)) throw new ConflictError('feedback.errors.notOpen');
        if (orgId === item.orgId) throw new ValidationError({ orgId: 'feedback.errors.sameOrg' });
        await repo.updateItem(tx, item.id, { org_id: orgId, assigned_to: null, status: item.status === 'in_progress' ? 'received' : item.status, escalation_level: 0 });
        await repo.addEvent(tx, item.id, { kind: 'reassigned', public: true, actorLabel: actor.label, note: maskPersonalData(reason.trim().slice(0, 500)) });
        // The item now counts for the new agency from the day it was received.
        await repo.bumpItemRollup(tx, item.receivedDay, item.orgId, { received: -1, acknowledged: -1 });
        await repo.bumpItemRollup(tx, item.receivedDay, orgId, { received: 1, acknowledged: 1 });
        await audit({ entityType: 'feedback_item', entityId: item.id, orgId, before: { orgId: item.orgId }, after: { orgId, reason: maskPersonalData(reason) } });
      });
    },

    /** Ask the citizen for more information: the deadline clock stops until they reply. */
    async requestInfo(actor: Actor, code: string, note: string) {
      if (!note || note.trim().length < 5) throw new ValidationError({ note: 'feedback.errors.noteRequired' });
      return runCommand(db, actor, 'feedback.requestInfo', async ({ tx, authorize, audit }) => {
        const item = await mustGet(tx, code, true);
        authorize('feedback.handle', item.orgId);
        if (!['received', 'in_progress'].includes(item.status)) throw new ConflictError('feedback.errors.notOpen');
        const today = todayInVietnam();
        await repo.updateItem(tx, item.id, { status: 'waiting_citizen', paused_since: today, info_requested_count: sql`info_requested_count + 1` });
        await repo.addEvent(tx, item.id, { kind: 'waiting_citizen', public: true, actorLabel: actor.label, note: maskPersonalData(note.trim().slice(0, 2000)) });
        if (item.contactEmail) {
          await deps.mailer.enqueue(tx, {
            to: item.contactEmail,
            subject: `[${item.code}] Đề nghị bổ sung thông tin`,
            text: `${note.trim()}\n\nTrả lời tại: ${deps.config.publicUrl}/phan-anh/${item.code}?k=${item.citizenKey}`,
            dedupeKey: `feedback.info:${item.id}:${today}`,
          });
        }
        await audit({ entityType: 'feedback_item', entityId: item.id, orgId: item.orgId, before: { status: item.status }, after: { status: 'waiting_citizen' } });
      });
    },

    /**
     * A contribution to an open item (internal timeline): coordinating agencies' handlers, the Centre's and
     * the lead agency's. The other actions on the case stay with the lead agency.
     */
    async contribute(actor: Actor, code: string, note: string) {
      const text = (note ?? '').trim();
      if (text.length < 5) throw new ValidationError({ contribution: 'feedback.errors.contributionShort' });
      if (text.length > 4000) throw new ValidationError({ contribution: 'feedback.errors.bodyLong' });
      const centre = await centreId();
      return runCommand(db, actor, 'feedback.contribute', async ({ tx, authorize, audit }) => {
        const item = await mustGet(tx, code, true);
        const asOrg = [item.orgId, ...item.coordinatingOrgIds, centre].find((o) => can(actor, 'feedback.handle', o)) ?? item.orgId;
        authorize('feedback.handle', asOrg);
        if (!OPEN_STATUSES.includes(item.status)) throw new ConflictError('feedback.errors.notOpen');
        await repo.addEvent(tx, item.id, { kind: 'contribution', public: false, actorLabel: actor.label, note: text });
        await audit({ entityType: 'feedback_item', entityId: item.id, orgId: asOrg, after: { contribution: text.length } });
      });
    },

    /** The citizen (holding the private key from the receipt) or staff records the reply; the clock resumes. */
    async resume(actor: Actor, code: string, input: { key?: string; text: string }) {
      const text = (input.text ?? '').trim();
      if (text.length < 2) throw new ValidationError({ text: 'feedback.errors.bodyShort' });
      const cal = await calendar();
      const doIt = async (tx: Tx, item: repo.ItemRow) => {
        if (item.status !== 'waiting_citizen') throw new ConflictError('feedback.errors.notWaiting');
        const today = todayInVietnam();
        const pausedDays = workingDaysBetween(cal, item.pausedSince ?? today, today);
        const due = addWorkingDays(cal, item.dueDay, pausedDays);
        await repo.updateItem(tx, item.id, { status: item.assignedTo ? 'in_progress' : 'received', paused_since: null, due_day: due, body: `${item.body}\n\n--- Bổ sung ${today} ---\n${text.slice(0, 4000)}` });
        await repo.addEvent(tx, item.id, { kind: 'resumed', public: true, actorLabel: actor.kind === 'user' ? actor.label : 'citizen', note: `+${pausedDays}` });
      };
      if (actor.kind === 'user') {
        return runCommand(db, actor, 'feedback.resume', async ({ tx, authorize, audit }) => {
          const item = await mustGet(tx, code, true);
          authorize('feedback.handle', item.orgId);
          await doIt(tx, item);
          await audit({ entityType: 'feedback_item', entityId: item.id, orgId: item.orgId, after: { status: 'resumed' } });
        });
      }
      return db.transaction().execute(async (tx) => {
        const item = await mustGet(tx, code, true);
        if (!input.key || input.key !== item.citizenKey) throw new ForbiddenError('feedback.errors.badKey');
        await doIt(tx, item);
      });
    },

    /** Reject (out of scope, duplicate of a handled matter…) with a reason shown publicly. */
    async reject(actor: Actor, code: string, reason: string) {
      if (!reason || reason.trim().length < 5) throw new ValidationError({ reason: 'feedback.errors.reasonRequired' });
      return runCommand(db, actor, 'feedback.reject', async ({ tx, authorize, audit }) => {
        const item = await mustGet(tx, code, true);
        authorize('feedback.approve', item.orgId);
        if (!OPEN_STATUSES.includes(item.status)) throw new ConflictError('feedback.errors.notOpen');
        const cal = await calendar(tx);
        const lim = await repo.limits(tx);
        const today = todayInVietnam();
        const onTime = workingDaysBetween(cal, item.receivedDay, today) <= (lim.reject ?? 2);
        await repo.updateItem(tx, item.id, { status: 'rejected', answered_at: new Date(), answered_day: today, answered_on_time: onTime, answer_public: maskPersonalData(reason.trim()) });
        await repo.addEvent(tx, item.id, { kind: 'rejected', public: true, actorLabel: actor.label, note: maskPersonalData(reason.trim().slice(0, 1000)) });
        await repo.bumpItemRollup(tx, today, item.orgId, { answered: 1, on_time: onTime ? 1 : 0, handling_days: workingDaysBetween(cal, item.receivedDay, today) });
        await audit({ entityType: 'feedback_item', entityId: item.id, orgId: item.orgId, before: { status: item.status }, after: { status: 'rejected', reason: maskPersonalData(reason) } });
      });
    },

    /** An officer drafts the answer; it goes to the agency head for approval. */
    async draftAnswer(actor: Actor, code: string, text: string) {
      const answer = (text ?? '').trim();
      if (answer.length < 10) throw new ValidationError({ answer: 'feedback.errors.answerShort' });
      if (answer.length > 8000) throw new ValidationError({ answer: 'feedback.errors.bodyLong' });
      return runCommand(db, actor, 'feedback.draftAnswer', async ({ tx, authorize, audit }) => {
        const item = await mustGet(tx, code, true);
        authorize('feedback.handle', item.orgId);
        if (!['received', 'in_progress', 'answer_pending'].includes(item.status)) throw new ConflictError('feedback.errors.notOpen');
        await repo.updateItem(tx, item.id, { answer_draft: answer, status: 'answer_pending', assigned_to: item.assignedTo ?? actor.id });
        await repo.addEvent(tx, item.id, { kind: 'answer_drafted', public: false, actorLabel: actor.label });
        await audit({ entityType: 'feedback_item', entityId: item.id, orgId: item.orgId, before: { answerDraft: item.answerDraft == null ? null : maskPersonalData(item.answerDraft) }, after: { answerDraft: maskPersonalData(answer) } });
      });
    },

    async returnDraft(actor: Actor, code: string, note: string) {
      if (!note || note.trim().length < 5) throw new ValidationError({ note: 'feedback.errors.noteRequired' });
      return runCommand(db, actor, 'feedback.returnDraft', async ({ tx, authorize, audit }) => {
        const item = await mustGet(tx, code, true);
        authorize('feedback.approve', item.orgId);
        if (item.status !== 'answer_pending') throw new ConflictError('feedback.errors.noDraft');
        await repo.updateItem(tx, item.id, { status: 'in_progress' });
        await repo.addEvent(tx, item.id, { kind: 'draft_returned', public: false, actorLabel: actor.label, note: note.trim().slice(0, 1000) });
        await audit({ entityType: 'feedback_item', entityId: item.id, orgId: item.orgId, after: { returned: maskPersonalData(note) } });
      });
    },

    /**
     * The head approves: the masked answer is published, the citizen is e-mailed in the same transaction (the
     * outbox dedupe key makes a retried approval or job mail once) and the rollups move.
     */
    async approveAnswer(actor: Actor, code: string) {
      const cal = await calendar();
      const keep = await staffTextKeep();
      await runCommand(db, actor, 'feedback.approveAnswer', async ({ tx, authorize, audit, emit }) => {
        const item = await mustGet(tx, code, true);
        authorize('feedback.approve', item.orgId);
        if (item.status !== 'answer_pending' || !item.answerDraft) throw new ConflictError('feedback.errors.noDraft');
        // Four-eyes: whoever wrote any version of this answer does not approve it.
        if (actor.kind === 'user' && (await repo.draftedAnswer(tx, item.id, actor.id!))) throw new ForbiddenError('feedback.errors.fourEyes');
        const today = todayInVietnam();
        const onTime = today <= item.dueDay;
        const answerPublic = maskPersonalData(item.answerDraft, keep);
        const days = workingDaysBetween(cal, item.receivedDay, today);
        await repo.updateItem(tx, item.id, {
          status: 'answered',
          answer_public: answerPublic,
          answered_at: new Date(),
          answered_day: today,
          answered_on_time: onTime,
          satisfied: null,
        });
        // The question's text stays as moderated (or pending): approving an answer never publishes what the citizen wrote.
        await repo.addEvent(tx, item.id, { kind: 'answered', public: true, actorLabel: actor.label });
        // A re-opened item's second answer does not count as a second answered item.
        if (item.reopened === 0) {
          await repo.bumpItemRollup(tx, today, item.orgId, { answered: 1, on_time: onTime ? 1 : 0, handling_days: days });
          await repo.bumpHandlingHist(tx, today, item.orgId, days);
        }
        await audit({ entityType: 'feedback_item', entityId: item.id, orgId: item.orgId, before: { status: item.status }, after: { status: 'answered', onTime } });
        // The citizen's e-mail is the feedback.answerMail handler's job; the assistant re-indexes on every node.
        await emit('feedback.item.answered', { itemId: item.id, code: item.code, orgId: item.orgId, reopened: item.reopened });
      });
    },

    /**
     * Handler of feedback.item.answered: e-mail the answer to the citizen who left an address. Runs once per
     * event in the delivery's transaction; the outbox dedupe key also keeps a requeued delivery to one mail.
     */
    async mailAnswer(tx: Tx, e: { code: string; reopened: number }) {
      const item = await repo.getByCode(tx, e.code);
      // Re-opened and answered again since: that later answer has its own event and mail.
      if (!item || !item.contactEmail || !item.answerDraft || item.reopened !== e.reopened) return;
      await deps.mailer.enqueue(tx, {
        to: item.contactEmail,
        subject: `[${item.code}] Trả lời phản ánh, kiến nghị của bạn`,
        text: `Kính gửi ${item.contactName ?? 'ông/bà'},\n\n${item.answerDraft}\n\nXem và đánh giá câu trả lời: ${deps.config.publicUrl}/phan-anh/${item.code}?k=${item.citizenKey}\n`,
        dedupeKey: `feedback.answer:${item.id}:${item.reopened}`,
      });
    },

    /**
     * Moderation: the human decision on the masked preview. Approve publishes the (auto-masked) title and text,
     * possibly edited (masked again) and with more phrases masked by hand ("mask more", one per line); hide
     * keeps it off every public surface with a reason. The assistant's index follows at once.
     */
    async moderate(actor: Actor, code: string, input: { action: 'approve' | 'hide'; titlePublic?: string; bodyPublic?: string; maskMore?: string; reason?: string }) {
      if (input.action === 'hide' && (!input.reason || input.reason.trim().length < 5)) throw new ValidationError({ reason: 'feedback.errors.reasonRequired' });
      const phrases = (input.maskMore ?? '').split(/\r?\n|;/).map((x) => x.trim()).filter(Boolean);
      if (phrases.some((x) => x.length < 2 || x.length > 200)) throw new ValidationError({ maskMore: 'feedback.errors.maskMore' });
      const centre = await centreId();
      await runCommand(db, actor, 'feedback.moderate', async ({ tx, authorize, audit, emit }) => {
        const item = await mustGet(tx, code, true);
        // Editors moderate their own agency's items; the Centre's editors moderate every item.
        authorize('feedback.moderate', can(actor, 'feedback.moderate', item.orgId) ? item.orgId : centre);
        const set: Record<string, unknown> = { moderation: input.action === 'approve' ? 'approved' : 'hidden', moderation_reason: input.reason?.trim() || null };
        // An edited public text is masked again: a moderator cannot publish personal data by mistake.
        let title = input.titlePublic?.trim() ? maskPersonalData(input.titlePublic.trim().slice(0, 200)) : item.titlePublic;
        let body = input.bodyPublic?.trim() ? maskPersonalData(input.bodyPublic.trim().slice(0, 4000)) : item.bodyPublic;
        if (phrases.length) [title, body] = [maskPhrases(title, phrases), maskPhrases(body, phrases)];
        if (title !== item.titlePublic) set.title_public = title;
        if (body !== item.bodyPublic) set.body_public = body;
        await repo.updateItem(tx, item.id, set);
        await repo.addEvent(tx, item.id, { kind: input.action === 'approve' ? 'published' : 'hidden', public: true, actorLabel: 'moderator', note: input.action === 'hide' ? maskPersonalData(input.reason!.trim().slice(0, 500)) : null });
        await audit({ entityType: 'feedback_item', entityId: item.id, orgId: item.orgId, before: { moderation: item.moderation, titlePublic: item.titlePublic, bodyPublic: item.bodyPublic }, after: { ...set, maskedMore: phrases.length } });
        // Published Q&A (and the assistant's index of it, on every node) changes with the decision either way.
        await emit('feedback.item.moderated', { itemId: item.id, code: item.code, orgId: item.orgId, moderation: input.action === 'approve' ? 'approved' : 'hidden' });
      });
    },

    /** The citizen (with the receipt key) says whether the answer satisfied them; unsatisfied may re-open once. */
    async citizenVerdict(code: string, input: { key: string; satisfied: boolean; reopen?: boolean; reason?: string }) {
      const cal = await calendar();
      const lim = await repo.limits(db);
      return db.transaction().execute(async (tx) => {
        const item = await mustGet(tx, code, true);
        if (!input.key || input.key !== item.citizenKey) throw new ForbiddenError('feedback.errors.badKey');
        if (item.status !== 'answered') throw new ConflictError('feedback.errors.notAnswered');
        if (item.satisfied !== null && !input.reopen) throw new ConflictError('feedback.errors.alreadyRated');
        const day = item.answeredDay ?? todayInVietnam();
        if (input.reopen) {
          if (input.satisfied) throw new ValidationError({ reason: 'feedback.errors.reopenNeedsUnsatisfied' });
          if (item.reopened >= 1) throw new ConflictError('feedback.errors.reopenOnce');
          if (!input.reason || input.reason.trim().length < 5) throw new ValidationError({ reason: 'feedback.errors.reasonRequired' });
          const today = todayInVietnam();
          await repo.updateItem(tx, item.id, { status: 'in_progress', satisfied: false, final_verdict: 'unsatisfied', reopened: 1, reopen_reason: input.reason.trim().slice(0, 2000), due_day: addWorkingDays(cal, today, lim.answer ?? 15), escalation_level: 0 });
          await repo.addEvent(tx, item.id, { kind: 'reopened', public: true, actorLabel: 'citizen', note: maskPersonalData(input.reason.trim().slice(0, 1000)) });
          await repo.bumpItemRollup(tx, day, item.orgId, { reopened: 1, disliked: item.satisfied === false ? 0 : 1 });
          return;
        }
        await repo.updateItem(tx, item.id, { satisfied: input.satisfied, final_verdict: input.satisfied ? 'satisfied' : 'unsatisfied', status: input.satisfied ? 'closed' : 'answered' });
        await repo.addEvent(tx, item.id, { kind: input.satisfied ? 'satisfied' : 'unsatisfied', public: true, actorLabel: 'citizen' });
        if (!input.satisfied) await repo.bumpItemRollup(tx, day, item.orgId, { disliked: 1 });
      });
    },

    /** Ratings 1–5 with driver questions. One per dossier code; a client may rate at most 20 times an hour. */
    async rate(input: RatingInput, actor?: Actor): Promise<{ id: number }> {
      const f: Record<string, string> = {};
      const score = Number(input.score);
      if (!Number.isInteger(score) || score < 1 || score > 5) f.score = 'feedback.errors.score';
      for (const k of ['ease', 'speed', 'attitude', 'clarity'] as const) {
        const v = input[k];
        if (v != null && (!Number.isInteger(v) || v < 1 || v > 5)) f[k] = 'feedback.errors.score';
      }
      const dossier = input.dossierCode?.trim().toUpperCase() || null;
      if (dossier && !DOSSIER_RE.test(dossier)) f.dossierCode = 'feedback.errors.dossierCode';
      if ((input.comment ?? '').length > 2000) f.comment = 'feedback.errors.bodyLong';
      if (input.serviceCode && input.serviceCode.length > 60) f.serviceCode = 'feedback.errors.serviceCode';
      if (Object.keys(f).length) throw new ValidationError(f);
      const clientHash = input.clientId ? sha(`rating:${input.clientId}`) : null;
      if (clientHash && (await repo.recentRatingsFromClient(db, clientHash, 60)) >= 20) throw new ConflictError('feedback.errors.tooManyRatings');
      const routing = await route(input.serviceCode, input.orgId);
      const day = todayInVietnam();
      return db.transaction().execute(async (tx) => {
        const id = await repo.insertRating(tx, {
          serviceCode: input.serviceCode || null,
          orgId: routing.orgId,
          field: routing.field,
          commune: input.commune || null,
          channel: input.channel ?? 'web',
          score,
          ease: input.ease ?? null,
          speed: input.speed ?? null,
          attitude: input.attitude ?? null,
          clarity: input.clarity ?? null,
          comment: input.comment ? maskPersonalData(input.comment.trim()) : null,
          dossierCode: dossier,
          itemId: null,
          clientHash,
          day,
        });
        if (id === null) throw new ConflictError('feedback.errors.dossierRated');
        if (actor?.kind === 'citizen' && actor.id) await linkOwner(tx, actor.id, OWNED_RATING, String(id), 'signed_in');
        await repo.bumpRatingRollup(tx, { day, orgId: routing.orgId, field: routing.field ?? '', ldi: isLandConstrInvest(routing.field), channel: input.channel ?? 'web', score, serviceCode: input.serviceCode || null, commune: input.commune || null });
        return { id };
      });
    },

    async publicAnswers(q: string, page: number) {
      const limit = 20;
      const rows = await repo.publishedAnswers(db, q || null, limit + 1, (Math.max(1, page) - 1) * limit);
      return { rows: rows.slice(0, limit), hasNext: rows.length > limit };
    },

    recentPublic: (limit: number, from?: Date, to?: Date, status?: 'open' | 'closed') => repo.recentPublic(db, limit, from, to, status),

    // ---- calendar administration ----
    async calendarRows() {
      return repo.calendarRows(db);
    },
    async setCalendarDay(actor: Actor, input: { day: string; kind: string; name: string }) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.day)) throw new ValidationError({ day: 'form.invalidDate' });
      if (!['holiday', 'workday'].includes(input.kind)) throw new ValidationError({ kind: 'form.invalidChoice' });
      if (!input.name || input.name.length > 200) throw new ValidationError({ name: 'feedback.errors.calendarName' });
      await runCommand(db, actor, 'feedback.calendarSet', async ({ tx, authorize, audit }) => {
        authorize('feedback.calendar');
        await sql`INSERT INTO fb_calendar (day, kind, name, source) VALUES (${input.day}::date, ${input.kind}, ${input.name}, 'admin')
          ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = 'admin'`.execute(tx);
        await audit({ entityType: 'feedback_calendar', entityId: input.day, after: input });
      });
      calendarCache = undefined;
    },
    async removeCalendarDay(actor: Actor, day: string) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new ValidationError({ day: 'form.invalidDate' });
      await runCommand(db, actor, 'feedback.calendarRemove', async ({ tx, authorize, audit }) => {
        authorize('feedback.calendar');
        await sql`DELETE FROM fb_calendar WHERE day = ${day}::date`.execute(tx);
        await audit({ entityType: 'feedback_calendar', entityId: day, after: { removed: true } });
      });
      calendarCache = undefined;
    },

    canHandle,
    ...citizenFeedback(db),
  };
  return svc;
}

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { serviceToken, type AppDeps } from '../../platform/modules.ts';
import { runCommand, type Tx } from '../../platform/audit/command.ts';
import { actorOrgIds, can, isProvinceWide, requirePermission, SYSTEM_ACTOR, type Actor } from '../../platform/auth/permissions.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { slugify } from '../../platform/i18n/text.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import * as repo from './content.repo.ts';
import {
  AUDIENCES, CHANNELS, MATERIAL_KINDS, SLUG_RE, TAG_RE, TOPICS, toGuideDoc, toIndexable, toIndexableLifeEvent, validateForReview, type ContentKind, type IndexableLifeEvent, validateGuideDoc,
  type GuideDoc, type IndexableGuide,
} from './content.types.ts';
import { diffGuides, diffMaterials } from './diff.ts';
import { markdownToText } from './markdown.ts';
import { expandQuery, parseSearchFields, scoreDoc, searchFields } from './search.ts';
import { CatalogueToken } from '../catalogue/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';

/** The read-only service the assistant module uses (shape agreed with it; do not change without it). */
export interface ContentService {
  listPublishedGuides(): Promise<IndexableGuide[]>;
  getPublishedGuide(slug: string): Promise<IndexableGuide | undefined>;
  /** Published life events (the assistant's situation layer). */
  listPublishedLifeEvents(): Promise<IndexableLifeEvent[]>;
  /** Create a draft from a content gap (assistant staff page); audited. Returns the new draft's edit URL. */
  createDraftFromGap(actor: Actor, input: { title: string; questions: string[] }): Promise<string>;
}

/** A national procedure a guide covers: its name and its own page on the national portal, when known. */
export interface LinkedService {
  code: string;
  name: string | null;
  portalUrl: string | null;
}

/** Extra results for the site search from other modules (published Q&A…), registered at start-up. */
export type SearchProvider = (q: string, locale: string) => Promise<SearchHit[]>;

export const CENTRE_ORG_CODE = 'TT-PVHCC';

/** Events this module emits (catalogue: src/modules/README.md). */
export const GUIDE_EVENTS = ['content.guide.published', 'content.guide.unpublished', 'content.guide.archived', 'content.guide.edited'] as const;
declare module '../../platform/events/events.ts' {
  interface EventMap {
    /** A guide's approved text is now public (approved now, or its scheduled time came). */
    'content.guide.published': { guideId: string; slug: string; version: number };
    /** A published guide was withdrawn to draft: no longer public. */
    'content.guide.unpublished': { guideId: string; slug: string };
    /** A guide was archived; `wasPublic` when it had been public until now. */
    'content.guide.archived': { guideId: string; slug: string; wasPublic: boolean };
    /** A new working version was saved; the public text changes only at the next publish. */
    'content.guide.edited': { guideId: string; slug: string; version: number; published: boolean };
  }
}

function guideSearchText(doc: GuideDoc): string {
  const body = [doc.who, ...doc.prepare, ...doc.steps.map((s) => s.text), doc.fees, doc.processingTime, doc.checkStatus, ...doc.commonMistakes, doc.help, ...doc.procedureCodes]
    .map(markdownToText)
    .join(' ');
  return searchFields({ title: doc.title, aliases: doc.aliases, summary: markdownToText(doc.summary), body });
}

export interface SearchHit {
  kind: 'guide' | 'material' | 'answer';
  url: string;
  title: string;
  summary: string;
  score: number;
  materialKind?: string;
}

export type ContentModuleService = ReturnType<typeof createContentService>;
/** The content module's own files resolve its whole service through this token; other modules use ContentToken (api.ts). */
export const ContentServiceToken = serviceToken<ContentModuleService>('content');

export function createContentService(deps: AppDeps, opts: { popularSlugs?: string[] } = {}) {
  const db = deps.db;
  const searchProviders: SearchProvider[] = [];
  const curated = opts.popularSlugs ?? [];
  /**
   * Hot path of the public site. Published guides are read through a short-lived cache (a few seconds; this
   * guide's content.guide.* events drop its entry on every node at once, see the manifest's cacheListeners),
   * and page views and QR scans are added up in memory and written in one statement every few seconds (and on
   * shutdown). Counts are statistics: losing a few seconds of them in a crash is acceptable; the page's
   * content is never older than the TTL.
   */
  const PUBLIC_TTL_MS = 5000;
  const publicCache = new Map<string, { at: number; row: repo.PublicGuideRow | undefined }>();
  const pendingViews = new Map<string, number>();
  const pendingScans = new Map<string, number>();
  let flushing: Promise<void> | null = null;
  async function flushCounters(): Promise<void> {
    if (flushing) await flushing;
    if (pendingViews.size === 0 && pendingScans.size === 0) return;
    const views = [...pendingViews];
    const scans = [...pendingScans];
    pendingViews.clear();
    pendingScans.clear();
    flushing = (async () => {
      try {
        await repo.addViews(db, views);
        await repo.addScans(db, scans.map(([k, n]) => { const [guideId, tag, day] = k.split('|') as [string, string, string]; return { guideId, tag, day, n }; }));
      } catch (err) {
        deps.logger.warn({ err }, 'content: could not write view counts');
      } finally {
        flushing = null;
      }
    })();
    await flushing;
  }
  const timer = setInterval(() => void flushCounters(), 5000);
  timer.unref();

  const servicesCache = new Map<string, { at: number; list: LinkedService[] }>();
  async function lookupServices(codes: string[]): Promise<LinkedService[]> {
    if (deps.services.has(CatalogueToken)) {
      try {
        const found = await deps.services.get(CatalogueToken).getByCodes(codes);
        const byCode = new Map(found.map((f) => [f.code, f]));
        return codes.map((c) => ({ code: c, name: byCode.get(c)?.name ?? null, portalUrl: byCode.get(c)?.portalUrl ?? null }));
      } catch (err) {
        deps.logger.warn({ err }, 'catalogue lookup failed');
      }
    }
    return codes.map((c) => ({ code: c, name: null, portalUrl: null }));
  }

  const orgs = () => deps.services.get(OrganisationsToken);

  /** Organisations whose drafts the actor may see; null = all (province-wide staff). */
  function visibleOrgIds(actor: Actor): string[] | null {
    if (isProvinceWide(actor)) return null;
    if (!can(actor, 'content.view')) return [];
    return actorOrgIds(actor).filter((o) => can(actor, 'content.view', o));
  }

  /**
   * A guide the actor may work on: its own organisation's staff and its reviewers only. The staff page shows
   * the working copy (a pending draft of a published guide too), its versions and diffs, so another agency's
   * staff get "not found", not "forbidden" (no leak), even when the guide is published: they read the
   * public page like everyone else.
   */
  async function visibleGuide(actor: Actor, id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError();
    const g = await repo.getGuide(db, id);
    if (!g) throw new NotFoundError();
    if (!can(actor, 'content.view', g.ownerOrgId) && !can(actor, 'content.review', g.ownerOrgId)) throw new NotFoundError();
    return g;
  }

  async function defaultOrgFor(actor: Actor, permission: string): Promise<string> {
    const own = actor.roles.find((r) => can(actor, permission, r.orgId));
    if (own) return own.orgId;
    const centre = await orgs().findIdByCode(CENTRE_ORG_CODE);
    if (!centre) throw new ValidationError({ ownerOrgId: 'content.errors.owner' });
    return centre;
  }

  /** Inside a command pass its tx: on PGlite the pool has one connection and `db` would wait for ever. */
  async function uniqueSlug(q: Tx, base: string): Promise<string> {
    const root = (base || 'huong-dan').slice(0, 70).replace(/-+$/, '');
    let slug = root;
    for (let i = 2; await repo.slugExists(q, slug); i++) slug = `${root}-${i}`;
    return slug;
  }

  async function publishedIndexable(): Promise<IndexableGuide[]> {
    const rows = await repo.listPublished(db);
    return rows.map((r) => toIndexable(r.slug, r.doc, r.publishedAt));
  }

  const service = {
    // ---------- ContentService (assistant) ----------
    listPublishedGuides: publishedIndexable,
    async listPublishedLifeEvents(): Promise<IndexableLifeEvent[]> {
      const rows = await repo.listPublished(db, { kind: 'life_event' });
      return rows.map((r) => toIndexableLifeEvent(r.slug, r.doc));
    },
    /** Public life event pages (/su-kien). */
    listPublicLifeEvents: () => repo.listPublished(db, { kind: 'life_event' }),
    async publicLifeEvent(slug: string) {
      if (!SLUG_RE.test(slug)) return undefined;
      return repo.getPublished(db, slug, 'life_event');
    },
    async getPublishedGuide(slug: string) {
      if (!SLUG_RE.test(slug)) return undefined;
      const r = await repo.getPublished(db, slug);
      return r ? toIndexable(r.slug, r.doc, r.publishedAt) : undefined;
    },
    async createDraftFromGap(actor: Actor, input: { title: string; questions: string[] }): Promise<string> {
      const title = (input.title ?? '').trim().slice(0, 200);
      const questions = (input.questions ?? []).map((q) => String(q).trim().slice(0, 200)).filter(Boolean).slice(0, 30);
      const id = await service.createGuide(actor, {
        doc: toGuideDoc({ title, topic: 'dvc-loi-ich', aliases: questions, summary: '' }),
        note: 'gap',
      });
      return `/quan-tri/noi-dung/huong-dan/${id}/sua`;
    },

    // ---------- Public reads ----------
    async publicGuide(slug: string) {
      if (!SLUG_RE.test(slug)) return undefined;
      const hit = publicCache.get(slug);
      if (hit && Date.now() - hit.at < PUBLIC_TTL_MS) return hit.row;
      const row = await repo.getPublished(db, slug);
      if (publicCache.size > 2000) publicCache.clear();
      publicCache.set(slug, { at: Date.now(), row });
      return row;
    },
    /** Count a page view and, when the link came from a QR code, a scan for its channel tag (written in batches). */
    recordVisit(guideId: string, tag: string | undefined) {
      pendingViews.set(guideId, (pendingViews.get(guideId) ?? 0) + 1);
      if (tag && TAG_RE.test(tag)) {
        const key = `${guideId}|${tag}|${todayInVietnam()}`;
        pendingScans.set(key, (pendingScans.get(key) ?? 0) + 1);
      }
    },
    /** Write buffered view and scan counts now (tests, shutdown, before reading statistics). */
    flushCounters,
    /** Forget one guide's cached public read (its content.guide.* event, on every node). */
    dropCached(slug: string) {
      publicCache.delete(slug);
    },
    /** Forget cached public reads (after seeds that ran while the server was already listening). */
    resetCaches() {
      publicCache.clear();
      servicesCache.clear();
    },
    async close() {
      clearInterval(timer);
      await flushCounters();
    },
    listPublic: (orderBy: 'title' | 'views' | 'new' = 'title', limit?: number) => repo.listPublished(db, { orderBy, limit }),
    countPublished: () => repo.countPublished(db),

    async linkedServices(codes: string[]): Promise<LinkedService[]> {
      if (codes.length === 0) return [];
      const key = codes.join(',');
      const hit = servicesCache.get(key);
      if (hit && Date.now() - hit.at < PUBLIC_TTL_MS) return hit.list;
      const list = await lookupServices(codes);
      if (servicesCache.size > 2000) servicesCache.clear();
      servicesCache.set(key, { at: Date.now(), list });
      return list;
    },

    /**
     * "Most used" guides for the home page: those citizens actually open (page views), then the province's
     * curated list (content/popular.json) while there is too little use to rank by — never alphabetical.
     */
    async popularGuides(limit = 8): Promise<repo.PublicGuideRow[]> {
      const rows = await repo.listPublished(db, { orderBy: 'views' });
      const used = rows.filter((g) => g.viewCount > 0).slice(0, limit);
      const bySlug = new Map(rows.map((g) => [g.slug, g]));
      for (const slug of curated) {
        if (used.length >= limit) break;
        const g = bySlug.get(slug);
        if (g && !used.includes(g)) used.push(g);
      }
      return used;
    },

    /** Other modules add results to the site search (published Q&A); each provider fails alone. */
    addSearchProvider(provider: SearchProvider): void {
      searchProviders.push(provider);
    },

    /** The site search beyond guides and materials: other modules' hits and the national procedures. */
    async searchMore(q: string, locale: string): Promise<{ answers: SearchHit[]; procedures: Array<{ code: string; name: string }>; procedureTotal: number }> {
      const text = q.slice(0, 200);
      const answers = (
        await Promise.all(
          searchProviders.map((p) =>
            p(text, locale).catch((err: unknown) => {
              deps.logger.warn({ err }, 'search provider failed');
              return [] as SearchHit[];
            }),
          ),
        )
      ).flat();
      let procedures: Array<{ code: string; name: string }> = [];
      let procedureTotal = 0;
      if (text.trim() && deps.services.has(CatalogueToken)) {
        try {
          const r = await deps.services.get(CatalogueToken).search(text, { limit: 5 });
          procedures = r.items.map((p) => ({ code: p.code, name: p.name }));
          procedureTotal = r.total;
        } catch (err) {
          deps.logger.warn({ err }, 'catalogue search failed');
        }
      }
      return { answers, procedures, procedureTotal };
    },

    /** Search published guides and materials; diacritics and common abbreviations do not matter. */
    async search(q: string, limit = 30): Promise<SearchHit[]> {
      const query = expandQuery(q.slice(0, 200));
      if (!query.folded) return [];
      const hits: SearchHit[] = [];
      for (const g of await repo.listPublished(db)) {
        const score = scoreDoc(parseSearchFields(g.searchText), query);
        if (score > 0) hits.push({ kind: 'guide', url: `/huong-dan/${g.slug}`, title: g.doc.title, summary: g.doc.summary, score: score + Math.min(g.viewCount, 1000) / 10000 });
      }
      for (const m of await repo.publishedMaterialsForSearch(db)) {
        const score = scoreDoc(parseSearchFields(m.searchText), query) * 0.8;
        if (score > 0) hits.push({ kind: 'material', url: `/thu-vien/${m.id}`, title: m.title, summary: m.description, score, materialKind: m.kind });
      }
      return hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title, 'vi')).slice(0, limit);
    },

    // ---------- Staff: guides ----------
    async listStaff(actor: Actor, f: { status?: string; q?: string; page: number }) {
      requirePermission(actor, 'content.view');
      const limit = 50;
      const rows = await repo.listStaffGuides(db, { orgIds: visibleOrgIds(actor), status: f.status, q: f.q, limit: limit + 1, offset: (f.page - 1) * limit });
      return { rows: rows.slice(0, limit), hasNext: rows.length > limit };
    },

    getForStaff: visibleGuide,

    async versions(actor: Actor, id: string) {
      const g = await visibleGuide(actor, id);
      return { guide: g, versions: await repo.listVersions(db, id) };
    },

    async diff(actor: Actor, id: string, from: number, to: number) {
      const g = await visibleGuide(actor, id);
      const a = await repo.getVersion(db, id, from);
      const b = await repo.getVersion(db, id, to);
      if (!a || !b) throw new NotFoundError();
      return { guide: g, from, to, fields: diffGuides(toGuideDoc(a as unknown as Record<string, unknown>), toGuideDoc(b as unknown as Record<string, unknown>)) };
    },

    async createGuide(actor: Actor, input: { slug?: string; ownerOrgId?: string | null; doc: GuideDoc; note?: string | null; isSample?: boolean; kind?: ContentKind }): Promise<string> {
      const fields = validateGuideDoc(input.doc);
      if (input.slug && !SLUG_RE.test(input.slug)) fields.slug = 'content.errors.slug';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const ownerOrgId = input.ownerOrgId || (await defaultOrgFor(actor, 'content.edit'));
      return runCommand(db, actor, 'content.guide.create', async ({ tx, authorize, audit }) => {
        authorize('content.edit', ownerOrgId);
        let slug = input.slug;
        if (slug) {
          if (await repo.slugExists(tx, slug)) throw new ValidationError({ slug: 'content.errors.slugTaken' });
        } else slug = await uniqueSlug(tx, slugify(input.doc.title));
        const authorId = actor.kind === 'user' ? actor.id : null;
        const kind = input.kind === 'life_event' ? 'life_event' : 'guide';
        const id = await repo.insertGuide(tx, { slug, ownerOrgId, authorId, isSample: input.isSample ?? false, doc: input.doc, kind });
        await repo.insertVersion(tx, id, 1, input.doc, authorId, actor.label, input.note ?? null);
        await audit({ entityType: 'guide', entityId: id, orgId: ownerOrgId, after: { slug, title: input.doc.title, kind } });
        return id;
      });
    },

    /** Save a new version of the working copy. A published guide stays public (old text) until re-approved. */
    async editGuide(actor: Actor, id: string, doc: GuideDoc, note?: string | null): Promise<number> {
      const fields = validateGuideDoc(doc);
      if (Object.keys(fields).length) throw new ValidationError(fields);
      await visibleGuide(actor, id);
      return runCommand(db, actor, 'content.guide.edit', async ({ tx, authorize, audit, emit }) => {
        const g = (await repo.getGuide(tx, id, true))!;
        authorize('content.edit', g.ownerOrgId);
        const version = g.version + 1;
        const editorId = actor.kind === 'user' ? actor.id : null;
        await repo.updateWorkingCopy(tx, id, doc, version, editorId, 'draft');
        await repo.insertVersion(tx, id, version, doc, editorId, actor.label, note ?? null);
        await audit({ entityType: 'guide', entityId: id, orgId: g.ownerOrgId, before: { version: g.version, status: g.status }, after: { version, status: 'draft' } });
        await emit('content.guide.edited', { guideId: id, slug: g.slug, version, published: Boolean(g.publishedData) });
        return version;
      });
    },

    async submitForReview(actor: Actor, id: string) {
      await visibleGuide(actor, id);
      await runCommand(db, actor, 'content.guide.submit', async ({ tx, authorize, audit }) => {
        const g = (await repo.getGuide(tx, id, true))!;
        authorize('content.edit', g.ownerOrgId);
        if (g.status !== 'draft') throw new ConflictError('content.errors.notDraft');
        const fields = validateForReview(toGuideDoc(g.data as unknown as Record<string, unknown>), g.kind);
        if (Object.keys(fields).length) throw new ValidationError(fields, 'content.errors.incomplete');
        await repo.setStatus(tx, id, 'in_review', { reviewerId: null, scheduledAt: null });
        await audit({ entityType: 'guide', entityId: id, orgId: g.ownerOrgId, before: { status: g.status }, after: { status: 'in_review' } });
      });
    },

    /**
     * Approve a guide in review (four-eyes: never by anyone who wrote any version of it). Publishes now, or at `publishAt`
     * when that is in the future (the content.publishScheduled job does it).
     */
    async approve(actor: Actor, id: string, publishAt?: Date | null) {
      await visibleGuide(actor, id);
      const published = await runCommand(db, actor, 'content.guide.approve', async ({ tx, authorize, audit, emit }) => {
        const g = (await repo.getGuide(tx, id, true))!;
        authorize('content.review', g.ownerOrgId);
        if (g.status !== 'in_review') throw new ConflictError('content.errors.notInReview');
        if (actor.kind === 'user' && (await repo.guideWriters(tx, id)).includes(actor.id!)) throw new ForbiddenError('content.errors.fourEyes');
        const reviewerId = actor.kind === 'user' ? actor.id : null;
        if (publishAt && publishAt.getTime() > Date.now()) {
          await repo.setStatus(tx, id, 'in_review', { reviewerId, scheduledAt: publishAt });
          await audit({ entityType: 'guide', entityId: id, orgId: g.ownerOrgId, action: 'content.guide.schedule', after: { scheduledAt: publishAt.toISOString(), version: g.version } });
          return null;
        }
        await repo.publish(tx, id, reviewerId, guideSearchText(toGuideDoc(g.data as unknown as Record<string, unknown>)));
        await audit({ entityType: 'guide', entityId: id, orgId: g.ownerOrgId, action: 'content.guide.publish', before: { status: g.status }, after: { status: 'published', version: g.version } });
        await emit('content.guide.published', { guideId: id, slug: g.slug, version: g.version });
        return g.slug;
      });
      return published ? 'published' : 'scheduled';
    },

    /** Send a guide in review back to its editors. */
    async returnToDraft(actor: Actor, id: string) {
      await visibleGuide(actor, id);
      await runCommand(db, actor, 'content.guide.return', async ({ tx, authorize, audit }) => {
        const g = (await repo.getGuide(tx, id, true))!;
        authorize('content.review', g.ownerOrgId);
        if (g.status !== 'in_review') throw new ConflictError('content.errors.notInReview');
        await repo.setStatus(tx, id, 'draft', { reviewerId: null, scheduledAt: null });
        await audit({ entityType: 'guide', entityId: id, orgId: g.ownerOrgId, before: { status: g.status }, after: { status: 'draft' } });
      });
    },

    async unpublish(actor: Actor, id: string) {
      await visibleGuide(actor, id);
      await runCommand(db, actor, 'content.guide.unpublish', async ({ tx, authorize, audit, emit }) => {
        const g = (await repo.getGuide(tx, id, true))!;
        authorize('content.review', g.ownerOrgId);
        if (!g.publishedData) throw new ConflictError('content.errors.notPublished');
        await repo.withdraw(tx, id, 'draft');
        await audit({ entityType: 'guide', entityId: id, orgId: g.ownerOrgId, before: { status: g.status }, after: { status: 'draft', public: false } });
        await emit('content.guide.unpublished', { guideId: id, slug: g.slug });
      });
    },

    async archive(actor: Actor, id: string) {
      await visibleGuide(actor, id);
      await runCommand(db, actor, 'content.guide.archive', async ({ tx, authorize, audit, emit }) => {
        const g = (await repo.getGuide(tx, id, true))!;
        authorize('content.review', g.ownerOrgId);
        if (g.status === 'archived') throw new ConflictError('content.errors.alreadyArchived');
        await repo.withdraw(tx, id, 'archived');
        await audit({ entityType: 'guide', entityId: id, orgId: g.ownerOrgId, before: { status: g.status }, after: { status: 'archived' } });
        await emit('content.guide.archived', { guideId: id, slug: g.slug, wasPublic: Boolean(g.publishedData) });
      });
    },

    /** Job: publish approved guides whose scheduled time has come. */
    async publishScheduled(): Promise<number> {
      const ids = await repo.dueScheduled(db);
      for (const id of ids) {
        await runCommand(db, SYSTEM_ACTOR, 'content.guide.publishScheduled', async ({ tx, authorize, audit, emit }) => {
          const g = await repo.getGuide(tx, id, true);
          authorize('content.review', g?.ownerOrgId);
          if (!g || g.status !== 'in_review' || !g.scheduledAt || g.scheduledAt.getTime() > Date.now()) {
            await audit({ entityType: 'guide', entityId: id, action: 'content.guide.publishScheduled.skipped' });
            return;
          }
          await repo.publish(tx, id, g.reviewerId, guideSearchText(toGuideDoc(g.data as unknown as Record<string, unknown>)));
          await audit({ entityType: 'guide', entityId: id, orgId: g.ownerOrgId, action: 'content.guide.publish', after: { status: 'published', version: g.version, scheduled: true } });
          await emit('content.guide.published', { guideId: id, slug: g.slug, version: g.version });
        });
      }
      return ids.length;
    },

    async qrScans(actor: Actor, since: string | null) {
      requirePermission(actor, 'content.stats');
      await flushCounters();
      return repo.scansByTag(db, since);
    },
    async totalScans(from?: string, to?: string) {
      await flushCounters();
      return repo.totalScans(db, from, to);
    },

    /** Can the actor review (approve/unpublish/archive) guides of this organisation? Views hide buttons with it. */
    canReview: (actor: Actor, orgId: string) => can(actor, 'content.review', orgId),
    /** May this actor approve this guide or material (review permission, and wrote no version of it)? */
    async mayApprove(actor: Actor, kind: 'guide' | 'material', id: string, orgId: string): Promise<boolean> {
      if (!can(actor, 'content.review', orgId)) return false;
      if (actor.kind !== 'user') return true;
      const writers = kind === 'guide' ? await repo.guideWriters(db, id) : await repo.materialWriters(db, id);
      return !writers.includes(actor.id!);
    },
    canEdit: (actor: Actor, orgId: string) => can(actor, 'content.edit', orgId),

    // ---------- Materials ----------
    validateMaterial(input: repo.MaterialInput): Record<string, string> {
      const f: Record<string, string> = {};
      if (!(MATERIAL_KINDS as readonly string[]).includes(input.kind)) f.kind = 'form.invalidChoice';
      if (!input.title) f.title = 'content.errors.title';
      if (!(TOPICS as readonly string[]).includes(input.topic)) f.topic = 'form.invalidChoice';
      if (input.audiences.some((a) => !(AUDIENCES as readonly string[]).includes(a))) f.audiences = 'form.invalidChoice';
      if (input.channels.some((a) => !(CHANNELS as readonly string[]).includes(a))) f.channels = 'form.invalidChoice';
      if (input.externalUrl && !/^https?:\/\/[^\s]+$/i.test(input.externalUrl)) f.externalUrl = 'content.errors.url';
      if (!input.externalUrl && !input.scriptText && !input.file) f.externalUrl = 'content.errors.materialBody';
      if (!input.usageRights) f.usageRights = 'content.errors.usageRights';
      return f;
    },

    async createMaterial(actor: Actor, input: repo.MaterialInput, opts: { ownerOrgId?: string | null; isSample?: boolean } = {}): Promise<string> {
      const fields = service.validateMaterial(input);
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const ownerOrgId = opts.ownerOrgId || (await defaultOrgFor(actor, 'content.edit'));
      return runCommand(db, actor, 'content.material.create', async ({ tx, authorize, audit }) => {
        authorize('content.edit', ownerOrgId);
        const authorId = actor.kind === 'user' ? actor.id : null;
        const id = await repo.insertMaterial(tx, { ...input, ownerOrgId, authorId, isSample: opts.isSample ?? false });
        await repo.insertMaterialVersion(tx, id, authorId, actor.label, null);
        await audit({ entityType: 'material', entityId: id, orgId: ownerOrgId, after: { title: input.title, kind: input.kind } });
        return id;
      });
    },

    async visibleMaterial(actor: Actor, id: string) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError();
      const m = await repo.getMaterial(db, id);
      if (!m) throw new NotFoundError();
      if (!can(actor, 'content.view', m.ownerOrgId) && !(m.status === 'published' && can(actor, 'content.view'))) throw new NotFoundError();
      return m;
    },

    async editMaterial(actor: Actor, id: string, input: repo.MaterialInput) {
      const before = await service.visibleMaterial(actor, id);
      const fields = service.validateMaterial({ ...input, file: input.file ?? (before.fileKey ? { key: before.fileKey, name: '', type: '', size: 0 } : null) });
      if (Object.keys(fields).length) throw new ValidationError(fields);
      await runCommand(db, actor, 'content.material.edit', async ({ tx, authorize, audit }) => {
        const m = (await repo.getMaterial(tx, id, true))!;
        authorize('content.edit', m.ownerOrgId);
        const editorId = actor.kind === 'user' ? actor.id : null;
        await repo.updateMaterial(tx, id, input, editorId);
        const version = await repo.insertMaterialVersion(tx, id, editorId, actor.label, null);
        await audit({ entityType: 'material', entityId: id, orgId: m.ownerOrgId, before: { title: m.title, status: m.status }, after: { title: input.title, status: 'draft', version } });
      });
    },

    /**
     * A material's version history. Versions include unpublished drafts, so only staff who may see this
     * material's drafts (content.view in its owning organisation) get it; everyone else gets 404.
     */
    async materialVersions(actor: Actor, id: string) {
      const m = await service.visibleMaterial(actor, id);
      if (!can(actor, 'content.view', m.ownerOrgId)) throw new NotFoundError();
      return { material: m, versions: await repo.listMaterialVersions(db, id) };
    },

    async materialDiff(actor: Actor, id: string, from: number, to: number) {
      const { material } = await service.materialVersions(actor, id);
      const a = await repo.getMaterialVersion(db, id, from);
      const b = await repo.getMaterialVersion(db, id, to);
      if (!a || !b) throw new NotFoundError();
      return { material, from, to, fields: diffMaterials(a, b) };
    },

    /** submit | approve | return | archive for a material; same rules as guides (4-eyes on approve). */
    async transitionMaterial(actor: Actor, id: string, action: 'submit' | 'approve' | 'return' | 'archive') {
      await service.visibleMaterial(actor, id);
      await runCommand(db, actor, `content.material.${action}`, async ({ tx, authorize, audit }) => {
        const m = (await repo.getMaterial(tx, id, true))!;
        const userId = actor.kind === 'user' ? actor.id : null;
        if (action === 'submit') {
          authorize('content.edit', m.ownerOrgId);
          if (m.status !== 'draft') throw new ConflictError('content.errors.notDraft');
          await repo.setMaterialStatus(tx, id, 'in_review', null);
        } else if (action === 'approve') {
          authorize('content.review', m.ownerOrgId);
          if (m.status !== 'in_review') throw new ConflictError('content.errors.notInReview');
          if (userId && (await repo.materialWriters(tx, id)).includes(userId)) throw new ForbiddenError('content.errors.fourEyes');
          const text = searchFields({ title: m.title, aliases: [], summary: m.description, body: `${m.scriptText ?? ''} ${m.kind}` });
          await repo.setMaterialStatus(tx, id, 'published', userId, text);
        } else if (action === 'return') {
          authorize('content.review', m.ownerOrgId);
          if (m.status !== 'in_review') throw new ConflictError('content.errors.notInReview');
          await repo.setMaterialStatus(tx, id, 'draft', null);
        } else {
          authorize('content.review', m.ownerOrgId);
          if (m.status === 'archived') throw new ConflictError('content.errors.alreadyArchived');
          await repo.setMaterialStatus(tx, id, 'archived', undefined, '');
        }
        await audit({ entityType: 'material', entityId: id, orgId: m.ownerOrgId, before: { status: m.status } });
      });
    },

    async listStaffMaterials(actor: Actor, f: { status?: string; page: number }) {
      requirePermission(actor, 'content.view');
      const limit = 50;
      const rows = await repo.listStaffMaterials(db, { orgIds: visibleOrgIds(actor), status: f.status, limit: limit + 1, offset: (f.page - 1) * limit });
      return { rows: rows.slice(0, limit), hasNext: rows.length > limit };
    },

    async publicMaterials(f: Omit<repo.MaterialFilter, 'limit' | 'offset'> & { page: number }) {
      const limit = 24;
      const rows = await repo.listPublishedMaterials(db, { ...f, limit: limit + 1, offset: (f.page - 1) * limit });
      return { rows: rows.slice(0, limit), hasNext: rows.length > limit };
    },
    latestMaterials: (limit: number) => repo.listPublishedMaterials(db, { limit, offset: 0 }),

    async publicMaterial(id: string) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const m = await repo.getMaterial(db, id);
      return m && m.status === 'published' ? m : undefined;
    },
    countMaterial: (id: string, what: 'view' | 'download') => repo.countMaterial(db, id, what),

    // ---------- Seed ----------
    /**
     * Load content/guides/*.yaml (or content/life-events/*.yaml with kind 'life_event') and publish each item whose
     * slug is not there yet (sample content).
     */
    async seedGuides(dir: string, log: (m: string) => void, kind: ContentKind = 'guide'): Promise<number> {
      if (!existsSync(dir)) return 0;
      const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
      const o = orgs();
      const centre = await o.findIdByCode(CENTRE_ORG_CODE);
      if (!centre) return 0;
      const codes = new Map<string, string>();
      let created = 0;
      for (const file of files) {
        const raw = parseYaml(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
        const slug = String(raw.slug ?? '');
        if (!SLUG_RE.test(slug) || `${slug}.yaml` !== file) {
          log(`content: skipped ${file} (slug must equal the file name)`);
          continue;
        }
        if (await repo.slugExists(db, slug)) continue;
        const doc = toGuideDoc(raw);
        const problems = validateForReview(doc, kind);
        if (Object.keys(problems).length) {
          log(`content: skipped ${file} (${Object.keys(problems).join(', ')})`);
          continue;
        }
        const orgCode = doc.responsibleOrg ?? '';
        if (orgCode && !codes.has(orgCode)) codes.set(orgCode, (await o.findIdByCode(orgCode)) ?? centre);
        const ownerOrgId = codes.get(orgCode) ?? centre;
        await runCommand(db, SYSTEM_ACTOR, 'content.guide.seed', async ({ tx, authorize, audit, emit }) => {
          authorize('content.edit', ownerOrgId);
          const id = await repo.insertGuide(tx, { slug, ownerOrgId, authorId: null, isSample: true, doc, kind });
          await repo.insertVersion(tx, id, 1, doc, null, 'system', 'seed');
          await repo.publish(tx, id, null, guideSearchText(doc));
          await audit({ entityType: 'guide', entityId: id, orgId: ownerOrgId, after: { slug, sample: true, status: 'published' } });
          await emit('content.guide.published', { guideId: id, slug, version: 1 });
        });
        created++;
      }
      return created;
    },

    async seedMaterials(samples: Array<repo.MaterialInput>): Promise<number> {
      const centre = await orgs().findIdByCode(CENTRE_ORG_CODE);
      if (!centre) return 0;
      let created = 0;
      for (const m of samples) {
        if (await repo.materialTitleExists(db, m.title)) continue;
        await runCommand(db, SYSTEM_ACTOR, 'content.material.seed', async ({ tx, authorize, audit }) => {
          authorize('content.edit', centre);
          const id = await repo.insertMaterial(tx, { ...m, ownerOrgId: centre, authorId: null, isSample: true });
          await repo.insertMaterialVersion(tx, id, null, 'system', 'seed');
          await repo.setMaterialStatus(tx, id, 'published', null, searchFields({ title: m.title, aliases: [], summary: m.description, body: `${m.scriptText ?? ''} ${m.kind}` }));
          await audit({ entityType: 'material', entityId: id, orgId: centre, after: { title: m.title, sample: true } });
        });
        created++;
      }
      return created;
    },
  };
  return service;
}

import { createHmac } from 'node:crypto';
import type { AppDeps } from '../../platform/modules.ts';
import { runCommand } from '../../platform/audit/command.ts';
import type { Actor } from '../../platform/auth/permissions.ts';
import { linkOwner, ownedItems } from '../../platform/auth/ownership.ts';
import { deleteCitizen, findPrincipal, identitiesOf, upsertCitizen } from '../../platform/auth/principals.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { FeedbackApi, CitizenItem, CitizenRating } from '../feedback/index.ts';
import * as repo from './identity.repo.ts';
import type { SignedIn } from './rp.ts';
import { FeedbackToken } from '../feedback/api.ts';

const ITEM = 'feedback.item';
const RATING = 'feedback.rating';

export interface AccountOverview {
  name: string;
  since: Date;
  items: Array<CitizenItem & { how: 'signed_in' | 'claimed' }>;
  ratings: CitizenRating[];
  /** Sections other modules add to /tai-khoan (a link and a one-line summary, locale keys). */
  sections: AccountSection[];
}

export interface AccountSection {
  href: string;
  titleKey: string;
  summaryKey: string;
  params?: Record<string, string | number>;
}

/**
 * A module that holds data about citizens joins the account page, the export and the erasure by registering a
 * contributor (identity.registerContributor, from its manifest's services hook). Identity calls `erase` before
 * the principal goes, outside its own transaction (each module writes its own audit row).
 */
export interface CitizenDataContributor {
  name: string;
  accountSection?(actor: Actor): Promise<AccountSection | null>;
  exportData(actor: Actor): Promise<unknown>;
  erase(actor: Actor): Promise<Record<string, number>>;
}

/**
 * Citizens: sign-in from the SSO's answer (minimal footprint: subject, person key, display name), the account
 * overview, claiming older feedback with its key, export and erasure (Law 91/2025). Every change and every
 * export is a named command with its audit row in the same transaction; audit rows name the principal id, not
 * the person.
 */
export function createIdentityService(deps: AppDeps) {
  const { db, config } = deps;
  const feedback = (): FeedbackApi | undefined => deps.services.optional(FeedbackToken);

  /** The person key: HMAC-SHA256 of the ID number under PERSON_KEY_SALT. The number itself is never stored. */
  const personKey = (soDinhDanh: string) => createHmac('sha256', config.personKeySalt).update(soDinhDanh.replace(/\s/g, '')).digest('hex');

  const citizenId = (actor: Actor) => {
    if (actor.kind !== 'citizen' || !actor.id) throw new ForbiddenError();
    return actor.id;
  };

  const contributors: CitizenDataContributor[] = [];

  return {
    personKey,

    registerContributor(c: CitizenDataContributor): void {
      if (contributors.some((x) => x.name === c.name)) throw new Error(`citizen data contributor ${c.name} registered twice`);
      contributors.push(c);
    },

    async signIn(provider: string, signed: SignedIn, meta: { ip?: string; requestId?: string }): Promise<{ principalId: string; created: boolean }> {
      const key = personKey(signed.claims.SoDinhDanh);
      return db.transaction().execute(async (tx) => {
        const { principal, created } = await upsertCitizen(tx, { provider, subject: signed.subject, personKey: key, displayName: signed.claims.HoVaTen.slice(0, 200) });
        const actor: Actor = { kind: 'citizen', id: principal.id, label: `citizen:${principal.id}`, roles: [{ role: 'citizen', orgId: '' }], ...meta };
        await tx
          .insertInto('audit_log')
          .values({ actor_id: principal.id, actor_label: actor.label, action: 'identity.signIn', entity_type: 'principal', entity_id: principal.id, after: JSON.stringify({ provider, acr: signed.acr, created }), ip: meta.ip ?? null, request_id: meta.requestId ?? null })
          .execute();
        return { principalId: principal.id, created };
      });
    },

    async overview(actor: Actor): Promise<AccountOverview> {
      const id = citizenId(actor);
      const p = await findPrincipal(db, id);
      if (!p) throw new ForbiddenError();
      const owned = await ownedItems(db, id, ITEM);
      const how = new Map(owned.map((o) => [o.itemId, o.how]));
      const fb = feedback();
      const items = fb ? (await fb.citizenItems(owned.map((o) => o.itemId))).map((i) => ({ ...i, how: how.get(i.id) ?? 'signed_in' })) : [];
      const ratings = fb ? await fb.citizenRatings((await ownedItems(db, id, RATING)).map((o) => o.itemId)) : [];
      const sections: AccountSection[] = [];
      for (const c of contributors) {
        const sec = await c.accountSection?.(actor);
        if (sec) sections.push(sec);
      }
      return { name: p.displayName, since: p.createdAt, items, ratings, sections };
    },

    /** Claim an item sent before signing in, with the code and key from its receipt link. */
    async claimFeedback(actor: Actor, code: string, key: string): Promise<string> {
      const id = citizenId(actor);
      const fields: Record<string, string> = {};
      // the feedback module checks the code itself (both its sequential and its random form)
      if (!/^PA[\s-]?[0-9A-Z]{3,4}[\s-]?[0-9A-Z]{3,6}(?:[\s-]?[0-9A-Z]{3})?$/i.test(code.trim())) fields.code = 'identity.errors.code';
      if (!key.trim()) fields.key = 'identity.errors.keyRequired';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const fb = feedback();
      const itemId = fb ? await fb.itemIdForKey(code, key) : null;
      if (!itemId) throw new ValidationError({ key: 'identity.errors.badKey' });
      await runCommand(db, actor, 'identity.claimFeedback', async ({ tx, authorize, audit }) => {
        authorize('identity.self');
        if (!(await linkOwner(tx, id, ITEM, itemId, 'claimed'))) throw new ValidationError({ code: 'identity.errors.claimedByOther' });
        await audit({ entityType: 'feedback_item', entityId: itemId, after: { code: code.trim().toUpperCase() } });
      });
      return code.trim().toUpperCase();
    },

    /** Everything held about the citizen, as one JSON document (audited). */
    async exportData(actor: Actor): Promise<Record<string, unknown>> {
      const id = citizenId(actor);
      const overview = await this.overview(actor);
      const p = await repo.principalRow(db, id);
      const identities = await identitiesOf(db, id);
      const sessions = await repo.sessionsOf(db, id);
      await runCommand(db, actor, 'identity.export', async ({ authorize, audit }) => {
        authorize('identity.self');
        await audit({ entityType: 'principal', entityId: id, after: { items: overview.items.length, ratings: overview.ratings.length } });
      });
      const contributed: Record<string, unknown> = {};
      for (const c of contributors) contributed[c.name] = await c.exportData(actor);
      const trail = await repo.auditTrailOf(db, id);
      return {
        format: 'dvc-hub.citizen-export/1',
        exportedAt: new Date().toISOString(),
        controller: config.publicUrl,
        person: {
          principalId: id,
          displayName: p?.display_name ?? overview.name,
          personKey: p?.person_key ?? null,
          personKeyNote: 'HMAC-SHA256 of the ID number under a secret salt; the ID number itself is not stored.',
          createdAt: p?.created_at,
          lastSeenAt: p?.last_seen_at,
        },
        identities: identities.map((i) => ({ provider: i.provider, subject: i.subject, linkedAt: i.createdAt })),
        sessions: sessions.map((s) => ({ createdAt: s.created_at, lastSeenAt: s.last_seen_at, expiresAt: s.expires_at, ip: s.ip, userAgent: s.user_agent, acr: s.acr })),
        feedbackItems: overview.items.map((i) => ({ code: i.code, kind: i.kind, title: i.title, status: i.status, receivedDay: i.receivedDay, answered: i.answered, linked: i.how })),
        ratings: overview.ratings.map((r) => ({ score: r.score, serviceCode: r.serviceCode, dossierCode: r.dossierCode, comment: r.comment, createdAt: r.createdAt })),
        ...contributed,
        activity: trail.map((a) => ({ at: a.at, action: a.action, entityType: a.entity_type, entityId: a.entity_id, ip: a.ip })),
      };
    },

    /**
     * Erasure on request: the principal, its identities, ownership links and sessions go; the contact details
     * on the citizen's feedback items are erased; the items and ratings themselves stay as anonymous records
     * (public answers and statistics). The audit row keeps only the principal id and counts.
     */
    async deleteAccount(actor: Actor): Promise<void> {
      const id = citizenId(actor);
      const itemIds = (await ownedItems(db, id, ITEM)).map((o) => o.itemId);
      const ratingCount = (await ownedItems(db, id, RATING)).length;
      // Outside the transaction: the feedback service uses its own connection (PGlite has only one).
      const erased = (await feedback()?.eraseContactDetails(itemIds)) ?? 0;
      const others: Record<string, Record<string, number>> = {};
      for (const c of contributors) others[c.name] = await c.erase(actor);
      await runCommand(db, actor, 'identity.delete', async ({ tx, authorize, audit }) => {
        authorize('identity.self');
        await deleteCitizen(tx, id);
        await audit({ entityType: 'principal', entityId: id, after: { items: itemIds.length, ratings: ratingCount, contactDetailsErased: erased, ...others } });
      });
    },

    async backchannelLogout(provider: string, sel: { sid: string | null; sub: string | null }): Promise<number> {
      return repo.deleteSessionsForSso(db, provider, sel);
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;

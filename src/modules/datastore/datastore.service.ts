import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../platform/modules.ts';
import type { PlatformTables } from '../../platform/db/tables.ts';
import { runCommand, type Tx } from '../../platform/audit/command.ts';
import { can, type Actor } from '../../platform/auth/permissions.ts';
import { findCitizenByPersonKey, findPrincipal } from '../../platform/auth/principals.ts';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { parseDateInput, todayInVietnam } from '../../platform/i18n/i18n.ts';
import { newStorageKey } from '../../platform/storage/storage.ts';
import { decryptFile, encryptFile, masterKeys, receiptSigner, type ReceiptSigner } from './datastore.crypto.ts';
import { cleanDocument, isDeliveredKind, isUploadKind } from './datastore.files.ts';
import * as repo from './datastore.repo.ts';
import { zip } from './datastore.zip.ts';
import { IdentityToken } from '../identity/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';

declare module '../../platform/events/events.ts' {
  interface EventMap {
    /** An agency delivered a result document into a citizen's Kho (ids only). */
    'datastore.result.delivered': { documentId: string; ownerId: string; orgId: string };
    /** An officer opened a shared document (the access log row's id). */
    'datastore.document.opened': { documentId: string; ownerId: string; logId: number };
  }
}

/** The legal basis recorded on every share and every access (the citizen can read it on the consent page). */
export const DEFAULT_LEGAL_BASIS = 'Điều 16 Nghị định 45/2020/NĐ-CP (sửa đổi bởi Nghị định 118/2025/NĐ-CP); sự đồng ý của chủ thể dữ liệu (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15)';
export const MAX_DOCUMENTS = 200;
/** No bulk access: one document per request, and at most this many openings per officer per hour. */
export const MAX_OPENS_PER_HOUR = 60;
export const MAX_SHARE_DAYS = 365;
export const DELEGATION_SCOPES = ['view', 'upload', 'share'] as const;
export type DelegationScope = (typeof DELEGATION_SCOPES)[number];
export const RELATIONS = ['family', 'community_team'] as const;

/**
 * Who the citizen is acting as: themselves (ownerId = their principal) or, under a live delegation, for its
 * owner. Every act under a delegation is written to the owner's log as "X acting for Y".
 */
export interface Acting {
  actor: Actor;
  ownerId: string;
  delegation: repo.DelegationRow | null;
}

export interface ShareInput {
  documentIds: string[];
  orgId: string;
  purpose: string;
  dossierCode: string;
  procedureCode: string;
  until: string;
  untilResult: boolean;
}

export interface SharePreview {
  documents: repo.DocumentRow[];
  org: { id: string; name: string; code: string };
  purpose: string;
  dossierCode: string;
  procedureCode: string | null;
  untilDate: string;
  untilResult: boolean;
  legalBasis: string;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOSSIER = /^[A-Za-z0-9][A-Za-z0-9.\-/_]{3,39}$/;

/**
 * Kho dữ liệu điện tử: the citizen's documents (encrypted per file), purpose-bound shares with a signed
 * consent receipt, the staff side (default deny: only live shares of the officer's agency), the access log the
 * citizen sees, delegation, export and erasure. Every change and every staff read is a named command with its
 * audit row in the same transaction; a staff read also writes the access log in that transaction, before the
 * file is decrypted.
 */
export function createDatastoreService(deps: AppDeps) {
  const { db, config, storage } = deps;
  const keys = masterKeys(config.datastore.masterKey, config.datastore.previousKeys);
  let signer: Promise<ReceiptSigner> | undefined;
  const receipts = () => (signer ??= receiptSigner(config.datastore.masterKey));
  const identity = () => deps.services.get(IdentityToken);
  const orgs = () => deps.services.get(OrganisationsToken);
  const maxBytes = () => config.uploadLimitBytes;

  const citizenId = (actor: Actor) => {
    if (actor.kind !== 'citizen' || !actor.id) throw new ForbiddenError();
    return actor.id;
  };

  /** Acting under a delegation needs its scope; the owner can do everything. */
  function need(acting: Acting, scope: DelegationScope): void {
    if (acting.delegation && !acting.delegation.scopes.includes(scope)) throw new ForbiddenError('datastore.errors.scope');
  }
  const ownerOnly = (acting: Acting) => {
    if (acting.delegation) throw new ForbiddenError('datastore.errors.ownerOnly');
  };

  async function logDelegateAct(tx: Tx, acting: Acting, what: string, doc: { id: string | null; name: string }): Promise<void> {
    if (!acting.delegation) return;
    await repo.insertAccess(tx, {
      ownerId: acting.ownerId,
      documentId: doc.id,
      documentName: doc.name,
      shareId: null,
      action: 'delegate_act',
      orgId: null,
      orgName: null,
      actorId: acting.delegation.delegateId,
      actorRole: acting.delegation.relation,
      actorLabel: acting.delegation.delegateName,
      purpose: null,
      dossierCode: null,
      legalBasis: null,
      detail: what,
    });
  }

  async function orgInfo(id: string): Promise<{ id: string; name: string; code: string } | undefined> {
    if (!UUID.test(id)) return undefined;
    const o = (await orgs().options()).find((x) => x.value === id);
    return o && { id: o.value, name: o.label, code: o.code };
  }

  async function documentOf(acting: Acting, id: string): Promise<repo.DocumentRow> {
    if (!UUID.test(id)) throw new NotFoundError();
    const d = await repo.documentById(db, id);
    // Another person's document is "not found", never "forbidden": its existence is not revealed.
    if (!d || d.ownerId !== acting.ownerId) throw new NotFoundError();
    return d;
  }

  async function readPlain(d: repo.DocumentRow): Promise<Buffer> {
    return decryptFile(keys, d.id, { keyId: d.keyId, wrappedKey: d.wrappedKey }, await storage.get(d.storageKey));
  }

  /** Encrypt and put a cleaned file; returns what the row needs. The caller deletes the object if its transaction fails. */
  async function storeEncrypted(id: string, data: Buffer, ext: string) {
    const sealed = encryptFile(keys, id, data);
    const key = newStorageKey('kho', 'bin');
    await storage.put(key, sealed.blob, 'application/octet-stream');
    void ext;
    return { storageKey: key, keyId: sealed.keyId, wrappedKey: sealed.wrappedKey };
  }

  function validateDates(validFrom: string, validUntil: string, fields: Record<string, string>) {
    const from = validFrom ? parseDateInput(validFrom) : null;
    const until = validUntil ? parseDateInput(validUntil) : null;
    if (from === undefined) fields.valid_from = 'datastore.errors.date';
    if (until === undefined) fields.valid_until = 'datastore.errors.date';
    if (from && until && until < from) fields.valid_until = 'datastore.errors.untilBeforeFrom';
    return { from: from ?? null, until: until ?? null };
  }

  /** A share's own checks, shared by the consent preview and its creation. */
  async function checkShare(acting: Acting, input: ShareInput): Promise<SharePreview> {
    const fields: Record<string, string> = {};
    const ids = [...new Set(input.documentIds)].filter((i) => UUID.test(i));
    const docs = ids.length ? (await repo.documentsOf(db, acting.ownerId)).filter((d) => ids.includes(d.id)) : [];
    if (!docs.length || docs.length !== ids.length) fields.documents = 'datastore.errors.chooseDocuments';
    const org = await orgInfo(input.orgId);
    if (!org) fields.org = 'datastore.errors.org';
    const purpose = input.purpose.trim();
    if (purpose.length < 5 || purpose.length > 300) fields.purpose = 'datastore.errors.purpose';
    const dossierCode = input.dossierCode.trim().toUpperCase();
    if (!DOSSIER.test(dossierCode)) fields.dossier_code = 'datastore.errors.dossier';
    const procedureCode = input.procedureCode.trim() || null;
    if (procedureCode && !/^[A-Za-z0-9.\-_]{1,40}$/.test(procedureCode)) fields.procedure_code = 'datastore.errors.procedure';
    const today = todayInVietnam();
    const until = parseDateInput(input.until);
    if (!until || until < today || until > addDays(today, MAX_SHARE_DAYS)) fields.until = 'datastore.errors.until';
    if (Object.keys(fields).length) throw new ValidationError(fields);
    return { documents: docs, org: org!, purpose, dossierCode, procedureCode, untilDate: until!, untilResult: input.untilResult, legalBasis: DEFAULT_LEGAL_BASIS };
  }

  /** Staff: the organisations in which the actor holds a role that carries `permission` (never province-wide). */
  function staffOrgs(actor: Actor, permission: string): string[] {
    if (actor.kind !== 'user') return [];
    return [...new Set(actor.roles.filter((g) => g.orgId && can({ ...actor, roles: [g] }, permission, g.orgId)).map((g) => g.orgId))];
  }
  const roleIn = (actor: Actor, orgId: string, permission: string) => actor.roles.find((g) => g.orgId === orgId && can({ ...actor, roles: [g] }, permission, orgId))?.role ?? null;

  const service = {
    keys,
    receipts,

    /** Whom this request acts for: a live delegation given to the signed-in citizen, else the citizen. */
    async acting(actor: Actor, delegationId: unknown): Promise<Acting> {
      const me = citizenId(actor);
      if (typeof delegationId === 'string' && UUID.test(delegationId)) {
        const d = await repo.delegationById(db, delegationId);
        if (d && d.live && d.delegateId === me) return { actor, ownerId: d.ownerId, delegation: d };
      }
      return { actor, ownerId: me, delegation: null };
    },

    async documents(acting: Acting): Promise<repo.DocumentRow[]> {
      need(acting, 'view');
      return repo.documentsOf(db, acting.ownerId);
    },

    async upload(acting: Acting, input: { kind: string; title: string; validFrom: string; validUntil: string }, file: { name: string; data: Buffer } | null): Promise<string> {
      need(acting, 'upload');
      const fields: Record<string, string> = {};
      if (!isUploadKind(input.kind)) fields.kind = 'datastore.errors.kind';
      if (input.title.length > 200) fields.title = 'datastore.errors.title';
      const dates = validateDates(input.validFrom, input.validUntil, fields);
      if (!file) fields.file = 'datastore.errors.fileRequired';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      let clean;
      try {
        clean = await cleanDocument(file!.data, file!.name, maxBytes());
      } catch (err) {
        if (err instanceof AppError && err.status < 500) throw new ValidationError({ file: err.code }, err.code);
        throw err;
      }
      if ((await repo.countDocuments(db, acting.ownerId)) >= MAX_DOCUMENTS) throw new ValidationError({ file: 'datastore.errors.tooMany' });
      const id = randomUUID();
      const stored = await storeEncrypted(id, clean.data, clean.ext);
      const title = input.title.trim() || file!.name.replace(/\.[^.]*$/, '').slice(0, 200) || clean.safeName;
      try {
        await runCommand(db, acting.actor, 'datastore.upload', async ({ tx, authorize, audit }) => {
          authorize('datastore.self');
          await repo.insertDocument(tx, {
            id,
            ownerId: acting.ownerId,
            kind: input.kind,
            title,
            fileName: clean.safeName,
            mime: clean.mime,
            sizeBytes: clean.data.length,
            sha256: sha256(clean.data),
            ...stored,
            validFrom: dates.from,
            validUntil: dates.until,
            source: 'upload',
            issuerOrgId: null,
            dossierCode: null,
            createdBy: citizenId(acting.actor),
          });
          await repo.markSync(tx, id, { status: 'pending' });
          await logDelegateAct(tx, acting, 'upload', { id, name: title });
          await audit({ entityType: 'ds_document', entityId: id, after: { kind: input.kind, size: clean.data.length, mime: clean.mime, metadata: clean.metadata, actingFor: acting.delegation ? acting.ownerId : undefined } });
        });
      } catch (err) {
        await storage.delete(stored.storageKey).catch(() => undefined);
        throw err;
      }
      return id;
    },

    /** The owner (or a delegate with 'view') reads a document. A delegate's read is logged for the owner. */
    async download(acting: Acting, id: string): Promise<{ doc: repo.DocumentRow; data: Buffer }> {
      need(acting, 'view');
      const doc = await documentOf(acting, id);
      if (acting.delegation) {
        await runCommand(db, acting.actor, 'datastore.delegateRead', async ({ tx, authorize, audit }) => {
          authorize('datastore.self');
          await logDelegateAct(tx, acting, 'download', { id: doc.id, name: doc.title });
          await audit({ entityType: 'ds_document', entityId: doc.id, after: { actingFor: acting.ownerId } });
        });
      }
      return { doc, data: await readPlain(doc) };
    },

    async deleteDocument(acting: Acting, id: string): Promise<void> {
      ownerOnly(acting);
      const doc = await documentOf(acting, id);
      await runCommand(db, acting.actor, 'datastore.deleteDocument', async ({ tx, authorize, audit }) => {
        authorize('datastore.self');
        await repo.deleteDocument(tx, doc.id);
        await audit({ entityType: 'ds_document', entityId: doc.id, before: { kind: doc.kind, source: doc.source } });
      });
      await storage.delete(doc.storageKey).catch(() => undefined);
    },

    // ── sharing ──────────────────────────────────────────────────────────────────────────────────────────

    async agencies() {
      return (await orgs().options()).filter((o) => o.type !== 'district').map((o) => ({ value: o.value, label: o.label }));
    },

    async previewShare(acting: Acting, input: ShareInput): Promise<SharePreview> {
      need(acting, 'share');
      return checkShare(acting, input);
    },

    /** Consent given: the share, its documents and a signed receipt, in one command. */
    async createShare(acting: Acting, input: ShareInput): Promise<{ id: string; receipt: string }> {
      need(acting, 'share');
      const p = await checkShare(acting, input);
      const id = randomUUID();
      const now = new Date();
      const receipt = await (
        await receipts()
      ).sign({
        typ: 'dvc-hub.consent-receipt/1',
        jti: id,
        iss: config.publicUrl,
        iat: Math.floor(now.getTime() / 1000),
        sub: acting.ownerId,
        grantedBy: acting.delegation ? { delegateId: acting.delegation.delegateId, delegationId: acting.delegation.id } : null,
        recipient: { agencyId: p.org.id, agencyCode: p.org.code, agencyName: p.org.name },
        purpose: p.purpose,
        dossierCode: p.dossierCode,
        procedureCode: p.procedureCode,
        documents: p.documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, sha256: d.sha256 })),
        validUntil: p.untilDate,
        endsWhenResultIssued: p.untilResult,
        legalBasis: p.legalBasis,
        otherUses: 'denied',
        revocable: true,
        verifyWith: `${config.publicUrl}/kho/khoa-ky.json`,
      });
      await runCommand(db, acting.actor, 'datastore.share', async ({ tx, authorize, audit }) => {
        authorize('datastore.self');
        await repo.insertShare(tx, {
          id,
          ownerId: acting.ownerId,
          orgId: p.org.id,
          purpose: p.purpose,
          dossierCode: p.dossierCode,
          procedureCode: p.procedureCode,
          legalBasis: p.legalBasis,
          untilDate: p.untilDate,
          untilResult: p.untilResult,
          receipt,
          createdBy: citizenId(acting.actor),
          documentIds: p.documents.map((d) => d.id),
        });
        await logDelegateAct(tx, acting, 'share', { id: null, name: p.documents.map((d) => d.title).join(', ').slice(0, 300) });
        await audit({ entityType: 'ds_share', entityId: id, orgId: p.org.id, after: { documents: p.documents.length, dossierCode: p.dossierCode, until: p.untilDate, untilResult: p.untilResult, actingFor: acting.delegation ? acting.ownerId : undefined } });
      });
      return { id, receipt };
    },

    async shares(acting: Acting) {
      need(acting, 'view');
      const rows = await repo.sharesOf(db, acting.ownerId);
      const names = new Map((await orgs().options()).map((o) => [o.value, o.label]));
      return rows.map((s) => ({ ...s, orgName: names.get(s.orgId) ?? '' }));
    },

    async share(acting: Acting, id: string) {
      need(acting, 'view');
      if (!UUID.test(id)) throw new NotFoundError();
      const s = await repo.shareById(db, id);
      if (!s || s.ownerId !== acting.ownerId) throw new NotFoundError();
      const docIds = await repo.shareDocumentIds(db, id);
      const documents = (await repo.documentsOf(db, acting.ownerId)).filter((d) => docIds.includes(d.id));
      return { ...s, orgName: (await orgInfo(s.orgId))?.name ?? '', documents };
    },

    /** Revocation takes effect at once: the next staff open reads the share row in its own transaction. */
    async revokeShare(acting: Acting, id: string): Promise<void> {
      need(acting, 'share');
      const s = await this.share(acting, id);
      await runCommand(db, acting.actor, 'datastore.revokeShare', async ({ tx, authorize, audit }) => {
        authorize('datastore.self');
        const changed = await repo.closeShare(tx, s.id, 'revoked');
        await logDelegateAct(tx, acting, 'revoke', { id: null, name: s.dossierCode });
        await audit({ entityType: 'ds_share', entityId: s.id, orgId: s.orgId, before: { status: s.status }, after: { status: changed ? 'revoked' : s.status, actingFor: acting.delegation ? acting.ownerId : undefined } });
      });
    },

    async verifyReceipt(jws: string): Promise<Record<string, unknown>> {
      try {
        return await (await receipts()).verify(jws);
      } catch {
        throw new AppError('datastore.errors.receiptInvalid', 400);
      }
    },

    // ── access log and notices ──────────────────────────────────────────────────────────────────────────

    /** The owner's own log: only rows about the owner's documents (never a delegate's view of someone else's). */
    async accessLog(actor: Actor): Promise<repo.AccessRow[]> {
      return repo.accessLogOf(db, citizenId(actor));
    },

    async notices(acting: Acting): Promise<repo.NoticeRow[]> {
      if (acting.delegation) return [];
      return repo.noticesOf(db, acting.ownerId);
    },

    async markNoticesRead(actor: Actor): Promise<void> {
      await repo.markNoticesRead(db, citizenId(actor));
    },

    /** Event handler: an in-app notice for the owner, once per event (reads only this transaction: PGlite has one connection). */
    async notify(tx: Transaction<PlatformTables>, eventId: number, kind: 'delivered' | 'opened', p: { documentId: string; ownerId: string; logId?: number }): Promise<void> {
      const rows = await repo.accessLogOf(tx, p.ownerId, 1000);
      const row = kind === 'opened' ? rows.find((r) => r.id === p.logId) : rows.find((r) => r.action === 'delivered' && r.documentId === p.documentId);
      if (!row) return;
      await repo.insertNotice(tx, { ownerId: p.ownerId, kind, documentId: p.documentId, textArgs: { title: row.documentName, org: row.orgName ?? '', dossier: row.dossierCode ?? '' }, eventId: String(eventId) });
    },

    // ── staff side ──────────────────────────────────────────────────────────────────────────────────────

    /** Live shares given to the officer's own agencies. Default deny: nothing else is listed. */
    async staffShares(actor: Actor) {
      const mine = staffOrgs(actor, 'datastore.access');
      if (!mine.length) throw new ForbiddenError();
      const rows = await repo.liveSharesForOrgs(db, mine);
      const names = new Map((await orgs().options()).map((o) => [o.value, o.label]));
      return rows.map((s) => ({ ...s, orgName: names.get(s.orgId) ?? '' }));
    },

    async staffShare(actor: Actor, shareId: string) {
      if (!UUID.test(shareId)) throw new NotFoundError();
      const s = await repo.shareById(db, shareId);
      if (!s) throw new NotFoundError();
      if (!s.live || !staffOrgs(actor, 'datastore.access').includes(s.orgId)) throw new ForbiddenError('datastore.errors.noActiveShare');
      const docIds = await repo.shareDocumentIds(db, shareId);
      const documents = (await repo.documentsOf(db, s.ownerId)).filter((d) => docIds.includes(d.id)).map((d) => ({ id: d.id, kind: d.kind, title: d.title, mime: d.mime, sizeBytes: d.sizeBytes, validUntil: d.validUntil }));
      const owner = await findPrincipal(db, s.ownerId);
      return { share: s, orgName: (await orgInfo(s.orgId))?.name ?? '', ownerName: owner?.displayName ?? '', documents };
    },

    /**
     * An officer opens one document for one chosen purpose (a live share of the officer's agency that lists
     * it). In one transaction: the share is re-read and locked (a revocation committed a moment ago wins), the
     * access is written to the citizen's log and the audit log, then the file is decrypted. If any write fails
     * the transaction rolls back and no byte leaves.
     */
    async staffOpen(actor: Actor, documentId: string, shareId: string): Promise<{ doc: repo.DocumentRow; data: Buffer }> {
      if (!UUID.test(documentId) || !UUID.test(shareId)) throw new ValidationError({ share: 'datastore.errors.choosePurpose' });
      const mine = staffOrgs(actor, 'datastore.access');
      // The agency's name is read before the transaction (another service's connection; PGlite has one).
      const first = await repo.shareById(db, shareId);
      if (!first || !mine.includes(first.orgId)) throw new ForbiddenError('datastore.errors.noActiveShare');
      const org = await orgInfo(first.orgId);
      return runCommand(db, actor, 'datastore.staffOpen', async ({ tx, authorize, audit, emit }) => {
        const s = await repo.shareById(tx, shareId, true);
        if (!s || !s.live || s.orgId !== first.orgId) throw new ForbiddenError('datastore.errors.noActiveShare');
        authorize('datastore.access', s.orgId);
        if (!(await repo.shareDocumentIds(tx, s.id)).includes(documentId)) throw new ForbiddenError('datastore.errors.noActiveShare');
        const doc = await repo.documentById(tx, documentId);
        if (!doc || doc.ownerId !== s.ownerId) throw new ForbiddenError('datastore.errors.noActiveShare');
        if ((await repo.opensByActorSince(tx, actor.id!, new Date(Date.now() - 3600_000))) >= MAX_OPENS_PER_HOUR) throw new AppError('datastore.errors.tooManyOpens', 429);
        const logId = await repo.insertAccess(tx, {
          ownerId: s.ownerId,
          documentId: doc.id,
          documentName: doc.title,
          shareId: s.id,
          action: 'staff_open',
          orgId: s.orgId,
          orgName: org?.name ?? null,
          actorId: actor.id,
          actorRole: roleIn(actor, s.orgId, 'datastore.access'),
          actorLabel: null,
          purpose: s.purpose,
          dossierCode: s.dossierCode,
          legalBasis: s.legalBasis,
          detail: null,
        });
        await audit({ entityType: 'ds_document', entityId: doc.id, orgId: s.orgId, after: { share: s.id, dossierCode: s.dossierCode, logId } });
        await emit('datastore.document.opened', { documentId: doc.id, ownerId: s.ownerId, logId });
        return { doc, data: await readPlain(doc) };
      });
    },

    /** Agencies the officer may deliver results for. */
    async deliveryOrgs(actor: Actor) {
      const mine = staffOrgs(actor, 'datastore.deliver');
      const all = await orgs().options();
      return all.filter((o) => mine.includes(o.value)).map((o) => ({ value: o.value, label: o.label }));
    },

    /**
     * An officer delivers a result into the Kho of the person the dossier names (found by person key: the ID
     * number is hashed, never stored). The owner is notified (event → notice); shares for that dossier that
     * were to end "when the result is issued" end now.
     */
    async deliver(actor: Actor, input: { idNumber: string; orgId: string; kind: string; title: string; dossierCode: string; validUntil: string }, file: { name: string; data: Buffer } | null): Promise<string> {
      const fields: Record<string, string> = {};
      const idNumber = input.idNumber.replace(/\s/g, '');
      if (!/^\d{12}$/.test(idNumber)) fields.id_number = 'datastore.errors.idNumber';
      if (!staffOrgs(actor, 'datastore.deliver').includes(input.orgId)) fields.org = 'datastore.errors.org';
      if (!isDeliveredKind(input.kind)) fields.kind = 'datastore.errors.kind';
      const title = input.title.trim();
      if (title.length < 3 || title.length > 200) fields.title = 'datastore.errors.title';
      const dossierCode = input.dossierCode.trim().toUpperCase();
      if (!DOSSIER.test(dossierCode)) fields.dossier_code = 'datastore.errors.dossier';
      const dates = validateDates('', input.validUntil, fields);
      if (!file) fields.file = 'datastore.errors.fileRequired';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const owner = await findCitizenByPersonKey(db, identity().personKey(idNumber));
      if (!owner) throw new ValidationError({ id_number: 'datastore.errors.noKho' });
      let clean;
      try {
        clean = await cleanDocument(file!.data, file!.name, maxBytes());
      } catch (err) {
        if (err instanceof AppError && err.status < 500) throw new ValidationError({ file: err.code }, err.code);
        throw err;
      }
      const id = randomUUID();
      const org = await orgInfo(input.orgId);
      const stored = await storeEncrypted(id, clean.data, clean.ext);
      try {
        await runCommand(db, actor, 'datastore.deliver', async ({ tx, authorize, audit, emit }) => {
          authorize('datastore.deliver', input.orgId);
          await repo.insertDocument(tx, {
            id,
            ownerId: owner.id,
            kind: input.kind,
            title,
            fileName: clean.safeName,
            mime: clean.mime,
            sizeBytes: clean.data.length,
            sha256: sha256(clean.data),
            ...stored,
            validFrom: todayInVietnam(),
            validUntil: dates.until,
            source: 'delivered',
            issuerOrgId: input.orgId,
            dossierCode,
            createdBy: actor.id,
          });
          await repo.insertAccess(tx, {
            ownerId: owner.id,
            documentId: id,
            documentName: title,
            shareId: null,
            action: 'delivered',
            orgId: input.orgId,
            orgName: org?.name ?? null,
            actorId: actor.id,
            actorRole: roleIn(actor, input.orgId, 'datastore.deliver'),
            actorLabel: null,
            purpose: null,
            dossierCode,
            legalBasis: DEFAULT_LEGAL_BASIS,
            detail: null,
          });
          const ended = await repo.sharesEndingOnResult(tx, owner.id, input.orgId, dossierCode);
          for (const s of ended) await repo.closeShare(tx, s, 'ended');
          await repo.markSync(tx, id, { status: 'pending' });
          await audit({ entityType: 'ds_document', entityId: id, orgId: input.orgId, after: { kind: input.kind, dossierCode, sharesEnded: ended.length } });
          await emit('datastore.result.delivered', { documentId: id, ownerId: owner.id, orgId: input.orgId });
        });
      } catch (err) {
        await storage.delete(stored.storageKey).catch(() => undefined);
        throw err;
      }
      return id;
    },

    // ── delegation ──────────────────────────────────────────────────────────────────────────────────────

    async delegations(actor: Actor) {
      const me = citizenId(actor);
      return { given: await repo.delegationsGiven(db, me), received: await repo.delegationsReceived(db, me) };
    },

    /** The owner authorises another citizen (found by ID number → person key) for some scopes until a date. */
    async delegate(actor: Actor, input: { idNumber: string; relation: string; scopes: string[]; expires: string }): Promise<string> {
      const me = citizenId(actor);
      const fields: Record<string, string> = {};
      const idNumber = input.idNumber.replace(/\s/g, '');
      if (!/^\d{12}$/.test(idNumber)) fields.id_number = 'datastore.errors.idNumber';
      if (!(RELATIONS as readonly string[]).includes(input.relation)) fields.relation = 'datastore.errors.relation';
      const scopes = [...new Set(input.scopes)].filter((s) => (DELEGATION_SCOPES as readonly string[]).includes(s));
      if (!scopes.length || scopes.length !== new Set(input.scopes).size) fields.scopes = 'datastore.errors.scopes';
      const today = todayInVietnam();
      const expires = parseDateInput(input.expires);
      if (!expires || expires < today || expires > addDays(today, MAX_SHARE_DAYS)) fields.expires = 'datastore.errors.expires';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const delegate = await findCitizenByPersonKey(db, identity().personKey(idNumber));
      if (!delegate) throw new ValidationError({ id_number: 'datastore.errors.noKho' });
      if (delegate.id === me) throw new ValidationError({ id_number: 'datastore.errors.self' });
      const owner = await findPrincipal(db, me);
      return runCommand(db, actor, 'datastore.delegate', async ({ tx, authorize, audit }) => {
        authorize('datastore.self');
        const id = await repo.insertDelegation(tx, { ownerId: me, delegateId: delegate.id, delegateName: delegate.displayName, ownerName: owner?.displayName ?? '', relation: input.relation, scopes, expiresAt: expires! });
        await audit({ entityType: 'ds_delegation', entityId: id, after: { delegate: delegate.id, relation: input.relation, scopes, expires } });
        return id;
      });
    },

    async revokeDelegation(actor: Actor, id: string): Promise<void> {
      const me = citizenId(actor);
      const d = UUID.test(id) ? await repo.delegationById(db, id) : undefined;
      // The owner revokes; the delegate may also give it up.
      if (!d || (d.ownerId !== me && d.delegateId !== me)) throw new NotFoundError();
      await runCommand(db, actor, 'datastore.revokeDelegation', async ({ tx, authorize, audit }) => {
        authorize('datastore.self');
        await repo.revokeDelegation(tx, d.id);
        await audit({ entityType: 'ds_delegation', entityId: d.id, after: { by: d.ownerId === me ? 'owner' : 'delegate' } });
      });
    },

    // ── rights: export and erasure ──────────────────────────────────────────────────────────────────────

    /** Everything in the Kho as a ZIP: the documents (decrypted) and JSON of shares, receipts, log, delegations. */
    async exportZip(actor: Actor): Promise<Buffer> {
      const me = citizenId(actor);
      const docs = await repo.documentsOf(db, me);
      const summary = await this.exportSummary(me);
      await runCommand(db, actor, 'datastore.export', async ({ authorize, audit }) => {
        authorize('datastore.self');
        await audit({ entityType: 'principal', entityId: me, after: { documents: docs.length, log: summary.accessLog.length } });
      });
      const entries: Array<{ name: string; data: Buffer; deflate?: boolean; date?: Date }> = [];
      const used = new Set<string>();
      for (const d of docs) {
        let name = `tai-lieu/${d.fileName}`;
        for (let i = 2; used.has(name); i++) name = `tai-lieu/${d.fileName.replace(/(\.[^.]+)$/, `-${i}$1`)}`;
        used.add(name);
        try {
          entries.push({ name, data: await readPlain(d), date: d.createdAt });
        } catch (err) {
          // One unreadable file (missing object, key not configured) must not withhold everything else.
          deps.logger.error({ err, documentId: d.id }, 'datastore: a document could not be read for export');
          entries.push({ name: `${name}.LOI.txt`, data: Buffer.from(`Không đọc được tệp "${d.title}" (mã ${d.id}). Hãy liên hệ bộ phận hỗ trợ.\n`), deflate: true });
        }
      }
      entries.push({ name: 'kho.json', data: Buffer.from(JSON.stringify(summary, null, 2)), deflate: true });
      entries.push({ name: 'DOC-TOI.txt', data: Buffer.from(EXPORT_README), deflate: true });
      return zip(entries);
    },

    /** The JSON part of the export (also what identity's account export includes). */
    async exportSummary(ownerId: string) {
      const names = new Map((await orgs().options()).map((o) => [o.value, o.label]));
      const docs = await repo.documentsOf(db, ownerId);
      const shares = await repo.sharesOf(db, ownerId);
      const given = await repo.delegationsGiven(db, ownerId);
      const received = await repo.delegationsReceived(db, ownerId);
      return {
        format: 'dvc-hub.kho-export/1',
        exportedAt: new Date().toISOString(),
        documents: docs.map((d) => ({ id: d.id, kind: d.kind, title: d.title, file: d.fileName, mime: d.mime, size: d.sizeBytes, sha256: d.sha256, validFrom: d.validFrom, validUntil: d.validUntil, source: d.source, issuer: d.issuerOrgId ? names.get(d.issuerOrgId) ?? d.issuerOrgId : null, dossierCode: d.dossierCode, addedAt: d.createdAt })),
        shares: shares.map((s) => ({ id: s.id, agency: names.get(s.orgId) ?? s.orgId, purpose: s.purpose, dossierCode: s.dossierCode, procedureCode: s.procedureCode, until: s.untilDate, untilResult: s.untilResult, status: s.status, createdAt: s.createdAt, closedAt: s.closedAt, legalBasis: s.legalBasis, receipt: s.receipt })),
        accessLog: (await repo.accessLogOf(db, ownerId, 100000)).map((a) => ({ at: a.at, action: a.action, document: a.documentName, agency: a.orgName, role: a.actorRole, delegate: a.actorLabel, purpose: a.purpose, dossierCode: a.dossierCode, legalBasis: a.legalBasis, detail: a.detail })),
        delegationsGiven: given.map((d) => ({ to: d.delegateName, relation: d.relation, scopes: d.scopes, expires: d.expiresAt, createdAt: d.createdAt, revokedAt: d.revokedAt })),
        delegationsReceived: received.map((d) => ({ from: d.ownerName, relation: d.relation, scopes: d.scopes, expires: d.expiresAt, createdAt: d.createdAt, revokedAt: d.revokedAt })),
      };
    },

    /**
     * Erase the Kho on request: documents (uploaded and delivered copies), shares, the access log, delegations
     * and notices; then the encrypted files. The agencies keep their own records of results they issued (their
     * archives, not this Kho); the audit log keeps only ids and counts.
     */
    async eraseAll(actor: Actor): Promise<{ documents: number; shares: number; log: number; delegations: number }> {
      const me = citizenId(actor);
      return this.eraseOwner(actor, me);
    },

    async eraseOwner(actor: Actor, ownerId: string) {
      const docs = await repo.documentsOf(db, ownerId);
      const counts = await runCommand(db, actor, 'datastore.erase', async ({ tx, authorize, audit }) => {
        authorize('datastore.self');
        if (citizenId(actor) !== ownerId) throw new ForbiddenError();
        const c = await repo.eraseOwner(tx, ownerId);
        await audit({ entityType: 'principal', entityId: ownerId, after: { ...c, delivered: docs.filter((d) => d.source === 'delivered').length } });
        return c;
      });
      for (const d of docs) await storage.delete(d.storageKey).catch(() => undefined);
      return counts;
    },
  };
  return service;
}

const EXPORT_README = `Dữ liệu Kho dữ liệu điện tử của bạn

- tai-lieu/: các giấy tờ trong Kho (bản đã giải mã, đúng như khi tải lên hoặc khi cơ quan gửi).
- kho.json: danh sách giấy tờ, các lần chia sẻ (kèm biên nhận đồng ý có chữ ký số), nhật ký truy cập,
  các ủy quyền bạn đã cho và đã nhận.

Biên nhận đồng ý là chuỗi JWS (EdDSA); khóa công khai để kiểm tra chữ ký có tại /kho/khoa-ky.json.
`;

export type DatastoreService = ReturnType<typeof createDatastoreService>;

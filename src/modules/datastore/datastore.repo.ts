import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/audit/command.ts';

type Q = Db | Tx;
const x = (q: Q) => q as Db;

export interface DocumentRow {
  id: string;
  ownerId: string;
  kind: string;
  title: string;
  fileName: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  keyId: string;
  wrappedKey: string;
  validFrom: string | null;
  validUntil: string | null;
  source: 'upload' | 'delivered';
  issuerOrgId: string | null;
  dossierCode: string | null;
  createdAt: Date;
}

const docColumns = sql`d.id, d.owner_id AS "ownerId", d.kind, d.title, d.file_name AS "fileName", d.mime, d.size_bytes AS "sizeBytes",
  d.sha256, d.storage_key AS "storageKey", d.key_id AS "keyId", d.wrapped_key AS "wrappedKey", d.valid_from::text AS "validFrom",
  d.valid_until::text AS "validUntil", d.source, d.issuer_org_id AS "issuerOrgId", d.dossier_code AS "dossierCode", d.created_at AS "createdAt"`;

export async function insertDocument(q: Q, d: Omit<DocumentRow, 'createdAt'> & { createdBy: string | null }): Promise<void> {
  await sql`INSERT INTO ds_documents (id, owner_id, kind, title, file_name, mime, size_bytes, sha256, storage_key, key_id, wrapped_key,
      valid_from, valid_until, source, issuer_org_id, dossier_code, created_by)
    VALUES (${d.id}, ${d.ownerId}, ${d.kind}, ${d.title}, ${d.fileName}, ${d.mime}, ${d.sizeBytes}, ${d.sha256}, ${d.storageKey}, ${d.keyId},
      ${d.wrappedKey}, ${d.validFrom}, ${d.validUntil}, ${d.source}, ${d.issuerOrgId}, ${d.dossierCode}, ${d.createdBy})`.execute(x(q));
}

export async function documentsOf(q: Q, ownerId: string): Promise<DocumentRow[]> {
  return (await sql<DocumentRow>`SELECT ${docColumns} FROM ds_documents d WHERE d.owner_id = ${ownerId} ORDER BY d.created_at DESC, d.id`.execute(x(q))).rows;
}

export async function countDocuments(q: Q, ownerId: string): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ds_documents WHERE owner_id = ${ownerId}`.execute(x(q))).rows[0]!.n;
}

export async function documentById(q: Q, id: string): Promise<DocumentRow | undefined> {
  return (await sql<DocumentRow>`SELECT ${docColumns} FROM ds_documents d WHERE d.id = ${id}`.execute(x(q))).rows[0];
}

export async function deleteDocument(q: Q, id: string): Promise<void> {
  await sql`DELETE FROM ds_documents WHERE id = ${id}`.execute(x(q));
}

// ── shares ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface ShareRow {
  id: string;
  ownerId: string;
  orgId: string;
  purpose: string;
  dossierCode: string;
  procedureCode: string | null;
  legalBasis: string;
  untilDate: string;
  untilResult: boolean;
  status: 'active' | 'revoked' | 'ended';
  receipt: string;
  createdAt: Date;
  closedAt: Date | null;
  /** active and not past its date (Vietnam's calendar day). */
  live: boolean;
}

const today = sql`(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;
const shareColumns = sql`s.id, s.owner_id AS "ownerId", s.org_id AS "orgId", s.purpose, s.dossier_code AS "dossierCode",
  s.procedure_code AS "procedureCode", s.legal_basis AS "legalBasis", s.until_date::text AS "untilDate", s.until_result AS "untilResult",
  s.status, s.receipt, s.created_at AS "createdAt", s.closed_at AS "closedAt", (s.status = 'active' AND s.until_date >= ${today}) AS live`;

export async function insertShare(
  q: Q,
  s: { id: string; ownerId: string; orgId: string; purpose: string; dossierCode: string; procedureCode: string | null; legalBasis: string; untilDate: string; untilResult: boolean; receipt: string; createdBy: string; documentIds: string[] },
): Promise<void> {
  await sql`INSERT INTO ds_shares (id, owner_id, org_id, purpose, dossier_code, procedure_code, legal_basis, until_date, until_result, receipt, created_by)
    VALUES (${s.id}, ${s.ownerId}, ${s.orgId}, ${s.purpose}, ${s.dossierCode}, ${s.procedureCode}, ${s.legalBasis}, ${s.untilDate}, ${s.untilResult}, ${s.receipt}, ${s.createdBy})`.execute(x(q));
  for (const d of s.documentIds) await sql`INSERT INTO ds_share_documents (share_id, document_id) VALUES (${s.id}, ${d})`.execute(x(q));
}

export async function sharesOf(q: Q, ownerId: string): Promise<ShareRow[]> {
  return (await sql<ShareRow>`SELECT ${shareColumns} FROM ds_shares s WHERE s.owner_id = ${ownerId} ORDER BY s.created_at DESC`.execute(x(q))).rows;
}

export async function shareById(q: Q, id: string, forUpdate = false): Promise<ShareRow | undefined> {
  return (await sql<ShareRow>`SELECT ${shareColumns} FROM ds_shares s WHERE s.id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(x(q))).rows[0];
}

export async function shareDocumentIds(q: Q, shareId: string): Promise<string[]> {
  return (await sql<{ id: string }>`SELECT document_id AS id FROM ds_share_documents WHERE share_id = ${shareId}`.execute(x(q))).rows.map((r) => r.id);
}

export async function closeShare(q: Q, id: string, status: 'revoked' | 'ended'): Promise<boolean> {
  const r = await sql`UPDATE ds_shares SET status = ${status}, closed_at = now() WHERE id = ${id} AND status = 'active'`.execute(x(q));
  return Number(r.numAffectedRows ?? 0n) > 0;
}

/** Live shares given to any of these agencies (the staff list): no document bytes, one row per share. */
export async function liveSharesForOrgs(q: Q, orgIds: string[]): Promise<Array<ShareRow & { documents: number }>> {
  if (!orgIds.length) return [];
  return (
    await sql<ShareRow & { documents: number }>`SELECT ${shareColumns}, (SELECT count(*)::int FROM ds_share_documents sd WHERE sd.share_id = s.id) AS documents
      FROM ds_shares s WHERE s.org_id IN (${sql.join(orgIds)}) AND s.status = 'active' AND s.until_date >= ${today}
      ORDER BY s.created_at DESC LIMIT 500`.execute(x(q))
  ).rows;
}

/** Shares that end when the agency issues its result for the dossier. */
export async function sharesEndingOnResult(q: Q, ownerId: string, orgId: string, dossierCode: string): Promise<string[]> {
  return (
    await sql<{ id: string }>`SELECT id FROM ds_shares WHERE owner_id = ${ownerId} AND org_id = ${orgId} AND upper(dossier_code) = upper(${dossierCode})
      AND until_result AND status = 'active'`.execute(x(q))
  ).rows.map((r) => r.id);
}

// ── access log ─────────────────────────────────────────────────────────────────────────────────────────────

export interface AccessRow {
  id: number;
  ownerId: string;
  documentId: string | null;
  documentName: string;
  shareId: string | null;
  action: 'staff_open' | 'delivered' | 'delegate_act';
  orgId: string | null;
  orgName: string | null;
  actorId: string | null;
  actorRole: string | null;
  actorLabel: string | null;
  purpose: string | null;
  dossierCode: string | null;
  legalBasis: string | null;
  detail: string | null;
  at: Date;
}

export async function insertAccess(q: Q, a: Omit<AccessRow, 'id' | 'at'>): Promise<number> {
  const r = await sql<{ id: number }>`INSERT INTO ds_access_log (owner_id, document_id, document_name, share_id, action, org_id, org_name, actor_id, actor_role,
      actor_label, purpose, dossier_code, legal_basis, detail)
    VALUES (${a.ownerId}, ${a.documentId}, ${a.documentName}, ${a.shareId}, ${a.action}, ${a.orgId}, ${a.orgName}, ${a.actorId}, ${a.actorRole},
      ${a.actorLabel}, ${a.purpose}, ${a.dossierCode}, ${a.legalBasis}, ${a.detail}) RETURNING id`.execute(x(q));
  return r.rows[0]!.id;
}

export async function accessLogOf(q: Q, ownerId: string, limit = 500): Promise<AccessRow[]> {
  return (
    await sql<AccessRow>`SELECT id, owner_id AS "ownerId", document_id AS "documentId", document_name AS "documentName", share_id AS "shareId", action,
      org_id AS "orgId", org_name AS "orgName", actor_id AS "actorId", actor_role AS "actorRole", actor_label AS "actorLabel", purpose,
      dossier_code AS "dossierCode", legal_basis AS "legalBasis", detail, at
      FROM ds_access_log WHERE owner_id = ${ownerId} ORDER BY at DESC, id DESC LIMIT ${limit}`.execute(x(q))
  ).rows;
}

export async function opensByActorSince(q: Q, actorId: string, since: Date): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ds_access_log WHERE actor_id = ${actorId} AND action = 'staff_open' AND at > ${since}`.execute(x(q))).rows[0]!.n;
}

// ── delegations ────────────────────────────────────────────────────────────────────────────────────────────

export interface DelegationRow {
  id: string;
  ownerId: string;
  delegateId: string;
  delegateName: string;
  ownerName: string;
  relation: 'family' | 'community_team';
  scopes: string[];
  expiresAt: string;
  createdAt: Date;
  revokedAt: Date | null;
  live: boolean;
}

const delegationColumns = sql`id, owner_id AS "ownerId", delegate_id AS "delegateId", delegate_name AS "delegateName", owner_name AS "ownerName",
  relation, scopes, expires_at::text AS "expiresAt", created_at AS "createdAt", revoked_at AS "revokedAt",
  (revoked_at IS NULL AND expires_at >= ${today}) AS live`;

export async function insertDelegation(q: Q, d: { ownerId: string; delegateId: string; delegateName: string; ownerName: string; relation: string; scopes: string[]; expiresAt: string }): Promise<string> {
  const r = await sql<{ id: string }>`INSERT INTO ds_delegations (owner_id, delegate_id, delegate_name, owner_name, relation, scopes, expires_at)
    VALUES (${d.ownerId}, ${d.delegateId}, ${d.delegateName}, ${d.ownerName}, ${d.relation}, ${sql`ARRAY[${sql.join(d.scopes)}]::text[]`}, ${d.expiresAt}) RETURNING id`.execute(x(q));
  return r.rows[0]!.id;
}

export async function delegationsGiven(q: Q, ownerId: string): Promise<DelegationRow[]> {
  return (await sql<DelegationRow>`SELECT ${delegationColumns} FROM ds_delegations WHERE owner_id = ${ownerId} ORDER BY created_at DESC`.execute(x(q))).rows;
}

export async function delegationsReceived(q: Q, delegateId: string): Promise<DelegationRow[]> {
  return (await sql<DelegationRow>`SELECT ${delegationColumns} FROM ds_delegations WHERE delegate_id = ${delegateId} ORDER BY created_at DESC`.execute(x(q))).rows;
}

export async function delegationById(q: Q, id: string): Promise<DelegationRow | undefined> {
  return (await sql<DelegationRow>`SELECT ${delegationColumns} FROM ds_delegations WHERE id = ${id}`.execute(x(q))).rows[0];
}

export async function revokeDelegation(q: Q, id: string): Promise<boolean> {
  const r = await sql`UPDATE ds_delegations SET revoked_at = now() WHERE id = ${id} AND revoked_at IS NULL`.execute(x(q));
  return Number(r.numAffectedRows ?? 0n) > 0;
}

// ── notices ────────────────────────────────────────────────────────────────────────────────────────────────

export interface NoticeRow {
  id: number;
  kind: 'delivered' | 'opened';
  documentId: string | null;
  textArgs: Record<string, string>;
  createdAt: Date;
  readAt: Date | null;
}

export async function insertNotice(q: Q, n: { ownerId: string; kind: 'delivered' | 'opened'; documentId: string | null; textArgs: Record<string, string>; eventId: string }): Promise<void> {
  await sql`INSERT INTO ds_notices (owner_id, kind, document_id, text_args, event_id) VALUES (${n.ownerId}, ${n.kind}, ${n.documentId}, ${JSON.stringify(n.textArgs)}, ${n.eventId})
    ON CONFLICT (event_id, kind) DO NOTHING`.execute(x(q));
}

export async function noticesOf(q: Q, ownerId: string, limit = 20): Promise<NoticeRow[]> {
  return (
    await sql<NoticeRow>`SELECT id, kind, document_id AS "documentId", text_args AS "textArgs", created_at AS "createdAt", read_at AS "readAt"
      FROM ds_notices WHERE owner_id = ${ownerId} ORDER BY created_at DESC, id DESC LIMIT ${limit}`.execute(x(q))
  ).rows;
}

export async function markNoticesRead(q: Q, ownerId: string): Promise<void> {
  await sql`UPDATE ds_notices SET read_at = now() WHERE owner_id = ${ownerId} AND read_at IS NULL`.execute(x(q));
}

// ── erasure ────────────────────────────────────────────────────────────────────────────────────────────────

/** Everything the module holds about one owner, except the files in Storage (the caller deletes those). */
export async function eraseOwner(q: Q, ownerId: string): Promise<{ documents: number; shares: number; log: number; delegations: number }> {
  const n = async (s: ReturnType<typeof sql>) => Number((await s.execute(x(q))).numAffectedRows ?? 0n);
  const shares = await n(sql`DELETE FROM ds_shares WHERE owner_id = ${ownerId}`);
  const documents = await n(sql`DELETE FROM ds_documents WHERE owner_id = ${ownerId}`);
  const log = await n(sql`DELETE FROM ds_access_log WHERE owner_id = ${ownerId}`);
  const delegations = await n(sql`DELETE FROM ds_delegations WHERE owner_id = ${ownerId} OR delegate_id = ${ownerId}`);
  await n(sql`DELETE FROM ds_notices WHERE owner_id = ${ownerId}`);
  return { documents, shares, log, delegations };
}

// ── national sync ──────────────────────────────────────────────────────────────────────────────────────────

export async function markSync(q: Q, documentId: string, s: { status: 'pending' | 'synced' | 'failed'; nationalId?: string | null; error?: string | null }): Promise<void> {
  await sql`INSERT INTO ds_sync (document_id, national_id, status, attempts, last_error) VALUES (${documentId}, ${s.nationalId ?? null}, ${s.status}, ${s.status === 'pending' ? 0 : 1}, ${s.error ?? null})
    ON CONFLICT (document_id) DO UPDATE SET status = EXCLUDED.status, national_id = COALESCE(EXCLUDED.national_id, ds_sync.national_id),
      attempts = ds_sync.attempts + ${s.status === 'pending' ? 0 : 1}, last_error = EXCLUDED.last_error, updated_at = now()`.execute(x(q));
}

export async function syncState(q: Q, documentId: string): Promise<{ status: string; nationalId: string | null; attempts: number } | undefined> {
  return (await sql<{ status: string; nationalId: string | null; attempts: number }>`SELECT status, national_id AS "nationalId", attempts FROM ds_sync WHERE document_id = ${documentId}`.execute(x(q))).rows[0];
}

export async function pendingSync(q: Q, limit = 50): Promise<string[]> {
  return (await sql<{ id: string }>`SELECT document_id AS id FROM ds_sync WHERE status IN ('pending', 'failed') AND attempts < 6 ORDER BY updated_at LIMIT ${limit}`.execute(x(q))).rows.map((r) => r.id);
}

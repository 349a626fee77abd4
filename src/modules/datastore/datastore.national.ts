import type { Db } from '../../platform/db/database.ts';
import { identitiesOf } from '../../platform/auth/principals.ts';
import type { Storage } from '../../platform/storage/storage.ts';
import { decryptFile, type MasterKeys } from './datastore.crypto.ts';
import * as repo from './datastore.repo.ts';

/**
 * National Kho synchronisation (NĐ 45/2020 Art. 16 as amended: the provincial Kho is connected and synchronised
 * with the Kho on the national portal). The portal's integration specification was not available, so this is
 * the contract dvc-hub speaks; an adapter for the real interface replaces `createNationalKhoClient` only. The
 * contract is written down in README.md ("National Kho synchronisation").
 */
export interface NationalDocument {
  documentId: string;
  ownerSubject: string;
  kind: string;
  title: string;
  mime: string;
  sha256: string;
  validFrom: string | null;
  validUntil: string | null;
  source: 'upload' | 'delivered';
  dossierCode: string | null;
  content: Buffer;
}

export interface NationalKhoClient {
  /** Idempotent by documentId: a repeat returns the same national id. */
  put(doc: NationalDocument): Promise<{ nationalId: string }>;
  /** Missing is fine (already gone). */
  remove(ownerSubject: string, documentId: string): Promise<void>;
}

export class NationalKhoError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export function createNationalKhoClient(opts: { baseUrl: string; token: string; timeoutMs?: number }): NationalKhoClient {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const timeout = opts.timeoutMs ?? 15_000;
  const url = (subject: string, id: string) => `${base}/v1/kho/${encodeURIComponent(subject)}/documents/${encodeURIComponent(id)}`;
  const headers = { authorization: `Bearer ${opts.token}`, accept: 'application/json' };
  const fail = (what: string, status: number) => new NationalKhoError(`national Kho ${what} failed with HTTP ${status}`, status, status === 429 || status >= 500);
  return {
    async put(doc) {
      const res = await fetch(url(doc.ownerSubject, doc.documentId), {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: doc.kind,
          title: doc.title,
          mime: doc.mime,
          sha256: doc.sha256,
          validFrom: doc.validFrom,
          validUntil: doc.validUntil,
          source: doc.source,
          dossierCode: doc.dossierCode,
          content: doc.content.toString('base64'),
        }),
        signal: AbortSignal.timeout(timeout),
      });
      if (!res.ok) {
        await res.body?.cancel();
        throw fail('PUT', res.status);
      }
      const body = (await res.json().catch(() => ({}))) as { nationalId?: unknown; sha256?: unknown };
      if (typeof body.nationalId !== 'string' || !body.nationalId) throw new NationalKhoError('national Kho answered without nationalId', res.status, false);
      if (body.sha256 !== undefined && body.sha256 !== doc.sha256) throw new NationalKhoError('national Kho stored different content (sha256 mismatch)', res.status, true);
      return { nationalId: body.nationalId };
    },
    async remove(subject, id) {
      const res = await fetch(url(subject, id), { method: 'DELETE', headers, signal: AbortSignal.timeout(timeout) });
      await res.body?.cancel();
      if (!res.ok && res.status !== 404) throw fail('DELETE', res.status);
    },
  };
}

/**
 * Push pending documents (new uploads and deliveries) to the national Kho, oldest first. Each one's outcome is
 * recorded in ds_sync: synced with the national id, or failed with the error (retried by the next run, at most
 * six attempts). The owner is named by their national SSO subject, never by the ID number.
 */
export async function syncPending(db: Db, storage: Storage, keys: MasterKeys, client: NationalKhoClient, limit = 50): Promise<{ synced: number; failed: number }> {
  let synced = 0;
  let failed = 0;
  for (const id of await repo.pendingSync(db, limit)) {
    const d = await repo.documentById(db, id);
    if (!d) continue;
    try {
      const subject = (await identitiesOf(db, d.ownerId)).find((i) => i.provider !== 'local')?.subject;
      if (!subject) throw new NationalKhoError('owner has no national SSO identity', 0, false);
      const content = decryptFile(keys, d.id, { keyId: d.keyId, wrappedKey: d.wrappedKey }, await storage.get(d.storageKey));
      const { nationalId } = await client.put({ documentId: d.id, ownerSubject: subject, kind: d.kind, title: d.title, mime: d.mime, sha256: d.sha256, validFrom: d.validFrom, validUntil: d.validUntil, source: d.source, dossierCode: d.dossierCode, content });
      await repo.markSync(db, d.id, { status: 'synced', nationalId });
      synced++;
    } catch (err) {
      await repo.markSync(db, d.id, { status: 'failed', error: String((err as Error).message).slice(0, 300) });
      failed++;
    }
  }
  return { synced, failed };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { upsertCitizen } from '../../platform/auth/principals.ts';
import { createNationalKhoClient, syncPending, NationalKhoError } from './datastore.national.ts';
import { DatastoreToken } from './api.ts';

/**
 * The national Kho adapter against a local fake of the contract in README.md: PUT/DELETE
 * /v1/kho/{subject}/documents/{id}, bearer token, JSON body with base64 content, idempotent by id, answers
 * {nationalId, sha256}. The fake can be told to fail, so retries and error recording are exercised.
 */
function fakeNationalKho(token: string) {
  const docs = new Map<string, { subject: string; body: Record<string, unknown>; nationalId: string }>();
  const seen: Array<{ method: string; path: string; auth: string }> = [];
  let failNext = 0;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString()));
      req.on('end', () => resolve(s));
    });
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.push({ method: req.method ?? '', path, auth: String(req.headers.authorization ?? '') });
    if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end();
    if (failNext > 0) {
      failNext--;
      return void res.writeHead(503).end();
    }
    const m = /^\/v1\/kho\/([^/]+)\/documents\/([^/]+)$/.exec(path);
    if (!m) return void res.writeHead(404).end();
    const [, subject, id] = m.map(decodeURIComponent) as [string, string, string];
    if (req.method === 'PUT') {
      const body = JSON.parse(await read(req)) as Record<string, unknown>;
      const content = Buffer.from(String(body.content), 'base64');
      const sha = createHash('sha256').update(content).digest('hex');
      if (sha !== body.sha256) return void res.writeHead(422).end();
      const prior = docs.get(id);
      const nationalId = prior?.nationalId ?? `QG-${docs.size + 1}`;
      docs.set(id, { subject, body, nationalId });
      return void res.writeHead(prior ? 200 : 201, { 'content-type': 'application/json' }).end(JSON.stringify({ nationalId, sha256: sha }));
    }
    if (req.method === 'DELETE') {
      const had = docs.delete(id);
      return void res.writeHead(had ? 204 : 404).end();
    }
    res.writeHead(405).end();
  });
  return { server, docs, seen, failTimes: (n: number) => (failNext = n) };
}

describe('national Kho synchronisation adapter', () => {
  const fake = fakeNationalKho('secret-token');
  let base: string;
  let t: TestApp;
  beforeAll(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((r) => fake.server.close(() => r()));
  });

  it('pushes pending documents with the owner named by SSO subject, records the national id, retries after a failure', async () => {
    const db = t.database.db;
    const { principal } = await db.transaction().execute((tx) => upsertCitizen(tx, { provider: 'https://sso.example', subject: 'SSO-SUBJECT-1', personKey: 'k'.repeat(64), displayName: 'Người thử' }));
    const svc = t.app.deps.services.get(DatastoreToken);
    const actor = { kind: 'citizen' as const, id: principal.id, label: `citizen:${principal.id}`, roles: [{ role: 'citizen', orgId: '' }] };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
    const id = await svc.upload({ actor, ownerId: principal.id, delegation: null }, { kind: 'diploma', title: 'Bằng tốt nghiệp', validFrom: '', validUntil: '' }, { name: 'bang.pdf', data: pdf });

    // Only this document is pending (the demo seed's document belongs to another run's storage).
    await sql`DELETE FROM ds_sync WHERE document_id <> ${id}`.execute(db);
    const client = createNationalKhoClient({ baseUrl: base, token: 'secret-token' });
    fake.failTimes(1);
    expect(await syncPending(db, t.app.deps.storage, svc.keys, client)).toEqual({ synced: 0, failed: 1 });
    const failed = await sql<{ status: string; attempts: number; last_error: string }>`SELECT status, attempts, last_error FROM ds_sync WHERE document_id = ${id}`.execute(db);
    expect(failed.rows[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.rows[0]!.last_error).toContain('503');

    expect(await syncPending(db, t.app.deps.storage, svc.keys, client)).toEqual({ synced: 1, failed: 0 });
    const stored = fake.docs.get(id)!;
    expect(stored.subject).toBe('SSO-SUBJECT-1');
    expect(stored.body).toMatchObject({ kind: 'diploma', title: 'Bằng tốt nghiệp', mime: 'application/pdf', source: 'upload' });
    // The national side receives the plaintext document (decrypted here, sent over TLS in production).
    expect(Buffer.from(String(stored.body.content), 'base64').toString('latin1')).toContain('%PDF-1.4');
    const ok = await sql<{ status: string; national_id: string }>`SELECT status, national_id FROM ds_sync WHERE document_id = ${id}`.execute(db);
    expect(ok.rows[0]).toEqual({ status: 'synced', national_id: 'QG-1' });
    // Nothing left to push; the ID number never travels (only the SSO subject).
    expect(await syncPending(db, t.app.deps.storage, svc.keys, client)).toEqual({ synced: 0, failed: 0 });
    expect(fake.seen.every((r) => r.auth === 'Bearer secret-token')).toBe(true);
  });

  it('is idempotent by document id, deletes quietly, and fails loudly on a wrong token', async () => {
    const client = createNationalKhoClient({ baseUrl: base, token: 'secret-token' });
    const doc = { documentId: 'd-1', ownerSubject: 'S', kind: 'other', title: 'x', mime: 'application/pdf', sha256: createHash('sha256').update('abc').digest('hex'), validFrom: null, validUntil: null, source: 'upload' as const, dossierCode: null, content: Buffer.from('abc') };
    const a = await client.put(doc);
    const b = await client.put(doc);
    expect(a.nationalId).toBe(b.nationalId);
    await client.remove('S', 'd-1');
    await client.remove('S', 'd-1');
    const bad = createNationalKhoClient({ baseUrl: base, token: 'wrong' });
    await expect(bad.put(doc)).rejects.toBeInstanceOf(NationalKhoError);
    await expect(bad.put(doc)).rejects.toMatchObject({ status: 401, retryable: false });
  });
});

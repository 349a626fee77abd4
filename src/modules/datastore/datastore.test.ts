import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import sharp from 'sharp';
import { createLocalJWKSet, compactVerify } from 'jose';
import { buildTestApp, DEMO, orgId, sessionFor, type TestApp } from '../../test/helpers.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { upsertCitizen } from '../../platform/auth/principals.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { stripPdfInfo } from './datastore.files.ts';
import { IdentityToken } from '../identity/api.ts';

/**
 * The Kho end to end through HTTP (app.inject): encryption at rest, consent scope and expiry, revocation at
 * once, staff access logged in the same transaction (a failed log write blocks it), other agencies and
 * missing purposes refused, delegation scope, export and erasure, notices through events.
 */
let t: TestApp;
type Who = { cookie: string; csrf: string; id: string };
let alice: Who;
let bob: Who;
let carol: Who;
let officerSkhcn: { cookie: string; csrf: string };
let officerStp: { cookie: string; csrf: string };
let skhcn: string;
let stp: string;
const ALICE_ID = '036085000111';
const BOB_ID = '036085000222';

async function citizen(idNumber: string, name: string, acr = 'LoA2'): Promise<Who> {
  const key = t.app.deps.services.get(IdentityToken).personKey(idNumber);
  const db = t.database.db;
  const { principal } = await db.transaction().execute((tx) => upsertCitizen(tx, { provider: 'http://test-sso', subject: `sub-${idNumber}`, personKey: key, displayName: name }));
  const token = randomToken();
  const csrf = randomToken(24);
  await db
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: null, principal_id: principal.id, acr, csrf_token: csrf, mfa_passed: true, ip: '127.0.0.1', user_agent: 'test', expires_at: new Date(Date.now() + 3600_000) })
    .execute();
  return { cookie: `dvc_sid=${token}`, csrf, id: principal.id };
}

function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = `----ds${randomToken(8)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A small valid PDF whose Info dictionary names its author. */
function pdfWithInfo(text: string): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
    `<< /Length ${`BT /F1 12 Tf 10 100 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 10 100 Td (${text}) Tj ET\nendstream`,
    '<< /Author (Nguyen Van Tac Gia) /Creator (Scanner Model X \\(serial 123\\)) /Producer <48656c6c6f> >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function upload(who: Who, kind: string, file: { name: string; type: string; data: Buffer }, extra: Record<string, string> = {}) {
  const m = multipart({ kind, ...extra }, file);
  return t.app.inject({ method: 'POST', url: '/api/v1/me/documents', headers: { ...m.headers, cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: m.payload });
}

const json = (who: { cookie: string; csrf: string }, method: 'POST' | 'DELETE', url: string, body?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) }, payload: body ? JSON.stringify(body) : undefined });

const staffOpen = (who: { cookie: string; csrf: string }, docId: string, shareId: string) =>
  t.app.inject({ method: 'POST', url: `/quan-tri/kho/tai-lieu/${docId}/mo`, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: who.csrf, share: shareId }).toString() });

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

const inAYear = () => {
  const d = new Date(Date.now() + 30 * 86400_000);
  return d.toISOString().slice(0, 10);
};

beforeAll(async () => {
  t = await buildTestApp();
  skhcn = await orgId(t.database, 'SKHCN');
  stp = await orgId(t.database, 'STP');
  alice = await citizen(ALICE_ID, 'Nguyễn Thị An');
  bob = await citizen(BOB_ID, 'Trần Văn Bình');
  carol = await citizen('036085000333', 'Lê Thị Cúc', 'LoA1');
  officerSkhcn = await sessionFor(t.database, DEMO.officerSkhcn);
  officerStp = await sessionFor(t.database, DEMO.officerStp);
});
afterAll(async () => t?.close());

const PLAIN = 'GIAY KHAI SINH - NOI DUNG BI MAT 0123456789';

describe('the citizen store: upload, encryption at rest, type checks', () => {
  let docId: string;

  it('stores the file encrypted (the bytes in Storage are not the plaintext) and gives it back decrypted', async () => {
    const res = await upload(alice, 'birth_certificate', { name: 'khai-sinh.pdf', type: 'application/pdf', data: pdfWithInfo(PLAIN) }, { valid_from: '01/01/2000' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    docId = body.id;
    expect(body).toMatchObject({ kind: 'birth_certificate', name: 'khai-sinh', mime: 'application/pdf', validFrom: '2000-01-01', source: 'upload' });

    const row = await sql<{ storage_key: string; wrapped_key: string }>`SELECT storage_key, wrapped_key FROM ds_documents WHERE id = ${docId}`.execute(t.database.db);
    const stored = readFileSync(join(t.config.storageDir, row.rows[0]!.storage_key));
    expect(stored.subarray(0, 4).toString()).toBe('DSK1');
    expect(stored.includes(Buffer.from(PLAIN))).toBe(false);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
    // No file anywhere under the storage root holds the plaintext.
    expect(filesUnder(t.config.storageDir).some((f) => readFileSync(f).includes(Buffer.from(PLAIN)))).toBe(false);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: alice.cookie } });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([docId]);
    const dl = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${docId}`, headers: { cookie: alice.cookie } });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.rawPayload.includes(Buffer.from(PLAIN))).toBe(true);
    // The PDF's Info dictionary was blanked in place.
    expect(dl.rawPayload.includes(Buffer.from('Nguyen Van Tac Gia'))).toBe(false);
    expect(dl.rawPayload.includes(Buffer.from('Scanner Model'))).toBe(false);
  });

  it('swapping the wrapped key of two documents fails authentication instead of decrypting', async () => {
    const other = (await upload(alice, 'other', { name: 'b.pdf', type: 'application/pdf', data: pdfWithInfo('OTHER') })).json().id as string;
    const db = t.database.db;
    const keys = await sql<{ id: string; wrapped_key: string }>`SELECT id, wrapped_key FROM ds_documents WHERE id IN (${docId}, ${other})`.execute(db);
    const k = new Map(keys.rows.map((r) => [r.id, r.wrapped_key]));
    await sql`UPDATE ds_documents SET wrapped_key = ${k.get(docId)!} WHERE id = ${other}`.execute(db);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${other}`, headers: { cookie: alice.cookie } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('OTHER');
    await sql`DELETE FROM ds_documents WHERE id = ${other}`.execute(db);
  });

  it('reads the type from the content, caps the size, and strips EXIF from photos', async () => {
    const fake = await upload(alice, 'id_card', { name: 'cccd.pdf', type: 'application/pdf', data: Buffer.from('<html><script>alert(1)</script></html>') });
    expect(fake.statusCode).toBe(422);
    expect(fake.json().fields.file).toMatch(/^Loại tệp này không được chấp nhận/);
    const big = await upload(alice, 'id_card', { name: 'big.pdf', type: 'application/pdf', data: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024, 0x20)]) });
    expect(big.statusCode).toBe(413);
    const noKind = await upload(alice, 'spaceship', { name: 'a.pdf', type: 'application/pdf', data: pdfWithInfo('x') });
    expect(noKind.statusCode).toBe(422);
    expect(noKind.json().fields.kind).toBe('Chọn loại giấy tờ');

    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'CameraMaker', Artist: 'Owner Name' } })
      .toBuffer();
    expect(jpeg.includes(Buffer.from('CameraMaker'))).toBe(true);
    const ok = await upload(alice, 'driving_licence', { name: 'gplx.jpg', type: 'image/jpeg', data: jpeg });
    expect(ok.statusCode).toBe(201);
    const dl = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${ok.json().id}`, headers: { cookie: alice.cookie } });
    expect(dl.headers['content-type']).toBe('image/jpeg');
    expect(dl.rawPayload.includes(Buffer.from('CameraMaker'))).toBe(false);
    expect(dl.rawPayload.includes(Buffer.from('Owner Name'))).toBe(false);
  });

  it('another citizen cannot list or fetch the document (not found, existence not revealed)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: bob.cookie } })).json().items).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${docId}`, headers: { cookie: bob.cookie } })).statusCode).toBe(404);
  });

  it('stripPdfInfo keeps every byte offset (the xref table stays valid)', () => {
    const pdf = pdfWithInfo('abc');
    const { data, result } = stripPdfInfo(pdf);
    expect(result).toBe('stripped');
    expect(data.length).toBe(pdf.length);
    expect(data.toString('latin1').indexOf('xref')).toBe(pdf.toString('latin1').indexOf('xref'));
    expect(data.toString('latin1')).toContain('/Author (');
  });
});

describe('purpose-bound sharing, staff access and the access log', () => {
  let docId: string;
  let otherDocId: string;
  let shareId: string;

  beforeAll(async () => {
    docId = (await upload(alice, 'land_use_certificate', { name: 'so-do.pdf', type: 'application/pdf', data: pdfWithInfo('SO DO DAT') })).json().id;
    otherDocId = (await upload(alice, 'diploma', { name: 'bang.pdf', type: 'application/pdf', data: pdfWithInfo('BANG CAP') })).json().id;
  });

  it('default deny: an officer sees nothing before a share', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/quan-tri/kho', headers: { cookie: officerSkhcn.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('SO DO');
    const res = await staffOpen(officerSkhcn, docId, '00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(403);
  });

  it('shares one document with one agency for a dossier; the signed receipt verifies with the published key', async () => {
    const bad = await json(alice, 'POST', '/api/v1/me/shares', { documentIds: [docId], orgId: skhcn, purpose: 'x', dossierCode: '!', until: '01/01/2000' });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().fields).sort()).toEqual(['dossier_code', 'purpose', 'until']);
    const notMine = await json(bob, 'POST', '/api/v1/me/shares', { documentIds: [docId], orgId: skhcn, purpose: 'Đối chiếu giấy tờ', dossierCode: 'H33.12-251203-0001', until: inAYear() });
    expect(notMine.statusCode).toBe(422);

    const res = await json(alice, 'POST', '/api/v1/me/shares', { documentIds: [docId], orgId: skhcn, purpose: 'Đối chiếu khi cấp phép', dossierCode: 'H33.12-251203-0001', until: inAYear(), untilResult: true });
    expect(res.statusCode).toBe(201);
    shareId = res.json().id;
    const jwks = (await t.app.inject({ method: 'GET', url: '/kho/khoa-ky.json' })).json();
    const { payload } = await compactVerify(res.json().receipt, createLocalJWKSet(jwks));
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toMatchObject({ jti: shareId, sub: alice.id, purpose: 'Đối chiếu khi cấp phép', dossierCode: 'H33.12-251203-0001', otherUses: 'denied', endsWhenResultIssued: true });
    expect(claims.recipient.agencyId).toBe(skhcn);
    expect(claims.documents.map((d: { id: string }) => d.id)).toEqual([docId]);
    // A tampered receipt does not verify.
    const [h, p, s] = (res.json().receipt as string).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, recipient: { agencyId: stp } })).toString('base64url');
    await expect(compactVerify(`${h}.${forged}.${s}`, createLocalJWKSet(jwks))).rejects.toThrow();
    expect(p).toBeTruthy();
  });

  it('the officer of that agency opens the shared document; the access is logged with agency, role, purpose, dossier, basis', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/quan-tri/kho', headers: { cookie: officerSkhcn.cookie } });
    expect(list.body).toContain('H33.12-251203-0001');
    const page = await t.app.inject({ method: 'GET', url: `/quan-tri/kho/chia-se/${shareId}`, headers: { cookie: officerSkhcn.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('so-do');
    expect(page.body).not.toContain('bang');

    const noPurpose = await t.app.inject({ method: 'POST', url: `/quan-tri/kho/tai-lieu/${docId}/mo`, headers: { cookie: officerSkhcn.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${officerSkhcn.csrf}` });
    expect(noPurpose.statusCode).toBe(422);

    const res = await staffOpen(officerSkhcn, docId, shareId);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.includes(Buffer.from('SO DO DAT'))).toBe(true);

    const log = (await t.app.inject({ method: 'GET', url: '/api/v1/me/access-log', headers: { cookie: alice.cookie } })).json().items;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'staff_open', documentId: docId, role: 'agency_officer', purpose: 'Đối chiếu khi cấp phép', dossierCode: 'H33.12-251203-0001' });
    expect(log[0].agency).toBeTruthy();
    expect(log[0].legalBasis).toContain('45/2020');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'datastore.staffOpen' AND entity_id = ${docId}`.execute(t.database.db);
    expect(audit.rows[0]!.n).toBe(1);
    // The citizen is notified (event → notice).
    const kho = await t.app.inject({ method: 'GET', url: '/tai-khoan/kho', headers: { cookie: alice.cookie } });
    expect(kho.body).toContain('đã mở giấy tờ');
  });

  it('a document not in the share, an officer of another agency, and another citizen are refused', async () => {
    expect((await staffOpen(officerSkhcn, otherDocId, shareId)).statusCode).toBe(403);
    expect((await staffOpen(officerStp, docId, shareId)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/quan-tri/kho/chia-se/${shareId}`, headers: { cookie: officerStp.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/quan-tri/kho', headers: { cookie: officerStp.cookie } })).body).not.toContain('H33.12-251203-0001');
    expect((await staffOpen({ cookie: bob.cookie, csrf: bob.csrf }, docId, shareId)).statusCode).toBe(403);
  });

  it('one person\'s log never shows another\'s affairs', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/access-log', headers: { cookie: bob.cookie } })).json().items).toEqual([]);
    const page = await t.app.inject({ method: 'GET', url: '/tai-khoan/kho/nhat-ky', headers: { cookie: bob.cookie } });
    expect(page.body).not.toContain('H33.12-251203-0001');
  });

  it('a failed log write blocks the access: no bytes leave, nothing is recorded', async () => {
    const db = t.database.db;
    await sql`CREATE FUNCTION ds_fail_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'log store down'; END $$`.execute(db);
    await sql`CREATE TRIGGER ds_fail_log BEFORE INSERT ON ds_access_log FOR EACH ROW EXECUTE FUNCTION ds_fail_log()`.execute(db);
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'datastore.staffOpen'`.execute(db);
    const res = await staffOpen(officerSkhcn, docId, shareId);
    await sql`DROP TRIGGER ds_fail_log ON ds_access_log`.execute(db);
    await sql`DROP FUNCTION ds_fail_log()`.execute(db);
    expect(res.statusCode).toBeGreaterThanOrEqual(500);
    expect(res.rawPayload.includes(Buffer.from('SO DO DAT'))).toBe(false);
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'datastore.staffOpen'`.execute(db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('revocation takes effect at once; an expired share is refused too', async () => {
    expect((await json(bob, 'DELETE', `/api/v1/me/shares/${shareId}`)).statusCode).toBe(404);
    expect((await json(alice, 'DELETE', `/api/v1/me/shares/${shareId}`)).statusCode).toBe(204);
    expect((await staffOpen(officerSkhcn, docId, shareId)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/quan-tri/kho', headers: { cookie: officerSkhcn.cookie } })).body).not.toContain('H33.12-251203-0001');

    const again = await json(alice, 'POST', '/api/v1/me/shares', { documentIds: [docId], orgId: skhcn, purpose: 'Đối chiếu lần hai', dossierCode: 'H33.12-251203-0002', until: inAYear() });
    const id2 = again.json().id;
    expect((await staffOpen(officerSkhcn, docId, id2)).statusCode).toBe(200);
    await sql`UPDATE ds_shares SET until_date = ${todayInVietnam()}::date - 1 WHERE id = ${id2}`.execute(t.database.db);
    expect((await staffOpen(officerSkhcn, docId, id2)).statusCode).toBe(403);
  });

  it('an officer delivers a result by ID number: it lands in the citizen\'s store, ends the share "until result", and notifies', async () => {
    const s = await json(alice, 'POST', '/api/v1/me/shares', { documentIds: [docId], orgId: skhcn, purpose: 'Cấp giấy phép', dossierCode: 'H33.12-251203-0009', until: inAYear(), untilResult: true });
    const sid = s.json().id;
    const m = multipart({ _csrf: officerSkhcn.csrf, id_number: ALICE_ID, org: skhcn, kind: 'licence_issued', title: 'Giấy phép hoạt động', dossier_code: 'H33.12-251203-0009' }, { name: 'giay-phep.pdf', type: 'application/pdf', data: pdfWithInfo('GIAY PHEP') });
    const res = await t.app.inject({ method: 'POST', url: `/quan-tri/kho/giao?_csrf=${officerSkhcn.csrf}`, headers: { ...m.headers, cookie: officerSkhcn.cookie }, payload: m.payload });
    expect(res.statusCode).toBe(303);
    const items = (await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: alice.cookie } })).json().items;
    const delivered = items.find((i: { kind: string }) => i.kind === 'licence_issued');
    expect(delivered).toMatchObject({ source: 'delivered', dossierCode: 'H33.12-251203-0009', name: 'Giấy phép hoạt động' });
    expect((await staffOpen(officerSkhcn, docId, sid)).statusCode).toBe(403);
    const kho = await t.app.inject({ method: 'GET', url: '/tai-khoan/kho', headers: { cookie: alice.cookie } });
    expect(kho.body).toContain('đã gửi vào Kho của bạn: Giấy phép hoạt động');
    // Nobody who never signed in can be delivered to; another agency cannot deliver in SKHCN's name.
    const m2 = multipart({ id_number: '036099999999', org: skhcn, kind: 'result', title: 'Kết quả', dossier_code: 'H33.12-251203-0010' }, { name: 'kq.pdf', type: 'application/pdf', data: pdfWithInfo('KQ') });
    expect((await t.app.inject({ method: 'POST', url: `/quan-tri/kho/giao?_csrf=${officerSkhcn.csrf}`, headers: { ...m2.headers, cookie: officerSkhcn.cookie }, payload: m2.payload })).statusCode).toBe(422);
    const m3 = multipart({ id_number: ALICE_ID, org: skhcn, kind: 'result', title: 'Kết quả', dossier_code: 'H33.12-251203-0010' }, { name: 'kq.pdf', type: 'application/pdf', data: pdfWithInfo('KQ') });
    const r3 = await t.app.inject({ method: 'POST', url: `/quan-tri/kho/giao?_csrf=${officerStp.csrf}`, headers: { ...m3.headers, cookie: officerStp.cookie }, payload: m3.payload });
    expect(r3.statusCode).toBe(422);
    expect(r3.body).not.toContain(ALICE_ID);
  });
});

describe('delegation', () => {
  it('a family member acts within the scope given, every act logged as "X acting for Y"; revocation ends it', async () => {
    const form = (who: Who, url: string, data: Record<string, string | string[]>) => {
      const p = new URLSearchParams({ _csrf: who.csrf });
      for (const [k, v] of Object.entries(data)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      return t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: p.toString() });
    };
    const given = await form(alice, '/tai-khoan/kho/uy-quyen', { id_number: BOB_ID, relation: 'family', scopes: ['view'], expires: inAYear() });
    expect(given.statusCode).toBe(303);
    const delegation = (await sql<{ id: string }>`SELECT id FROM ds_delegations WHERE owner_id = ${alice.id}`.execute(t.database.db)).rows[0]!.id;
    expect((await form(bob, '/tai-khoan/kho/thay-mat', { uy_quyen: delegation })).statusCode).toBe(303);

    const page = await t.app.inject({ method: 'GET', url: '/tai-khoan/kho', headers: { cookie: bob.cookie } });
    expect(page.body).toContain('Bạn đang làm thay Nguyễn Thị An');
    const aliceDoc = (await sql<{ id: string }>`SELECT id FROM ds_documents WHERE owner_id = ${alice.id} AND kind = 'land_use_certificate'`.execute(t.database.db)).rows[0]!.id;
    expect(page.body).toContain(aliceDoc);
    expect((await t.app.inject({ method: 'GET', url: `/tai-khoan/kho/tai-lieu/${aliceDoc}/tai-ve`, headers: { cookie: bob.cookie } })).statusCode).toBe(200);
    // Outside the scope: no upload, no share, no delete.
    const m = multipart({ kind: 'other' }, { name: 'x.pdf', type: 'application/pdf', data: pdfWithInfo('X') });
    expect((await t.app.inject({ method: 'POST', url: `/tai-khoan/kho/tai-len?_csrf=${bob.csrf}`, headers: { ...m.headers, cookie: bob.cookie }, payload: m.payload })).statusCode).toBe(403);
    expect((await form(bob, `/tai-khoan/kho/tai-lieu/${aliceDoc}/xoa`, {})).statusCode).toBe(403);
    expect((await form(bob, '/tai-khoan/kho/chia-se', { documents: aliceDoc, org: skhcn, dossier_code: 'H33-0001', purpose: 'thử xem', until: inAYear() })).statusCode).toBe(403);

    const log = (await t.app.inject({ method: 'GET', url: '/api/v1/me/access-log', headers: { cookie: alice.cookie } })).json().items;
    expect(log.find((r: { action: string }) => r.action === 'delegate_act')).toMatchObject({ delegate: 'Trần Văn Bình', detail: 'download', documentId: aliceDoc });
    const audit = await sql<{ actor_label: string; after: { actingFor: string } }>`SELECT actor_label, after FROM audit_log WHERE action = 'datastore.delegateRead' ORDER BY id DESC LIMIT 1`.execute(t.database.db);
    expect(audit.rows[0]).toMatchObject({ actor_label: `citizen:${bob.id}`, after: { actingFor: alice.id } });
    // Bob's own log does not show Alice's affairs.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/access-log', headers: { cookie: bob.cookie } })).json().items).toEqual([]);

    expect((await form(alice, `/tai-khoan/kho/uy-quyen/${delegation}/thu-hoi`, {})).statusCode).toBe(303);
    const after = await t.app.inject({ method: 'GET', url: `/tai-khoan/kho/tai-lieu/${aliceDoc}/tai-ve`, headers: { cookie: bob.cookie } });
    expect(after.statusCode).toBe(404);
  });

  it('refuses a delegation to oneself, to an unknown person and without scope', async () => {
    const p = new URLSearchParams({ _csrf: alice.csrf, id_number: ALICE_ID, relation: 'family', scopes: 'view', expires: inAYear() });
    const self = await t.app.inject({ method: 'POST', url: '/tai-khoan/kho/uy-quyen', headers: { cookie: alice.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: p.toString() });
    expect(self.statusCode).toBe(422);
    const q = new URLSearchParams({ _csrf: alice.csrf, id_number: '036000000000', relation: 'community_team', expires: inAYear() });
    const res = await t.app.inject({ method: 'POST', url: '/tai-khoan/kho/uy-quyen', headers: { cookie: alice.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: q.toString() });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Chọn ít nhất một việc được làm');
  });
});

describe('rights: export and erasure', () => {
  it('exports documents and logs as a ZIP (level 2 only), audited', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: { cookie: carol.cookie } })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: { cookie: alice.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const dir = mkdtempSync(join(tmpdir(), 'kho-zip-'));
    writeFileSync(join(dir, 'k.zip'), res.rawPayload);
    execFileSync('unzip', ['-q', 'k.zip', '-d', 'out'], { cwd: dir });
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'kho.json'), 'utf8'));
    expect(summary.documents.length).toBeGreaterThanOrEqual(4);
    expect(summary.accessLog.some((r: { action: string }) => r.action === 'staff_open')).toBe(true);
    expect(summary.shares.every((s: { receipt: string }) => s.receipt.split('.').length === 3)).toBe(true);
    const files = readdirSync(join(dir, 'out', 'tai-lieu'));
    expect(files).toContain('so-do.pdf');
    expect(readFileSync(join(dir, 'out', 'tai-lieu', 'so-do.pdf')).includes(Buffer.from('SO DO DAT'))).toBe(true);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'datastore.export' AND entity_id = ${alice.id}`.execute(t.database.db);
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('the account export includes the Kho summary', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/tai-khoan/du-lieu.json', headers: { cookie: alice.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().datastore.documents.length).toBeGreaterThanOrEqual(4);
  });

  it('erases the Kho on request: rows and encrypted files go, the audit row keeps counts', async () => {
    const keys = (await sql<{ storage_key: string }>`SELECT storage_key FROM ds_documents WHERE owner_id = ${alice.id}`.execute(t.database.db)).rows.map((r) => r.storage_key);
    expect(keys.length).toBeGreaterThan(0);
    const page = await t.app.inject({ method: 'GET', url: '/tai-khoan/kho/xoa', headers: { cookie: alice.cookie } });
    expect(page.body).toContain('cơ quan đã cấp vẫn lưu hồ sơ gốc');
    const res = await t.app.inject({ method: 'POST', url: '/tai-khoan/kho/xoa', headers: { cookie: alice.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${alice.csrf}&xac_nhan=co` });
    expect(res.statusCode).toBe(303);
    for (const table of ['ds_documents', 'ds_shares', 'ds_access_log', 'ds_notices']) {
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE owner_id = ${alice.id}`.execute(t.database.db);
      expect(n.rows[0]!.n).toBe(0);
    }
    for (const k of keys) expect(await t.app.deps.storage.exists(k)).toBe(false);
    const audit = await sql<{ after: Record<string, number> }>`SELECT after FROM audit_log WHERE action = 'datastore.erase' AND entity_id = ${alice.id}`.execute(t.database.db);
    expect(audit.rows[0]!.after.documents).toBe(keys.length);
  });

  it('deleting the whole account also erases the Kho', async () => {
    const id = (await upload(bob, 'other', { name: 'bob.pdf', type: 'application/pdf', data: pdfWithInfo('BOB') })).json().id;
    const res = await t.app.inject({ method: 'POST', url: '/tai-khoan/xoa', headers: { cookie: bob.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${bob.csrf}&xac_nhan=co` });
    expect(res.statusCode).toBe(303);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ds_documents WHERE id = ${id}`.execute(t.database.db);
    expect(n.rows[0]!.n).toBe(0);
  });
});

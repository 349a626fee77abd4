import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildTestApp, DEMO, orgId, sessionFor, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { letterSigner } from './feedback.chase.ts';
import { addDays } from './feedback.calendar.ts';
import { unzip } from '../../test/unzip.ts';
import { FeedbackServiceToken } from './feedback.service.ts';

/** Issue 10: the chasing letter's signer comes from the province configuration or the Centre's head, not fixed text. */

let t: TestApp;
let skhcn: string;
const province = JSON.parse(readFileSync(new URL('../../../content/province.json', import.meta.url), 'utf8'));

beforeAll(async () => {
  // a province file whose signer signs on behalf of the director
  const dir = mkdtempSync(join(tmpdir(), 'dvc-signer-'));
  const file = join(dir, 'province.json');
  writeFileSync(file, JSON.stringify({ ...province, signer: { onBehalf: { vi: 'KT. GIÁM ĐỐC' }, position: { vi: 'PHÓ GIÁM ĐỐC' }, name: 'Phạm Thị Ký Thay' } }));
  t = await buildTestApp({ PROVINCE_FILE: file });
  skhcn = await orgId(t.database, 'SKHCN');
  const svc = t.app.deps.services.get(FeedbackServiceToken);
  const { code } = await svc.submit(SYSTEM_ACTOR, { kind: 'phan-anh', body: 'Hồ sơ quá hạn để thử văn bản đôn đốc', orgId: skhcn, channel: 'web' });
  await sql`UPDATE fb_items SET due_day = ${addDays(todayInVietnam(), -21)}::date WHERE code = ${code}`.execute(t.database.db);
});
afterAll(async () => t.close());

const paragraphs = (xml: string) => [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((x) => x[1]).join(''));

describe('the chasing letter signer', () => {
  it('prints the configured delegation line, position and name in the signature block', async () => {
    const coord = await sessionFor(t.database, DEMO.coordinator);
    const res = await t.app.inject({ method: 'GET', url: `/quan-tri/phan-anh/don-doc/${skhcn}.docx`, headers: { cookie: coord.cookie } });
    expect(res.statusCode).toBe(200);
    const lines = paragraphs(unzip(res.rawPayload).get('word/document.xml')!.toString('utf8'));
    const at = lines.indexOf('KT. GIÁM ĐỐC');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('PHÓ GIÁM ĐỐC');
    expect(lines.slice(at + 2, at + 6).filter(Boolean)).toEqual(['Phạm Thị Ký Thay']);
    expect(lines).not.toContain('GIÁM ĐỐC');
  });

  it("without a configured name the Centre's head signs; with no head, the name is left for the hand", async () => {
    const config = { ...t.app.deps.config, identity: { ...t.app.deps.config.identity, signer: { position: { vi: 'GIÁM ĐỐC', en: 'DIRECTOR' } } } };
    const deps = { ...t.app.deps, config };
    expect(await letterSigner(deps)).toEqual({ onBehalf: undefined, position: 'GIÁM ĐỐC', name: undefined });
    const centre = await orgId(t.database, 'TT-PVHCC');
    const u = await t.database.db.insertInto('users').values({ email: 'giamdoc@demo.dvc-hub.vn', full_name: 'Lương Văn Giám Đốc', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
    await t.database.db.insertInto('user_roles').values({ user_id: u.id, role: 'agency_head', org_id: centre }).execute();
    expect(await letterSigner(deps)).toEqual({ onBehalf: undefined, position: 'GIÁM ĐỐC', name: 'Lương Văn Giám Đốc' });
    // the configured name wins over the account
    expect((await letterSigner(t.app.deps)).name).toBe('Phạm Thị Ký Thay');
  });

  it('the shipped province file declares the signer position', () => {
    expect(province.signer.position.vi).toBe('GIÁM ĐỐC');
  });
});

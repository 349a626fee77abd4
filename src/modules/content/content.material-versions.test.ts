import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, DEMO, FORM, form, sessionFor, type TestApp } from '../../test/helpers.ts';

let t: TestApp;
type Session = { cookie: string; csrf: string; userId: string };
const s: Record<string, Session> = {};

beforeAll(async () => {
  t = await buildTestApp();
  for (const [k, email] of Object.entries({ editor: DEMO.editor, editorStp: DEMO.editorStp, coordinator: DEMO.coordinator })) {
    s[k] = await sessionFor(t.database, email);
  }
});
afterAll(async () => t?.close());

const post = (who: Session, url: string, data: Record<string, string | string[]> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });
const get = (who: Session | null, url: string) => t.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });

const material = (over: Record<string, string> = {}) => ({
  kind: 'radio_script',
  title: 'Kịch bản: Thanh toán lệ phí trực tuyến',
  description: 'Bài đọc 1 phút.',
  topic: 'dvc-loi-ich',
  'aud-cong-dan': 'on',
  'ch-loa-truyen-thanh': 'on',
  usageRights: 'Dùng tự do, ghi nguồn.',
  externalUrl: '',
  scriptText: 'Kính thưa bà con!\n\nThanh toán lệ phí trực tuyến nhanh chóng.',
  ...over,
});

describe('material version history', () => {
  let mid: string;

  it('creating and editing a material twice gives versions 1..3; the diff shows the changed field', async () => {
    const res = await post(s.editor!, '/quan-tri/noi-dung/thu-vien/moi', material());
    expect(res.statusCode).toBe(303);
    mid = /thu-vien\/([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
    expect((await post(s.editor!, `/quan-tri/noi-dung/thu-vien/${mid}/sua`, material({ usageRights: 'Chỉ dùng nội bộ <b>cơ quan</b>.' }))).statusCode).toBe(303);
    expect((await post(s.editor!, `/quan-tri/noi-dung/thu-vien/${mid}/sua`, material({ usageRights: 'Chỉ dùng nội bộ <b>cơ quan</b>.', title: 'Kịch bản: Lệ phí trực tuyến' }))).statusCode).toBe(303);

    const rows = await sql<{ version: number }>`SELECT version FROM content_material_versions WHERE material_id = ${mid} ORDER BY version`.execute(t.database.db);
    expect(rows.rows.map((r) => r.version)).toEqual([1, 2, 3]);

    const page = await get(s.editor!, `/quan-tri/noi-dung/thu-vien/${mid}`);
    expect(page.body).toContain(`/quan-tri/noi-dung/thu-vien/${mid}/lich-su`);
    const history = await get(s.editor!, `/quan-tri/noi-dung/thu-vien/${mid}/lich-su`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain(`so-sanh?tu=2&den=3`);
    expect(history.body).toContain(`so-sanh?tu=1&den=2`);

    const d12 = await get(s.editor!, `/quan-tri/noi-dung/thu-vien/${mid}/so-sanh?tu=1&den=2`);
    expect(d12.statusCode).toBe(200);
    expect(d12.body).toContain('Quyền sử dụng');
    expect(d12.body).toContain('+ Chỉ dùng nội bộ &lt;b>cơ quan&lt;/b>.');
    expect(d12.body).toContain('− Dùng tự do, ghi nguồn.');
    expect(d12.body).not.toContain('<b>cơ quan</b>');
    expect(d12.body).not.toContain('+ Kịch bản: Lệ phí trực tuyến');

    const d23 = await get(s.editor!, `/quan-tri/noi-dung/thu-vien/${mid}/so-sanh?tu=2&den=3`);
    expect(d23.body).toContain('+ Kịch bản: Lệ phí trực tuyến');
    expect(d23.body).not.toContain('Quyền sử dụng');
    expect((await get(s.editor!, `/quan-tri/noi-dung/thu-vien/${mid}/so-sanh?tu=1&den=9`)).statusCode).toBe(404);
  });

  it("another agency's editor cannot see the history or diffs, even once the material is published", async () => {
    expect((await get(s.editorStp!, `/quan-tri/noi-dung/thu-vien/${mid}/lich-su`)).statusCode).toBe(404);
    expect((await get(s.editorStp!, `/quan-tri/noi-dung/thu-vien/${mid}/so-sanh?tu=1&den=2`)).statusCode).toBe(404);
    expect((await post(s.editor!, `/quan-tri/noi-dung/thu-vien/${mid}/gui-duyet`)).statusCode).toBe(303);
    expect((await post(s.coordinator!, `/quan-tri/noi-dung/thu-vien/${mid}/duyet`)).statusCode).toBe(303);
    const page = await get(s.editorStp!, `/quan-tri/noi-dung/thu-vien/${mid}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/lich-su');
    expect((await get(s.editorStp!, `/quan-tri/noi-dung/thu-vien/${mid}/lich-su`)).statusCode).toBe(404);
    expect((await get(s.editorStp!, `/quan-tri/noi-dung/thu-vien/${mid}/so-sanh?tu=1&den=2`)).statusCode).toBe(404);
    expect((await get(s.coordinator!, `/quan-tri/noi-dung/thu-vien/${mid}/lich-su`)).statusCode).toBe(200);
    expect((await get(null, `/quan-tri/noi-dung/thu-vien/${mid}/lich-su`)).statusCode).not.toBe(200);
  });

  it('seeded sample materials have a version 1', async () => {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM content_materials m
      WHERE NOT EXISTS (SELECT 1 FROM content_material_versions v WHERE v.material_id = m.id AND v.version = 1)`.execute(t.database.db);
    expect(r.rows[0]!.n).toBe(0);
  });
});

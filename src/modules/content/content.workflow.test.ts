import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, DEMO, FORM, form, sessionFor, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { defineCacheListener } from '../../platform/events/events.ts';
import { GUIDE_EVENTS, ContentServiceToken } from './content.service.ts';

let t: TestApp;
type Session = { cookie: string; csrf: string; userId: string };
const s: Record<string, Session> = {};

beforeAll(async () => {
  t = await buildTestApp();
  for (const [k, email] of Object.entries({ editor: DEMO.editor, editorStp: DEMO.editorStp, coordinator: DEMO.coordinator, admin: DEMO.admin, viewer: DEMO.viewer, headSkhcn: DEMO.headSkhcn })) {
    s[k] = await sessionFor(t.database, email);
  }
});
afterAll(async () => t?.close());

const guideForm = (over: Record<string, string | string[]> = {}) => ({
  title: 'Đăng ký tham gia lớp tập huấn kỹ năng số',
  summary: 'Đăng ký trực tuyến lớp tập huấn kỹ năng số miễn phí cho người dân.',
  topic: 'dvc-loi-ich',
  'aud-cong-dan': 'on',
  aliases: 'hoc ky nang so\nlớp tập huấn',
  procedureCodes: '',
  who: 'Mọi người dân từ 15 tuổi.',
  prepare: 'Điện thoại có Internet\nTài khoản VNeID',
  steps: 'Mở trang đăng ký.\nĐiền thông tin.\nBấm Gửi.',
  fees: 'Miễn phí.',
  processingTime: 'Trong ngày.',
  checkStatus: 'Xem thư xác nhận.',
  commonMistakes: 'Nhập sai số điện thoại.',
  help: 'Gọi Tổng đài 1022.',
  sources: '',
  ...over,
});

async function post(who: Session, url: string, data: Record<string, string | string[]> = {}) {
  return t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });
}
const get = (who: Session | null, url: string) => t.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
const idFrom = (location: unknown) => /huong-dan\/([0-9a-f-]{36})/.exec(String(location))![1]!;

describe('editorial workflow', () => {
  let id: string;
  const slug = 'tap-huan-ky-nang-so';
  const changes: string[] = [];

  it('an editor drafts a guide; it is not public', async () => {
    // Every node's cache listeners hear of guide events after commit; this one records them.
    t.app.deps.events.addCacheListeners([defineCacheListener({ events: GUIDE_EVENTS, drop: (e) => void changes.push(`${e!.type}:${e!.payload!.slug}`) })]);
    const res = await post(s.editor!, '/quan-tri/noi-dung/huong-dan/moi', guideForm({ slug }));
    expect(res.statusCode).toBe(303);
    id = idFrom(res.headers.location);
    expect((await get(null, `/huong-dan/${slug}`)).statusCode).toBe(404);
    const page = await get(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bản nháp');
  });

  it("another agency's editor cannot see, edit or submit the draft", async () => {
    expect((await get(s.editorStp!, `/quan-tri/noi-dung/huong-dan/${id}`)).statusCode).toBe(404);
    expect((await get(s.editorStp!, `/quan-tri/noi-dung/huong-dan/${id}/sua`)).statusCode).toBe(404);
    expect((await post(s.editorStp!, `/quan-tri/noi-dung/huong-dan/${id}/sua`, guideForm())).statusCode).toBe(404);
    expect((await post(s.editorStp!, `/quan-tri/noi-dung/huong-dan/${id}/gui-duyet`)).statusCode).toBe(404);
    const list = await get(s.editorStp!, '/quan-tri/noi-dung?status=draft');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(slug);
    // An SKHCN head (other organisation) cannot review it either.
    expect((await post(s.headSkhcn!, `/quan-tri/noi-dung/huong-dan/${id}/duyet`)).statusCode).toBe(404);
  });

  it('bad input re-renders the form with 422 and a Vietnamese message', async () => {
    const res = await post(s.editor!, '/quan-tri/noi-dung/huong-dan/moi', guideForm({ title: '', slug: 'Bad Slug!', topic: 'zzz' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Nhập tiêu đề.');
    expect(res.body).toContain('Đường dẫn chỉ gồm chữ thường');
    const taken = await post(s.editor!, '/quan-tri/noi-dung/huong-dan/moi', guideForm({ slug: 'khai-sinh' }));
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('đã được dùng');
    expect((await get(s.editor!, '/quan-tri/noi-dung/huong-dan/not-a-uuid')).statusCode).toBe(404);
  });

  it('the editor submits; approving needs the review permission', async () => {
    expect((await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/gui-duyet`)).statusCode).toBe(303);
    // An editor holds no review permission.
    expect((await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/duyet`)).statusCode).toBe(403);
    expect((await get(null, `/huong-dan/${slug}`)).statusCode).toBe(404);
  });

  it('a second person (coordinator) approves and the guide appears publicly and in the API', async () => {
    const res = await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${id}/duyet`, { publishAt: '' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('guidePublished');
    const page = await get(null, `/huong-dan/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đăng ký tham gia lớp tập huấn kỹ năng số');
    expect(page.body).not.toContain('Nội dung mẫu');
    expect((await get(null, `/api/v1/guides/${slug}`)).statusCode).toBe(200);
    expect(changes).toContain(`content.guide.published:${slug}`);
    // The event sits in the outbox, written by the approving command.
    const ev = await sql<{ command: string; payload: { slug: string } }>`SELECT command, payload FROM events WHERE type = 'content.guide.published' AND payload->>'guideId' = ${id}`.execute(t.database.db);
    expect(ev.rows).toEqual([{ command: 'content.guide.approve', payload: { guideId: id, slug, version: 1 } }]);
    const audit = await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_id = ${id} ORDER BY id`.execute(t.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['content.guide.create', 'content.guide.submit', 'content.guide.publish']);
  });

  it('an author who could review still cannot approve their own guide (4-eyes)', async () => {
    const res = await post(s.coordinator!, '/quan-tri/noi-dung/huong-dan/moi', guideForm({ slug: 'bon-mat', title: 'Hướng dẫn bốn mắt' }));
    const own = idFrom(res.headers.location);
    expect((await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${own}/gui-duyet`)).statusCode).toBe(303);
    const denied = await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${own}/duyet`);
    expect(denied.statusCode).toBe(403);
    expect(denied.body).toContain('nguyên tắc bốn mắt');
    expect((await get(null, '/huong-dan/bon-mat')).statusCode).toBe(404);
    // The last editor counts as an author too: admin edits, then admin may not approve.
    expect((await post(s.admin!, `/quan-tri/noi-dung/huong-dan/${own}/sua`, guideForm({ title: 'Hướng dẫn bốn mắt (sửa)' }))).statusCode).toBe(303);
    expect((await post(s.admin!, `/quan-tri/noi-dung/huong-dan/${own}/gui-duyet`)).statusCode).toBe(303);
    expect((await post(s.admin!, `/quan-tri/noi-dung/huong-dan/${own}/duyet`)).statusCode).toBe(403);
    expect((await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${own}/duyet`)).statusCode).toBe(403);
  });

  it('editing a published guide keeps the old text public until re-approved; versions show a readable diff', async () => {
    const res = await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/sua`, guideForm({ fees: 'Miễn phí hoàn toàn.', steps: 'Mở trang đăng ký.\nĐiền thông tin.\nKiểm tra lại.\nBấm Gửi.', note: 'Thêm bước kiểm tra' }));
    expect(res.statusCode).toBe(303);
    const pub = await get(null, `/huong-dan/${slug}`);
    expect(pub.body).not.toContain('Miễn phí hoàn toàn.');
    const staff = await get(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}`);
    expect(staff.body).toContain('Bản cũ đang hiển thị công khai');
    const diff = await get(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/so-sanh?tu=1&den=2`);
    expect(diff.statusCode).toBe(200);
    expect(diff.body).toContain('<ins>');
    expect(diff.body).toContain('+ 3. Kiểm tra lại.');
    expect(diff.body).toContain('− Miễn phí.');
    expect(diff.body).toContain('+ Miễn phí hoàn toàn.');
    expect((await get(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/so-sanh?tu=1&den=99`)).statusCode).toBe(404);
  });

  it("a published guide's pending draft and its diff: only its own organisation and its reviewers", async () => {
    // the guide belongs to the Centre (the editor's organisation); version 2 is a pending draft
    for (const url of [`/quan-tri/noi-dung/huong-dan/${id}`, `/quan-tri/noi-dung/huong-dan/${id}/so-sanh?tu=1&den=2`, `/quan-tri/noi-dung/huong-dan/${id}/sua`]) {
      for (const who of ['editorStp', 'headSkhcn', 'viewer'] as const) {
        const res = await get(s[who]!, url);
        // other agencies' content staff: "not found" (no leak); the viewer holds no content right at all: 403
        expect(res.statusCode, `${who} ${url}`).toBe(who === 'viewer' ? 403 : 404);
        expect(res.body).not.toContain('Miễn phí hoàn toàn.');
      }
      for (const who of ['editor', 'coordinator', 'admin'] as const) expect((await get(s[who]!, url)).statusCode, `${who} ${url}`).toBe(200);
    }
    // service level too: another organisation's staff cannot read the versions or the diff
    const content = t.app.deps.services.get(ContentServiceToken);
    const stp = await t.database.db.selectFrom('user_roles').innerJoin('users', 'users.id', 'user_roles.user_id').select(['user_roles.role', 'user_roles.org_id']).where('users.email', '=', DEMO.editorStp).execute();
    const actor = { kind: 'user' as const, id: s.editorStp!.userId, label: 'STP', roles: stp.map((r) => ({ role: r.role, orgId: r.org_id })) };
    await expect(content.diff(actor, id, 1, 2)).rejects.toThrow();
    await expect(content.versions(actor, id)).rejects.toThrow();
    // the public page still shows the approved text to everyone
    expect((await get(s.editorStp!, `/huong-dan/${slug}`)).body).not.toContain('Miễn phí hoàn toàn.');
  });

  it('scheduled publishing: approved for later, published by the content.publishScheduled job', async () => {
    expect((await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/gui-duyet`)).statusCode).toBe(303);
    const bad = await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${id}/duyet`, { publishAt: '31/02/2030 08:00' });
    expect(bad.statusCode).toBe(422);
    const res = await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${id}/duyet`, { publishAt: '01/01/2099 08:00' });
    expect(res.headers.location).toContain('guideScheduled');
    await t.app.deps.jobs.runNow('content.publishScheduled');
    expect((await get(null, `/huong-dan/${slug}`)).body).not.toContain('Miễn phí hoàn toàn.');
    await sql`UPDATE content_guides SET scheduled_at = now() - interval '1 minute' WHERE id = ${id}`.execute(t.database.db);
    await t.app.deps.jobs.runNow('content.publishScheduled');
    expect((await get(null, `/huong-dan/${slug}`)).body).toContain('Miễn phí hoàn toàn.');
  });

  it('a step may carry an image from this site; other image addresses are refused', async () => {
    const bad = await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/sua`, guideForm({ steps: 'Mở trang. | /x/../a b.png | ảnh' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Ảnh minh họa phải là đường dẫn trên trang này');
    const ok = await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/sua`, guideForm({ steps: 'Mở trang đăng ký. | /thu-vien/abc/anh | Màn hình trang đăng ký\nBấm Gửi.' }));
    expect(ok.statusCode).toBe(303);
    expect((await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/gui-duyet`)).statusCode).toBe(303);
    expect((await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${id}/duyet`)).statusCode).toBe(303);
    const pub = await get(null, `/huong-dan/${slug}`);
    expect(pub.body).toContain('<img src="/thu-vien/abc/anh" alt="Màn hình trang đăng ký"');
    const form = await get(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/sua`);
    expect(form.body).toContain('Mở trang đăng ký. | /thu-vien/abc/anh | Màn hình trang đăng ký');
  });

  it('unpublish and archive take the guide off the public site', async () => {
    expect((await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/go-xuong`)).statusCode).toBe(403);
    expect((await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${id}/go-xuong`)).statusCode).toBe(303);
    expect((await get(null, `/huong-dan/${slug}`)).statusCode).toBe(404);
    expect((await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${id}/go-xuong`)).statusCode).toBe(409);
    expect((await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${id}/luu-tru`)).statusCode).toBe(303);
    expect((await get(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}`)).body).toContain('Lưu trữ');
    // One event each; the refused (409) second unpublish rolled back and emitted nothing.
    expect(changes.filter((c) => c === `content.guide.unpublished:${slug}`)).toHaveLength(1);
    expect(changes.filter((c) => c === `content.guide.archived:${slug}`)).toHaveLength(1);
  });

  it('staff pages need a signed-in user; viewers do not see the content area', async () => {
    const anon = await get(null, '/quan-tri/noi-dung');
    expect(anon.statusCode).toBe(303);
    expect((await get(s.viewer!, '/quan-tri/noi-dung')).statusCode).toBe(403);
  });

  it('createDraftFromGap makes an audited draft and returns its edit URL', async () => {
    const svc = t.app.deps.services.get(ContentServiceToken);
    const url = await svc.createDraftFromGap(SYSTEM_ACTOR, { title: 'Đổi thẻ BHYT bị rách', questions: ['the bhyt rach thi lam sao', 'đổi thẻ bảo hiểm y tế'] });
    expect(url).toMatch(/^\/quan-tri\/noi-dung\/huong-dan\/[0-9a-f-]{36}\/sua$/);
    const page = await get(s.coordinator!, url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('the bhyt rach thi lam sao');
    const gid = /huong-dan\/([0-9a-f-]{36})/.exec(url)![1]!;
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${gid} AND action = 'content.guide.create'`.execute(t.database.db);
    expect(audit.rows[0]!.n).toBe(1);
    expect((await svc.listPublishedGuides()).length).toBe(49);
    const ks = await svc.getPublishedGuide('khai-sinh');
    expect(ks?.sections.steps.length).toBeGreaterThan(3);
    expect(ks?.url).toBe('/huong-dan/khai-sinh');
    expect(await svc.getPublishedGuide('../etc')).toBeUndefined();
  });
});

describe('materials library workflow', () => {
  it('editor adds a radio script, a reviewer publishes it, views and downloads are counted', async () => {
    const res = await post(s.editor!, '/quan-tri/noi-dung/thu-vien/moi', {
      kind: 'radio_script',
      title: 'Kịch bản: Nộp hồ sơ trực tuyến tiết kiệm thời gian',
      description: 'Bài đọc 1 phút.',
      topic: 'dvc-loi-ich',
      'aud-cong-dan': 'on',
      'ch-loa-truyen-thanh': 'on',
      usageRights: 'Dùng tự do, ghi nguồn.',
      externalUrl: '',
      scriptText: 'Kính thưa bà con!\n\nNộp hồ sơ trực tuyến giúp tiết kiệm thời gian.',
    });
    expect(res.statusCode).toBe(303);
    const mid = /thu-vien\/([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
    expect((await get(null, `/thu-vien/${mid}`)).statusCode).toBe(404);
    expect((await get(s.editorStp!, `/quan-tri/noi-dung/thu-vien/${mid}`)).statusCode).toBe(404);
    expect((await post(s.editor!, `/quan-tri/noi-dung/thu-vien/${mid}/gui-duyet`)).statusCode).toBe(303);
    expect((await post(s.editor!, `/quan-tri/noi-dung/thu-vien/${mid}/duyet`)).statusCode).toBe(403);
    expect((await post(s.coordinator!, `/quan-tri/noi-dung/thu-vien/${mid}/duyet`)).statusCode).toBe(303);
    const page = await get(null, `/thu-vien/${mid}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nộp hồ sơ trực tuyến giúp tiết kiệm thời gian.');
    const dl = await get(null, `/thu-vien/${mid}/tai-ve`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toContain('attachment');
    const svc = t.app.deps.services.get(ContentServiceToken);
    const m = await svc.publicMaterial(mid);
    expect(m?.viewCount).toBe(1);
    expect(m?.downloadCount).toBe(1);
    // Another agency's editor may reuse a published item: it is visible to them now.
    expect((await get(s.editorStp!, `/quan-tri/noi-dung/thu-vien/${mid}`)).statusCode).toBe(200);
    const lib = await get(null, '/thu-vien?channel=loa-truyen-thanh');
    expect(lib.body).toContain('Kịch bản: Nộp hồ sơ trực tuyến tiết kiệm thời gian');
    const search = await get(null, '/tim-kiem?q=tiet%20kiem%20thoi%20gian');
    expect(search.body).toContain(`/thu-vien/${mid}`);
  });

  it('rejects a material with neither link nor script, and a javascript: link', async () => {
    const base = { kind: 'video', title: 'Video', topic: 'dvc-loi-ich', usageRights: 'Tự do' };
    const none = await post(s.editor!, '/quan-tri/noi-dung/thu-vien/moi', base);
    expect(none.statusCode).toBe(422);
    const js = await post(s.editor!, '/quan-tri/noi-dung/thu-vien/moi', { ...base, externalUrl: 'javascript:alert(1)' });
    expect(js.statusCode).toBe(422);
    expect(js.body).toContain('http:// hoặc https://');
  });
});

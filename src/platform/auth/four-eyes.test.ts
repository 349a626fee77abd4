import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO, FORM, form, orgId, sessionFor, type TestApp } from '../../test/helpers.ts';
import type { FeedbackService } from '../../modules/feedback/feedback.service.ts';
import { SYSTEM_ACTOR } from './permissions.ts';
import { FeedbackServiceToken } from '../../modules/feedback/feedback.service.ts';

// Four-eyes over the whole chain: whoever wrote ANY version may not approve (not only the author and the last
// editor), the approve button is not shown to them, and the refusal is an explained 403 page.
let t: TestApp;
type Session = Awaited<ReturnType<typeof sessionFor>>;
const s: Record<string, Session> = {};

beforeAll(async () => {
  t = await buildTestApp();
  for (const [k, email] of Object.entries({ editor: DEMO.editor, coordinator: DEMO.coordinator, admin: DEMO.admin, head: DEMO.headSkhcn, officer: DEMO.officerSkhcn })) {
    s[k] = await sessionFor(t.database, email);
  }
});
afterAll(async () => t?.close());

const post = (who: Session, url: string, data: Record<string, string | string[]> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });
const get = (who: Session, url: string) => t.app.inject({ url, headers: { cookie: who.cookie } });

const guideForm = (title: string) => ({
  title,
  summary: 'Hướng dẫn thử nghiệm quy tắc bốn mắt cho người duyệt nội dung.',
  topic: 'dvc-loi-ich',
  'aud-cong-dan': 'on',
  who: 'Mọi người dân.',
  prepare: 'Điện thoại có Internet',
  steps: 'Mở trang.\nBấm Gửi.',
  fees: 'Miễn phí.',
  processingTime: 'Trong ngày.',
  checkStatus: 'Xem thư xác nhận.',
  help: 'Gọi Tổng đài 1022.',
});

describe('four-eyes', () => {
  it('guides: a reviewer who wrote a middle version (neither author nor last editor) cannot approve, and sees no approve button', async () => {
    const created = await post(s.editor!, '/quan-tri/noi-dung/huong-dan/moi', guideForm('Bốn mắt: phiên bản một'));
    expect(created.statusCode).toBe(303);
    const id = /huong-dan\/([0-9a-f-]{36})/.exec(String(created.headers.location))![1]!;
    const base = `/quan-tri/noi-dung/huong-dan/${id}`;
    expect((await post(s.coordinator!, `${base}/sua`, guideForm('Bốn mắt: phiên bản hai'))).statusCode).toBe(303);
    expect((await post(s.editor!, `${base}/sua`, guideForm('Bốn mắt: phiên bản ba'))).statusCode).toBe(303);
    expect((await post(s.editor!, `${base}/gui-duyet`)).statusCode).toBe(303);

    const page = await get(s.coordinator!, base);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`action="${base}/duyet"`);
    expect(page.body).toContain('nguyên tắc bốn mắt');
    const refused = await post(s.coordinator!, `${base}/duyet`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Bạn không có quyền truy cập');
    expect(refused.body).toContain('nguyên tắc bốn mắt');
    expect(refused.body).toContain('Không có dữ liệu nào bị thay đổi');

    // someone who wrote nothing sees the button and approves
    const adminPage = await get(s.admin!, base);
    expect(adminPage.body).toContain(`action="${base}/duyet"`);
    expect((await post(s.admin!, `${base}/duyet`)).statusCode).toBe(303);
  });

  it('feedback answers: whoever drafted any version of the answer cannot approve it; another approver can', async () => {
    const svc = t.app.deps.services.get(FeedbackServiceToken);
    const skhcn = await orgId(t.database, 'SKHCN');
    const { code } = await svc.submit(SYSTEM_ACTOR, { kind: 'hoi-dap', body: 'Thủ tục cấp giấy phép hoạt động khoa học cần những gì?', channel: 'web', orgId: skhcn } as Parameters<FeedbackService['submit']>[1]);
    const base = `/quan-tri/phan-anh/${code}`;
    expect((await post(s.officer!, `${base}/du-thao`, { answer: 'Bản dự thảo thứ nhất của cán bộ thụ lý.' })).statusCode).toBe(303);
    expect((await post(s.head!, `${base}/du-thao`, { answer: 'Bản dự thảo thứ hai do lãnh đạo sửa lại.' })).statusCode).toBe(303);
    expect((await post(s.officer!, `${base}/du-thao`, { answer: 'Bản dự thảo thứ ba, cán bộ hoàn thiện.' })).statusCode).toBe(303);

    const page = await get(s.head!, base);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`action="${base}/duyet"`);
    expect(page.body).toContain('nguyên tắc bốn mắt');
    const refused = await post(s.head!, `${base}/duyet`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('nguyên tắc bốn mắt');

    const coordinatorPage = await get(s.coordinator!, base);
    expect(coordinatorPage.body).toContain(`action="${base}/duyet"`);
    expect((await post(s.coordinator!, `${base}/duyet`)).statusCode).toBe(303);
  });

  it('a plain refusal is an explained Vietnamese 403 page, not a generic error', async () => {
    const viewer = await sessionFor(t.database, DEMO.viewer);
    const res = await get(viewer, '/quan-tri/tai-khoan');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Bạn không có quyền truy cập (lỗi 403)');
    expect(res.body).toContain('quản trị hệ thống');
    expect(res.body).not.toContain('Đã có lỗi xảy ra');
  });
});

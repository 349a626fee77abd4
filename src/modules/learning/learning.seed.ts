import { sql } from 'kysely';
import type { AppDeps, SeedOptions } from '../../platform/modules.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { sha256 } from '../../platform/auth/tokens.ts';
import { ContentToken } from '../content/api.ts';
import * as repo from './learning.repo.ts';
import type { LearningService, QuestionInput } from './learning.service.ts';
import type { ContestRules } from './learning.rules.ts';

const opt = (...texts: string[]) => texts.map((text, i) => ({ id: String.fromCharCode(97 + i), text }));
const TF = opt('Đúng', 'Sai');

/** Demo question bank: each cites the guide (and so its publication) it tests. */
export const DEMO_QUESTIONS: QuestionInput[] = [
  { code: 'DVC-001', tags: ['dvc', 'dang-nhap'], difficulty: 1, type: 'single', text: 'Địa chỉ chính thức của Cổng Dịch vụ công quốc gia là gì?', options: opt('dichvucong.gov.vn', 'dichvucong.com.vn', 'dvc-quocgia.vn', 'congdichvu.net'), answer: { optionIds: ['a'] }, reference: 'Hướng dẫn "Đăng nhập Cổng Dịch vụ công"', guideSlug: 'dang-nhap-dvc' },
  { code: 'DVC-002', tags: ['dvc', 'dang-nhap'], difficulty: 1, type: 'true_false', text: 'Có thể đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử VNeID.', options: TF, answer: { optionIds: ['a'] }, reference: 'Hướng dẫn "Đăng nhập Cổng Dịch vụ công"', guideSlug: 'dang-nhap-dvc' },
  { code: 'DVC-003', tags: ['dvc', 'dang-nhap'], difficulty: 2, type: 'single', text: 'Phần lớn thủ tục trực tuyến cần tài khoản VNeID mức nào?', options: opt('Mức 1', 'Mức 2', 'Không cần tài khoản', 'Tài khoản ngân hàng'), answer: { optionIds: ['b'] }, reference: 'Hướng dẫn "Đăng nhập Cổng Dịch vụ công"', guideSlug: 'dang-nhap-dvc' },
  { code: 'DVC-004', tags: ['dvc', 'an-toan'], difficulty: 1, type: 'multiple', text: 'Những việc nào giúp tránh lừa đảo khi dùng dịch vụ công? (chọn mọi đáp án đúng)', options: opt('Kiểm tra địa chỉ kết thúc bằng .gov.vn', 'Không đưa mã OTP cho người khác', 'Bấm vào đường link lạ gửi qua tin nhắn', 'Cho người lạ mượn tài khoản VNeID'), answer: { optionIds: ['a', 'b'] }, reference: 'Hướng dẫn "An toàn thông tin"', guideSlug: 'an-toan-thong-tin' },
  { code: 'DVC-005', tags: ['dvc', 'an-toan'], difficulty: 1, type: 'true_false', text: 'Cán bộ nhà nước có thể gọi điện yêu cầu bạn đọc mã OTP.', options: TF, answer: { optionIds: ['b'] }, reference: 'Hướng dẫn "An toàn thông tin"', guideSlug: 'an-toan-thong-tin' },
  { code: 'DVC-006', tags: ['dvc', 'ho-tich'], difficulty: 2, type: 'single', text: 'Thủ tục liên thông cho trẻ dưới 6 tuổi gồm những việc nào?', options: opt('Khai sinh, thường trú, thẻ BHYT', 'Khai sinh và hộ chiếu', 'Chỉ khai sinh', 'Thường trú và căn cước'), answer: { optionIds: ['a'] }, reference: 'Hướng dẫn "Liên thông đăng ký khai sinh"', guideSlug: 'lien-thong-khai-sinh' },
  { code: 'DVC-007', tags: ['dvc', 'ho-tich'], difficulty: 1, type: 'true_false', text: 'Có thể đăng ký khai sinh trực tuyến.', options: TF, answer: { optionIds: ['a'] }, reference: 'Hướng dẫn "Đăng ký khai sinh"', guideSlug: 'khai-sinh' },
  { code: 'DVC-008', tags: ['dvc', 'kho-du-lieu'], difficulty: 2, type: 'single', text: 'Kho dữ liệu điện tử cá nhân giúp người dân điều gì?', options: opt('Dùng lại giấy tờ đã số hóa, không nộp lại', 'Nộp thuế thay người khác', 'Đổi mật khẩu VNeID', 'Không có tác dụng gì'), answer: { optionIds: ['a'] }, reference: 'Hướng dẫn "Kho dữ liệu điện tử cá nhân"', guideSlug: 'kho-du-lieu' },
  { code: 'DVC-009', tags: ['dvc', 'can-cuoc'], difficulty: 2, type: 'numeric', text: 'Số định danh cá nhân có bao nhiêu chữ số?', options: [], answer: { value: 12 }, reference: 'Hướng dẫn "Cấp, cấp đổi, cấp lại thẻ căn cước"', guideSlug: 'can-cuoc' },
  { code: 'DVC-010', tags: ['dvc', 'can-cuoc'], difficulty: 1, type: 'true_false', text: 'Có thể đề nghị cấp lại thẻ căn cước khi bị mất.', options: TF, answer: { optionIds: ['a'] }, reference: 'Hướng dẫn "Cấp, cấp đổi, cấp lại thẻ căn cước"', guideSlug: 'can-cuoc' },
];

const COURSES: Array<{ slug: string; title: string; summary: string; audience: string; sequential: boolean; lessons: Array<{ title: string; body: string; guide?: string; video?: string; task?: 'dossier'; questions: string[] }> }> = [
  {
    slug: 'hoc-sinh-dvc-cho-gia-dinh', audience: 'pupils', sequential: true,
    title: 'Học sinh hướng dẫn người thân dùng dịch vụ công trực tuyến',
    summary: 'Ba bài ngắn cho học sinh THCS, THPT: đăng nhập an toàn, thủ tục cho gia đình, rồi cùng bố mẹ nộp một hồ sơ thật.',
    lessons: [
      { title: 'Đăng nhập Cổng Dịch vụ công bằng VNeID', body: 'Cổng Dịch vụ công quốc gia cho phép nộp hồ sơ mọi lúc. Bài này dựa trên hướng dẫn chính thức bên dưới.', guide: 'dang-nhap-dvc', questions: ['DVC-001', 'DVC-002'] },
      { title: 'Giữ an toàn tài khoản', body: 'Kẻ gian thường giả danh cán bộ để xin mã OTP. Hãy đọc kỹ hướng dẫn.', guide: 'an-toan-thong-tin', questions: ['DVC-004', 'DVC-005'] },
      { title: 'Học xong – làm thật: cùng người thân nộp một hồ sơ', body: 'Cùng bố mẹ hoặc ông bà nộp một hồ sơ trực tuyến (ví dụ khai sinh cho em bé). Ghi lại mã hồ sơ được cấp.', guide: 'lien-thong-khai-sinh', task: 'dossier', questions: ['DVC-006'] },
    ],
  },
  {
    slug: 'can-bo-mot-cua-dvctt', audience: 'officials', sequential: true,
    title: 'Cán bộ một cửa: hướng dẫn người dân nộp trực tuyến',
    summary: 'Bồi dưỡng hằng năm cho cán bộ dùng hệ thống thông tin giải quyết TTHC.',
    lessons: [
      { title: 'Tài khoản VNeID mức 2 và đăng nhập', body: 'Những lỗi đăng nhập người dân hay gặp và cách xử lý.', guide: 'dang-nhap-dvc', questions: ['DVC-003', 'DVC-001'] },
      { title: 'Dùng lại giấy tờ trong Kho dữ liệu', body: 'Người dân không phải nộp lại giấy tờ đã số hóa.', guide: 'kho-du-lieu', questions: ['DVC-008'] },
    ],
  },
  {
    slug: 'to-cong-nghe-so-cong-dong', audience: 'community', sequential: false,
    title: 'Tổ công nghệ số cộng đồng: đi từng ngõ, gõ từng nhà',
    summary: 'Kiến thức tối thiểu để thành viên Tổ CNSCĐ hướng dẫn người dân.',
    lessons: [
      { title: 'Thẻ căn cước và số định danh', body: 'Số định danh cá nhân là chìa khóa của mọi dịch vụ công.', guide: 'can-cuoc', video: 'https://www.youtube.com/results?search_query=VNeID+h%C6%B0%E1%BB%9Bng+d%E1%BA%ABn', questions: ['DVC-009', 'DVC-010'] },
      { title: 'Phòng tránh lừa đảo', body: 'Nhắc người dân không đưa mã OTP cho ai.', guide: 'an-toan-thong-tin', questions: ['DVC-005'] },
    ],
  },
  {
    slug: 'nguoi-dan-lam-quen-dvc', audience: 'public', sequential: true,
    title: 'Làm quen dịch vụ công trực tuyến',
    summary: 'Cho mọi người dân: đăng nhập, khai sinh cho con, an toàn tài khoản.',
    lessons: [
      { title: 'Đăng nhập lần đầu', body: 'Đăng nhập bằng VNeID, không cần tạo tài khoản riêng.', guide: 'dang-nhap-dvc', questions: ['DVC-002'] },
      { title: 'Đăng ký khai sinh trực tuyến', body: 'Làm khai sinh cho con ngay tại nhà.', guide: 'khai-sinh', questions: ['DVC-007'] },
    ],
  },
];

export const DEMO_CONTEST_SLUG = 'tim-hieu-dvctt-2026';
/** A known demo roster code (printed in the module README); real codes are random and shown once. */
export const DEMO_ROSTER_CODE = 'HS-DEMO-2026';
export const DEMO_RULES: ContestRules = { round: 'week', attemptsPerRound: 2, scoring: 'best', pools: [{ tags: ['dvc'], count: 5 }], timeLimitSec: 600, prediction: true, identity: ['citizen', 'roster'] };

export async function seedLearning(deps: AppDeps, opts: SeedOptions, svc: LearningService): Promise<void> {
  if (!opts.demo) return;
  const existing = await sql<{ n: number }>`SELECT count(*)::int AS n FROM learn_courses`.execute(deps.db);
  if (existing.rows[0]!.n > 0) return;
  const content = deps.services.optional(ContentToken);
  for (const q of DEMO_QUESTIONS) await svc.createQuestion(SYSTEM_ACTOR, q);
  const stamps = new Map<string, Date | null>();
  const stampOf = async (slug: string) => {
    if (!stamps.has(slug)) {
      const g = await content?.getPublishedGuide(slug);
      stamps.set(slug, g ? new Date(g.updatedAt) : null);
    }
    return stamps.get(slug)!;
  };
  for (const c of COURSES) {
    const courseId = await repo.insertCourse(deps.db, { slug: c.slug, title: c.title, summary: c.summary, audience: c.audience, sequential: c.sequential, issuer: 'Trung tâm Phục vụ hành chính công tỉnh Hưng Yên' });
    let pos = 0;
    for (const l of c.lessons) {
      const lessonId = await repo.insertLesson(deps.db, {
        courseId, position: ++pos, title: l.title, body: l.body, imageUrl: null, videoUrl: l.video ?? null, guideSlug: l.guide ?? null,
        guideStamp: l.guide ? await stampOf(l.guide) : null, task: l.task ?? null, passRatio: 0.5,
      });
      let qp = 0;
      for (const code of l.questions) {
        const q = (await repo.questionByCode(deps.db, code))!;
        await repo.addLessonQuestion(deps.db, lessonId, ++qp, { q: q.id, v: q.currentVersion });
      }
    }
  }
  // Units and cohorts (denominators), and one school roster with a known demo code.
  const year = new Date().getUTCFullYear();
  const school = await repo.upsertUnit(deps.db, { code: 'THPT-HY-01', name: 'Trường THPT Hưng Yên (minh họa)', kind: 'school' });
  const commune = await repo.upsertUnit(deps.db, { code: 'XA-HY-01', name: 'Phường Hiến Nam (minh họa)', kind: 'commune' });
  await repo.upsertUnit(deps.db, { code: 'CQ-TTPVHCC', name: 'Trung tâm Phục vụ hành chính công', kind: 'agency' });
  const cohort = await repo.upsertCohort(deps.db, { unitId: school, name: 'Khối 10', audience: 'pupils', year, size: 420 });
  await repo.upsertCohort(deps.db, { unitId: commune, name: 'Tổ công nghệ số cộng đồng', audience: 'community', year, size: 35 });
  await repo.insertRoster(deps.db, { cohortId: cohort, displayName: 'Học sinh minh họa', codeHash: sha256(DEMO_ROSTER_CODE.replace(/-/g, '')) });
  const day = 86_400_000;
  await svc.createContest(SYSTEM_ACTOR, {
    slug: DEMO_CONTEST_SLUG, title: 'Cuộc thi tìm hiểu về dịch vụ công trực tuyến năm 2026', audience: 'pupils',
    summary: '5 câu hỏi ngẫu nhiên và 1 câu dự đoán số người tham gia; tối đa 2 lượt mỗi tuần, tính lượt cao nhất; 10 phút mỗi lượt.',
    opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + 60 * day), rules: DEMO_RULES, issuer: 'Sở Giáo dục và Đào tạo tỉnh Hưng Yên (minh họa)',
  });
  opts.log(`learning: ${COURSES.length} courses, ${DEMO_QUESTIONS.length} questions, 1 open contest`);
}

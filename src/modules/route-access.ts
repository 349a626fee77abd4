import type { RouteAccess } from '../platform/auth/route-access.ts';

/**
 * Route-level access policy for every staff route ("METHOD /url" as registered). A route may instead declare
 * `config: { access }` itself. A /quan-tri route missing from both is open to any signed-in staff member, and
 * the authorization-matrix test (src/platform/auth/authz-matrix.test.ts) fails until it is listed here, so a
 * new staff route is always decided on. Services keep their own, finer checks (the item's organisation,
 * four-eyes); this gate makes sure the handler never runs, nor validates input, for someone without the
 * permission.
 */
const FB_VIEW = ['feedback.handle', 'feedback.moderate'];
const PLANS_REPORTS = ['plans.view', 'plans.report'];

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  // accounts
  'GET /quan-tri': 'staff',
  'POST /quan-tri/thong-bao/:id/da-doc': 'staff',
  'GET /quan-tri/tai-khoan': 'accounts.manage',
  'POST /quan-tri/tai-khoan': 'accounts.manage',
  'POST /quan-tri/tai-khoan/:id/bo-vai-tro': 'accounts.manage',
  'POST /quan-tri/tai-khoan/:id/trang-thai': 'accounts.manage',
  'GET /quan-tri/khoa-api': 'accounts.tokens',
  'POST /quan-tri/khoa-api': 'accounts.tokens',
  'POST /quan-tri/khoa-api/:id/thu-hoi': 'accounts.tokens',
  'GET /quan-tri/nhat-ky': 'audit.view',

  // operations: a consistent dump of the running PGlite database (admin)
  'POST /quan-tri/sao-luu': 'system.backup',
  // feedback
  'GET /quan-tri/phan-anh': FB_VIEW,
  'GET /quan-tri/phan-anh/nhap': 'feedback.intake',
  'POST /quan-tri/phan-anh/nhap': 'feedback.intake',
  'GET /quan-tri/phan-anh/lich': 'feedback.calendar',
  'POST /quan-tri/phan-anh/lich': 'feedback.calendar',
  'POST /quan-tri/phan-anh/lich/xoa': 'feedback.calendar',
  'GET /quan-tri/phan-anh/don-doc/:orgId.docx': 'feedback.chase',
  'GET /quan-tri/phan-anh/bien-nhan/:code': 'feedback.intake',
  'GET /quan-tri/phan-anh/:code': FB_VIEW,
  'POST /quan-tri/phan-anh/:code/giao': 'feedback.handle',
  'POST /quan-tri/phan-anh/:code/chuyen': 'feedback.route',
  'POST /quan-tri/phan-anh/:code/yeu-cau-bo-sung': 'feedback.handle',
  'POST /quan-tri/phan-anh/:code/tiep-tuc': 'feedback.handle',
  'POST /quan-tri/phan-anh/:code/tu-choi': 'feedback.approve',
  'POST /quan-tri/phan-anh/:code/du-thao': 'feedback.handle',
  'POST /quan-tri/phan-anh/:code/tra-lai': 'feedback.approve',
  'POST /quan-tri/phan-anh/:code/duyet': 'feedback.approve',
  'POST /quan-tri/phan-anh/:code/kiem-duyet': 'feedback.moderate',
  'POST /quan-tri/phan-anh/:code/phoi-hop': 'feedback.handle',

  // content
  'GET /quan-tri/noi-dung': 'content.view',
  'GET /quan-tri/noi-dung/huong-dan/moi': 'content.edit',
  'POST /quan-tri/noi-dung/huong-dan/moi': 'content.edit',
  'GET /quan-tri/noi-dung/huong-dan/:id': 'content.view',
  'GET /quan-tri/noi-dung/huong-dan/:id/sua': 'content.edit',
  'POST /quan-tri/noi-dung/huong-dan/:id/sua': 'content.edit',
  'POST /quan-tri/noi-dung/huong-dan/:id/gui-duyet': 'content.edit',
  'POST /quan-tri/noi-dung/huong-dan/:id/tra-lai': 'content.review',
  'POST /quan-tri/noi-dung/huong-dan/:id/go-xuong': 'content.review',
  'POST /quan-tri/noi-dung/huong-dan/:id/luu-tru': 'content.review',
  'POST /quan-tri/noi-dung/huong-dan/:id/duyet': 'content.review',
  'GET /quan-tri/noi-dung/huong-dan/:id/so-sanh': 'content.view',
  'GET /quan-tri/noi-dung/ma-qr': 'content.stats',
  'GET /quan-tri/noi-dung/thu-vien': 'content.view',
  'GET /quan-tri/noi-dung/thu-vien/moi': 'content.edit',
  'POST /quan-tri/noi-dung/thu-vien/moi': 'content.edit',
  'GET /quan-tri/noi-dung/thu-vien/:id': 'content.view',
  'GET /quan-tri/noi-dung/thu-vien/:id/lich-su': 'content.view',
  'GET /quan-tri/noi-dung/thu-vien/:id/so-sanh': 'content.view',
  'GET /quan-tri/noi-dung/thu-vien/:id/sua': 'content.edit',
  'POST /quan-tri/noi-dung/thu-vien/:id/sua': 'content.edit',
  'POST /quan-tri/noi-dung/thu-vien/:id/gui-duyet': 'content.edit',
  'POST /quan-tri/noi-dung/thu-vien/:id/duyet': 'content.review',
  'POST /quan-tri/noi-dung/thu-vien/:id/tra-lai': 'content.review',
  'POST /quan-tri/noi-dung/thu-vien/:id/luu-tru': 'content.review',

  // datastore (Kho dữ liệu điện tử): the service also checks that the share is live and names the officer's agency
  'GET /quan-tri/kho': 'datastore.access',
  'GET /quan-tri/kho/chia-se/:id': 'datastore.access',
  'POST /quan-tri/kho/tai-lieu/:id/mo': 'datastore.access',
  'GET /quan-tri/kho/giao': 'datastore.deliver',
  'POST /quan-tri/kho/giao': 'datastore.deliver',

  // surveys
  'GET /quan-tri/khao-sat': 'surveys.view',
  'POST /quan-tri/khao-sat': 'surveys.manage',
  'GET /quan-tri/khao-sat/:id': 'surveys.view',
  'GET /quan-tri/khao-sat/bo-cau-hoi/:instrumentId': 'surveys.manage',
  'POST /quan-tri/khao-sat/bo-cau-hoi/:instrumentId': 'surveys.manage',
  'POST /quan-tri/khao-sat/:id/khung-mau': 'surveys.manage',
  'POST /quan-tri/khao-sat/:id/chon-mau': 'surveys.manage',
  'POST /quan-tri/khao-sat/:id/trang-thai': 'surveys.manage',
  'POST /quan-tri/khao-sat/:id/cong-bo': 'surveys.manage',
  'GET /quan-tri/khao-sat/:id/duong-dan.csv': 'surveys.manage',
  'GET /quan-tri/khao-sat/:id/phong-van': 'surveys.interview',
  'POST /quan-tri/khao-sat/:id/phong-van': 'surveys.interview',

  // assistant
  'GET /quan-tri/tro-ly': 'assistant.review',
  'POST /quan-tri/tro-ly/nhom/:sig/ban-nhap': 'assistant.review',
  'POST /quan-tri/tro-ly/nhom/:sig/bo-qua': 'assistant.review',
  'GET /quan-tri/tro-ly/tu-dien': 'assistant.review',
  'POST /quan-tri/tro-ly/tu-dien': 'assistant.lexicon',
  'GET /quan-tri/tro-ly/tu-dien/:id': 'assistant.review',
  'POST /quan-tri/tro-ly/tu-dien/:id': 'assistant.lexicon',
  'POST /quan-tri/tro-ly/tu-dien/:id/xoa': 'assistant.lexicon',

  // catalogue
  'GET /quan-tri/dich-vu': 'catalogue.manage',
  'GET /quan-tri/dich-vu/:code': 'catalogue.manage',
  'POST /quan-tri/dich-vu/:code': 'catalogue.manage',

  // organisations
  'GET /quan-tri/co-quan': 'staff',
  'GET /quan-tri/co-quan/moi': 'organisations.manage',
  'POST /quan-tri/co-quan/moi': 'organisations.manage',
  'GET /quan-tri/co-quan/:id': 'staff',
  'POST /quan-tri/co-quan/:id/doi-ten': 'organisations.manage',
  'POST /quan-tri/co-quan/:id/ket-thuc': 'organisations.manage',
  'POST /quan-tri/co-quan/:id/sap-nhap': 'organisations.manage',

  // events (dead letters)
  'GET /quan-tri/su-kien': 'events.deadLetters',
  'POST /quan-tri/su-kien/gui-lai': 'events.deadLetters',

  // plans and KPIs
  'GET /quan-tri/ke-hoach': 'plans.view',
  'GET /quan-tri/ke-hoach/:id': 'plans.view',
  'POST /quan-tri/ke-hoach/:id/mo-ky': 'plans.manage',
  'GET /quan-tri/ke-hoach/nhiem-vu/:id': 'plans.view',
  'POST /quan-tri/ke-hoach/nhiem-vu/:id': 'plans.manage',
  'GET /quan-tri/ke-hoach/ky/:id': 'plans.view',
  'POST /quan-tri/ke-hoach/ky/:id/han': 'plans.manage',
  'GET /quan-tri/ke-hoach/ky/:id/bao-cao-tinh': 'plans.review',
  'POST /quan-tri/ke-hoach/ky/:id/bao-cao-tinh': 'plans.manage',
  'GET /quan-tri/ke-hoach/ky/:id/bao-cao-tinh.docx': 'plans.review',
  'GET /quan-tri/ke-hoach/ky/:id/bao-cao-tinh.xlsx': 'plans.review',
  'GET /quan-tri/bao-cao-ke-hoach': PLANS_REPORTS,
  'GET /quan-tri/bao-cao-ke-hoach/:id': PLANS_REPORTS,
  'POST /quan-tri/bao-cao-ke-hoach/:id': 'plans.report',
  'GET /quan-tri/bao-cao-ke-hoach/:id/minh-chung/:n': PLANS_REPORTS,
  'POST /quan-tri/bao-cao-ke-hoach/:id/duyet': 'plans.review',
  'GET /quan-tri/chi-so': 'plans.view',
  'GET /quan-tri/chi-so/xuat.csv': 'plans.view',
  'GET /quan-tri/chi-so/xuat.xlsx': 'plans.view',
  'GET /quan-tri/chi-so/nhap': 'kpis.manage',
  'POST /quan-tri/chi-so/nhap': 'kpis.manage',
  'POST /quan-tri/chi-so/nhap/:id': 'kpis.manage',
  'GET /quan-tri/chi-so/:id': 'plans.view',
  'POST /quan-tri/chi-so/:id': 'kpis.manage',

  // learning
  'GET /quan-tri/hoc-tap': 'learning.view',
  'POST /quan-tri/hoc-tap/da-ra-soat': 'learning.manage',
  'POST /quan-tri/hoc-tap/nhap-doi-tuong': 'learning.coverage',
  'POST /quan-tri/hoc-tap/nhap-hoan-thanh': 'learning.coverage',
  'POST /quan-tri/hoc-tap/chung-nhan/:code/thu-hoi': 'learning.manage',
  'GET /quan-tri/hoc-tap/cuoc-thi/:slug/ket-qua.docx': 'learning.view',
};

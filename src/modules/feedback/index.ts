import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { ModuleManifest } from '../../platform/modules.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { createFeedbackService, type FeedbackService } from './feedback.service.ts';
import { feedbackRoutes } from './feedback.routes.ts';
import { chase } from './feedback.chase.ts';
import * as metrics from './feedback.metrics.ts';
import type { CalendarDay } from './feedback.calendar.ts';
import type { HomeService } from '../home/index.ts';
import type { SearchProvider } from '../content/index.ts';
import { HomeFeedbackSection } from './feedback.views.tsx';

export type { FeedbackApi, FeedbackService } from './feedback.service.ts';

const HOLIDAYS: CalendarDay[] = JSON.parse(readFileSync(new URL('./data/holidays.json', import.meta.url), 'utf8'));

export const feedbackModule: ModuleManifest = {
  name: 'feedback',
  permissions: [
    // Enter an item on a citizen's behalf (1022 call, one-stop desk, post office, field visit).
    { name: 'feedback.intake', roles: ['admin', 'coordinator', 'agency_head', 'agency_officer', 'collaborator'], scope: 'province', tokenScope: 'feedback:write' },
    // Read private data, assign, request information, draft answers: the responsible (or coordinating) agency.
    { name: 'feedback.handle', roles: ['admin', 'coordinator', 'agency_head', 'agency_officer'], scope: 'org' },
    { name: 'feedback.approve', roles: ['admin', 'coordinator', 'agency_head'], scope: 'org' },
    { name: 'feedback.route', roles: ['admin', 'coordinator', 'agency_head'], scope: 'org' },
    { name: 'feedback.moderate', roles: ['admin', 'coordinator', 'editor'], scope: 'org' },
    { name: 'feedback.chase', roles: ['admin', 'coordinator'], scope: 'province' },
    { name: 'feedback.calendar', roles: ['admin'], scope: 'province' },
  ],
  staffNav: [{ href: '/quan-tri/phan-anh', labelKey: 'feedback.nav', order: 30 }],
  services: (deps) => {
    const svc = createFeedbackService(deps);
    deps.services.provide<FeedbackService>('feedback', svc);
    if (deps.services.has('home')) {
      deps.services.get<HomeService>('home').addSection(async (ctx) => ({ order: 40, safeHtml: String(HomeFeedbackSection({ ctx })) }));
    }
    // Published answers are part of the site search (/tim-kiem), under their own heading.
    if (deps.services.has('content')) {
      deps.services.get<{ addSearchProvider(p: SearchProvider): void }>('content').addSearchProvider(async (q) => {
        const { rows } = await svc.publicAnswers(q, 1);
        return rows.slice(0, 5).map((r, i) => ({ kind: 'answer' as const, url: `/phan-anh/${r.code}`, title: r.titlePublic, summary: r.bodyPublic.slice(0, 200), score: 1 - i / 10 }));
      });
    }
  },
  routes: feedbackRoutes,
  stats: {
    'feedback.ackRate': (deps, q) => metrics.ackRate(deps.db, q),
    'feedback.onTimeRate': (deps, q) => metrics.onTimeRate(deps.db, q),
    'feedback.paknSatisfaction': (deps, q) => metrics.paknSatisfaction(deps.db, q),
    'feedback.satisfactionRate': (deps, q) => metrics.satisfactionRate(deps.db, q),
    'feedback.satisfactionLandConstrInvest': (deps, q) => metrics.satisfactionRate(deps.db, { ...q, ldiOnly: true }),
  },
  seed: async (deps, opts) => {
    // Reference data: the holiday calendar 2024–2030 (admins' edits are kept: source 'admin' rows are not touched).
    let n = 0;
    for (const h of HOLIDAYS) {
      const res = await sql`INSERT INTO fb_calendar (day, kind, name, source) VALUES (${h.day}::date, ${h.kind}, ${h.name}, 'seed') ON CONFLICT (day) DO NOTHING`.execute(deps.db);
      n += Number(res.numAffectedRows ?? 0);
    }
    if (n) opts.log(`feedback: ${n} calendar days`);
    if (!opts.demo) return;
    const existing = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fb_items`.execute(deps.db);
    if (existing.rows[0]!.n > 0) return;
    const svc = deps.services.get<FeedbackService>('feedback');
    const demo = [
      { kind: 'hoi-dap', title: 'Cấp lại căn cước khi bị mất cần giấy tờ gì?', body: 'Tôi bị mất thẻ căn cước, xin hỏi thủ tục cấp lại cần những giấy tờ gì và nộp ở đâu?' },
      { kind: 'phan-anh', title: 'Cổng dịch vụ công báo lỗi khi thanh toán', body: 'Khi thanh toán lệ phí trên cổng dịch vụ công, hệ thống báo lỗi và không trả biên lai.' },
      { kind: 'khen-ngoi', title: 'Cán bộ một cửa nhiệt tình', body: 'Cán bộ bộ phận một cửa hướng dẫn rất nhiệt tình, chu đáo. Xin cảm ơn.' },
    ];
    for (const d of demo) await svc.submit(SYSTEM_ACTOR, { ...d, channel: 'web' });
    opts.log(`feedback: ${demo.length} demo items (${todayInVietnam()})`);
  },
  jobs: async (deps) => {
    const svc = deps.services.get<FeedbackService>('feedback');
    deps.jobs.define('feedback.chase', async () => {
      await chase(deps, svc);
    });
    deps.jobs.schedule('feedback.chase', '0 7 * * *');
    deps.jobs.define('feedback.ledger', async () => {
      await metrics.sealLedger(deps.db, todayInVietnam());
    });
    deps.jobs.schedule('feedback.ledger', '10 0 * * *');
  },
};

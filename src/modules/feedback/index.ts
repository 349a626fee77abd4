import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { AppDeps, ModuleManifest, StatValue } from '../../platform/modules.ts';
import { SECTORS } from './feedback.sectors.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { defineHandler } from '../../platform/events/events.ts';
import { createFeedbackService, FeedbackServiceToken } from './feedback.service.ts';
import { feedbackRoutes } from './feedback.routes.ts';
import { chase } from './feedback.chase.ts';
import * as metrics from './feedback.metrics.ts';
import type { CalendarDay } from './feedback.calendar.ts';
import { HomeFeedbackSection } from './feedback.public.views.tsx';
import { ContentToken } from '../content/api.ts';
import { HomeToken } from '../home/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';
import { AccountsToken } from '../accounts/api.ts';

export * from './api.ts';

const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 100 : null);
const sample = (value: number | null, n: number): StatValue => ({ value, n, minSample: metrics.MIN_SAMPLE });

const HOLIDAYS: CalendarDay[] = JSON.parse(readFileSync(new URL('./data/holidays.json', import.meta.url), 'utf8'));

export const feedbackModule: ModuleManifest = {
  name: 'feedback',
  provides: [FeedbackServiceToken],
  requires: [OrganisationsToken, AccountsToken],
  permissions: [
    // Enter an item on a citizen's behalf (1022 call, one-stop desk, post office, field visit).
    { name: 'feedback.intake', roles: ['admin', 'coordinator', 'agency_head', 'agency_officer', 'collaborator'], scope: 'province', tokenScope: 'feedback:write' },
    // Assign, request information, draft answers: the responsible (or coordinating) agency and the provincial
    // Centre (coordinator). Not the system administrator: admin administers the system, not cases.
    { name: 'feedback.handle', roles: ['coordinator', 'agency_head', 'agency_officer'], scope: 'org' },
    // Read a citizen's private data (contact details, original text, transcript, internal timeline): only the
    // responsible agency, coordinating agencies and the Centre (Law 91/2025/QH15). Never admin, editor, viewer.
    { name: 'feedback.private', roles: ['coordinator', 'agency_head', 'agency_officer'], scope: 'org' },
    { name: 'feedback.approve', roles: ['coordinator', 'agency_head'], scope: 'org' },
    { name: 'feedback.route', roles: ['admin', 'coordinator', 'agency_head'], scope: 'org' },
    { name: 'feedback.moderate', roles: ['admin', 'coordinator', 'editor'], scope: 'org' },
    { name: 'feedback.chase', roles: ['admin', 'coordinator'], scope: 'province' },
    { name: 'feedback.calendar', roles: ['admin'], scope: 'province' },
  ],
  staffNav: [{ href: '/quan-tri/phan-anh', labelKey: 'feedback.nav', order: 30 }],
  services: (deps) => {
    const svc = createFeedbackService(deps);
    deps.services.provide(FeedbackServiceToken, svc);
    if (deps.services.has(HomeToken)) {
      deps.services.get(HomeToken).addSection(async (ctx) => ({ order: 40, safeHtml: String(HomeFeedbackSection({ ctx })) }));
    }
    // Published answers are part of the site search (/tim-kiem), under their own heading.
    if (deps.services.has(ContentToken)) {
      deps.services.get(ContentToken).addSearchProvider(async (q) => {
        const { rows } = await svc.publicAnswers(q, 1);
        return rows.slice(0, 5).map((r, i) => ({ kind: 'answer' as const, url: `/phan-anh/${r.code}`, title: r.titlePublic, summary: r.bodyPublic.slice(0, 200), score: 1 - i / 10 }));
      });
    }
  },
  routes: feedbackRoutes,
  eventHandlers: (deps) => [
    defineHandler({
      name: 'feedback.answerMail',
      events: ['feedback.item.answered'],
      handle: (e, tx) => deps.services.get(FeedbackServiceToken).mailAnswer(tx, e.payload),
    }),
  ],
  stats: {
    // Every figure is for the period asked (from/to, receipt or rating day) and carries its sample size.
    'feedback.ackRate': async (deps, q) => {
      const t = await metrics.itemTotals(deps.db, q);
      return sample(t.received > 0 ? pct(t.acknowledged, t.received) : null, t.received);
    },
    'feedback.onTimeRate': async (deps, q) => {
      const t = await metrics.itemTotals(deps.db, q);
      return sample(pct(t.onTime, t.answered), t.answered);
    },
    'feedback.paknSatisfaction': async (deps, q) => {
      const b = await metrics.paknBreakdown(deps.db, q);
      return sample(b.rate, b.handled);
    },
    'feedback.satisfactionRate': async (deps, q) => {
      const t = await metrics.ratingTotals(deps.db, q);
      return sample(pct(t.satisfied, t.n), t.n);
    },
    'feedback.satisfactionLandConstrInvest': async (deps, q) => {
      const t = await metrics.ratingTotals(deps.db, { ...q, ldiOnly: true });
      return sample(pct(t.satisfied, t.n), t.n);
    },
    ...Object.fromEntries(
      SECTORS.map((s) => [
        `feedback.satisfaction.${s}`,
        async (deps: AppDeps, q: metrics.Period) => {
          const f = (await metrics.ratingsBySector(deps.db, q)).find((x) => x.sector === s)!;
          return sample(f.rate, f.n);
        },
      ]),
    ),
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
    const svc = deps.services.get(FeedbackServiceToken);
    const demo = [
      { kind: 'hoi-dap', title: 'Cấp lại căn cước khi bị mất cần giấy tờ gì?', body: 'Tôi bị mất thẻ căn cước, xin hỏi thủ tục cấp lại cần những giấy tờ gì và nộp ở đâu?' },
      { kind: 'phan-anh', title: 'Cổng dịch vụ công báo lỗi khi thanh toán', body: 'Khi thanh toán lệ phí trên cổng dịch vụ công, hệ thống báo lỗi và không trả biên lai.' },
      { kind: 'khen-ngoi', title: 'Cán bộ một cửa nhiệt tình', body: 'Cán bộ bộ phận một cửa hướng dẫn rất nhiệt tình, chu đáo. Xin cảm ơn.' },
    ];
    for (const d of demo) await svc.submit(SYSTEM_ACTOR, { ...d, channel: 'web' });
    opts.log(`feedback: ${demo.length} demo items (${todayInVietnam()})`);
  },
  jobs: async (deps) => {
    const svc = deps.services.get(FeedbackServiceToken);
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

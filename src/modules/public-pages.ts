import type { PublicPagePolicy } from '../platform/http/page-cache.ts';
import type { EventType } from '../platform/events/events.ts';

/**
 * Public pages (ADR 0012): for an anonymous visitor these answer `Cache-Control: public` with an ETag, are
 * kept by the app's render cache and may be kept by nginx or a CDN in front. A page listed here that renders
 * a form for the visitor (it reads the CSRF token) stays private by itself, so listing is safe; a page with a
 * person's data, a one-time link or an expensive query per visitor (search) is not listed.
 * Keys are "GET /url" as registered. Policy fields default to PAGE_CACHE_SECONDS (max-age, s-maxage) and
 * 300 s stale-while-revalidate.
 */
export const PUBLIC_PAGES: Record<string, PublicPagePolicy> = {
  'GET /': {},
  // content
  'GET /huong-dan': {},
  'GET /huong-dan/:slug': {},
  'GET /thu-vien': {},
  'GET /thu-vien/:id': {},
  // catalogue
  'GET /dich-vu': {},
  'GET /dich-vu/:code': {},
  // feedback: answered questions, statistics, the public ledger
  'GET /hoi-dap': {},
  'GET /phan-anh/so-lieu': {},
  'GET /phan-anh/so-cai': {},
  // plans: KPIs
  'GET /chi-tieu': {},
};

/**
 * Events after which every node drops its rendered public pages at once (LISTEN/NOTIFY on PostgreSQL). Changes
 * that emit no event (statistics as feedback arrives, a catalogue import, computed KPI figures) show within
 * PAGE_CACHE_SECONDS.
 */
export const PUBLIC_PAGE_EVENTS: EventType[] = [
  'content.guide.published',
  'content.guide.unpublished',
  'content.guide.archived',
  'content.guide.edited',
  'feedback.item.answered',
  'feedback.item.moderated',
  'plans.kpi.changed',
];

import type { Translate, Locale } from '../i18n/i18n.ts';
import type { Actor } from '../auth/permissions.ts';
import type { SiteInfo } from '../config/identity.ts';

export interface NavItem {
  href: string;
  label: string;
}

/** Everything a page template needs about the current request; built once per request. */
export interface PageContext {
  t: Translate;
  locale: Locale;
  path: string;
  csrfToken: string;
  actor: Actor;
  user?: { id: string; name: string; email: string };
  staffNav: NavItem[];
  demo: boolean;
  /** The province's identity in this language (header, footer, hotline links). */
  site: SiteInfo;
  /** One-off message after a redirect (e.g. "Đã lưu"). */
  flash?: string;
}

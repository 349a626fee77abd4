import type { Children } from '@kitajs/html';
import type { PageContext } from '../http/context.ts';

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  /** Prefix the title with "Lỗi:" when the page shows validation errors (GOV.UK pattern). */
  hasErrors?: boolean;
  staff?: boolean;
  description?: string;
  /** Extra elements for <head> (canonical link, feeds). Must be trusted markup. */
  head?: string;
  children?: Children;
}

/**
 * The one page shell: skip link, header with the province's name, main landmark, footer. Works without
 * JavaScript; /static/js/app.js only enhances (it is loaded with defer and no inline script, for the CSP).
 */
export function Layout({ ctx, title, hasErrors, staff, description, head, children }: LayoutProps): JSX.Element {
  const { t } = ctx;
  // Trusted markup built by the calling view (canonical links, feeds), never user input.
  const safeHead = head ?? '';
  const fullTitle = `${hasErrors ? `${t('form.errorPrefix')}: ` : ''}${title} – ${t('site.name')}`;
  const otherLocale = ctx.locale === 'vi' ? 'en' : 'vi';
  return (
    <>
      {'<!doctype html>'}
      <html lang={ctx.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{fullTitle}</title>
          {description ? <meta name="description" content={description} /> : ''}
          <link rel="preload" href="/static/fonts/be-vietnam-pro-latin-400.woff2" as="font" type="font/woff2" crossorigin="anonymous" />
          <link rel="stylesheet" href="/static/css/app.css" />
          <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
          {safeHead}
          <script src="/static/js/app.js" defer></script>
        </head>
        <body class={staff ? 'staff' : 'public'}>
          <a href="#main" class="skip-link" safe>
            {t('site.skipLink')}
          </a>
          <header class="site-header">
            <div class="container header-inner">
              <a href="/" class="brand">
                <span class="brand-province" safe>
                  {t('site.province')}
                </span>
                <span class="brand-name" safe>
                  {t('site.name')}
                </span>
              </a>
              <nav aria-label={t('site.menu')} class="header-nav">
                <ul>
                  <li>
                    <a href={`?lang=${otherLocale}`} lang={otherLocale} hreflang={otherLocale} safe>
                      {t('site.language')}
                    </a>
                  </li>
                  {ctx.user ? (
                    <>
                      <li>
                        <a href="/quan-tri" safe>
                          {t('site.staffArea')}
                        </a>
                      </li>
                      <li>
                        <form method="post" action="/dang-xuat" class="inline-form">
                          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                          <button type="submit" class="link-button" safe>
                            {t('site.signOut')}
                          </button>
                        </form>
                      </li>
                    </>
                  ) : (
                    <li>
                      <a href="/dang-nhap" safe>
                        {t('site.staff')}
                      </a>
                    </li>
                  )}
                </ul>
              </nav>
            </div>
            {staff && ctx.staffNav.length > 0 ? (
              <nav aria-label={t('site.staffArea')} class="staff-nav">
                <ul class="container">
                  {ctx.staffNav.map((item) => (
                    <li>
                      <a href={item.href} aria-current={ctx.path.startsWith(item.href) ? 'page' : undefined} safe>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : (
              ''
            )}
            {/* Inside the header landmark: axe's "region" rule wants no content outside landmarks. */}
            {ctx.demo ? (
              <div class="demo-banner" safe>
                {t('site.demoNotice')}
              </div>
            ) : (
              ''
            )}
          </header>
          <main id="main" class="container" tabindex="-1">
            {ctx.flash ? (
              <div class="notice notice-success" role="status" safe>
                {ctx.flash}
              </div>
            ) : (
              ''
            )}
            {children}
          </main>
          <footer class="site-footer">
            <div class="container">
              <p safe>{t('site.footer')}</p>
              {ctx.user ? (
                <p class="muted" safe>
                  {t('site.signedInAs', { name: ctx.user.name })}
                </p>
              ) : (
                ''
              )}
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}

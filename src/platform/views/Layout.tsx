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
  const { t, site } = ctx;
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
                <img class="brand-emblem" src={site.emblem} alt="" width="40" height="40" />
                <span class="brand-text">
                  <span class="brand-province" safe>
                    {site.authority}
                  </span>
                  <span class="brand-name" safe>
                    {site.siteName}
                  </span>
                </span>
              </a>
              <nav aria-label={t('site.menu')} class="header-nav">
                <ul>
                  <li class="header-hotline">
                    <a href={`tel:${site.hotlineTel}`} safe>
                      {t('site.hotline')}
                    </a>
                  </li>
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
                    <>
                      {/* Citizens sign in through the national SSO (identity module); staff with a password. */}
                      <li>
                        {ctx.actor.kind === 'citizen' ? (
                          <a href="/tai-khoan" safe>
                            {t('site.citizenAccount')}
                          </a>
                        ) : (
                          <a href="/dang-nhap/cong-dan" safe>
                            {t('site.citizenSignIn')}
                          </a>
                        )}
                      </li>
                      <li>
                        <a href="/dang-nhap" safe>
                          {t('site.staff')}
                        </a>
                      </li>
                    </>
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
            {/* Inside the banner landmark, so no content sits outside a landmark. */}
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
              <p class="footer-org">
                <strong safe>{site.authority}</strong>
                <br />
                <span safe>{site.centre}</span>
              </p>
              <address>
                <span safe>{t('site.address', { address: site.address })}</span>
                <br />
                <span safe>{t('site.hotlineLabel')}</span>{' '}
                <a href={`tel:${site.hotlineTel}`} safe>
                  {site.hotline}
                </a>
                {' · '}
                <span safe>{t('site.emailLabel')}</span>{' '}
                <a href={`mailto:${site.email}`} safe>
                  {site.email}
                </a>
              </address>
              <nav aria-label={t('site.footerNav')}>
                <ul class="footer-links">
                  <li>
                    <a href="/huong-dan" safe>{t('site.links.guides')}</a>
                  </li>
                  <li>
                    <a href="/dich-vu" safe>{t('site.links.services')}</a>
                  </li>
                  <li>
                    <a href="/hoi-dap" safe>{t('site.links.answers')}</a>
                  </li>
                  <li>
                    <a href="/danh-gia" safe>{t('site.links.rating')}</a>
                  </li>
                  <li>
                    <a href="/chi-tieu" safe>{t('site.links.kpis')}</a>
                  </li>
                </ul>
              </nav>
              <p class="muted" safe>
                {site.licence} {t('site.responsible', { responsible: site.responsible })}
              </p>
              <p class="muted" safe>{t('site.footer')}</p>
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

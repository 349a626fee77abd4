import { escapeHtml } from '@kitajs/html';
import type { PageContext } from '../../platform/http/context.ts';
import type { Translate } from '../../platform/i18n/i18n.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, CsrfField, ErrorSummary, Radios, TextInput } from '../../platform/views/components.tsx';
import { DEV_OIDC_PATH } from './paths.ts';

export interface DevLoginValues {
  so_dinh_danh: string;
  ho_ten: string;
  ngay_sinh: string;
  loa: string;
}

/** The development provider's sign-in form: a plain POST form, no JavaScript, fields named as the brief says. */
export function DevLoginPage({ ctx, uid, values, errors }: { ctx: PageContext; uid: string; values: DevLoginValues; errors?: Record<string, string> }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.dev.title')} hasErrors={Boolean(errors)}>
      <div class="container narrow">
        <ErrorSummary ctx={ctx} errors={errors} />
        <h1 safe>{t('identity.dev.title')}</h1>
        <p class="notice" safe>
          {t('identity.dev.warning')}
        </p>
        <form method="post" action={`${DEV_OIDC_PATH}/interaction/${encodeURIComponent(uid)}`} novalidate>
          <CsrfField ctx={ctx} />
          <TextInput ctx={ctx} name="so_dinh_danh" label={t('identity.dev.idLabel')} hint={t('identity.dev.idHint')} value={values.so_dinh_danh} error={errors?.so_dinh_danh} inputmode="numeric" width="medium" autocomplete="off" />
          <TextInput ctx={ctx} name="ho_ten" label={t('identity.dev.nameLabel')} value={values.ho_ten} error={errors?.ho_ten} autocomplete="name" />
          <TextInput ctx={ctx} name="ngay_sinh" label={t('identity.dev.dobLabel')} hint={t('identity.dev.dobHint')} value={values.ngay_sinh} error={errors?.ngay_sinh} optional width="short" />
          <Radios
            ctx={ctx}
            name="loa"
            label={t('identity.dev.levelLabel')}
            value={values.loa}
            error={errors?.loa}
            options={[
              { value: '1', label: t('identity.dev.level1') },
              { value: '2', label: t('identity.dev.level2') },
            ]}
          />
          <Button label={t('identity.dev.submit')} />
        </form>
      </div>
    </Layout>
  );
}

// oidc-provider renders these itself (outside Fastify): small self-contained pages, no script, no external CSS.
const page = (title: string, body: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/static/css/app.css"></head><body class="public"><main id="main" class="container narrow">${body}</main></body></html>`;

/** `form` is oidc-provider's own hidden form (xsrf token); the buttons submit it. */
export function devLogoutHtml(t: Translate, form: string): string {
  return page(
    t('identity.dev.logoutTitle'),
    `<h1>${escapeHtml(t('identity.dev.logoutTitle'))}</h1>${form}<button class="button" type="submit" form="op.logoutForm" value="yes" name="logout">${escapeHtml(t('identity.dev.logoutYes'))}</button> <button class="button button-secondary" type="submit" form="op.logoutForm">${escapeHtml(t('identity.dev.logoutNo'))}</button>`,
  );
}

export function devLogoutDoneHtml(t: Translate): string {
  return page(t('identity.dev.logoutDone'), `<h1>${escapeHtml(t('identity.dev.logoutDone'))}</h1><p><a href="/">${escapeHtml(t('identity.dev.home'))}</a></p>`);
}

export function devErrorHtml(t: Translate, out: Record<string, string>): string {
  const rows = Object.entries(out)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`)
    .join('');
  return page(t('identity.dev.errorTitle'), `<h1>${escapeHtml(t('identity.dev.errorTitle'))}</h1><dl class="summary-list">${rows}</dl><p><a href="/">${escapeHtml(t('identity.dev.home'))}</a></p>`);
}

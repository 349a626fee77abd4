import type { PageContext } from '../../platform/http/context.ts';
import { formatDate } from '../../platform/i18n/i18n.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, CsrfField, ErrorSummary, TextInput } from '../../platform/views/components.tsx';
import type { AccountOverview } from './identity.service.ts';
import { ACCOUNT_PATH, EXPORT_PATH, SIGN_OUT_PATH } from './paths.ts';

export function SignInPage({ ctx, startHref, devProvider }: { ctx: PageContext; startHref: string; devProvider: boolean }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.signIn.title')}>
      <div class="container narrow">
        <h1 safe>{t('identity.signIn.title')}</h1>
        <p safe>{t('identity.signIn.lead')}</p>
        <p safe>{t('identity.signIn.footprint')}</p>
        <p>
          <a class="button" href={startHref} safe>
            {t('identity.signIn.button')}
          </a>
        </p>
        {devProvider ? (
          <p class="hint" safe>
            {t('identity.signIn.devNote')}
          </p>
        ) : (
          ''
        )}
        <p>
          <a href="/dang-nhap" safe>
            {t('identity.signIn.staff')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function SignInProblemPage({ ctx, message }: { ctx: PageContext; message: string }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.problem.title')}>
      <div class="container narrow">
        <h1 safe>{t('identity.problem.title')}</h1>
        <p safe>{message}</p>
        <p>
          <a href="/dang-nhap/cong-dan" safe>
            {t('identity.problem.retry')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

/** "Failure to prove": the account is level 1 where level 2 is needed, and how to get level 2. */
export function LevelFailedPage({ ctx, retryHref }: { ctx: PageContext; retryHref: string }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.level.title')}>
      <div class="container narrow">
        <h1 safe>{t('identity.level.title')}</h1>
        <p safe>{t('identity.level.lead')}</p>
        <h2 safe>{t('identity.level.howTitle')}</h2>
        <ol>
          <li safe>{t('identity.level.step1')}</li>
          <li safe>{t('identity.level.step2')}</li>
          <li safe>{t('identity.level.step3')}</li>
        </ol>
        <p safe>{t('identity.level.meanwhile')}</p>
        <p>
          <a class="button" href={retryHref} safe>
            {t('identity.level.retry')}
          </a>{' '}
          <a href={ACCOUNT_PATH} safe>
            {t('identity.level.back')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function AccountPage({
  ctx,
  overview,
  level,
  claim,
  errors,
}: {
  ctx: PageContext;
  overview: AccountOverview;
  level: number;
  claim?: { code: string; key: string };
  errors?: Record<string, string>;
}): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.account.title')} hasErrors={Boolean(errors)}>
      <div class="container">
        <ErrorSummary ctx={ctx} errors={errors} />
        {ctx.flash ? (
          <p class="flash" role="status" safe>
            {ctx.flash}
          </p>
        ) : (
          ''
        )}
        <h1 safe>{t('identity.account.title')}</h1>
        <p class="account-name">
          <span safe>{t('identity.account.signedInAs')}</span> <strong safe>{overview.name}</strong>
        </p>
        <p class="hint" safe>
          {t('identity.account.level', { level })}
        </p>

        {overview.sections.map((sec) => (
          <section class="account-section">
            <h2>
              <a href={sec.href} safe>
                {t(sec.titleKey)}
              </a>
            </h2>
            <p safe>{t(sec.summaryKey, sec.params)}</p>
          </section>
        ))}

        <h2 safe>{t('identity.account.itemsTitle')}</h2>
        {overview.items.length ? (
          <ul class="account-items">
            {overview.items.map((i) => (
              <li>
                <a href={`/phan-anh/${encodeURIComponent(i.code)}`} safe>
                  {i.code}
                </a>{' '}
                <span safe>{`– ${i.title} (${formatDate(i.receivedDay)}, ${t(`identity.account.status.${i.answered ? 'answered' : 'open'}`)})`}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p safe>{t('identity.account.noItems')}</p>
        )}

        <h2 safe>{t('identity.account.ratingsTitle')}</h2>
        {overview.ratings.length ? (
          <ul class="account-ratings">
            {overview.ratings.map((r) => (
              <li safe>{t('identity.account.rating', { score: r.score, service: r.serviceCode ?? '–', date: formatDate(r.createdAt) })}</li>
            ))}
          </ul>
        ) : (
          <p safe>{t('identity.account.noRatings')}</p>
        )}

        <h2 safe>{t('identity.account.claimTitle')}</h2>
        <p safe>{t('identity.account.claimLead')}</p>
        <form method="post" action={`${ACCOUNT_PATH}/nhan-phan-anh`} novalidate>
          <CsrfField ctx={ctx} />
          <TextInput ctx={ctx} name="code" label={t('identity.account.claimCode')} hint={t('identity.account.claimCodeHint')} value={claim?.code} error={errors?.code} width="medium" />
          <TextInput ctx={ctx} name="key" label={t('identity.account.claimKey')} hint={t('identity.account.claimKeyHint')} value={claim?.key} error={errors?.key} width="medium" autocomplete="off" />
          <Button label={t('identity.account.claimSubmit')} secondary />
        </form>

        <h2 safe>{t('identity.account.dataTitle')}</h2>
        <p safe>{t('identity.account.dataLead')}</p>
        <ul>
          <li>
            <a href={EXPORT_PATH} download="du-lieu-ca-nhan.json" safe>
              {t('identity.account.export')}
            </a>
          </li>
          <li>
            <a href={`${ACCOUNT_PATH}/xoa`} safe>
              {t('identity.account.delete')}
            </a>
          </li>
        </ul>

        <form method="post" action={SIGN_OUT_PATH}>
          <CsrfField ctx={ctx} />
          <Button label={t('identity.account.signOut')} secondary />
        </form>
      </div>
    </Layout>
  );
}

export function DeletePage({ ctx, error }: { ctx: PageContext; error?: string }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.delete.title')} hasErrors={Boolean(error)}>
      <div class="container narrow">
        <ErrorSummary ctx={ctx} errors={error ? { xac_nhan: error } : undefined} />
        <h1 safe>{t('identity.delete.title')}</h1>
        <p safe>{t('identity.delete.lead')}</p>
        <ul>
          <li safe>{t('identity.delete.what1')}</li>
          <li safe>{t('identity.delete.what2')}</li>
          <li safe>{t('identity.delete.what3')}</li>
        </ul>
        <form method="post" action={`${ACCOUNT_PATH}/xoa`}>
          <CsrfField ctx={ctx} />
          <div class={`form-group${error ? ' has-error' : ''}`}>
            <div class="checkbox">
              <input type="checkbox" id="xac_nhan" name="xac_nhan" value="co" />
              <label for="xac_nhan" safe>
                {t('identity.delete.confirm')}
              </label>
            </div>
          </div>
          <Button label={t('identity.delete.submit')} warning />
        </form>
        <p>
          <a href={ACCOUNT_PATH} safe>
            {t('identity.delete.cancel')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, Checkbox, CsrfField, ErrorSummary, Pagination, Select, TextInput, type FieldErrors, type Option, TableRegion } from '../../platform/views/components.tsx';
import { formatDateTime } from '../../platform/i18n/i18n.ts';
import { grantableRoles } from '../../platform/auth/permissions.ts';

const hasErr = (e?: FieldErrors) => Boolean(e && Object.keys(e).length);

export function LoginPage({ ctx, email, errors, next }: { ctx: PageContext; email?: string; errors?: FieldErrors; next?: string }): JSX.Element {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('accounts.loginTitle')} hasErrors={hasErr(errors)}>
      <div class="narrow">
        <ErrorSummary ctx={ctx} errors={errors} />
        <h1 safe>{t('accounts.loginTitle')}</h1>
        <p class="muted" safe>
          {t('accounts.loginLead')}
        </p>
        <form method="post" action="/dang-nhap" novalidate>
          <CsrfField ctx={ctx} />
          {next ? <input type="hidden" name="next" value={next} /> : ''}
          <TextInput ctx={ctx} name="email" type="email" label={t('accounts.email')} value={email} error={errors?.email} autocomplete="username" spellcheck={false} />
          <TextInput ctx={ctx} name="password" type="password" label={t('accounts.password')} error={errors?.password} autocomplete="current-password" />
          <Button label={t('accounts.signIn')} />
        </form>
        <p>
          <a href="/quen-mat-khau" safe>
            {t('accounts.forgot')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function MfaPage({ ctx, errors }: { ctx: PageContext; errors?: FieldErrors }): JSX.Element {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('accounts.mfaTitle')} hasErrors={hasErr(errors)}>
      <div class="narrow">
        <ErrorSummary ctx={ctx} errors={errors} />
        <h1 safe>{t('accounts.mfaTitle')}</h1>
        <form method="post" action="/dang-nhap/xac-thuc" novalidate>
          <CsrfField ctx={ctx} />
          <TextInput ctx={ctx} name="code" label={t('accounts.mfaCode')} hint={t('accounts.mfaLead')} error={errors?.code} autocomplete="one-time-code" inputmode="numeric" width="short" />
          <Button label={t('accounts.verify')} />
        </form>
      </div>
    </Layout>
  );
}

export function EnrollPage({ ctx, secret, safeQrSvg, errors }: { ctx: PageContext; secret: string; safeQrSvg: string; errors?: FieldErrors }): JSX.Element {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('accounts.enrollTitle')} hasErrors={hasErr(errors)}>
      <div class="narrow">
        <ErrorSummary ctx={ctx} errors={errors} />
        <h1 safe>{t('accounts.enrollTitle')}</h1>
        <p safe>{t('accounts.enrollLead')}</p>
        <div class="qr" role="img" aria-label={t('accounts.enrollKey')}>
          {safeQrSvg}
        </div>
        <p>
          <span safe>{t('accounts.enrollKey')}</span>: <code safe>{secret}</code>
        </p>
        <form method="post" action="/dang-nhap/bat-xac-thuc" novalidate>
          <CsrfField ctx={ctx} />
          <TextInput ctx={ctx} name="code" label={t('accounts.mfaCode')} error={errors?.code} autocomplete="one-time-code" inputmode="numeric" width="short" />
          <Button label={t('accounts.verify')} />
        </form>
      </div>
    </Layout>
  );
}

export function ForgotPage({ ctx, sent, email, errors }: { ctx: PageContext; sent?: boolean; email?: string; errors?: FieldErrors }): JSX.Element {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('accounts.forgotTitle')} hasErrors={hasErr(errors)}>
      <div class="narrow">
        <ErrorSummary ctx={ctx} errors={errors} />
        <h1 safe>{t('accounts.forgotTitle')}</h1>
        {sent ? (
          <div class="notice notice-success" role="status" safe>
            {t('accounts.forgotSent')}
          </div>
        ) : (
          <form method="post" action="/quen-mat-khau" novalidate>
            <CsrfField ctx={ctx} />
            <TextInput ctx={ctx} name="email" type="email" label={t('accounts.email')} hint={t('accounts.forgotLead')} value={email} error={errors?.email} autocomplete="username" />
            <Button label={t('accounts.sendLink')} />
          </form>
        )}
      </div>
    </Layout>
  );
}

export function ResetPage({ ctx, token, valid, errors }: { ctx: PageContext; token: string; valid: boolean; errors?: FieldErrors }): JSX.Element {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('accounts.resetTitle')} hasErrors={hasErr(errors)}>
      <div class="narrow">
        <ErrorSummary ctx={ctx} errors={errors} />
        <h1 safe>{t('accounts.resetTitle')}</h1>
        {valid ? (
          <form method="post" action={`/dat-lai-mat-khau/${token}`} novalidate>
            <CsrfField ctx={ctx} />
            <TextInput ctx={ctx} name="password" type="password" label={t('accounts.newPassword')} hint={t('accounts.newPasswordHint')} error={errors?.password} autocomplete="new-password" />
            <TextInput ctx={ctx} name="confirm" type="password" label={t('accounts.confirmPassword')} error={errors?.confirm} autocomplete="new-password" />
            <Button label={t('form.save')} />
          </form>
        ) : (
          <p>
            <span safe>{t('accounts.resetInvalid')}</span>{' '}
            <a href="/quen-mat-khau" safe>
              {t('accounts.forgot')}
            </a>
          </p>
        )}
      </div>
    </Layout>
  );
}

export function StaffHomePage(p: {
  ctx: PageContext;
  name: string;
  roles: Array<{ role: string; orgName: string }>;
  notifications: Array<{ id: string; title: string; body: string; link: string | null; createdAt: Date }>;
}): JSX.Element {
  const t = p.ctx.t;
  return (
    <Layout ctx={p.ctx} title={t('accounts.staffHome')} staff>
      <h1 safe>{t('accounts.welcome', { name: p.name })}</h1>
      <h2 safe>{t('accounts.yourRoles')}</h2>
      <ul class="list">
        {p.roles.map((r) => (
          <li safe>
            {t(`accounts.roles.${r.role}`)} – {r.orgName}
          </li>
        ))}
      </ul>
      <h2 safe>{t('accounts.notifications')}</h2>
      {p.notifications.length === 0 ? (
        <p class="muted" safe>
          {t('accounts.noNotifications')}
        </p>
      ) : (
        <ul class="list">
          {p.notifications.map((n) => (
            <li>
              {n.link ? (
                <a href={n.link} safe>
                  {n.title}
                </a>
              ) : (
                <strong safe>{n.title}</strong>
              )}{' '}
              <span class="muted" safe>
                {formatDateTime(n.createdAt)}
              </span>
              {n.body ? <p safe>{n.body}</p> : ''}
              <form method="post" action={`/quan-tri/thong-bao/${n.id}/da-doc`} class="inline-form">
                <CsrfField ctx={p.ctx} />
                <button type="submit" class="button button-secondary" safe>
                  {t('accounts.markRead')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <ul class="card-grid">
        {p.ctx.staffNav.map((item) => (
          <li class="card">
            <a href={item.href} safe>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

type UserRow = {
  id: string;
  email: string;
  full_name: string;
  status: string;
  totp_enabled: boolean;
  last_login_at: Date | null;
  roles: Array<{ role: string; orgId: string; orgName: string }>;
};

export function UsersPage(p: { ctx: PageContext; users: UserRow[]; page: number; hasNext: boolean; q: string; orgs: Option[]; errors?: FieldErrors; values?: Record<string, string> }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const roleOptions = grantableRoles().map((r) => ({ value: r.name, label: t(r.labelKey) }));
  const v = p.values ?? {};
  return (
    <Layout ctx={ctx} title={t('accounts.users')} staff hasErrors={hasErr(p.errors)}>
      <ErrorSummary ctx={ctx} errors={p.errors} />
      <h1 safe>{t('accounts.users')}</h1>
      <form method="get" action="/quan-tri/tai-khoan" class="filters">
        <TextInput ctx={ctx} name="q" label={t('form.search')} value={p.q} />
        <Button secondary label={t('form.search')} />
      </form>
      <TableRegion label={t('accounts.users')}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col" safe>{t('accounts.fullName')}</th>
            <th scope="col" safe>{t('accounts.role')}</th>
            <th scope="col" safe>{t('common.status')}</th>
            <th scope="col" safe>{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {p.users.map((u) => (
            <tr>
              <td>
                <span safe>{u.full_name}</span>
                <br />
                <span class="muted" safe>
                  {u.email}
                </span>
              </td>
              <td>
                <ul class="plain">
                  {u.roles.map((r) => (
                    <li>
                      <span safe>
                        {t(`accounts.roles.${r.role}`)} – {r.orgName}
                      </span>
                      <form method="post" action={`/quan-tri/tai-khoan/${u.id}/bo-vai-tro`} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="role" value={r.role} />
                        <input type="hidden" name="orgId" value={r.orgId} />
                        <button type="submit" class="link-button" aria-label={`${t('accounts.revoke')} ${t(`accounts.roles.${r.role}`)} – ${r.orgName}`} safe>
                          {t('accounts.revoke')}
                        </button>
                      </form>
                    </li>
                  ))}
                </ul>
              </td>
              <td safe>{`${u.status === 'active' ? t('accounts.active') : t('accounts.disabled')}${u.totp_enabled ? ` · ${t('accounts.twoFactor')}` : ''}`}</td>
              <td>
                <form method="post" action={`/quan-tri/tai-khoan/${u.id}/trang-thai`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="status" value={u.status === 'active' ? 'disabled' : 'active'} />
                  <button type="submit" class="link-button" safe>
                    {u.status === 'active' ? t('accounts.disable') : t('accounts.enable')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <Pagination ctx={ctx} page={p.page} hasNext={p.hasNext} baseHref={`/quan-tri/tai-khoan?q=${encodeURIComponent(p.q)}`} />
      <h2 id="them" safe>
        {t('accounts.newUser')}
      </h2>
      <form method="post" action="/quan-tri/tai-khoan" novalidate>
        <CsrfField ctx={ctx} />
        <TextInput ctx={ctx} name="fullName" label={t('accounts.fullName')} value={v.fullName} error={p.errors?.fullName} autocomplete="off" />
        <TextInput ctx={ctx} name="email" type="email" label={t('accounts.email')} value={v.email} error={p.errors?.email} autocomplete="off" spellcheck={false} />
        <Select ctx={ctx} name="role" label={t('accounts.role')} options={roleOptions} value={v.role} error={p.errors?.role} emptyLabel="" />
        <Select ctx={ctx} name="orgId" label={t('accounts.organisation')} options={p.orgs} value={v.orgId} error={p.errors?.orgId} emptyLabel="" />
        <TextInput ctx={ctx} name="password" type="password" label={t('accounts.initialPassword')} hint={t('accounts.initialPasswordHint')} error={p.errors?.password} autocomplete="new-password" optional />
        <Button label={t('accounts.newUser')} />
      </form>
    </Layout>
  );
}

export function TokensPage(p: {
  ctx: PageContext;
  tokens: Array<{ id: string; name: string; token_prefix: string; scopes: string[]; created_at: Date; last_used_at: Date | null; expires_at: Date | null; revoked_at: Date | null }>;
  scopes: readonly string[];
  created?: string;
  errors?: FieldErrors;
  values?: { name?: string; scopes?: string[]; expiresDays?: string };
}): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('accounts.tokens')} staff hasErrors={hasErr(p.errors)}>
      <ErrorSummary ctx={ctx} errors={p.errors} />
      <h1 safe>{t('accounts.tokens')}</h1>
      {p.created ? (
        <div class="notice notice-success" role="status">
          <p safe>{t('accounts.tokenCreated')}</p>
          <code class="token" safe>
            {p.created}
          </code>
        </div>
      ) : (
        ''
      )}
      <TableRegion label={t('accounts.tokens')}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col" safe>{t('accounts.tokenName')}</th>
            <th scope="col" safe>{t('accounts.tokenScopes')}</th>
            <th scope="col" safe>{t('accounts.tokenLastUsed')}</th>
            <th scope="col" safe>{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {p.tokens.map((k) => (
            <tr>
              <td>
                <span safe>{k.name}</span> <code safe>dvc_{k.token_prefix}_…</code>
              </td>
              <td safe>{k.scopes.join(', ')}</td>
              <td safe>{formatDateTime(k.last_used_at)}</td>
              <td>
                {k.revoked_at ? (
                  <span safe>{t('accounts.tokenRevoked')}</span>
                ) : (
                  <form method="post" action={`/quan-tri/khoa-api/${k.id}/thu-hoi`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="link-button" safe>
                      {t('accounts.tokenRevoke')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <h2 safe>{t('accounts.tokenCreate')}</h2>
      <form method="post" action="/quan-tri/khoa-api" novalidate>
        <CsrfField ctx={ctx} />
        <TextInput ctx={ctx} name="name" label={t('accounts.tokenName')} value={p.values?.name} error={p.errors?.name} />
        <fieldset class="fieldset" id="scopes">
          <legend class="legend" safe>
            {t('accounts.tokenScopes')}
          </legend>
          {p.errors?.scopes ? (
            <p class="error-message" safe>
              {p.errors.scopes}
            </p>
          ) : (
            ''
          )}
          {p.scopes.map((s) => (
            <Checkbox name={`scope-${s}`} value={s} label={s} checked={p.values?.scopes?.includes(s)} />
          ))}
        </fieldset>
        <TextInput ctx={ctx} name="expiresDays" label={t('accounts.tokenExpires')} value={p.values?.expiresDays ?? '365'} width="short" inputmode="numeric" optional />
        <Button label={t('accounts.tokenCreate')} />
      </form>
    </Layout>
  );
}

export function AuditPage(p: {
  ctx: PageContext;
  rows: Array<{ id: number; at: Date; actor_label: string; action: string; entity_type: string; entity_id: string | null; before: unknown; after: unknown }>;
  filter: Record<string, string>;
  page: number;
  hasNext: boolean;
}): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const qs = new URLSearchParams(p.filter).toString();
  const summary = (v: unknown) => (v == null ? '' : JSON.stringify(v).slice(0, 300));
  return (
    <Layout ctx={ctx} title={t('accounts.audit')} staff>
      <h1 safe>{t('accounts.audit')}</h1>
      <form method="get" action="/quan-tri/nhat-ky" class="filters">
        <TextInput ctx={ctx} name="actor" label={t('accounts.auditActor')} value={p.filter.actor} />
        <TextInput ctx={ctx} name="action" label={t('accounts.auditAction')} value={p.filter.action} />
        <TextInput ctx={ctx} name="entityType" label={t('accounts.auditEntity')} value={p.filter.entityType} />
        <TextInput ctx={ctx} name="from" label={t('common.from')} value={p.filter.from} width="short" />
        <TextInput ctx={ctx} name="to" label={t('common.to')} value={p.filter.to} width="short" />
        <Button secondary label={t('form.filter')} />
      </form>
      <TableRegion label={t('accounts.audit')}>
      <table class="table table-small">
        <thead>
          <tr>
            <th scope="col" safe>{t('accounts.auditTime')}</th>
            <th scope="col" safe>{t('accounts.auditActor')}</th>
            <th scope="col" safe>{t('accounts.auditAction')}</th>
            <th scope="col" safe>{t('accounts.auditEntity')}</th>
            <th scope="col" safe>{t('accounts.auditChanges')}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td safe>{formatDateTime(r.at)}</td>
              <td safe>{r.actor_label}</td>
              <td safe>{r.action}</td>
              <td safe>
                {r.entity_type} {r.entity_id ?? ''}
              </td>
              <td class="mono" safe>
                {summary(r.after ?? r.before)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <Pagination ctx={ctx} page={p.page} hasNext={p.hasNext} baseHref={`/quan-tri/nhat-ky?${qs}`} />
    </Layout>
  );
}

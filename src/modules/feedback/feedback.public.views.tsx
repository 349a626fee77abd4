import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, CsrfField, ErrorSummary, Pagination, Radios, Select, SummaryList, TextInput, Textarea, type FieldErrors } from '../../platform/views/components.tsx';
import { formatDate, formatDateTime } from '../../platform/i18n/i18n.ts';
import type { EventRow, ItemRow } from './feedback.repo.ts';
import { STAFF_CHANNELS } from './feedback.service.ts';
import { kindOptions, Timeline } from './feedback.view-parts.tsx';

// Citizen pages of feedback: submit, track, the landing page, public Q&A, rating, the home section.

export interface SubmitValues {
  kind?: string;
  title?: string;
  body?: string;
  serviceCode?: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
  channel?: string;
  commune?: string;
}

export function SubmitPage(p: { ctx: PageContext; values: SubmitValues; errors?: FieldErrors; token: string; staff?: boolean }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  const action = p.staff ? '/quan-tri/phan-anh/nhap' : '/phan-anh/gui';
  return (
    <Layout ctx={ctx} title={t(p.staff ? 'feedback.intakeTitle' : 'feedback.submitTitle')} staff={p.staff} hasErrors={Object.keys(e).length > 0}>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{t(p.staff ? 'feedback.intakeTitle' : 'feedback.submitTitle')}</h1>
      <p class="lead" safe>
        {t('feedback.submitLead')}
      </p>
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="_submission" value={p.token} />
        {p.staff ? (
          <Select
            ctx={ctx}
            name="channel"
            label={t('feedback.channel')}
            value={p.values.channel}
            error={e.channel}
            options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`feedback.channels.${c}`) }))}
          />
        ) : (
          ''
        )}
        <Radios ctx={ctx} name="kind" label={t('feedback.kind')} value={p.values.kind ?? 'hoi-dap'} options={kindOptions(ctx)} error={e.kind} />
        <TextInput ctx={ctx} name="serviceCode" label={t('feedback.serviceCode')} hint={t('feedback.serviceCodeHint')} value={p.values.serviceCode} error={e.serviceCode} width="medium" optional spellcheck={false} />
        <TextInput ctx={ctx} name="title" label={t('feedback.title')} value={p.values.title} error={e.title} optional />
        <Textarea ctx={ctx} name="body" label={t('feedback.body')} hint={t('feedback.bodyHint')} value={p.values.body} error={e.body} rows={8} />
        <fieldset class="fieldset">
          <legend class="legend" safe>
            {t('feedback.contact')}
          </legend>
          <p class="hint" safe>
            {t('feedback.contactHint')}
          </p>
          <TextInput ctx={ctx} name="contactName" label={t('feedback.contactName')} value={p.values.contactName} error={e.contactName} autocomplete="name" optional />
          <TextInput ctx={ctx} name="contactEmail" type="email" label={t('feedback.contactEmail')} value={p.values.contactEmail} error={e.contactEmail} autocomplete="email" optional spellcheck={false} />
          <TextInput ctx={ctx} name="contactPhone" type="tel" label={t('feedback.contactPhone')} value={p.values.contactPhone} error={e.contactPhone} autocomplete="tel" width="medium" optional />
        </fieldset>
        <div class="visually-hidden" aria-hidden="true">
          <label for="website">Website</label>
          <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value="" />
        </div>
        <Button label={t('feedback.send')} />
      </form>
    </Layout>
  );
}

type PublicView = {
  code: string;
  kind: string;
  status: string;
  serviceName: string | null;
  orgName: string | null;
  title: string | null;
  body: string | null;
  moderation: string;
  answer: string | null;
  answeredAt: Date | null;
  receivedDay: string;
  dueDay: string;
  overdue: boolean;
  satisfied: boolean | null;
  reopened: number;
  events: EventRow[];
};

export function TrackingPage(p: {
  ctx: PageContext;
  v: PublicView;
  isNew: boolean;
  key?: string;
  keyValid: boolean;
  own?: { title: string; body: string } | null;
  /** The procedure this item is about, for the rating link. */
  serviceCode?: string | null;
  errors?: FieldErrors;
  values?: Record<string, string>;
}): JSX.Element {
  const { ctx, v } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  return (
    <Layout ctx={ctx} title={t('feedback.trackTitle', { code: v.code })} hasErrors={Object.keys(e).length > 0}>
      <ErrorSummary ctx={ctx} errors={e} />
      {p.isNew ? (
        <div class="panel panel-confirmation" role="status">
          <h1 safe>{t('feedback.receiptTitle')}</h1>
          <p safe>{t('feedback.receiptCode')}</p>
          <p class="receipt-code">
            <strong id="receipt-code" safe>
              {v.code}
            </strong>{' '}
            {/* Shown by app.js only: copying needs JavaScript. */}
            <button type="button" class="button button-secondary no-print" data-copy="receipt-code" data-copied={t('feedback.copied')} hidden safe>
              {t('feedback.copyCode')}
            </button>
          </p>
          <p safe>{t('feedback.receiptDue', { date: formatDate(v.dueDay) })}</p>
          {p.keyValid ? <p safe>{t('feedback.receiptKeep')}</p> : ''}
          <p class="no-print">
            <button type="button" class="button button-secondary" data-print hidden safe>
              {t('feedback.printReceipt')}
            </button>
          </p>
          <noscript>
            <p class="no-print" safe>
              {t('feedback.printHint')}
            </p>
          </noscript>
        </div>
      ) : (
        ''
      )}
      {p.isNew && p.keyValid ? (
        <form method="post" action={`/phan-anh/${v.code}/gui-ma`} class="no-print" novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="k" value={p.key ?? ''} />
          <TextInput ctx={ctx} name="email" type="email" label={t('feedback.receiptEmail')} hint={t('feedback.receiptEmailHint')} value={p.values?.email} error={e.email} autocomplete="email" spellcheck={false} />
          <Button secondary label={t('feedback.receiptEmailSend')} />
        </form>
      ) : (
        ''
      )}
      {p.isNew ? (
        ''
      ) : (
        <h1 safe>{t('feedback.trackTitle', { code: v.code })}</h1>
      )}
      {v.overdue ? (
        <p class="warning-text" safe>
          {t('feedback.overdueNotice', { date: formatDate(v.dueDay) })}
        </p>
      ) : (
        ''
      )}
      <SummaryList
        rows={[
          [t('feedback.kind'), t(`feedback.kinds.${v.kind}`)],
          [t('common.status'), t(`feedback.statuses.${v.status}`)],
          [t('feedback.agency'), v.orgName ?? '—', 'vi'],
          [t('feedback.service'), v.serviceName ?? '—', 'vi'],
          [t('feedback.received'), formatDate(v.receivedDay)],
          [t('feedback.due'), formatDate(v.dueDay)],
        ]}
      />
      <h2 safe>{t('feedback.content')}</h2>
      {v.moderation === 'approved' ? (
        <>
          <h3 safe>{v.title ?? ''}</h3>
          <p class="prewrap" safe>
            {v.body ?? ''}
          </p>
        </>
      ) : (
        <>
          <p class="muted" safe>
            {t(v.moderation === 'hidden' ? 'feedback.contentHidden' : 'feedback.contentPending')}
          </p>
          {p.own ? (
            <section class="panel" aria-labelledby="own-h">
              <h3 id="own-h" safe>
                {t('feedback.ownContent')}
              </h3>
              {p.own.title && !p.own.body.startsWith(p.own.title.replace(/[.…]+$/, '')) ? <p class="bold" safe>{p.own.title}</p> : ''}
              <p class="prewrap" safe>
                {p.own.body}
              </p>
            </section>
          ) : (
            ''
          )}
        </>
      )}
      {v.answer ? (
        <section aria-labelledby="answer-h">
          <h2 id="answer-h" safe>
            {t(v.status === 'rejected' ? 'feedback.rejection' : 'feedback.answer')}
          </h2>
          <div class="prewrap answer" safe>
            {v.answer}
          </div>
          {v.answeredAt ? <p class="muted" safe>{t('feedback.answeredOn', { date: formatDateTime(v.answeredAt) })}</p> : ''}
        </section>
      ) : (
        ''
      )}
      {p.keyValid && v.status === 'answered' ? (
        <form method="post" action={`/phan-anh/${v.code}/y-kien`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="k" value={p.key ?? ''} />
          <Radios
            ctx={ctx}
            name="verdict"
            label={t('feedback.verdictQuestion')}
            value={p.values?.verdict}
            error={e.verdict}
            options={[
              { value: 'satisfied', label: t('feedback.verdictSatisfied') },
              { value: 'unsatisfied', label: t('feedback.verdictUnsatisfied') },
              ...(v.reopened === 0 ? [{ value: 'reopen', label: t('feedback.verdictReopen') }] : []),
            ]}
          />
          <Textarea ctx={ctx} name="reason" label={t('feedback.reopenReason')} value={p.values?.reason} error={e.reason} optional rows={3} />
          <Button label={t('feedback.sendVerdict')} />
        </form>
      ) : (
        ''
      )}
      {p.keyValid && v.status === 'waiting_citizen' ? (
        <form method="post" action={`/phan-anh/${v.code}/bo-sung`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="k" value={p.key ?? ''} />
          <Textarea ctx={ctx} name="text" label={t('feedback.supplement')} value={p.values?.text} error={e.text} rows={5} />
          <Button label={t('feedback.send')} />
        </form>
      ) : (
        ''
      )}
      <h2 safe>{t('feedback.timeline')}</h2>
      <Timeline ctx={ctx} events={v.events} />
      <p>
        <a href={p.serviceCode ? `/danh-gia?ma=${encodeURIComponent(p.serviceCode)}` : '/danh-gia'} safe>
          {t('feedback.rateLink')}
        </a>
      </p>
    </Layout>
  );
}

export function LandingPage(p: { ctx: PageContext; recent: ItemRow[]; lookupError?: string; lookup?: string }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('feedback.landingTitle')} hasErrors={Boolean(p.lookupError)}>
      <ErrorSummary ctx={ctx} errors={p.lookupError ? { ma: p.lookupError } : undefined} />
      <h1 safe>{t('feedback.landingTitle')}</h1>
      <p class="lead" safe>
        {t('feedback.landingLead')}
      </p>
      <ul class="list">
        <li>
          <a href="/phan-anh/gui" safe>
            {t('feedback.submitTitle')}
          </a>
        </li>
        <li>
          <a href="/danh-gia" safe>
            {t('feedback.rateTitle')}
          </a>
        </li>
        <li>
          <a href="/hoi-dap" safe>
            {t('feedback.qaTitle')}
          </a>
        </li>
        <li>
          <a href="/phan-anh/so-lieu" safe>
            {t('feedback.metricsTitle')}
          </a>
        </li>
        <li>
          <a href="/phan-anh/so-cai" safe>
            {t('feedback.ledgerTitle')}
          </a>
        </li>
      </ul>
      <form method="get" action="/phan-anh" class="filters">
        <TextInput ctx={ctx} name="ma" label={t('feedback.lookup')} hint={t('feedback.lookupHint')} value={p.lookup} error={p.lookupError} width="medium" spellcheck={false} />
        <Button secondary label={t('feedback.lookupButton')} />
      </form>
      <h2 safe>{t('feedback.recent')}</h2>
      <ul class="list">
        {p.recent.map((r) => (
          <li>
            <a href={`/phan-anh/${r.code}`} safe>
              {r.code}
            </a>{' '}
            <span safe>{r.moderation === 'approved' ? r.titlePublic : t('feedback.contentPending')}</span> —{' '}
            <span safe>{t(`feedback.statuses.${r.status}`)}</span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function QaPage(p: { ctx: PageContext; q: string; rows: ItemRow[]; page: number; hasNext: boolean }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('feedback.qaTitle')}>
      <h1 safe>{t('feedback.qaTitle')}</h1>
      <form method="get" action="/hoi-dap" class="filters" role="search">
        <TextInput ctx={ctx} name="q" label={t('feedback.qaSearch')} hint={t('feedback.qaSearchHint')} value={p.q} />
        <Button secondary label={t('form.filter')} />
      </form>
      {p.rows.length === 0 ? <p safe>{t('common.noResults')}</p> : ''}
      {p.rows.map((r) => (
        <article class="qa">
          <h2>
            <a href={`/phan-anh/${r.code}`} safe>
              {r.titlePublic}
            </a>
          </h2>
          <p class="prewrap" safe>
            {r.bodyPublic}
          </p>
          <div class="prewrap answer" safe>
            {r.answerPublic ?? ''}
          </div>
        </article>
      ))}
      <Pagination ctx={ctx} page={p.page} hasNext={p.hasNext} baseHref={`/hoi-dap?q=${encodeURIComponent(p.q)}`} />
    </Layout>
  );
}

export function RatePage(p: { ctx: PageContext; values: Record<string, string>; errors?: FieldErrors; done?: boolean; serviceName?: string }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  // The number is part of the label: it is what people see on the national portal and on paper forms.
  const scale = [5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t('feedback.scaleOption', { n, label: t(`feedback.scale.${n}`) }) }));
  // Each radio group's message links to its first radio (GOV.UK pattern), not to the fieldset.
  const targets = Object.fromEntries(['score', 'ease', 'speed', 'attitude', 'clarity'].map((k) => [k, `${k}-0`]));
  return (
    <Layout ctx={ctx} title={t('feedback.rateTitle')} hasErrors={Object.keys(e).length > 0}>
      <ErrorSummary ctx={ctx} errors={e} targets={targets} />
      <h1 safe>{t('feedback.rateTitle')}</h1>
      {p.done ? (
        <div class="panel panel-confirmation" role="status">
          <p safe>{t('feedback.rateThanks')}</p>
          <p>
            <a href="/danh-gia" safe>
              {t('feedback.rateAnother')}
            </a>
          </p>
        </div>
      ) : (
        <form method="post" action="/danh-gia" novalidate>
          <CsrfField ctx={ctx} />
          {p.serviceName ? (
            <p class="lead" safe>
              {t('feedback.ratingService', { name: p.serviceName })}
            </p>
          ) : (
            ''
          )}
          <TextInput ctx={ctx} name="serviceCode" label={t('feedback.serviceCode')} hint={t('feedback.serviceCodeHint')} value={p.values.serviceCode} error={e.serviceCode} width="medium" optional />
          <TextInput ctx={ctx} name="dossierCode" label={t('feedback.dossierCode')} hint={t('feedback.dossierCodeHint')} value={p.values.dossierCode} error={e.dossierCode} width="medium" optional spellcheck={false} />
          <Radios ctx={ctx} name="score" label={t('feedback.score')} value={p.values.score} options={scale} error={e.score} />
          {(['ease', 'speed', 'attitude', 'clarity'] as const).map((k) => (
            <Radios ctx={ctx} name={k} label={t(`feedback.drivers.${k}`)} value={p.values[k]} options={scale} error={e[k]} inline optional />
          ))}
          <Textarea ctx={ctx} name="comment" label={t('feedback.comment')} value={p.values.comment} error={e.comment} optional rows={4} />
          <div class="visually-hidden" aria-hidden="true">
            <label for="website">Website</label>
            <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value="" />
          </div>
          <Button label={t('feedback.send')} />
        </form>
      )}
    </Layout>
  );
}


/** Home page section: send feedback, rate a service, follow an item. */
export function HomeFeedbackSection({ ctx }: { ctx: PageContext }): JSX.Element {
  const t = ctx.t;
  return (
    <section class="home-section" aria-labelledby="home-feedback-h">
      <h2 id="home-feedback-h" safe>
        {t('feedback.landingTitle')}
      </h2>
      <p safe>{t('feedback.landingLead')}</p>
      <ul class="list">
        <li>
          <a href="/phan-anh/gui" safe>
            {t('feedback.submitTitle')}
          </a>
        </li>
        <li>
          <a href="/danh-gia" safe>
            {t('feedback.rateTitle')}
          </a>
        </li>
        <li>
          <a href="/phan-anh" safe>
            {t('feedback.lookup')}
          </a>
        </li>
        <li>
          <a href="/phan-anh/so-lieu" safe>
            {t('feedback.metricsTitle')}
          </a>
        </li>
      </ul>
    </section>
  );
}

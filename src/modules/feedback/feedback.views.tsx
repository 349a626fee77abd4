import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, Checkbox, CsrfField, ErrorSummary, Pagination, Radios, Select, SummaryList, asHtml, type SummaryHtml, TextInput, Textarea, type FieldErrors, type Option, TableRegion } from '../../platform/views/components.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../platform/i18n/i18n.ts';
import type { EventRow, ItemRow } from './feedback.repo.ts';
import type { DimRow, LeagueRow, LedgerRow, PaknBreakdown, SectorFigure } from './feedback.metrics.ts';
import { SECTOR_TARGET } from './feedback.sectors.ts';
import { KINDS, STAFF_CHANNELS } from './feedback.service.ts';
import { PLACEHOLDER_RE } from './feedback.masking.ts';

/** Masked text with each placeholder highlighted: the moderator sees which spans were masked (not what). */
function Masked({ text }: { text: string }): JSX.Element {
  const parts = text.split(PLACEHOLDER_RE);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <mark class="masked" safe>{part}</mark> : <span safe>{part}</span>))}</>;
}

const kindOptions = (ctx: PageContext): Option[] => KINDS.filter((k) => k !== 'ho-tro').map((k) => ({ value: k, label: ctx.t(`feedback.kinds.${k}`) }));
const pctText = (v: number | null) => (v == null ? '—' : `${formatNumber(v, 1)} %`);

/** Notes stored as codes ("web", "+3") are written out for people; free-text notes are shown as written. */
function eventNote(ctx: PageContext, e: EventRow): string {
  if (e.kind === 'received' || e.kind === 'duplicate') return ctx.t('feedback.receivedVia', { channel: ctx.t(`feedback.channels.${e.note}`) });
  if (e.kind === 'resumed' && /^\+\d+$/.test(e.note ?? '')) return ctx.t('feedback.resumedDays', { n: (e.note ?? '').slice(1) });
  return e.note ?? '';
}

function Timeline({ ctx, events }: { ctx: PageContext; events: EventRow[] }): JSX.Element {
  return (
    <ol class="timeline">
      {events.map((e) => (
        <li>
          <strong safe>{ctx.t(`feedback.events.${e.kind}`)}</strong> <span class="muted" safe>{formatDateTime(e.at)}</span>
          {e.public ? '' : <span class="tag" safe>{` ${ctx.t('feedback.internal')}`}</span>}
          {e.note ? <p safe>{eventNote(ctx, e)}</p> : ''}
        </li>
      ))}
    </ol>
  );
}

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

export interface MetricsData {
  from: string;
  to: string;
  ackRate: number | null;
  onTimeRate: number | null;
  paknSatisfaction: number | null;
  satisfaction: number | null;
  satisfactionLdi: number | null;
  ratings: number;
  ratingsLdi: number;
  received: number;
  answered: number;
  league: Array<LeagueRow & { orgName: string }>;
  minSample: number;
  /** One agency's dashboard (`?co-quan=`): kept by the filter form and the CSV/XLSX links. */
  orgId?: string;
  serviceCode?: string;
  commune?: string;
  byService: DimRow[];
  byCommune: DimRow[];
  pakn: PaknBreakdown;
  sectors: SectorFigure[];
}

export function MetricsPage(p: { ctx: PageContext; m: MetricsData }): JSX.Element {
  const { ctx, m } = p;
  const t = ctx.t;
  const low = (n: number) => (n < m.minSample ? <span class="tag tag-warning" safe>{` ${t('feedback.lowSample', { n: m.minSample })}`}</span> : '');
  const qs =
    `from=${encodeURIComponent(formatDate(m.from))}&to=${encodeURIComponent(formatDate(m.to))}` +
    (m.orgId ? `&co-quan=${encodeURIComponent(m.orgId)}` : '') +
    (m.serviceCode ? `&dich-vu=${encodeURIComponent(m.serviceCode)}` : '') +
    (m.commune ? `&xa=${encodeURIComponent(m.commune)}` : '');
  const dimTable = (title: string, first: string, rows: DimRow[]) => (
    <>
      <h2 safe>{title}</h2>
      {rows.length === 0 ? (
        <p class="hint" safe>
          {t('feedback.noDimRows')}
        </p>
      ) : (
        <TableRegion label={title}>
        <table class="table">
          <caption class="visually-hidden" safe>
            {title}
          </caption>
          <thead>
            <tr>
              {[first, 'ratings', 'satisfaction'].map((c) => (
                <th scope="col" safe>
                  {t(`feedback.cols.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td safe>{r.key}</td>
                <td safe>{formatNumber(r.n)}</td>
                <td>
                  <span safe>{pctText(r.satisfactionRate)}</span>
                  {low(r.n)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableRegion>
      )}
    </>
  );
  return (
    <Layout ctx={ctx} title={t('feedback.metricsTitle')}>
      <h1 safe>{t('feedback.metricsTitle')}</h1>
      <form method="get" action="/phan-anh/so-lieu" class="filters">
        {m.orgId ? <input type="hidden" name="co-quan" value={m.orgId} /> : ''}
        <TextInput ctx={ctx} name="from" label={t('feedback.from')} value={formatDate(m.from)} width="short" />
        <TextInput ctx={ctx} name="to" label={t('feedback.to')} value={formatDate(m.to)} width="short" />
        <TextInput ctx={ctx} name="dich-vu" label={t('feedback.serviceFilter')} value={m.serviceCode ?? ''} width="short" optional />
        <TextInput ctx={ctx} name="xa" label={t('feedback.communeFilter')} value={m.commune ?? ''} width="short" optional />
        <Button secondary label={t('form.filter')} />
      </form>
      <SummaryList
        rows={[
          [t('feedback.m.received'), formatNumber(m.received)],
          [
            t('feedback.m.ackRate'),
            asHtml(<>
              <span safe>{`${pctText(m.ackRate)} (n = ${formatNumber(m.received)})`}</span>
              {low(m.received)}
            </>),
          ],
          [
            t('feedback.m.onTimeRate'),
            asHtml(<>
              <span safe>{`${pctText(m.onTimeRate)} (n = ${formatNumber(m.answered)})`}</span>
              {low(m.answered)}
            </>),
          ],
          [
            t('feedback.m.paknSatisfaction'),
            asHtml(<>
              <span safe>{`${pctText(m.paknSatisfaction)} (n = ${formatNumber(m.pakn.handled)})`}</span>
              {low(m.pakn.handled)}
              <br />
              <span class="hint" safe>
                {t('feedback.m.paknBreakdown', {
                  satisfied: formatNumber(m.pakn.satisfied),
                  unsatisfied: formatNumber(m.pakn.unsatisfied),
                  late: formatNumber(m.pakn.late),
                  unrated: formatNumber(m.pakn.unrated),
                })}
              </span>
            </>),
          ],
          [
            t('feedback.m.satisfaction'),
            asHtml(<>
              <span safe>{`${pctText(m.satisfaction)} (${t('feedback.m.target', { n: 90 })}; n = ${formatNumber(m.ratings)})`}</span>
              {low(m.ratings)}
            </>),
          ],
          [
            t('feedback.m.satisfactionLdi'),
            asHtml(<>
              <span safe>{`${pctText(m.satisfactionLdi)} (n = ${formatNumber(m.ratingsLdi)})`}</span>
              {low(m.ratingsLdi)}
            </>),
          ],
          ...m.sectors.map((x): [string, SummaryHtml] => [
            t('feedback.m.sector', { sector: t(`feedback.sectors.${x.sector}`) }),
            asHtml(<>
              <span safe>{`${pctText(x.rate)} (${t('feedback.m.target', { n: SECTOR_TARGET })}; n = ${formatNumber(x.n)})`}</span>
              {low(x.n)}
            </>),
          ]),
        ]}
      />
      <p class="hint" safe>
        {t('feedback.m.note')}
      </p>
      <h2 safe>{t('feedback.league')}</h2>
      <p>
        <a href={`/phan-anh/so-lieu.csv?${qs}`} safe>
          {t('feedback.exportCsv')}
        </a>{' '}
        ·{' '}
        <a href={`/phan-anh/so-lieu.xlsx?${qs}`} safe>
          {t('feedback.exportXlsx')}
        </a>
      </p>
      <TableRegion label={t('feedback.league')}>
      <table class="table">
        <caption class="visually-hidden" safe>
          {t('feedback.league')}
        </caption>
        <thead>
          <tr>
            {['agency', 'received', 'answered', 'onTime', 'median', 'ratings', 'satisfaction'].map((c) => (
              <th scope="col" safe>
                {t(`feedback.cols.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.league.map((r) => (
            <tr>
              <td lang="vi" safe>
                {r.orgName}
              </td>
              <td safe>{formatNumber(r.received)}</td>
              <td safe>{formatNumber(r.answered)}</td>
              <td>
                <span safe>{pctText(r.onTimeRate)}</span>
                {r.onTimeRate == null ? '' : low(r.answered)}
              </td>
              <td safe>{r.medianDays == null ? '—' : formatNumber(r.medianDays)}</td>
              <td safe>{formatNumber(r.ratings)}</td>
              <td>
                <span safe>{pctText(r.satisfactionRate)}</span>
                {r.satisfactionRate == null ? '' : low(r.ratings)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      {dimTable(t('feedback.byService'), 'service', m.byService)}
      {dimTable(t('feedback.byCommune'), 'commune', m.byCommune)}
    </Layout>
  );
}

export function LedgerPage(p: { ctx: PageContext; today: string; live: Array<{ orgName: string; received: number; acknowledged: number; answered: number }>; rows: Array<LedgerRow & { orgName: string }>; brokenAt: number | null }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('feedback.ledgerTitle')}>
      <h1 safe>{t('feedback.ledgerTitle')}</h1>
      <p class="lead" safe>
        {t('feedback.ledgerLead')}
      </p>
      <p class={p.brokenAt == null ? 'panel' : 'warning-text'} safe>
        {p.brokenAt == null ? t('feedback.chainOk') : t('feedback.chainBroken', { seq: p.brokenAt })}
      </p>
      <h2 safe>{t('feedback.ledgerToday', { date: formatDate(p.today) })}</h2>
      <TableRegion label={t('feedback.ledgerToday', { date: formatDate(p.today) })}>
      <table class="table">
        <thead>
          <tr>
            {['agency', 'received', 'acknowledged', 'answered'].map((c) => (
              <th scope="col" safe>
                {t(`feedback.cols.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.live.map((r) => (
            <tr>
              <td lang="vi" safe>
                {r.orgName}
              </td>
              <td safe>{formatNumber(r.received)}</td>
              <td safe>{formatNumber(r.acknowledged)}</td>
              <td safe>{formatNumber(r.answered)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <h2 safe>{t('feedback.ledgerSealed')}</h2>
      <TableRegion label={t('feedback.ledgerSealed')}>
      <table class="table">
        <thead>
          <tr>
            {['seq', 'day', 'agency', 'received', 'acknowledged', 'answered', 'hash'].map((c) => (
              <th scope="col" safe>
                {t(`feedback.cols.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td safe>{String(r.seq)}</td>
              <td safe>{formatDate(r.day)}</td>
              <td lang="vi" safe>
                {r.orgName}
              </td>
              <td safe>{formatNumber(r.received)}</td>
              <td safe>{formatNumber(r.acknowledged)}</td>
              <td safe>{formatNumber(r.answered)}</td>
              <td>
                <code safe>{r.hash.slice(0, 16)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <p>
        <a href="/api/v1/feedback/ledger" safe>
          {t('feedback.ledgerJson')}
        </a>
      </p>
    </Layout>
  );
}

export function QueuePage(p: {
  ctx: PageContext;
  rows: ItemRow[];
  page: number;
  hasNext: boolean;
  filter: Record<string, string>;
  today: string;
  canIntake: boolean;
  canCalendar: boolean;
}): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const qs = new URLSearchParams(p.filter).toString();
  return (
    <Layout ctx={ctx} title={t('feedback.queueTitle')} staff>
      <h1 safe>{t('feedback.queueTitle')}</h1>
      <p>
        {p.canIntake ? (
          <a class="button" href="/quan-tri/phan-anh/nhap" safe>
            {t('feedback.intakeTitle')}
          </a>
        ) : (
          ''
        )}{' '}
        {p.canCalendar ? (
          <a href="/quan-tri/phan-anh/lich" safe>
            {t('feedback.calendarTitle')}
          </a>
        ) : (
          ''
        )}
      </p>
      <form method="get" action="/quan-tri/phan-anh" class="filters">
        <Select
          ctx={ctx}
          name="status"
          label={t('common.status')}
          value={p.filter.status}
          emptyLabel={t('feedback.allStatuses')}
          options={['open', 'received', 'in_progress', 'waiting_citizen', 'answer_pending', 'answered', 'closed', 'rejected'].map((s) => ({ value: s, label: t(`feedback.statuses.${s}`) }))}
        />
        <Select ctx={ctx} name="kind" label={t('feedback.kind')} value={p.filter.kind} emptyLabel={t('feedback.allKinds')} options={KINDS.map((k) => ({ value: k, label: t(`feedback.kinds.${k}`) }))} />
        <Checkbox name="mine" label={t('feedback.mine')} checked={p.filter.mine === '1'} value="1" />
        <Checkbox name="overdue" label={t('feedback.overdueOnly')} checked={p.filter.overdue === '1'} value="1" />
        <Checkbox name="moderation" label={t('feedback.pendingModeration')} checked={p.filter.moderation === '1'} value="1" />
        <Button secondary label={t('form.filter')} />
      </form>
      <TableRegion label={t('feedback.queueTitle')}>
      <table class="table">
        <thead>
          <tr>
            {['code', 'kind', 'title', 'status', 'due'].map((c) => (
              <th scope="col" safe>
                {t(`feedback.cols.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 ? (
            <tr>
              <td colspan="5" safe>
                {t('common.noResults')}
              </td>
            </tr>
          ) : (
            p.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/quan-tri/phan-anh/${r.code}`} safe>
                    {r.code}
                  </a>
                </td>
                <td safe>{t(`feedback.kinds.${r.kind}`)}</td>
                <td safe>{r.title}</td>
                <td safe>{t(`feedback.statuses.${r.status}`)}</td>
                <td safe>{`${formatDate(r.dueDay)}${r.dueDay < p.today && ['received', 'in_progress', 'answer_pending'].includes(r.status) ? ` (${t('feedback.overdue')})` : ''}`}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      </TableRegion>
      <Pagination ctx={ctx} page={p.page} hasNext={p.hasNext} baseHref={`/quan-tri/phan-anh?${qs}`} />
    </Layout>
  );
}

export function StaffItemPage(p: {
  ctx: PageContext;
  item: ItemRow;
  orgName: string;
  events: EventRow[];
  /** showPrivate: contact details, original text, transcript (handling, coordinating agencies and the Centre). */
  perms: { canHandle: boolean; canApprove: boolean; canApproveAnswer?: boolean; canModerate: boolean; canRoute: boolean; canChase: boolean; showPrivate: boolean; canContribute: boolean };
  orgOptions: Option[];
  errors?: FieldErrors;
  values?: Record<string, string>;
}): JSX.Element {
  const { ctx, item } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  const v = p.values ?? {};
  const base = `/quan-tri/phan-anh/${item.code}`;
  const open = ['received', 'in_progress', 'waiting_citizen', 'answer_pending'].includes(item.status);
  return (
    <Layout ctx={ctx} title={item.code} staff hasErrors={Object.keys(e).length > 0}>
      <a href="/quan-tri/phan-anh" class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{`${item.code}: ${p.perms.showPrivate ? item.title : item.titlePublic}`}</h1>
      <SummaryList
        rows={[
          [t('feedback.kind'), t(`feedback.kinds.${item.kind}`)],
          [t('common.status'), t(`feedback.statuses.${item.status}`)],
          [t('feedback.channel'), t(`feedback.channels.${item.channel}`)],
          [t('feedback.agency'), p.orgName],
          [t('feedback.service'), item.serviceName ?? item.serviceCode ?? '—'],
          ...(item.dossierCode ? [[t('feedback.dossierCode'), item.dossierCode] as [string, string]] : []),
          ...(item.address || item.lat != null ? [[t('feedback.location'), [item.address, item.lat != null && item.long != null ? `${item.lat}, ${item.long}` : ''].filter(Boolean).join(' · ')] as [string, string]] : []),
          [t('feedback.received'), formatDate(item.receivedDay)],
          [t('feedback.due'), formatDate(item.dueDay)],
          [t('feedback.escalation'), String(item.escalationLevel)],
          ...(p.perms.showPrivate
            ? ([
                [t('feedback.contactName'), item.contactName ?? '—'],
                [t('feedback.contactEmail'), item.contactEmail ?? '—'],
                [t('feedback.contactPhone'), item.contactPhone ?? '—'],
              ] as Array<[string, string]>)
            : []),
          [t('feedback.duplicates'), String(item.duplicates)],
        ]}
      />
      {p.perms.showPrivate ? (
        <>
          <h2 safe>{t('feedback.original')}</h2>
          <p class="prewrap" safe>
            {item.body}
          </p>
        </>
      ) : (
        <>
          <h2 safe>{t('feedback.maskedText')}</h2>
          <p class="prewrap">
            <Masked text={item.bodyPublic} />
          </p>
          <p class="hint" safe>
            {t('feedback.privateHidden')}
          </p>
        </>
      )}
      {p.perms.showPrivate && item.transcript ? (
        <>
          <h2 safe>{t('feedback.transcript')}</h2>
          <ol>
            {item.transcript.map((m) => (
              <li>
                <strong safe>{m.role}</strong>: <span safe>{m.text}</span>
              </li>
            ))}
          </ol>
        </>
      ) : (
        ''
      )}
      {p.perms.canHandle && open ? (
        <>
          <h2 safe>{t('feedback.actions')}</h2>
          <form method="post" action={`${base}/giao`} novalidate>
            <CsrfField ctx={ctx} />
            <TextInput ctx={ctx} name="email" label={t('feedback.assignEmail')} hint={t('feedback.assignHint')} value={v.email} error={e.email} optional />
            <Button secondary label={t('feedback.assign')} />
          </form>
          {item.status === 'waiting_citizen' ? (
            <form method="post" action={`${base}/tiep-tuc`} novalidate>
              <CsrfField ctx={ctx} />
              <Textarea ctx={ctx} name="text" label={t('feedback.supplementStaff')} value={v.text} error={e.text} rows={3} />
              <Button secondary label={t('feedback.resume')} />
            </form>
          ) : (
            <form method="post" action={`${base}/yeu-cau-bo-sung`} novalidate>
              <CsrfField ctx={ctx} />
              <Textarea ctx={ctx} name="note" label={t('feedback.requestInfo')} value={v.note} error={e.note} rows={3} />
              <Button secondary label={t('feedback.requestInfoButton')} />
            </form>
          )}
          <form method="post" action={`${base}/du-thao`} novalidate>
            <CsrfField ctx={ctx} />
            <Textarea ctx={ctx} name="answer" label={t('feedback.draft')} value={v.answer ?? item.answerDraft ?? ''} error={e.answer} rows={8} />
            <Button label={t('feedback.saveDraft')} />
          </form>
        </>
      ) : (
        ''
      )}
      {p.perms.canContribute && open ? (
        <form method="post" action={`${base}/phoi-hop`} novalidate>
          <CsrfField ctx={ctx} />
          <Textarea ctx={ctx} name="contribution" label={t('feedback.contribution')} hint={t('feedback.contributionHint')} value={v.contribution} error={e.contribution} rows={4} />
          <Button secondary label={t('feedback.contribute')} />
        </form>
      ) : (
        ''
      )}
      {p.perms.canApprove && item.status === 'answer_pending' ? (
        <>
          <h2 safe>{t('feedback.approval')}</h2>
          <div class="prewrap answer" safe>
            {item.answerDraft ?? ''}
          </div>
          {p.perms.canApproveAnswer ? (
            <form method="post" action={`${base}/duyet`} novalidate>
              <CsrfField ctx={ctx} />
              <Button label={t('feedback.approve')} />
            </form>
          ) : (
            <p class="hint" safe>
              {t('feedback.errors.fourEyes')}
            </p>
          )}
          <form method="post" action={`${base}/tra-lai`} novalidate>
            <CsrfField ctx={ctx} />
            <Textarea ctx={ctx} name="note" id="returnNote" label={t('feedback.returnNote')} value={v.returnNote} error={e.returnNote} rows={3} />
            <Button secondary label={t('feedback.returnDraft')} />
          </form>
        </>
      ) : (
        ''
      )}
      {p.perms.canApprove && open ? (
        <form method="post" action={`${base}/tu-choi`} novalidate>
          <CsrfField ctx={ctx} />
          <Textarea ctx={ctx} name="reason" id="rejectReason" label={t('feedback.rejectReason')} value={v.rejectReason} error={e.rejectReason} rows={3} />
          <Button warning label={t('feedback.reject')} />
        </form>
      ) : (
        ''
      )}
      {p.perms.canRoute && open ? (
        <form method="post" action={`${base}/chuyen`} novalidate>
          <CsrfField ctx={ctx} />
          <Select ctx={ctx} name="orgId" label={t('feedback.reassignTo')} value={v.orgId} options={p.orgOptions} error={e.orgId} emptyLabel="" />
          <Textarea ctx={ctx} name="reason" id="reassignReason" label={t('feedback.reassignReason')} value={v.reassignReason} error={e.reassignReason} rows={2} />
          <Button secondary label={t('feedback.reassign')} />
        </form>
      ) : (
        ''
      )}
      {p.perms.canModerate ? (
        <>
          <h2 safe>{t('feedback.moderation')}</h2>
          <p safe>{t(`feedback.moderationStates.${item.moderation}`)}</p>
          <p class="hint" safe>
            {t('feedback.moderationRule')}
          </p>
          <section class="panel moderation-preview" aria-labelledby="preview-h">
            <h3 id="preview-h" safe>
              {t('feedback.moderationPreview')}
            </h3>
            <p>
              <strong>
                <Masked text={item.titlePublic} />
              </strong>
            </p>
            <p class="prewrap">
              <Masked text={item.bodyPublic} />
            </p>
            <p class="muted" safe>
              {t('feedback.maskedCount', { n: (`${item.titlePublic}\n${item.bodyPublic}`.match(PLACEHOLDER_RE) ?? []).length })}
            </p>
          </section>
          <form method="post" action={`${base}/kiem-duyet`} novalidate>
            <CsrfField ctx={ctx} />
            <TextInput ctx={ctx} name="titlePublic" label={t('feedback.titlePublic')} value={v.titlePublic ?? item.titlePublic} />
            <Textarea ctx={ctx} name="bodyPublic" label={t('feedback.bodyPublic')} value={v.bodyPublic ?? item.bodyPublic} rows={6} />
            <Textarea ctx={ctx} name="maskMore" label={t('feedback.maskMore')} hint={t('feedback.maskMoreHint')} value={v.maskMore} error={e.maskMore} optional rows={3} />
            <Textarea ctx={ctx} name="reason" id="hideReason" label={t('feedback.hideReason')} value={v.hideReason} error={e.hideReason} optional rows={2} />
            <Button name="action" value="approve" label={t('feedback.publish')} />{' '}
            <Button name="action" value="hide" warning label={t('feedback.hide')} />
          </form>
        </>
      ) : (
        ''
      )}
      {p.perms.canChase ? (
        <p>
          <a href={`/quan-tri/phan-anh/don-doc/${item.orgId}.docx`} safe>
            {t('feedback.chasingLetter')}
          </a>
        </p>
      ) : (
        ''
      )}
      <h2 safe>{t('feedback.timeline')}</h2>
      <Timeline ctx={ctx} events={p.events} />
    </Layout>
  );
}

export function CalendarPage(p: { ctx: PageContext; rows: Array<{ day: string; kind: string; name: string; source: string }>; limits: Record<string, number>; errors?: FieldErrors; values?: Record<string, string> }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  return (
    <Layout ctx={ctx} title={t('feedback.calendarTitle')} staff hasErrors={Object.keys(e).length > 0}>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{t('feedback.calendarTitle')}</h1>
      <p safe>{t('feedback.limitsText', { reject: p.limits.reject ?? 2, info: p.limits.request_info ?? 5, answer: p.limits.answer ?? 15, publish: p.limits.publish ?? 2 })}</p>
      <form method="post" action="/quan-tri/phan-anh/lich" novalidate>
        <CsrfField ctx={ctx} />
        <TextInput ctx={ctx} name="day" label={t('feedback.calDay')} hint={t('organisations.dateHint')} value={p.values?.day} error={e.day} width="short" />
        <Radios ctx={ctx} name="kind" label={t('feedback.calKind')} value={p.values?.kind ?? 'holiday'} error={e.kind} options={[{ value: 'holiday', label: t('feedback.calHoliday') }, { value: 'workday', label: t('feedback.calWorkday') }]} inline />
        <TextInput ctx={ctx} name="name" label={t('feedback.calName')} value={p.values?.name} error={e.name} />
        <Button label={t('form.save')} />
      </form>
      <TableRegion label={t('feedback.calendarTitle')}>
      <table class="table">
        <thead>
          <tr>
            {['day', 'kind', 'title', 'source', 'actions'].map((c) => (
              <th scope="col" safe>
                {t(`feedback.cols.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td safe>{formatDate(r.day)}</td>
              <td safe>{t(r.kind === 'holiday' ? 'feedback.calHoliday' : 'feedback.calWorkday')}</td>
              <td safe>{r.name}</td>
              <td safe>{r.source}</td>
              <td>
                <form method="post" action="/quan-tri/phan-anh/lich/xoa">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="day" value={r.day} />
                  <Button secondary label={t('feedback.calRemove')} />
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
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

import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, SummaryList, asHtml, type SummaryHtml, TextInput, TableRegion } from '../../platform/views/components.tsx';
import { formatDate, formatNumber } from '../../platform/i18n/i18n.ts';
import type { DimRow, LeagueRow, LedgerRow, PaknBreakdown, SectorFigure } from './feedback.metrics.ts';
import { SECTOR_TARGET } from './feedback.sectors.ts';
import { pctText } from './feedback.view-parts.tsx';

// Feedback reports: the Decision 766 metrics dashboard and the public ledger.

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

import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, Checkbox, CsrfField, ErrorSummary, Radios, Select, SummaryList, Textarea, TextInput, type FieldErrors, TableRegion, Tag, type TagTone } from '../../platform/views/components.tsx';
import { formatDate, formatNumber } from '../../platform/i18n/i18n.ts';
import type { KpiRow, ValueRow } from './kpis.repo.ts';
import type { ImportError, ImportRow, KpiStatus, PeriodFigure, SeriesPoint } from './kpis.service.ts';
import { barChartSvg, lineChartSvg } from './charts.ts';
import { META_FIELDS, reportBody, type ReportMeta, type ReportModel } from './plans.report.ts';

export interface DashRow {
  kpi: KpiRow;
  value: number | null;
  period: string | null;
  source: string | null;
  target: number | null;
  status: KpiStatus;
  series: Array<{ period: string; value: number }>;
  n: number | null;
  lowSample: boolean;
  minSample?: number;
  partial: boolean;
}

/** The small-sample warning beside a computed figure (n below the owning module's minimum). */
export function LowSample({ ctx, n, min }: { ctx: PageContext; n: number | null; min?: number }): JSX.Element {
  return (
    <span class="tag tag-warning" safe>
      {ctx.t('plans.lowSample', { n: formatNumber(n ?? 0), min: formatNumber(min ?? 0) })}
    </span>
  );
}

const num = (n: number | null | undefined, unit = '') => (n == null ? '' : `${formatNumber(n)}${unit === '%' ? '%' : unit ? ` ${unit}` : ''}`);

const KPI_TONES: Partial<Record<KpiStatus, TagTone>> = { met: 'success', near: 'warning', behind: 'danger' };

export function KpiStatusTag({ ctx, status }: { ctx: PageContext; status: KpiStatus }): JSX.Element {
  return <Tag label={ctx.t(`plans.kpiStatus.${status}`)} tone={KPI_TONES[status]} />;
}

/** "2024: 30% → 2025: 41,5%" — the last four province values. */
function trendText(r: DashRow): string {
  return r.series.length > 1 ? r.series.slice(-4).map((x) => `${x.period}: ${num(x.value, r.kpi.unit)}`).join(' → ') : '–';
}

/** Target vs actual table (the accessible data beside the chart). */
function KpiTable({ ctx, rows, linkBase }: { ctx: PageContext; rows: DashRow[]; linkBase: string | null }): JSX.Element {
  const { t } = ctx;
  return (
    <TableRegion label={t('plans.kpiTableCaption')}>
    <table class="table table-small">
      <caption safe>{t('plans.kpiTableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col" safe>
            {t('plans.kpi')}
          </th>
          <th scope="col" safe>
            {t('plans.target2025')}
          </th>
          <th scope="col" safe>
            {t('plans.target2030')}
          </th>
          <th scope="col" safe>
            {t('plans.actual')}
          </th>
          <th scope="col" safe>
            {t('plans.periodLabel')}
          </th>
          <th scope="col" safe>
            {t('plans.kpiStatusLabel')}
          </th>
          <th scope="col" safe>
            {t('plans.trendShort')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>
              {linkBase ? (
                <a href={`${linkBase}/${r.kpi.id}`} lang="vi" safe>
                  {r.kpi.nameVi}
                </a>
              ) : (
                <span lang="vi" safe>
                  {r.kpi.nameVi}
                </span>
              )}
            </td>
            <td lang={unitLang(r.kpi.unit)} safe>{r.kpi.target2025 == null ? '–' : `${num(r.kpi.target2025, r.kpi.unit)}${r.kpi.target2025Max != null ? `–${num(r.kpi.target2025Max, r.kpi.unit)}` : ''}`}</td>
            <td lang={unitLang(r.kpi.unit)} safe>{r.kpi.target2030 == null ? '–' : num(r.kpi.target2030, r.kpi.unit)}</td>
            <td>
              <span lang={unitLang(r.kpi.unit)} safe>{r.value == null ? t('plans.noData') : num(r.value, r.kpi.unit)}</span>
              {r.lowSample ? (
                <>
                  {' '}
                  <LowSample ctx={ctx} n={r.n} min={r.minSample} />
                </>
              ) : (
                ''
              )}
            </td>
            <td safe>{r.period === 'now' ? t('plans.live') : r.period ? `${r.period}${r.partial ? ` (${t('plans.soFar')})` : ''}` : '–'}</td>
            <td>
              <KpiStatusTag ctx={ctx} status={r.status} />
            </td>
            <td lang={unitLang(r.kpi.unit)} safe>{trendText(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableRegion>
  );
}

/** Units such as "lượt" or "hướng dẫn" are Vietnamese data: mark their cells for the English interface. */
const unitLang = (unit: string) => (/[a-zà-ỹ]/i.test(unit) ? 'vi' : undefined);

export function KpiDashboardPage(p: {
  ctx: PageContext;
  rows: DashRow[];
  canManage: boolean;
  notReported: Array<{ taskRef: string; orgName: string; year: number }>;
  isPublic?: boolean;
  progress?: { year: number; overall: number; sections: Array<{ section: string; title: string; progress: number }> } | null;
}): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const pctRows = p.rows.filter((r) => r.kpi.unit === '%');
  const safeChart = barChartSvg(
    t('plans.kpiChartTitle'),
    pctRows.map((r) => ({ label: r.kpi.nameVi, value: r.value, target: r.target, status: r.status })),
    { unit: '%', max: 100 },
  );
  const title = p.isPublic ? t('plans.publicKpiTitle') : t('plans.kpiDashboard');
  const exportBase = p.isPublic ? '/chi-tieu' : '/quan-tri/chi-so/xuat';
  return (
    <Layout ctx={ctx} title={title} staff={!p.isPublic}>
      <h1 safe>{title}</h1>
      <p class="lead" safe>
        {p.isPublic ? t('plans.publicKpiLead') : t('plans.kpiDashboardLead')}
      </p>
      <p>
        <a href={`${exportBase}.csv`} safe>
          {t('plans.exportCsv')}
        </a>{' '}
        ·{' '}
        <a href={`${exportBase}.xlsx`} safe>
          {t('plans.exportXlsx')}
        </a>
        {p.canManage ? (
          <>
            {' '}
            ·{' '}
            <a href="/quan-tri/chi-so/nhap" safe>
              {t('plans.importValues')}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
      <p class="muted" safe>
        {t('plans.legend')}
      </p>
      <figure class="chart">
        {safeChart}
        <KpiTable ctx={ctx} rows={p.rows} linkBase={p.isPublic ? null : '/quan-tri/chi-so'} />
      </figure>
      {p.progress ? <PlanProgress ctx={ctx} progress={p.progress} /> : ''}
      {!p.isPublic ? (
        <>
          <h2 safe>{t('plans.notReportedTitle')}</h2>
          {p.notReported.length ? (
            <ul class="list">
              {p.notReported.slice(0, 200).map((x) => (
                <li safe>{`${x.year} · ${x.taskRef} – ${x.orgName}`}</li>
              ))}
            </ul>
          ) : (
            <p class="muted" safe>
              {t('plans.noneNotReported')}
            </p>
          )}
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

function PlanProgress({ ctx, progress }: { ctx: PageContext; progress: NonNullable<Parameters<typeof KpiDashboardPage>[0]['progress']> }): JSX.Element {
  const { t } = ctx;
  const safeChart = barChartSvg(
    t('plans.publicProgressTitle', { year: progress.year }),
    progress.sections.map((s) => ({ label: `${s.section}. ${s.title}`, value: s.progress })),
    { unit: '%', max: 100 },
  );
  return (
    <section>
      <h2 safe>{t('plans.publicProgressTitle', { year: progress.year })}</h2>
      <p safe>{t('plans.publicProgressLead', { overall: formatNumber(progress.overall, 0) })}</p>
      <figure class="chart">
        {safeChart}
        <TableRegion label={t('plans.publicProgressTitle', { year: progress.year })}>
        <table class="table table-small">
          <caption safe>{t('plans.publicProgressTitle', { year: progress.year })}</caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('plans.section')}
              </th>
              <th scope="col" safe>
                {t('plans.progress')}
              </th>
            </tr>
          </thead>
          <tbody>
            {progress.sections.map((s) => (
              <tr>
                <td lang="vi" safe>
                  {`${s.section}. ${s.title}`}
                </td>
                <td safe>{`${formatNumber(s.progress)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableRegion>
      </figure>
    </section>
  );
}

export function KpiDetailPage(p: {
  ctx: PageContext;
  kpi: KpiRow;
  series: SeriesPoint[];
  byOrg: Array<ValueRow & { orgName: string }>;
  periods: string[];
  period: string;
  computed: PeriodFigure;
  ownerName: string | null;
  canManage: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
}): JSX.Element {
  const { ctx, kpi } = p;
  const { t } = ctx;
  const e = p.errors ?? {};
  const v = p.values ?? {
    nameVi: kpi.nameVi,
    numeratorDef: kpi.numeratorDef,
    denominatorDef: kpi.denominatorDef,
    legalRef: kpi.legalRef,
    target2025: kpi.target2025 == null ? '' : String(kpi.target2025),
    target2030: kpi.target2030 == null ? '' : String(kpi.target2030),
    direction: kpi.direction,
    frequency: kpi.frequency,
    refVerified: kpi.refVerified ? 'on' : '',
    published: kpi.published ? 'on' : '',
  };
  const safeTrend = lineChartSvg(t('plans.trendTitle', { name: kpi.nameVi }), p.series.map((s) => ({ label: s.period, value: s.value })), kpi.target2025, { unit: kpi.unit === '%' ? '%' : '' });
  const safeOrgChart = barChartSvg(t('plans.byOrgTitle', { period: p.period }), p.byOrg.map((o) => ({ label: o.orgName, value: o.value, target: kpi.target2025 })), { unit: kpi.unit === '%' ? '%' : '' });
  return (
    <Layout ctx={ctx} title={kpi.nameVi} staff hasErrors={Object.keys(e).length > 0}>
      <a href="/quan-tri/chi-so" class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={e} />
      <span class="muted mono" safe>
        {kpi.code}
      </span>
      <h1 safe>{kpi.nameVi}</h1>
      <SummaryList
        rows={[
          [t('plans.numerator'), kpi.numeratorDef || '–'],
          [t('plans.denominator'), kpi.denominatorDef || '–'],
          [t('plans.unit'), kpi.unit],
          [t('plans.direction'), t(`plans.directions.${kpi.direction}`)],
          [t('plans.target2025'), kpi.target2025 == null ? '–' : num(kpi.target2025, kpi.unit)],
          [t('plans.target2030'), kpi.target2030 == null ? '–' : num(kpi.target2030, kpi.unit)],
          [t('plans.source'), `${t(`plans.sources.${kpi.source}`)}${kpi.statName ? ` (${kpi.statName})` : ''}`],
          [t('plans.legalRef'), `${kpi.legalRef || '–'} · ${kpi.refVerified ? t('plans.verified') : t('plans.unverified')}`],
          [t('plans.frequency'), t(`plans.frequencies.${kpi.frequency}`)],
          [t('plans.owner'), p.ownerName ?? '–'],
          [t('plans.cutoffRule'), kpi.cutoffRule || '–'],
          [t('plans.formulaVersion'), String(kpi.formulaVersion)],
          [t('plans.validFrom'), formatDate(kpi.validFrom)],
        ]}
      />
      {kpi.statName ? (
        <p class="notice">
          <span safe>{p.computed.value != null ? t('plans.computedFor', { value: num(p.computed.value, kpi.unit), period: p.computed.period === 'now' ? t('plans.live') : (p.computed.period ?? '') }) : t('plans.noData')}</span>
          {p.computed.lowSample ? (
            <>
              {' '}
              <LowSample ctx={ctx} n={p.computed.n} min={p.computed.minSample} />
            </>
          ) : (
            ''
          )}
        </p>
      ) : (
        ''
      )}
      <h2 safe>{t('plans.trend')}</h2>
      <figure class="chart">
        {safeTrend}
        <TableRegion label={t('plans.trend')}>
        <table class="table table-small">
          <caption safe>{t('plans.trend')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('plans.periodLabel')}
              </th>
              <th scope="col" safe>
                {t('plans.numerator')}
              </th>
              <th scope="col" safe>
                {t('plans.denominator')}
              </th>
              <th scope="col" safe>
                {t('plans.actual')}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.series.length ? (
              p.series.map((s) => (
                <tr>
                  <td safe>{s.period}</td>
                  <td safe>{num(s.numerator)}</td>
                  <td safe>{num(s.denominator)}</td>
                  <td>
                    <span safe>{`${num(s.value, kpi.unit)}${s.partial ? ` (${t('plans.soFar')})` : ''}`}</span>
                    {s.lowSample ? (
                      <>
                        {' '}
                        <LowSample ctx={ctx} n={s.n} min={s.minSample} />
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              ))
            ) : (
              <tr>
                <td colspan="4" safe>
                  {t('plans.noData')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        </TableRegion>
      </figure>
      <h2 safe>{t('plans.drillDown')}</h2>
      {p.periods.length ? (
        <form method="get" class="filters">
          <Select ctx={ctx} name="ky" label={t('plans.periodLabel')} value={p.period} options={p.periods.map((x) => ({ value: x, label: x }))} />
          <Button secondary label={t('form.filter')} />
        </form>
      ) : (
        ''
      )}
      <figure class="chart">
        {p.byOrg.length ? safeOrgChart : ''}
        <TableRegion label={t('plans.byOrgTitle', { period: p.period || '–' })}>
        <table class="table table-small">
          <caption safe>{t('plans.byOrgTitle', { period: p.period || '–' })}</caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('plans.agency')}
              </th>
              <th scope="col" safe>
                {t('plans.actual')}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.byOrg.length ? (
              p.byOrg.map((o) => (
                <tr>
                  <td safe>{o.orgName}</td>
                  <td safe>{num(o.value, kpi.unit)}</td>
                </tr>
              ))
            ) : (
              <tr>
                <td colspan="2" safe>
                  {t('plans.noData')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        </TableRegion>
      </figure>
      {p.canManage ? (
        <section class="panel">
          <h2 safe>{t('plans.editKpi')}</h2>
          <form method="post" action={`/quan-tri/chi-so/${kpi.id}`} novalidate>
            <CsrfField ctx={ctx} />
            <TextInput ctx={ctx} name="nameVi" label={t('plans.kpiName')} value={v.nameVi} error={e.nameVi} />
            <Textarea ctx={ctx} name="numeratorDef" label={t('plans.numerator')} value={v.numeratorDef} rows={2} optional />
            <Textarea ctx={ctx} name="denominatorDef" label={t('plans.denominator')} value={v.denominatorDef} rows={2} optional />
            <TextInput ctx={ctx} name="target2025" label={t('plans.target2025')} value={v.target2025} error={e.target2025} width="short" optional />
            <TextInput ctx={ctx} name="target2030" label={t('plans.target2030')} value={v.target2030} error={e.target2030} width="short" optional />
            <Select
              ctx={ctx}
              name="direction"
              label={t('plans.direction')}
              value={v.direction}
              options={[
                { value: 'up', label: t('plans.directions.up') },
                { value: 'down', label: t('plans.directions.down') },
              ]}
            />
            <Select ctx={ctx} name="frequency" label={t('plans.frequency')} value={v.frequency} options={['year', 'quarter', 'month'].map((f) => ({ value: f, label: t(`plans.frequencies.${f}`) }))} />
            <TextInput ctx={ctx} name="legalRef" label={t('plans.legalRef')} value={v.legalRef} error={e.legalRef} optional />
            <Checkbox name="refVerified" label={t('plans.refVerifiedLabel')} checked={v.refVerified === 'on'} />
            <Checkbox name="published" label={t('plans.publishedLabel')} checked={v.published === 'on'} />
            <Button label={t('form.save')} />
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/**
 * The page's own example, in the Vietnamese convention a spreadsheet in vi locale writes: columns separated by
 * semicolons, decimal comma. It imports as is (48,5 → 48.5); a test pastes it.
 */
export const KPI_IMPORT_EXAMPLE = 'kpi;period;org;numerator;denominator;value\nDVCTT_FULLY_ONLINE_RATE;2025;;7200;10000;\nADULT_DVCTT_USERS_RATE;2025;XA-11953;;;48,5';

export function KpiImportPage(p: {
  ctx: PageContext;
  errors?: FieldErrors;
  preview?: { batchId: string; fileName: string; rows: ImportRow[]; errors: ImportError[] };
  values?: Record<string, string>;
}): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const e = p.errors ?? {};
  return (
    <Layout ctx={ctx} title={t('plans.importTitle')} staff hasErrors={Object.keys(e).length > 0 || Boolean(p.preview?.errors.length)}>
      <a href="/quan-tri/chi-so" class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{t('plans.importTitle')}</h1>
      {p.preview ? (
        <>
          <h2 safe>{t('plans.previewTitle', { file: p.preview.fileName })}</h2>
          {p.preview.errors.length ? (
            <div class="error-summary" role="alert">
              <h3 safe>{t('plans.rowErrors', { count: p.preview.errors.length })}</h3>
              <TableRegion label={t('plans.rowErrors', { count: p.preview.errors.length })}>
              <table class="table table-small">
                <caption class="visually-hidden" safe>
                  {t('plans.rowErrors', { count: p.preview.errors.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" safe>
                      {t('plans.line')}
                    </th>
                    <th scope="col" safe>
                      {t('plans.column')}
                    </th>
                    <th scope="col" safe>
                      {t('plans.problem')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.preview.errors.slice(0, 200).map((x) => (
                    <tr>
                      <td safe>{String(x.line)}</td>
                      <td safe>{x.column}</td>
                      <td safe>{x.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </TableRegion>
              <p safe>{t('plans.nothingWritten')}</p>
            </div>
          ) : (
            <form method="post" action={`/quan-tri/chi-so/nhap/${p.preview.batchId}`} class="panel">
              <CsrfField ctx={ctx} />
              <p safe>{t('plans.readyToCommit', { count: p.preview.rows.length })}</p>
              <Button label={t('plans.commitImport')} />
            </form>
          )}
          <TableRegion label={t('plans.validRows', { count: p.preview.rows.length })}>
          <table class="table table-small">
            <caption safe>{t('plans.validRows', { count: p.preview.rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('plans.line')}
                </th>
                <th scope="col" safe>
                  {t('plans.kpi')}
                </th>
                <th scope="col" safe>
                  {t('plans.periodLabel')}
                </th>
                <th scope="col" safe>
                  {t('plans.agency')}
                </th>
                <th scope="col" safe>
                  {t('plans.actual')}
                </th>
              </tr>
            </thead>
            <tbody>
              {p.preview.rows.slice(0, 200).map((r) => (
                <tr>
                  <td safe>{String(r.line)}</td>
                  <td safe>{r.kpiCode}</td>
                  <td safe>{r.period}</td>
                  <td safe>{r.orgCode || t('plans.province')}</td>
                  <td safe>{num(r.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableRegion>
        </>
      ) : (
        ''
      )}
      <h2 safe>{t('plans.uploadTitle')}</h2>
      <p safe>{t('plans.importHelp')}</p>
      <pre class="mono">
        {KPI_IMPORT_EXAMPLE}
      </pre>
      <form method="post" action="/quan-tri/chi-so/nhap" enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        <div class={`form-group${e.file ? ' has-error' : ''}`}>
          <label class="label" for="file" safe>
            {t('plans.file')}
          </label>
          {e.file ? (
            <p id="file-error" class="error-message">
              <span safe>{e.file}</span>
            </p>
          ) : (
            ''
          )}
          <input class="input" type="file" id="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        </div>
        <Textarea ctx={ctx} name="csv" label={t('plans.pasteCsv')} value={p.values?.csv ?? ''} rows={5} optional />
        <Radios
          ctx={ctx}
          name="numberFormat"
          label={t('plans.numberFormat')}
          value={p.values?.numberFormat ?? 'vi'}
          options={[
            { value: 'vi', label: t('plans.numberFormats.vi') },
            { value: 'en', label: t('plans.numberFormats.en') },
          ]}
        />
        <Button label={t('plans.previewImport')} />
      </form>
    </Layout>
  );
}

export function ProvincialReportPage(p: { ctx: PageContext; model: ReportModel; cycleId: string; canManage: boolean; errors?: FieldErrors; values?: Record<string, string> }): JSX.Element {
  const { ctx, model } = p;
  const { t } = ctx;
  const e = p.errors ?? {};
  const v: Record<string, string> = p.values ?? (model.meta as unknown as Record<string, string>);
  const long = new Set(['summary', 'results', 'limitations', 'proposals', 'recipients', 'signerAuthority']);
  return (
    <Layout ctx={ctx} title={t('plans.provincialReport')} staff hasErrors={Object.keys(e).length > 0}>
      <a href={`/quan-tri/ke-hoach/ky/${p.cycleId}`} class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{t('plans.provincialReport')}</h1>
      <p>
        <a class="button" href={`/quan-tri/ke-hoach/ky/${p.cycleId}/bao-cao-tinh.docx`} safe>
          {t('plans.downloadDocx')}
        </a>{' '}
        <a class="button button-secondary" href={`/quan-tri/ke-hoach/ky/${p.cycleId}/bao-cao-tinh.xlsx`} safe>
          {t('plans.downloadXlsx')}
        </a>
      </p>
      <section class="panel" aria-labelledby="preview-h">
        <h2 id="preview-h" safe>
          {t('plans.preview')}
        </h2>
        <p safe>{model.meta.agency}</p>
        <p safe>{`Số: ${model.meta.number || '…'}/${model.meta.symbol}`}</p>
        <p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM – Độc lập - Tự do - Hạnh phúc</p>
        <p>
          <em safe>{`${model.meta.place}, ${formatDate(model.meta.date)}`}</em>
        </p>
        <h3>BÁO CÁO</h3>
        <p>
          <strong safe>{model.meta.subject}</strong>
        </p>
        {reportBody(model).map((b) => (b.kind === 'heading' ? <h4 safe>{b.text}</h4> : <p safe>{b.text}</p>))}
      </section>
      {p.canManage ? (
        <section>
          <h2 safe>{t('plans.editNarrative')}</h2>
          <form method="post" action={`/quan-tri/ke-hoach/ky/${p.cycleId}/bao-cao-tinh`} novalidate>
            <CsrfField ctx={ctx} />
            {META_FIELDS.map((f: keyof ReportMeta) =>
              long.has(f) ? (
                <Textarea ctx={ctx} name={f} label={t(`plans.meta.${f}`)} value={v[f] ?? ''} error={e[f]} rows={f === 'recipients' || f === 'signerAuthority' ? 4 : 6} optional />
              ) : (
                <TextInput ctx={ctx} name={f} label={t(`plans.meta.${f}`)} value={f === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v[f] ?? '') ? formatDate(v[f]) : v[f]} error={e[f]} optional={f === 'number' || f === 'parentAgency' || f === 'signerName'} />
              ),
            )}
            <Button label={t('form.save')} />
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

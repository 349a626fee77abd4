import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, Checkbox, CsrfField, ErrorSummary, Radios, Select, SummaryList, TableRegion, Textarea, TextInput, type FieldErrors } from '../../platform/views/components.tsx';
import { formatDate, formatNumber } from '../../platform/i18n/i18n.ts';
import type { SurveyRow } from './surveys.repo.ts';
import type { Figure, Results, StratumFigure } from './surveys.results.ts';
import { matrixKey, visible, type Question } from './surveys.instruments.ts';
import type { RowError } from './surveys.frame.ts';

const pct = (v: number | null | undefined) => (v == null ? '–' : `${formatNumber(v * 100, 1)} %`);
const title = (s: SurveyRow, ctx: PageContext) => (ctx.locale === 'en' ? s.title_en : s.title_vi);

export function ListPage({ ctx, surveys }: { ctx: PageContext; surveys: SurveyRow[] }): JSX.Element {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('surveys.listTitle')}>
      <h1 safe>{t('surveys.listTitle')}</h1>
      <p class="lead" safe>
        {t('surveys.listLead')}
      </p>
      {surveys.length === 0 ? <p safe>{t('surveys.none')}</p> : ''}
      <ul class="list-plain">
        {surveys.map((s) => (
          <li class="card">
            <h2>
              <a href={`/khao-sat/${s.id}`} safe>
                {title(s, ctx)}
              </a>
            </h2>
            <p>
              <strong class="tag" safe>
                {t(`surveys.status.${s.status}`)}
              </strong>{' '}
              <span safe>{`${t(`surveys.kind.${s.kind}`)} · ${t(`surveys.access.${s.access}`)} · ${t('surveys.dates', { from: formatDate(s.opens_on), to: formatDate(s.closes_on) })}`}</span>
            </p>
            {s.published ? (
              <p>
                <a href={`/khao-sat/${s.id}/ket-qua`} safe>
                  {t('surveys.resultsLink')}
                </a>
              </p>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function QuestionField({ ctx, q, values, errors }: { ctx: PageContext; q: Question; values: Record<string, unknown>; errors: FieldErrors }): JSX.Element {
  const t = ctx.t;
  const label = q.text[ctx.locale === 'en' ? 'en' : 'vi'];
  const optional = !q.required;
  const str = (k: string) => (values[k] === undefined ? '' : String(values[k]));
  const scaleOptions = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));
  const branch = q.showIf ? <p class="hint" safe>{`${t('surveys.optional')}`}</p> : '';
  switch (q.type) {
    case 'scale':
      return <Radios ctx={ctx} name={q.id} label={label} value={str(q.id)} options={scaleOptions} error={errors[q.id]} inline optional={optional} hint={t('surveys.matrixHint')} />;
    case 'single':
      return <Radios ctx={ctx} name={q.id} label={label} value={str(q.id)} options={(q.options ?? []).map((o) => ({ value: o.id, label: o.text[ctx.locale === 'en' ? 'en' : 'vi'] }))} error={errors[q.id]} optional={optional} />;
    case 'multiple': {
      const chosen = new Set(Array.isArray(values[q.id]) ? (values[q.id] as string[]) : values[q.id] ? [String(values[q.id])] : []);
      return (
        <div class={`form-group${errors[q.id] ? ' has-error' : ''}`}>
          <fieldset class="fieldset" id={q.id}>
            <legend class="legend">
              <span safe>{label}</span>
              {optional ? <span class="muted" safe>{` ${t('form.optional')}`}</span> : ''}
            </legend>
            {branch}
            {errors[q.id] ? (
              <p class="error-message" id={`${q.id}-error`} safe>
                {errors[q.id]}
              </p>
            ) : (
              ''
            )}
            <div class="checkboxes">
              {(q.options ?? []).map((o, i) => (
                <div class="checkbox">
                  <input type="checkbox" id={i === 0 ? q.id + '-0' : `${q.id}-${i}`} name={q.id} value={o.id} checked={chosen.has(o.id)} />
                  <label for={`${q.id}-${i}`} safe>
                    {o.text[ctx.locale === 'en' ? 'en' : 'vi']}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      );
    }
    case 'matrix':
      return (
        <div class="form-group">
          <fieldset class="fieldset" id={q.id}>
            <legend class="legend">
              <span safe>{label}</span>
              {optional ? <span class="muted" safe>{` ${t('form.optional')}`}</span> : ''}
            </legend>
            {(q.options ?? []).map((row) => (
              <Radios ctx={ctx} name={matrixKey(q, row.id)} label={row.text[ctx.locale === 'en' ? 'en' : 'vi']} value={str(matrixKey(q, row.id))} options={scaleOptions} error={errors[matrixKey(q, row.id)]} inline optional={optional} />
            ))}
          </fieldset>
        </div>
      );
    case 'short':
      return <TextInput ctx={ctx} name={q.id} label={label} value={str(q.id)} error={errors[q.id]} optional={optional} />;
    case 'long':
      return <Textarea ctx={ctx} name={q.id} label={label} value={str(q.id)} error={errors[q.id]} optional={optional} rows={4} />;
    case 'number':
      return <TextInput ctx={ctx} name={q.id} label={label} value={str(q.id)} error={errors[q.id]} optional={optional} width="short" inputmode="numeric" />;
  }
}

/**
 * The questionnaire. Without JavaScript, branching works by showing every question whose condition is met by
 * the answers so far and marking conditional ones as optional-if-relevant: the server ignores answers to
 * questions that do not apply, and asks again (422) only for a required one that does.
 */
export function FormPage(p: { ctx: PageContext; survey: SurveyRow; token?: string; values: Record<string, unknown>; errors?: FieldErrors; message?: string; signedIn?: boolean; interview?: { modes: string[]; dossierId: string; mode: string } }): JSX.Element {
  const { ctx, survey } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  const action = p.interview ? `/quan-tri/khao-sat/${survey.id}/phong-van` : `/khao-sat/${survey.id}`;
  const targets: Record<string, string> = {};
  for (const q of survey.questions) if (q.type === 'scale' || q.type === 'single' || q.type === 'multiple') targets[q.id] = `${q.id}-0`;
  for (const k of Object.keys(e)) if (k.includes('.')) targets[k] = `${k}-0`;
  // Conditional questions are shown when their condition holds on the answers given so far, or before any answer.
  const answered = Object.keys(p.values).length > 0;
  const shown = survey.questions.filter((q) => !q.showIf || !answered || visible(q, p.values as Record<string, string | number | string[]>));
  return (
    <Layout ctx={ctx} title={title(survey, ctx)} hasErrors={Object.keys(e).length > 0} staff={Boolean(p.interview)}>
      <ErrorSummary ctx={ctx} errors={e} targets={targets} />
      <h1 safe>{title(survey, ctx)}</h1>
      {p.message ? (
        <div class="panel panel-confirmation" role="status">
          <p safe>{p.message}</p>
        </div>
      ) : (
        ''
      )}
      {survey.access === 'public' && !p.interview ? <p class="hint" safe>{p.signedIn ? t('surveys.signedInOnce') : t('surveys.signInHint')}</p> : ''}
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        {p.token ? <input type="hidden" name="ma" value={p.token} /> : ''}
        {p.interview ? (
          <>
            <TextInput ctx={ctx} name="dossierId" label={t('surveys.staff.dossierId')} value={p.interview.dossierId} error={e.dossierId} width="medium" spellcheck={false} />
            <Radios ctx={ctx} name="mode" label={t('surveys.staff.mode')} value={p.interview.mode} options={p.interview.modes.map((m) => ({ value: m, label: t(`surveys.mode.${m}`) }))} error={e.mode} />
          </>
        ) : (
          ''
        )}
        {shown.map((q) => (
          <QuestionField ctx={ctx} q={q} values={p.values} errors={e} />
        ))}
        <div class="visually-hidden" aria-hidden="true">
          <label for="website">Website</label>
          <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value="" />
        </div>
        <div class="button-group">
          <Button label={t('surveys.submit')} name="action" value="submit" />
          {p.token ? <Button label={t('surveys.saveDraft')} name="action" value="save" secondary /> : ''}
        </div>
      </form>
    </Layout>
  );
}

export function InfoPage({ ctx, survey, text, status }: { ctx: PageContext; survey: SurveyRow; text: string; status?: 'thanks' }): JSX.Element {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={status === 'thanks' ? t('surveys.thanksTitle') : title(survey, ctx)}>
      {status === 'thanks' ? (
        <div class="panel panel-confirmation" role="status">
          <h1 safe>{t('surveys.thanksTitle')}</h1>
          <p safe>{text}</p>
        </div>
      ) : (
        <>
          <h1 safe>{title(survey, ctx)}</h1>
          <p safe>{text}</p>
        </>
      )}
      {survey.published ? (
        <p>
          <a href={`/khao-sat/${survey.id}/ket-qua`} safe>
            {t('surveys.resultsLink')}
          </a>
        </p>
      ) : (
        ''
      )}
      <p>
        <a href="/khao-sat" safe>
          {t('surveys.listTitle')}
        </a>
      </p>
    </Layout>
  );
}

export function reasonText(ctx: PageContext, f: Figure, rules: Results['method']['rules']): string {
  if (!f.suppressed || !f.reason) return '';
  return ctx.t(`surveys.reason.${f.reason}`, { n: f.n, min: rules.minRespondents, width: formatNumber(rules.maxHalfWidth * 100, 0) });
}

/** Bars with the 95 % interval as a whisker; a hidden figure has no bar. The table below carries the same figures. */
function chart(titleText: string, figs: Figure[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const rowH = 40;
  const x0 = 0;
  const w = 80; // % of width used by 0–100 %
  const id = `ch-${Math.abs([...titleText].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7))}`;
  const rows = figs
    .map((f, i) => {
      const y = i * rowH;
      const label = `<text x="0" y="${y + 13}" font-size="13" fill="#0b0c0c">${esc(f.label.slice(0, 90))}</text>`;
      if (f.suppressed || f.estimate == null) return `${label}<text x="0" y="${y + 32}" font-size="13" fill="#505a5f">–</text>`;
      const bw = (f.estimate * w).toFixed(2);
      const lo = ((f.ciLow ?? f.estimate) * w + x0).toFixed(2);
      const hi = ((f.ciHigh ?? f.estimate) * w + x0).toFixed(2);
      return `${label}<rect x="0" y="${y + 18}" width="${bw}%" height="14" fill="#1d70b8"/><line x1="${lo}%" x2="${hi}%" y1="${y + 25}" y2="${y + 25}" stroke="#0b0c0c" stroke-width="2"/><text x="${(Number(hi) + 1.5).toFixed(2)}%" y="${y + 31}" font-size="13" fill="#0b0c0c">${esc(pct(f.estimate))}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" width="100%" height="${figs.length * rowH + 4}" role="img" aria-labelledby="${id}"><title id="${id}">${esc(titleText)}</title>${rows}</svg>`;
}

function FigureTable({ ctx, caption, figs, rules }: { ctx: PageContext; caption: string; figs: Figure[]; rules: Results['method']['rules'] }): JSX.Element {
  const t = ctx.t;
  return (
    <TableRegion label={caption}>
      <table class="table">
        <caption safe>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {t('surveys.results.colGroup')}
            </th>
            <th scope="col" class="num" safe>
              {t('surveys.results.colEstimate')}
            </th>
            <th scope="col" safe>
              {t('surveys.results.colInterval')}
            </th>
            <th scope="col" class="num" safe>
              {t('surveys.results.colN')}
            </th>
          </tr>
        </thead>
        <tbody>
          {figs.map((f) => (
            <tr>
              <th scope="row" safe>
                {f.label}
              </th>
              {f.suppressed ? (
                <td colspan="2" safe>
                  {`${t('surveys.results.hidden')}: ${reasonText(ctx, f, rules)}`}
                </td>
              ) : (
                <>
                  <td class="num" safe>
                    {pct(f.estimate)}
                  </td>
                  <td safe>{`${pct(f.ciLow)} – ${pct(f.ciHigh)}`}</td>
                </>
              )}
              <td class="num" safe>
                {formatNumber(f.n)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function StrataTable({ ctx, strata, rules }: { ctx: PageContext; strata: StratumFigure[]; rules: Results['method']['rules'] }): JSX.Element {
  const t = ctx.t;
  const caption = t('surveys.results.strata');
  return (
    <TableRegion label={caption}>
      <table class="table">
        <caption safe>{caption}</caption>
        <thead>
          <tr>
            {['colGroup', 'colFrameN', 'colInvited', 'colN', 'colRate', 'colWeight', 'colEstimate', 'colInterval'].map((k) => (
              <th scope="col" safe>
                {t(`surveys.results.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {strata.map((s) => (
            <tr>
              <th scope="row" safe>
                {s.label}
              </th>
              <td class="num" safe>
                {formatNumber(s.N)}
              </td>
              <td class="num" safe>
                {formatNumber(s.invited)}
              </td>
              <td class="num" safe>
                {formatNumber(s.n)}
              </td>
              <td class="num" safe>
                {pct(s.responseRate)}
              </td>
              <td class="num" safe>
                {s.weight == null ? '–' : formatNumber(s.weight, 1)}
              </td>
              {s.suppressed ? (
                <td colspan="2" safe>
                  {`${t('surveys.results.hidden')}: ${reasonText(ctx, s, rules)}`}
                </td>
              ) : (
                <>
                  <td class="num" safe>
                    {pct(s.estimate)}
                  </td>
                  <td safe>{`${pct(s.ciLow)} – ${pct(s.ciHigh)}`}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

export interface Comparison {
  postUse: { value: number | null; n: number } | null;
  postUseLdi: { value: number | null; n: number } | null;
}

export function ResultsPage({ ctx, survey, results: r, comparison }: { ctx: PageContext; survey: SurveyRow; results: Results; comparison?: Comparison }): JSX.Element {
  const t = ctx.t;
  const d = survey.design;
  const o = r.overall;
  const sampled = r.method.kind === 'stratified';
  const dims: Array<[string, Figure[]]> = [
    [t('surveys.results.byFieldGroup'), r.byFieldGroup],
    [t('surveys.results.byChannel'), r.byChannel],
    [t('surveys.results.byAgency'), r.byAgency],
  ];
  return (
    <Layout ctx={ctx} title={t('surveys.results.title', { title: title(survey, ctx) })}>
      <h1 safe>{t('surveys.results.title', { title: title(survey, ctx) })}</h1>
      {r.questions.length && survey.questions.some((q) => q.satisfaction) ? (
        <div class="panel" role="status">
          {o.suppressed ? (
            <p safe>{`${t('surveys.results.overall')}: ${t('surveys.results.hidden')} — ${reasonText(ctx, o, r.method.rules)}`}</p>
          ) : (
            <>
              <p class="lead">
                <strong safe>{t('surveys.results.headline', { estimate: pct(o.estimate) })}</strong>
              </p>
              <p safe>{`${t('surveys.results.interval', { low: pct(o.ciLow), high: pct(o.ciHigh) })}, ${t('surveys.results.basis', { n: formatNumber(o.n) })}.`}</p>
            </>
          )}
          {sampled && o.responseRate != null ? <p safe>{t('surveys.results.responseRate', { rate: pct(o.responseRate), n: formatNumber(o.n), invited: formatNumber(o.invited) })}</p> : ''}
          {sampled && o.coverage < 1 ? <p safe>{t('surveys.results.coverage', { value: pct(o.coverage) })}</p> : ''}
          {sampled && o.unweighted != null ? <p class="hint" safe>{t('surveys.results.unweighted', { value: pct(o.unweighted) })}</p> : ''}
        </div>
      ) : (
        ''
      )}
      {sampled
        ? dims.map(([name, figs]) => {
            const safeChart = chart(t('surveys.results.chartTitle', { dim: name.toLowerCase() }), figs);
            return (
            <section>
              <h2 safe>{name}</h2>
              {safeChart}
              <FigureTable ctx={ctx} caption={name} figs={figs} rules={r.method.rules} />
            </section>
            );
          })
        : ''}
      {sampled && comparison ? (
        <section>
          <h2 safe>{t('surveys.results.compareTitle')}</h2>
          <SummaryList
            rows={[
              [t('surveys.results.compareSurvey'), o.suppressed ? t('surveys.results.hidden') : `${pct(o.estimate)} (${pct(o.ciLow)} – ${pct(o.ciHigh)}; n = ${formatNumber(o.n)})`],
              [t('surveys.results.comparePostUse'), comparison.postUse?.value != null ? `${formatNumber(comparison.postUse.value, 1)} % (n = ${formatNumber(comparison.postUse.n)})` : t('surveys.results.compareNone')],
              [t('surveys.results.compareLdi'), comparison.postUseLdi?.value != null ? `${formatNumber(comparison.postUseLdi.value, 1)} % (n = ${formatNumber(comparison.postUseLdi.n)})` : t('surveys.results.compareNone')],
            ]}
          />
          <p safe>{t('surveys.results.compareWhy')}</p>
        </section>
      ) : (
        ''
      )}
      {sampled ? (
        <section>
          <h2 safe>{t('surveys.results.strata')}</h2>
          <StrataTable ctx={ctx} strata={r.strata} rules={r.method.rules} />
        </section>
      ) : (
        ''
      )}
      <section>
        <h2 safe>{t('surveys.results.questions')}</h2>
        {r.questions.map((q) => (
          <FigureTable ctx={ctx} caption={`${q.text} (n = ${formatNumber(q.n)})`} figs={q.options} rules={r.method.rules} />
        ))}
      </section>
      <section>
        <h2 safe>{t('surveys.results.modes')}</h2>
        <SummaryList rows={Object.entries(r.modes).map(([m, n]) => [t(`surveys.mode.${m}`), formatNumber(n)] as [string, string])} />
      </section>
      <section>
        <h2 safe>{t('surveys.results.methodTitle')}</h2>
        {sampled && d ? (
          <p safe>
            {t('surveys.results.methodStratified', {
              N: formatNumber(d.N),
              from: formatDate(survey.period_from),
              to: formatDate(survey.period_to),
              n: formatNumber(d.n),
              e: formatNumber(d.e * 100, 0),
              method: t(d.method === 'yamane' ? 'surveys.results.methodYamane' : 'surveys.results.methodCochran'),
              floor: d.floor,
              total: formatNumber(d.total),
            })}
          </p>
        ) : (
          <p safe>{t('surveys.results.methodOpen')}</p>
        )}
        <p safe>{t('surveys.results.rules', { min: r.method.rules.minRespondents, width: formatNumber(r.method.rules.maxHalfWidth * 100, 0) })}</p>
        {r.method.seed ? (
          <>
            <p>
              <span safe>{t('surveys.results.seed', { seed: '' })}</span>
              <code safe>{r.method.seed}</code>
            </p>
            <p class="hint" safe>
              {t('surveys.results.seedHow')}
            </p>
          </>
        ) : (
          ''
        )}
      </section>
      <section>
        <h2 safe>{t('surveys.results.download')}</h2>
        <ul class="list-plain">
          <li>
            <a href={`/khao-sat/${survey.id}/ket-qua.csv`} safe>
              {t('surveys.results.csv')}
            </a>
          </li>
          <li>
            <a href={`/khao-sat/${survey.id}/ket-qua.xlsx`} safe>
              {t('surveys.results.xlsx')}
            </a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}

// ---- staff ----

export function StaffListPage({ ctx, surveys, instruments, values, errors, canManage }: { ctx: PageContext; surveys: SurveyRow[]; instruments: Array<{ id: string; title_vi: string; title_en: string; version: number }>; values: Record<string, string>; errors?: FieldErrors; canManage: boolean }): JSX.Element {
  const t = ctx.t;
  const e = errors ?? {};
  return (
    <Layout ctx={ctx} title={t('surveys.staff.title')} staff hasErrors={Object.keys(e).length > 0}>
      <ErrorSummary ctx={ctx} errors={e} targets={{ access: 'access-0' }} />
      <h1 safe>{t('surveys.staff.title')}</h1>
      <TableRegion label={t('surveys.staff.title')}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col" safe>
                {t('surveys.staff.titleVi')}
              </th>
              <th scope="col" safe>
                {t('surveys.staff.status')}
              </th>
              <th scope="col" safe>
                {t('surveys.staff.access')}
              </th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((s) => (
              <tr>
                <td>
                  <a href={`/quan-tri/khao-sat/${s.id}`} safe>
                    {title(s, ctx)}
                  </a>
                </td>
                <td safe>{t(`surveys.status.${s.status}`)}</td>
                <td safe>{t(`surveys.access.${s.access}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {canManage ? (
        <ul class="list-plain">
          {instruments.map((i) => (
            <li>
              <a href={`/quan-tri/khao-sat/bo-cau-hoi/${i.id}`} safe>{`${t('surveys.builder.link')}: ${ctx.locale === 'en' ? i.title_en : i.title_vi} (v${i.version})`}</a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {canManage ? (
        <section>
          <h2 safe>{t('surveys.staff.new')}</h2>
          <form method="post" action="/quan-tri/khao-sat" novalidate>
            <CsrfField ctx={ctx} />
            <Select ctx={ctx} name="instrumentId" label={t('surveys.staff.instrument')} value={values.instrumentId} options={instruments.map((i) => ({ value: i.id, label: `${ctx.locale === 'en' ? i.title_en : i.title_vi} (v${i.version})` }))} error={e.instrumentId} />
            <TextInput ctx={ctx} name="id" label={t('surveys.staff.id')} hint={t('surveys.staff.idHint')} value={values.id} error={e.id} width="medium" spellcheck={false} />
            <TextInput ctx={ctx} name="titleVi" label={t('surveys.staff.titleVi')} value={values.titleVi} error={e.titleVi} />
            <TextInput ctx={ctx} name="titleEn" label={t('surveys.staff.titleEn')} value={values.titleEn} error={e.titleEn} optional />
            <Radios ctx={ctx} name="access" label={t('surveys.staff.access')} value={values.access ?? 'invitation'} options={['invitation', 'public'].map((a) => ({ value: a, label: t(`surveys.access.${a}`) }))} error={e.access} />
            <TextInput ctx={ctx} name="opensOn" label={t('surveys.staff.opensOn')} value={values.opensOn} error={e.opensOn} width="short" />
            <TextInput ctx={ctx} name="closesOn" label={t('surveys.staff.closesOn')} value={values.closesOn} error={e.closesOn} width="short" />
            <TextInput ctx={ctx} name="periodFrom" label={t('surveys.staff.periodFrom')} value={values.periodFrom} error={e.periodFrom} width="short" optional />
            <TextInput ctx={ctx} name="periodTo" label={t('surveys.staff.periodTo')} value={values.periodTo} error={e.periodTo} width="short" optional />
            <Button label={t('surveys.staff.create')} />
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function StaffRoundPage(p: {
  ctx: PageContext;
  survey: SurveyRow;
  frameCount: number;
  strata: Array<{ agency: string; field_group: string; channel: string; frame_n: number; sample_n: number; floored: boolean }>;
  counts: Record<string, number>;
  importResult?: { count: number; errors: RowError[] };
  errors?: FieldErrors;
  canManage: boolean;
  canInterview: boolean;
  publicLink: string;
}): JSX.Element {
  const { ctx, survey: s } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  const total = Object.values(p.counts).reduce((a, b) => a + b, 0);
  return (
    <Layout ctx={ctx} title={title(s, ctx)} staff hasErrors={Object.keys(e).length > 0 || Boolean(p.importResult?.errors.length)}>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{title(s, ctx)}</h1>
      <SummaryList
        rows={[
          [t('surveys.staff.status'), t(`surveys.status.${s.status}`)],
          [t('surveys.staff.access'), t(`surveys.access.${s.access}`)],
          [t('surveys.staff.instrument'), `${s.instrument_id} v${s.version}`],
          [t('surveys.staff.opensOn'), formatDate(s.opens_on)],
          [t('surveys.staff.closesOn'), formatDate(s.closes_on)],
          [t('surveys.staff.publicLink'), p.publicLink],
          ...(s.access === 'invitation'
            ? ([
                [t('surveys.staff.frame'), t('surveys.staff.frameCount', { n: formatNumber(p.frameCount) })],
                [t('surveys.staff.invitations'), t('surveys.staff.invitationsCount', { total: formatNumber(total), completed: formatNumber(p.counts.completed ?? 0), started: formatNumber(p.counts.started ?? 0) })],
              ] as Array<[string, string]>)
            : []),
          ...(s.seed ? ([[t('surveys.results.seed', { seed: '' }), s.seed]] as Array<[string, string]>) : []),
        ]}
      />
      {p.importResult ? (
        p.importResult.errors.length ? (
          <div class="error-summary" role="alert">
            <h2 safe>{t('surveys.staff.frameErrors', { n: p.importResult.errors.length })}</h2>
            <TableRegion label={t('surveys.staff.frameErrors', { n: p.importResult.errors.length })}>
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col" safe>
                      {t('surveys.staff.colLine')}
                    </th>
                    <th scope="col" safe>
                      {t('surveys.staff.colColumn')}
                    </th>
                    <th scope="col" safe>
                      {t('surveys.staff.colMessage')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.importResult.errors.slice(0, 200).map((x) => (
                    <tr>
                      <td safe>{String(x.line)}</td>
                      <td safe>{x.column}</td>
                      <td safe>{x.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          </div>
        ) : (
          <div class="panel panel-confirmation" role="status">
            <p safe>{t('surveys.staff.frameImported', { n: formatNumber(p.importResult.count) })}</p>
          </div>
        )
      ) : (
        ''
      )}
      {p.strata.length ? (
        <TableRegion label={t('surveys.results.strata')}>
          <table class="table">
            <caption safe>{t('surveys.results.strata')}</caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('surveys.results.colGroup')}
                </th>
                <th scope="col" class="num" safe>
                  {t('surveys.results.colFrameN')}
                </th>
                <th scope="col" class="num" safe>
                  {t('surveys.results.colInvited')}
                </th>
              </tr>
            </thead>
            <tbody>
              {p.strata.map((x) => (
                <tr>
                  <th scope="row" safe>{`${x.agency} · ${t(`surveys.fieldGroup.${x.field_group}`)} · ${t(`surveys.channel.${x.channel}`)}`}</th>
                  <td class="num" safe>
                    {formatNumber(x.frame_n)}
                  </td>
                  <td class="num" safe>{`${formatNumber(x.sample_n)}${x.floored ? ' *' : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : (
        ''
      )}
      {p.canManage && s.access === 'invitation' && !s.seed ? (
        <>
          <section>
            <h2 safe>{t('surveys.staff.frameUpload')}</h2>
            <form method="post" action={`/quan-tri/khao-sat/${s.id}/khung-mau?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data">
              <div class={`form-group${e.file ? ' has-error' : ''}`}>
                <label class="label" for="file" safe>
                  {t('surveys.staff.frameUpload')}
                </label>
                <p class="hint" id="file-hint" safe>
                  {t('surveys.staff.frameHint')}
                </p>
                {e.file ? (
                  <p class="error-message" id="file-error" safe>
                    {e.file}
                  </p>
                ) : (
                  ''
                )}
                <input class="file-upload" type="file" id="file" name="file" accept=".csv,.xlsx" aria-describedby="file-hint" />
              </div>
              <Button label={t('surveys.staff.import')} secondary />
            </form>
          </section>
          {p.frameCount > 0 ? (
            <section>
              <h2 safe>{t('surveys.staff.draw')}</h2>
              <form method="post" action={`/quan-tri/khao-sat/${s.id}/chon-mau`} novalidate>
                <CsrfField ctx={ctx} />
                <TextInput ctx={ctx} name="e" label={t('surveys.staff.margin')} value="5" error={e.e} width="short" inputmode="decimal" />
                <TextInput ctx={ctx} name="floor" label={t('surveys.staff.floor')} value="30" error={e.floor} width="short" inputmode="numeric" />
                <Radios ctx={ctx} name="method" label={t('surveys.staff.method')} value="cochran" options={[{ value: 'cochran', label: t('surveys.results.methodCochran') }, { value: 'yamane', label: t('surveys.results.methodYamane') }]} />
                <Button label={t('surveys.staff.draw')} />
              </form>
            </section>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
      <div class="button-group">
        {p.canManage && s.status === 'draft' ? (
          <form method="post" action={`/quan-tri/khao-sat/${s.id}/trang-thai`}>
            <CsrfField ctx={ctx} />
            <Button label={t('surveys.staff.open')} name="status" value="open" />
          </form>
        ) : (
          ''
        )}
        {p.canManage && s.status === 'open' ? (
          <form method="post" action={`/quan-tri/khao-sat/${s.id}/trang-thai`}>
            <CsrfField ctx={ctx} />
            <Button label={t('surveys.staff.close')} name="status" value="closed" warning />
          </form>
        ) : (
          ''
        )}
        {p.canManage && s.status === 'closed' ? (
          <form method="post" action={`/quan-tri/khao-sat/${s.id}/cong-bo`}>
            <CsrfField ctx={ctx} />
            <Button label={s.published ? t('surveys.staff.unpublish') : t('surveys.staff.publish')} name="published" value={s.published ? 'no' : 'yes'} secondary={s.published} />
          </form>
        ) : (
          ''
        )}
      </div>
      <ul class="list-plain">
        {s.seed && p.canManage ? (
          <li>
            <a href={`/quan-tri/khao-sat/${s.id}/duong-dan.csv`} safe>
              {t('surveys.staff.links')}
            </a>
          </li>
        ) : (
          ''
        )}
        {s.seed && p.canInterview && s.status === 'open' ? (
          <li>
            <a href={`/quan-tri/khao-sat/${s.id}/phong-van`} safe>
              {t('surveys.staff.interview')}
            </a>
          </li>
        ) : (
          ''
        )}
        {s.published ? (
          <li>
            <a href={`/khao-sat/${s.id}/ket-qua`} safe>
              {t('surveys.resultsLink')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </Layout>
  );
}

export { Checkbox };

export function BuilderPage(p: { ctx: PageContext; instrument: { id: string; version: number; title_vi: string; title_en: string }; json: string; problems?: string[]; saved?: number }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const problems = p.problems ?? [];
  return (
    <Layout ctx={ctx} title={t('surveys.builder.title', { name: ctx.locale === 'en' ? p.instrument.title_en : p.instrument.title_vi })} staff hasErrors={problems.length > 0}>
      {problems.length ? (
        <div class="error-summary" role="alert" tabindex="-1">
          <h2 safe>{t('surveys.builder.problems')}</h2>
          <ul>
            {problems.map((x) => (
              <li>
                <a href="#questions" safe>
                  {x}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      {p.saved ? (
        <div class="panel panel-confirmation" role="status">
          <p safe>{t('surveys.builder.saved', { version: p.saved })}</p>
        </div>
      ) : (
        ''
      )}
      <h1 safe>{t('surveys.builder.title', { name: ctx.locale === 'en' ? p.instrument.title_en : p.instrument.title_vi })}</h1>
      <p safe>{t('surveys.builder.current', { version: p.instrument.version })}</p>
      <p class="hint" safe>
        {t('surveys.builder.help')}
      </p>
      <form method="post" action={`/quan-tri/khao-sat/bo-cau-hoi/${p.instrument.id}`} novalidate>
        <CsrfField ctx={ctx} />
        <Textarea ctx={ctx} name="questions" label={t('surveys.builder.questions')} value={p.json} rows={30} error={problems.length ? t('surveys.builder.problems') : undefined} />
        <Button label={t('surveys.builder.save')} />
      </form>
    </Layout>
  );
}

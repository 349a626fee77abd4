import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, CsrfField, ErrorSummary, Radios, SummaryList, asHtml, Textarea, TextInput, type FieldErrors, TableRegion, Tag, type TagTone } from '../../platform/views/components.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../platform/i18n/i18n.ts';
import type { CycleRow, PlanRow, ReportRow, TargetRow, TaskRow } from './plans.repo.ts';
import { OUTPUT_KEYS, REPORT_STATUSES, UNKNOWN_AGENCY } from './plans.service.ts';
import { barChartSvg } from './charts.ts';

type Names = Map<string, string>;
const pct = (n: number) => `${formatNumber(n)}%`;

const STATE_TONES: Record<string, TagTone> = { accepted: 'success', returned: 'danger', submitted: 'warning' };
const STATUS_TONES: Record<string, TagTone> = { done: 'success', not_reported: 'danger', in_progress: 'warning' };

function StateTag({ ctx, state }: { ctx: PageContext; state: string }): JSX.Element {
  return <Tag label={ctx.t(`plans.state.${state}`)} tone={STATE_TONES[state]} />;
}

function StatusTag({ ctx, status }: { ctx: PageContext; status: string }): JSX.Element {
  return <Tag label={ctx.t(`plans.status.${status}`)} tone={STATUS_TONES[status]} />;
}

/** An agency list as written: codes shown with their unit names (groups get their plain-language label). */
export function Agencies({ ctx, codes, names }: { ctx: PageContext; codes: string[]; names: Record<string, string> }): JSX.Element {
  if (!codes.length) return <span class="muted">–</span>;
  return <span safe>{codes.map((c) => names[c] ?? ctx.t(`plans.groups.${c}`)).join('; ')}</span>;
}

export function PlansListPage(p: { ctx: PageContext; plans: PlanRow[]; cycles: CycleRow[] }): JSX.Element {
  const { t } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={t('plans.title')} staff>
      <h1 safe>{t('plans.title')}</h1>
      <p class="lead" safe>
        {t('plans.lead')}
      </p>
      <TableRegion label={t('plans.title')}>
      <table class="table">
        <caption class="visually-hidden" safe>
          {t('plans.title')}
        </caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {t('plans.planTitle')}
            </th>
            <th scope="col" safe>
              {t('plans.period')}
            </th>
            <th scope="col" safe>
              {t('plans.cycles')}
            </th>
          </tr>
        </thead>
        <tbody>
          {p.plans.map((pl) => (
            <tr>
              <td>
                <a href={`/quan-tri/ke-hoach/${pl.id}`} safe>
                  {pl.title}
                </a>
              </td>
              <td safe>{`${pl.periodFrom}–${pl.periodTo}`}</td>
              <td>
                {p.cycles
                  .filter((c) => c.planId === pl.id)
                  .map((c) => (
                    <a href={`/quan-tri/ke-hoach/ky/${c.id}`} class="tag" safe>
                      {t('plans.cycleYear', { year: c.year })}
                    </a>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <p>
        <a href="/quan-tri/chi-so" safe>
          {t('plans.kpisNav')}
        </a>
      </p>
    </Layout>
  );
}

export function PlanDetailPage(p: {
  ctx: PageContext;
  plan: PlanRow;
  targets: TargetRow[];
  tasks: TaskRow[];
  cycles: CycleRow[];
  names: Record<string, string>;
  canManage: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
}): JSX.Element {
  const { ctx, plan } = p;
  const { t } = ctx;
  const e = p.errors ?? {};
  const sections = [...new Set(p.tasks.map((x) => x.section))];
  const doc = plan.document as { purposes?: string[]; requirements?: string[] };
  return (
    <Layout ctx={ctx} title={plan.title} staff hasErrors={Object.keys(e).length > 0}>
      <a href="/quan-tri/ke-hoach" class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{plan.title}</h1>
      <SummaryList
        rows={[
          [t('plans.basis'), plan.basis],
          [t('plans.period'), `${plan.periodFrom}–${plan.periodTo}`],
          [t('plans.reportDue'), plan.reportDueText || plan.reportDue],
        ]}
      />
      <h2 safe>{t('plans.cycles')}</h2>
      {p.cycles.length ? (
        <ul class="list">
          {p.cycles.map((c) => (
            <li>
              <a href={`/quan-tri/ke-hoach/ky/${c.id}`} safe>
                {t('plans.cycleYear', { year: c.year })}
              </a>{' '}
              <span class="muted" safe>
                {t('plans.dueOn', { date: formatDate(c.dueDate) })}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted" safe>
          {t('plans.noCycles')}
        </p>
      )}
      {p.canManage ? (
        <form method="post" action={`/quan-tri/ke-hoach/${plan.id}/mo-ky`} novalidate class="panel">
          <CsrfField ctx={ctx} />
          <h3 safe>{t('plans.openCycle')}</h3>
          <TextInput ctx={ctx} name="year" label={t('plans.year')} value={p.values?.year ?? ''} error={e.year} width="short" inputmode="numeric" />
          <TextInput ctx={ctx} name="dueDate" label={t('plans.dueDate')} hint={t('plans.dueHint')} value={p.values?.dueDate ?? ''} error={e.dueDate} width="short" optional />
          <Button label={t('plans.openCycle')} />
        </form>
      ) : (
        ''
      )}
      {doc.purposes?.length ? (
        <details>
          <summary safe>{t('plans.purposes')}</summary>
          <ul class="list">
            {doc.purposes.map((x) => (
              <li safe>{x}</li>
            ))}
          </ul>
          <h3 safe>{t('plans.requirements')}</h3>
          <ul class="list">
            {(doc.requirements ?? []).map((x) => (
              <li safe>{x}</li>
            ))}
          </ul>
        </details>
      ) : (
        ''
      )}
      <h2 safe>{t('plans.targets')}</h2>
      <TableRegion label={t('plans.targets')}>
      <table class="table table-small">
        <caption class="visually-hidden" safe>
          {t('plans.targets')}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col" safe>
              {t('plans.year')}
            </th>
            <th scope="col" safe>
              {t('plans.target')}
            </th>
            <th scope="col" safe>
              {t('plans.value')}
            </th>
          </tr>
        </thead>
        <tbody>
          {p.targets.map((x) => (
            <tr>
              <td safe>{x.ref}</td>
              <td safe>{String(x.year)}</td>
              <td safe>{x.text}</td>
              <td safe>{`${formatNumber(x.value)}${x.valueMax != null ? `–${formatNumber(x.valueMax)}` : ''}${x.unit}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <h2 safe>{t('plans.tasks')}</h2>
      {sections.map((s) => {
        const ts = p.tasks.filter((x) => x.section === s);
        return (
          <>
            <h3 safe>{`${s}. ${ts[0]!.sectionTitle}`}</h3>
            <TableRegion label={ts[0]!.sectionTitle}>
            <table class="table table-small">
              <caption class="visually-hidden" safe>
                {ts[0]!.sectionTitle}
              </caption>
              <thead>
                <tr>
                  <th scope="col" safe>
                    {t('plans.taskRef')}
                  </th>
                  <th scope="col" safe>
                    {t('plans.task')}
                  </th>
                  <th scope="col" safe>
                    {t('plans.lead')}
                  </th>
                  <th scope="col" safe>
                    {t('plans.coordinating')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ts.map((x) => (
                  <tr>
                    <td>
                      <a href={`/quan-tri/ke-hoach/nhiem-vu/${x.id}`} safe>
                        {x.ref}
                      </a>
                      {x.discrepancy ? (
                        <>
                          {' '}
                          <strong class="tag tag-warning" safe>
                            {t('plans.discrepancyFlag')}
                          </strong>
                        </>
                      ) : (
                        ''
                      )}
                    </td>
                    <td safe>{x.text.length > 220 ? `${x.text.slice(0, 219)}…` : x.text}</td>
                    <td>
                      <Agencies ctx={ctx} codes={x.lead} names={p.names} />
                    </td>
                    <td>
                      <Agencies ctx={ctx} codes={x.coordinating} names={p.names} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </TableRegion>
          </>
        );
      })}
    </Layout>
  );
}

export function TaskPage(p: {
  ctx: PageContext;
  plan: PlanRow;
  task: TaskRow;
  names: Record<string, string>;
  orgNames: Names;
  reports: ReportRow[];
  cycles: CycleRow[];
  year: number | null;
  canManage: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
}): JSX.Element {
  const { ctx, task } = p;
  const { t } = ctx;
  const e = p.errors ?? {};
  const v = p.values ?? { text: task.text, timeframe: task.timeframe, lead: task.lead.join(', '), coordinating: task.coordinating.join(', '), discrepancy: task.discrepancy ?? '' };
  const current = p.reports.filter((r) => r.year === p.year);
  const years = [...new Set(p.reports.map((r) => r.year))].sort();
  return (
    <Layout ctx={ctx} title={`${t('plans.task')} ${task.ref}`} staff hasErrors={Object.keys(e).length > 0}>
      <a href={`/quan-tri/ke-hoach/${p.plan.id}`} class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={e} />
      <span class="muted" safe>{`${task.section}. ${task.sectionTitle}`}</span>
      <h1 safe>{`${t('plans.task')} ${task.ref}`}</h1>
      <p class="lead" safe>
        {task.text}
      </p>
      <SummaryList
        rows={[
          [t('plans.leadIV'), asHtml(<Agencies ctx={ctx} codes={task.lead} names={p.names} />)],
          [t('plans.coordinatingIV'), asHtml(<Agencies ctx={ctx} codes={task.coordinating} names={p.names} />)],
          [t('plans.leadVI'), asHtml(<Agencies ctx={ctx} codes={task.leadVi} names={p.names} />)],
          [t('plans.coordinatingVI'), asHtml(<Agencies ctx={ctx} codes={task.coordinatingVi} names={p.names} />)],
          [t('plans.timeframe'), task.timeframe || '–'],
        ]}
      />
      {task.discrepancy ? (
        <div class="notice notice-warning">
          <strong safe>{t('plans.discrepancyTitle')}</strong>
          <p safe>{task.discrepancy}</p>
        </div>
      ) : (
        ''
      )}
      <h2 safe>{t('plans.reportsSideBySide')}</h2>
      {p.cycles.length ? (
        <form method="get" class="filters">
          <label class="label" for="nam" safe>
            {t('plans.year')}
          </label>
          <select class="select" id="nam" name="nam">
            {p.cycles.map((c) => (
              <option value={String(c.year)} selected={c.year === p.year} safe>
                {String(c.year)}
              </option>
            ))}
          </select>
          <Button secondary label={t('form.filter')} />
        </form>
      ) : (
        ''
      )}
      {current.length ? (
        <div class="card-grid">
          {current.map((r) => (
            <section class="card">
              <h3 safe>{p.orgNames.get(r.orgId) ?? UNKNOWN_AGENCY}</h3>
              <p>
                <span class="muted" safe>
                  {t(`plans.role.${r.role}`)}
                </span>{' '}
                <StateTag ctx={ctx} state={r.state} /> <StatusTag ctx={ctx} status={r.status} />
              </p>
              <p safe>{t('plans.progressIs', { progress: r.progress })}</p>
              {r.narrative ? <p safe>{r.narrative.length > 400 ? `${r.narrative.slice(0, 399)}…` : r.narrative}</p> : ''}
              <a href={`/quan-tri/bao-cao-ke-hoach/${r.id}`} safe>
                {t('plans.openReport')}
              </a>
            </section>
          ))}
        </div>
      ) : (
        <p class="muted" safe>
          {t('plans.noReportsVisible')}
        </p>
      )}
      <h2 safe>{t('plans.timeline')}</h2>
      {years.length ? (
        <TableRegion label={t('plans.timeline')}>
        <table class="table table-small">
          <caption class="visually-hidden" safe>
            {t('plans.timeline')}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('plans.year')}
              </th>
              <th scope="col" safe>
                {t('plans.agency')}
              </th>
              <th scope="col" safe>
                {t('plans.statusLabel')}
              </th>
              <th scope="col" safe>
                {t('plans.progress')}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.reports
              .filter((r) => r.state === 'submitted' || r.state === 'accepted' || r.status === 'not_reported')
              .map((r) => (
                <tr>
                  <td safe>{String(r.year)}</td>
                  <td safe>{p.orgNames.get(r.orgId) ?? UNKNOWN_AGENCY}</td>
                  <td>
                    <StateTag ctx={ctx} state={r.state} /> <StatusTag ctx={ctx} status={r.status} />
                  </td>
                  <td safe>{pct(r.progress)}</td>
                </tr>
              ))}
          </tbody>
        </table>
        </TableRegion>
      ) : (
        <p class="muted" safe>
          {t('plans.noReportsVisible')}
        </p>
      )}
      {p.canManage ? (
        <section class="panel">
          <h2 safe>{t('plans.editTask')}</h2>
          <form method="post" action={`/quan-tri/ke-hoach/nhiem-vu/${task.id}`} novalidate>
            <CsrfField ctx={ctx} />
            <Textarea ctx={ctx} name="text" label={t('plans.taskText')} value={v.text} error={e.text} rows={6} />
            <TextInput ctx={ctx} name="lead" label={t('plans.leadIV')} hint={t('plans.codesHint')} value={v.lead} error={e.lead} />
            <TextInput ctx={ctx} name="coordinating" label={t('plans.coordinatingIV')} hint={t('plans.codesHint')} value={v.coordinating} error={e.coordinating} />
            <TextInput ctx={ctx} name="timeframe" label={t('plans.timeframe')} value={v.timeframe} optional />
            <Textarea ctx={ctx} name="discrepancy" label={t('plans.discrepancyTitle')} value={v.discrepancy} rows={3} optional />
            <Button label={t('form.save')} />
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function ReportsListPage(p: {
  ctx: PageContext;
  reports: ReportRow[];
  orgNames: Names;
  cycles: CycleRow[];
  cycleId: string;
  state: string;
  notifications: Array<{ title: string; body: string; createdAt: Date }>;
}): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('plans.reportsTitle')} staff>
      <h1 safe>{t('plans.reportsTitle')}</h1>
      {p.notifications.length ? (
        <div class="notice notice-warning" role="status">
          <h2 safe>{t('plans.notifications')}</h2>
          <ul class="list">
            {p.notifications.map((n) => (
              <li>
                <strong safe>{n.title}</strong> <span safe>{n.body}</span>{' '}
                <span class="muted" safe>
                  {formatDateTime(n.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      <form method="get" action="/quan-tri/bao-cao-ke-hoach" class="filters">
        <label class="label" for="ky" safe>
          {t('plans.cycle')}
        </label>
        <select class="select" id="ky" name="ky">
          {p.cycles.map((c) => (
            <option value={c.id} selected={c.id === p.cycleId} safe>
              {t('plans.cycleYear', { year: c.year })}
            </option>
          ))}
        </select>
        <label class="label" for="trang-thai" safe>
          {t('plans.stateLabel')}
        </label>
        <select class="select" id="trang-thai" name="trangThai">
          <option value="" safe>
            {t('plans.allStates')}
          </option>
          {['draft', 'submitted', 'returned', 'accepted'].map((s) => (
            <option value={s} selected={s === p.state} safe>
              {t(`plans.state.${s}`)}
            </option>
          ))}
        </select>
        <Button secondary label={t('form.filter')} />
      </form>
      <p class="muted" safe>
        {t('plans.reportCount', { count: p.reports.length })}
      </p>
      <TableRegion label={t('plans.reportsTitle')}>
      <table class="table table-small">
        <caption class="visually-hidden" safe>
          {t('plans.reportsTitle')}
        </caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {t('plans.taskRef')}
            </th>
            <th scope="col" safe>
              {t('plans.agency')}
            </th>
            <th scope="col" safe>
              {t('plans.roleLabel')}
            </th>
            <th scope="col" safe>
              {t('plans.stateLabel')}
            </th>
            <th scope="col" safe>
              {t('plans.progress')}
            </th>
          </tr>
        </thead>
        <tbody>
          {p.reports.length === 0 ? (
            <tr>
              <td colspan="5" safe>
                {t('common.noResults')}
              </td>
            </tr>
          ) : (
            p.reports.slice(0, 500).map((r) => (
              <tr>
                <td>
                  <a href={`/quan-tri/bao-cao-ke-hoach/${r.id}`} safe>
                    {`${r.taskRef} (${r.year})`}
                  </a>
                </td>
                <td safe>{p.orgNames.get(r.orgId) ?? UNKNOWN_AGENCY}</td>
                <td safe>{t(`plans.role.${r.role}`)}</td>
                <td>
                  <StateTag ctx={ctx} state={r.state} /> <StatusTag ctx={ctx} status={r.status} />
                </td>
                <td safe>{pct(r.progress)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      </TableRegion>
    </Layout>
  );
}

function EvidenceFiles({ ctx, items }: { ctx: PageContext; items: ReportRow['evidence'] }): JSX.Element {
  const files = items.filter((x) => x.key);
  if (!files.length) return <></>;
  return (
    <div class="form-group">
      <p class="label" safe>
        {ctx.t('plans.evidenceFiles')}
      </p>
      <ul class="list">
        {files.map((f) => (
          <li>
            <a href={f.url} safe>
              {f.label}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReportPage(p: {
  ctx: PageContext;
  report: ReportRow;
  orgName: string;
  canEdit: boolean;
  canReview: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
}): JSX.Element {
  const { ctx, report: r } = p;
  const { t } = ctx;
  const e = p.errors ?? {};
  const v: Record<string, string> = p.values ?? {
    status: r.status === 'not_reported' ? 'not_started' : r.status,
    progress: String(r.progress),
    narrative: r.narrative,
    evidence: r.evidence.filter((x) => !x.key).map((x) => x.url).join('\n'),
    ...Object.fromEntries(OUTPUT_KEYS.map((k) => [`out_${k}`, r.outputs[k] != null ? String(r.outputs[k]) : ''])),
  };
  const title = t('plans.reportTitle', { ref: r.taskRef, year: r.year });
  return (
    <Layout ctx={ctx} title={title} staff hasErrors={Object.keys(e).length > 0}>
      <a href="/quan-tri/bao-cao-ke-hoach" class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={e} />
      <span class="muted" safe>
        {p.orgName}
      </span>
      <h1 safe>{title}</h1>
      <p safe>{r.taskText}</p>
      <SummaryList
        rows={[
          [t('plans.roleLabel'), t(`plans.role.${r.role}`)],
          [t('plans.stateLabel'), asHtml(<StateTag ctx={ctx} state={r.state} />)],
          [t('plans.dueDate'), formatDate(r.dueDate)],
          [t('plans.submittedAt'), r.submittedAt ? formatDateTime(r.submittedAt) : '–'],
        ]}
      />
      {r.reviewComment ? (
        <div class={r.state === 'returned' ? 'notice notice-warning' : 'notice'}>
          <strong safe>{t('plans.reviewComment')}</strong>
          <p safe>{r.reviewComment}</p>
        </div>
      ) : (
        ''
      )}
      {p.canEdit ? (
        <form method="post" action={`/quan-tri/bao-cao-ke-hoach/${r.id}`} enctype="multipart/form-data" novalidate>
          <CsrfField ctx={ctx} />
          <Radios
            ctx={ctx}
            name="status"
            label={t('plans.statusLabel')}
            value={v.status}
            error={e.status}
            options={REPORT_STATUSES.filter((s) => s !== 'not_reported').map((s) => ({ value: s, label: t(`plans.status.${s}`) }))}
          />
          <TextInput ctx={ctx} name="progress" label={t('plans.progressLabel')} hint={t('plans.progressHint')} value={v.progress} error={e.progress} width="short" inputmode="numeric" />
          <fieldset class="fieldset">
            <legend class="legend" safe>
              {t('plans.outputs')}
            </legend>
            <div class="hint" safe>
              {t('plans.outputsHint')}
            </div>
            {OUTPUT_KEYS.map((k) => (
              <TextInput ctx={ctx} name={`out_${k}`} label={t(`plans.output.${k}`)} value={v[`out_${k}`]} error={e[`out_${k}`]} width="short" inputmode="numeric" optional />
            ))}
          </fieldset>
          <Textarea ctx={ctx} name="narrative" label={t('plans.narrative')} hint={t('plans.narrativeHint')} value={v.narrative} error={e.narrative} rows={8} />
          <Textarea ctx={ctx} name="evidence" label={t('plans.evidence')} hint={t('plans.evidenceHint')} value={v.evidence} error={e.evidence} rows={3} optional />
          <EvidenceFiles ctx={ctx} items={r.evidence} />
          <div class={`form-group${e.evidenceFile ? ' has-error' : ''}`}>
            <label class="label" for="evidenceFile" safe>
              {t('plans.evidenceFile')}
            </label>
            <div id="evidenceFile-hint" class="hint" safe>
              {t('plans.evidenceFileHint')}
            </div>
            {e.evidenceFile ? (
              <p id="evidenceFile-error" class="error-message">
                <span class="visually-hidden" safe>
                  {t('form.errorPrefix')}:
                </span>{' '}
                <span safe>{e.evidenceFile}</span>
              </p>
            ) : (
              ''
            )}
            <input
              class="input"
              type="file"
              id="evidenceFile"
              name="evidenceFile"
              accept=".pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx,.pptx"
              aria-describedby={e.evidenceFile ? 'evidenceFile-hint evidenceFile-error' : 'evidenceFile-hint'}
            />
          </div>
          <div class="actions-grid">
            <Button name="action" value="submit" label={t('plans.submitReport')} />
            <Button secondary name="action" value="save" label={t('plans.saveDraft')} />
          </div>
        </form>
      ) : (
        <>
          <SummaryList
            rows={[
              [t('plans.statusLabel'), asHtml(<StatusTag ctx={ctx} status={r.status} />)],
              [t('plans.progress'), pct(r.progress)],
              [t('plans.outputs'), OUTPUT_KEYS.filter((k) => r.outputs[k] != null).map((k) => `${t(`plans.output.${k}`)}: ${formatNumber(r.outputs[k]!)}`).join('; ') || '–'],
              [t('plans.narrative'), r.narrative || '–'],
            ]}
          />
          {r.evidence.length ? (
            <>
              <h2 safe>{t('plans.evidence')}</h2>
              <ul class="list">
                {r.evidence.map((x) => (
                  <li>
                    <a href={x.url} rel="noopener noreferrer nofollow" safe>
                      {x.label}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            ''
          )}
        </>
      )}
      {p.canReview && r.state === 'submitted' ? (
        <section class="panel">
          <h2 safe>{t('plans.review')}</h2>
          <form method="post" action={`/quan-tri/bao-cao-ke-hoach/${r.id}/duyet`} novalidate>
            <CsrfField ctx={ctx} />
            <Radios
              ctx={ctx}
              name="decision"
              label={t('plans.decision')}
              value={p.values?.decision}
              error={e.decision}
              options={[
                { value: 'accept', label: t('plans.accept') },
                { value: 'return', label: t('plans.returnForChanges') },
              ]}
            />
            <Textarea ctx={ctx} name="comment" label={t('plans.reviewComment')} hint={t('plans.commentHint')} value={p.values?.comment ?? ''} error={e.comment} rows={4} optional />
            <Button label={t('plans.recordDecision')} />
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export interface RollupView {
  cycle: CycleRow;
  plan: PlanRow;
  overall: number;
  sections: Array<{ section: string; title: string; tasks: number; progress: number }>;
  byTask: Array<{ task: TaskRow; progress: number; total: number; reported: number; accepted: number; notReported: number }>;
  byOrg: Array<{ orgId: string; total: number; reported: number; accepted: number; progress: number }>;
  notReported: ReportRow[];
}

export function CyclePage(p: { ctx: PageContext; r: RollupView; orgNames: Names; canManage: boolean; errors?: FieldErrors }): JSX.Element {
  const { ctx, r } = p;
  const { t } = ctx;
  const title = t('plans.cycleTitle', { year: r.cycle.year });
  const safeSectionChart = barChartSvg(
    t('plans.sectionChart'),
    r.sections.map((s) => ({ label: `${s.section}. ${s.title}`, value: s.progress })),
    { unit: '%' },
  );
  const byOrg = [...r.byOrg].sort((a, b) => a.progress - b.progress);
  return (
    <Layout ctx={ctx} title={title} staff hasErrors={Boolean(p.errors && Object.keys(p.errors).length)}>
      <a href={`/quan-tri/ke-hoach/${r.plan.id}`} class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={p.errors} />
      <h1 safe>{title}</h1>
      <SummaryList
        rows={[
          [t('plans.dueDate'), formatDate(r.cycle.dueDate)],
          [t('plans.overall'), pct(r.overall)],
          [t('plans.weightRule'), t('plans.weightRuleText')],
        ]}
      />
      {p.canManage ? (
        <p>
          <a class="button" href={`/quan-tri/ke-hoach/ky/${r.cycle.id}/bao-cao-tinh`} safe>
            {t('plans.provincialReport')}
          </a>{' '}
          <a class="button button-secondary" href={`/quan-tri/bao-cao-ke-hoach?ky=${r.cycle.id}&trangThai=submitted`} safe>
            {t('plans.toReview')}
          </a>
        </p>
      ) : (
        <p class="muted" safe>
          {t('plans.acceptedOnly')}
        </p>
      )}
      {r.cycle.unresolved.length ? (
        <div class="notice notice-warning">
          <strong safe>{t('plans.unresolvedTitle')}</strong>
          <ul class="list">
            {[...new Set(r.cycle.unresolved.map((u) => `${u.code}|${u.reason}`))].map((k) => {
              const [code, reason] = k.split('|') as [string, string];
              return <li safe>{`${t(`plans.groups.${code}`)}: ${t(`plans.unresolved.${reason}`)}`}</li>;
            })}
          </ul>
        </div>
      ) : (
        ''
      )}
      <h2 safe>{t('plans.bySection')}</h2>
      <figure class="chart">
        {safeSectionChart}
        <TableRegion label={t('plans.sectionChart')}>
        <table class="table table-small">
          <caption safe>{t('plans.sectionChart')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('plans.section')}
              </th>
              <th scope="col" safe>
                {t('plans.tasks')}
              </th>
              <th scope="col" safe>
                {t('plans.progress')}
              </th>
            </tr>
          </thead>
          <tbody>
            {r.sections.map((s) => (
              <tr>
                <td safe>{`${s.section}. ${s.title}`}</td>
                <td safe>{String(s.tasks)}</td>
                <td safe>{pct(s.progress)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableRegion>
      </figure>
      <h2 safe>{t('plans.byTask')}</h2>
      <TableRegion label={t('plans.byTask')}>
      <table class="table table-small">
        <caption class="visually-hidden" safe>
          {t('plans.byTask')}
        </caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {t('plans.taskRef')}
            </th>
            <th scope="col" safe>
              {t('plans.progress')}
            </th>
            <th scope="col" safe>
              {t('plans.reportedOf')}
            </th>
            <th scope="col" safe>
              {t('plans.state.accepted')}
            </th>
            <th scope="col" safe>
              {t('plans.status.not_reported')}
            </th>
          </tr>
        </thead>
        <tbody>
          {r.byTask.map((x) => (
            <tr>
              <td>
                <a href={`/quan-tri/ke-hoach/nhiem-vu/${x.task.id}?nam=${r.cycle.year}`} safe>
                  {x.task.ref}
                </a>
              </td>
              <td safe>{pct(x.progress)}</td>
              <td safe>{`${x.reported}/${x.total}`}</td>
              <td safe>{String(x.accepted)}</td>
              <td safe>{String(x.notReported)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <h2 safe>{t('plans.byAgency')}</h2>
      <TableRegion label={t('plans.byAgency')}>
      <table class="table table-small">
        <caption class="visually-hidden" safe>
          {t('plans.byAgency')}
        </caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {t('plans.agency')}
            </th>
            <th scope="col" safe>
              {t('plans.progress')}
            </th>
            <th scope="col" safe>
              {t('plans.reportedOf')}
            </th>
            <th scope="col" safe>
              {t('plans.state.accepted')}
            </th>
          </tr>
        </thead>
        <tbody>
          {byOrg.map((x) => (
            <tr>
              <td safe>{p.orgNames.get(x.orgId) ?? UNKNOWN_AGENCY}</td>
              <td safe>{pct(x.progress)}</td>
              <td safe>{`${x.reported}/${x.total}`}</td>
              <td safe>{String(x.accepted)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <h2 safe>{t('plans.notReportedTitle')}</h2>
      {r.notReported.length ? (
        <ul class="list">
          {r.notReported.slice(0, 300).map((x) => (
            <li safe>{`${x.taskRef} – ${p.orgNames.get(x.orgId) ?? UNKNOWN_AGENCY}`}</li>
          ))}
        </ul>
      ) : (
        <p class="muted" safe>
          {t('plans.noneNotReported')}
        </p>
      )}
      {p.canManage ? (
        <form method="post" action={`/quan-tri/ke-hoach/ky/${r.cycle.id}/han`} novalidate class="panel">
          <CsrfField ctx={ctx} />
          <TextInput ctx={ctx} name="dueDate" label={t('plans.changeDue')} hint={t('plans.dateHint')} value={formatDate(r.cycle.dueDate)} error={p.errors?.dueDate} width="short" />
          <Button secondary label={t('form.save')} />
        </form>
      ) : (
        ''
      )}
    </Layout>
  );
}

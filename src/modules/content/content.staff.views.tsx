import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, Checkbox, CsrfField, ErrorSummary, Pagination, Select, SummaryList, asHtml, Textarea, TextInput, type FieldErrors, TableRegion, Tag, type TagTone } from '../../platform/views/components.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../platform/i18n/i18n.ts';
import { AUDIENCES, CHANNELS, CONTENT_KINDS, MATERIAL_KINDS, STATUSES, TOPICS, type GuideDoc } from './content.types.ts';
import type { GuideRow, MaterialRow } from './content.repo.ts';
import type { FieldDiff } from './diff.ts';

function StatusTag({ ctx, status, isPublic }: { ctx: PageContext; status: string; isPublic?: boolean }): JSX.Element {
  const tones: Record<string, TagTone> = { published: 'success', in_review: 'warning', archived: 'danger' };
  return (
    <>
      <Tag label={ctx.t(`content.status.${status}`)} tone={tones[status]} />
      {isPublic && status !== 'published' ? (
        <>
          {' '}
          <Tag label={ctx.t('content.liveOldVersion')} tone="success" />
        </>
      ) : (
        ''
      )}
    </>
  );
}

function StaffTabs({ ctx, current }: { ctx: PageContext; current: 'guides' | 'materials' | 'qr' }): JSX.Element {
  const t = ctx.t;
  const tabs: Array<[string, string, string]> = [
    ['guides', '/quan-tri/noi-dung', t('content.guides')],
    ['materials', '/quan-tri/noi-dung/thu-vien', t('content.library')],
    ['qr', '/quan-tri/noi-dung/ma-qr', t('content.qrTitle')],
  ];
  return (
    <nav aria-label={t('content.staffTitle')}>
      <ul class="plain">
        {tabs.map(([k, href, label]) => (
          <li>
            <a href={href} aria-current={k === current ? 'page' : undefined} safe>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function StaffGuideListPage(p: { ctx: PageContext; rows: GuideRow[]; hasNext: boolean; page: number; filter: { status: string; q: string }; canCreate: boolean }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const qs = new URLSearchParams(p.filter).toString();
  return (
    <Layout ctx={ctx} title={t('content.staffTitle')} staff>
      <h1 safe>{t('content.staffTitle')}</h1>
      <StaffTabs ctx={ctx} current="guides" />
      {p.canCreate ? (
        <p>
          <a class="button" href="/quan-tri/noi-dung/huong-dan/moi" safe>{t('content.newGuide')}</a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action="/quan-tri/noi-dung" class="filters">
        <TextInput ctx={ctx} name="q" label={t('content.searchStaff')} value={p.filter.q} />
        <Select ctx={ctx} name="status" label={t('content.statusLabel')} value={p.filter.status} emptyLabel={t('content.all')} options={STATUSES.map((s) => ({ value: s, label: t(`content.status.${s}`) }))} />
        <Button secondary label={t('form.filter')} />
      </form>
      <TableRegion label={t('content.guides')}>
      <table class="table">
        <caption class="visually-hidden" safe>{t('content.guides')}</caption>
        <thead>
          <tr>
            <th scope="col" safe>{t('content.titleLabel')}</th>
            <th scope="col" safe>{t('content.statusLabel')}</th>
            <th scope="col" safe>{t('content.versionLabel')}</th>
            <th scope="col" safe>{t('content.views')}</th>
            <th scope="col" safe>{t('content.updatedLabel')}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 ? (
            <tr>
              <td colspan="5" safe>{t('common.noResults')}</td>
            </tr>
          ) : (
            p.rows.map((g) => (
              <tr>
                <td>
                  <a href={`/quan-tri/noi-dung/huong-dan/${g.id}`} safe>{g.title}</a>
                  <div class="muted mono" safe>{g.slug}</div>
                </td>
                <td>
                  <StatusTag ctx={ctx} status={g.status} isPublic={g.publishedData !== null} />
                </td>
                <td safe>{String(g.version)}</td>
                <td safe>{formatNumber(g.viewCount)}</td>
                <td safe>{formatDate(g.updatedAt)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      </TableRegion>
      <Pagination ctx={ctx} page={p.page} hasNext={p.hasNext} baseHref={`/quan-tri/noi-dung?${qs}`} />
    </Layout>
  );
}

/** Form values are the raw strings typed (lists one item a line), so a re-render keeps exactly what was sent. */
export interface GuideFormValues {
  kind?: string;
  slug?: string;
  title?: string;
  summary?: string;
  topic?: string;
  audiences?: string[];
  aliases?: string;
  procedureCodes?: string;
  onlineUrl?: string;
  who?: string;
  prepare?: string;
  steps?: string;
  fees?: string;
  onlineDiscount?: string;
  processingTime?: string;
  checkStatus?: string;
  commonMistakes?: string;
  help?: string;
  sources?: string;
  faq?: string;
  stages?: string;
  cues?: string;
  note?: string;
}

export function docToFormValues(d: GuideDoc): GuideFormValues {
  return {
    title: d.title,
    summary: d.summary,
    topic: d.topic,
    audiences: d.audiences,
    aliases: d.aliases.join('\n'),
    procedureCodes: d.procedureCodes.join(', '),
    onlineUrl: d.onlineUrl ?? '',
    who: d.who,
    prepare: d.prepare.join('\n'),
    steps: d.steps.map((s) => (s.image ? `${s.text} | ${s.image} | ${s.imageAlt ?? ''}`.trimEnd() : s.text)).join('\n'),
    fees: d.fees,
    onlineDiscount: d.onlineDiscount ?? '',
    processingTime: d.processingTime,
    checkStatus: d.checkStatus,
    commonMistakes: d.commonMistakes.join('\n'),
    help: d.help,
    sources: d.sources.map((s) => `${s.title} | ${s.url}${s.code ? ` | ${s.code}` : ''}`).join('\n'),
    faq: (d.faq ?? []).map((x) => `${x.q} | ${x.a}`).join('\n'),
    stages: (d.stages ?? []).map((x) => `${x.title} | ${x.text} | ${x.guides.join(', ')}`).join('\n'),
    cues: (d.cues ?? []).join('\n'),
  };
}

export function GuideFormPage(p: { ctx: PageContext; action: string; values: GuideFormValues; errors?: FieldErrors; isNew: boolean; title: string }): JSX.Element {
  const { ctx, values: v } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  const lines = t('content.form.oneALine');
  return (
    <Layout ctx={ctx} title={p.title} staff hasErrors={Object.keys(e).length > 0}>
      <a href="/quan-tri/noi-dung" class="back-link" safe>{t('form.back')}</a>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{p.title}</h1>
      <p safe>{t('content.form.markdownHint')}</p>
      <form method="post" action={p.action} novalidate>
        <CsrfField ctx={ctx} />
        <TextInput ctx={ctx} name="title" label={t('content.form.title')} value={v.title} error={e.title} />
 {p.isNew ? <Select ctx={ctx} name="kind" label={t('content.form.kind')} value={v.kind ?? 'guide'} options={CONTENT_KINDS.map((k) => ({ value: k, label: t(`content.kinds.${k}`) }))} /> : ''}
        {p.isNew ? <TextInput ctx={ctx} name="slug" label={t('content.form.slug')} hint={t('content.form.slugHint')} value={v.slug} error={e.slug} width="medium" spellcheck={false} optional /> : ''}
        <Textarea ctx={ctx} name="summary" label={t('content.form.summary')} value={v.summary} error={e.summary} rows={3} />
        <Select ctx={ctx} name="topic" label={t('content.topic')} value={v.topic} error={e.topic} options={TOPICS.map((k) => ({ value: k, label: t(`content.topics.${k}`) }))} />
        <fieldset class="fieldset form-group" id="audiences">
          <legend class="legend" safe>{t('content.audience')}</legend>
          {AUDIENCES.map((a) => (
            <Checkbox name={`aud-${a}`} value="on" label={t(`content.audiences.${a}`)} checked={(v.audiences ?? []).includes(a)} />
          ))}
        </fieldset>
        <Textarea ctx={ctx} name="aliases" label={t('content.form.aliases')} hint={lines} value={v.aliases} rows={4} optional />
        <TextInput ctx={ctx} name="procedureCodes" label={t('content.form.procedureCodes')} hint={t('content.form.procedureCodesHint')} value={v.procedureCodes} error={e.procedureCodes} optional />
        <TextInput ctx={ctx} name="onlineUrl" label={t('content.form.onlineUrl')} value={v.onlineUrl} error={e.onlineUrl} type="url" optional />
        <Textarea ctx={ctx} name="who" label={t('content.sections.who')} value={v.who} rows={4} />
        <Textarea ctx={ctx} name="prepare" label={t('content.sections.prepare')} hint={lines} value={v.prepare} rows={5} />
        <Textarea ctx={ctx} name="steps" label={t('content.sections.steps')} hint={t('content.form.stepsHint')} value={v.steps} error={e.steps} rows={8} />
        <Textarea ctx={ctx} name="fees" label={t('content.sections.fees')} value={v.fees} rows={3} />
        <Textarea ctx={ctx} name="onlineDiscount" label={t('content.onlineDiscount')} value={v.onlineDiscount} rows={2} optional />
        <Textarea ctx={ctx} name="processingTime" label={t('content.sections.time')} value={v.processingTime} rows={2} />
        <Textarea ctx={ctx} name="checkStatus" label={t('content.sections.status')} value={v.checkStatus} rows={3} />
        <Textarea ctx={ctx} name="commonMistakes" label={t('content.sections.mistakes')} hint={lines} value={v.commonMistakes} rows={4} />
        <Textarea ctx={ctx} name="help" label={t('content.sections.help')} value={v.help} rows={3} />
        <Textarea ctx={ctx} name="sources" label={t('content.sections.sources')} hint={t('content.form.sourcesHint')} value={v.sources} error={e.sources} rows={3} optional />
        <Textarea ctx={ctx} name="faq" label={t('content.sections.faq')} hint={t('content.form.faqHint')} value={v.faq} rows={6} optional />
        <Textarea ctx={ctx} name="stages" label={t('content.form.stages')} hint={t('content.form.stagesHint')} value={v.stages} error={e.stages} rows={4} optional />
        <Textarea ctx={ctx} name="cues" label={t('content.form.cues')} hint={t('content.form.cuesHint')} value={v.cues} rows={4} optional />
        <TextInput ctx={ctx} name="note" label={t('content.form.note')} value={v.note} optional />
        <Button label={t('form.save')} />
      </form>
    </Layout>
  );
}

export function StaffGuidePage(p: {
  ctx: PageContext;
  g: GuideRow;
  versions: Array<{ version: number; savedByLabel: string; note: string | null; savedAt: Date }>;
  canEdit: boolean;
  canReview: boolean;
  /** canReview and wrote no version of it (four-eyes): only then is the approve button shown. */
  canApprove?: boolean;
  errors?: FieldErrors;
}): JSX.Element {
  const { ctx, g } = p;
  const t = ctx.t;
  const base = `/quan-tri/noi-dung/huong-dan/${g.id}`;
  const e = p.errors ?? {};
  return (
    <Layout ctx={ctx} title={g.title} staff hasErrors={Object.keys(e).length > 0}>
      <a href="/quan-tri/noi-dung" class="back-link" safe>{t('form.back')}</a>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{g.title}</h1>
      <SummaryList
        rows={[
          [t('content.statusLabel'), asHtml(<StatusTag ctx={ctx} status={g.status} isPublic={g.publishedData !== null} />)],
          [t('content.form.slug'), g.slug],
          [t('content.versionLabel'), String(g.version)],
          [t('content.scheduledAt'), g.scheduledAt ? formatDateTime(g.scheduledAt) : '—'],
          [t('content.views'), formatNumber(g.viewCount)],
          [t('content.updatedLabel'), formatDateTime(g.updatedAt)],
        ]}
      />
      {g.publishedData ? (
        <p>
          <a href={`/huong-dan/${g.slug}`} safe>{t('content.viewPublic')}</a>
        </p>
      ) : (
        ''
      )}
      <div class="actions-grid">
        {p.canEdit ? (
          <p>
            <a class="button button-secondary" href={`${base}/sua`} safe>{t('content.edit')}</a>
          </p>
        ) : (
          ''
        )}
        {p.canEdit && g.status === 'draft' ? (
          <form method="post" action={`${base}/gui-duyet`}>
            <CsrfField ctx={ctx} />
            <Button label={t('content.submit')} />
          </form>
        ) : (
          ''
        )}
        {p.canReview && g.status === 'in_review' ? (
          <>
            {p.canApprove ? (
              <form method="post" action={`${base}/duyet`} novalidate>
                <CsrfField ctx={ctx} />
                <TextInput ctx={ctx} name="publishAt" label={t('content.publishAt')} hint={t('content.publishAtHint')} error={e.publishAt} width="medium" optional />
                <Button label={t('content.approve')} />
              </form>
            ) : (
              <p class="hint" safe>
                {t('content.errors.fourEyes')}
              </p>
            )}
            <form method="post" action={`${base}/tra-lai`}>
              <CsrfField ctx={ctx} />
              <Button secondary label={t('content.return')} />
            </form>
          </>
        ) : (
          ''
        )}
        {p.canReview && g.publishedData ? (
          <form method="post" action={`${base}/go-xuong`}>
            <CsrfField ctx={ctx} />
            <Button warning label={t('content.unpublish')} />
          </form>
        ) : (
          ''
        )}
        {p.canReview && g.status !== 'archived' ? (
          <form method="post" action={`${base}/luu-tru`}>
            <CsrfField ctx={ctx} />
            <Button warning label={t('content.archive')} />
          </form>
        ) : (
          ''
        )}
      </div>
      <h2 safe>{t('content.versions')}</h2>
      <VersionsTable ctx={ctx} base={base} versions={p.versions.map((v) => ({ version: v.version, by: v.savedByLabel, at: v.savedAt, note: v.note }))} />
    </Layout>
  );
}

export function DiffPage(p: { ctx: PageContext; g: GuideRow; from: number; to: number; fields: FieldDiff[] }): JSX.Element {
  const { ctx, g } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('content.diffTitle', { from: p.from, to: p.to })} staff head={'<link rel="stylesheet" href="/noi-dung/staff.css">'}>
      <a href={`/quan-tri/noi-dung/huong-dan/${g.id}`} class="back-link" safe>{t('form.back')}</a>
      <h1 safe>{t('content.diffTitle', { from: p.from, to: p.to })}</h1>
      <p class="lead" safe>{g.title}</p>
      <DiffFields ctx={ctx} fields={p.fields} labelPrefix="content.fields" />
    </Layout>
  );
}

function DiffFields(p: { ctx: PageContext; fields: FieldDiff[]; labelPrefix: string }): JSX.Element {
  const t = p.ctx.t;
  return (
    <>
      {p.fields.length === 0 ? <p safe>{t('content.noChanges')}</p> : ''}
      {p.fields.map((f) => (
        <section>
          <h2 safe>{t(`${p.labelPrefix}.${f.field}`)}</h2>
          <div class="diff">
            {f.lines.map((l) =>
              l.op === 'add' ? (
                <ins>
                  <span class="visually-hidden" safe>{t('content.added')}</span>
                  <span safe>{`+ ${l.text}`}</span>
                </ins>
              ) : l.op === 'del' ? (
                <del>
                  <span class="visually-hidden" safe>{t('content.removed')}</span>
                  <span safe>{`− ${l.text}`}</span>
                </del>
              ) : (
                <span class="same" safe>{`  ${l.text}`}</span>
              ),
            )}
          </div>
        </section>
      ))}
    </>
  );
}

export function QrScansPage(p: { ctx: PageContext; rows: Array<{ tag: string; slug: string; title: string; scans: number; lastDay: string }>; since: string }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('content.qrTitle')} staff>
      <h1 safe>{t('content.qrTitle')}</h1>
      <StaffTabs ctx={ctx} current="qr" />
      <p class="lead" safe>{t('content.qrLead')}</p>
      <form method="get" action="/quan-tri/noi-dung/ma-qr" class="filters">
        <TextInput ctx={ctx} name="tu" label={t('content.since')} hint={t('organisations.dateHint')} value={p.since} width="short" optional />
        <Button secondary label={t('form.filter')} />
      </form>
      <TableRegion label={t('content.qrTitle')}>
      <table class="table">
        <caption class="visually-hidden" safe>{t('content.qrTitle')}</caption>
        <thead>
          <tr>
            <th scope="col" safe>{t('content.tag')}</th>
            <th scope="col" safe>{t('content.guide')}</th>
            <th scope="col" safe>{t('content.scans')}</th>
            <th scope="col" safe>{t('content.lastScan')}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 ? (
            <tr>
              <td colspan="4" safe>{t('common.noResults')}</td>
            </tr>
          ) : (
            p.rows.map((r) => (
              <tr>
                <td class="mono" safe>{r.tag}</td>
                <td>
                  <a href={`/huong-dan/${r.slug}`} safe>{r.title}</a>
                </td>
                <td safe>{formatNumber(r.scans)}</td>
                <td safe>{formatDate(r.lastDay)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      </TableRegion>
      <h2 safe>{t('content.qrHowTitle')}</h2>
      <p safe>{t('content.qrHow')}</p>
    </Layout>
  );
}

// ---------- Materials (staff) ----------

export interface MaterialFormValues {
  kind?: string;
  title?: string;
  description?: string;
  topic?: string;
  audiences?: string[];
  channels?: string[];
  usageRights?: string;
  externalUrl?: string;
  scriptText?: string;
}

export function StaffMaterialListPage(p: { ctx: PageContext; rows: MaterialRow[]; hasNext: boolean; page: number; status: string; canCreate: boolean }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('content.library')} staff>
      <h1 safe>{t('content.library')}</h1>
      <StaffTabs ctx={ctx} current="materials" />
      {p.canCreate ? (
        <p>
          <a class="button" href="/quan-tri/noi-dung/thu-vien/moi" safe>{t('content.newMaterial')}</a>
        </p>
      ) : (
        ''
      )}
      <TableRegion label={t('content.library')}>
      <table class="table">
        <caption class="visually-hidden" safe>{t('content.library')}</caption>
        <thead>
          <tr>
            <th scope="col" safe>{t('content.titleLabel')}</th>
            <th scope="col" safe>{t('content.kind')}</th>
            <th scope="col" safe>{t('content.statusLabel')}</th>
            <th scope="col" safe>{t('content.stats')}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 ? (
            <tr>
              <td colspan="4" safe>{t('common.noResults')}</td>
            </tr>
          ) : (
            p.rows.map((m) => (
              <tr>
                <td>
                  <a href={`/quan-tri/noi-dung/thu-vien/${m.id}`} safe>{m.title}</a>
                </td>
                <td safe>{t(`content.kinds.${m.kind}`)}</td>
                <td>
                  <StatusTag ctx={ctx} status={m.status} />
                </td>
                <td safe>{t('content.counts', { views: formatNumber(m.viewCount), downloads: formatNumber(m.downloadCount) })}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      </TableRegion>
      <Pagination ctx={ctx} page={p.page} hasNext={p.hasNext} baseHref={`/quan-tri/noi-dung/thu-vien?status=${encodeURIComponent(p.status)}`} />
    </Layout>
  );
}

export function MaterialFormPage(p: { ctx: PageContext; action: string; values: MaterialFormValues; errors?: FieldErrors; title: string; uploads: boolean }): JSX.Element {
  const { ctx, values: v } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  return (
    <Layout ctx={ctx} title={p.title} staff hasErrors={Object.keys(e).length > 0}>
      <a href="/quan-tri/noi-dung/thu-vien" class="back-link" safe>{t('form.back')}</a>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{p.title}</h1>
      <form method="post" action={p.uploads ? `${p.action}?_csrf=${encodeURIComponent(ctx.csrfToken)}` : p.action} enctype={p.uploads ? 'multipart/form-data' : undefined} novalidate>
        <CsrfField ctx={ctx} />
        <Select ctx={ctx} name="kind" label={t('content.kind')} value={v.kind} error={e.kind} options={MATERIAL_KINDS.map((k) => ({ value: k, label: t(`content.kinds.${k}`) }))} />
        <TextInput ctx={ctx} name="title" label={t('content.form.title')} value={v.title} error={e.title} />
        <Textarea ctx={ctx} name="description" label={t('content.form.description')} value={v.description} rows={4} optional />
        <Select ctx={ctx} name="topic" label={t('content.topic')} value={v.topic} error={e.topic} options={TOPICS.map((k) => ({ value: k, label: t(`content.topics.${k}`) }))} />
        <fieldset class="fieldset form-group" id="audiences">
          <legend class="legend" safe>{t('content.audience')}</legend>
          {AUDIENCES.map((a) => (
            <Checkbox name={`aud-${a}`} label={t(`content.audiences.${a}`)} checked={(v.audiences ?? []).includes(a)} />
          ))}
        </fieldset>
        <fieldset class="fieldset form-group" id="channels">
          <legend class="legend" safe>{t('content.channel')}</legend>
          {CHANNELS.map((a) => (
            <Checkbox name={`ch-${a}`} label={t(`content.channels.${a}`)} checked={(v.channels ?? []).includes(a)} />
          ))}
        </fieldset>
        <TextInput ctx={ctx} name="usageRights" label={t('content.usageRights')} hint={t('content.form.usageRightsHint')} value={v.usageRights} error={e.usageRights} />
        <TextInput ctx={ctx} name="externalUrl" label={t('content.form.externalUrl')} hint={t('content.form.externalUrlHint')} value={v.externalUrl} error={e.externalUrl} type="url" optional />
        {p.uploads ? (
          <div class={`form-group${e.file ? ' has-error' : ''}`}>
            <label class="label" for="file" safe>{t('content.form.file')}</label>
            <div class="hint" id="file-hint" safe>{t('content.form.fileHint')}</div>
            {e.file ? <p class="error-message" id="file-error" safe>{e.file}</p> : ''}
            <input class="input" type="file" id="file" name="file" aria-describedby="file-hint" />
          </div>
        ) : (
          ''
        )}
        <Textarea ctx={ctx} name="scriptText" label={t('content.form.scriptText')} hint={t('content.form.scriptHint')} value={v.scriptText} rows={8} optional />
        <Button label={t('form.save')} />
      </form>
    </Layout>
  );
}

export function StaffMaterialPage(p: { ctx: PageContext; m: MaterialRow; canEdit: boolean; canReview: boolean; canApprove?: boolean; canHistory?: boolean }): JSX.Element {
  const { ctx, m } = p;
  const t = ctx.t;
  const base = `/quan-tri/noi-dung/thu-vien/${m.id}`;
  const action = (path: string, label: string, kind: 'primary' | 'secondary' | 'warning' = 'primary') => (
    <form method="post" action={`${base}/${path}`}>
      <CsrfField ctx={ctx} />
      <Button secondary={kind === 'secondary'} warning={kind === 'warning'} label={label} />
    </form>
  );
  return (
    <Layout ctx={ctx} title={m.title} staff>
      <a href="/quan-tri/noi-dung/thu-vien" class="back-link" safe>{t('form.back')}</a>
      <h1 safe>{m.title}</h1>
      <SummaryList
        rows={[
          [t('content.statusLabel'), asHtml(<StatusTag ctx={ctx} status={m.status} />)],
          [t('content.kind'), t(`content.kinds.${m.kind}`)],
          [t('content.usageRights'), m.usageRights],
          [t('content.stats'), t('content.counts', { views: formatNumber(m.viewCount), downloads: formatNumber(m.downloadCount) })],
        ]}
      />
      {m.status === 'published' ? (
        <p>
          <a href={`/thu-vien/${m.id}`} safe>{t('content.viewPublic')}</a>
        </p>
      ) : (
        ''
      )}
      <div class="actions-grid">
        {p.canEdit ? (
          <p>
            <a class="button button-secondary" href={`${base}/sua`} safe>{t('content.edit')}</a>
          </p>
        ) : (
          ''
        )}
        {p.canEdit && m.status === 'draft' ? action('gui-duyet', t('content.submit')) : ''}
        {p.canReview && m.status === 'in_review' ? (p.canApprove ? action('duyet', t('content.approve')) : <p class="hint" safe>{t('content.errors.fourEyes')}</p>) : ''}
        {p.canReview && m.status === 'in_review' ? action('tra-lai', t('content.return'), 'secondary') : ''}
        {p.canReview && m.status !== 'archived' ? action('luu-tru', t('content.archive'), 'warning') : ''}
      </div>
      {p.canHistory ? (
        <p>
          <a href={`${base}/lich-su`} safe>{t('content.versions')}</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function MaterialVersionsPage(p: {
  ctx: PageContext;
  m: MaterialRow;
  versions: Array<{ version: number; authorLabel: string; note: string | null; createdAt: Date }>;
}): JSX.Element {
  const { ctx, m } = p;
  const t = ctx.t;
  const base = `/quan-tri/noi-dung/thu-vien/${m.id}`;
  return (
    <Layout ctx={ctx} title={`${t('content.versions')} – ${m.title}`} staff>
      <a href={base} class="back-link" safe>{t('form.back')}</a>
      <h1 safe>{t('content.versions')}</h1>
      <p class="lead" safe>{m.title}</p>
      <VersionsTable ctx={ctx} base={base} versions={p.versions.map((v) => ({ version: v.version, by: v.authorLabel, at: v.createdAt, note: v.note }))} />
    </Layout>
  );
}

export function MaterialDiffPage(p: { ctx: PageContext; m: MaterialRow; from: number; to: number; fields: FieldDiff[] }): JSX.Element {
  const { ctx, m } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('content.diffTitle', { from: p.from, to: p.to })} staff head={'<link rel="stylesheet" href="/noi-dung/staff.css">'}>
      <a href={`/quan-tri/noi-dung/thu-vien/${m.id}/lich-su`} class="back-link" safe>{t('form.back')}</a>
      <h1 safe>{t('content.diffTitle', { from: p.from, to: p.to })}</h1>
      <p class="lead" safe>{m.title}</p>
      <DiffFields ctx={ctx} fields={p.fields} labelPrefix="content.materialFields" />
    </Layout>
  );
}

/** The version list of a guide or a material, each row linking to its diff with the previous version. */
function VersionsTable(p: { ctx: PageContext; base: string; versions: Array<{ version: number; by: string; at: Date | string; note: string | null }> }): JSX.Element {
  const t = p.ctx.t;
  return (
    <TableRegion label={t('content.versions')}>
    <table class="table table-small">
      <caption class="visually-hidden" safe>{t('content.versions')}</caption>
      <thead>
        <tr>
          <th scope="col" safe>{t('content.versionLabel')}</th>
          <th scope="col" safe>{t('content.savedBy')}</th>
          <th scope="col" safe>{t('content.updatedLabel')}</th>
          <th scope="col" safe>{t('content.form.note')}</th>
          <th scope="col" safe>{t('content.diff')}</th>
        </tr>
      </thead>
      <tbody>
        {p.versions.map((v) => (
          <tr>
            <td safe>{String(v.version)}</td>
            <td safe>{v.by}</td>
            <td safe>{formatDateTime(v.at)}</td>
            <td safe>{v.note ?? ''}</td>
            <td>
              {v.version > 1 ? (
                <a href={`${p.base}/so-sanh?tu=${v.version - 1}&den=${v.version}`} safe>
                  {t('content.compareWith', { v: v.version - 1 })}
                </a>
              ) : (
                ''
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableRegion>
  );
}

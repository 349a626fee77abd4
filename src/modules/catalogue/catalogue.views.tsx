import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, Checkbox, CsrfField, ErrorSummary, Pagination, Radios, Select, SummaryList, TextInput, type FieldErrors, type Option, TableRegion } from '../../platform/views/components.tsx';
import { formatDate, formatNumber } from '../../platform/i18n/i18n.ts';
import type { Procedure } from './catalogue.repo.ts';

/** Official free text, escaped, with its paragraphs and line breaks kept. */
export function TextBlock({ text }: { text: string | null }): JSX.Element {
  if (!text) return <></>;
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.split('\n').filter((l) => l.trim() !== ''));
  return (
    <>
      {paragraphs
        .filter((lines) => lines.length)
        .map((lines) => (
          <p lang="vi">
            {lines.map((l, i) => (
              <>
                {i ? <br /> : ''}
                <span safe>{l}</span>
              </>
            ))}
          </p>
        ))}
    </>
  );
}

export function levelLabel(ctx: PageContext, level: string | null): string {
  return level ? ctx.t(`catalogue.levels.${level}`) : ctx.t('catalogue.levels.none');
}

function Section({ title, text }: { title: string; text: string | null }): JSX.Element {
  if (!text) return <></>;
  return (
    <section>
      <h2 safe>{title}</h2>
      <TextBlock text={text} />
    </section>
  );
}

function qs(params: Record<string, string>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function ServiceListPage(p: {
  ctx: PageContext;
  q: string;
  field: string;
  fields: string[];
  items: Procedure[];
  total: number;
  page: number;
  pageSize: number;
}): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('catalogue.title')} description={t('catalogue.lead')}>
      <h1 safe>{t('catalogue.title')}</h1>
      <p class="lead" safe>
        {t('catalogue.lead')}
      </p>
      <form method="get" action="/dich-vu" class="filters" role="search">
        <TextInput ctx={ctx} name="q" type="search" label={t('catalogue.searchLabel')} hint={t('catalogue.searchHint')} value={p.q} />
        <Select ctx={ctx} name="field" label={t('catalogue.field')} value={p.field} options={p.fields.map((f) => ({ value: f, label: f, lang: 'vi' }))} emptyLabel={t('catalogue.allFields')} />
        <Button label={t('catalogue.searchButton')} />
      </form>
      <p role="status" safe>
        {p.total === 0 ? t('catalogue.noResults') : t('catalogue.resultCount', { count: formatNumber(p.total) })}
      </p>
      {p.items.length ? (
        <ul class="plain">
          {p.items.map((s) => (
            <li class="card">
              <h2 class="h3">
                <a href={`/dich-vu/${encodeURIComponent(s.code)}`} lang="vi" safe>
                  {s.name}
                </a>
              </h2>
              <p class="muted">
                <span safe>{`${t('catalogue.code')}: ${s.code}`}</span>
                {s.field || s.levels.length ? (
                  <span lang="vi" safe>
                    {` · ${[s.field, s.levels.join(', ')].filter(Boolean).join(' · ')}`}
                  </span>
                ) : (
                  ''
                )}
              </p>
              {s.dvcttLevel ? (
                <p>
                  <span class="tag tag-success" safe>
                    {levelLabel(ctx, s.dvcttLevel)}
                  </span>
                </p>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <Pagination ctx={ctx} page={p.page} hasNext={p.page * p.pageSize < p.total} baseHref={`/dich-vu${qs({ q: p.q, field: p.field })}`} />
    </Layout>
  );
}

export interface ServiceGuide {
  slug: string;
  title: string;
  summary: string;
}

/**
 * A procedure's public page: the plain-language guide first (when there is one), the online button to the
 * procedure's own page on the national portal and the rating link, then the national record folded in
 * <details> (it runs to many phone screens).
 */
export function ServicePage(p: { ctx: PageContext; s: Procedure; orgNames: string[]; guides: ServiceGuide[] }): JSX.Element {
  const { ctx, s } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={s.name} description={`${t('catalogue.code')} ${s.code} – ${s.field}`}>
      <a href="/dich-vu" class="back-link" safe>
        {t('catalogue.backToList')}
      </a>
      <h1 lang="vi" safe>
        {s.name}
      </h1>
      {p.guides.length ? (
        <section class="panel" aria-labelledby="service-guides">
          <h2 id="service-guides" safe>
            {t('catalogue.guideFirst')}
          </h2>
          <p safe>{t('catalogue.guideFirstText')}</p>
          <ul class="list">
            {p.guides.map((g) => (
              <li>
                <a href={`/huong-dan/${g.slug}`} lang="vi" safe>
                  {g.title}
                </a>
                <br />
                <span class="muted" lang="vi" safe>
                  {g.summary}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <SummaryList
        rows={[
          [t('catalogue.code'), s.code],
          [t('catalogue.field'), s.field || '—', 'vi'],
          [t('catalogue.dvcttLevel'), levelLabel(ctx, s.dvcttLevel)],
          ...(p.orgNames.length ? ([[t('catalogue.responsible'), p.orgNames.join('; '), 'vi']] as Array<[string, string, string]>) : []),
        ]}
      />
      {s.portalUrl ? (
        <p>
          <a class="button" href={s.portalUrl} rel="noopener external" safe>
            {t('catalogue.applyOnline')}
          </a>
        </p>
      ) : (
        ''
      )}
      <p>
        <a href={`/danh-gia?ma=${encodeURIComponent(s.code)}`} safe>
          {t('catalogue.rateThis')}
        </a>
      </p>
      <details class="national-record">
        <summary safe>{t('catalogue.nationalDetails')}</summary>
        <div class="notice notice-warning" safe>
          {t('catalogue.sourceNotice', { date: formatDate(s.syncedAt) })}
        </div>
        <SummaryList
          rows={[
            [t('catalogue.govLevels'), s.levels.join(', ') || '—', 'vi'],
            [t('catalogue.agency'), s.agencyText ?? '—', 'vi'],
            [t('catalogue.time'), s.timeText ?? '—', 'vi'],
            [t('catalogue.fees'), s.feesText ?? '—', 'vi'],
            ...(s.applicantsText ? ([[t('catalogue.applicants'), s.applicantsText, 'vi']] as Array<[string, string, string]>) : []),
          ]}
        />
        <Section title={t('catalogue.documents')} text={s.documentsText} />
        <Section title={t('catalogue.steps')} text={s.stepsText} />
        <Section title={t('catalogue.conditions')} text={s.conditionsText} />
        <Section title={t('catalogue.result')} text={s.resultText} />
        <Section title={t('catalogue.legalBasis')} text={s.legalBasisText} />
        <h2 safe>{t('catalogue.source')}</h2>
        <p safe>{t('catalogue.sourceText', { decision: s.decision ?? '—', date: formatDate(s.syncedAt) })}</p>
        {s.portalUrl ? (
          <p>
            <a href={s.portalUrl} rel="noopener external" safe>
              {t('catalogue.sourceLink')}
            </a>
          </p>
        ) : (
          ''
        )}
      </details>
    </Layout>
  );
}

export function StaffListPage(p: {
  ctx: PageContext;
  filter: { q: string; field: string; level: string; unassigned: boolean };
  fields: string[];
  items: Procedure[];
  total: number;
  page: number;
  pageSize: number;
  orgNames: Map<string, string>;
}): JSX.Element {
  const { ctx, filter } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('catalogue.staffTitle')} staff>
      <h1 safe>{t('catalogue.staffTitle')}</h1>
      <p class="lead" safe>
        {t('catalogue.staffLead')}
      </p>
      <form method="get" action="/quan-tri/dich-vu" class="filters" role="search">
        <TextInput ctx={ctx} name="q" type="search" label={t('catalogue.searchLabel')} value={filter.q} />
        <Select ctx={ctx} name="field" label={t('catalogue.field')} value={filter.field} options={p.fields.map((f) => ({ value: f, label: f }))} emptyLabel={t('catalogue.allFields')} />
        <Select
          ctx={ctx}
          name="level"
          label={t('catalogue.dvcttLevel')}
          value={filter.level}
          emptyLabel={t('catalogue.allLevels')}
          options={[
            { value: 'toan-trinh', label: t('catalogue.levels.toan-trinh') },
            { value: 'mot-phan', label: t('catalogue.levels.mot-phan') },
            { value: 'none', label: t('catalogue.levels.none') },
          ]}
        />
        <Checkbox name="unassigned" value="1" label={t('catalogue.unassignedOnly')} checked={filter.unassigned} />
        <Button secondary label={t('form.filter')} />
      </form>
      <p role="status" safe>
        {t('catalogue.resultCount', { count: formatNumber(p.total) })}
      </p>
        <TableRegion label={t('catalogue.staffTitle')}>
        <table class="table table-small">
          <caption class="visually-hidden" safe>
            {t('catalogue.staffTitle')}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('catalogue.code')}
              </th>
              <th scope="col" safe>
                {t('catalogue.name')}
              </th>
              <th scope="col" safe>
                {t('catalogue.dvcttLevel')}
              </th>
              <th scope="col" safe>
                {t('catalogue.responsible')}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((s) => (
              <tr>
                <td safe>{s.code}</td>
                <td>
                  <a href={`/quan-tri/dich-vu/${encodeURIComponent(s.code)}`} safe>
                    {s.name}
                  </a>
                </td>
                <td safe>{levelLabel(ctx, s.dvcttLevel)}</td>
                <td safe>{s.responsibleOrgIds.map((id) => p.orgNames.get(id) ?? id).join('; ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableRegion>
      <Pagination
        ctx={ctx}
        page={p.page}
        hasNext={p.page * p.pageSize < p.total}
        baseHref={`/quan-tri/dich-vu${qs({ q: filter.q, field: filter.field, level: filter.level, unassigned: filter.unassigned ? '1' : '' })}`}
      />
    </Layout>
  );
}

export function StaffEditPage(p: { ctx: PageContext; s: Procedure; orgs: Option[]; values: { dvcttLevel: string; responsibleOrgId: string }; errors?: FieldErrors }): JSX.Element {
  const { ctx, s } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  return (
    <Layout ctx={ctx} title={s.name} staff hasErrors={Object.keys(e).length > 0}>
      <a href="/quan-tri/dich-vu" class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{s.name}</h1>
      <SummaryList
        rows={[
          [t('catalogue.code'), s.code],
          [t('catalogue.field'), s.field || '—'],
          [t('catalogue.govLevels'), s.levels.join(', ') || '—'],
          [t('catalogue.agency'), s.agencyText ?? '—'],
        ]}
      />
      <p>
        <a href={`/dich-vu/${encodeURIComponent(s.code)}`} safe>
          {t('catalogue.viewPublic')}
        </a>
      </p>
      <form method="post" action={`/quan-tri/dich-vu/${encodeURIComponent(s.code)}`} novalidate>
        <CsrfField ctx={ctx} />
        <Radios
          ctx={ctx}
          name="dvcttLevel"
          label={t('catalogue.dvcttLevel')}
          hint={t('catalogue.dvcttHint')}
          value={p.values.dvcttLevel || 'none'}
          error={e.dvcttLevel}
          options={[
            { value: 'toan-trinh', label: t('catalogue.levels.toan-trinh') },
            { value: 'mot-phan', label: t('catalogue.levels.mot-phan') },
            { value: 'none', label: t('catalogue.levels.none') },
          ]}
        />
        <Select
          ctx={ctx}
          name="responsibleOrgId"
          label={t('catalogue.responsible')}
          hint={t('catalogue.responsibleHint')}
          value={p.values.responsibleOrgId}
          options={p.orgs}
          error={e.responsibleOrgId}
          emptyLabel={t('catalogue.noResponsible')}
        />
        <Button label={t('form.save')} />
      </form>
    </Layout>
  );
}

/** Home page section: search the catalogue and the most viewed services. */
/** Home page: the way into the full catalogue, plus the procedures citizens actually open (only real views). */
export function HomeServicesSection(p: { ctx: PageContext; popular: Procedure[]; total: number }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <section aria-labelledby="home-services-title">
      <h2 id="home-services-title" safe>
        {t('catalogue.homeTitle')}
      </h2>
      {p.popular.length ? (
        <>
          <p safe>{t('catalogue.homePopular')}</p>
          <ul class="list">
            {p.popular.map((s) => (
              <li>
                <a href={`/dich-vu/${encodeURIComponent(s.code)}`} lang="vi" safe>
                  {s.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      <p>
        <a href="/dich-vu" safe>
          {t('catalogue.homeSearchLabel', { count: formatNumber(p.total) })}
        </a>
      </p>
    </section>
  );
}

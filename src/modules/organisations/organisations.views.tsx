import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, CsrfField, ErrorSummary, Pagination, Select, SummaryList, TextInput, type FieldErrors, type Option, Table, asHtml } from '../../platform/views/components.tsx';
import { formatDate } from '../../platform/i18n/i18n.ts';
import type { OrganisationRow } from './organisations.repo.ts';
import { ORG_TYPES } from './organisations.service.ts';

function typeOptions(ctx: PageContext): Option[] {
  return ORG_TYPES.map((t) => ({ value: t, label: ctx.t(`organisations.types.${t}`) }));
}

export function OrganisationListPage(p: {
  ctx: PageContext;
  rows: OrganisationRow[];
  hasNext: boolean;
  page: number;
  filter: { q: string; type: string; status: string; asOf: string };
  canManage: boolean;
}): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const qs = new URLSearchParams({ q: p.filter.q, type: p.filter.type, status: p.filter.status, asOf: formatDate(p.filter.asOf) }).toString();
  return (
    <Layout ctx={ctx} title={t('organisations.title')} staff>
      <h1 safe>{t('organisations.title')}</h1>
      <p class="lead" safe>
        {t('organisations.lead')}
      </p>
      {p.canManage ? (
        <p>
          <a class="button" href="/quan-tri/co-quan/moi" safe>
            {t('organisations.create')}
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action="/quan-tri/co-quan" class="filters">
        <TextInput ctx={ctx} name="q" label={t('organisations.search')} value={p.filter.q} />
        <Select ctx={ctx} name="type" label={t('organisations.type')} value={p.filter.type} options={typeOptions(ctx)} emptyLabel={t('organisations.allTypes')} />
        <Select
          ctx={ctx}
          name="status"
          label={t('organisations.statusFilter')}
          value={p.filter.status}
          options={[
            { value: 'active', label: t('organisations.statusActive') },
            { value: 'historical', label: t('organisations.statusHistorical') },
            { value: 'all', label: t('organisations.statusAll') },
          ]}
        />
        <TextInput ctx={ctx} name="asOf" label={t('organisations.asOf')} hint={t('organisations.dateHint')} value={formatDate(p.filter.asOf)} width="short" />
        <Button secondary label={t('form.filter')} />
      </form>
      <Table
        caption={t('organisations.title')}
        empty={t('common.noResults')}
        rows={p.rows}
        columns={[
          { header: t('organisations.name'), cell: (o) => asHtml(<a href={`/quan-tri/co-quan/${o.id}`} safe>{o.name}</a>) },
          { header: t('organisations.code'), cell: (o) => o.code },
          { header: t('organisations.type'), cell: (o) => t(`organisations.types.${o.type}`) },
          { header: t('common.status'), cell: (o) => (o.validTo ? t('organisations.historical', { date: formatDate(o.validTo) }) : t('organisations.active')) },
        ]}
      />
      <Pagination ctx={ctx} page={p.page} hasNext={p.hasNext} baseHref={`/quan-tri/co-quan?${qs}`} />
    </Layout>
  );
}

export interface CreateValues {
  code?: string;
  name?: string;
  shortName?: string;
  type?: string;
  parentId?: string;
  areaCode?: string;
  validFrom?: string;
}

export function OrganisationCreatePage(p: { ctx: PageContext; values: CreateValues; errors?: FieldErrors; parents: Option[] }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  return (
    <Layout ctx={ctx} title={t('organisations.createTitle')} staff hasErrors={Object.keys(e).length > 0}>
      <a href="/quan-tri/co-quan" class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{t('organisations.createTitle')}</h1>
      <form method="post" action="/quan-tri/co-quan/moi" novalidate>
        <CsrfField ctx={ctx} />
        <TextInput ctx={ctx} name="name" label={t('organisations.name')} value={p.values.name} error={e.name} />
        <TextInput ctx={ctx} name="shortName" label={t('organisations.shortName')} value={p.values.shortName} optional />
        <TextInput ctx={ctx} name="code" label={t('organisations.code')} hint={t('organisations.codeHint')} value={p.values.code} error={e.code} width="medium" spellcheck={false} />
        <Select ctx={ctx} name="type" label={t('organisations.type')} value={p.values.type} options={typeOptions(ctx)} error={e.type} emptyLabel="" />
        <Select ctx={ctx} name="parentId" label={t('organisations.parent')} value={p.values.parentId} options={p.parents} emptyLabel={t('organisations.noParent')} optional />
        <TextInput ctx={ctx} name="areaCode" label={t('organisations.areaCode')} hint={t('organisations.areaCodeHint')} value={p.values.areaCode} error={e.areaCode} width="short" inputmode="numeric" optional />
        <TextInput ctx={ctx} name="validFrom" label={t('organisations.validFrom')} hint={t('organisations.dateHint')} value={p.values.validFrom} error={e.validFrom} width="short" />
        <Button label={t('form.save')} />
      </form>
    </Layout>
  );
}

export function OrganisationDetailPage(p: {
  ctx: PageContext;
  org: OrganisationRow;
  names: Array<{ name: string; shortName: string | null; validFrom: string; validTo: string | null }>;
  successions: Array<{ direction: 'from' | 'to'; orgId: string; code: string; name: string; kind: string; effective: string }>;
  canManage: boolean;
  others: Option[];
  errors?: FieldErrors;
  values?: Record<string, string>;
}): JSX.Element {
  const { ctx, org } = p;
  const t = ctx.t;
  const e = p.errors ?? {};
  const v = p.values ?? {};
  const preds = p.successions.filter((s) => s.direction === 'from');
  const succs = p.successions.filter((s) => s.direction === 'to');
  const link = (s: (typeof p.successions)[number]) => (
    <li>
      <a href={`/quan-tri/co-quan/${s.orgId}`} safe>
        {s.name}
      </a>{' '}
      <span class="muted" safe>
        ({t(`organisations.kinds.${s.kind}`)}, {formatDate(s.effective)})
      </span>
    </li>
  );
  return (
    <Layout ctx={ctx} title={org.name} staff hasErrors={Object.keys(e).length > 0}>
      <a href="/quan-tri/co-quan" class="back-link" safe>
        {t('form.back')}
      </a>
      <ErrorSummary ctx={ctx} errors={e} />
      <h1 safe>{org.name}</h1>
      <SummaryList
        rows={[
          [t('organisations.code'), org.code],
          [t('organisations.type'), t(`organisations.types.${org.type}`)],
          [t('organisations.areaCode'), org.areaCode ?? '—'],
          [t('organisations.validFrom'), formatDate(org.validFrom)],
          [t('common.status'), org.validTo ? t('organisations.historical', { date: formatDate(org.validTo) }) : t('organisations.active')],
        ]}
      />
      <h2 safe>{t('organisations.names')}</h2>
      <ul class="list">
        {p.names.map((n) => (
          <li safe>{`${n.name} (${formatDate(n.validFrom)} – ${n.validTo ? formatDate(n.validTo) : '…'})`}</li>
        ))}
      </ul>
      {preds.length ? (
        <>
          <h2 safe>{t('organisations.predecessors')}</h2>
          <ul class="list">{preds.map(link)}</ul>
        </>
      ) : (
        ''
      )}
      {succs.length ? (
        <>
          <h2 safe>{t('organisations.successors')}</h2>
          <ul class="list">{succs.map(link)}</ul>
        </>
      ) : (
        ''
      )}
      {p.canManage && !org.validTo ? (
        <div class="actions-grid">
          <section>
            <h2 safe>{t('organisations.rename')}</h2>
            <form method="post" action={`/quan-tri/co-quan/${org.id}/doi-ten`} novalidate>
              <CsrfField ctx={ctx} />
              <TextInput ctx={ctx} name="name" label={t('organisations.name')} value={v.name ?? ''} error={e.name} />
              <TextInput ctx={ctx} name="shortName" label={t('organisations.shortName')} value={v.shortName ?? ''} optional />
              <TextInput ctx={ctx} name="effective" label={t('organisations.renameEffective')} hint={t('organisations.dateHint')} value={v.effective ?? ''} error={e.effective} width="short" />
              <Button secondary label={t('organisations.rename')} />
            </form>
          </section>
          <section>
            <h2 safe>{t('organisations.merge')}</h2>
            <form method="post" action={`/quan-tri/co-quan/${org.id}/sap-nhap`} novalidate>
              <CsrfField ctx={ctx} />
              <Select ctx={ctx} name="intoId" label={t('organisations.mergeInto')} options={p.others} value={v.intoId} error={e.intoId} emptyLabel="" />
              <TextInput ctx={ctx} name="mergeEffective" label={t('organisations.mergeEffective')} hint={t('organisations.dateHint')} value={v.mergeEffective ?? ''} error={e.mergeEffective} width="short" />
              <TextInput ctx={ctx} name="legalBasis" label={t('organisations.legalBasis')} value={v.legalBasis ?? ''} optional />
              <Button secondary label={t('organisations.merge')} />
            </form>
          </section>
          <section>
            <h2 safe>{t('organisations.retire')}</h2>
            <form method="post" action={`/quan-tri/co-quan/${org.id}/ket-thuc`} novalidate>
              <CsrfField ctx={ctx} />
              <TextInput ctx={ctx} name="validTo" label={t('organisations.retireLastDay')} hint={t('organisations.dateHint')} value={v.validTo ?? ''} error={e.validTo} width="short" />
              <Select ctx={ctx} name="successorId" label={t('organisations.successor')} options={p.others} value={v.successorId} error={e.successorId} emptyLabel={t('organisations.noParent')} optional />
              <Button warning label={t('organisations.retire')} />
            </form>
          </section>
        </div>
      ) : p.canManage ? (
        ''
      ) : (
        <p class="muted" safe>
          {t('organisations.manageOnly')}
        </p>
      )}
    </Layout>
  );
}

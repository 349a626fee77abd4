import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, Checkbox, CsrfField, ErrorSummary, Pagination, Radios, Select, SummaryList, TextInput, Textarea, type FieldErrors, type Option, TableRegion } from '../../platform/views/components.tsx';
import { formatDate } from '../../platform/i18n/i18n.ts';
import type { EventRow, ItemRow } from './feedback.repo.ts';
import { KINDS } from './feedback.service.ts';
import { PLACEHOLDER_RE } from './feedback.masking.ts';
import { Masked, Timeline } from './feedback.view-parts.tsx';

// Staff pages of feedback: the queue, one item, the working-day calendar.

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

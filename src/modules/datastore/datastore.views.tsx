import type { PageContext } from '../../platform/http/context.ts';
import { formatDate, formatDateTime, formatNumber } from '../../platform/i18n/i18n.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, CsrfField, ErrorSummary, Radios, Select, SummaryList, TableRegion, TextInput, Textarea } from '../../platform/views/components.tsx';
import type { FieldErrors } from '../../platform/views/components.tsx';
import type { AccessRow, DelegationRow, DocumentRow, NoticeRow, ShareRow } from './datastore.repo.ts';
import type { Acting, SharePreview } from './datastore.service.ts';
import { DELEGATION_SCOPES, RELATIONS } from './datastore.service.ts';
import { DELIVERED_KINDS, DOCUMENT_KINDS } from './datastore.files.ts';

export const KHO = '/tai-khoan/kho';
export const STAFF_KHO = '/quan-tri/kho';

const size = (n: number) => (n >= 1024 * 1024 ? `${formatNumber(Math.round((n / 1024 / 1024) * 10) / 10)} MB` : `${formatNumber(Math.max(1, Math.round(n / 1024)))} KB`);

function Flash({ ctx }: { ctx: PageContext }): JSX.Element {
  return ctx.flash ? (
    <p class="flash" role="status" safe>
      {ctx.flash}
    </p>
  ) : (
    ''
  );
}

function ActingBanner({ ctx, acting }: { ctx: PageContext; acting: Acting }): JSX.Element {
  if (!acting.delegation) return '';
  const { t } = ctx;
  return (
    <div class="notice acting-for" role="status">
      <p safe>{t('datastore.acting.banner', { owner: acting.delegation.ownerName, scopes: acting.delegation.scopes.map((s) => t(`datastore.scopes.${s}`)).join(', '), until: formatDate(acting.delegation.expiresAt) })}</p>
      <form method="post" action={`${KHO}/thay-mat/ket-thuc`}>
        <CsrfField ctx={ctx} />
        <Button label={t('datastore.acting.stop')} secondary />
      </form>
    </div>
  );
}

export interface KhoPageData {
  acting: Acting;
  documents: DocumentRow[];
  shares: Array<ShareRow & { orgName: string }>;
  notices: NoticeRow[];
  received: DelegationRow[];
  values?: Record<string, string>;
  errors?: FieldErrors;
}

export function KhoPage({ ctx, d }: { ctx: PageContext; d: KhoPageData }): JSX.Element {
  const { t } = ctx;
  const canUpload = !d.acting.delegation || d.acting.delegation.scopes.includes('upload');
  const canShare = !d.acting.delegation || d.acting.delegation.scopes.includes('share');
  const owner = !d.acting.delegation;
  const live = d.received.filter((r) => r.live);
  return (
    <Layout ctx={ctx} title={t('datastore.title')} hasErrors={Boolean(d.errors)}>
      <div class="container">
        <ErrorSummary ctx={ctx} errors={d.errors} />
        <Flash ctx={ctx} />
        <ActingBanner ctx={ctx} acting={d.acting} />
        <h1 safe>{t('datastore.title')}</h1>
        <p safe>{t('datastore.lead')}</p>

        {d.notices.length ? (
          <section class="notices" aria-labelledby="ds-notices">
            <h2 id="ds-notices" safe>
              {t('datastore.notices.title')}
            </h2>
            <ul>
              {d.notices.map((n) => (
                <li class={n.readAt ? '' : 'unread'} safe>
                  {`${formatDateTime(n.createdAt)} – ${t(`datastore.notices.${n.kind}`, n.textArgs)}`}
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}

        <h2 safe>{t('datastore.documents.title')}</h2>
        {d.documents.length ? (
          <TableRegion label={t('datastore.documents.title')}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col" safe>{t('datastore.documents.name')}</th>
                  <th scope="col" safe>{t('datastore.documents.kind')}</th>
                  <th scope="col" safe>{t('datastore.documents.valid')}</th>
                  <th scope="col" safe>{t('datastore.documents.source')}</th>
                  <th scope="col" safe>{t('datastore.documents.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {d.documents.map((doc) => (
                  <tr>
                    <td>
                      <a href={`${KHO}/tai-lieu/${doc.id}/tai-ve`} safe>
                        {doc.title}
                      </a>
                      <span class="hint" safe>{` ${doc.fileName}, ${size(doc.sizeBytes)}`}</span>
                    </td>
                    <td safe>{t(`datastore.kinds.${doc.kind}`)}</td>
                    <td>{doc.validFrom || doc.validUntil ? `${formatDate(doc.validFrom) || '…'} – ${formatDate(doc.validUntil) || '…'}` : '–'}</td>
                    <td safe>{doc.source === 'delivered' ? t('datastore.documents.delivered', { dossier: doc.dossierCode ?? '' }) : t('datastore.documents.uploaded')}</td>
                    <td>
                      {canShare ? (
                        <a href={`${KHO}/chia-se?tai-lieu=${doc.id}`} safe>
                          {t('datastore.documents.share', { name: doc.title })}
                        </a>
                      ) : (
                        ''
                      )}
                      {owner ? (
                        <form method="post" action={`${KHO}/tai-lieu/${doc.id}/xoa`} class="inline-form">
                          <CsrfField ctx={ctx} />
                          <Button label={t('datastore.documents.delete')} secondary />
                        </form>
                      ) : (
                        ''
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        ) : (
          <p safe>{t('datastore.documents.none')}</p>
        )}

        {canUpload ? (
          <>
            <h2 safe>{t('datastore.upload.title')}</h2>
            <p class="hint" safe>
              {t('datastore.upload.hint')}
            </p>
            <form method="post" action={`${KHO}/tai-len?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data" novalidate>
              <Select ctx={ctx} name="kind" label={t('datastore.upload.kind')} value={d.values?.kind} error={d.errors?.kind} emptyLabel={t('datastore.upload.chooseKind')} options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`datastore.kinds.${k}`) }))} />
              <TextInput ctx={ctx} name="title" label={t('datastore.upload.name')} hint={t('datastore.upload.nameHint')} value={d.values?.title} error={d.errors?.title} optional />
              <TextInput ctx={ctx} name="valid_from" label={t('datastore.upload.validFrom')} hint={t('datastore.dateHint')} value={d.values?.valid_from} error={d.errors?.valid_from} width="short" optional />
              <TextInput ctx={ctx} name="valid_until" label={t('datastore.upload.validUntil')} hint={t('datastore.dateHint')} value={d.values?.valid_until} error={d.errors?.valid_until} width="short" optional />
              <div class={`form-group${d.errors?.file ? ' has-error' : ''}`}>
                <label class="label" for="file" safe>
                  {t('datastore.upload.file')}
                </label>
                {d.errors?.file ? (
                  <p id="file-error" class="error-message" safe>
                    {d.errors.file}
                  </p>
                ) : (
                  ''
                )}
                <input class="file-upload" type="file" id="file" name="file" accept="application/pdf,image/jpeg,image/png,image/webp" />
              </div>
              <Button label={t('datastore.upload.submit')} />
            </form>
          </>
        ) : (
          ''
        )}

        <h2 safe>{t('datastore.shares.title')}</h2>
        {d.shares.length ? (
          <ul class="ds-shares">
            {d.shares.map((s) => (
              <li>
                <a href={`${KHO}/chia-se/${s.id}`} safe>
                  {t('datastore.shares.item', { org: s.orgName, dossier: s.dossierCode })}
                </a>{' '}
                <span safe>{`– ${t(`datastore.shares.status.${s.live ? 'active' : s.status === 'active' ? 'expired' : s.status}`)}`}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p safe>{t('datastore.shares.none')}</p>
        )}
        {canShare && d.documents.length ? (
          <p>
            <a class="button secondary" href={`${KHO}/chia-se`} safe>
              {t('datastore.shares.new')}
            </a>
          </p>
        ) : (
          ''
        )}

        {owner ? (
          <>
            <h2 safe>{t('datastore.more.title')}</h2>
            <ul>
              <li>
                <a href={`${KHO}/nhat-ky`} safe>
                  {t('datastore.more.log')}
                </a>
              </li>
              <li>
                <a href={`${KHO}/uy-quyen`} safe>
                  {t('datastore.more.delegation')}
                </a>
              </li>
              <li>
                <a href={`${KHO}/tai-ve.zip`} download="kho-du-lieu.zip" safe>
                  {t('datastore.more.export')}
                </a>
              </li>
              <li>
                <a href={`${KHO}/xoa`} safe>
                  {t('datastore.more.erase')}
                </a>
              </li>
            </ul>
            {live.length ? (
              <>
                <h2 safe>{t('datastore.acting.title')}</h2>
                <form method="post" action={`${KHO}/thay-mat`}>
                  <CsrfField ctx={ctx} />
                  <Radios ctx={ctx} name="uy_quyen" label={t('datastore.acting.choose')} options={live.map((r) => ({ value: r.id, label: t('datastore.acting.option', { owner: r.ownerName, until: formatDate(r.expiresAt) }) }))} />
                  <Button label={t('datastore.acting.start')} secondary />
                </form>
              </>
            ) : (
              ''
            )}
          </>
        ) : (
          ''
        )}
      </div>
    </Layout>
  );
}

export function ShareFormPage({ ctx, documents, agencies, values, errors }: { ctx: PageContext; documents: DocumentRow[]; agencies: Array<{ value: string; label: string }>; values: Record<string, string | string[]>; errors?: FieldErrors }): JSX.Element {
  const { t } = ctx;
  const chosen = new Set(Array.isArray(values.documents) ? values.documents : values.documents ? [values.documents] : []);
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  return (
    <Layout ctx={ctx} title={t('datastore.share.title')} hasErrors={Boolean(errors)}>
      <div class="container narrow">
        <ErrorSummary ctx={ctx} errors={errors} />
        <h1 safe>{t('datastore.share.title')}</h1>
        <p safe>{t('datastore.share.lead')}</p>
        <form method="post" action={`${KHO}/chia-se`} novalidate>
          <CsrfField ctx={ctx} />
          <div class={`form-group${errors?.documents ? ' has-error' : ''}`}>
            <fieldset class="fieldset" id="documents">
              <legend class="legend" safe>
                {t('datastore.share.documents')}
              </legend>
              {errors?.documents ? (
                <p class="error-message" safe>
                  {errors.documents}
                </p>
              ) : (
                ''
              )}
              <div class="checkboxes">
                {documents.map((d, i) => (
                  <div class="checkbox">
                    <input type="checkbox" id={`documents-${i}`} name="documents" value={d.id} checked={chosen.has(d.id)} />
                    <label for={`documents-${i}`} safe>
                      {`${d.title} (${t(`datastore.kinds.${d.kind}`)})`}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <Select ctx={ctx} name="org" label={t('datastore.share.org')} value={v('org')} error={errors?.org} emptyLabel={t('datastore.share.chooseOrg')} options={agencies} />
          <TextInput ctx={ctx} name="dossier_code" label={t('datastore.share.dossier')} hint={t('datastore.share.dossierHint')} value={v('dossier_code')} error={errors?.dossier_code} width="medium" />
          <TextInput ctx={ctx} name="procedure_code" label={t('datastore.share.procedure')} value={v('procedure_code')} error={errors?.procedure_code} width="medium" optional />
          <Textarea ctx={ctx} name="purpose" label={t('datastore.share.purpose')} hint={t('datastore.share.purposeHint')} value={v('purpose')} error={errors?.purpose} rows={3} />
          <TextInput ctx={ctx} name="until" label={t('datastore.share.until')} hint={t('datastore.share.untilHint')} value={v('until')} error={errors?.until} width="short" />
          <div class="checkbox">
            <input type="checkbox" id="until_result" name="until_result" value="co" checked={v('until_result') === 'co'} />
            <label for="until_result" safe>
              {t('datastore.share.untilResult')}
            </label>
          </div>
          <Button label={t('datastore.share.next')} />
        </form>
        <p>
          <a href={KHO} safe>
            {t('datastore.back')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

/** The consent page: what is shared, with whom, why and for how long, in plain Vietnamese. */
export function ConsentPage({ ctx, p }: { ctx: PageContext; p: SharePreview }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('datastore.consent.title')}>
      <div class="container narrow">
        <h1 safe>{t('datastore.consent.title')}</h1>
        <p class="lead" safe>
          {t('datastore.consent.sentence', { org: p.org.name, dossier: p.dossierCode, until: formatDate(p.untilDate) })}
        </p>
        <h2 safe>{t('datastore.consent.what')}</h2>
        <ul>
          {p.documents.map((d) => (
            <li safe>{`${d.title} (${t(`datastore.kinds.${d.kind}`)})`}</li>
          ))}
        </ul>
        <SummaryList
          rows={[
            [t('datastore.consent.who'), p.org.name],
            [t('datastore.consent.why'), p.purpose],
            [t('datastore.consent.dossier'), p.procedureCode ? `${p.dossierCode} (${t('datastore.consent.procedure')} ${p.procedureCode})` : p.dossierCode],
            [t('datastore.consent.howLong'), p.untilResult ? t('datastore.consent.untilResult', { until: formatDate(p.untilDate) }) : t('datastore.consent.untilDate', { until: formatDate(p.untilDate) })],
            [t('datastore.consent.basis'), p.legalBasis],
          ]}
        />
        <h2 safe>{t('datastore.consent.rulesTitle')}</h2>
        <ul>
          <li safe>{t('datastore.consent.rule1')}</li>
          <li safe>{t('datastore.consent.rule2')}</li>
          <li safe>{t('datastore.consent.rule3')}</li>
          <li safe>{t('datastore.consent.rule4')}</li>
        </ul>
        <form method="post" action={`${KHO}/chia-se/dong-y`}>
          <CsrfField ctx={ctx} />
          {p.documents.map((d) => (
            <input type="hidden" name="documents" value={d.id} />
          ))}
          <input type="hidden" name="org" value={p.org.id} />
          <input type="hidden" name="dossier_code" value={p.dossierCode} />
          <input type="hidden" name="procedure_code" value={p.procedureCode ?? ''} />
          <input type="hidden" name="purpose" value={p.purpose} />
          <input type="hidden" name="until" value={p.untilDate} />
          <input type="hidden" name="until_result" value={p.untilResult ? 'co' : ''} />
          <Button label={t('datastore.consent.agree')} />
        </form>
        <p>
          <a href={KHO} safe>
            {t('datastore.consent.cancel')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function SharePage({ ctx, s, canRevoke }: { ctx: PageContext; s: ShareRow & { orgName: string; documents: DocumentRow[] }; canRevoke: boolean }): JSX.Element {
  const { t } = ctx;
  const status = s.live ? 'active' : s.status === 'active' ? 'expired' : s.status;
  return (
    <Layout ctx={ctx} title={t('datastore.shareDetail.title')}>
      <div class="container narrow">
        <Flash ctx={ctx} />
        <h1 safe>{t('datastore.shareDetail.title')}</h1>
        <SummaryList
          rows={[
            [t('datastore.consent.who'), s.orgName],
            [t('datastore.consent.why'), s.purpose],
            [t('datastore.consent.dossier'), s.dossierCode],
            [t('datastore.consent.howLong'), s.untilResult ? t('datastore.consent.untilResult', { until: formatDate(s.untilDate) }) : t('datastore.consent.untilDate', { until: formatDate(s.untilDate) })],
            [t('datastore.shareDetail.status'), t(`datastore.shares.status.${status}`)],
            [t('datastore.shareDetail.given'), formatDateTime(s.createdAt)],
            [t('datastore.consent.basis'), s.legalBasis],
          ]}
        />
        <h2 safe>{t('datastore.consent.what')}</h2>
        <ul>
          {s.documents.map((d) => (
            <li safe>{d.title}</li>
          ))}
        </ul>
        <p>
          <a href={`${KHO}/chia-se/${s.id}/bien-nhan.json`} download={`bien-nhan-${s.id}.json`} safe>
            {t('datastore.shareDetail.receipt')}
          </a>
        </p>
        {s.live && canRevoke ? (
          <form method="post" action={`${KHO}/chia-se/${s.id}/thu-hoi`}>
            <CsrfField ctx={ctx} />
            <p safe>{t('datastore.shareDetail.revokeLead')}</p>
            <Button label={t('datastore.shareDetail.revoke')} warning />
          </form>
        ) : (
          ''
        )}
        <p>
          <a href={KHO} safe>
            {t('datastore.back')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function AccessLogPage({ ctx, rows }: { ctx: PageContext; rows: AccessRow[] }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('datastore.log.title')}>
      <div class="container">
        <h1 safe>{t('datastore.log.title')}</h1>
        <p safe>{t('datastore.log.lead')}</p>
        {rows.length ? (
          <TableRegion label={t('datastore.log.title')}>
            <table class="table access-log">
              <thead>
                <tr>
                  <th scope="col" safe>{t('datastore.log.when')}</th>
                  <th scope="col" safe>{t('datastore.log.who')}</th>
                  <th scope="col" safe>{t('datastore.log.what')}</th>
                  <th scope="col" safe>{t('datastore.log.why')}</th>
                  <th scope="col" safe>{t('datastore.log.basis')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td safe>{formatDateTime(r.at)}</td>
                    <td safe>
                      {r.action === 'delegate_act'
                        ? t('datastore.log.delegate', { name: r.actorLabel ?? '', relation: t(`datastore.relations.${r.actorRole ?? 'family'}`) })
                        : t('datastore.log.staff', { org: r.orgName ?? '', role: r.actorRole ? t(`datastore.roles.${r.actorRole}`) : '' })}
                    </td>
                    <td safe>{`${t(`datastore.log.actions.${r.action === 'delegate_act' ? `delegate_${r.detail ?? 'act'}` : r.action}`)}: ${r.documentName}`}</td>
                    <td safe>{r.action === 'delegate_act' ? '–' : [r.purpose, r.dossierCode ? t('datastore.log.dossier', { dossier: r.dossierCode }) : ''].filter(Boolean).join('; ')}</td>
                    <td safe>{r.legalBasis ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        ) : (
          <p safe>{t('datastore.log.none')}</p>
        )}
        <p>
          <a href={KHO} safe>
            {t('datastore.back')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function DelegationPage({ ctx, given, received, values, errors }: { ctx: PageContext; given: DelegationRow[]; received: DelegationRow[]; values?: Record<string, string | string[]>; errors?: FieldErrors }): JSX.Element {
  const { t } = ctx;
  const v = (k: string) => (typeof values?.[k] === 'string' ? (values[k] as string) : '');
  const scopes = new Set(Array.isArray(values?.scopes) ? values.scopes : values?.scopes ? [values.scopes as string] : []);
  const row = (d: DelegationRow, who: string, mine: boolean) => (
    <li>
      <span safe>{t('datastore.delegation.item', { who, relation: t(`datastore.relations.${d.relation}`), scopes: d.scopes.map((s) => t(`datastore.scopes.${s}`)).join(', '), until: formatDate(d.expiresAt) })}</span>{' '}
      <span safe>{`– ${t(`datastore.delegation.${d.live ? 'live' : d.revokedAt ? 'revoked' : 'expired'}`)}`}</span>
      {d.live ? (
        <form method="post" action={`${KHO}/uy-quyen/${d.id}/thu-hoi`} class="inline-form">
          <CsrfField ctx={ctx} />
          <Button label={t(mine ? 'datastore.delegation.revoke' : 'datastore.delegation.giveUp')} secondary />
        </form>
      ) : (
        ''
      )}
    </li>
  );
  return (
    <Layout ctx={ctx} title={t('datastore.delegation.title')} hasErrors={Boolean(errors)}>
      <div class="container narrow">
        <ErrorSummary ctx={ctx} errors={errors} />
        <Flash ctx={ctx} />
        <h1 safe>{t('datastore.delegation.title')}</h1>
        <p safe>{t('datastore.delegation.lead')}</p>
        <h2 safe>{t('datastore.delegation.given')}</h2>
        {given.length ? <ul>{given.map((d) => row(d, d.delegateName, true))}</ul> : <p safe>{t('datastore.delegation.none')}</p>}
        <h2 safe>{t('datastore.delegation.received')}</h2>
        {received.length ? <ul>{received.map((d) => row(d, d.ownerName, false))}</ul> : <p safe>{t('datastore.delegation.none')}</p>}
        <h2 safe>{t('datastore.delegation.new')}</h2>
        <form method="post" action={`${KHO}/uy-quyen`} novalidate>
          <CsrfField ctx={ctx} />
          <TextInput ctx={ctx} name="id_number" label={t('datastore.delegation.idNumber')} hint={t('datastore.delegation.idNumberHint')} value={v('id_number')} error={errors?.id_number} width="medium" inputmode="numeric" autocomplete="off" />
          <Radios ctx={ctx} name="relation" label={t('datastore.delegation.relation')} value={v('relation')} error={errors?.relation} options={RELATIONS.map((r) => ({ value: r, label: t(`datastore.relations.${r}`) }))} />
          <div class={`form-group${errors?.scopes ? ' has-error' : ''}`}>
            <fieldset class="fieldset" id="scopes">
              <legend class="legend" safe>
                {t('datastore.delegation.scopes')}
              </legend>
              {errors?.scopes ? (
                <p class="error-message" safe>
                  {errors.scopes}
                </p>
              ) : (
                ''
              )}
              <div class="checkboxes">
                {DELEGATION_SCOPES.map((s) => (
                  <div class="checkbox">
                    <input type="checkbox" id={`scopes-${s}`} name="scopes" value={s} checked={scopes.has(s)} />
                    <label for={`scopes-${s}`} safe>
                      {t(`datastore.scopes.${s}`)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <TextInput ctx={ctx} name="expires" label={t('datastore.delegation.expires')} hint={t('datastore.dateHint')} value={v('expires')} error={errors?.expires} width="short" />
          <p class="hint" safe>
            {t('datastore.delegation.never')}
          </p>
          <Button label={t('datastore.delegation.submit')} />
        </form>
        <p>
          <a href={KHO} safe>
            {t('datastore.back')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function ErasePage({ ctx, delivered, error }: { ctx: PageContext; delivered: number; error?: string }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('datastore.erase.title')} hasErrors={Boolean(error)}>
      <div class="container narrow">
        <ErrorSummary ctx={ctx} errors={error ? { xac_nhan: error } : undefined} />
        <h1 safe>{t('datastore.erase.title')}</h1>
        <p safe>{t('datastore.erase.lead')}</p>
        <ul>
          <li safe>{t('datastore.erase.what1')}</li>
          <li safe>{t('datastore.erase.what2')}</li>
          <li safe>{t('datastore.erase.what3')}</li>
        </ul>
        <h2 safe>{t('datastore.erase.retentionTitle')}</h2>
        <p safe>{t('datastore.erase.retention', { n: delivered })}</p>
        <p safe>{t('datastore.erase.exportFirst')}</p>
        <form method="post" action={`${KHO}/xoa`}>
          <CsrfField ctx={ctx} />
          <div class={`form-group${error ? ' has-error' : ''}`}>
            <div class="checkbox">
              <input type="checkbox" id="xac_nhan" name="xac_nhan" value="co" />
              <label for="xac_nhan" safe>
                {t('datastore.erase.confirm')}
              </label>
            </div>
          </div>
          <Button label={t('datastore.erase.submit')} warning />
        </form>
        <p>
          <a href={KHO} safe>
            {t('datastore.back')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

// ── staff ────────────────────────────────────────────────────────────────────────────────────────────────

export function StaffListPage({ ctx, shares }: { ctx: PageContext; shares: Array<ShareRow & { orgName: string; documents: number }> }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('datastore.staff.title')} staff>
      <div class="container">
        <Flash ctx={ctx} />
        <h1 safe>{t('datastore.staff.title')}</h1>
        <p safe>{t('datastore.staff.lead')}</p>
        {shares.length ? (
          <TableRegion label={t('datastore.staff.title')}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col" safe>{t('datastore.consent.dossier')}</th>
                  <th scope="col" safe>{t('datastore.consent.who')}</th>
                  <th scope="col" safe>{t('datastore.consent.why')}</th>
                  <th scope="col" safe>{t('datastore.staff.until')}</th>
                  <th scope="col" safe>{t('datastore.staff.documents')}</th>
                </tr>
              </thead>
              <tbody>
                {shares.map((s) => (
                  <tr>
                    <td>
                      <a href={`${STAFF_KHO}/chia-se/${s.id}`} safe>
                        {s.dossierCode}
                      </a>
                    </td>
                    <td safe>{s.orgName}</td>
                    <td safe>{s.purpose}</td>
                    <td safe>{formatDate(s.untilDate)}</td>
                    <td safe>{String(s.documents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        ) : (
          <p safe>{t('datastore.staff.none')}</p>
        )}
        <p>
          <a href={`${STAFF_KHO}/giao`} safe>
            {t('datastore.staff.deliverLink')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function StaffSharePage({
  ctx,
  d,
}: {
  ctx: PageContext;
  d: { share: ShareRow; orgName: string; ownerName: string; documents: Array<{ id: string; kind: string; title: string; mime: string; sizeBytes: number; validUntil: string | null }> };
}): JSX.Element {
  const { t } = ctx;
  const s = d.share;
  return (
    <Layout ctx={ctx} title={t('datastore.staff.shareTitle', { dossier: s.dossierCode })} staff>
      <div class="container">
        <h1 safe>{t('datastore.staff.shareTitle', { dossier: s.dossierCode })}</h1>
        <SummaryList
          rows={[
            [t('datastore.staff.owner'), d.ownerName],
            [t('datastore.consent.who'), d.orgName],
            [t('datastore.consent.why'), s.purpose],
            [t('datastore.staff.until'), formatDate(s.untilDate)],
            [t('datastore.consent.basis'), s.legalBasis],
          ]}
        />
        <p class="notice" safe>
          {t('datastore.staff.logged')}
        </p>
        <h2 safe>{t('datastore.staff.documents')}</h2>
        {d.documents.map((doc, i) => (
          <form method="post" action={`${STAFF_KHO}/tai-lieu/${doc.id}/mo`} class="staff-open">
            <CsrfField ctx={ctx} />
            <h3 safe>{`${doc.title} (${t(`datastore.kinds.${doc.kind}`)}, ${size(doc.sizeBytes)})`}</h3>
            <Radios ctx={ctx} name="share" id={`share-${i}`} label={t('datastore.staff.choosePurpose')} options={[{ value: s.id, label: t('datastore.staff.purposeOption', { purpose: s.purpose, dossier: s.dossierCode }) }]} />
            <Button label={t('datastore.staff.open', { name: doc.title })} />
          </form>
        ))}
        <p>
          <a href={STAFF_KHO} safe>
            {t('datastore.back')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function DeliverPage({ ctx, orgs, values, errors }: { ctx: PageContext; orgs: Array<{ value: string; label: string }>; values?: Record<string, string>; errors?: FieldErrors }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('datastore.deliver.title')} staff hasErrors={Boolean(errors)}>
      <div class="container narrow">
        <ErrorSummary ctx={ctx} errors={errors} />
        <h1 safe>{t('datastore.deliver.title')}</h1>
        <p safe>{t('datastore.deliver.lead')}</p>
        <form method="post" action={`${STAFF_KHO}/giao?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data" novalidate>
          <TextInput ctx={ctx} name="id_number" label={t('datastore.deliver.idNumber')} hint={t('datastore.deliver.idNumberHint')} value={values?.id_number} error={errors?.id_number} width="medium" inputmode="numeric" autocomplete="off" />
          <Select ctx={ctx} name="org" label={t('datastore.deliver.org')} value={values?.org ?? orgs[0]?.value} error={errors?.org} options={orgs} />
          <Select ctx={ctx} name="kind" label={t('datastore.upload.kind')} value={values?.kind} error={errors?.kind} options={DELIVERED_KINDS.map((k) => ({ value: k, label: t(`datastore.kinds.${k}`) }))} />
          <TextInput ctx={ctx} name="title" label={t('datastore.deliver.name')} value={values?.title} error={errors?.title} />
          <TextInput ctx={ctx} name="dossier_code" label={t('datastore.share.dossier')} value={values?.dossier_code} error={errors?.dossier_code} width="medium" />
          <TextInput ctx={ctx} name="valid_until" label={t('datastore.upload.validUntil')} hint={t('datastore.dateHint')} value={values?.valid_until} error={errors?.valid_until} width="short" optional />
          <div class={`form-group${errors?.file ? ' has-error' : ''}`}>
            <label class="label" for="file" safe>
              {t('datastore.upload.file')}
            </label>
            {errors?.file ? (
              <p id="file-error" class="error-message" safe>
                {errors.file}
              </p>
            ) : (
              ''
            )}
            <input class="file-upload" type="file" id="file" name="file" accept="application/pdf,image/jpeg,image/png,image/webp" />
          </div>
          <Button label={t('datastore.deliver.submit')} />
        </form>
        <p>
          <a href={STAFF_KHO} safe>
            {t('datastore.back')}
          </a>
        </p>
      </div>
    </Layout>
  );
}


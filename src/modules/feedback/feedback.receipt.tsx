import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { SummaryList } from '../../platform/views/components.tsx';
import { formatDate } from '../../platform/i18n/i18n.ts';

export interface IntakeReceipt {
  code: string;
  kind: string;
  channel: string;
  title: string | null;
  receivedDay: string;
  dueDay: string;
  orgName: string;
  citizenKey: string | null;
  canOpen: boolean;
}

/**
 * The slip an officer reads out on the phone or prints at the desk: the tracking code and, for the officer who
 * entered the item, the citizen's private key and the full tracking address. The print stylesheet hides the
 * site chrome and everything marked no-print.
 */
export function IntakeReceiptPage(p: { ctx: PageContext; r: IntakeReceipt; publicUrl: string }): JSX.Element {
  const { ctx, r } = p;
  const t = ctx.t;
  const trackUrl = r.citizenKey ? `${p.publicUrl}/phan-anh/${r.code}?k=${encodeURIComponent(r.citizenKey)}` : `${p.publicUrl}/phan-anh/${r.code}`;
  return (
    <Layout ctx={ctx} title={t('feedback.slip.title', { code: r.code })} staff>
      <p class="no-print">
        <a href="/quan-tri/phan-anh" class="back-link" safe>
          {t('form.back')}
        </a>
      </p>
      <section class="receipt-slip" aria-labelledby="slip-title">
        <h1 id="slip-title" safe>
          {t('feedback.slip.heading')}
        </h1>
        <p safe>{t('feedback.receiptCode')}</p>
        <p class="receipt-code">
          <strong safe>{r.code}</strong>
        </p>
        <SummaryList
          rows={[
            [t('feedback.kind'), t(`feedback.kinds.${r.kind}`)],
            ...(r.title ? [[t('feedback.title'), r.title] as [string, string]] : []),
            [t('feedback.channel'), t(`feedback.channels.${r.channel}`)],
            [t('feedback.agency'), r.orgName || '—'],
            [t('feedback.received'), formatDate(r.receivedDay)],
            [t('feedback.due'), formatDate(r.dueDay)],
            ...(r.citizenKey ? [[t('feedback.slip.key'), r.citizenKey] as [string, string]] : []),
            [t('feedback.slip.trackAt'), trackUrl],
          ]}
        />
        <p safe>{r.citizenKey ? t('feedback.slip.keepKey') : t('feedback.slip.noKey')}</p>
      </section>
      <p class="no-print" safe>
        {t('feedback.slip.printHint')}
      </p>
      <p class="no-print">
        <a href="/quan-tri/phan-anh/nhap" class="button" safe>
          {t('feedback.slip.another')}
        </a>{' '}
        {r.canOpen ? (
          <a href={`/quan-tri/phan-anh/${r.code}`} safe>
            {t('feedback.slip.open')}
          </a>
        ) : (
          ''
        )}
      </p>
    </Layout>
  );
}

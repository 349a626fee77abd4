import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, CsrfField, TableRegion } from '../../platform/views/components.tsx';
import { formatDateTime, formatNumber } from '../../platform/i18n/i18n.ts';
import type { DeadLetter } from '../../platform/events/bus.ts';

export function DeadLettersPage(p: { ctx: PageContext; pending: number; deadCount: number; dead: DeadLetter[] }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('events.title')} staff>
      <h1 safe>{t('events.title')}</h1>
      <p class="muted" safe>
        {t('events.lead')}
      </p>
      <p safe>{t('events.counts', { pending: formatNumber(p.pending), dead: formatNumber(p.deadCount) })}</p>
      {p.dead.length === 0 ? (
        <p safe>{t('events.none')}</p>
      ) : (
        <TableRegion label={t('events.title')}>
        <table class="table table-small">
          <thead>
            <tr>
              <th scope="col" safe>{t('events.event')}</th>
              <th scope="col" safe>{t('events.handler')}</th>
              <th scope="col" safe>{t('events.attempts')}</th>
              <th scope="col" safe>{t('events.error')}</th>
              <th scope="col" safe>{t('events.when')}</th>
              <th scope="col"><span class="visually-hidden" safe>{t('events.action')}</span></th>
            </tr>
          </thead>
          <tbody>
            {p.dead.map((d) => (
              <tr>
                <td>
                  <span safe>{d.type}</span> <span class="mono" safe>#{String(d.eventId)}</span>
                  <div class="mono muted" safe>{JSON.stringify(d.payload).slice(0, 200)}</div>
                </td>
                <td class="mono" safe>{d.handler}</td>
                <td safe>{formatNumber(d.attempts)}</td>
                <td class="mono" safe>{d.lastError ?? ''}</td>
                <td safe>{formatDateTime(d.updatedAt)}</td>
                <td>
                  <form method="post" action="/quan-tri/su-kien/gui-lai">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="eventId" value={String(d.eventId)} />
                    <input type="hidden" name="handler" value={d.handler} />
                    <Button secondary label={t('events.requeue')} />
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableRegion>
      )}
    </Layout>
  );
}

import type { PageContext } from '../../platform/http/context.ts';
import { type Option } from '../../platform/views/components.tsx';
import { formatDateTime, formatNumber } from '../../platform/i18n/i18n.ts';
import type { EventRow } from './feedback.repo.ts';
import { KINDS } from './feedback.service.ts';
import { PLACEHOLDER_RE } from './feedback.masking.ts';

/** Pieces the public, staff and report views of feedback share. */
/** Masked text with each placeholder highlighted: the moderator sees which spans were masked (not what). */
export function Masked({ text }: { text: string }): JSX.Element {
  const parts = text.split(PLACEHOLDER_RE);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <mark class="masked" safe>{part}</mark> : <span safe>{part}</span>))}</>;
}

export const kindOptions = (ctx: PageContext): Option[] => KINDS.filter((k) => k !== 'ho-tro').map((k) => ({ value: k, label: ctx.t(`feedback.kinds.${k}`) }));
export const pctText = (v: number | null) => (v == null ? '—' : `${formatNumber(v, 1)} %`);

/** Notes stored as codes ("web", "+3") are written out for people; free-text notes are shown as written. */
export function eventNote(ctx: PageContext, e: EventRow): string {
  if (e.kind === 'received' || e.kind === 'duplicate') return ctx.t('feedback.receivedVia', { channel: ctx.t(`feedback.channels.${e.note}`) });
  if (e.kind === 'resumed' && /^\+\d+$/.test(e.note ?? '')) return ctx.t('feedback.resumedDays', { n: (e.note ?? '').slice(1) });
  return e.note ?? '';
}

export function Timeline({ ctx, events }: { ctx: PageContext; events: EventRow[] }): JSX.Element {
  return (
    <ol class="timeline">
      {events.map((e) => (
        <li>
          <strong safe>{ctx.t(`feedback.events.${e.kind}`)}</strong> <span class="muted" safe>{formatDateTime(e.at)}</span>
          {e.public ? '' : <span class="tag" safe>{` ${ctx.t('feedback.internal')}`}</span>}
          {e.note ? <p safe>{eventNote(ctx, e)}</p> : ''}
        </li>
      ))}
    </ol>
  );
}

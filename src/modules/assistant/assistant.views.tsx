import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, CsrfField, ErrorSummary, Radios, Textarea, TextInput, type FieldErrors, TableRegion } from '../../platform/views/components.tsx';
import { formatDateTime, formatNumber } from '../../platform/i18n/i18n.ts';
import type { LexiconRow, TurnRow } from './assistant.repo.ts';
import type { GapGroup } from './gaps.ts';

const SCRIPT = '<script src="/static/js/assistant.js" defer></script>';
const REASONS = ['wrong', 'incomplete', 'unclear', 'outdated', 'other'] as const;

/** Answer text: paragraphs separated by blank lines, lines kept; everything escaped. */
export function AnswerText({ text }: { text: string }): JSX.Element {
  return (
    <div class="assistant-answer">
      {text.split(/\n{2,}/).map((para) => (
        <p safe>
          {para}
        </p>
      ))}
    </div>
  );
}

export function Hotline({ ctx, emergency, level = 3 }: { ctx: PageContext; emergency?: boolean; level?: 2 | 3 }): JSX.Element {
  const t = ctx.t;
  // The panel sits under an h2 on the assistant page and directly under the h1 on the hand-over page.
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <div class="panel hotline" data-assistant-hotline>
      {emergency ? (
        <>
          <H safe>{t('assistant.emergency.title')}</H>
          <ul class="plain">
            <li>
              <a href="tel:113" safe>
                {t('assistant.emergency.police')}
              </a>
            </li>
            <li>
              <a href="tel:114" safe>
                {t('assistant.emergency.fire')}
              </a>
            </li>
            <li>
              <a href="tel:115" safe>
                {t('assistant.emergency.ambulance')}
              </a>
            </li>
          </ul>
        </>
      ) : (
        ''
      )}
      <H safe>{t('assistant.hotline.title')}</H>
      <p>
        <a href={`tel:${ctx.site.hotlineTel}`} safe>
          {t('assistant.hotline.number')}
        </a>
      </p>
      <p class="muted" safe>
        {t('assistant.hotline.hours')}
      </p>
    </div>
  );
}

function Turn({ ctx, turn, conversationId }: { ctx: PageContext; turn: TurnRow; conversationId: string }): JSX.Element {
  const t = ctx.t;
  const [first, ...more] = turn.citations;
  return (
    <li class="assistant-turn" id={`turn-${turn.id}`}>
      <div class="assistant-q">
        <strong safe>{t('assistant.you')}:</strong> <span safe>{turn.question}</span>
      </div>
      <div class="assistant-a panel" data-action={turn.action}>
        <h2 class="visually-hidden" safe>
          {t('assistant.bot')}
        </h2>
        <AnswerText text={turn.answer} />
        {turn.action === 'clarify' && turn.options.length ? (
          <form method="post" action="/tro-ly" class="assistant-options">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="conversationId" value={conversationId} />
            <fieldset class="fieldset">
              <legend safe>{t('assistant.chooseOption')}</legend>
              {turn.options.map((o) => (
                <p>
                  <button type="submit" class="button button-secondary" name="question" value={o.label} safe>
                    {o.label}
                  </button>
                </p>
              ))}
            </fieldset>
          </form>
        ) : (
          ''
        )}
        {first ? (
          <p>
            <strong safe>{t('assistant.sources')}:</strong>{' '}
            <a href={first.url} safe>
              {first.title}
            </a>
          </p>
        ) : (
          ''
        )}
        {more.length ? (
          <p>
            <span safe>{t('assistant.moreSources')}:</span>{' '}
            {more.map((c, i) => (
              <>
                {i ? ', ' : ''}
                <a href={c.url} safe>
                  {c.title}
                </a>
              </>
            ))}
          </p>
        ) : (
          ''
        )}
        {turn.action === 'handoff' && turn.options.length ? (
          <>
            <p safe>{t('assistant.handover.suggestions')}:</p>
            <ul class="list">
              {turn.options.map((o) => (
                <li>
                  <a href={o.slug.startsWith('su-kien:') ? `/su-kien/${o.slug.slice(8)}` : `/huong-dan/${o.slug}`} safe>
                    {o.label}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
        {turn.action === 'handoff' ? (
          <p>
            <a class="button" href={`/tro-ly/gap-can-bo?c=${encodeURIComponent(conversationId)}`} safe>
              {t('assistant.handover.link')}
            </a>
          </p>
        ) : (
          ''
        )}
        {turn.action === 'answer' && turn.citations.length ? <FeedbackForm ctx={ctx} turnId={turn.id} conversationId={conversationId} /> : ''}
      </div>
    </li>
  );
}

function FeedbackForm({ ctx, turnId, conversationId }: { ctx: PageContext; turnId: number; conversationId: string }): JSX.Element {
  const t = ctx.t;
  return (
    <details class="assistant-feedback">
      <summary safe>{t('assistant.helpfulQuestion')}</summary>
      <form method="post" action="/tro-ly/phan-hoi">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="conversationId" value={conversationId} />
        <input type="hidden" name="turnId" value={String(turnId)} />
        <Radios
          ctx={ctx}
          name={`helpful-${turnId}`}
          label={t('assistant.helpfulQuestion')}
          inline
          options={[
            { value: 'yes', label: t('assistant.helpfulYes') },
            { value: 'no', label: t('assistant.helpfulNo') },
          ]}
        />
        <Radios ctx={ctx} name={`reason-${turnId}`} label={t('assistant.reasonLabel')} options={REASONS.map((r) => ({ value: r, label: t(`assistant.reasons.${r}`) }))} />
        <Textarea ctx={ctx} name={`comment-${turnId}`} label={t('assistant.commentLabel')} rows={2} />
        <Button secondary label={t('assistant.sendFeedback')} />
      </form>
    </details>
  );
}

export function ChatPage(p: { ctx: PageContext; conversationId: string; turns: TurnRow[]; errors?: FieldErrors; question?: string; guide?: { slug: string; title: string } }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const last = p.turns[p.turns.length - 1];
  return (
    <Layout ctx={ctx} title={t('assistant.title')} hasErrors={!!p.errors} head={SCRIPT}>
      <ErrorSummary ctx={ctx} errors={p.errors} />
      <h1 safe>{t('assistant.title')}</h1>
      <p class="lead" safe>
        {t('assistant.lead')}
      </p>
      <p class="notice notice-warning" safe>
        {t('assistant.disclaimer')}
      </p>
      <section aria-live="polite" aria-label={t('assistant.title')}>
        {p.turns.length ? (
          <ol class="plain assistant-log" id="assistant-log">
            {p.turns.map((turn) => (
              <Turn ctx={ctx} turn={turn} conversationId={p.conversationId} />
            ))}
          </ol>
        ) : (
          <>
            <p class="muted" id="assistant-empty" safe>
              {t('assistant.empty')}
            </p>
            <ol class="plain assistant-log" id="assistant-log"></ol>
          </>
        )}
      </section>
      {last && last.action === 'handoff' ? <Hotline ctx={ctx} emergency={last.routeClass === 'emergency' || last.routeClass === 'medical'} /> : ''}
      <form
        method="post"
        action="/tro-ly"
        id="assistant-form"
        data-you={`${t('assistant.you')}:`}
        data-sources={t('assistant.sources')}
        data-handover={t('assistant.handover.link')}
        data-helpful={t('assistant.helpfulQuestion')}
        data-more-sources={t('assistant.moreSources')}
        data-yes={t('assistant.helpfulYes')}
        data-no={t('assistant.helpfulNo')}
        data-bot={t('assistant.bot')}
      >
        <CsrfField ctx={ctx} />
        <input type="hidden" name="conversationId" value={p.conversationId} />
        {p.guide ? (
          <>
            <input type="hidden" name="guide" value={p.guide.slug} />
            <p>
              <span safe>{t('assistant.aboutGuide')}</span>{' '}
              <a href={`/huong-dan/${p.guide.slug}`} safe>
                {p.guide.title}
              </a>
            </p>
          </>
        ) : (
          ''
        )}
        <Textarea ctx={ctx} name="question" label={t('assistant.questionLabel')} hint={t('assistant.questionHint')} rows={3} value={p.question ?? ''} error={p.errors?.question} />
        <Button label={t('assistant.send')} />
      </form>
      <p>
        <a href={`/tro-ly/gap-can-bo${p.conversationId ? `?c=${encodeURIComponent(p.conversationId)}` : ''}`} safe>
          {t('assistant.handover.link')}
        </a>
        {' · '}
        <a href="/tro-ly?moi=1" safe>
          {t('assistant.newConversation')}
        </a>
      </p>
    </Layout>
  );
}

export function HandoverPage(p: { ctx: PageContext; conversationId: string; values: Record<string, string>; errors?: FieldErrors }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('assistant.handover.title')} hasErrors={!!p.errors}>
      <p>
        <a class="back-link" href={`/tro-ly${p.conversationId ? `?c=${encodeURIComponent(p.conversationId)}` : ''}`} safe>
          {t('assistant.title')}
        </a>
      </p>
      <ErrorSummary ctx={ctx} errors={p.errors} />
      <h1 safe>{t('assistant.handover.title')}</h1>
      <p class="lead" safe>
        {t('assistant.handover.lead')}
      </p>
      <Hotline ctx={ctx} level={2} />
      <form method="post" action="/tro-ly/gap-can-bo" class="narrow">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="conversationId" value={p.conversationId} />
        <Textarea ctx={ctx} name="message" label={t('assistant.handover.message')} hint={t('assistant.handover.messageHint')} rows={3} value={p.values.message} error={p.errors?.message} />
        <TextInput ctx={ctx} name="name" label={t('assistant.handover.name')} value={p.values.name} autocomplete="name" error={p.errors?.name} />
        <TextInput ctx={ctx} name="phone" label={t('assistant.handover.phone')} value={p.values.phone} type="tel" autocomplete="tel" width="medium" error={p.errors?.phone} />
        <TextInput ctx={ctx} name="email" label={t('assistant.handover.email')} value={p.values.email} type="email" autocomplete="email" error={p.errors?.email} />
        <Button label={t('assistant.handover.submit')} />
      </form>
    </Layout>
  );
}

export function HandoverDonePage(p: { ctx: PageContext; code: string; url: string | null; hasContact: boolean; conversationId: string }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('assistant.handover.done')}>
      <div class="panel notice-success">
        <h1 safe>{t('assistant.handover.done')}</h1>
        <p safe>{t('assistant.handover.code', { code: p.code })}</p>
      </div>
      {p.url ? (
        <p>
          <a href={p.url} safe>
            {t('assistant.handover.track')}
          </a>
        </p>
      ) : (
        ''
      )}
      {p.hasContact ? '' : <p safe>{t('assistant.handover.noContact')}</p>}
      <Hotline ctx={ctx} />
      <p>
        <a href={`/tro-ly${p.conversationId ? `?c=${encodeURIComponent(p.conversationId)}` : ''}`} safe>
          {t('assistant.title')}
        </a>
      </p>
    </Layout>
  );
}

export function GapsPage(p: {
  ctx: PageContext;
  groups: GapGroup[];
  stats: { total: number; answered: number; clarified: number; handedOff: number; thumbsUp: number; thumbsDown: number };
  canDraft: boolean;
}): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const s = p.stats;
  return (
    <Layout ctx={ctx} title={t('assistant.staff.title')} staff>
      <h1 safe>{t('assistant.staff.title')}</h1>
      <p class="lead" safe>
        {t('assistant.staff.lead')}
      </p>
      <p>
        <a href="/quan-tri/tro-ly/tu-dien" safe>
          {t('assistant.staff.lexiconLink')}
        </a>
      </p>
      <h2 safe>{t('assistant.staff.statsTitle')}</h2>
      <dl class="summary-list">
        {(
          [
            ['total', s.total],
            ['answered', s.answered],
            ['clarified', s.clarified],
            ['handedOff', s.handedOff],
            ['thumbsUp', s.thumbsUp],
            ['thumbsDown', s.thumbsDown],
          ] as const
        ).map(([k, v]) => (
          <div class="summary-row">
            <dt safe>{t(`assistant.staff.${k}`)}</dt>
            <dd safe>{formatNumber(v)}</dd>
          </div>
        ))}
      </dl>
      <h2 safe>{t('assistant.staff.groups')}</h2>
      {p.groups.length === 0 ? (
        <p class="muted" safe>
          {t('assistant.staff.noGroups')}
        </p>
      ) : (
        <ol class="plain">
          {p.groups.slice(0, 100).map((g) => (
            <li class="card" id={`g-${g.signature}`}>
              <h3 safe>{g.label}</h3>
              <p>
                <span safe>{t('assistant.staff.count')}</span>: <strong safe>{formatNumber(g.count)}</strong>
                {' · '}
                <span safe>{t('assistant.staff.handedOff')}</span>: <span safe>{formatNumber(g.handoffs)}</span>
                {' · '}
                <span safe>{t('assistant.staff.clarified')}</span>: <span safe>{formatNumber(g.clarifications)}</span>
                {' · '}
                <span safe>{t('assistant.staff.thumbsDown')}</span>: <span safe>{formatNumber(g.thumbsDown)}</span>
                {' · '}
                <span safe>{t('assistant.staff.wrongAnswers')}</span>: <span safe>{formatNumber(g.wrongAnswers)}</span>
                {' · '}
                <span class="muted" safe>
                  {formatDateTime(g.lastAt)}
                </span>
              </p>
              <p>
                <span safe>{t('assistant.staff.keyTerms')}</span>: <span class="mono" safe>{g.keyTerms.join(', ')}</span>
              </p>
              <details>
                <summary safe>{t('assistant.staff.examples')}</summary>
                <ul class="list">
                  {g.questions.map((q) => (
                    <li safe>{q}</li>
                  ))}
                </ul>
              </details>
              <div class="actions">
                {p.canDraft ? (
                  <form method="post" action={`/quan-tri/tro-ly/nhom/${g.signature}/ban-nhap`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    {g.questions.map((q) => (
                      <input type="hidden" name="questions" value={q} />
                    ))}
                    <TextInput ctx={ctx} name="title" label={t('assistant.staff.draftTitle')} value={g.label.slice(0, 120)} />
                    <Button label={t('assistant.staff.toDraft')} />
                  </form>
                ) : (
                  ''
                )}
                <p>
                  <a
                    class="button button-secondary"
                    href={`/quan-tri/tro-ly/tu-dien?term=${encodeURIComponent(g.keyTerms[0] ?? '')}&gap=${g.signature}`}
                    safe
                  >
                    {t('assistant.staff.toLexicon')}
                  </a>
                </p>
                <form method="post" action={`/quan-tri/tro-ly/nhom/${g.signature}/bo-qua`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <Button secondary label={t('assistant.staff.dismiss')} />
                </form>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}

export function LexiconPage(p: { ctx: PageContext; rows: LexiconRow[]; values: Record<string, string>; errors?: FieldErrors; canEdit: boolean }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('assistant.lexicon.title')} staff hasErrors={!!p.errors}>
      <p>
        <a class="back-link" href="/quan-tri/tro-ly" safe>
          {t('assistant.staff.title')}
        </a>
      </p>
      {p.canEdit ? <ErrorSummary ctx={ctx} errors={p.errors} /> : ''}
      <h1 safe>{t('assistant.lexicon.title')}</h1>
      <p class="lead" safe>
        {t('assistant.lexicon.lead')}
      </p>
      {p.canEdit ? (
        <>
          <form method="post" action="/quan-tri/tro-ly/tu-dien" class="filters">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="gap" value={p.values.gap ?? ''} />
            <TextInput ctx={ctx} name="term" label={t('assistant.lexicon.term')} hint={t('assistant.lexicon.termHint')} value={p.values.term} error={p.errors?.term} />
            <TextInput ctx={ctx} name="expansion" label={t('assistant.lexicon.expansion')} hint={t('assistant.lexicon.expansionHint')} value={p.values.expansion} error={p.errors?.expansion} />
            <TextInput ctx={ctx} name="weight" label={t('assistant.lexicon.weight')} hint={t('assistant.lexicon.weightHint')} value={p.values.weight ?? '0,9'} width="short" error={p.errors?.weight} />
            <Button label={t('assistant.lexicon.create')} />
          </form>
        </>
      ) : (
        ''
      )}
      <p class="muted" safe>
        {t('assistant.lexicon.count', { n: p.rows.length })}
      </p>
        <TableRegion label={t('assistant.lexicon.title')}>
        <table class="table table-small">
          <caption class="visually-hidden" safe>
            {t('assistant.lexicon.title')}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('assistant.lexicon.term')}
              </th>
              <th scope="col" safe>
                {t('assistant.lexicon.expansion')}
              </th>
              <th scope="col" safe>
                {t('assistant.lexicon.weight')}
              </th>
              <th scope="col" safe>
                {t('assistant.lexicon.active')}
              </th>
              <th scope="col">
                <span class="visually-hidden" safe>
                  {t('assistant.lexicon.edit')}
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td safe>{r.term}</td>
                <td safe>{r.expansion}</td>
                <td safe>{formatNumber(r.weight, 1)}</td>
                <td>{r.active ? '✓' : '—'}</td>
                <td>
                  {p.canEdit ? (
                    <a href={`/quan-tri/tro-ly/tu-dien/${r.id}`} safe>
                      {t('assistant.lexicon.edit')}
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
    </Layout>
  );
}

export function LexiconEditPage(p: { ctx: PageContext; id: string; values: Record<string, string>; errors?: FieldErrors }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('assistant.lexicon.editTitle')} staff hasErrors={!!p.errors}>
      <p>
        <a class="back-link" href="/quan-tri/tro-ly/tu-dien" safe>
          {t('assistant.lexicon.title')}
        </a>
      </p>
      <ErrorSummary ctx={ctx} errors={p.errors} />
      <h1 safe>{t('assistant.lexicon.editTitle')}</h1>
      <form method="post" action={`/quan-tri/tro-ly/tu-dien/${p.id}`} class="narrow">
        <CsrfField ctx={ctx} />
        <TextInput ctx={ctx} name="term" label={t('assistant.lexicon.term')} hint={t('assistant.lexicon.termHint')} value={p.values.term} error={p.errors?.term} />
        <TextInput ctx={ctx} name="expansion" label={t('assistant.lexicon.expansion')} hint={t('assistant.lexicon.expansionHint')} value={p.values.expansion} error={p.errors?.expansion} />
        <TextInput ctx={ctx} name="weight" label={t('assistant.lexicon.weight')} hint={t('assistant.lexicon.weightHint')} value={p.values.weight} width="short" error={p.errors?.weight} />
        <div class="form-group">
          <label>
            <input type="checkbox" name="active" value="1" checked={p.values.active === '1'} /> <span safe>{t('assistant.lexicon.active')}</span>
          </label>
        </div>
        <TextInput ctx={ctx} name="note" label={t('assistant.lexicon.note')} value={p.values.note} />
        <Button label={t('assistant.lexicon.save')} />
      </form>
      <form method="post" action={`/quan-tri/tro-ly/tu-dien/${p.id}/xoa`}>
        <CsrfField ctx={ctx} />
        <Button warning label={t('assistant.lexicon.delete')} />
      </form>
    </Layout>
  );
}

export function HomeAssistantSection({ ctx }: { ctx: PageContext }): JSX.Element {
  const t = ctx.t;
  return (
    <section class="panel">
      <h2 safe>{t('assistant.home.title')}</h2>
      <p safe>{t('assistant.home.text')}</p>
      <p>
        <a class="button" href="/tro-ly" safe>
          {t('assistant.home.link')}
        </a>
      </p>
    </section>
  );
}

import type { PageContext } from '../../platform/http/context.ts';
import { formatDate, formatDateTime, formatNumber } from '../../platform/i18n/i18n.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Button, CsrfField, ErrorSummary, Radios, TextInput, Textarea, type FieldErrors } from '../../platform/views/components.tsx';
import type { IndexableGuide } from '../content/index.ts';
import type * as repo from './learning.repo.ts';
import type { PublicQuestion } from './learning.service.ts';
import type { RowError } from './learning.coverage.ts';

const SIGN_IN = '/dang-nhap/cong-dan/bat-dau?muc=1&tiep=';

function QuestionFields({ ctx, q, n, given }: { ctx: PageContext; q: PublicQuestion; n: number; given?: { optionId?: string; optionIds?: string[]; value?: number } }): JSX.Element {
  const name = `q_${q.id}`;
  const label = `${n}. ${q.text}`;
  if (q.type === 'numeric') return <TextInput ctx={ctx} name={name} label={label} value={given?.value ?? ''} inputmode="numeric" width="short" />;
  if (q.type === 'multiple') {
    const chosen = new Set(given?.optionIds ?? []);
    return (
      <div class="form-group">
        <fieldset class="fieldset">
          <legend class="legend" safe>{label}</legend>
          <div class="hint" safe>{ctx.t('learning.quiz.multipleHint')}</div>
          <div class="checkboxes">
            {q.options.map((o) => (
              <div class="checkbox">
                <input type="checkbox" id={`${name}-${o.id}`} name={name} value={o.id} checked={chosen.has(o.id)} />
                <label for={`${name}-${o.id}`} safe>{o.text}</label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    );
  }
  return <Radios ctx={ctx} name={name} label={label} value={given?.optionId ?? given?.optionIds?.[0] ?? null} options={q.options.map((o) => ({ value: o.id, label: o.text }))} />;
}

export function CoursesPage({ ctx, courses }: { ctx: PageContext; courses: repo.CourseRow[] }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('learning.courses.title')}>
      <div class="container">
        <h1 safe>{t('learning.courses.title')}</h1>
        <p safe>{t('learning.courses.lead')}</p>
        <ul class="list">
          {courses.map((c) => (
            <li>
              <h2 class="heading-s"><a href={`/hoc/${c.slug}`} safe>{c.title}</a></h2>
              <p class="hint" safe>{t(`learning.audience.${c.audience}`)}</p>
              <p safe>{c.summary}</p>
            </li>
          ))}
        </ul>
        <p><a href="/hoc/ma-hoc-sinh" safe>{t('learning.roster.link')}</a> · <a href="/cuoc-thi" safe>{t('learning.contests.title')}</a></p>
      </div>
    </Layout>
  );
}

type CourseView = { course: repo.CourseRow; lessons: Array<repo.LessonRow & { state: 'done' | 'open' | 'locked' }>; complete: boolean; certificateCode: string | null };

export function CoursePage({ ctx, view, signedIn }: { ctx: PageContext; view: CourseView; signedIn: boolean }): JSX.Element {
  const { t } = ctx;
  const c = view.course;
  return (
    <Layout ctx={ctx} title={c.title}>
      <div class="container">
        <p class="hint" safe>{t(`learning.audience.${c.audience}`)}</p>
        <h1 safe>{c.title}</h1>
        <p safe>{c.summary}</p>
        {c.sequential ? <p class="hint" safe>{t('learning.course.sequential')}</p> : ''}
        {signedIn ? '' : (
          <p class="notice" safe>{t('learning.course.signInToSave')}</p>
        )}
        {signedIn ? '' : <p><a class="button" href={`${SIGN_IN}/hoc/${c.slug}`} safe>{t('learning.signIn')}</a> <a href="/hoc/ma-hoc-sinh" safe>{t('learning.roster.link')}</a></p>}
        <ol class="list lesson-list">
          {view.lessons.map((l) => (
            <li>
              {l.state === 'locked' ? <span safe>{l.title}</span> : <a href={`/hoc/${c.slug}/bai/${l.position}`} safe>{l.title}</a>}{' '}
              <strong class={`tag tag-${l.state}`} safe>{t(`learning.lesson.state.${l.state}`)}</strong>
            </li>
          ))}
        </ol>
        {view.certificateCode ? (
          <p class="panel"><span safe>{t('learning.course.complete')}</span>{' '}<a href={`/chung-nhan/${view.certificateCode}`} safe>{t('learning.certificate.view')}</a></p>
        ) : ''}
      </div>
    </Layout>
  );
}

export function LessonPage(p: {
  ctx: PageContext;
  view: CourseView & { lesson: repo.LessonRow; questions: PublicQuestion[]; guide: IndexableGuide | null; stale: boolean };
  signedIn: boolean;
  errors?: FieldErrors;
  result?: { correct: number; total: number; passed: boolean };
}): JSX.Element {
  const { t } = p.ctx;
  const { course: c, lesson: l, guide } = p.view;
  return (
    <Layout ctx={p.ctx} title={l.title}>
      <div class="container narrow">
        <p><a href={`/hoc/${c.slug}`} safe>{c.title}</a></p>
        <ErrorSummary ctx={p.ctx} errors={p.errors} />
        <h1 safe>{l.title}</h1>
        {p.view.stale ? <p class="notice" safe>{t('learning.lesson.stale')}</p> : ''}
        {p.result ? <p class={p.result.passed ? 'panel' : 'notice'} role="status" safe>{t(p.result.passed ? 'learning.lesson.passed' : 'learning.lesson.failed', { correct: p.result.correct, total: p.result.total })}</p> : ''}
        <p safe>{l.body}</p>
        {l.imageUrl ? <img src={l.imageUrl} alt="" /> : ''}
        {l.videoUrl ? <p><a href={l.videoUrl} rel="noopener" safe>{t('learning.lesson.video')}</a></p> : ''}
        {guide ? (
          <section class="embedded-guide" aria-labelledby="guide-h">
            <h2 id="guide-h" class="heading-m" safe>{guide.title}</h2>
            <p safe>{guide.summary}</p>
            <ol>{guide.sections.steps.map((s) => <li safe>{s}</li>)}</ol>
            <p><a href={guide.url} safe>{t('learning.lesson.fullGuide')}</a></p>
          </section>
        ) : ''}
        <form method="post" action={`/hoc/${c.slug}/bai/${l.position}`} novalidate>
          <CsrfField ctx={p.ctx} />
          {p.view.questions.length ? <h2 class="heading-m" safe>{t('learning.lesson.quiz')}</h2> : ''}
          {p.view.questions.map((q, i) => <QuestionFields ctx={p.ctx} q={q} n={i + 1} />)}
          {l.task === 'dossier' ? <TextInput ctx={p.ctx} name="dossierCode" label={t('learning.lesson.dossierLabel')} hint={t('learning.lesson.dossierHint')} error={p.errors?.dossierCode} width="medium" /> : ''}
          {p.signedIn ? <Button label={t('learning.lesson.submit')} /> : <p class="notice" safe>{t('learning.course.signInToSave')}</p>}
        </form>
      </div>
    </Layout>
  );
}

export function RosterPage({ ctx, errors, next }: { ctx: PageContext; errors?: FieldErrors; next: string }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('learning.roster.title')}>
      <div class="container narrow">
        <ErrorSummary ctx={ctx} errors={errors} />
        <h1 safe>{t('learning.roster.title')}</h1>
        <p safe>{t('learning.roster.lead')}</p>
        <form method="post" action="/hoc/ma-hoc-sinh" novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="next" value={next} />
          <TextInput ctx={ctx} name="code" label={t('learning.roster.code')} hint={t('learning.roster.hint')} error={errors?.code} width="medium" autocomplete="off" spellcheck={false} />
          <Button label={t('learning.roster.submit')} />
        </form>
      </div>
    </Layout>
  );
}

export function ContestsPage({ ctx, contests }: { ctx: PageContext; contests: Array<repo.ContestRow & { status: string }> }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('learning.contests.title')}>
      <div class="container">
        <h1 safe>{t('learning.contests.title')}</h1>
        <ul class="list">
          {contests.map((c) => (
            <li>
              <h2 class="heading-s"><a href={`/cuoc-thi/${c.slug}`} safe>{c.title}</a></h2>
              <p><strong class="tag" safe>{t(`learning.contest.status.${c.status}`)}</strong> <span safe>{`${formatDate(c.opensAt)} – ${formatDate(c.closesAt)}`}</span></p>
            </li>
          ))}
        </ul>
      </div>
    </Layout>
  );
}

export function ContestPage(p: {
  ctx: PageContext;
  contest: repo.ContestRow;
  status: string;
  current: repo.RoundRow | null;
  participants: number;
  learnerName: string | null;
  errors?: FieldErrors;
}): JSX.Element {
  const { t } = p.ctx;
  const c = p.contest;
  const r = c.rules;
  return (
    <Layout ctx={p.ctx} title={c.title}>
      <div class="container narrow">
        <ErrorSummary ctx={p.ctx} errors={p.errors} />
        <h1 safe>{c.title}</h1>
        <p><strong class="tag" safe>{t(`learning.contest.status.${p.status}`)}</strong></p>
        <p safe>{c.summary}</p>
        <h2 class="heading-m" safe>{t('learning.contest.rules')}</h2>
        <ul>
          <li safe>{t(`learning.contest.round.${r.round}`)}</li>
          <li safe>{t(`learning.contest.scoring.${r.scoring}`, { n: r.attemptsPerRound })}</li>
          <li safe>{t('learning.contest.questions', { n: r.pools.reduce((s, x) => s + x.count, 0), min: Math.round(r.timeLimitSec / 60) })}</li>
          {r.prediction ? <li safe>{t('learning.contest.prediction')}</li> : ''}
          <li safe>{t('learning.contest.ranking')}</li>
          <li safe>{t('learning.contest.exclusions')}</li>
        </ul>
        <p safe>{t('learning.contest.participants', { n: formatNumber(p.participants) })}</p>
        {p.status === 'open' ? (
          <form method="post" action={`/cuoc-thi/${c.slug}/bat-dau`} novalidate>
            <CsrfField ctx={p.ctx} />
            {p.learnerName ? (
              <p safe>{t('learning.contest.as', { name: p.learnerName })}</p>
            ) : (
              <>
                {r.identity.includes('citizen') ? <p><a class="button button-secondary" href={`${SIGN_IN}/cuoc-thi/${c.slug}`} safe>{t('learning.signIn')}</a></p> : ''}
                {r.identity.includes('roster') ? <TextInput ctx={p.ctx} name="code" label={t('learning.roster.code')} hint={t('learning.roster.hint')} error={p.errors?.code} width="medium" autocomplete="off" spellcheck={false} /> : ''}
              </>
            )}
            <Button label={t('learning.contest.start')} />
          </form>
        ) : ''}
        <p><a href={`/cuoc-thi/${c.slug}/xep-hang`} safe>{t('learning.board.title')}</a></p>
      </div>
    </Layout>
  );
}

export function AttemptPage(p: { ctx: PageContext; contest: repo.ContestRow; attempt: repo.AttemptRow; questions: PublicQuestion[]; answers: Map<string, unknown>; saved?: boolean; errors?: FieldErrors }): JSX.Element {
  const { t } = p.ctx;
  const a = p.attempt;
  return (
    <Layout ctx={p.ctx} title={p.contest.title}>
      <div class="container narrow">
        <ErrorSummary ctx={p.ctx} errors={p.errors} />
        <h1 safe>{p.contest.title}</h1>
        <p class="notice" safe>{t('learning.attempt.deadline', { at: formatDateTime(a.endsAt) })}</p>
        {p.saved ? <p class="panel" role="status" safe>{t('learning.attempt.saved')}</p> : ''}
        <form method="post" action={`/cuoc-thi/bai/${a.id}`} novalidate>
          <CsrfField ctx={p.ctx} />
          {p.questions.map((q, i) => <QuestionFields ctx={p.ctx} q={q} n={i + 1} given={p.answers.get(q.id) as { optionId?: string } | undefined} />)}
          {p.contest.rules.prediction ? <TextInput ctx={p.ctx} name="prediction" label={t('learning.attempt.prediction')} hint={t('learning.attempt.predictionHint')} value={a.prediction ?? ''} error={p.errors?.prediction} inputmode="numeric" width="short" /> : ''}
          <div class="button-group">
            <Button label={t('learning.attempt.save')} name="action" value="save" secondary />
            <Button label={t('learning.attempt.submit')} name="action" value="submit" />
          </div>
        </form>
      </div>
    </Layout>
  );
}

export function ResultPage({ ctx, contest, attempt, certificateCode }: { ctx: PageContext; contest: repo.ContestRow; attempt: repo.AttemptRow; certificateCode: string | null }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('learning.result.title')}>
      <div class="container narrow">
        <h1 safe>{t('learning.result.title')}</h1>
        <p class="panel" safe>{t('learning.result.score', { correct: attempt.correct ?? 0, total: attempt.total })}</p>
        <p safe>{t('learning.result.time', { s: Math.round((attempt.durationMs ?? 0) / 1000) })}</p>
        {contest.rules.prediction ? <p safe>{t('learning.result.predictionLater')}</p> : ''}
        {certificateCode ? <p><a href={`/chung-nhan/${certificateCode}`} safe>{t('learning.certificate.view')}</a> · <a href={`/chung-nhan/${certificateCode}.pdf`} safe>{t('learning.certificate.download')}</a></p> : ''}
        <p><a href={`/cuoc-thi/${contest.slug}`} safe>{contest.title}</a> · <a href={`/cuoc-thi/${contest.slug}/xep-hang`} safe>{t('learning.board.title')}</a></p>
      </div>
    </Layout>
  );
}

export function BoardPage(p: {
  ctx: PageContext;
  contest: repo.ContestRow;
  round: repo.RoundRow | null;
  rows: Array<{ rank: number; holder: string; correct: number; prediction: number | null; durationMs: number }>;
  units: Array<{ name: string; kind: string; participants: number; size: number; rate: number | null }>;
}): JSX.Element {
  const { t } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={t('learning.board.title')}>
      <div class="container">
        <h1 safe>{`${t('learning.board.title')}: ${p.contest.title}`}</h1>
        {p.round ? <p safe>{`${t('learning.board.round', { no: p.round.no, from: formatDate(p.round.startsAt), to: formatDate(p.round.endsAt) })}${p.round.truth !== null ? ` ${t('learning.board.truth', { n: p.round.truth })}` : ''}`}</p> : ''}
        <div class="table-wrap" role="region" aria-label={t('learning.board.people')} tabindex="0">
          <table class="table">
            <caption safe>{t('learning.board.people')}</caption>
            <thead><tr><th scope="col" safe>{t('learning.board.rank')}</th><th scope="col" safe>{t('learning.board.holder')}</th><th scope="col" safe>{t('learning.board.correct')}</th><th scope="col" safe>{t('learning.board.duration')}</th></tr></thead>
            <tbody>
              {p.rows.slice(0, 50).map((r) => <tr><td safe>{String(r.rank)}</td><td safe>{r.holder}</td><td safe>{String(r.correct)}</td><td safe>{`${Math.round(r.durationMs / 1000)} s`}</td></tr>)}
            </tbody>
          </table>
        </div>
        <div class="table-wrap" role="region" aria-label={t('learning.board.units')} tabindex="0">
          <table class="table">
            <caption safe>{t('learning.board.units')}</caption>
            <thead><tr><th scope="col" safe>{t('learning.board.unit')}</th><th scope="col" safe>{t('learning.board.participants')}</th><th scope="col" safe>{t('learning.board.size')}</th><th scope="col" safe>{t('learning.board.rate')}</th></tr></thead>
            <tbody>
              {p.units.map((u) => <tr><td safe>{u.name}</td><td safe>{formatNumber(u.participants)}</td><td safe>{formatNumber(u.size)}</td><td safe>{u.rate === null ? '—' : `${formatNumber(u.rate, 1)} %`}</td></tr>)}
            </tbody>
          </table>
        </div>
      </div>
    </Layout>
  );
}

export function CertificatePage({ ctx, v }: { ctx: PageContext; v: { valid: boolean; code: string; title: string; issuedAt: Date; issuer: string; holder: string; revokedAt: Date | null } }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('learning.certificate.title')}>
      <div class="container narrow">
        <h1 safe>{t('learning.certificate.title')}</h1>
        <p class={v.valid ? 'panel' : 'notice'} role="status" safe>{t(v.valid ? 'learning.certificate.valid' : 'learning.certificate.revoked', { at: formatDate(v.revokedAt) })}</p>
        <dl class="summary-list">
          <div class="summary-row"><dt safe>{t('learning.certificate.code')}</dt><dd safe>{v.code}</dd></div>
          <div class="summary-row"><dt safe>{t('learning.certificate.holder')}</dt><dd safe>{v.holder}</dd></div>
          <div class="summary-row"><dt safe>{t('learning.certificate.for')}</dt><dd safe>{v.title}</dd></div>
          <div class="summary-row"><dt safe>{t('learning.certificate.issuer')}</dt><dd safe>{v.issuer}</dd></div>
          <div class="summary-row"><dt safe>{t('learning.certificate.date')}</dt><dd safe>{formatDate(v.issuedAt)}</dd></div>
        </dl>
      </div>
    </Layout>
  );
}

export function StaffPage(p: {
  ctx: PageContext;
  stale: { lessons: Array<{ id: string; title: string; courseTitle: string; guideSlug: string | null }>; questions: Array<{ questionId: string; code: string; version: number; guideSlug: string | null }> };
  coverage: Array<{ name: string; kind: string; size: number; trained: number; gap: number; rate: number | null }>;
  year: number;
  contests: Array<{ slug: string; title: string; status: string }>;
  importResult?: { imported: number; duplicates?: number; errors: RowError[] };
  canManage: boolean;
  canCoverage: boolean;
}): JSX.Element {
  const { t } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={t('learning.staff.title')}>
      <div class="container">
        <h1 safe>{t('learning.staff.title')}</h1>
        {p.importResult ? (
          <div class={p.importResult.errors.length ? 'error-summary' : 'panel'} role="status">
            <p safe>{t('learning.staff.imported', { n: p.importResult.imported, d: p.importResult.duplicates ?? 0 })}</p>
            <ul>{p.importResult.errors.slice(0, 100).map((e) => <li safe>{t('learning.staff.rowError', { row: e.row, column: e.column, message: t(e.message) })}</li>)}</ul>
          </div>
        ) : ''}
        <h2 class="heading-m" safe>{t('learning.staff.stale')}</h2>
        {p.stale.lessons.length + p.stale.questions.length === 0 ? <p safe>{t('learning.staff.noStale')}</p> : ''}
        <ul>
          {p.stale.lessons.map((l) => (
            <li>
              <span safe>{`${l.courseTitle} — ${l.title} (${l.guideSlug ?? ''})`}</span>
              {p.canManage ? <form method="post" action="/quan-tri/hoc-tap/da-ra-soat" class="inline"><CsrfField ctx={p.ctx} /><input type="hidden" name="kind" value="lesson" /><input type="hidden" name="id" value={l.id} /><Button label={t('learning.staff.reviewed')} secondary /></form> : ''}
            </li>
          ))}
          {p.stale.questions.map((q) => (
            <li>
              <span safe>{`${q.code} v${q.version} (${q.guideSlug ?? ''})`}</span>
              {p.canManage ? <form method="post" action="/quan-tri/hoc-tap/da-ra-soat" class="inline"><CsrfField ctx={p.ctx} /><input type="hidden" name="kind" value="question" /><input type="hidden" name="id" value={q.questionId} /><input type="hidden" name="version" value={String(q.version)} /><Button label={t('learning.staff.reviewed')} secondary /></form> : ''}
            </li>
          ))}
        </ul>
        <h2 class="heading-m" safe>{t('learning.staff.contests')}</h2>
        <ul>{p.contests.map((c) => <li><span safe>{`${c.title} (${t(`learning.contest.status.${c.status}`)})`}</span> <a href={`/quan-tri/hoc-tap/cuoc-thi/${c.slug}/ket-qua.docx`} safe>{t('learning.staff.resultsDocx')}</a></li>)}</ul>
        <h2 class="heading-m" safe>{t('learning.staff.coverage', { year: p.year })}</h2>
        <div class="table-wrap" role="region" aria-label={t('learning.staff.coverage', { year: p.year })} tabindex="0">
          <table class="table">
            <thead><tr><th scope="col" safe>{t('learning.board.unit')}</th><th scope="col" safe>{t('learning.board.size')}</th><th scope="col" safe>{t('learning.staff.trained')}</th><th scope="col" safe>{t('learning.staff.gap')}</th><th scope="col" safe>{t('learning.board.rate')}</th></tr></thead>
            <tbody>{p.coverage.map((u) => <tr><td safe>{u.name}</td><td safe>{formatNumber(u.size)}</td><td safe>{formatNumber(u.trained)}</td><td safe>{formatNumber(u.gap)}</td><td safe>{u.rate === null ? '—' : `${formatNumber(u.rate, 1)} %`}</td></tr>)}</tbody>
          </table>
        </div>
        {p.canCoverage ? (
          <>
            <h2 class="heading-m" safe>{t('learning.staff.importCohorts')}</h2>
            <form method="post" action="/quan-tri/hoc-tap/nhap-doi-tuong" novalidate>
              <CsrfField ctx={p.ctx} />
              <Textarea ctx={p.ctx} name="csv" label={t('learning.staff.csv')} hint="ma_don_vi,ten_don_vi,loai_don_vi,nhom,doi_tuong,nam,si_so" rows={6} />
              <Button label={t('learning.staff.import')} />
            </form>
            <h2 class="heading-m" safe>{t('learning.staff.importCompletions')}</h2>
            <form method="post" action="/quan-tri/hoc-tap/nhap-hoan-thanh" novalidate>
              <CsrfField ctx={p.ctx} />
              <Radios ctx={p.ctx} name="source" label={t('learning.staff.source')} value="attendance" options={['attendance', 'bdhvs', 'onetouch'].map((s) => ({ value: s, label: t(`learning.source.${s}`) }))} />
              <Textarea ctx={p.ctx} name="csv" label={t('learning.staff.csv')} hint="so_dinh_danh,ma_don_vi,doi_tuong,ngay_hoan_thanh,khoa_hoc" rows={6} />
              <Button label={t('learning.staff.import')} />
            </form>
          </>
        ) : ''}
      </div>
    </Layout>
  );
}

import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { Pagination, Select } from '../../platform/views/components.tsx';
import { formatDate, formatNumber } from '../../platform/i18n/i18n.ts';
import { AUDIENCES, CHANNELS, MATERIAL_KINDS, TOPICS, type GuideDoc } from './content.types.ts';
import { isAllowedLink, isSitePath, renderMarkdown, renderMarkdownInline } from './markdown.ts';
import type { PublicGuideRow, MaterialRow } from './content.repo.ts';
import type { LinkedService, SearchHit } from './content.service.ts';

/** The generic home page of the national portal: a guide button should open the procedure's own page instead. */
function isPortalHome(url: string): boolean {
  return /^https:\/\/dichvucong\.gov\.vn\/?(p\/home\/[\w.-]*)?$/.test(url);
}

/**
 * Where "Làm trực tuyến" goes: a guide's own specific link (a business-registration or tax portal) wins; the
 * national portal's home page gives way to the first linked procedure's own page (its detail_url).
 */
export function onlineLink(onlineUrl: string | null | undefined, services: LinkedService[]): string | null {
  const own = services.find((s) => s.portalUrl)?.portalUrl ?? null;
  if (onlineUrl && !isPortalHome(onlineUrl)) return onlineUrl;
  return own ?? onlineUrl ?? null;
}

function SampleNotice({ ctx }: { ctx: PageContext }): JSX.Element {
  return (
    <div class="notice notice-warning" role="note">
      <strong safe>{ctx.t('content.sampleNotice')}</strong>
    </div>
  );
}

/** A step image is shown only from this site (CSP: img-src 'self') and only with a plain relative path. */
function stepImage(src: string | null | undefined): string | null {
  if (!src || !isAllowedLink(src) || !src.startsWith('/') || src.startsWith('//')) return null;
  return src;
}

/**
 * The guide's content (everything inside <main>): a pure function of the published version, the locale and the
 * linked services, so the route may reuse it across requests for the same published version.
 */
export function GuideBody(p: { ctx: PageContext; guide: PublicGuideRow; services: LinkedService[] }): JSX.Element {
  const { ctx, guide } = p;
  const t = ctx.t;
  const d: GuideDoc = guide.doc;
  const safeWho = renderMarkdown(d.who);
  const safeFees = renderMarkdown(d.fees);
  const safeDiscount = d.onlineDiscount ? renderMarkdown(d.onlineDiscount) : '';
  const safeTime = renderMarkdown(d.processingTime);
  const safeCheck = renderMarkdown(d.checkStatus);
  const safeHelp = renderMarkdown(d.help);
  const online = onlineLink(d.onlineUrl, p.services);
  const rateHref = d.procedureCodes[0] ? `/danh-gia?ma=${encodeURIComponent(d.procedureCodes[0])}` : '/danh-gia';
  return (
    <>
      <nav aria-label={t('content.breadcrumb')} class="muted">
        <a href="/" safe>{t('content.home')}</a> › <a href="/huong-dan" safe>{t('content.guides')}</a> ›{' '}
        <a href={`/huong-dan#${d.topic}`} safe>{t(`content.topics.${d.topic}`)}</a>
      </nav>
      {guide.isSample ? <SampleNotice ctx={ctx} /> : ''}
      <h1 lang="vi" safe>
        {d.title}
      </h1>
      <p class="lead" lang="vi" safe>
        {d.summary}
      </p>
      {d.audiences.length ? (
        <p class="muted" safe>
          {t('content.forAudiences', { list: d.audiences.map((a) => t(`content.audiences.${a}`)).join(', ') })}
        </p>
      ) : (
        ''
      )}
      {online ? (
        <p>
          <a class="button" href={online} rel="noopener noreferrer" safe>
            {t('content.doOnline')}
          </a>
        </p>
      ) : (
        ''
      )}
      <nav aria-labelledby="toc-title" class="panel">
        <h2 id="toc-title" safe>{t('content.onThisPage')}</h2>
        <ul class="list">
          {(['who', 'prepare', 'steps', 'fees', 'time', 'status', 'mistakes', 'help'] as const).map((s) => (
            <li>
              <a href={`#${s}`} safe>{t(`content.sections.${s}`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <h2 id="who" safe>{t('content.sections.who')}</h2>
      <div lang="vi">{safeWho}</div>
      <h2 id="prepare" safe>{t('content.sections.prepare')}</h2>
      <img src="/static/img/buoc/chuan-bi-giay-to.svg" alt={t('content.prepareImageAlt')} width="320" height="200" class="step-image" />
      <ul class="list" lang="vi">
        {d.prepare.map((x) => {
          const safeItem = renderMarkdownInline(x);
          return <li>{safeItem}</li>;
        })}
      </ul>
      <h2 id="steps" safe>{t('content.sections.steps')}</h2>
      <ol class="list steps" lang="vi">
        {d.steps.map((s) => {
          const safeStep = renderMarkdownInline(s.text);
          const img = stepImage(s.image);
          return (
            <li>
              <p>{safeStep}</p>
              {img ? <img src={img} alt={s.imageAlt ?? ''} loading="lazy" width="320" height="200" class="step-image" /> : ''}
            </li>
          );
        })}
      </ol>
      <h2 id="fees" safe>{t('content.sections.fees')}</h2>
      <div lang="vi">{safeFees}</div>
      {safeDiscount ? (
        <div class="notice notice-success">
          <p>
            <strong safe>{t('content.onlineDiscount')}</strong>
          </p>
          <div lang="vi">{safeDiscount}</div>
        </div>
      ) : (
        ''
      )}
      <h2 id="time" safe>{t('content.sections.time')}</h2>
      <div lang="vi">{safeTime}</div>
      <h2 id="status" safe>{t('content.sections.status')}</h2>
      <div lang="vi">{safeCheck}</div>
      <h2 id="mistakes" safe>{t('content.sections.mistakes')}</h2>
      <ul class="list" lang="vi">
        {d.commonMistakes.map((x) => {
          const safeItem = renderMarkdownInline(x);
          return <li>{safeItem}</li>;
        })}
      </ul>
      {d.faq?.length ? (
        <>
          <h2 id="faq" safe>{t('content.sections.faq')}</h2>
          <dl class="faq" lang="vi">
            {d.faq.map((x) => {
              const safeAnswer = renderMarkdownInline(x.a);
              return (
                <>
                  <dt safe>{x.q}</dt>
                  <dd>{safeAnswer}</dd>
                </>
              );
            })}
          </dl>
        </>
      ) : (
        ''
      )}
      <h2 id="help" safe>{t('content.sections.help')}</h2>
      <div lang="vi">{safeHelp}</div>
      <div class="two-col">
        <section class="panel">
          <h3 safe>{t('content.askAssistant')}</h3>
          <p safe>{t('content.askAssistantText')}</p>
          <a class="button button-secondary" href={`/tro-ly?huong-dan=${guide.slug}`} safe>
            {t('content.askAssistant')}
          </a>
        </section>
        <section class="panel">
          <h3 safe>{t('content.sendFeedback')}</h3>
          <p safe>{t('content.sendFeedbackText')}</p>
          <a class="button button-secondary" href={`/phan-anh/gui?huong-dan=${guide.slug}`} safe>
            {t('content.sendFeedback')}
          </a>
        </section>
      </div>
      <p>
        <a href={rateHref} safe>
          {t('content.rateService')}
        </a>
      </p>
      {p.services.length ? (
        <>
          <h2 id="services" safe>{t('content.sections.services')}</h2>
          <ul class="list">
            {p.services.map((s) => (
              <li>
                <a href={`/dich-vu/${encodeURIComponent(s.code)}`} lang={s.name ? 'vi' : undefined} safe>
                  {s.name ? `${s.name} (${s.code})` : t('content.serviceCode', { code: s.code })}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {d.sources.length ? (
        <>
          <h2 id="sources" safe>{t('content.sections.sources')}</h2>
          <ul class="list">
            {d.sources.map((s) => (
              <li>
                {isAllowedLink(s.url) ? (
                  <a href={s.url} rel="noopener noreferrer" lang="vi" safe>
                    {s.code ? `${s.title} (${s.code})` : s.title}
                  </a>
                ) : (
                  <span lang="vi" safe>
                    {s.title}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      <h2 id="print" safe>{t('content.sections.print')}</h2>
      <ul class="list">
        <li>
          <a href={`/huong-dan/${guide.slug}/in`} safe>{t('content.printView')}</a>
        </li>
        <li>
          <a href={`/huong-dan/${guide.slug}/poster-a4.pdf`} safe>{t('content.posterA4')}</a>
        </li>
        <li>
          <a href={`/huong-dan/${guide.slug}/to-roi-a5.pdf`} safe>{t('content.leafletA5')}</a>
        </li>
      </ul>
      <p class="muted" safe>
        {t('content.updated', { date: formatDate(guide.publishedAt) })}
      </p>
    </>
  );
}

export function GuidePage(p: { ctx: PageContext; guide: PublicGuideRow; safeBody: string; publicUrl: string }): JSX.Element {
  const d = p.guide.doc;
  const canonical = `${p.publicUrl}/huong-dan/${p.guide.slug}`;
  const safeBody = p.safeBody;
  return (
    <Layout ctx={p.ctx} title={d.title} description={d.summary} head={`<link rel="canonical" href="${escapeAttr(canonical)}"><link rel="alternate" type="application/atom+xml" href="/huong-dan/feed.xml">`}>
      {safeBody}
    </Layout>
  );
}

/** Printable page: the same content with no navigation, its own print stylesheet. */
export function GuidePrintPage(p: { ctx: PageContext; guide: PublicGuideRow; safeQrSvg: string; qrUrl: string }): JSX.Element {
  const { ctx, guide } = p;
  const t = ctx.t;
  const d = guide.doc;
  const safeWho = renderMarkdown(d.who);
  const safeFees = renderMarkdown(d.fees);
  const safeTime = renderMarkdown(d.processingTime);
  const safeHelp = renderMarkdown(d.help);
  const safeQr = p.safeQrSvg;
  return (
    <Layout ctx={ctx} title={`${d.title} – ${t('content.printView')}`} head={'<link rel="stylesheet" href="/noi-dung/in.css" media="all">'}>
      <div class="print-page">
        {guide.isSample ? <SampleNotice ctx={ctx} /> : ''}
        <h1 lang="vi" safe>
          {d.title}
        </h1>
        <p class="lead" lang="vi" safe>
          {d.summary}
        </p>
        <div class="print-qr">
          <div class="qr" role="img" aria-label={t('content.qrLabel')}>
            {safeQr}
          </div>
          <p class="muted" safe>{p.qrUrl}</p>
        </div>
        <h2 safe>{t('content.sections.who')}</h2>
        <div lang="vi">{safeWho}</div>
        <h2 safe>{t('content.sections.prepare')}</h2>
        <ul class="list" lang="vi">
          {d.prepare.map((x) => {
            const safeItem = renderMarkdownInline(x);
            return <li>{safeItem}</li>;
          })}
        </ul>
        <h2 safe>{t('content.sections.steps')}</h2>
        <ol class="list" lang="vi">
          {d.steps.map((s) => {
            const safeStep = renderMarkdownInline(s.text);
            return <li>{safeStep}</li>;
          })}
        </ol>
        <h2 safe>{t('content.sections.fees')}</h2>
        <div lang="vi">{safeFees}</div>
        <h2 safe>{t('content.sections.time')}</h2>
        <div lang="vi">{safeTime}</div>
        <h2 safe>{t('content.sections.help')}</h2>
        <div lang="vi">{safeHelp}</div>
        <p class="no-print">
          <a href={`/huong-dan/${guide.slug}`} safe>{t('content.backToGuide')}</a>
        </p>
      </div>
    </Layout>
  );
}

export function GuideListPage(p: { ctx: PageContext; guides: PublicGuideRow[] }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const byTopic = TOPICS.map((topic) => ({ topic, guides: p.guides.filter((g) => g.doc.topic === topic) })).filter((x) => x.guides.length);
  return (
    <Layout ctx={ctx} title={t('content.guides')} description={t('content.guidesLead')} head={'<link rel="alternate" type="application/atom+xml" href="/huong-dan/feed.xml">'}>
      <h1 safe>{t('content.guides')}</h1>
      <p class="lead" safe>{t('content.guidesLead')}</p>
      <SearchBox ctx={ctx} value="" />
      {byTopic.map((x) => (
        <section aria-labelledby={x.topic}>
          <h2 id={x.topic} safe>{t(`content.topics.${x.topic}`)}</h2>
          <ul class="card-grid">
            {x.guides.map((g) => (
              <li class="card">
                <a href={`/huong-dan/${g.slug}`} lang="vi" safe>
                  {g.doc.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

function SearchBox({ ctx, value }: { ctx: PageContext; value: string }): JSX.Element {
  const t = ctx.t;
  return (
    <form method="get" action="/tim-kiem" class="search-form" role="search">
      <label for="q" class="label" safe>{t('home.searchLabel')}</label>
      <div id="q-hint" class="hint" safe>{t('home.searchHint')}</div>
      <div class="search-row">
        <input class="input" id="q" name="q" type="search" value={value} aria-describedby="q-hint" />
        <button type="submit" class="button" safe>{t('home.searchButton')}</button>
      </div>
    </form>
  );
}

export function SearchPage(p: {
  ctx: PageContext;
  q: string;
  hits: SearchHit[];
  answers?: SearchHit[];
  procedures?: Array<{ code: string; name: string }>;
  procedureTotal?: number;
}): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  const answers = p.answers ?? [];
  const procedures = p.procedures ?? [];
  const total = p.hits.length + answers.length + (p.procedureTotal ?? 0);
  return (
    <Layout ctx={ctx} title={p.q ? t('content.searchTitleFor', { q: p.q }) : t('content.searchTitle')}>
      <h1 safe>{t('content.searchTitle')}</h1>
      <SearchBox ctx={ctx} value={p.q} />
      {p.q ? (
        <p role="status" safe>
          {t('content.resultCount', { count: formatNumber(total), q: p.q })}
        </p>
      ) : (
        ''
      )}
      {p.q && total === 0 ? (
        <div class="panel">
          <p safe>{t('content.noResults')}</p>
          <ul class="list">
            <li>
              <a href="/huong-dan" safe>{t('content.browseGuides')}</a>
            </li>
            <li>
              <a href="/tro-ly" safe>{t('content.askAssistant')}</a>
            </li>
            <li>
              <a href={`tel:${ctx.site.hotlineTel}`} safe>{t('site.hotline')}</a>
            </li>
          </ul>
        </div>
      ) : (
        ''
      )}
      {p.hits.length ? (
        <>
          {answers.length || procedures.length ? <h2 safe>{t('content.searchGuides')}</h2> : ''}
          <ol class="plain search-results">
            {p.hits.map((h) => (
              <li class="card">
                <a href={h.url} lang="vi" safe>
                  {h.title}
                </a>
                {h.kind === 'material' ? (
                  <span class="tag" safe>
                    {t(`content.kinds.${h.materialKind}`)}
                  </span>
                ) : (
                  ''
                )}
                <p class="muted" lang="vi" safe>
                  {h.summary}
                </p>
              </li>
            ))}
          </ol>
        </>
      ) : (
        ''
      )}
      {answers.length ? (
        <>
          <h2 safe>{t('content.searchAnswers')}</h2>
          <ol class="plain search-results">
            {answers.map((h) => (
              <li class="card">
                <a href={h.url} lang="vi" safe>
                  {h.title}
                </a>
                <p class="muted" lang="vi" safe>
                  {h.summary}
                </p>
              </li>
            ))}
          </ol>
        </>
      ) : (
        ''
      )}
      {procedures.length ? (
        <>
          <h2 safe>{t('content.searchProcedures')}</h2>
          <ul class="list">
            {procedures.map((x) => (
              <li>
                <a href={`/dich-vu/${encodeURIComponent(x.code)}`} lang="vi" safe>
                  {x.name}
                </a>
              </li>
            ))}
          </ul>
          <p>
            <a href={`/dich-vu?q=${encodeURIComponent(p.q)}`} safe>
              {t('content.searchAllProcedures', { count: formatNumber(p.procedureTotal ?? procedures.length) })}
            </a>
          </p>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export interface LibraryFilter {
  kind: string;
  topic: string;
  audience: string;
  channel: string;
}

export function LibraryPage(p: { ctx: PageContext; rows: MaterialRow[]; filter: LibraryFilter; page: number; hasNext: boolean }): JSX.Element {
  const { ctx, filter } = p;
  const t = ctx.t;
  const qs = new URLSearchParams(filter as unknown as Record<string, string>).toString();
  return (
    <Layout ctx={ctx} title={t('content.library')} description={t('content.libraryLead')}>
      <h1 safe>{t('content.library')}</h1>
      <p class="lead" safe>{t('content.libraryLead')}</p>
      <form method="get" action="/thu-vien" class="filters">
        <Select ctx={ctx} name="kind" label={t('content.kind')} value={filter.kind} emptyLabel={t('content.all')} options={MATERIAL_KINDS.map((k) => ({ value: k, label: t(`content.kinds.${k}`) }))} />
        <Select ctx={ctx} name="topic" label={t('content.topic')} value={filter.topic} emptyLabel={t('content.all')} options={TOPICS.map((k) => ({ value: k, label: t(`content.topics.${k}`) }))} />
        <Select ctx={ctx} name="audience" label={t('content.audience')} value={filter.audience} emptyLabel={t('content.all')} options={AUDIENCES.map((k) => ({ value: k, label: t(`content.audiences.${k}`) }))} />
        <Select ctx={ctx} name="channel" label={t('content.channel')} value={filter.channel} emptyLabel={t('content.all')} options={CHANNELS.map((k) => ({ value: k, label: t(`content.channels.${k}`) }))} />
        <div class="form-group">
          <button type="submit" class="button button-secondary" safe>{t('form.filter')}</button>
        </div>
      </form>
      {p.rows.length === 0 ? <p safe>{t('content.noMaterials')}</p> : ''}
      <ul class="card-grid">
        {p.rows.map((m) => (
          <li class="card">
            <span class="tag" safe>{t(`content.kinds.${m.kind}`)}</span>
            <h2 class="h3">
              <a href={`/thu-vien/${m.id}`} lang="vi" safe>
                {m.title}
              </a>
            </h2>
            <p class="muted" safe>{t('content.counts', { views: formatNumber(m.viewCount), downloads: formatNumber(m.downloadCount) })}</p>
          </li>
        ))}
      </ul>
      <Pagination ctx={ctx} page={p.page} hasNext={p.hasNext} baseHref={`/thu-vien?${qs}`} />
    </Layout>
  );
}

export function MaterialPage(p: { ctx: PageContext; m: MaterialRow; ownerName: string }): JSX.Element {
  const { ctx, m } = p;
  const t = ctx.t;
  const safeDescription = renderMarkdown(m.description);
  return (
    <Layout ctx={ctx} title={m.title} description={m.description.slice(0, 200)} head={m.fileKey ? '<link rel="stylesheet" href="/noi-dung/staff.css">' : undefined}>
      <a href="/thu-vien" class="back-link" safe>{t('content.backToLibrary')}</a>
      {m.isSample ? <SampleNotice ctx={ctx} /> : ''}
      <span class="tag" safe>{t(`content.kinds.${m.kind}`)}</span>
      <h1 lang="vi" safe>
        {m.title}
      </h1>
      <div lang="vi">{safeDescription}</div>
      {m.fileKey && (m.fileType ?? '').startsWith('image/') ? (
        <p>
          <img src={`/thu-vien/${m.id}/anh`} alt={m.title} class="material-image" />
        </p>
      ) : m.kind === 'infographic' && m.externalUrl && isSitePath(m.externalUrl) && /\.(svg|png|jpe?g|webp)$/.test(m.externalUrl) ? (
        <p>
          <img src={m.externalUrl} alt={m.description} lang="vi" class="material-image" width="600" height="820" />
        </p>
      ) : (
        ''
      )}
      {m.scriptText ? (
        <>
          <h2 safe>{t('content.script')}</h2>
          <div class="panel" lang="vi">
            {m.scriptText.split(/\n{2,}/).map((para) => (
              <p safe>{para}</p>
            ))}
          </div>
        </>
      ) : (
        ''
      )}
      <p>
        {m.fileKey ? (
          <a class="button" href={`/thu-vien/${m.id}/tai-ve`} safe>
            {t('content.download', { name: m.fileName ?? '' })}
          </a>
        ) : (
          ''
        )}
        {m.externalUrl ? (
          <a class="button" href={`/thu-vien/${m.id}/tai-ve`} rel="noopener noreferrer" safe>
            {m.kind === 'video' ? t('content.watch') : t('content.open')}
          </a>
        ) : (
          ''
        )}
      </p>
      <dl class="summary-list">
        {(
          [
            [t('content.topic'), t(`content.topics.${m.topic}`)],
            [t('content.audience'), m.audiences.map((a) => t(`content.audiences.${a}`)).join(', ')],
            [t('content.channel'), m.channels.map((a) => t(`content.channels.${a}`)).join(', ')],
            [t('content.owner'), p.ownerName, true],
            [t('content.usageRights'), m.usageRights, true],
            [t('content.stats'), t('content.counts', { views: formatNumber(m.viewCount), downloads: formatNumber(m.downloadCount) })],
          ] as Array<[string, string, boolean?]>
        ).map(([k, v, vi]) => (
          <div class="summary-row">
            <dt safe>{k}</dt>
            <dd lang={vi ? 'vi' : undefined} safe>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      <p class="muted" safe>{t('content.reuse')}</p>
    </Layout>
  );
}

/** Home-page section: the most-used guides. Returned as markup the home module inserts. */
export function TopGuidesSection({ ctx, guides }: { ctx: PageContext; guides: PublicGuideRow[] }): JSX.Element {
  const t = ctx.t;
  return (
    <section aria-labelledby="top-guides">
      <h2 id="top-guides" safe>{t('content.topGuides')}</h2>
      <ul class="card-grid">
        {guides.map((g) => (
          <li class="card">
            <a href={`/huong-dan/${g.slug}`} lang="vi" safe>
              {g.doc.title}
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/huong-dan" safe>{t('content.allGuides')}</a>
      </p>
    </section>
  );
}

export function LatestMaterialsSection({ ctx, rows }: { ctx: PageContext; rows: MaterialRow[] }): JSX.Element {
  const t = ctx.t;
  return (
    <section aria-labelledby="latest-materials">
      <h2 id="latest-materials" safe>{t('content.latestMaterials')}</h2>
      <ul class="list">
        {rows.map((m) => (
          <li>
            <a href={`/thu-vien/${m.id}`} lang="vi" safe>
              {m.title}
            </a>{' '}
            <span class="muted" safe>({t(`content.kinds.${m.kind}`)})</span>
          </li>
        ))}
      </ul>
      <p>
        <a href="/thu-vien" safe>{t('content.library')}</a>
      </p>
    </section>
  );
}

export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** /su-kien: every published life event, as cards. */
export function LifeEventListPage(p: { ctx: PageContext; events: PublicGuideRow[] }): JSX.Element {
  const { ctx } = p;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('content.lifeEvents.title')} description={t('content.lifeEvents.intro')}>
      <h1 safe>{t('content.lifeEvents.title')}</h1>
      <p class="lead" safe>{t('content.lifeEvents.intro')}</p>
      <ul class="card-grid">
        {p.events.map((e) => (
          <li class="card">
            <a href={`/su-kien/${e.slug}`} lang="vi" safe>
              {e.doc.title}
            </a>
            <p class="muted" lang="vi" safe>
              {e.doc.summary}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/**
 * /su-kien/{slug}: a life event as a GOV.UK-style step-by-step list — each stage in plain Vietnamese with links to the
 * guides that do it, in order; the help panel always offers 1022, the assistant and the feedback form.
 */
export function LifeEventPage(p: { ctx: PageContext; event: PublicGuideRow; guideTitles: Map<string, string> }): JSX.Element {
  const { ctx, event } = p;
  const t = ctx.t;
  const d = event.doc;
  const safeWho = renderMarkdown(d.who);
  const safeHelp = renderMarkdown(d.help);
  return (
    <Layout ctx={ctx} title={d.title} description={d.summary}>
      <nav aria-label={t('content.breadcrumb')} class="muted">
        <a href="/" safe>{t('content.home')}</a> › <a href="/su-kien" safe>{t('content.lifeEvents.title')}</a>
      </nav>
      {event.isSample ? <SampleNotice ctx={ctx} /> : ''}
      <h1 lang="vi" safe>
        {d.title}
      </h1>
      <p class="lead" lang="vi" safe>
        {d.summary}
      </p>
      {d.who ? <div lang="vi">{safeWho}</div> : ''}
      <h2 id="steps" safe>{t('content.lifeEvents.stepsHeading')}</h2>
      <ol class="step-by-step" lang="vi">
        {(d.stages ?? []).map((s) => {
          const safeText = renderMarkdownInline(s.text);
          return (
            <li>
              <h3 safe>{s.title}</h3>
              <p>{safeText}</p>
              <ul class="list">
                {s.guides.map((slug) => {
                  const title = p.guideTitles.get(slug);
                  return title ? (
                    <li>
                      <a href={`/huong-dan/${slug}`} safe>
                        {t('content.lifeEvents.guideLink', { title })}
                      </a>
                    </li>
                  ) : (
                    <li class="muted" safe>
                      {t('content.lifeEvents.unpublishedGuide', { slug })}
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ol>
      {d.faq?.length ? (
        <>
          <h2 id="faq" safe>{t('content.sections.faq')}</h2>
          <dl class="faq" lang="vi">
            {d.faq.map((x) => {
              const safeAnswer = renderMarkdownInline(x.a);
              return (
                <>
                  <dt safe>{x.q}</dt>
                  <dd>{safeAnswer}</dd>
                </>
              );
            })}
          </dl>
        </>
      ) : (
        ''
      )}
      <h2 id="help" safe>{t('content.sections.help')}</h2>
      {d.help ? <div lang="vi">{safeHelp}</div> : ''}
      <p safe>{t('content.lifeEvents.help')}</p>
      <p>
        <a class="button button-secondary" href="/tro-ly" safe>
          {t('content.lifeEvents.askAssistant')}
        </a>{' '}
        <a class="button button-secondary" href="/phan-anh/gui" safe>
          {t('content.lifeEvents.sendFeedback')}
        </a>
      </p>
      <p>
        <a href="/su-kien" safe>
          {t('content.lifeEvents.all')}
        </a>
      </p>
    </Layout>
  );
}

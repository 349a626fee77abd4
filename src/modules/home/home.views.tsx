import type { PageContext } from '../../platform/http/context.ts';
import { Layout } from '../../platform/views/Layout.tsx';
import { formatNumber } from '../../platform/i18n/i18n.ts';

export interface HomeSection {
  /** Trusted markup rendered by another module's view (escaped there). */
  safeHtml: string;
  order: number;
}

/** The public home page; later modules add sections (most-used services, latest materials…). */
export function HomePage({ ctx, orgCount, sections }: { ctx: PageContext; orgCount: number; sections: HomeSection[] }): JSX.Element {
  const t = ctx.t;
  // Sections are rendered (and escaped) by the modules that contribute them.
  const safeSections = sections
    .sort((a, b) => a.order - b.order)
    .map((s) => s.safeHtml)
    .join('');
  return (
    <Layout ctx={ctx} title={t('home.title')} description={t('site.tagline')}>
      <div class="hero">
        <h1 safe>{t('home.title')}</h1>
        <p class="lead" safe>
          {t('home.lead')}
        </p>
        <form method="get" action="/tim-kiem" class="search-form" role="search">
          <label for="q" class="label label-large" safe>
            {t('home.searchLabel')}
          </label>
          <div id="q-hint" class="hint" safe>
            {t('home.searchHint')}
          </div>
          <div class="search-row">
            <input class="input" id="q" name="q" type="search" aria-describedby="q-hint" />
            <button type="submit" class="button" safe>
              {t('home.searchButton')}
            </button>
          </div>
        </form>
      </div>
      {safeSections}
      {/* The assistant has its own section (assistant module); this row is help by a person, and results. */}
      <div class="two-col">
        <section class="panel" aria-labelledby="home-help">
          <h2 id="home-help" safe>
            {t('home.helpHeading')}
          </h2>
          <p safe>{t('home.helpText')}</p>
          <p class="hotline">
            <a href={`tel:${ctx.site.hotlineTel}`} safe>
              {t('site.hotline')}
            </a>
          </p>
          <p>
            <a href="/tro-ly/gap-can-bo" safe>
              {t('home.helpOfficer')}
            </a>
          </p>
        </section>
        <section class="panel" aria-labelledby="home-results">
          <h2 id="home-results" safe>
            {t('home.resultsHeading')}
          </h2>
          <p safe>{t('home.resultsText')}</p>
          <p>
            <a href="/chi-tieu" safe>
              {t('home.kpiLink')}
            </a>
          </p>
        </section>
      </div>
      <p class="muted" safe>
        {t('home.organisations', { count: formatNumber(orgCount) })}
      </p>
    </Layout>
  );
}

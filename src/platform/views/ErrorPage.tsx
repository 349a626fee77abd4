import type { PageContext } from '../http/context.ts';
import { Layout } from './Layout.tsx';

export function ErrorPage({ ctx, title, message, status }: { ctx: PageContext; title: string; message: string; status: number }): JSX.Element {
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p class="lead" safe>
        {message}
      </p>
      {status === 403 ? (
        // A refusal explains itself: what happened, why, and what to do (never a bare "error").
        <div class="forbidden-help">
          <p safe>{ctx.t('errors.forbiddenWhy')}</p>
          <p safe>{ctx.t(ctx.actor.kind === 'user' ? 'errors.forbiddenWhatStaff' : 'errors.forbiddenWhatOther')}</p>
          {ctx.actor.kind === 'user' ? (
            <p>
              <a href="/quan-tri" safe>
                {ctx.t('errors.staffHomeLink')}
              </a>
            </p>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      {status === 404 ? (
        <form method="get" action="/tim-kiem" class="search-form" role="search">
          <label for="q" class="label" safe>
            {ctx.t('home.searchLabel')}
          </label>
          <div class="search-row">
            <input class="input" id="q" name="q" type="search" />
            <button type="submit" class="button" safe>
              {ctx.t('home.searchButton')}
            </button>
          </div>
        </form>
      ) : (
        ''
      )}
      <p>
        <a href="/" safe>
          {ctx.t('errors.homeLink')}
        </a>
      </p>
    </Layout>
  );
}

import type { ModuleManifest } from '../../platform/modules.ts';
import { render } from '../../platform/http/render.ts';
import { HomePage, type HomeSection } from './home.views.tsx';
import { OrganisationsToken } from '../organisations/api.ts';
import { HomeToken, type HomeSectionProvider } from './api.ts';

export * from './api.ts';

export const homeModule: ModuleManifest = {
  name: 'home',
  provides: [HomeToken],
  requires: [OrganisationsToken],
  services: (deps) => {
    const providers: HomeSectionProvider[] = [];
    deps.services.provide(HomeToken, {
      addSection: (p) => providers.push(p),
      sections: async (ctx, d) => (await Promise.all(providers.map((p) => p(ctx, d)))).filter((s): s is HomeSection => s !== null),
    });
  },
  routes: async (app, deps) => {
    const orgs = deps.services.get(OrganisationsToken);
    const home = deps.services.get(HomeToken);
    app.get('/', async (request, reply) => {
      const ctx = request.pageContext();
      return render(reply, HomePage({ ctx, orgCount: await orgs.countActive(), sections: await home.sections(ctx, deps) }));
    });
  },
};

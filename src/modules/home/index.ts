import type { ModuleManifest, AppDeps } from '../../platform/modules.ts';
import type { PageContext } from '../../platform/http/context.ts';
import { render } from '../../platform/http/render.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import { HomePage, type HomeSection } from './home.views.tsx';

/** Other modules contribute home-page sections through this registry (no imports the other way). */
export type HomeSectionProvider = (ctx: PageContext, deps: AppDeps) => Promise<HomeSection | null>;
export interface HomeService {
  addSection(provider: HomeSectionProvider): void;
  sections(ctx: PageContext, deps: AppDeps): Promise<HomeSection[]>;
}

export const homeModule: ModuleManifest = {
  name: 'home',
  services: (deps) => {
    const providers: HomeSectionProvider[] = [];
    deps.services.provide<HomeService>('home', {
      addSection: (p) => providers.push(p),
      sections: async (ctx, d) => (await Promise.all(providers.map((p) => p(ctx, d)))).filter((s): s is HomeSection => s !== null),
    });
  },
  routes: async (app, deps) => {
    const orgs = deps.services.get<OrganisationsService>('organisations');
    const home = deps.services.get<HomeService>('home');
    app.get('/', async (request, reply) => {
      const ctx = request.pageContext();
      return render(reply, HomePage({ ctx, orgCount: await orgs.countActive(), sections: await home.sections(ctx, deps) }));
    });
  },
};

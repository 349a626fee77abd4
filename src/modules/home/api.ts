import { serviceToken, type AppDeps } from '../../platform/modules.ts';
import type { PageContext } from '../../platform/http/context.ts';
import type { HomeSection } from './home.views.tsx';

/** Other modules contribute home-page sections through this registry (no imports the other way). */
export type HomeSectionProvider = (ctx: PageContext, deps: AppDeps) => Promise<HomeSection | null>;

/** The home module's API: a registry of home-page sections. */
export interface HomeApi {
  addSection(provider: HomeSectionProvider): void;
  sections(ctx: PageContext, deps: AppDeps): Promise<HomeSection[]>;
}
export type { HomeSection };

export const HomeToken = serviceToken<HomeApi>('home');

import { serviceToken } from '../../platform/modules.ts';
import type { ContentService, SearchProvider } from './content.service.ts';

export type { ContentService, SearchHit, SearchProvider } from './content.service.ts';
export type { IndexableGuide, IndexableLifeEvent } from './content.types.ts';

/** What other modules may call: published guides (read-only), drafts from content gaps, site-search providers. */
export interface ContentApi extends ContentService {
  /** Add results of another module to the site search (/tim-kiem). */
  addSearchProvider(provider: SearchProvider): void;
}

export const ContentToken = serviceToken<ContentApi>('content');

/**
 * Where the assistant's index gets its documents: the content service (published guides), the feedback service
 * (published Q&A) and the catalogue service (national procedure records). While a module is not installed the
 * assistant falls back to the repository's files (content/guides/*.yaml, src/modules/catalogue/seed/tthc-national.jsonl.gz).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDeps } from '../../platform/modules.ts';
import type { LifeEventDoc } from './engine/situation.ts';
import { loadGuideYaml, loadLifeEventYaml, loadNationalRecords, type IndexableGuide, type IndexableProcedure, type PublishedAnswer } from './engine/sources.ts';
import { CatalogueToken } from '../catalogue/api.ts';
import { ContentToken } from '../content/api.ts';
import { FeedbackToken } from '../feedback/api.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const GUIDE_DIR = join(repoRoot, 'content', 'guides');
export const LIFE_EVENT_DIR = join(repoRoot, 'content', 'life-events');
// The catalogue module's copy of the national export (the same path in src/ and in dist/).
export const NATIONAL_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'catalogue', 'seed', 'tthc-national.jsonl.gz');

export interface AssistantSources {
  guides(): Promise<IndexableGuide[]>;
  /** published life events (situation layer); [] while the content module is absent */
  lifeEvents?(): Promise<LifeEventDoc[]>;
  answers(): Promise<PublishedAnswer[]>;
  records(fn: (batch: IndexableProcedure[]) => void | Promise<void>): Promise<void>;
}

/** Services are looked up lazily (module order does not matter). */
export function moduleSources(deps: AppDeps, opts: { guideDir?: string; lifeEventDir?: string; nationalFile?: string } = {}): AssistantSources {
  const content = () => deps.services.optional(ContentToken);
  const feedback = () => deps.services.optional(FeedbackToken);
  const catalogue = () => deps.services.optional(CatalogueToken);
  return {
    async guides() {
      const c = content();
      if (c) return c.listPublishedGuides();
      const dir = opts.guideDir ?? GUIDE_DIR;
      return existsSync(dir) ? loadGuideYaml(dir) : [];
    },
    async lifeEvents() {
      const c = content();
      if (c && typeof c.listPublishedLifeEvents === 'function') return c.listPublishedLifeEvents();
      const dir = opts.lifeEventDir ?? LIFE_EVENT_DIR;
      return c ? [] : existsSync(dir) ? loadLifeEventYaml(dir) : [];
    },
    async answers() {
      return (await feedback()?.listPublishedAnswers()) ?? [];
    },
    async records(fn) {
      const c = catalogue();
      if (c) return c.forEachForIndex(fn, 500);
      const recs = await loadNationalRecords(opts.nationalFile ?? NATIONAL_FILE);
      await fn(recs);
    },
  };
}

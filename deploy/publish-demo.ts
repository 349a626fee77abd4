/**
 * deploy/loopback.sh's publish step: publish a new guide through the content service's audited commands, as
 * an editor and a reviewer would, from a separate process on the same database. Its event reaches every app
 * node through LISTEN/NOTIFY. Prints the slug.
 */
import { loadConfig } from '../src/platform/config/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { consoleLogger, startOffline } from '../src/boot.ts';
import { SYSTEM_ACTOR } from '../src/platform/auth/permissions.ts';
import type { ContentModuleService } from '../src/modules/content/content.service.ts';

const config = loadConfig();
const database = await openDatabase(config);
try {
  const deps = startOffline(config, database, { ...consoleLogger, info: () => {} } as typeof consoleLogger);
  const content = deps.services.get<ContentModuleService>('content');
  const base = await content.publicGuide('khai-sinh');
  if (!base) throw new Error('the demo guide khai-sinh is missing (start the nodes with SEED_DEMO=true first)');
  const slug = `kiem-tra-xuat-ban-${Date.now().toString(36)}`;
  const id = await content.createGuide(SYSTEM_ACTOR, { slug, doc: { ...base.doc, title: `Kiểm tra xuất bản ${slug}` } });
  await content.submitForReview(SYSTEM_ACTOR, id);
  const outcome = await content.approve(SYSTEM_ACTOR, id);
  if (outcome !== 'published') throw new Error(`approve answered ${outcome}`);
  await content.close();
  console.log(slug);
} finally {
  await database.close();
}

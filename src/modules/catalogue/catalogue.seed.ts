import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import type { CatalogueModuleService } from './catalogue.service.ts';
import { linesOf } from './catalogue.import.ts';

/** The national procedure export shipped with the project (source and fields: seed/README.md). */
export const NATIONAL_FILE = join(dirname(fileURLToPath(import.meta.url)), 'seed', 'tthc-national.jsonl.gz');

/**
 * Demo data: the national procedure export, imported once. Runs at every start, so it returns at once when
 * the catalogue already holds records (the import is all-or-nothing, so any row means a complete import).
 */
export async function seedCatalogue(catalogue: CatalogueModuleService, log: (m: string) => void, file = NATIONAL_FILE): Promise<void> {
  if ((await catalogue.count()) > 0) return;
  if (!existsSync(file)) {
    log(`catalogue: ${file} not found, no procedures imported`);
    return;
  }
  const started = Date.now();
  const res = await catalogue.importProcedures({ ...SYSTEM_ACTOR, label: 'seed' }, linesOf(readFileSync(file)));
  if (res.ok) log(`catalogue: ${res.inserted} procedures imported in ${Date.now() - started} ms`);
  else log(`catalogue: national file rejected (${res.errors.length} bad lines), nothing imported`);
}

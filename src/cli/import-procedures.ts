import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../platform/config/config.ts';
import { openMigrated, consoleLogger } from '../boot.ts';
import { SYSTEM_ACTOR } from '../platform/auth/permissions.ts';
import { translator } from '../platform/i18n/i18n.ts';
import { ServiceRegistry } from '../platform/modules.ts';
import { createOrganisationsService } from '../modules/organisations/organisations.service.ts';
import { createCatalogueService, validateLines, type ImportProgress, type LineError } from '../modules/catalogue/catalogue.service.ts';
import { linesOf } from '../modules/catalogue/catalogue.import.ts';
import { OrganisationsToken } from '../modules/organisations/api.ts';

/**
 * npm run import:procedures -- <file.jsonl[.gz]>
 * Validates every line; any bad line → each listed with its number and reason, nothing written, exit 1.
 * Otherwise upserts everything in one transaction and prints inserted / updated / unchanged counts.
 */
const file = process.argv[2];
if (!file) {
  console.error('Cách dùng: npm run import:procedures -- <tệp .jsonl hoặc .jsonl.gz>');
  process.exit(2);
}

let lines: string[];
try {
  lines = linesOf(readFileSync(resolve(file)));
} catch (err) {
  console.error(`Không đọc được tệp ${file}: ${(err as Error).message}`);
  process.exit(1);
}

/** A hand-written progress bar on stderr (redrawn in place on a terminal, every 10 % otherwise). */
function progressBar() {
  const tty = process.stderr.isTTY;
  let lastShown = -1;
  return (p: ImportProgress) => {
    const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
    const label = p.phase === 'validate' ? 'Kiểm tra' : 'Ghi     ';
    if (!tty && pct < 100 && pct - lastShown < 10 && lastShown !== -1) return;
    if (!tty && pct === lastShown) return;
    lastShown = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${p.done}/${p.total}`;
    if (tty) process.stderr.write(`\r${line}${p.done >= p.total ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
    if (p.done >= p.total) lastShown = -1;
  };
}

const t = translator('vi');
function printErrors(errors: LineError[]): void {
  console.error(`\nTệp có ${errors.length} dòng lỗi; không ghi dữ liệu nào:`);
  for (const e of errors) console.error(`  dòng ${e.line}: ${t(`catalogue.importErrors.${e.reason}`, { field: e.field ?? '' })}`);
}

// Check the whole file before touching the database: a bad file never opens it.
const bar = progressBar();
const checked = validateLines(lines, bar);
if (checked.errors.length) {
  printErrors(checked.errors);
  process.exit(1);
}

const config = loadConfig();
const database = await openMigrated(config, (m) => console.error(m));
let exitCode = 0;
try {
  const services = new ServiceRegistry();
  const organisations = services.provide(OrganisationsToken, createOrganisationsService(database.db));
  const catalogue = createCatalogueService(database.db, { organisations });
  const started = Date.now();
  const res = await catalogue.importProcedures({ ...SYSTEM_ACTOR, label: 'cli:import:procedures' }, lines, { onProgress: (p) => p.phase === 'write' && bar(p) });
  if (!res.ok) {
    printErrors(res.errors);
    exitCode = 1;
  } else {
    console.log(
      `Đã nhập ${res.total} thủ tục trong ${((Date.now() - started) / 1000).toFixed(1)} s: ${res.inserted} mới, ${res.updated} cập nhật, ${res.unchanged} không đổi.`,
    );
  }
} catch (err) {
  consoleLogger.error(err);
  exitCode = 1;
} finally {
  await database.close();
}
process.exit(exitCode);

/**
 * npm run import:plan -- <file.yaml>
 * Load (or re-load) a provincial plan file into the database. Idempotent: the same file twice changes nothing;
 * a malformed file prints every problem with its line and field and writes nothing (exit code 1).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../platform/config/config.ts';
import { openMigrated, runSeeds, startOffline, consoleLogger } from '../boot.ts';
import { attachEventBus } from '../platform/events/bus.ts';
import { SYSTEM_ACTOR } from '../platform/auth/permissions.ts';
import { PlanFileError } from '../modules/plans/plans.file.ts';
import { KpisToken, PlansToken } from '../modules/plans/api.ts';

const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (!file) {
  console.error('Cách dùng: npm run import:plan -- plans/<tinh>-<quyet-dinh>.yaml');
  process.exit(2);
}
const text = readFileSync(resolve(file), 'utf8');
const config = loadConfig();
const database = await openMigrated(config, (m) => console.log(m));
let code = 0;
try {
  // Reference data first (organisations the plan refers to), without demo data.
  await runSeeds(config, database, { demo: false, log: (m) => console.log(m), logger: consoleLogger });
  const deps = startOffline(config, database, consoleLogger);
  // Events of the import are delivered by this process (jobs are off here), like on a running node.
  attachEventBus(database.db, deps.events);
  const plans = deps.services.get(PlansToken);
  const res = await plans.importPlan(SYSTEM_ACTOR, text);
  await deps.services.get(KpisToken).seedRegistry(await plans.listTargets(res.planId));
  console.log(
    res.unchanged
      ? `Kế hoạch không thay đổi (${res.tasks} nhiệm vụ, ${res.targets} mục tiêu).`
      : `Đã nhập kế hoạch: ${res.tasks} nhiệm vụ, ${res.targets} mục tiêu${res.kept ? `; giữ nguyên ${res.kept} nhiệm vụ đã được sửa trên giao diện` : ''}.`,
  );
  deps.mailer.close();
} catch (err) {
  if (err instanceof PlanFileError) {
    console.error(`Tệp ${file} không hợp lệ, chưa ghi gì vào cơ sở dữ liệu:`);
    for (const p of err.problems) console.error(`  dòng ${p.line}, trường ${p.field}: ${p.message}`);
    code = 1;
  } else throw err;
} finally {
  await database.close();
}
process.exit(code);

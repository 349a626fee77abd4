/**
 * npm run seed:synthetic -- --ratings N
 * Adds N synthetic ratings (and their rollups) to the configured database: DATABASE_URL, or the PGlite data
 * directory DATA_DIR (default ./data). Migrates and loads reference data first. For benchmarks only.
 */
import { loadConfig } from '../platform/config/config.ts';
import { openMigrated, runSeeds, consoleLogger } from '../boot.ts';
import { seedSyntheticRatings } from '../modules/feedback/feedback.synthetic.ts';

const args = process.argv.slice(2);
const i = args.indexOf('--ratings');
const n = i >= 0 ? Number(args[i + 1]) : NaN;
if (!Number.isInteger(n) || n < 1 || n > 100_000_000) {
  console.error('usage: npm run seed:synthetic -- --ratings N   (1 ≤ N ≤ 100000000)');
  process.exit(2);
}
const config = loadConfig({ SESSION_SECRET: 'synthetic-seed-secret-synthetic-seed-0123', LOG_LEVEL: 'warn', DB_STATEMENT_TIMEOUT_MS: '3600000', ...process.env, JOBS_ENABLED: 'false' });
const quiet = { ...consoleLogger, info: () => {} } as typeof consoleLogger;
const database = await openMigrated(config, () => {});
await runSeeds(config, database, { demo: false, log: () => {}, logger: quiet, include: (m) => ['organisations', 'feedback'].includes(m.name) });
await seedSyntheticRatings(database.db, n, (m) => console.log(m));
await database.close();

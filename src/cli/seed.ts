import { loadConfig } from '../platform/config/config.ts';
import { openMigrated, runSeeds, consoleLogger } from '../boot.ts';

/** npm run seed [-- --demo | --no-demo] — reference data always; demo data by SEED_DEMO or the flag. */
const config = loadConfig();
const args = process.argv.slice(2);
const demo = args.includes('--demo') ? true : args.includes('--no-demo') ? false : config.seedDemo;
const database = await openMigrated(config, (m) => console.log(m));
await runSeeds(config, database, { demo, log: (m) => console.log(m), logger: consoleLogger });
console.log('seed done');
await database.close();

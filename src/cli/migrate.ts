import { loadConfig } from '../platform/config/config.ts';
import { openMigrated } from '../boot.ts';

/** npm run db:migrate — apply pending migrations and exit. */
const config = loadConfig();
const database = await openMigrated(config, (m) => console.log(m));
console.log('migrations up to date');
await database.close();

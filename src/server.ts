import { loadConfig, ConfigError } from './platform/config/config.ts';
import { DataDirLockedError } from './platform/db/lock.ts';
import { buildApp } from './app.ts';
import { openMigrated, runSeeds, consoleLogger, EARLY_SEED_MODULES } from './boot.ts';
import { modules } from './modules/index.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './modules/accounts/accounts.seed.ts';

/** The only file that touches process.*: read config, open and migrate the database, listen, shut down cleanly. */
async function main() {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  let database;
  try {
    database = await openMigrated(config, (m) => console.log(`[db] ${m}`), (err) => console.warn(`[db] pool error: ${err.message}`));
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`\n${err.message}\n`);
      process.exit(3);
    }
    throw err;
  }
  // Organisations and staff accounts first, so the site answers within seconds on a fresh machine; the larger
  // demo data (national procedure records, guides, plan) loads right after the server is listening.
  const seedLog = (m: string) => console.log(`[seed] ${m}`);
  await runSeeds(config, database, { demo: config.seedDemo, log: seedLog, logger: consoleLogger, include: (m) => EARLY_SEED_MODULES.has(m.name) });
  const app = await buildApp({ config, database });
  app.addHook('onClose', async () => {
    await database.close();
  });
  await app.listen({ port: config.port, host: config.host });
  const seeding = (async () => {
    await runSeeds(config, database, { demo: config.seedDemo, log: seedLog, logger: consoleLogger, include: (m) => !EARLY_SEED_MODULES.has(m.name) });
    for (const m of modules) await m.afterSeed?.(app.deps);
    seedLog('all data loaded');
  })().catch((err) => app.log.error({ err }, 'seeding failed'));
  // Jobs start once the data is in place (reminders must not run against half-loaded data).
  void seeding.then(() => app.deps.jobs.start()).catch((err) => app.log.error({ err }, 'job worker failed to start'));

  const url = config.publicUrl;
  console.log(`\ndvc-hub đang chạy / is running: ${url}  (${((Date.now() - started) / 1000).toFixed(1)} s, ${database.kind})`);
  if (config.seedDemo) {
    console.log(`\nTài khoản cán bộ mẫu / demo staff logins (mật khẩu / password: ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(15)} ${u.email}`);
    console.log(`  (admin phải bật xác thực hai lớp ở lần đăng nhập đầu / admin must set up TOTP on first sign-in)\n`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => app.log.error({ err }, 'unhandled rejection'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

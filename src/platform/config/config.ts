import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readIdentity, type ProvinceIdentity } from './identity.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * One typed, frozen configuration, validated once at boot. Every environment variable the app reads is
 * declared here (and documented in README.md and .env.example); nothing else reads process.env.
 */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
  dbStatementTimeoutMs: number;
  dbIdleInTransactionTimeoutMs: number;
  sessionSecret: string;
  sessionTtlHours: number;
  /** Delivered events older than this leave the outbox (events.cleanup job). */
  eventsRetentionDays: number;
  cookieSecure: boolean;
  /** Fastify trustProxy: false, true (every hop), or the proxies' addresses/CIDR ranges. */
  trustProxy: boolean | string[];
  logLevel: string;
  seedDemo: boolean;
  jobsEnabled: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  storageDriver: 'local' | 's3';
  storageDir: string;
  s3: { endpoint?: string; region: string; bucket?: string; accessKeyId?: string; secretAccessKey?: string };
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  rateLimitPerMinute: number;
  /** In-app render cache lifetime of public pages, seconds (0: off); also their max-age. */
  pageCacheSeconds: number;
  loginMaxAttempts: number;
  loginLockMinutes: number;
  assistantLlm: { url?: string; model?: string; key?: string };
  /** NODE_ENV=production: refuses development conveniences such as the built-in OIDC provider. */
  production: boolean;
  /**
   * Citizen sign-in (national SSO, OpenID Connect). Without `issuer` (and not in production) the built-in
   * development provider under /dev-oidc stands in for it.
   */
  oidc: {
    issuer: string | undefined;
    clientId: string;
    clientSecret: string;
    /** acr values for identity level 1 and level 2 (NĐ 69/2024), as the portal names them. */
    acrLevels: [string, string];
    /** Extra scopes after openid (space-separated). */
    scope: string;
  };
  /** Salt of the person key: HMAC-SHA256(salt, số định danh). Changing it re-keys every citizen. */
  personKeySalt: string;
  /**
   * Kho dữ liệu điện tử (datastore module): the master key that wraps every file's data key (base64 of 32
   * bytes; DATASTORE_MASTER_KEY), older master keys still able to unwrap (DATASTORE_MASTER_KEY_PREVIOUS, comma
   * separated), and the national Kho's synchronisation endpoint (unset: no synchronisation).
   */
  datastore: { masterKey: Buffer; previousKeys: Buffer[]; nationalUrl: string | undefined; nationalToken: string | undefined };
  /** The province's name, Centre, hotline, address, e-mail, emblem and licence line (PROVINCE_FILE). */
  provinceFile: string;
  identity: ProvinceIdentity;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Cấu hình không hợp lệ / invalid configuration:\n - ${problems.join('\n - ')}`);
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, problems: string[], min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    problems.push(`${name} must be an integer ≥ ${min} (got "${raw}")`);
    return fallback;
  }
  return n;
}

function bool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name} must be true or false (got "${env[name]}")`);
  return fallback;
}

/**
 * TRUST_PROXY: whose X-Forwarded-For to believe for the client address (rate limits, audit). `false` (default:
 * the app faces clients directly); a comma-separated list of the proxies' addresses or CIDR ranges (recommended:
 * the client address is the first one, from the right, that is not a listed proxy, so whatever a client forges
 * further left is ignored); or `true` (every hop trusted, the left-most address wins: only when nothing but the
 * proxy can reach the app and the proxy overwrites the header). Fastify refuses bare hop counts (spoofable).
 */
function trustProxy(env: Env, problems: string[]): Config['trustProxy'] {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '') return false;
  const lower = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const ipOrCidr = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(\/\d{1,3})?$/;
  if (parts.length && parts.every((p) => ipOrCidr.test(p) || ['loopback', 'linklocal', 'uniquelocal'].includes(p))) return parts;
  problems.push(`TRUST_PROXY must be true, false or a comma-separated list of proxy addresses/CIDR ranges (got "${raw}")`);
  return false;
}

/**
 * In development a secret is generated once and kept in DATA_DIR so sessions survive restarts. With
 * DATABASE_URL set (production, several nodes) the secret must be given, because every node must agree.
 */
function resolveSessionSecret(env: Env, dataDir: string, production: boolean, problems: string[]): string {
  const given = env.SESSION_SECRET;
  if (given) {
    if (given.length < 32) problems.push('SESSION_SECRET must be at least 32 characters');
    return given;
  }
  if (production) {
    problems.push('SESSION_SECRET is required when DATABASE_URL is set (all app nodes must share it)');
    return '';
  }
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** A 32-byte key given as base64 or base64url. */
function key32(raw: string): Buffer | null {
  const b = Buffer.from(raw.trim(), raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64');
  return b.length === 32 ? b : null;
}

/**
 * The datastore's master key: given (32 bytes, base64), or in development derived from the session secret
 * (HMAC, so nothing has to be configured to try it and it survives restarts). Refused in production when unset:
 * a derived key would tie every stored document to SESSION_SECRET.
 */
function datastoreConfig(env: Env, sessionSecret: string, production: boolean, problems: string[]): Config['datastore'] {
  let masterKey: Buffer | null = null;
  if (env.DATASTORE_MASTER_KEY) {
    masterKey = key32(env.DATASTORE_MASTER_KEY);
    if (!masterKey) problems.push('DATASTORE_MASTER_KEY must be 32 bytes in base64 (e.g. openssl rand -base64 32)');
  } else if (production) {
    problems.push('DATASTORE_MASTER_KEY is required in production (it wraps the key of every document in the Kho)');
  }
  const previousKeys: Buffer[] = [];
  for (const part of (env.DATASTORE_MASTER_KEY_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const k = key32(part);
    if (k) previousKeys.push(k);
    else problems.push('DATASTORE_MASTER_KEY_PREVIOUS must list 32-byte base64 keys, comma separated');
  }
  const nationalUrl = (env.DATASTORE_NATIONAL_URL || '').replace(/\/+$/, '') || undefined;
  if (nationalUrl && !/^https?:\/\//.test(nationalUrl)) problems.push('DATASTORE_NATIONAL_URL must be an http(s) URL');
  if (nationalUrl && !env.DATASTORE_NATIONAL_TOKEN) problems.push('DATASTORE_NATIONAL_TOKEN is required with DATASTORE_NATIONAL_URL');
  return {
    masterKey: masterKey ?? createHmac('sha256', sessionSecret).update('datastore-master-key').digest(),
    previousKeys,
    nationalUrl,
    nationalToken: env.DATASTORE_NATIONAL_TOKEN || undefined,
  };
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const dataDir = resolve(env.DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const port = int(env, 'PORT', 3000, problems, 0);
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    problems.push(`PUBLIC_URL must be an absolute URL (got "${env.PUBLIC_URL}")`);
  }
  const storageDriver = (env.STORAGE_DRIVER || 'local') as Config['storageDriver'];
  if (!['local', 's3'].includes(storageDriver)) problems.push('STORAGE_DRIVER must be local or s3');
  if (storageDriver === 's3' && !env.S3_BUCKET) problems.push('S3_BUCKET is required when STORAGE_DRIVER=s3');
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
  }

  const production = env.NODE_ENV === 'production';
  const oidcIssuer = (env.OIDC_ISSUER || '').replace(/\/+$/, '') || undefined;
  if (oidcIssuer) {
    try {
      new URL(oidcIssuer);
    } catch {
      problems.push(`OIDC_ISSUER must be an absolute URL (got "${env.OIDC_ISSUER}")`);
    }
    if (!env.OIDC_CLIENT_SECRET) problems.push('OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set');
  } else if (production) {
    problems.push('OIDC_ISSUER is required in production: the built-in development OIDC provider (/dev-oidc) is refused');
  }
  if (env.PERSON_KEY_SALT !== undefined && env.PERSON_KEY_SALT.length < 32) problems.push('PERSON_KEY_SALT must be at least 32 characters');
  if (production && !env.PERSON_KEY_SALT) problems.push('PERSON_KEY_SALT is required in production (the person key of every citizen depends on it)');
  const acrLevels = (env.OIDC_ACR_LEVELS || 'LoA1,LoA2').split(',').map((s) => s.trim());
  if (acrLevels.length !== 2 || acrLevels.some((s) => !/^[\w.:/-]{1,100}$/.test(s))) problems.push('OIDC_ACR_LEVELS must be two acr values, level 1 then level 2 (e.g. LoA1,LoA2)');
  const sessionSecret = resolveSessionSecret(env, dataDir, Boolean(databaseUrl), problems);
  const datastore = datastoreConfig(env, sessionSecret, production, problems);
  const provinceFile = resolve(env.PROVINCE_FILE || join(repoRoot, 'content', 'province.json'));
  const identity = readIdentity(provinceFile, problems);

  const config: Config = {
    port,
    host: env.HOST || '0.0.0.0',
    publicUrl,
    dataDir,
    databaseUrl,
    dbPoolMax: int(env, 'DB_POOL_MAX', 10, problems, 1),
    dbConnectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 5000, problems, 100),
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 15000, problems, 100),
    dbIdleInTransactionTimeoutMs: int(env, 'DB_IDLE_TX_TIMEOUT_MS', 30000, problems, 100),
    sessionSecret,
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12, problems, 1),
    eventsRetentionDays: int(env, 'EVENTS_RETENTION_DAYS', 30, problems, 1),
    cookieSecure: bool(env, 'COOKIE_SECURE', publicUrl.startsWith('https://'), problems),
    trustProxy: trustProxy(env, problems),
    logLevel,
    seedDemo: bool(env, 'SEED_DEMO', !databaseUrl, problems),
    jobsEnabled: bool(env, 'JOBS_ENABLED', true, problems),
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'dvc-hub <no-reply@dvc-hub.local>',
    storageDriver,
    storageDir: resolve(env.STORAGE_DIR || join(dataDir, 'files')),
    s3: {
      endpoint: env.S3_ENDPOINT || undefined,
      region: env.S3_REGION || 'us-east-1',
      bucket: env.S3_BUCKET || undefined,
      accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    },
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 256 * 1024, problems, 1024),
    uploadLimitBytes: int(env, 'UPLOAD_LIMIT_BYTES', 20 * 1024 * 1024, problems, 1024),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 300, problems, 1),
    pageCacheSeconds: int(env, 'PAGE_CACHE_SECONDS', 60, problems, 0),
    loginMaxAttempts: int(env, 'LOGIN_MAX_ATTEMPTS', 5, problems, 1),
    loginLockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15, problems, 1),
    assistantLlm: {
      url: env.ASSISTANT_LLM_URL || undefined,
      model: env.ASSISTANT_LLM_MODEL || undefined,
      key: env.ASSISTANT_LLM_KEY || undefined,
    },
    production,
    oidc: {
      issuer: oidcIssuer,
      clientId: env.OIDC_CLIENT_ID || 'dvc-hub',
      // The development provider's client secret is derived, so nothing has to be configured to try it.
      clientSecret: env.OIDC_CLIENT_SECRET || createHmac('sha256', sessionSecret).update('dev-oidc-client').digest('base64url'),
      acrLevels: [acrLevels[0] ?? 'LoA1', acrLevels[1] ?? 'LoA2'],
      scope: env.OIDC_SCOPE ?? 'profile',
    },
    datastore,
    personKeySalt: env.PERSON_KEY_SALT || createHmac('sha256', sessionSecret).update('person-key-salt').digest('base64url'),
    provinceFile,
    identity,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

import type { AppDeps } from '../../platform/modules.ts';

/** Per-client limit for public posting routes (10 % of the global limit, at least 10 a minute). */
export const publicRateLimit = (deps: AppDeps) => ({ max: Math.max(10, Math.floor(deps.config.rateLimitPerMinute / 10)), timeWindow: 60_000 });

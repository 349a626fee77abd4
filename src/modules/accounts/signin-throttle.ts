import { sql, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { PlatformTables } from '../../platform/db/tables.ts';
import type { Tx } from '../../platform/audit/command.ts';
import { hmac, randomToken, safeEqual, sha256 } from '../../platform/auth/tokens.ts';

/**
 * Password-failure throttle per (account typed, client). Five requests from an attacker must not lock an
 * administrator out, and the answer must not tell whether an account exists:
 * - the key is the e-mail as typed (hashed), so unknown accounts are throttled exactly like known ones;
 * - the client is the browser's signed device cookie for that account when it has one (it signed in there
 *   before), else its address, so an attacker's failures never block the owner's own browser;
 * - after `maxAttempts` failures the client waits 1, 2, 4, 8 … minutes (capped) before the next try.
 */

type LoginThrottleTable = {
  account_key: string;
  client_key: string;
  failures: number;
  blocked_until: Date | null;
  updated_at: Date;
};
export type AccountsTables = {
  login_throttle: LoginThrottleTable;
};

type Q = Db | Tx;
const t = (q: Q): Kysely<PlatformTables & AccountsTables> => (q as Db).withTables<AccountsTables>();

export const DEVICE_COOKIE = 'dvc_dev';

export function accountKey(email: string): string {
  return sha256(`login:${email.trim().toLowerCase()}`);
}

/** A device cookie bound to one account: `<nonce>.<hmac(account, nonce)>`. */
export function newDeviceCookie(secret: string, userId: string): string {
  const nonce = randomToken(16);
  return `${nonce}.${hmac(secret, `device:${userId}:${nonce}`)}`;
}

/** The client key: the device when its cookie is valid for this account, else the address. */
export function clientKey(secret: string, userId: string | undefined, cookie: string | undefined, ip: string): string {
  if (userId && cookie && cookie.length < 200) {
    const [nonce, mac] = cookie.split('.');
    if (nonce && mac && safeEqual(mac, hmac(secret, `device:${userId}:${nonce}`))) return `device:${nonce}`;
  }
  return `ip:${ip}`;
}

export async function blockedUntil(db: Q, account: string, client: string): Promise<Date | null> {
  const row = await t(db).selectFrom('login_throttle').select('blocked_until').where('account_key', '=', account).where('client_key', '=', client).executeTakeFirst();
  return row?.blocked_until && row.blocked_until > new Date() ? row.blocked_until : null;
}

/** Growing delay after the limit: 1, 2, 4, 8 … minutes, never more than capMinutes. */
export function delayMinutes(failures: number, maxAttempts: number, capMinutes: number): number {
  if (failures < maxAttempts) return 0;
  return Math.min(2 ** Math.min(failures - maxAttempts, 20), capMinutes);
}

/** Count a failure; returns the failure count and, when the client must now wait, until when. */
export async function recordFailure(db: Q, account: string, client: string, maxAttempts: number, capMinutes: number): Promise<{ failures: number; until: Date | null }> {
  const row = await t(db)
    .insertInto('login_throttle')
    .values({ account_key: account, client_key: client, failures: 1, blocked_until: null, updated_at: new Date() })
    .onConflict((oc) => oc.columns(['account_key', 'client_key']).doUpdateSet({ failures: sql`login_throttle.failures + 1`, updated_at: new Date() }))
    .returning('failures')
    .executeTakeFirstOrThrow();
  const minutes = delayMinutes(row.failures, maxAttempts, capMinutes);
  if (!minutes) return { failures: row.failures, until: null };
  const until = new Date(Date.now() + minutes * 60_000);
  await t(db).updateTable('login_throttle').set({ blocked_until: until }).where('account_key', '=', account).where('client_key', '=', client).execute();
  return { failures: row.failures, until };
}

export async function clearFailures(db: Q, account: string, client?: string): Promise<void> {
  let q = t(db).deleteFrom('login_throttle').where('account_key', '=', account);
  if (client) q = q.where('client_key', '=', client);
  await q.execute();
}

/** Cleanup: rows nobody touched for a day. */
export async function purgeThrottle(db: Q): Promise<void> {
  await t(db).deleteFrom('login_throttle').where('updated_at', '<', new Date(Date.now() - 86400_000)).execute();
}

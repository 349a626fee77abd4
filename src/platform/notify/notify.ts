import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from '../audit/command.ts';
import type { Mailer } from '../mail/mailer.ts';

/** One notification: in the app (a person's or an organisation's list) and, optionally, by e-mail. */
export interface Notification {
  /** The person it is for; null with orgId = everyone of that organisation sees it. */
  userId?: string | null;
  orgId?: string | null;
  /** Dedupe key, `<module>:<what>:<ids>`: the same key twice is one notification (jobs and handlers may re-run). */
  key: string;
  title: string;
  body?: string;
  /** A path inside the site, e.g. `/quan-tri/phan-anh/PA-…`. */
  link?: string | null;
  /** Also e-mail it: through the mail outbox in the same transaction, deduplicated by `key` unless `dedupeKey` says otherwise. */
  email?: { to: string; subject?: string; text: string; dedupeKey?: string };
}

/**
 * The one way a module tells a person something: writes the in-app notification and queues the e-mail in the
 * caller's transaction (a command, or an event handler's delivery transaction), so both happen exactly when the
 * change commits, once per key. Returns what was new (false = deduplicated).
 */
export async function notify(tx: Tx | Db, n: Notification, mailer?: Pick<Mailer, 'enqueue'>): Promise<{ inApp: boolean; emailed: boolean }> {
  if (n.email && !mailer) throw new Error(`notify(${n.key}): an e-mail needs the mailer`);
  const rows = await sql<{ id: string }>`
    INSERT INTO notifications (user_id, org_id, dedupe_key, title, body, link)
    VALUES (${n.userId ?? null}, ${n.orgId ?? null}, ${n.key}, ${n.title}, ${n.body ?? ''}, ${n.link ?? null})
    ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`.execute(tx);
  let emailed = false;
  if (n.email) {
    emailed = await mailer!.enqueue(tx, { to: n.email.to, subject: n.email.subject ?? n.title, text: n.email.text, dedupeKey: n.email.dedupeKey ?? n.key });
  }
  return { inApp: rows.rows.length > 0, emailed };
}

/** A person's unread notifications: addressed to them, or to an organisation they hold a role in. Newest first. */
export function unreadNotifications(db: Tx | Db, userId: string, orgIds: string[], limit = 20) {
  return db
    .selectFrom('notifications')
    .select(['id', 'title', 'body', 'link', 'created_at as createdAt'])
    .where((eb) => eb.or([eb('user_id', '=', userId), ...(orgIds.length ? [eb('org_id', 'in', orgIds)] : [])]))
    .where('read_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Mark one read: by the person it is addressed to, or (one addressed to an agency) a member of it. False = not theirs. */
export async function markNotificationRead(db: Tx | Db, id: string, userId: string, orgIds: string[]): Promise<boolean> {
  const res = await db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('user_id', '=', userId), ...(orgIds.length ? [eb.and([eb('user_id', 'is', null), eb('org_id', 'in', orgIds)])] : [])]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

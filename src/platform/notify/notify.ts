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

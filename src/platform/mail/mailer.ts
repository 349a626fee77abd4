import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from '../audit/command.ts';
import type { Config } from '../config/config.ts';
import type { Logger } from '../logger.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Same key twice → one message. Use it for reminders so a retried job never mails twice. */
  dedupeKey?: string;
}

export interface Mailer {
  /** Queue a message in the caller's transaction (transactional outbox). Returns false if deduplicated. */
  enqueue(tx: Tx | Db, mail: OutgoingMail): Promise<boolean>;
  /** Send pending messages now; returns how many were sent. Called by the mail job and by tests. */
  deliverPending(limit?: number): Promise<number>;
  close(): void;
}

/**
 * Mail goes through an outbox table: the row is written with the change that causes it, and a job claims
 * rows with FOR UPDATE SKIP LOCKED, sends them and marks them sent. Without SMTP_URL, messages are logged
 * (development) and still marked sent, so nothing piles up.
 */
export function createMailer(db: Db, config: Config, logger: Logger): Mailer {
  const transport: Transporter = config.smtpUrl
    ? nodemailer.createTransport(config.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 })
    : nodemailer.createTransport({ jsonTransport: true });

  return {
    async enqueue(tx, mail) {
      const res = await tx
        .insertInto('mail_outbox')
        .values({
          to_address: mail.to,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html ?? null,
          dedupe_key: mail.dedupeKey ?? null,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async deliverPending(limit = 20) {
      // Claim a batch; a crashed sender leaves rows in 'sending' that are retried after 10 minutes.
      const claimed = await db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('mail_outbox')
          .selectAll()
          .where((eb) =>
            eb.or([
              eb('status', '=', 'pending'),
              eb.and([eb('status', '=', 'sending'), eb('created_at', '<', sql<Date>`now() - interval '10 minutes'`)]),
            ]),
          )
          .where('attempts', '<', 5)
          .orderBy('created_at')
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length) {
          await tx
            .updateTable('mail_outbox')
            .set({ status: 'sending', attempts: sql`attempts + 1` })
            .where('id', 'in', rows.map((r) => r.id))
            .execute();
        }
        return rows;
      });
      let sent = 0;
      for (const row of claimed) {
        try {
          const info = await transport.sendMail({
            from: config.mailFrom,
            to: row.to_address,
            subject: row.subject,
            text: row.text_body,
            html: row.html_body ?? undefined,
            headers: { 'X-DVC-Message-Id': row.id },
          });
          if (!config.smtpUrl) logger.info({ mailTo: row.to_address, subject: row.subject, message: String((info as { message?: unknown }).message ?? '') }, 'mail (no SMTP_URL: logged only)');
          await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: new Date(), last_error: null }).where('id', '=', row.id).execute();
          sent++;
        } catch (err) {
          const failed = row.attempts + 1 >= 5;
          await db
            .updateTable('mail_outbox')
            .set({ status: failed ? 'failed' : 'pending', last_error: String((err as Error).message).slice(0, 500) })
            .where('id', '=', row.id)
            .execute();
          logger.warn({ err, outboxId: row.id }, 'mail delivery failed');
        }
      }
      return sent;
    },

    close() {
      transport.close();
    },
  };
}

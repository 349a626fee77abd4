import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers.ts';
import { startSmtp } from '../../test/smtp.ts';
import { createMailer } from './mailer.ts';

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;

describe('mail outbox (real SMTP server)', () => {
  let t: TestDb;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestDb({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends each message once, deduplicates by key, and keeps Vietnamese text intact', async () => {
    const mailer = createMailer(t.database.db, t.config, silent);
    expect(await mailer.enqueue(t.database.db, { to: 'a@example.vn', subject: 'Nhắc hạn báo cáo', text: 'Hạn nộp: 10/12/2025', dedupeKey: 'k1' })).toBe(true);
    expect(await mailer.enqueue(t.database.db, { to: 'a@example.vn', subject: 'Nhắc hạn báo cáo', text: 'lặp', dedupeKey: 'k1' })).toBe(false);
    expect(await mailer.deliverPending()).toBe(1);
    expect(await mailer.deliverPending()).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toBe('Nhắc hạn báo cáo');
    expect(smtp.messages[0]!.text?.trim()).toBe('Hạn nộp: 10/12/2025');
    mailer.close();
  });

  it('keeps a message for retry when the SMTP server is down', async () => {
    const config = { ...t.config, smtpUrl: 'smtp://127.0.0.1:1' };
    const mailer = createMailer(t.database.db, config, silent);
    await mailer.enqueue(t.database.db, { to: 'b@example.vn', subject: 'Thử lại', text: 'x' });
    expect(await mailer.deliverPending()).toBe(0);
    const row = await t.database.db.selectFrom('mail_outbox').selectAll().where('subject', '=', 'Thử lại').executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBeTruthy();
    mailer.close();
  });
});

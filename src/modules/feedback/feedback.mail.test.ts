import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { buildTestApp, DEMO, orgId, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/permissions.ts';
import { FeedbackServiceToken } from './feedback.service.ts';

/** The answer e-mail goes through a real SMTP server, once, even when delivery and approval are retried. */
describe('answer e-mail over real SMTP', () => {
  const received: ParsedMail[] = [];
  let smtp: SMTPServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, cb) {
        simpleParser(stream)
          .then((m) => {
            received.push(m);
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await buildTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  async function actor(email: string): Promise<Actor> {
    const u = await t.database.db.selectFrom('users').select(['id', 'full_name']).where('email', '=', email).executeTakeFirstOrThrow();
    const org = await orgId(t.database, 'SKHCN');
    return { kind: 'user', id: u.id, label: u.full_name, roles: [{ role: email === DEMO.headSkhcn ? 'agency_head' : 'agency_officer', orgId: org }] };
  }

  it('delivers exactly one answer message with the tracking link', async () => {
    const svc = t.app.deps.services.get(FeedbackServiceToken);
    const skhcn = await orgId(t.database, 'SKHCN');
    const r = await svc.submit(SYSTEM_ACTOR, { kind: 'hoi-dap', body: 'Xin hỏi thời hạn giải quyết thủ tục này là bao lâu?', orgId: skhcn, contactEmail: 'citizen@example.com', contactName: 'Người dân', channel: 'web' });
    await svc.draftAnswer(await actor(DEMO.officerSkhcn), r.code, 'Thời hạn giải quyết là 05 ngày làm việc kể từ khi nhận đủ hồ sơ.');
    await svc.approveAnswer(await actor(DEMO.headSkhcn), r.code);
    // A retried approval is refused (nothing pending), and the mail job runs twice.
    await expect(svc.approveAnswer(await actor(DEMO.headSkhcn), r.code)).rejects.toThrow();
    await t.app.deps.jobs.runNow('mail.deliver');
    await t.app.deps.jobs.runNow('mail.deliver');
    await new Promise((res) => setTimeout(res, 200));
    const mine = received.filter((m) => m.subject?.includes(r.code));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain('05 ngày làm việc');
    expect(mine[0]!.text).toContain(`/phan-anh/${r.code}?k=`);
    expect((mine[0]!.to as { text: string }).text).toContain('citizen@example.com');
  });
});

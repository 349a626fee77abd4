import { sql } from 'kysely';
import type { AppDeps } from '../../platform/modules.ts';
import type { Tx } from '../../platform/audit/command.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import * as repo from './feedback.repo.ts';
import { workingDaysBetween } from './feedback.calendar.ts';
import { CENTRE_CODE, type FeedbackService } from './feedback.service.ts';

/** Working days overdue at which each escalation step is taken: officer → agency head → the Centre. */
export const LADDER = [
  { level: 1, afterDays: 1, step: 'officer' },
  { level: 2, afterDays: 3, step: 'head' },
  { level: 3, afterDays: 5, step: 'centre' },
] as const;
export const REMIND_BEFORE = 2;

/**
 * One pass of the chasing ladder. Every step is keyed (item, step, due day) so a retried or repeated job adds
 * nothing twice, and mail goes through the outbox with a dedupe key. Returns the number of steps taken.
 */
export async function chase(deps: AppDeps, svc: FeedbackService, today = todayInVietnam()): Promise<number> {
  const cal = await svc.calendar();
  const orgs = deps.services.get<{ findIdByCode(c: string): Promise<string | undefined> }>('organisations');
  const centreId = await orgs.findIdByCode(CENTRE_CODE);
  let steps = 0;
  for (;;) {
    const items = await repo.openItems(deps.db, 500);
    let progressed = false;
    for (const item of items) {
      if (item.dueDay >= today) {
        const left = workingDaysBetween(cal, today, item.dueDay);
        if (left > REMIND_BEFORE) continue;
        await deps.db.transaction().execute(async (tx) => {
          const added = await repo.addEvent(tx, item.id, { kind: 'reminder', public: false, actorLabel: 'system', note: item.dueDay, stepKey: `remind:${item.dueDay}` });
          if (!added) return;
          steps++;
          await notify(tx, { userId: item.assignedTo, orgId: item.orgId, key: `feedback.remind:${item.id}:${item.dueDay}`, title: `Sắp đến hạn: ${item.code}`, link: `/quan-tri/phan-anh/${item.code}` });
          if (item.assignedTo) {
            const u = await tx.selectFrom('users').select('email').where('id', '=', item.assignedTo).executeTakeFirst();
            if (u) await deps.mailer.enqueue(tx, { to: u.email, subject: `[${item.code}] Sắp đến hạn trả lời (${item.dueDay})`, text: `Phản ánh ${item.code} phải được trả lời trước hết ngày ${item.dueDay}.\n${deps.config.publicUrl}/quan-tri/phan-anh/${item.code}`, dedupeKey: `feedback.remind:${item.id}:${item.dueDay}` });
          }
        });
        continue;
      }
      const overdue = workingDaysBetween(cal, item.dueDay, today);
      for (const rung of LADDER) {
        if (overdue < rung.afterDays || item.escalationLevel >= rung.level) continue;
        await deps.db.transaction().execute(async (tx) => {
          const added = await repo.addEvent(tx, item.id, { kind: `escalated_${rung.step}`, public: false, actorLabel: 'system', note: `${overdue}`, stepKey: `escalate:${rung.level}:${item.dueDay}` });
          if (rung.level === 1) await repo.addEvent(tx, item.id, { kind: 'overdue', public: true, actorLabel: 'system', stepKey: `overdue:${item.dueDay}` });
          await sql`UPDATE fb_items SET escalation_level = greatest(escalation_level, ${rung.level}), updated_at = now() WHERE id = ${item.id}`.execute(tx);
          if (!added) return;
          steps++;
          progressed = true;
          const target = rung.step === 'centre' ? centreId ?? item.orgId : item.orgId;
          await notify(tx, {
            userId: rung.step === 'officer' ? item.assignedTo : null,
            orgId: target,
            key: `feedback.escalate:${item.id}:${rung.level}:${item.dueDay}`,
            title: `Quá hạn ${overdue} ngày làm việc: ${item.code} (${rung.step === 'officer' ? 'cán bộ xử lý' : rung.step === 'head' ? 'lãnh đạo cơ quan' : 'Trung tâm PVHCC'})`,
            link: `/quan-tri/phan-anh/${item.code}`,
          });
        });
      }
    }
    if (!progressed || items.length < 500) break;
  }
  // Publication limit (Decision 766: publish within 2 working days): tell the agency's moderators once.
  const publishDays = (await svc.limits()).publish ?? 2;
  for (const item of await repo.pendingModeration(deps.db, 1000)) {
    if (workingDaysBetween(cal, item.receivedDay, today) <= publishDays) continue;
    await deps.db.transaction().execute(async (tx) => {
      if (!(await repo.addEvent(tx, item.id, { kind: 'publish_overdue', public: false, actorLabel: 'system', stepKey: 'publish-overdue' }))) return;
      steps++;
      await notify(tx, { userId: null, orgId: item.orgId, key: `feedback.publish:${item.id}`, title: `Quá hạn kiểm duyệt, công khai: ${item.code}`, link: `/quan-tri/phan-anh/${item.code}` });
    });
  }
  return steps;
}

async function notify(tx: Tx, n: { userId: string | null; orgId: string; key: string; title: string; link: string }) {
  await sql`INSERT INTO notifications (user_id, org_id, dedupe_key, title, link) VALUES (${n.userId}, ${n.orgId}, ${n.key}, ${n.title}, ${n.link})
    ON CONFLICT (dedupe_key) DO NOTHING`.execute(tx);
}

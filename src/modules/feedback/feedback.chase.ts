import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/modules.ts';
import { notify } from '../../platform/notify/notify.ts';
import { formatDate, todayInVietnam } from '../../platform/i18n/i18n.ts';
import * as repo from './feedback.repo.ts';
import { workingDaysBetween } from './feedback.calendar.ts';
import { CENTRE_CODE, type FeedbackService } from './feedback.service.ts';
import { OrganisationsToken } from '../organisations/api.ts';
import { AccountsToken } from '../accounts/api.ts';
import type { LetterSigner } from './feedback.docx.ts';

/** Working days overdue at which each escalation step is taken: officer → agency head → the Centre. */
export const LADDER = [
  { level: 1, afterDays: 1, step: 'officer' },
  { level: 2, afterDays: 3, step: 'head' },
  { level: 3, afterDays: 5, step: 'centre' },
] as const;
export const REMIND_BEFORE = 2;
const PAGE = 500;

const STEP_LABEL = { officer: 'cán bộ xử lý', head: 'lãnh đạo cơ quan', centre: 'Trung tâm Phục vụ hành chính công' } as const;

type Recipient = { id: string; email: string; name: string };
type Digest = { to: Recipient; lines: string[]; keys: string[] };

/**
 * The chasing letter's signer: the position, delegation line and name from the province configuration
 * (PROVINCE_FILE `signer`); without a configured name, the Centre's head (its agency_head staff account).
 */
export async function letterSigner(deps: Pick<AppDeps, 'config' | 'db' | 'services'>): Promise<LetterSigner> {
  const sg = deps.config.identity.signer;
  let name = sg?.name?.trim() || undefined;
  if (!name) {
    const centreId = await deps.services.get(OrganisationsToken).findIdByCode(CENTRE_CODE);
    if (centreId) name = (await deps.services.get(AccountsToken).staffWithRoles(centreId, ['agency_head']))[0]?.name;
  }
  return { onBehalf: sg?.onBehalf?.vi, position: sg?.position.vi ?? 'GIÁM ĐỐC', name };
}

/**
 * One pass of the chasing ladder over EVERY open item: pages are read by keyset (due day, id), so a page of 500
 * never hides the items after it. Each step is keyed (item, step, due day) so a retried job adds nothing twice.
 * An escalation is addressed to people, not to a whole agency: officer level → the assigned officer (else the
 * agency's officers), head level → the agency's heads, Centre level → the Centre's coordinators and head. Each
 * gets an in-app notification of their own (which they can mark read) and one e-mail per run listing their new
 * escalations, through the outbox with a dedupe key. Returns the number of steps taken.
 */
export async function chase(deps: AppDeps, svc: FeedbackService, today = todayInVietnam()): Promise<number> {
  const cal = await svc.calendar();
  const orgs = deps.services.get(OrganisationsToken);
  const centreId = await orgs.findIdByCode(CENTRE_CODE);
  const names = new Map<string, string>();
  const orgName = async (id: string) => {
    if (!names.has(id)) names.set(id, await orgs.nameAsOf(id, today).catch(() => 'cơ quan chưa xác định'));
    return names.get(id)!;
  };
  const staffCache = new Map<string, Recipient[]>();
  const staff = async (orgId: string, roles: string[]) => {
    const key = `${orgId}|${roles.join(',')}`;
    if (!staffCache.has(key)) staffCache.set(key, await deps.services.get(AccountsToken).staffWithRoles(orgId, roles));
    return staffCache.get(key)!;
  };
  const digests = new Map<string, Digest>();
  const link = (code: string) => `${deps.config.publicUrl}/quan-tri/phan-anh/${code}`;
  let steps = 0;

  let after: repo.After = null;
  for (;;) {
    const items = await repo.openItems(deps.db, PAGE, after);
    if (!items.length) break;
    after = { day: items[items.length - 1]!.dueDay, id: items[items.length - 1]!.id };
    let beyondWindow = false;
    for (const item of items) {
      if (item.dueDay >= today) {
        const left = workingDaysBetween(cal, today, item.dueDay);
        if (left > REMIND_BEFORE) {
          // Sorted by deadline: every later item is further away still.
          beyondWindow = true;
          break;
        }
        await deps.db.transaction().execute(async (tx) => {
          const added = await repo.addEvent(tx, item.id, { kind: 'reminder', public: false, actorLabel: 'system', note: item.dueDay, stepKey: `remind:${item.dueDay}` });
          if (!added) return;
          steps++;
          const u = item.assignedTo ? await tx.selectFrom('users').select('email').where('id', '=', item.assignedTo).executeTakeFirst() : undefined;
          await notify(
            tx,
            {
              userId: item.assignedTo,
              orgId: item.assignedTo ? null : item.orgId,
              key: `feedback.remind:${item.id}:${item.dueDay}`,
              title: `Sắp đến hạn trả lời (${formatDate(item.dueDay)}): ${item.code}`,
              link: `/quan-tri/phan-anh/${item.code}`,
              email: u ? { to: u.email, subject: `[${item.code}] Sắp đến hạn trả lời (${formatDate(item.dueDay)})`, text: `Phản ánh ${item.code} phải được trả lời trước hết ngày ${formatDate(item.dueDay)}.\n${link(item.code)}` } : undefined,
            },
            deps.mailer,
          );
        });
        continue;
      }
      const overdue = workingDaysBetween(cal, item.dueDay, today);
      for (const rung of LADDER) {
        if (overdue < rung.afterDays || item.escalationLevel >= rung.level) continue;
        const agency = await orgName(item.orgId);
        const recipients =
          rung.step === 'officer'
            ? item.assignedTo
              ? (await deps.db.selectFrom('users').select(['id', 'email', 'full_name as name']).where('id', '=', item.assignedTo).execute())
              : await staff(item.orgId, ['agency_officer'])
            : rung.step === 'head'
              ? await staff(item.orgId, ['agency_head'])
              : await staff(centreId ?? item.orgId, ['coordinator', 'agency_head']);
        const title = `Quá hạn ${overdue} ngày làm việc: ${item.code} – ${agency} (cấp ${STEP_LABEL[rung.step]})`;
        await deps.db.transaction().execute(async (tx) => {
          const added = await repo.addEvent(tx, item.id, { kind: `escalated_${rung.step}`, public: false, actorLabel: 'system', note: `${overdue}`, stepKey: `escalate:${rung.level}:${item.dueDay}` });
          if (rung.level === 1) await repo.addEvent(tx, item.id, { kind: 'overdue', public: true, actorLabel: 'system', stepKey: `overdue:${item.dueDay}` });
          await sql`UPDATE fb_items SET escalation_level = greatest(escalation_level, ${rung.level}), updated_at = now() WHERE id = ${item.id}`.execute(tx);
          if (!added) return;
          steps++;
          for (const r of recipients) {
            const key = `feedback.escalate:${item.id}:${rung.level}:${item.dueDay}:${r.id}`;
            await notify(tx, { userId: r.id, orgId: null, key, title, link: `/quan-tri/phan-anh/${item.code}` });
            const d = digests.get(r.id) ?? digests.set(r.id, { to: r, lines: [], keys: [] }).get(r.id)!;
            d.lines.push(`- ${item.code} (${agency}): hạn ${formatDate(item.dueDay)}, quá hạn ${overdue} ngày làm việc, cấp ${STEP_LABEL[rung.step]}\n  ${link(item.code)}`);
            d.keys.push(key);
          }
        });
      }
    }
    if (beyondWindow || items.length < PAGE) break;
  }

  // One e-mail per person per run listing their new escalations; the key covers exactly those steps, so a retried
  // run mails nothing twice and a later run with new steps mails again.
  for (const d of digests.values()) {
    const key = `feedback.escalate-digest:${d.to.id}:${createHash('sha256').update(d.keys.sort().join('|')).digest('hex').slice(0, 32)}`;
    await deps.mailer.enqueue(deps.db, {
      to: d.to.email,
      subject: `Phản ánh, kiến nghị quá hạn cần xử lý (${d.lines.length})`,
      text: `Kính gửi ${d.to.name},\n\nCác phản ánh, kiến nghị sau đã quá hạn trả lời và được chuyển đến ông/bà theo quy trình đôn đốc:\n\n${d.lines.join('\n')}\n\nTrung tâm Phục vụ hành chính công tỉnh Hưng Yên`,
      dedupeKey: key,
    });
  }

  // Publication limit (Decision 766: publish within 2 working days): tell the agency's moderators once.
  const publishDays = (await svc.limits()).publish ?? 2;
  let modAfter: repo.After = null;
  for (;;) {
    const page = await repo.pendingModeration(deps.db, PAGE, modAfter);
    if (!page.length) break;
    modAfter = { day: page[page.length - 1]!.receivedDay, id: page[page.length - 1]!.id };
    for (const item of page) {
      if (workingDaysBetween(cal, item.receivedDay, today) <= publishDays) continue;
      const agency = await orgName(item.orgId);
      await deps.db.transaction().execute(async (tx) => {
        if (!(await repo.addEvent(tx, item.id, { kind: 'publish_overdue', public: false, actorLabel: 'system', stepKey: 'publish-overdue' }))) return;
        steps++;
        await notify(tx, { userId: null, orgId: item.orgId, key: `feedback.publish:${item.id}`, title: `Quá hạn kiểm duyệt, công khai: ${item.code} – ${agency}`, link: `/quan-tri/phan-anh/${item.code}` });
      });
    }
    if (page.length < PAGE) break;
  }
  return steps;
}

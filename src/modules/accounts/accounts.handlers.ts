import type { AppDeps } from '../../platform/modules.ts';
import { defineHandler, type EventHandler } from '../../platform/events/events.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';

declare module '../../platform/events/events.ts' {
  interface EventMap {
    /** Someone asked for a reset link for an active account (the request itself is anonymous). */
    'accounts.password.resetRequested': { userId: string };
  }
}

/** How long a reset link works. */
export const RESET_MINUTES = 30;

/**
 * The reset e-mail, as an event handler: it runs once per request event, in the delivery transaction. The
 * one-time token is made here, not in the event, so the outbox and the NOTIFY payload never hold a secret.
 */
export function accountsEventHandlers(deps: Pick<AppDeps, 'config' | 'mailer'>): EventHandler[] {
  return [
    defineHandler({
      name: 'accounts.passwordResetMail',
      events: ['accounts.password.resetRequested'],
      async handle(event, tx) {
        const user = await tx.selectFrom('users').select(['id', 'email', 'full_name', 'status']).where('id', '=', event.payload.userId).executeTakeFirst();
        if (!user || user.status !== 'active') return;
        const token = randomToken(32);
        // A new link revokes every older unused one (used_at doubles as "revoked at").
        await tx.updateTable('password_resets').set({ used_at: new Date() }).where('user_id', '=', user.id).where('used_at', 'is', null).execute();
        await tx.insertInto('password_resets').values({ token_hash: sha256(token), user_id: user.id, expires_at: new Date(Date.now() + RESET_MINUTES * 60_000) }).execute();
        const link = `${deps.config.publicUrl}/dat-lai-mat-khau/${token}`;
        await deps.mailer.enqueue(tx, {
          to: user.email,
          subject: 'Đặt lại mật khẩu dvc-hub',
          text:
            `Xin chào ${user.full_name},\n\nCó yêu cầu đặt lại mật khẩu cho tài khoản ${user.email}.\n` +
            `Mở liên kết sau trong ${RESET_MINUTES} phút để đặt mật khẩu mới (chỉ dùng được một lần):\n${link}\n\n` +
            `Nếu bạn không yêu cầu, hãy bỏ qua thư này.\n`,
          dedupeKey: `accounts.reset:${event.id}`,
        });
      },
    }),
  ];
}

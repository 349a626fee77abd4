import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/modules.ts';
import { runCommand } from '../../platform/audit/command.ts';
import { requirePermission } from '../../platform/auth/permissions.ts';
import { AppError } from '../../platform/errors.ts';
import { sendAttachment } from '../../platform/http/downloads.ts';

/**
 * Backup of a RUNNING PGlite instance (issue 10): PGlite's own dumpDataDir, taken inside the live process (one
 * connection, so no write is half-done in it), streamed back as a gzip tarball that `npm run restore` loads into
 * an empty data directory. Admin only, audited (the audit row is committed before the dump, so the dump holds
 * it). `npm run backup` calls the API form with a token of scope `system:backup` when the app holds the data
 * directory lock. On PostgreSQL use pg_dump (`npm run backup`): the route answers 409 with that advice.
 */
export async function backupRoutes(app: FastifyInstance, deps: AppDeps) {
  async function dump(request: FastifyRequest, reply: FastifyReply) {
    // permission before anything else (403 before any other answer)
    requirePermission(request.actor, 'system.backup');
    if (deps.database.kind !== 'pglite' || !deps.database.pglite) throw new AppError('accounts.errors.backupPostgres', 409);
    await runCommand(deps.db, request.actor, 'system.backup', async ({ authorize, audit }) => {
      authorize('system.backup');
      await audit({ entityType: 'database', entityId: 'pglite', after: { via: request.actor.kind } });
    });
    const dumped = await deps.database.pglite.dumpDataDir('gzip');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    reply.header('cache-control', 'no-store');
    return sendAttachment(reply, `dvc-${stamp}.tar.gz`, 'application/gzip', Buffer.from(await dumped.arrayBuffer()));
  }
  app.post('/quan-tri/sao-luu', { schema: { hide: true } }, dump);
  app.post('/api/v1/backup', { schema: { tags: ['operations'], summary: 'Sao lưu nhất quán cơ sở dữ liệu PGlite đang chạy (khóa API phạm vi system:backup)' }, config: { tokenScope: 'system:backup' } }, dump);
}

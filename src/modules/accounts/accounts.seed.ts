import type { Db } from '../../platform/db/database.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import * as repo from './accounts.repo.ts';

/** Demo staff accounts, one per role. Printed at start-up; never created when SEED_DEMO is off. */
export const DEMO_PASSWORD = 'HungYen-demo-2025';
export const DEMO_USERS = [
  { email: 'admin@demo.dvc-hub.vn', name: 'Quản trị hệ thống', role: 'admin', org: 'HY' },
  { email: 'trungtam@demo.dvc-hub.vn', name: 'Nguyễn Thị Điều Phối', role: 'coordinator', org: 'TT-PVHCC' },
  { email: 'lanhdao.skhcn@demo.dvc-hub.vn', name: 'Trần Văn Lãnh Đạo', role: 'agency_head', org: 'SKHCN' },
  { email: 'canbo.skhcn@demo.dvc-hub.vn', name: 'Lê Thị Cán Bộ', role: 'agency_officer', org: 'SKHCN' },
  { email: 'canbo.stp@demo.dvc-hub.vn', name: 'Phạm Văn Tư Pháp', role: 'agency_officer', org: 'STP' },
  { email: 'bientap@demo.dvc-hub.vn', name: 'Hoàng Thị Biên Tập', role: 'editor', org: 'TT-PVHCC' },
  { email: 'bientap.stp@demo.dvc-hub.vn', name: 'Đỗ Văn Biên Tập', role: 'editor', org: 'STP' },
  { email: 'congtacvien@demo.dvc-hub.vn', name: 'Vũ Văn Cộng Tác', role: 'collaborator', org: 'XA-11953' },
  { email: 'xem@demo.dvc-hub.vn', name: 'Người Xem Báo Cáo', role: 'viewer', org: 'HY' },
] as const;

export async function seedDemoUsers(db: Db): Promise<number> {
  let created = 0;
  // Hashed only when an account is missing: a restart with the accounts present does no Argon2 work.
  let hash: string | undefined;
  for (const u of DEMO_USERS) {
    if (await repo.findUserByEmail(db, u.email)) continue;
    const passwordHash = (hash ??= await hashPassword(DEMO_PASSWORD));
    const org = await db.selectFrom('organisations').select('id').where('code', '=', u.org).executeTakeFirst();
    if (!org) continue;
    await db.transaction().execute(async (tx) => {
      const id = await repo.insertUser(tx, { email: u.email, fullName: u.name, passwordHash });
      await repo.grantRole(tx, id, u.role, org.id);
    });
    created++;
  }
  return created;
}

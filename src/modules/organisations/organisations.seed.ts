import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../platform/db/database.ts';
import * as repo from './organisations.repo.ts';

interface SeedUnit {
  code: string;
  name: string;
  shortName?: string | null;
  type: string;
  parentCode: string | null;
  areaCode: string | null;
  validFrom: string;
  validTo: string | null;
  predecessorCodes: string[];
  note?: string;
}

const file = join(dirname(fileURLToPath(import.meta.url)), 'seed', 'organisations.json');

/**
 * Reference data: the province, every agency the plan names, the 104 communes and the historical districts.
 * Idempotent: existing codes are left as they are (staff may have renamed them since).
 */
export async function seedOrganisations(db: Db): Promise<number> {
  const units = (JSON.parse(readFileSync(file, 'utf8')) as { units: SeedUnit[] }).units;
  let created = 0;
  await db.transaction().execute(async (tx) => {
    const existing = await repo.idsByCodes(tx, units.map((u) => u.code));
    for (const u of units) {
      if (existing.has(u.code)) continue;
      const id = await repo.insertOrganisation(tx, {
        code: u.code,
        type: u.type,
        parentId: null,
        areaCode: u.areaCode,
        validFrom: u.validFrom,
        validTo: u.validTo,
        note: u.note ?? null,
      });
      await repo.insertName(tx, id, u.name, u.shortName ?? null, u.validFrom);
      existing.set(u.code, id);
      created++;
    }
    // Every unit was there already: its links were made in the transaction that created it (a start with the
    // data present then costs one query, not an UPDATE per unit).
    if (created === 0) return;
    for (const u of units) {
      const id = existing.get(u.code)!;
      if (u.parentCode && existing.has(u.parentCode)) {
        await tx.updateTable('organisations').set({ parent_id: existing.get(u.parentCode)! }).where('id', '=', id).where('parent_id', 'is', null).execute();
      }
      for (const p of u.predecessorCodes ?? []) {
        const pid = existing.get(p);
        if (pid) await repo.addSuccession(tx, pid, id, u.type === 'ubnd_tinh' ? 'merge' : 'reorganisation', u.validFrom, null);
      }
    }
  });
  return created;
}

import type { AppDeps } from '../../platform/modules.ts';
import { findCitizenByPersonKey, upsertCitizen } from '../../platform/auth/principals.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { IdentityToken } from '../identity/api.ts';
import { OrganisationsToken } from '../organisations/api.ts';
import { DatastoreToken } from './api.ts';

/** The demo citizen's ID number (the development provider believes any 12 digits): sign in with it to see the demo Kho. */
export const DEMO_CITIZEN_ID = '001099000001';

function demoPdf(title: string): Buffer {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let out = `%PDF-1.4\n% ${title}\n`;
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * Demo data only: a citizen ("Công dân mẫu", ID number DEMO_CITIZEN_ID) with a birth certificate in the Kho,
 * shared with the Department of Science and Technology for a dossier, so the citizen pages and the staff side
 * (canbo.skhcn@demo…) have something to show. Idempotent: nothing happens once the citizen has documents.
 */
export async function seedDatastoreDemo(deps: AppDeps): Promise<number> {
  const identity = deps.services.get(IdentityToken);
  const svc = deps.services.get(DatastoreToken);
  const key = identity.personKey(DEMO_CITIZEN_ID);
  const existing = await findCitizenByPersonKey(deps.db, key);
  const principal = existing ?? (await deps.db.transaction().execute((tx) => upsertCitizen(tx, { provider: 'demo', subject: 'demo-citizen-1', personKey: key, displayName: 'Công dân mẫu' }))).principal;
  const actor = { kind: 'citizen' as const, id: principal.id, label: `citizen:${principal.id}`, roles: [{ role: 'citizen', orgId: '' }] };
  const acting = { actor, ownerId: principal.id, delegation: null };
  if ((await svc.documents(acting)).length) return 0;
  const doc = await svc.upload(acting, { kind: 'birth_certificate', title: 'Giấy khai sinh (bản mẫu)', validFrom: '', validUntil: '' }, { name: 'giay-khai-sinh.pdf', data: demoPdf('demo') });
  const org = (await deps.services.get(OrganisationsToken).idsByCodes(['SKHCN'])).get('SKHCN');
  if (org) {
    const until = new Date(Date.parse(`${todayInVietnam()}T00:00:00Z`) + 300 * 86400_000).toISOString().slice(0, 10);
    await svc.createShare(acting, { documentIds: [doc], orgId: org, purpose: 'Đối chiếu giấy khai sinh (dữ liệu mẫu)', dossierCode: 'H33.00-MAU-0001', procedureCode: '', until, untilResult: true });
  }
  return 1;
}

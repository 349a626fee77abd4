/**
 * Demo data: an open needs survey (public link) and a closed satisfaction round drawn from a synthetic frame
 * of completed dossiers, with synthetic answers whose response rate differs by channel, and published results.
 * Deterministic (fixed seeds), so the demo and the tests see the same figures.
 */
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { todayInVietnam } from '../../platform/i18n/i18n.ts';
import { mulberry32 } from './surveys.stats.ts';
import { fieldGroup } from './surveys.frame.ts';
import type { SurveysService } from './surveys.service.ts';

export const DEMO_NEEDS_ID = 'nhu-cau-dvctt';
export const DEMO_ROUND_ID = 'hai-long-dot-mau';
export const DEMO_SEED = 'a3f1c9e07b5d4e2f9a8c6b1d0e7f3a25';

const AGENCIES = [
  { agency: 'Sở Nông nghiệp và Môi trường', fields: [{ field: 'Đất đai', weight: 5, p: 0.74 }, { field: 'Môi trường', weight: 1, p: 0.86 }] },
  { agency: 'Sở Xây dựng', fields: [{ field: 'Hoạt động xây dựng', weight: 3, p: 0.8 }] },
  { agency: 'Sở Tài chính', fields: [{ field: 'Đầu tư tại Việt Nam', weight: 1, p: 0.82 }, { field: 'Thành lập và hoạt động doanh nghiệp', weight: 3, p: 0.9 }] },
  { agency: 'Sở Tư pháp', fields: [{ field: 'Lý lịch tư pháp', weight: 3, p: 0.93 }] },
];
const CHANNELS = [
  { label: 'toàn trình', share: 0.45, resp: 0.7, bonus: 0.05 },
  { label: 'một phần', share: 0.3, resp: 0.55, bonus: 0 },
  { label: 'trực tiếp', share: 0.25, resp: 0.3, bonus: -0.08 },
];
const COMMUNES = ['Phường Phố Hiến', 'Phường Sơn Nam', 'Xã Tân Hưng', 'Xã Hoàng Hoa Thám', 'Phường Thái Bình', 'Xã Kiến Xương'];

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** The quarter before the current one (the frame's period). */
function previousQuarter(today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const [py, pq] = q === 0 ? [y - 1, 3] : [y, q - 1];
  const from = `${py}-${String(pq * 3 + 1).padStart(2, '0')}-01`;
  const to = addDays(pq === 3 ? `${py + 1}-01-01` : `${py}-${String(pq * 3 + 4).padStart(2, '0')}-01`, -1);
  return { from, to };
}

/** A synthetic export of dossiers with a result in the period (CSV, as the provincial system exports it). */
export function syntheticFrameCsv(period: { from: string; to: string }, size = 2400, seed = 17): string {
  const rnd = mulberry32(seed);
  const days = Math.round((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000);
  const lines = ['ma_ho_so,co_quan,linh_vuc,thu_tuc,kenh,xa,ngay_tra_ket_qua,dien_thoai,email'];
  const pairs = AGENCIES.flatMap((a) => a.fields.map((f) => ({ agency: a.agency, ...f })));
  const totalW = pairs.reduce((s, p) => s + p.weight, 0);
  for (let i = 0; i < size; i++) {
    let x = rnd() * totalW;
    const pair = pairs.find((p) => (x -= p.weight) < 0) ?? pairs[pairs.length - 1]!;
    let c = rnd();
    // Investment dossiers are almost all online: the in-person investment stratum stays tiny (suppressed in the demo).
    const channel = pair.field.startsWith('Đầu tư') && c > 0.97 ? CHANNELS[2]! : pair.field.startsWith('Đầu tư') ? CHANNELS[c < 0.6 ? 0 : 1]! : (CHANNELS.find((ch) => (c -= ch.share) < 0) ?? CHANNELS[2]!);
    const date = addDays(period.from, Math.floor(rnd() * (days + 1)));
    const [y, m, d] = date.split('-');
    const consent = rnd() < 0.6;
    lines.push(
      [`H${String(40000 + i)}.${y}`, pair.agency, pair.field, `Thủ tục ${pair.field.toLowerCase()} số ${1 + Math.floor(rnd() * 5)}`, channel.label, COMMUNES[Math.floor(rnd() * COMMUNES.length)], `${d}/${m}/${y}`, consent ? `09${String(10000000 + Math.floor(rnd() * 89999999))}` : '', ''].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function seedDemo(svc: SurveysService, log: (m: string) => void): Promise<void> {
  const today = todayInVietnam();
  const existing = new Set((await svc.list(false)).map((s) => s.id));
  if (!existing.has(DEMO_NEEDS_ID)) {
    await svc.createRound(SYSTEM_ACTOR, {
      id: DEMO_NEEDS_ID,
      instrumentId: 'nhu-cau-dvctt',
      titleVi: 'Khảo sát nhu cầu sử dụng dịch vụ công trực tuyến',
      titleEn: 'Needs survey: using online public services',
      access: 'public',
      opensOn: addDays(today, -14),
      closesOn: addDays(today, 90),
    });
    await svc.setStatus(SYSTEM_ACTOR, DEMO_NEEDS_ID, 'open');
    log(`surveys: open needs survey /khao-sat/${DEMO_NEEDS_ID}`);
  }
  if (existing.has(DEMO_ROUND_ID)) return;
  const period = previousQuarter(today);
  await svc.createRound(SYSTEM_ACTOR, {
    id: DEMO_ROUND_ID,
    instrumentId: 'sipas-hai-long',
    titleVi: `Khảo sát mức độ hài lòng, hồ sơ có kết quả từ ${period.from.split('-').reverse().join('/')} đến ${period.to.split('-').reverse().join('/')} (dữ liệu mẫu)`,
    titleEn: `Satisfaction survey, dossiers with a result ${period.from} to ${period.to} (demo data)`,
    access: 'invitation',
    opensOn: addDays(today, -30),
    closesOn: today,
    periodFrom: period.from,
    periodTo: period.to,
  });
  const csv = syntheticFrameCsv(period);
  const imp = await svc.importFrame(SYSTEM_ACTOR, DEMO_ROUND_ID, 'khung-mau.csv', Buffer.from(csv, 'utf8'));
  if (imp.errors.length) throw new Error(`demo frame: ${imp.errors[0]!.message}`);
  const drawn = await svc.draw(SYSTEM_ACTOR, DEMO_ROUND_ID, { e: 0.05, floor: 30, seed: DEMO_SEED });
  await svc.setStatus(SYSTEM_ACTOR, DEMO_ROUND_ID, 'open');
  // Synthetic answers: who answers depends on the channel; satisfaction depends on agency, field and channel.
  const rnd = mulberry32(1017);
  const channelOf: Record<string, (typeof CHANNELS)[number]> = { 'online-full': CHANNELS[0]!, 'online-partial': CHANNELS[1]!, 'in-person': CHANNELS[2]! };
  const answers: Array<{ dossierId: string; mode: 'web' | 'phone' | 'post-office'; answers: Record<string, unknown> }> = [];
  for (const st of await svc.strata(DEMO_ROUND_ID)) {
    const ch = channelOf[st.channel]!;
    const p = (AGENCIES.find((a) => a.agency === st.agency)?.fields.find((f) => fieldGroup(f.field) === st.field_group)?.p ?? 0.8) + ch.bonus;
    for (const dossierId of await svc.sampledDossiers(DEMO_ROUND_ID, st.key)) {
      if (rnd() >= ch.resp) continue;
      const satisfied = rnd() < p;
      const overall = satisfied ? (rnd() < 0.55 ? 5 : 4) : rnd() < 0.5 ? 3 : rnd() < 0.6 ? 2 : 1;
      const near = () => Math.max(1, Math.min(5, overall + (rnd() < 0.6 ? 0 : rnd() < 0.5 ? -1 : 1)));
      const a: Record<string, unknown> = {
        kenh: st.channel === 'online-full' ? 'toan-trinh' : st.channel === 'online-partial' ? 'mot-phan' : 'truc-tiep',
        'yeu-to.tiep-can': near(),
        'yeu-to.thu-tuc': near(),
        'yeu-to.cong-chuc': near(),
        'yeu-to.ket-qua': near(),
        'yeu-to.gop-y': near(),
        'hai-long': overall,
        'so-lan': st.channel === 'online-full' ? 0 : 1 + Math.floor(rnd() * 3),
        'tin-tuong': near(),
      };
      if (overall <= 2) a['ly-do'] = [rnd() < 0.5 ? 'tre-han' : 'di-lai', ...(rnd() < 0.3 ? ['he-thong'] : [])];
      const u = rnd();
      answers.push({ dossierId, mode: u < 0.75 ? 'web' : u < 0.92 ? 'phone' : 'post-office', answers: a });
    }
  }
  await svc.seedResponses(DEMO_ROUND_ID, answers);
  await svc.setStatus(SYSTEM_ACTOR, DEMO_ROUND_ID, 'closed');
  await svc.publish(SYSTEM_ACTOR, DEMO_ROUND_ID, true);
  log(`surveys: closed satisfaction round /khao-sat/${DEMO_ROUND_ID}/ket-qua (${imp.count} dossiers, ${drawn.invitations} invited, ${answers.length} answers, seed ${DEMO_SEED})`);
}

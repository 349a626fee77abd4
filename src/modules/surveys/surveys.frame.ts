/**
 * The sampling frame: dossiers with a result in the period, from the provincial procedure system's export
 * (CSV or XLSX). Every row is checked; a file with any row error is refused as a whole, with each error's
 * line, column and a plain-Vietnamese message, so the frame is never silently incomplete.
 */
import { parseCsv, readTable as readUploadedTable } from '../../platform/documents/tables.ts';
import { foldVietnamese } from '../../platform/i18n/text.ts';

export type FieldGroup = 'land' | 'construction' | 'investment' | 'other';
export type Channel = 'online-full' | 'online-partial' | 'in-person';

export interface FrameRow {
  dossierId: string;
  agency: string;
  field: string;
  fieldGroup: FieldGroup;
  procedure: string;
  channel: Channel;
  commune: string;
  resultDate: string;
  phone: string | null;
  email: string | null;
}

export interface RowError {
  line: number;
  column: string;
  message: string;
}

export const MAX_FRAME_ROWS = 200_000;

const HEADERS: Record<string, string[]> = {
  dossierId: ['ma_ho_so', 'ma ho so', 'so ho so', 'dossier_id', 'dossier'],
  agency: ['co_quan', 'co quan', 'co quan giai quyet', 'don vi', 'agency'],
  field: ['linh_vuc', 'linh vuc', 'field'],
  procedure: ['thu_tuc', 'thu tuc', 'ten thu tuc', 'procedure'],
  channel: ['kenh', 'kenh nop', 'hinh thuc nop', 'channel'],
  commune: ['xa', 'xa phuong', 'xa_phuong', 'commune'],
  resultDate: ['ngay_tra_ket_qua', 'ngay tra ket qua', 'ngay co ket qua', 'result_date'],
  phone: ['dien_thoai', 'dien thoai', 'so dien thoai', 'phone'],
  email: ['email', 'thu dien tu'],
};
const REQUIRED = ['dossierId', 'agency', 'field', 'procedure', 'channel', 'commune', 'resultDate'] as const;
const LABEL: Record<string, string> = {
  dossierId: 'ma_ho_so',
  agency: 'co_quan',
  field: 'linh_vuc',
  procedure: 'thu_tuc',
  channel: 'kenh',
  commune: 'xa',
  resultDate: 'ngay_tra_ket_qua',
  phone: 'dien_thoai',
  email: 'email',
};

const fold = (s: string) => foldVietnamese(s).toLowerCase().replace(/\s+/g, ' ').trim();

/** Land, construction and investment are separate groups: they carry the plan's own 85 % target. */
export function fieldGroup(field: string): FieldGroup {
  const f = fold(field);
  if (/dat dai|quan ly dat|dang ky dat|do dac/.test(f)) return 'land';
  if (/xay dung|quy hoach xay dung|nha o/.test(f)) return 'construction';
  if (/dau tu/.test(f)) return 'investment';
  return 'other';
}

export function parseChannel(raw: string): Channel | undefined {
  const f = fold(raw).replace(/[-_]/g, ' ');
  if (['online full', 'toan trinh', 'truc tuyen toan trinh', 'dvctt toan trinh'].includes(f)) return 'online-full';
  if (['online partial', 'mot phan', 'truc tuyen mot phan', 'dvctt mot phan'].includes(f)) return 'online-partial';
  if (['in person', 'truc tiep', 'nop truc tiep', 'buu chinh', 'qua buu chinh'].includes(f)) return 'in-person';
  return undefined;
}

/** dd/mm/yyyy, yyyy-mm-dd or a spreadsheet date → yyyy-mm-dd; undefined when it is not a real date. */
export function parseDate(raw: unknown): string | undefined {
  if (raw instanceof Date && !Number.isNaN(raw.getTime())) return raw.toISOString().slice(0, 10);
  const s = String(raw ?? '').trim();
  let y: number, m: number, d: number;
  let mm = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (mm) [y, m, d] = [Number(mm[1]), Number(mm[2]), Number(mm[3])];
  else if ((mm = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) [d, m, y] = [Number(mm[1]), Number(mm[2]), Number(mm[3])];
  else return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return dt.toISOString().slice(0, 10);
}

export { parseCsv };

/** An uploaded CSV (UTF-8) or XLSX (first sheet) as rows of cells. A wrong file is a 422 on the file field. */
export function readTable(fileName: string, data: Buffer): Promise<unknown[][]> {
  return readUploadedTable(fileName, data, { fileType: 'surveys.errors.fileType', fileUnreadable: 'surveys.errors.fileUnreadable', fileEncoding: 'surveys.errors.fileEncoding' });
}

/**
 * Check every row. `period` limits result dates to the round's period. Returns rows only when there is no
 * error; duplicates of a dossier id are errors (a dossier is one unit of the frame).
 */
export function validateFrame(table: unknown[][], period?: { from: string; to: string }): { rows: FrameRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const header = (table[0] ?? []).map((h) => fold(String(h ?? '')).replace(/_/g, ' '));
  const col: Record<string, number> = {};
  for (const [key, names] of Object.entries(HEADERS)) col[key] = header.findIndex((h) => names.map((n) => n.replace(/_/g, ' ')).includes(h));
  for (const k of REQUIRED) if (col[k]! < 0) errors.push({ line: 1, column: LABEL[k]!, message: `Thiếu cột “${LABEL[k]}” ở dòng tiêu đề.` });
  if (errors.length) return { rows: [], errors };
  const body = table.slice(1);
  if (body.length > MAX_FRAME_ROWS) return { rows: [], errors: [{ line: MAX_FRAME_ROWS + 2, column: '', message: `Tệp có quá ${MAX_FRAME_ROWS.toLocaleString('vi-VN')} dòng.` }] };
  const rows: FrameRow[] = [];
  const seen = new Map<string, number>();
  body.forEach((r, i) => {
    const line = i + 2;
    if (!r || r.every((c) => c == null || String(c).trim() === '')) return;
    const cell = (k: string) => (col[k]! >= 0 ? r[col[k]!] : undefined);
    const text = (k: string, max = 300) => String(cell(k) ?? '').trim().slice(0, max);
    let bad = false;
    const err = (k: string, message: string) => {
      errors.push({ line, column: LABEL[k]!, message });
      bad = true;
    };
    const dossierId = text('dossierId', 80);
    for (const k of REQUIRED) if (k !== 'channel' && k !== 'resultDate' && !text(k)) err(k, `Ô “${LABEL[k]}” đang trống.`);
    if (dossierId && !/^[\p{L}\p{N}._/-]+$/u.test(dossierId)) err('dossierId', 'Mã hồ sơ chỉ gồm chữ, số và các dấu . _ / -.');
    if (dossierId && seen.has(dossierId)) err('dossierId', `Mã hồ sơ “${dossierId}” trùng với dòng ${seen.get(dossierId)}.`);
    const channel = parseChannel(text('channel'));
    if (!channel) err('channel', 'Kênh nộp phải là “toàn trình”, “một phần” hoặc “trực tiếp”.');
    const resultDate = parseDate(cell('resultDate'));
    if (!resultDate) err('resultDate', 'Ngày trả kết quả phải có dạng dd/mm/yyyy.');
    else if (period && (resultDate < period.from || resultDate > period.to)) err('resultDate', `Ngày trả kết quả ${resultDate.split('-').reverse().join('/')} nằm ngoài kỳ khảo sát.`);
    const phoneRaw = text('phone', 40).replace(/[\s.]/g, '');
    if (phoneRaw && !/^(\+84|0)\d{9,10}$/.test(phoneRaw)) err('phone', 'Số điện thoại không đúng (10 số, bắt đầu bằng 0).');
    const email = text('email', 200);
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) err('email', 'Địa chỉ thư điện tử không đúng.');
    if (dossierId && !seen.has(dossierId)) seen.set(dossierId, line);
    if (bad) return;
    const field = text('field');
    rows.push({
      dossierId,
      agency: text('agency', 200),
      field,
      fieldGroup: fieldGroup(field),
      procedure: text('procedure'),
      channel: channel!,
      commune: text('commune', 120),
      resultDate: resultDate!,
      phone: phoneRaw || null,
      email: email || null,
    });
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 2, column: '', message: 'Tệp không có dòng hồ sơ nào.' });
  return errors.length ? { rows: [], errors } : { rows, errors };
}

/** The stratum of a frame unit: agency × field group × channel. */
export const stratumKey = (r: { agency: string; fieldGroup: string; channel: string }) => `${r.agency}|${r.fieldGroup}|${r.channel}`;

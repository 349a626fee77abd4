import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { normalizeInput } from '../../platform/i18n/text.ts';

/**
 * Reading the national procedure database export (JSON Lines, one procedure a line). Pure functions: the
 * service validates every line first and writes only when all are good.
 */

/** One procedure as stored: official text cleaned up, nothing invented. */
export interface ProcedureRecord {
  code: string;
  name: string;
  field: string;
  procedureType: string | null;
  levels: string[];
  applicantsText: string | null;
  agencyText: string | null;
  competentAgencyText: string | null;
  portalUrl: string | null;
  submissionText: string | null;
  feesText: string | null;
  timeText: string | null;
  documentsText: string | null;
  stepsText: string | null;
  conditionsText: string | null;
  resultText: string | null;
  legalBasisText: string | null;
  decision: string | null;
  sourceHash: string;
}

export interface LineError {
  line: number;
  /** Locale key under catalogue.importErrors. */
  reason: string;
  /** Field concerned, when there is one. */
  field?: string;
}

export const MAX_LINE_CHARS = 1_000_000;

/** Text fields of a source line and their maximum length in characters. */
const TEXT_FIELDS: Record<string, number> = {
  ma_thu_tuc: 40,
  ten_thu_tuc: 2000,
  cap_thuc_hien: 500,
  loai_thu_tuc: 500,
  linh_vuc: 500,
  doi_tuong_thuc_hien: 5000,
  co_quan_co_tham_quyen: 5000,
  co_quan_thuc_hien: 10000,
  trinh_tu_thuc_hien: 200000,
  cach_thuc_thuc_hien: 100000,
  thanh_phan_ho_so: 300000,
  yeu_cau_dieu_kien: 300000,
  ket_qua_xu_ly: 50000,
  can_cu_phap_ly: 50000,
  detail_url: 500,
  so_quyet_dinh: 200,
};

const CODE_RE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;

/** Split a file's bytes (gzip or plain UTF-8) into lines. */
export function linesOf(data: Buffer): string[] {
  const bytes = data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data) : data;
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const clean = (s: unknown): string | null => {
  if (typeof s !== 'string') return null;
  const v = normalizeInput(s).trim();
  return v === '' || /^không có thông tin$/i.test(v) ? null : v;
};

/** Validate and normalise one line. Blank lines are skipped (null, no error). */
export function parseLine(raw: string, line: number): { record: ProcedureRecord } | { error: LineError } | null {
  if (raw.trim() === '') return null;
  if (raw.length > MAX_LINE_CHARS) return { error: { line, reason: 'lineTooLong' } };
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch {
    return { error: { line, reason: 'badJson' } };
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return { error: { line, reason: 'notObject' } };
  const o = obj as Record<string, unknown>;
  for (const [key, max] of Object.entries(TEXT_FIELDS)) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return { error: { line, reason: 'notText', field: key } };
    if (v.length > max) return { error: { line, reason: 'tooLong', field: key } };
  }
  const code = clean(o.ma_thu_tuc);
  if (!code) return { error: { line, reason: 'missing', field: 'ma_thu_tuc' } };
  if (!CODE_RE.test(code)) return { error: { line, reason: 'badCode', field: 'ma_thu_tuc' } };
  // A few national names start with stray punctuation (". Đăng ký thuế…"): citizens should not see it.
  const name = clean(o.ten_thu_tuc)?.replace(/\s+/g, ' ').replace(/^[\s\p{P}]+/u, '');
  if (!name) return { error: { line, reason: 'missing', field: 'ten_thu_tuc' } };
  const url = clean(o.detail_url);
  if (url && !/^https:\/\/[^\s/]+\.[^\s]*$/.test(url)) return { error: { line, reason: 'badUrl', field: 'detail_url' } };

  const submission = clean(o.cach_thuc_thuc_hien);
  const channels = parseSubmission(submission);
  const base = {
    code,
    name,
    field: clean(o.linh_vuc) ?? '',
    procedureType: clean(o.loai_thu_tuc),
    levels: [...new Set((clean(o.cap_thuc_hien) ?? '').split(',').map((s) => s.trim()).filter(Boolean))],
    applicantsText: clean(o.doi_tuong_thuc_hien),
    agencyText: clean(o.co_quan_thuc_hien),
    competentAgencyText: clean(o.co_quan_co_tham_quyen),
    portalUrl: url,
    submissionText: submission,
    feesText: channels.fees,
    timeText: channels.time,
    documentsText: tidyTable(clean(o.thanh_phan_ho_so)),
    stepsText: clean(o.trinh_tu_thuc_hien),
    conditionsText: clean(o.yeu_cau_dieu_kien),
    resultText: tidyResult(clean(o.ket_qua_xu_ly)),
    legalBasisText: tidyLegal(clean(o.can_cu_phap_ly)),
    decision: clean(o.so_quyet_dinh),
  };
  const sourceHash = createHash('sha256').update(JSON.stringify(base)).digest('hex').slice(0, 32);
  return { record: { ...base, sourceHash } };
}

const CHANNEL_RE = /(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)/;
const TIME_RE = /^(\d+(?:[.,]\d+)?\s*(?:Ngày làm việc|Ngày|Giờ|Tháng|Năm|Phút)?)/i;

/**
 * `cach_thuc_thuc_hien` is a flattened table: "Hình thức nộp | Thời gian | Phí, lệ phí | Mô tả" followed by
 * one row per channel. Recover processing time and fees per channel; identical values are shown once.
 */
export function parseSubmission(text: string | null): { time: string | null; fees: string | null } {
  if (!text) return { time: null, fees: null };
  const body = text.replace(/^Hình thức nộp\s*Thời gian\s*Phí, lệ phí\s*Mô tả/, '');
  const parts = body.split(CHANNEL_RE).filter((s) => s !== '');
  const rows: Array<{ channel: string; time: string; fees: string }> = [];
  for (let i = 0; i < parts.length; i++) {
    if (!CHANNEL_RE.test(parts[i]!) || parts[i]!.length > 20) continue;
    const rest = (parts[i + 1] ?? '').trim();
    const m = TIME_RE.exec(rest);
    let time = m ? m[1]!.trim() : '';
    if (/^\d+(?:[.,]\d+)?$/.test(time)) time = `${time} ngày`;
    const fees = (m ? rest.slice(m[0].length) : rest).trim();
    rows.push({ channel: parts[i]!, time, fees });
    i++;
  }
  if (rows.length === 0) return { time: null, fees: null };
  const join = (key: 'time' | 'fees') => {
    const values = rows.filter((r) => r[key]);
    if (values.length === 0) return null;
    const distinct = new Set(values.map((r) => r[key]));
    if (distinct.size === 1) return values[0]![key];
    return values.map((r) => `${r.channel}: ${r[key]}`).join('\n');
  };
  return { time: join('time'), fees: join('fees') };
}

/** Documents and results come as a flattened table too: put each entry on its own line. */
function tidyTable(text: string | null): string | null {
  if (!text) return null;
  return text
    .replace(/Tên giấy tờ\s*Mẫu đơn, tờ khai\s*Số lượng/g, '\n')
    .replace(/(\d+\s+(?:bản chính|bản sao|bản)(?:\s*(?:và|,)\s*\d+\s+bản (?:chính|sao))?)/g, '$1\n')
    // "…do cơ quan có thẩm quyền lập.1 bản chính" → "… lập. – 1 bản chính"
    .replace(/([^\s\d(–,])(\d+\s+bản (?:chính|sao))/g, '$1 – $2')
    .replace(/^--\s*/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Legal basis is a flattened "name | code" table: "Thông tư …thú y101/2020/TT-BTCNghị định …". Only safe
 * separations are made (a dash where a word runs into a code, a line break where a code runs into the next
 * document's type); anything ambiguous (codes such as QĐ-TTg) is left as published.
 */
export function tidyLegal(text: string | null): string | null {
  if (!text) return null;
  const out = text
    .replace(/^Tên văn bản pháp lý\s*Mã văn bản/, '')
    .replace(/([a-zà-ỹđ.;,)])(\d+\/\d{4}\/)/g, '$1 – $2')
    .replace(/(\d+\/\d{4}\/[A-ZĐ0-9-]+)(?=Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư|Quyết định|Pháp lệnh|Hướng dẫn|Quy định)/g, '$1\n')
    .trim();
  return out || null;
}

/**
 * Results come with the portal's widget text glued on ("Mã: KQ.G15.000031Từ khóa…Mô tả…Chọn cơ quan thực
 * hiện…"): keep the result names, one a line.
 */
export function tidyResult(text: string | null): string | null {
  if (!text) return null;
  const cut = text.split(/Chọn cơ quan thực hiện/)[0]!;
  const names = cut
    .split(/Mã:\s*KQ[\w.-]*\d/)
    .map((seg, i) => (i === 0 ? seg : seg.replace(/^Từ khóa.*?Mô tả(?:Không có thông tin)?/s, '')))
    .map((seg) => seg.replace(/Từ khóa.*$/s, '').trim())
    .filter(Boolean);
  return names.length ? names.join('\n') : null;
}

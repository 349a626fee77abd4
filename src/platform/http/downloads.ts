import type { FastifyReply } from 'fastify';
import { loadExcelJS } from '../documents/lazy.ts';
import { foldVietnamese } from '../i18n/text.ts';

/**
 * File downloads every module sends: CSV and XLSX tables, and any other attachment (DOCX letters, reports).
 * One formula-injection guard for both table formats, a UTF-8 BOM so Excel reads Vietnamese CSV correctly, and
 * a Content-Disposition that carries the Vietnamese file name (RFC 6266 / RFC 5987 `filename*`) with an ASCII
 * fallback for old clients.
 */

export type Cell = string | number | boolean | null | undefined;
export type Row = readonly Cell[];

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * A text cell starting with = + - @ tab or carriage return would run as a formula (or a DDE command) when the
 * file is opened in a spreadsheet (OWASP "CSV injection"): prefix it with an apostrophe so it stays text.
 * Numbers are written as numbers and never touched (a negative number is data, not a formula).
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function textCell(v: Cell): string | number | boolean | null {
  if (v == null) return null;
  return typeof v === 'string' ? neutraliseFormula(v) : v;
}

function csvField(v: Cell): string {
  const c = textCell(v);
  const s = c == null ? '' : String(c);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text: BOM (Excel then reads UTF-8), comma separated, CRLF line ends (RFC 4180), every text cell guarded. */
export function csvText(rows: readonly Row[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** `Content-Disposition` with an ASCII fallback name and the UTF-8 name (RFC 5987), e.g. "báo cáo.csv". */
export function contentDisposition(filename: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii =
    foldVietnamese(filename.normalize('NFC'))
      .replace(/[^\w.\- ]+/g, '_')
      .replace(/\s+/g, '-') || 'download';
  // RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
  const encoded = encodeURIComponent(filename.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === filename ? `${type}; filename="${ascii}"` : `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** One worksheet: its rows, which rows are bold (1-based, e.g. the header), column widths, font. */
export interface Sheet {
  name: string;
  rows: readonly Row[];
  boldRows?: number[];
  widths?: number[];
  font?: string;
}

/** XLSX workbook; text cells go through the same guard as CSV. */
export async function xlsxBuffer(sheets: readonly Sheet[], creator = 'dvc-hub'): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  for (const s of sheets) {
    // Excel forbids * ? : \ / [ ] in sheet names and caps them at 31 characters.
    const ws = wb.addWorksheet(s.name.replace(/[*?:\\/[\]]/g, '-').slice(0, 31));
    for (const r of s.rows) ws.addRow(r.map(textCell));
    for (const n of s.boldRows ?? []) ws.getRow(n).font = s.font ? { bold: true, name: s.font } : { bold: true };
    if (s.widths) ws.columns.forEach((c, i) => (c.width = s.widths?.[i] ?? c.width));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Send any file as a download; exports are per-user and never stored by shared caches. */
export function sendAttachment(reply: FastifyReply, filename: string, contentType: string, body: Buffer | string): FastifyReply {
  return reply.header('content-type', contentType).header('content-disposition', contentDisposition(filename)).header('cache-control', 'no-store').send(body);
}

export function sendCsv(reply: FastifyReply, filename: string, rows: readonly Row[]): FastifyReply {
  return sendAttachment(reply, filename, CSV_TYPE, csvText(rows));
}

export async function sendXlsx(reply: FastifyReply, filename: string, sheets: readonly Sheet[]): Promise<FastifyReply> {
  return sendAttachment(reply, filename, XLSX_TYPE, await xlsxBuffer(sheets));
}

import { loadExcelJS } from './lazy.ts';
import { ValidationError } from '../errors.ts';

/**
 * Reading the tables staff upload (KPI values, survey frames, training cohorts): one CSV reader and one
 * CSV-or-XLSX entry point, so every import treats quotes, separators, encodings and spreadsheet cells alike.
 */

/** RFC 4180 CSV: comma or semicolon (whichever the first line uses more), quoted fields, doubled quotes, CRLF; BOM dropped. */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const delim = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Message keys for the file field when an upload is not a readable table (each module words its own). */
export interface TableErrors {
  fileType: string;
  fileUnreadable: string;
  fileEncoding: string;
}

/**
 * An uploaded CSV (strict UTF-8, NFC) or XLSX (first sheet) as rows of cells, by file name. XLSX cells keep their
 * types (numbers, dates); formula cells give their result, rich text its text. A wrong or unreadable file is a
 * ValidationError on the `file` field (422), never a 500.
 */
export async function readTable(fileName: string, data: Buffer, errors: TableErrors): Promise<unknown[][]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    if (data.subarray(0, 2).toString('latin1') !== 'PK') throw new ValidationError({ file: errors.fileType });
    const ExcelJS = await loadExcelJS();
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(data as unknown as ArrayBuffer);
    } catch {
      throw new ValidationError({ file: errors.fileUnreadable });
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new ValidationError({ file: errors.fileUnreadable });
    const table: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      table[n - 1] = (row.values as unknown[]).slice(1).map(cellValue);
    });
    for (let i = 0; i < table.length; i++) table[i] ??= [];
    return table;
  }
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower === '') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      throw new ValidationError({ file: errors.fileEncoding });
    }
    if (text.includes('\u0000')) throw new ValidationError({ file: errors.fileType });
    return parseCsv(text.normalize('NFC'));
  }
  throw new ValidationError({ file: errors.fileType });
}

function cellValue(v: unknown): unknown {
  if (v && typeof v === 'object') {
    if ('result' in v) return (v as { result: unknown }).result;
    if ('richText' in v) return (v as { richText: Array<{ text: string }> }).richText.map((r) => r.text).join('');
    if ('text' in v) return (v as { text: unknown }).text;
  }
  return v;
}

import { AlignmentType, BorderStyle, Paragraph, Table, TableCell, TableRow, TextRun, UnderlineType, WidthType, type IParagraphOptions } from 'docx';

/**
 * Administrative documents after Decree 30/2020/NĐ-CP (Appendix I): Times New Roman, sizes in half-points
 * (13 pt = 26, 14 pt = 28, 12 pt = 24, 11 pt = 22), and one header for every document dvc-hub issues —
 * the issuing authority and number/symbol on the left, the national motto, place and date on the right.
 */
export const ND30_FONT = 'Times New Roman';

export interface RunStyle {
  size?: number;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}
export const run = (text: string, o: RunStyle = {}) =>
  new TextRun({ text, font: ND30_FONT, size: o.size ?? 28, bold: o.bold, italics: o.italics, underline: o.underline ? { type: UnderlineType.SINGLE } : undefined });
export const centred = (children: TextRun[], extra: Partial<IParagraphOptions> = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children, ...extra });
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
export const noBorders = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
export const cellNoBorder = { top: NONE, bottom: NONE, left: NONE, right: NONE };
/** A4 portrait, margins top/bottom 20 mm, left 30 mm, right 20 mm (in twips). */
export const ND30_PAGE = {
  size: { width: 11906, height: 16838 },
  margin: { top: 1134, bottom: 1134, left: 1701, right: 1134, header: 567, footer: 567 },
};

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** "Hưng Yên, ngày 05 tháng 02 năm 2025": day below 10 and months 1–2 take a leading zero (Appendix I, 5). */
export function placeAndDate(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const day = String(d).padStart(2, '0');
  const month = m <= 2 ? String(m).padStart(2, '0') : String(m);
  return `${place}, ngày ${day} tháng ${month} năm ${y}`;
}

/** "Số: 05/BC-UBND": numbers below 10 take a leading zero; a blank number leaves room for the văn thư to fill in. */
export function numberLine(number: string | number, symbol: string): string {
  const n = String(number).trim();
  const shown = !n ? '      ' : /^\d$/.test(n) ? `0${n}` : n;
  return `Số: ${shown}/${symbol.trim()}`;
}

export interface Nd30HeaderInput {
  /** Cơ quan, tổ chức chủ quản (e.g. "UBND tỉnh Hưng Yên"); upper case, not bold. Optional. */
  parentAuthority?: string;
  /** Issuing authority, one item a line (upper case, bold; a short rule under the last line). */
  authority: string | string[];
  number: string | number;
  symbol: string;
  /** Trích yếu of a công văn ("V/v …"), under the number; other documents carry their name in the body. */
  subject?: string;
  place: string;
  /** YYYY-MM-DD */
  date: string;
  /** Width of the left column in per cent (default 40). */
  leftWidth?: number;
}

export interface HeaderLine {
  text: string;
  style: RunStyle;
  /** The short rule under the authority or the motto. */
  rule?: boolean;
  spaceBefore?: number;
}

/** The header as text lines (left: authority, number, subject; right: national name, motto, place and date). */
export function nd30HeaderLines(h: Nd30HeaderInput): { left: HeaderLine[]; right: HeaderLine[] } {
  const authority = (Array.isArray(h.authority) ? h.authority : [h.authority]).map((l) => l.trim()).filter(Boolean);
  const left: HeaderLine[] = [
    ...(h.parentAuthority?.trim() ? [{ text: h.parentAuthority.trim().toUpperCase(), style: { size: 26 } }] : []),
    ...authority.map((l, i) => ({ text: l.toUpperCase(), style: { size: 26, bold: true }, rule: i === authority.length - 1 })),
    { text: numberLine(h.number, h.symbol), style: { size: 26 }, spaceBefore: 120 },
    ...(h.subject ? [{ text: h.subject.startsWith('V/v') ? h.subject : `V/v ${h.subject}`, style: { size: 24 }, spaceBefore: 60 }] : []),
  ];
  const right: HeaderLine[] = [
    { text: NATIONAL_NAME, style: { size: 26, bold: true } },
    // NĐ 30 draws a rule under the motto as long as the motto: an underline does exactly that.
    { text: NATIONAL_MOTTO, style: { size: 28, bold: true, underline: true } },
    { text: placeAndDate(h.place, h.date), style: { size: 28, italics: true }, spaceBefore: 120 },
  ];
  return { left, right };
}

const paragraph = (l: HeaderLine) =>
  centred([run(l.text, l.style)], {
    ...(l.rule ? { border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } } } : {}),
    ...(l.spaceBefore ? { spacing: { before: l.spaceBefore } } : {}),
  });

/** The header block as a borderless two-column table, the first element of a document's body. */
export function nd30Header(h: Nd30HeaderInput): Table {
  const { left, right } = nd30HeaderLines(h);
  const lw = h.leftWidth ?? 40;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: lw, type: WidthType.PERCENTAGE }, borders: cellNoBorder, children: left.map(paragraph) }),
          new TableCell({ width: { size: 100 - lw, type: WidthType.PERCENTAGE }, borders: cellNoBorder, children: right.map(paragraph) }),
        ],
      }),
    ],
  });
}

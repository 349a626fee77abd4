import { AlignmentType, BorderStyle, Document, Header, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, UnderlineType, WidthType, type IParagraphOptions } from 'docx';
import { formatDate } from '../../platform/i18n/i18n.ts';

export interface LetterItem {
  code: string;
  title: string;
  receivedDay: string;
  dueDay: string;
  overdueDays: number;
}

export interface LetterInput {
  orgName: string;
  items: LetterItem[];
  today: string;
  /** From the letter register (fb_chasing_letters): numbered from 1 each year. */
  number: number;
}

// NĐ 30/2020, Appendix I: Times New Roman; sizes in half-points (13 pt = 26, 14 pt = 28, 12 pt = 24, 11 pt = 22).
const FONT = 'Times New Roman';
const SYMBOL = 'TTPVHCC-PAKN';
const run = (text: string, o: { size?: number; bold?: boolean; italics?: boolean; underline?: boolean } = {}) =>
  new TextRun({ text, font: FONT, size: o.size ?? 28, bold: o.bold, italics: o.italics, underline: o.underline ? { type: UnderlineType.SINGLE } : undefined });
const centred = (children: TextRun[], extra: Partial<IParagraphOptions> = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children, ...extra });
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const noBorders = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const cellNoBorder = { top: NONE, bottom: NONE, left: NONE, right: NONE };

/** "Số: 05/TTPVHCC-PAKN": numbers below 10 take a leading zero (NĐ 30/2020 Appendix I, 3). */
export const letterNumberLine = (n: number) => `Số: ${String(n).padStart(2, '0')}/${SYMBOL}`;
/** "Hưng Yên, ngày 05 tháng 02 năm 2026": day < 10 and months 1–2 take a leading zero. */
export function letterDateLine(day: string) {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `Hưng Yên, ngày ${String(d).padStart(2, '0')} tháng ${m < 3 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

/**
 * Văn bản đôn đốc (a công văn) from the Centre to an agency with every overdue item, laid out after NĐ 30/2020:
 * A4, margins 20/20/30/20 mm, issuing body and number left, national motto right, place and date in italics,
 * "V/v" subject under the number, "Kính gửi", body 14 pt justified with a 1 cm first-line indent, the signature
 * block and "Nơi nhận:" (12 pt bold italic; list 11 pt), page numbers from page 2. Callers never produce one
 * without overdue items.
 */
export async function chasingLetter(input: LetterInput): Promise<Buffer> {
  if (!input.items.length) throw new Error('chasingLetter: nothing overdue');
  const headerTable = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 42, type: WidthType.PERCENTAGE },
            borders: cellNoBorder,
            children: [
              centred([run('UBND TỈNH HƯNG YÊN', { size: 26 })]),
              centred([run('TRUNG TÂM PHỤC VỤ', { size: 26, bold: true })]),
              centred([run('HÀNH CHÍNH CÔNG', { size: 26, bold: true })], { border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } } }),
              centred([run(letterNumberLine(input.number), { size: 26 })], { spacing: { before: 120 } }),
              centred([run('V/v đôn đốc giải quyết phản ánh, kiến nghị quá hạn', { size: 24 })], { spacing: { before: 60 } }),
            ],
          }),
          new TableCell({
            width: { size: 58, type: WidthType.PERCENTAGE },
            borders: cellNoBorder,
            children: [
              centred([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 26, bold: true })]),
              centred([run('Độc lập - Tự do - Hạnh phúc', { size: 28, bold: true, underline: true })]),
              centred([run(letterDateLine(input.today), { size: 28, italics: true })], { spacing: { before: 120 } }),
            ],
          }),
        ],
      }),
    ],
  });
  const body = (text: string) => new Paragraph({ children: [run(text)], alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 567 }, spacing: { after: 120, line: 276 } });
  const cell = (t: string, bold = false) => new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(t, { size: 24, bold })] })] });
  const list = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: ['STT', 'Mã phản ánh', 'Nội dung', 'Ngày tiếp nhận', 'Hạn trả lời', 'Số ngày làm việc quá hạn'].map((h) => cell(h, true)) }),
      ...input.items.map((it, i) => new TableRow({ children: [cell(String(i + 1)), cell(it.code), cell(it.title), cell(formatDate(it.receivedDay)), cell(formatDate(it.dueDay)), cell(String(it.overdueDays))] })),
    ],
  });
  const signature = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            borders: cellNoBorder,
            children: [
              new Paragraph({ children: [run('Nơi nhận:', { size: 24, bold: true, italics: true })] }),
              new Paragraph({ children: [run('- Như trên;', { size: 22 })] }),
              new Paragraph({ children: [run('- UBND tỉnh (để b/c);', { size: 22 })] }),
              new Paragraph({ children: [run('- Lưu: VT, PAKN.', { size: 22 })] }),
            ],
          }),
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            borders: cellNoBorder,
            children: [centred([run('GIÁM ĐỐC', { bold: true })]), new Paragraph({ children: [] }), new Paragraph({ children: [] }), new Paragraph({ children: [] })],
          }),
        ],
      }),
    ],
  });
  const doc = new Document({
    creator: 'dvc-hub',
    title: `Văn bản đôn đốc ${letterNumberLine(input.number)}`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      {
        properties: {
          titlePage: true, // no page number on page 1
          page: {
            size: { width: 11906, height: 16838 }, // A4 portrait
            margin: { top: 1134, bottom: 1134, left: 1701, right: 1134, header: 567, footer: 567 }, // 20, 20, 30, 20 mm
          },
        },
        headers: {
          default: new Header({ children: [centred([new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 26 })])] }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        children: [
          headerTable,
          centred([run(`Kính gửi: ${input.orgName}`)], { spacing: { before: 360, after: 240 } }),
          body(
            `Thực hiện nhiệm vụ theo dõi, đôn đốc việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ (thời hạn trả lời 15 ngày làm việc), Trung tâm Phục vụ hành chính công tỉnh đề nghị ${input.orgName} khẩn trương xử lý, trả lời ${input.items.length} phản ánh, kiến nghị đã quá hạn dưới đây và cập nhật kết quả trên hệ thống:`,
          ),
          list,
          body(''),
          body('Đề nghị Quý cơ quan quan tâm, chỉ đạo thực hiện./.'),
          new Paragraph({ children: [] }),
          signature,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

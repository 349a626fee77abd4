import { AlignmentType, Document, Header, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { cellNoBorder, centred, ND30_FONT as FONT, ND30_PAGE, nd30Header, noBorders, numberLine, placeAndDate, run, type Nd30HeaderInput } from '../../platform/documents/nd30.ts';
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
  /** The signature block (configuration or the Centre's head): "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / name. */
  signer: LetterSigner;
}

export interface LetterSigner {
  onBehalf?: string;
  position: string;
  /** Empty: the name is written by hand under the signature. */
  name?: string;
}

const SYMBOL = 'TTPVHCC-PAKN';

/** "Số: 05/TTPVHCC-PAKN": numbers below 10 take a leading zero (NĐ 30/2020 Appendix I, 3). */
export const letterNumberLine = (n: number) => numberLine(n, SYMBOL);
/** "Hưng Yên, ngày 05 tháng 02 năm 2026": day < 10 and months 1–2 take a leading zero. */
export const letterDateLine = (day: string) => placeAndDate('Hưng Yên', day);

/** The letter's NĐ 30 header: the Centre under the provincial People's Committee, number, "V/v" subject. */
export const letterHeader = (input: Pick<LetterInput, 'number' | 'today'>): Nd30HeaderInput => ({
  parentAuthority: 'UBND tỉnh Hưng Yên',
  authority: ['Trung tâm Phục vụ', 'hành chính công'],
  number: input.number,
  symbol: SYMBOL,
  subject: 'V/v đôn đốc giải quyết phản ánh, kiến nghị quá hạn',
  place: 'Hưng Yên',
  date: input.today,
  leftWidth: 42,
});

/**
 * Văn bản đôn đốc (a công văn) from the Centre to an agency with every overdue item, laid out after NĐ 30/2020:
 * A4, margins 20/20/30/20 mm, issuing body and number left, national motto right, place and date in italics,
 * "V/v" subject under the number, "Kính gửi", body 14 pt justified with a 1 cm first-line indent, the signature
 * block and "Nơi nhận:" (12 pt bold italic; list 11 pt), page numbers from page 2. Callers never produce one
 * without overdue items.
 */
export async function chasingLetter(input: LetterInput): Promise<Buffer> {
  if (!input.items.length) throw new Error('chasingLetter: nothing overdue');
  const headerTable = nd30Header(letterHeader(input));
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
            children: [
              ...(input.signer.onBehalf ? [centred([run(input.signer.onBehalf.toUpperCase(), { bold: true })])] : []),
              centred([run(input.signer.position.toUpperCase(), { bold: true })]),
              new Paragraph({ children: [] }),
              new Paragraph({ children: [] }),
              new Paragraph({ children: [] }),
              centred([run(input.signer.name ?? '', { bold: true })]),
            ],
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
          page: ND30_PAGE, // A4 portrait, margins 20, 20, 30, 20 mm
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

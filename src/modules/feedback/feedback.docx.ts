import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { formatDate, siteInfo } from '../../platform/i18n/i18n.ts';

export interface LetterItem {
  code: string;
  title: string;
  receivedDay: string;
  dueDay: string;
  overdueDays: number;
}

const p = (text: string, opts: { bold?: boolean; italic?: boolean; center?: boolean; size?: number } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    children: [new TextRun({ text, bold: opts.bold, italics: opts.italic, size: opts.size ?? 26, font: 'Times New Roman' })],
  });

/** Văn bản đôn đốc (chasing letter) from the Centre to an agency, laid out after Decree 30/2020 (Times New Roman 13). */
export async function chasingLetter(input: { orgName: string; items: LetterItem[]; today: string; number?: string }): Promise<Buffer> {
  const [y, m, d] = input.today.split('-');
  const cell = (t: string, bold = false) => new TableCell({ children: [p(t, { bold, size: 24 })] });
  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        children: [
          new TableCell({ children: [p(`UBND TỈNH ${siteInfo('vi').province.toLocaleUpperCase('vi')}`, { center: true, size: 26 }), p('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG', { bold: true, center: true }), p(`Số: ${input.number ?? '   '}/TTPVHCC-PAKN`, { center: true })] }),
          new TableCell({ children: [p('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, center: true }), p('Độc lập - Tự do - Hạnh phúc', { bold: true, center: true }), p(`${siteInfo('vi').province}, ngày ${d} tháng ${m} năm ${y}`, { italic: true, center: true })] }),
        ],
      }),
    ],
  });
  const list = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ children: [cell('STT', true), cell('Mã phản ánh', true), cell('Nội dung', true), cell('Ngày tiếp nhận', true), cell('Hạn trả lời', true), cell('Số ngày quá hạn', true)] }),
      ...input.items.map((it, i) => new TableRow({ children: [cell(String(i + 1)), cell(it.code), cell(it.title), cell(formatDate(it.receivedDay)), cell(formatDate(it.dueDay)), cell(String(it.overdueDays))] })),
    ],
  });
  const doc = new Document({
    sections: [
      {
        children: [
          header,
          p(''),
          p('V/v đôn đốc giải quyết phản ánh, kiến nghị quá hạn', { center: true, italic: true }),
          p(''),
          p(`Kính gửi: ${input.orgName}`, { center: true }),
          p(''),
          p(
            `Thực hiện nhiệm vụ theo dõi, đôn đốc việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp theo Bộ chỉ số 766 (thời hạn trả lời 15 ngày làm việc), Trung tâm Phục vụ hành chính công tỉnh đề nghị ${input.orgName} khẩn trương xử lý, trả lời ${input.items.length} phản ánh, kiến nghị đã quá hạn dưới đây và cập nhật kết quả trên hệ thống:`,
          ),
          list,
          p(''),
          p('Đề nghị Quý cơ quan quan tâm, chỉ đạo thực hiện./.'),
          p(''),
          p('GIÁM ĐỐC', { bold: true, center: true }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

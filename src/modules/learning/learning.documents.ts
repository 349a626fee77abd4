import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { loadPdfKit } from '../../platform/documents/lazy.ts';
import QRCode from 'qrcode';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { formatDate, todayInVietnam } from '../../platform/i18n/i18n.ts';
import { ND30_FONT, ND30_PAGE, nd30Header } from '../../platform/documents/nd30.ts';
import type { CertificateRow } from './learning.repo.ts';

function fonts(): { regular: string; bold: string } {
  const dirs: string[] = [];
  try {
    dirs.push(join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf'));
  } catch {
    /* fall back to system fonts */
  }
  dirs.push('/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF');
  for (const d of dirs) if (existsSync(`${d}/DejaVuSans.ttf`) && existsSync(`${d}/DejaVuSans-Bold.ttf`)) return { regular: `${d}/DejaVuSans.ttf`, bold: `${d}/DejaVuSans-Bold.ttf` };
  throw new Error('No Vietnamese-capable TTF font found (dejavu-fonts-ttf)');
}

/** A4 landscape certificate: holder, course or contest, date, issuer, and a QR code to the public verification page. */
export async function certificatePdf(c: CertificateRow, verifyUrl: string): Promise<Buffer> {
  const f = fonts();
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 50, info: { Title: `Chứng nhận ${c.code}`, Author: c.issuer } });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (x: Buffer) => chunks.push(x));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = doc.page.width - 100;
  doc.rect(30, 30, doc.page.width - 60, doc.page.height - 60).lineWidth(2).stroke('#1d4f91');
  doc.font('bold').fontSize(14).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 50, 60, { width: w, align: 'center' });
  doc.font('regular').fontSize(12).text('Độc lập - Tự do - Hạnh phúc', { width: w, align: 'center' });
  doc.moveDown(1.5).font('bold').fontSize(30).fillColor('#1d4f91').text('CHỨNG NHẬN', { width: w, align: 'center' });
  doc.fillColor('#000000').moveDown(0.8).font('regular').fontSize(14).text(c.issuer, { width: w, align: 'center' });
  doc.moveDown(0.5).text('chứng nhận', { width: w, align: 'center' });
  doc.moveDown(0.5).font('bold').fontSize(24).text(c.holderName, { width: w, align: 'center' });
  doc.moveDown(0.5).font('regular').fontSize(14).text(c.kind === 'course' ? 'đã hoàn thành khóa học' : 'đã tham gia', { width: w, align: 'center' });
  doc.moveDown(0.3).font('bold').fontSize(16).text(c.title, { width: w, align: 'center' });
  doc.moveDown(1).font('regular').fontSize(12).text(`Ngày cấp: ${formatDate(c.issuedAt)}    Số: ${c.code}`, { width: w, align: 'center' });
  const qr = QRCode.create(verifyUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const size = 90;
  const cell = size / (n + 4);
  const x0 = doc.page.width - 50 - size - 20;
  const y0 = doc.page.height - 50 - size - 30;
  for (let r = 0; r < n; r++) for (let col = 0; col < n; col++) if (qr.modules.get(r, col)) doc.rect(x0 + (col + 2) * cell, y0 + (r + 2) * cell, cell, cell);
  doc.fill('#000000');
  doc.font('regular').fontSize(8).text(verifyUrl, x0 - 120, y0 + size + 2, { width: size + 140, align: 'right' });
  doc.end();
  return done;
}

const p = (text: string, opts: { bold?: boolean; center?: boolean; size?: number; italics?: boolean } = {}) =>
  new Paragraph({ alignment: opts.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED, children: [new TextRun({ text, bold: opts.bold, italics: opts.italics, size: (opts.size ?? 13) * 2, font: ND30_FONT })] });
const cell = (text: string, bold = false) => new TableCell({ children: [p(text, { bold })] });

/** The results report of a contest as an administrative document (NĐ 30/2020/NĐ-CP; the shared platform header). */
export async function resultsDocx(r: {
  issuer: string;
  title: string;
  date: Date;
  participants: number;
  round: { no: number; truth: number | null } | null;
  people: Array<{ rank: number; holder: string; correct: number; durationMs: number }>;
  units: Array<{ name: string; participants: number; size: number; rate: number | null }>;
}): Promise<Buffer> {
  const header = nd30Header({ parentAuthority: r.issuer, authority: 'Ban Tổ chức cuộc thi', number: '', symbol: 'BC-BTC', place: 'Hưng Yên', date: todayInVietnam(r.date) });
  const doc = new Document({
    sections: [
      {
        properties: { page: ND30_PAGE },
        children: [
          header,
          p(''),
          p('BÁO CÁO', { bold: true, center: true, size: 14 }),
          p(`Kết quả ${r.title}`, { bold: true, center: true, size: 14 }),
          p(''),
          p(`Tổng số người tham gia: ${r.participants}.${r.round ? ` Đợt ${r.round.no}${r.round.truth !== null ? `: ${r.round.truth} người tham gia (đáp án câu hỏi dự đoán).` : '.'}` : ''}`),
          p('1. Kết quả cá nhân (xếp theo số câu đúng, độ lệch dự đoán, thời gian làm bài, thời điểm nộp)', { bold: true }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [new TableRow({ children: [cell('Hạng', true), cell('Người dự thi', true), cell('Số câu đúng', true), cell('Thời gian (giây)', true)] }), ...r.people.slice(0, 100).map((x) => new TableRow({ children: [cell(String(x.rank)), cell(x.holder), cell(String(x.correct)), cell(String(Math.round(x.durationMs / 1000)))] }))],
          }),
          p(''),
          p('2. Tỷ lệ tham gia theo đơn vị', { bold: true }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [new TableRow({ children: [cell('Đơn vị', true), cell('Số người tham gia', true), cell('Quy mô', true), cell('Tỷ lệ (%)', true)] }), ...r.units.map((u) => new TableRow({ children: [cell(u.name), cell(String(u.participants)), cell(String(u.size)), cell(u.rate === null ? '—' : u.rate.toFixed(1).replace('.', ','))] }))],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

import { AlignmentType, Document, Header, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Sheet } from '../../platform/http/downloads.ts';
import { cellNoBorder, centred, ND30_FONT as FONT, ND30_PAGE, nd30Header, noBorders, numberLine, placeAndDate, run } from '../../platform/documents/nd30.ts';
import { siteInfo, todayInVietnam } from '../../platform/i18n/i18n.ts';

/** The editable parts of the provincial report (kept in plan_cycles.report_meta). */
export interface ReportMeta {
  parentAgency: string;
  agency: string;
  number: string;
  symbol: string;
  place: string;
  date: string; // YYYY-MM-DD
  subject: string;
  summary: string;
  results: string;
  limitations: string;
  proposals: string;
  signerAuthority: string;
  signerTitle: string;
  signerName: string;
  recipients: string;
}

export const META_FIELDS: Array<keyof ReportMeta> = [
  'parentAgency',
  'agency',
  'number',
  'symbol',
  'place',
  'date',
  'subject',
  'summary',
  'results',
  'limitations',
  'proposals',
  'signerAuthority',
  'signerTitle',
  'signerName',
  'recipients',
];

export function defaultMeta(year: number, planTitle: string): ReportMeta {
  return {
    parentAgency: '',
    agency: siteInfo('vi').authority.toLocaleUpperCase('vi'),
    number: '',
    symbol: 'BC-UBND',
    place: siteInfo('vi').province,
    date: todayInVietnam(),
    subject: `Kết quả thực hiện ${planTitle.replace(/^Kế hoạch/, 'Kế hoạch')} năm ${year}`,
    summary: `Thực hiện Kế hoạch, Ủy ban nhân dân tỉnh đã chỉ đạo các sở, ban, ngành, địa phương triển khai các nhiệm vụ được giao trong năm ${year}. Trung tâm Phục vụ hành chính công và Kiểm soát thủ tục hành chính tổng hợp kết quả như sau.`,
    results: '',
    limitations: '',
    proposals: '',
    signerAuthority: 'TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH',
    signerTitle: 'PHÓ CHỦ TỊCH',
    signerName: '',
    recipients: 'Bộ Khoa học và Công nghệ (b/c);\nTT Tỉnh ủy, TT HĐND tỉnh (b/c);\nChủ tịch, các PCT UBND tỉnh;\nCác sở, ban, ngành tỉnh;\nUBND các xã, phường;\nLưu: VT, PVHCC.',
  };
}

/** "Hưng Yên, ngày 05 tháng 12 năm 2025": day < 10 and months 1, 2 take a leading zero (NĐ 30/2020). */
export { numberLine, placeAndDate };

export interface ReportTaskLine {
  ref: string;
  section: string;
  sectionTitle: string;
  text: string;
  lead: string;
  progress: number;
  reported: number;
  total: number;
  accepted: number;
  notReported: number;
}
export interface ReportKpiLine {
  code: string;
  name: string;
  unit: string;
  target2025: number | null;
  target2030: number | null;
  value: number | null;
  period: string | null;
  statusLabel: string;
  legalRef: string;
  /** Small-sample warning for a computed figure ('' when none). */
  warning: string;
}
export interface ReportModel {
  year: number;
  planTitle: string;
  meta: ReportMeta;
  overall: number;
  sections: Array<{ section: string; title: string; progress: number }>;
  tasks: ReportTaskLine[];
  kpis: ReportKpiLine[];
  notReportedAgencies: string[];
}

const fmt = (n: number | null, digits = 1) => (n == null ? 'chưa có dữ liệu' : new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits }).format(n));

/** The body as paragraphs of plain text, shared by the preview page and the DOCX. */
export function reportBody(m: ReportModel): Array<{ kind: 'heading' | 'para'; text: string }> {
  const out: Array<{ kind: 'heading' | 'para'; text: string }> = [];
  const paras = (s: string) => s.split(/\n+/).map((x) => x.trim()).filter(Boolean).forEach((text) => out.push({ kind: 'para', text }));
  out.push({ kind: 'heading', text: 'I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN' });
  paras(m.meta.summary);
  out.push({ kind: 'heading', text: 'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ' });
  out.push({ kind: 'para', text: `Tiến độ chung của ${m.tasks.length} nhiệm vụ năm ${m.year} (bình quân gia quyền: trung bình các cơ quan chủ trì hệ số 2, trung bình các cơ quan phối hợp hệ số 1) đạt ${fmt(m.overall, 0)}%.` });
  for (const s of m.sections) out.push({ kind: 'para', text: `${s.section}. ${s.title}: tiến độ ${fmt(s.progress, 0)}%.` });
  paras(m.meta.results);
  if (m.notReportedAgencies.length) out.push({ kind: 'para', text: `Các cơ quan, đơn vị chưa gửi báo cáo đúng hạn: ${m.notReportedAgencies.join('; ')}.` });
  out.push({ kind: 'para', text: 'Chi tiết kết quả từng nhiệm vụ tại Phụ lục I kèm theo.' });
  out.push({ kind: 'heading', text: 'III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU' });
  for (const k of m.kpis) {
    out.push({ kind: 'para', text: `${k.name}: ${k.value == null ? 'chưa có dữ liệu' : `${fmt(k.value)}${k.unit === '%' ? '%' : ` ${k.unit}`}`}${k.target2025 != null ? ` (mục tiêu năm 2025: ${fmt(k.target2025)}${k.unit === '%' ? '%' : ''})` : ''} – ${k.statusLabel}${k.warning ? ` (${k.warning})` : ''}.` });
  }
  out.push({ kind: 'para', text: 'Chi tiết tại Phụ lục II kèm theo.' });
  out.push({ kind: 'heading', text: 'IV. TỒN TẠI, HẠN CHẾ' });
  paras(m.meta.limitations || 'Không có.');
  out.push({ kind: 'heading', text: 'V. ĐỀ XUẤT, KIẾN NGHỊ' });
  paras(m.meta.proposals || 'Không có.');
  return out;
}

export async function buildDocx(m: ReportModel): Promise<Buffer> {
  const meta = m.meta;
  const headerTable = nd30Header({
    parentAuthority: meta.parentAgency,
    authority: meta.agency,
    number: meta.number,
    symbol: meta.symbol,
    place: meta.place,
    date: meta.date,
  });

  const body = reportBody(m).map((b) =>
    b.kind === 'heading'
      ? new Paragraph({ children: [run(b.text, { bold: true })], spacing: { before: 120, after: 120 }, indent: { firstLine: 567 } })
      : new Paragraph({ children: [run(b.text)], alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 567 }, spacing: { after: 120, line: 276 } }),
  );

  const recipients = meta.recipients.split(/\n+/).map((x) => x.trim()).filter(Boolean);
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
              ...recipients.map((r) => new Paragraph({ children: [run(`- ${r}`, { size: 22 })] })),
            ],
          }),
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            borders: cellNoBorder,
            children: [
              ...meta.signerAuthority.split(/\n+/).filter(Boolean).map((l) => centred([run(l.toUpperCase(), { bold: true })])),
              centred([run(meta.signerTitle.toUpperCase(), { bold: true })]),
              new Paragraph({ children: [] }),
              new Paragraph({ children: [] }),
              new Paragraph({ children: [] }),
              centred([run(meta.signerName, { bold: true })]),
            ],
          }),
        ],
      }),
    ],
  });

  const doc = new Document({
    creator: 'dvc-hub',
    title: `Báo cáo ${meta.subject}`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      {
        properties: {
          titlePage: true, // page numbers are not shown on page 1
          page: ND30_PAGE, // A4 portrait, margins 20, 20, 30, 20 mm
        },
        headers: {
          default: new Header({ children: [centred([new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 26 })])] }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        children: [
          headerTable,
          centred([run('BÁO CÁO', { bold: true })], { spacing: { before: 360 } }),
          centred([run(meta.subject, { bold: true })], { spacing: { after: 240 } }),
          ...body,
          new Paragraph({ children: [] }),
          signature,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** XLSX annex: Phụ lục I (tasks) and Phụ lục II (KPIs); sent with the platform's sendXlsx (formula guard). */
export function reportSheets(m: ReportModel): Sheet[] {
  return [
    {
      name: 'Phụ lục I - Nhiệm vụ',
      rows: [
        [`PHỤ LỤC I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM ${m.year}`],
        ['STT', 'Mã nhiệm vụ', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì', 'Tiến độ (%)', 'Đã báo cáo', 'Tổng số cơ quan', 'Đã tiếp nhận', 'Chưa báo cáo'],
        ...m.tasks.map((t, i) => [i + 1, t.ref, t.text, t.lead, Math.round(t.progress * 10) / 10, t.reported, t.total, t.accepted, t.notReported]),
      ],
      boldRows: [2],
      font: FONT,
      widths: [6, 12, 70, 40, 12, 12, 14, 12, 12],
    },
    {
      name: 'Phụ lục II - Chỉ tiêu',
      rows: [
        [`PHỤ LỤC II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM ${m.year}`],
        ['STT', 'Mã chỉ số', 'Chỉ tiêu', 'Đơn vị', 'Mục tiêu 2025', 'Mục tiêu 2030', 'Thực hiện', 'Kỳ', 'Đánh giá', 'Căn cứ', 'Cảnh báo'],
        ...m.kpis.map((k, i) => [i + 1, k.code, k.name, k.unit, k.target2025, k.target2030, k.value, k.period ?? '', k.statusLabel, k.legalRef, k.warning]),
      ],
      boldRows: [2],
      font: FONT,
      widths: [6, 34, 60, 8, 12, 12, 12, 10, 18, 40, 40],
    },
  ];
}

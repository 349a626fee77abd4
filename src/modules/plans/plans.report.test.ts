import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildTestApp, DEMO, form, FORM, sessionFor, type TestApp } from '../../test/helpers.ts';
import type { PlansService } from './plans.service.ts';
import { numberLine, placeAndDate } from './plans.report.ts';
import { unzip } from '../../test/unzip.ts';
import { PlansToken } from './api.ts';

type Session = { cookie: string; csrf: string; userId: string };

describe('NĐ 30/2020 number and date rules', () => {
  it('pads day < 10 and months 1–2 only', () => {
    expect(placeAndDate('Hưng Yên', '2025-02-05')).toBe('Hưng Yên, ngày 05 tháng 02 năm 2025');
    expect(placeAndDate('Hưng Yên', '2025-03-01')).toBe('Hưng Yên, ngày 01 tháng 3 năm 2025');
    expect(placeAndDate('Hưng Yên', '2025-12-10')).toBe('Hưng Yên, ngày 10 tháng 12 năm 2025');
  });
  it('pads numbers below 10 and leaves room when the number is not yet given', () => {
    expect(numberLine('5', 'BC-UBND')).toBe('Số: 05/BC-UBND');
    expect(numberLine('123', 'BC-UBND')).toBe('Số: 123/BC-UBND');
    expect(numberLine('', 'BC-UBND')).toMatch(/^Số: \s+\/BC-UBND$/);
  });
});

describe('provincial report (DOCX + XLSX annex)', () => {
  let t: TestApp;
  let plans: PlansService;
  let cycleId: string;
  let s: Record<'coord' | 'officer' | 'viewer', Session>;
  const get = (url: string, who?: Session) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
  const post = (url: string, who: Session, data: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });

  beforeAll(async () => {
    t = await buildTestApp();
    plans = t.app.deps.services.get(PlansToken);
    cycleId = (await plans.listCycles()).find((c) => c.year === 2025)!.id;
    s = {
      coord: await sessionFor(t.database, DEMO.coordinator),
      officer: await sessionFor(t.database, DEMO.officerSkhcn),
      viewer: await sessionFor(t.database, DEMO.viewer),
    };
  });
  afterAll(() => t.close());

  const meta = {
    parentAgency: '',
    agency: 'Ủy ban nhân dân tỉnh Hưng Yên',
    number: '7',
    symbol: 'BC-UBND',
    place: 'Hưng Yên',
    date: '05/12/2025',
    subject: 'Kết quả thực hiện Kế hoạch triển khai Đề án 1588 năm 2025',
    summary: 'Đoạn tổng quan do Trung tâm biên tập trước khi xuất.',
    results: 'Kết quả nổi bật: 72% hồ sơ được xử lý hoàn toàn trực tuyến.',
    limitations: 'Một số xã chưa gửi báo cáo đúng hạn.',
    proposals: 'Đề nghị bố trí kinh phí năm 2026.',
    signerAuthority: 'TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH',
    signerTitle: 'PHÓ CHỦ TỊCH',
    signerName: 'Nguyễn Văn A',
    recipients: 'Bộ Khoa học và Công nghệ (b/c);\nLưu: VT, PVHCC.',
  };

  it('only the Centre previews, edits and downloads; bad input is refused with field messages', async () => {
    expect((await get(`/quan-tri/ke-hoach/ky/${cycleId}/bao-cao-tinh`, s.officer)).statusCode).toBe(403);
    expect((await get(`/quan-tri/ke-hoach/ky/${cycleId}/bao-cao-tinh.docx`, s.viewer)).statusCode).toBe(403);
    expect((await post(`/quan-tri/ke-hoach/ky/${cycleId}/bao-cao-tinh`, s.officer, meta)).statusCode).toBe(403);
    const bad = await post(`/quan-tri/ke-hoach/ky/${cycleId}/bao-cao-tinh`, s.coord, { ...meta, date: '31/02/2025', symbol: 'bc ubnd' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Nhập ngày theo dạng ngày/tháng/năm');
    expect(bad.body).toContain('Ký hiệu viết hoa');
    expect((await post(`/quan-tri/ke-hoach/ky/${cycleId}/bao-cao-tinh`, s.coord, meta)).statusCode).toBe(303);
    const preview = await get(`/quan-tri/ke-hoach/ky/${cycleId}/bao-cao-tinh`, s.coord);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Đoạn tổng quan do Trung tâm biên tập trước khi xuất.');
    expect(preview.body).toContain('II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ');
  });

  it('the DOCX follows NĐ 30/2020: A4, margins, Times New Roman sizes, motto, number, place and date, sections, signature, recipients', async () => {
    const res = await get(`/quan-tri/ke-hoach/ky/${cycleId}/bao-cao-tinh.docx`, s.coord);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const files = unzip(res.rawPayload);
    const xml = files.get('word/document.xml')!.toString('utf8');
    const styles = files.get('word/styles.xml')!.toString('utf8');
    // Page: A4 portrait, top/bottom 20 mm (1134 twips), left 30 mm (1701), right 20 mm (1134); no number on page 1.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const mar = /<w:pgMar ([^>]+)\/>/.exec(xml)![1]!;
    const twips = (k: string) => Number(new RegExp(`w:${k}="(\\d+)"`).exec(mar)![1]) / 56.7;
    expect(twips('top')).toBeGreaterThanOrEqual(20);
    expect(twips('top')).toBeLessThanOrEqual(25);
    expect(twips('bottom')).toBeGreaterThanOrEqual(20);
    expect(twips('left')).toBeGreaterThanOrEqual(30);
    expect(twips('left')).toBeLessThanOrEqual(35);
    expect(twips('right')).toBeGreaterThanOrEqual(15);
    expect(twips('right')).toBeLessThanOrEqual(20);
    expect(xml).toContain('<w:titlePg/>');
    // Fonts: every run is Times New Roman; the document default too.
    const fonts = [...xml.matchAll(/w:rFonts w:ascii="([^"]+)"/g)].map((m) => m[1]);
    expect(fonts.length).toBeGreaterThan(20);
    expect(new Set(fonts)).toEqual(new Set(['Times New Roman']));
    expect(styles).toContain('Times New Roman');
    // Text and sizes (half-points): motto 13 pt bold, slogan 14 pt bold underlined, date 14 pt italic, body 14 pt, "Nơi nhận" 12 pt bold italic, list 11 pt.
    const runOf = (text: string) => {
      const i = xml.indexOf(`>${text}<`);
      expect(i, text).toBeGreaterThan(0);
      const start = xml.lastIndexOf('<w:r>', i);
      return xml.slice(start, i);
    };
    expect(runOf('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toMatch(/<w:b\/>[\s\S]*<w:sz w:val="26"\/>/);
    const slogan = runOf('Độc lập - Tự do - Hạnh phúc');
    expect(slogan).toContain('<w:sz w:val="28"/>');
    expect(slogan).toContain('<w:u w:val="single"/>');
    expect(runOf('ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN')).toMatch(/<w:b\/>[\s\S]*<w:sz w:val="26"\/>/);
    expect(runOf('Số: 07/BC-UBND')).toContain('<w:sz w:val="26"/>');
    const date = runOf('Hưng Yên, ngày 05 tháng 12 năm 2025');
    expect(date).toContain('<w:i/>');
    expect(date).toContain('<w:sz w:val="28"/>');
    expect(runOf('BÁO CÁO')).toContain('<w:b/>');
    expect(runOf('Đoạn tổng quan do Trung tâm biên tập trước khi xuất.')).toContain('<w:sz w:val="28"/>');
    const noiNhan = runOf('Nơi nhận:');
    expect(noiNhan).toMatch(/<w:b\/>[\s\S]*<w:i\/>[\s\S]*<w:sz w:val="24"\/>/);
    expect(runOf('- Lưu: VT, PVHCC.')).toContain('<w:sz w:val="22"/>');
    expect(runOf('PHÓ CHỦ TỊCH')).toContain('<w:b/>');
    expect(runOf('Nguyễn Văn A')).toContain('<w:b/>');
    for (const h of ['I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN', 'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ', 'III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU', 'IV. TỒN TẠI, HẠN CHẾ', 'V. ĐỀ XUẤT, KIẾN NGHỊ']) {
      expect(runOf(h)).toContain('<w:b/>');
    }
    // Body paragraphs are justified with a first-line indent of 1 cm.
    expect(xml).toMatch(/<w:jc w:val="both"\/>/);
    expect(xml).toContain('w:firstLine="567"');
    // Page numbers in the header (not on page 1).
    const headers = [...files.keys()].filter((k) => /^word\/header\d+\.xml$/.test(k)).map((k) => files.get(k)!.toString('utf8'));
    expect(headers.some((h) => h.includes('PAGE'))).toBe(true);
  });

  it('the XLSX annex carries the task table and the KPI table and reads back', async () => {
    const res = await get(`/quan-tri/ke-hoach/ky/${cycleId}/bao-cao-tinh.xlsx`, s.coord);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Phụ lục I - Nhiệm vụ', 'Phụ lục II - Chỉ tiêu']);
    const tasks = wb.worksheets[0]!;
    expect(tasks.getRow(2).getCell(2).value).toBe('Mã nhiệm vụ');
    const refs: string[] = [];
    tasks.eachRow((r, n) => n > 2 && refs.push(String(r.getCell(2).value)));
    const planTasks = await plans.listTasks((await plans.listPlans())[0]!.id);
    expect(refs).toEqual(planTasks.map((x) => x.ref));
    const kpiSheet = wb.worksheets[1]!;
    const codes: string[] = [];
    kpiSheet.eachRow((r, n) => n > 2 && codes.push(String(r.getCell(2).value)));
    expect(codes).toContain('ADULT_DVCTT_USERS_RATE');
    const adult = kpiSheet.getRow(codes.indexOf('ADULT_DVCTT_USERS_RATE') + 3);
    expect(adult.getCell(5).value).toBe(50);
    expect(adult.getCell(6).value).toBe(70);
  });
});

import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import ExcelJS from 'exceljs';
import { contentDisposition, csvText, neutraliseFormula, sendCsv, sendXlsx, xlsxBuffer } from './downloads.ts';

const attacks = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'];

describe('formula-injection guard', () => {
  it('prefixes every text cell that a spreadsheet would run, and leaves others alone', () => {
    for (const a of attacks) expect(neutraliseFormula(a)).toBe(`'${a}`);
    for (const ok of ['Sở Nội vụ', '1.234,5', 'a=b', ' =x', "'quoted", '']) expect(neutraliseFormula(ok)).toBe(ok);
  });

  it('CSV: BOM, CRLF, quoting, guarded text, numbers untouched', () => {
    const csv = csvText([
      ['Cơ quan', 'Số'],
      ['=cmd|"/c calc"!A1', -5],
      ['Xã "Tân Phúc", Ân Thi', null],
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toEqual(['Cơ quan,Số', `"'=cmd|""/c calc""!A1",-5`, '"Xã ""Tân Phúc"", Ân Thi",', '']);
  });

  it('XLSX: the same guard; numbers stay numbers; nothing is stored as a formula', async () => {
    const buf = await xlsxBuffer([{ name: 'Chỉ số: 2025/1', rows: [['Tên', 'Giá trị'], ...attacks.map((a, i) => [a, i - 1])], boldRows: [1], widths: [20, 10] }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.name).toBe('Chỉ số- 2025-1');
    attacks.forEach((a, i) => {
      const row = ws?.getRow(i + 2);
      // XML stores a lone CR as LF; the apostrophe guard is what matters.
      expect(row?.getCell(1).value).toBe(`'${a}`.replace(/\r/g, '\n'));
      expect(row?.getCell(1).type).toBe(ExcelJS.ValueType.String);
      expect(row?.getCell(2).value).toBe(i - 1);
    });
    expect(ws?.getRow(1).font?.bold).toBe(true);
  });
});

describe('content-disposition', () => {
  it('keeps a plain ASCII name as is', () => {
    expect(contentDisposition('chi-tieu.csv')).toBe('attachment; filename="chi-tieu.csv"');
  });
  it('carries a Vietnamese name in filename* (RFC 5987) with an ASCII fallback', () => {
    const h = contentDisposition('Báo cáo "tỉnh" Hưng Yên.xlsx');
    expect(h).toBe(`attachment; filename="bao-cao-_tinh_-hung-yen.xlsx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22t%E1%BB%89nh%22%20H%C6%B0ng%20Y%C3%AAn.xlsx`);
    const star = /filename\*=UTF-8''(.+)$/.exec(h)?.[1] ?? '';
    expect(decodeURIComponent(star)).toBe('Báo cáo "tỉnh" Hưng Yên.xlsx');
    // No header injection through the name.
    expect(contentDisposition('a\r\nSet-Cookie: x=1.csv')).not.toMatch(/[\r\n]/);
  });
});

describe('sendCsv / sendXlsx', () => {
  it('send the file with type, disposition and no-store', async () => {
    const app = Fastify();
    app.get('/a.csv', (_req, reply) => sendCsv(reply, 'phản ánh.csv', [['a'], ['=1']]));
    app.get('/a.xlsx', (_req, reply) => sendXlsx(reply, 'a.xlsx', [{ name: 'A', rows: [['@x']] }]));
    const csv = await app.inject({ url: '/a.csv' });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain(`filename*=UTF-8''ph%E1%BA%A3n%20%C3%A1nh.csv`);
    expect(csv.headers['cache-control']).toBe('no-store');
    expect(csv.body).toBe("\uFEFFa\r\n'=1\r\n");
    const x = await app.inject({ url: '/a.xlsx' });
    expect(x.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(1).getCell(1).value).toBe("'@x");
    await app.close();
  });
});

import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parseCsv, readTable } from './tables.ts';
import { ValidationError } from '../errors.ts';

const ERRORS = { fileType: 'x.fileType', fileUnreadable: 'x.fileUnreadable', fileEncoding: 'x.fileEncoding' };
const fieldOf = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fields.file;
};

describe('uploaded tables', () => {
  it('reads CSV with the separator the header uses, quotes, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa;b\r\n"x;1";"say ""hi"""\n')).toEqual([['a', 'b'], ['x;1', 'say "hi"']]);
    expect(parseCsv('a,b\n1,"2,5"')).toEqual([['a', 'b'], ['1', '2,5']]);
  });

  it('reads an XLSX first sheet with typed cells, formula results and rich text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['mã', 'giá trị']);
    ws.addRow([{ richText: [{ text: 'KPI-' }, { text: '01' }] }, 48.5]);
    ws.addRow(['KPI-02', { formula: '1+1', result: 2 }]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await readTable('bang.XLSX', buf, ERRORS)).toEqual([['mã', 'giá trị'], ['KPI-01', 48.5], ['KPI-02', 2]]);
  });

  it('refuses what is not a readable table with the caller\'s message keys (422, never a 500)', async () => {
    expect(await fieldOf(readTable('a.pdf', Buffer.from('%PDF-1.4'), ERRORS))).toBe('x.fileType');
    expect(await fieldOf(readTable('a.xlsx', Buffer.from('not a zip'), ERRORS))).toBe('x.fileType');
    expect(await fieldOf(readTable('a.xlsx', Buffer.from('PK\u0003\u0004broken'), ERRORS))).toBe('x.fileUnreadable');
    expect(await fieldOf(readTable('a.csv', Buffer.from([0x61, 0xff, 0xfe]), ERRORS))).toBe('x.fileEncoding');
    expect(await fieldOf(readTable('a.csv', Buffer.from('a\u0000b'), ERRORS))).toBe('x.fileType');
    expect(await readTable('a.csv', Buffer.from('Hoa\u0300,1', 'utf8'), ERRORS)).toEqual([['Hoà', '1']]);
  });
});

import { describe, expect, it } from 'vitest';
import { Document, Packer } from 'docx';
import { unzip } from '../../test/unzip.ts';
import { nd30Header, nd30HeaderLines, numberLine, placeAndDate } from './nd30.ts';

describe('NĐ 30/2020 document header', () => {
  it('place and date: leading zero for days below 10 and for January and February only', () => {
    expect(placeAndDate('Hưng Yên', '2026-02-05')).toBe('Hưng Yên, ngày 05 tháng 02 năm 2026');
    expect(placeAndDate('Hưng Yên', '2026-01-31')).toBe('Hưng Yên, ngày 31 tháng 01 năm 2026');
    expect(placeAndDate('Hưng Yên', '2026-03-09')).toBe('Hưng Yên, ngày 09 tháng 3 năm 2026');
    expect(placeAndDate('Hưng Yên', '2026-12-10')).toBe('Hưng Yên, ngày 10 tháng 12 năm 2026');
  });

  it('number and symbol', () => {
    expect(numberLine(5, 'TTPVHCC-PAKN')).toBe('Số: 05/TTPVHCC-PAKN');
    expect(numberLine('12', ' BC-UBND ')).toBe('Số: 12/BC-UBND');
    expect(numberLine('', 'BC-UBND')).toMatch(/^Số: {7}\/BC-UBND$/);
  });

  it('a công văn: parent authority, issuing authority with its rule, number, V/v; motto block on the right', () => {
    const { left, right } = nd30HeaderLines({
      parentAuthority: 'UBND tỉnh Hưng Yên',
      authority: ['Trung tâm Phục vụ', 'hành chính công'],
      number: 3,
      symbol: 'TTPVHCC-PAKN',
      subject: 'đôn đốc giải quyết phản ánh',
      place: 'Hưng Yên',
      date: '2026-02-05',
    });
    expect(left.map((l) => l.text)).toEqual(['UBND TỈNH HƯNG YÊN', 'TRUNG TÂM PHỤC VỤ', 'HÀNH CHÍNH CÔNG', 'Số: 03/TTPVHCC-PAKN', 'V/v đôn đốc giải quyết phản ánh']);
    expect(left.map((l) => Boolean(l.style.bold))).toEqual([false, true, true, false, false]);
    expect(left.map((l) => Boolean(l.rule))).toEqual([false, false, true, false, false]);
    expect(right.map((l) => l.text)).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Hưng Yên, ngày 05 tháng 02 năm 2026']);
    expect(right[1]?.style.underline).toBe(true);
    expect(right[2]?.style.italics).toBe(true);
  });

  it('a report without parent authority or subject, rendered into a DOCX', async () => {
    const input = { authority: 'Ủy ban nhân dân tỉnh Hưng Yên', number: '', symbol: 'BC-UBND', place: 'Hưng Yên', date: '2025-12-10' };
    expect(nd30HeaderLines(input).left.map((l) => l.text)).toEqual(['ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN', 'Số:       /BC-UBND']);
    const buf = await Packer.toBuffer(new Document({ sections: [{ children: [nd30Header(input)] }] }));
    const xml = unzip(buf).get('word/document.xml')!.toString('utf8');
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    expect(text).toEqual(['ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN', 'Số:       /BC-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Hưng Yên, ngày 10 tháng 12 năm 2025']);
  });
});

import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { linesOf, parseLine, parseSubmission, tidyLegal, tidyResult } from './catalogue.import.ts';

describe('reading the national export', () => {
  it('reads gzip and plain files alike, and refuses invalid UTF-8', () => {
    const text = '{"a":1}\n{"b":2}\n';
    expect(linesOf(Buffer.from(text))).toEqual(['{"a":1}', '{"b":2}']);
    expect(linesOf(gzipSync(text))).toEqual(['{"a":1}', '{"b":2}']);
    expect(() => linesOf(Buffer.from([0x7b, 0xff, 0x7d]))).toThrow();
  });

  it('normalises to NFC and drops "Không có thông tin"', () => {
    const decomposed = 'Thu\u0309 tu\u0323c'; // combining marks, as some national records have
    const r = parseLine(JSON.stringify({ ma_thu_tuc: '1.000001', ten_thu_tuc: decomposed, yeu_cau_dieu_kien: 'Không có thông tin' }), 1);
    expect(r && 'record' in r && r.record.name).toBe('Thủ tục');
    expect(r && 'record' in r && r.record.conditionsText).toBeNull();
  });

  it('checks types, lengths and the code format', () => {
    expect(parseLine('   ', 1)).toBeNull();
    expect(parseLine(JSON.stringify({ ma_thu_tuc: '1.000001', ten_thu_tuc: 'x', linh_vuc: 'x'.repeat(501) }), 4)).toEqual({ error: { line: 4, reason: 'tooLong', field: 'linh_vuc' } });
    expect(parseLine(JSON.stringify({ ma_thu_tuc: '../etc', ten_thu_tuc: 'x' }), 5)).toEqual({ error: { line: 5, reason: 'badCode', field: 'ma_thu_tuc' } });
    expect(parseLine(JSON.stringify({ ma_thu_tuc: '1.000001', ten_thu_tuc: '  ' }), 6)).toEqual({ error: { line: 6, reason: 'missing', field: 'ten_thu_tuc' } });
    expect(parseLine(JSON.stringify({ ma_thu_tuc: 1, ten_thu_tuc: 'x' }), 7)).toEqual({ error: { line: 7, reason: 'notText', field: 'ma_thu_tuc' } });
  });

  it('recovers processing time and fees per channel', () => {
    expect(parseSubmission('Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến15 NgàyMiễn phíDịch vụ bưu chính15 NgàyMiễn phí')).toEqual({ time: '15 Ngày', fees: 'Miễn phí' });
    expect(parseSubmission('Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp10 Ngày làm việcLệ phí: 50.000 đồngTrực tuyến10 Ngày làm việcLệ phí: 25.000 đồng')).toEqual({
      time: '10 Ngày làm việc',
      fees: 'Trực tiếp: Lệ phí: 50.000 đồng\nTrực tuyến: Lệ phí: 25.000 đồng',
    });
    expect(parseSubmission(null)).toEqual({ time: null, fees: null });
  });

  it('puts each document on its own line with its number of copies', () => {
    const r = parseLine(JSON.stringify({ ma_thu_tuc: '1.000002', ten_thu_tuc: 'x', thanh_phan_ho_so: '--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị;Mẫu số 01.docx1 bản chínhHợp đồng (khi có yêu cầu);0 bản chính,1 bản sao' }), 1);
    expect(r && 'record' in r && r.record.documentsText).toBe('Đơn đề nghị;Mẫu số 01.docx – 1 bản chính\nHợp đồng (khi có yêu cầu); – 0 bản chính,1 bản sao');
  });

  it('tidies the flattened legal-basis and result tables', () => {
    expect(tidyLegal('Tên văn bản pháp lýMã văn bảnThông tư về phí thú y101/2020/TT-BTCNghị định 105/2021/NĐ-CP105/2021/NĐ-CP')).toBe(
      'Thông tư về phí thú y – 101/2020/TT-BTC\nNghị định 105/2021/NĐ-CP105/2021/NĐ-CP',
    );
    // Ambiguous joins stay as published rather than cut inside a code.
    expect(tidyLegal('Quyết định 19/2018/QĐ-TTgNghị quyết 66')).toBe('Quyết định 19/2018/QĐ-TTgNghị quyết 66');
    expect(tidyResult('Giấy khai sinhMã: KQ.G15.000031Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiệnTỉnh/ Thành phố')).toBe('Giấy khai sinh');
    expect(tidyResult('Đề án được phê duyệtMã: KQ-G10-KQ00009')).toBe('Đề án được phê duyệt');
    expect(tidyResult('Giấy phépMã: KQ.G1.1Từ khóaKhông có thông tinMô tảKhông có thông tinVăn bản từ chốiMã: KQ.G1.2Từ khóaKhông có thông tinMô tảKhông có thông tin')).toBe(
      'Giấy phép\nVăn bản từ chối',
    );
  });
});

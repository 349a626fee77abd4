import { describe, expect, it } from 'vitest';
import { looksAbusive, maskPersonalData } from './feedback.masking.ts';

/** A corpus of Vietnamese personal data as citizens actually write it: each secret must vanish, the rest stay. */
const CORPUS: Array<{ text: string; secrets: string[]; keep?: string[] }> = [
  { text: 'Tôi là Nguyễn Văn An, số CCCD 033095001234, điện thoại 0912 345 678.', secrets: ['Nguyễn Văn An', '033095001234', '0912 345 678'], keep: ['số CCCD'] },
  { text: 'CCCD: 033 095 001 234 cấp ngày 12/03/2021', secrets: ['033 095 001 234'], keep: ['12/03/2021'] },
  { text: 'CMND cũ 142345678 đã hết hạn', secrets: ['142345678'] },
  { text: 'Liên hệ qua email an.nguyen95@gmail.com hoặc tran.b@hungyen.gov.vn', secrets: ['an.nguyen95@gmail.com', 'tran.b@hungyen.gov.vn'] },
  { text: 'Gọi +84 987 654 321 hoặc 0221.3863.123 giúp tôi', secrets: ['+84 987 654 321', '0221.3863.123'] },
  { text: 'Số máy 84912345678 không liên lạc được', secrets: ['84912345678'] },
  { text: 'Xe máy biển số 89B1-123.45 bị giữ từ tuần trước', secrets: ['89B1-123.45'] },
  { text: 'Ô tô 29A-12345 đỗ chắn lối đi', secrets: ['29A-12345'] },
  { text: 'Nhà tôi ở số 15 ngõ 3 phố Bạch Đằng, phường Hiến Nam', secrets: ['15 ngõ 3'], keep: ['phường Hiến Nam'] },
  { text: 'Địa chỉ: số nhà 27, thôn Đông Hồ, xã Phụng Công', secrets: ['27', 'Đông Hồ'], keep: ['xã Phụng Công'] },
  { text: 'Gửi đến 12/4 đường Nguyễn Văn Linh', secrets: ['12/4'] },
  { text: 'Cán bộ Trần Minh Tuấn ở bộ phận một cửa rất nhiệt tình', secrets: ['Trần Minh Tuấn'], keep: ['bộ phận một cửa'] },
  { text: 'Bà Lê Thị Hoa theo hướng dẫn đã nộp hồ sơ', secrets: ['Lê Thị Hoa'], keep: ['theo hướng dẫn'] },
  { text: 'Họ tên: Phạm Quốc Bảo; mã hồ sơ 000.00.12.H31-250312-0001', secrets: ['Phạm Quốc Bảo'], keep: ['000.00.12.H31-250312-0001'] },
  { text: 'anh Hùng ở tổ dân phố số 5 hướng dẫn sai', secrets: ['Hùng'] },
  { text: 'Tôi đến Trung tâm Phục vụ hành chính công tỉnh ở đường Nguyễn Văn Linh, TP Hưng Yên', secrets: [], keep: ['Nguyễn Văn Linh', 'Trung tâm Phục vụ hành chính công'] },
  { text: 'Hồ sơ nộp ngày 15/01/2025 nhưng đến 20/02/2025 chưa có kết quả, phí 50.000 đồng', secrets: [], keep: ['15/01/2025', '20/02/2025', '50.000 đồng'] },
];

describe('masking personal data', () => {
  for (const c of CORPUS) {
    it(`masks: ${c.text.slice(0, 50)}`, () => {
      const out = maskPersonalData(c.text);
      for (const s of c.secrets) expect(out).not.toContain(s);
      for (const k of c.keep ?? []) expect(out).toContain(k);
    });
  }
  it('uses readable placeholders', () => {
    expect(maskPersonalData('SĐT 0912345678, email a@b.vn')).toBe('SĐT [số điện thoại], email [email]');
  });
  it('flags abusive words without flagging ordinary text', () => {
    expect(looksAbusive('cán bộ làm việc như vcl')).toBe(true);
    expect(looksAbusive('Đề nghị xem xét lại hồ sơ đất đai')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { maskPersonalData } from './masking.ts';

describe('masking personal data in stored questions', () => {
  const corpus: Array<[string, string]> = [
    ['CCCD của tôi là 001203004567, mất rồi', 'CCCD của tôi là [số định danh], mất rồi'],
    ['số định danh 001 203 004 567', 'số định danh [số định danh]'],
    ['CMND cũ 123456789', 'CMND cũ [số định danh]'],
    ['gọi cho tôi 0912345678 nhé', 'gọi cho tôi [số điện thoại] nhé'],
    ['sđt 0912.345.678', 'sđt [số điện thoại]'],
    ['số 091 234 5678', 'số [số điện thoại]'],
    ['liên hệ +84 912 345 678', 'liên hệ [số điện thoại]'],
    ['máy bàn 0221 3865 123', 'máy bàn [số điện thoại]'],
    ['email nguyen.van.a@gmail.com giúp em', 'email [email] giúp em'],
    ['mail Trần_B+dvc@hungyen.gov.vn', 'mail [email]'],
    ['xe biển 89A-123.45 bị phạt nguội', 'xe biển [biển số] bị phạt nguội'],
    ['biển số 29A1 12345', 'biển số [biển số]'],
    ['biển 30E-12345', 'biển [biển số]'],
    ['xe máy 89-B1 234.56', 'xe máy [biển số]'],
  ];
  for (const [input, expected] of corpus) it(input, () => expect(maskPersonalData(input)).toBe(expected));

  it('leaves ordinary numbers, dates, fees and dossier codes alone', () => {
    for (const s of ['bé 2 tháng tuổi', 'lệ phí 135.000 đồng', 'ngày 01/07/2025', 'hồ sơ H31.37-250101-0001', 'xây nhà 3 tầng 120 m2', 'gọi 1022', 'thông tư 12/2025/TT-BCA', 'đủ 25 tuổi'])
      expect(maskPersonalData(s)).toBe(s);
  });
});

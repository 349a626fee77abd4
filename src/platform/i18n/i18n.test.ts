import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDate, formatDateTime, formatNumber, messageKeys, parseDateInput, setSiteIdentity, siteInfo, todayInVietnam, translator } from './i18n.ts';
import { loadConfig } from '../config/config.ts';
import { foldVietnamese, normalizeDeep, normalizeInput, slugify } from './text.ts';

describe('formats', () => {
  it('writes dates as dd/MM/yyyy in Asia/Ho_Chi_Minh whatever the server time zone', () => {
    // 17:30 UTC on 30 June is already 1 July in Vietnam.
    expect(formatDate(new Date('2025-06-30T17:30:00Z'))).toBe('01/07/2025');
    expect(formatDateTime(new Date('2025-06-30T17:30:00Z'))).toBe('01/07/2025 00:30');
    expect(formatDate('2025-12-10')).toBe('10/12/2025');
    expect(todayInVietnam(new Date('2025-12-31T18:00:00Z'))).toBe('2026-01-01');
  });

  it('writes numbers the Vietnamese way', () => {
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatNumber(3567943)).toBe('3.567.943');
    expect(formatNumber(90, 1)).toBe('90,0');
  });

  it('parses dates typed as dd/MM/yyyy and refuses impossible ones', () => {
    expect(parseDateInput('1/7/2025')).toBe('2025-07-01');
    expect(parseDateInput('2025-07-01')).toBe('2025-07-01');
    expect(parseDateInput('31/02/2025')).toBeUndefined();
    expect(parseDateInput('hôm qua')).toBeUndefined();
  });
});

describe('text', () => {
  it('normalises input to NFC and strips control characters', () => {
    const nfd = 'Hưng Yên'.normalize('NFD');
    expect(nfd).not.toBe('Hưng Yên');
    expect(normalizeInput(nfd)).toBe('Hưng Yên');
    expect(normalizeInput('a\u0000b\u0007c\r\nd')).toBe('abc\nd');
    expect(normalizeDeep({ a: [nfd], [nfd]: 1 })).toEqual({ a: ['Hưng Yên'], 'Hưng Yên': 1 });
  });

  it('folds Vietnamese for search', () => {
    expect(foldVietnamese('ĐĂNG KÝ KHAI SINH')).toBe('dang ky khai sinh');
    expect(foldVietnamese('Giấy phép lái xe')).toBe('giay phep lai xe');
    expect(slugify('Cấp đổi, cấp lại GPLX!')).toBe('cap-doi-cap-lai-gplx');
  });
});

describe('locales', () => {
  it('has every English key in Vietnamese (Vietnamese is the source of truth)', () => {
    const vi = new Set(messageKeys('vi'));
    expect(messageKeys('en').filter((k) => !vi.has(k))).toEqual([]);
  });

  it('substitutes parameters and falls back to Vietnamese', () => {
    expect(translator('vi')('errors.rateLimited', { seconds: 30 })).toBe('Bạn thao tác quá nhanh. Vui lòng thử lại sau 30 giây.');
    expect(translator('en')('site.name')).toBe('Hưng Yên Public Services');
  });

  it('fills the province identity into messages, so locale files name no province and no hotline', () => {
    const base = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'dvc-i18n-')) }).identity;
    const text = (vi: string) => ({ vi, en: vi });
    try {
      setSiteIdentity({ ...base, province: text('Đà Nẵng'), siteName: { vi: 'Dịch vụ công Đà Nẵng', en: 'Da Nang Public Services' }, authority: text('UBND thành phố Đà Nẵng'), centre: text('Trung tâm Đà Nẵng'), address: text('Đà Nẵng'), hotline: '0236 3822', licence: text('GP Đà Nẵng') });
      expect(translator('vi')('site.name')).toBe('Dịch vụ công Đà Nẵng');
      expect(translator('vi')('site.hotline')).toBe('Tổng đài 0236 3822');
      // An explicit parameter still wins over the identity.
      expect(translator('vi')('site.address', { address: 'X' })).toBe('Địa chỉ: X');
      expect(siteInfo('en').siteName).toBe('Da Nang Public Services');
      for (const locale of ['vi', 'en'] as const) {
        const t = translator(locale);
        // Organisation names come from the province's own register (seed data), not from the identity.
        const leaks = messageKeys(locale).filter((k) => !k.startsWith('organisations.') && /Hưng Yên|\b1022\b/.test(t(k)));
        expect(leaks).toEqual([]);
      }
    } finally {
      setSiteIdentity(base);
    }
  });
});

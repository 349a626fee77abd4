import { describe, expect, it } from 'vitest';
import { isReceiptCode, newReceiptCode, normaliseCode } from './feedback.codes.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('receipt codes', () => {
  it('are random, short enough to read on the phone, and never repeat in 20,000 draws', () => {
    const codes = Array.from({ length: 20_000 }, () => newReceiptCode());
    for (const c of codes.slice(0, 100)) {
      expect(c).toMatch(/^PA-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/);
      expect(isReceiptCode(c)).toBe(true);
    }
    expect(new Set(codes).size).toBe(codes.length);
    // every character of the alphabet turns up in every random position (no fixed or sequential part)
    for (let pos = 0; pos < 8; pos++) expect(new Set(codes.map((c) => c.replace(/-/g, '').slice(2)[pos])).size, `position ${pos}`).toBe(ALPHABET.length);
  });

  it('the check character catches every single wrong character and every swap of two neighbours', () => {
    for (let n = 0; n < 200; n++) {
      const nine = newReceiptCode().replace(/-/g, '').slice(2);
      const fmt = (s: string) => `PA-${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`;
      for (let i = 0; i < 9; i++) {
        for (const ch of ALPHABET) if (ch !== nine[i]) expect(isReceiptCode(fmt(nine.slice(0, i) + ch + nine.slice(i + 1)))).toBe(false);
        if (i < 8 && nine[i] !== nine[i + 1]) {
          const swapped = nine.slice(0, i) + nine[i + 1] + nine[i] + nine.slice(i + 2);
          expect(isReceiptCode(fmt(swapped))).toBe(false);
        }
      }
    }
  });

  it('reads what a citizen types: any case, spaces, O for 0 and I/L for 1; older sequential codes stay valid', () => {
    const c = newReceiptCode();
    expect(normaliseCode(c.toLowerCase())).toBe(c);
    expect(normaliseCode(c.replace(/-/g, ' '))).toBe(c);
    expect(normaliseCode(c.replace(/-/g, ''))).toBe(c);
    const withZero = 'PA-' + '0'.repeat(8);
    const valid = [...ALPHABET].map((k) => `${withZero}${k}`).map((s) => `PA-${s.slice(3, 6)}-${s.slice(6, 9)}-${s.slice(9)}`).find(isReceiptCode)!;
    expect(normaliseCode(valid.replace(/0/g, 'O'))).toBe(valid);
    expect(normaliseCode('PA-2026-000004')).toBe('PA-2026-000004');
    expect(isReceiptCode('PA-2026-000004')).toBe(true);
    expect(normaliseCode('PA-26-4')).toBeUndefined();
    expect(normaliseCode('PA-UUU-UUU-UUU')).toBeUndefined();
  });
});

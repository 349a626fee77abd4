/**
 * Masks personal data in citizens' questions before they are stored: 12-digit personal ID numbers (CCCD),
 * 9-digit old ID numbers, phone numbers (0… / +84…, with spaces, dots or dashes), e-mail addresses and
 * Vietnamese licence plates. Masks keep the kind of data so staff can still read the question.
 */
const RULES: Array<[RegExp, string]> = [
  // e-mail first (may contain digits)
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, '[email]'],
  // licence plates: 29A-123.45, 29A1 12345, 30E-1234, 29-B1 123.45, 51LD-123.45
  [/\b\d{2}\s?-?\s?[A-Z]{1,2}\d?\s?-?\s?\d{3}\.?\d{1,2}\b/gi, '[biển số]'],
  // 12-digit personal ID (CCCD), possibly grouped 0xx xxx xxx xxx
  [/(?<![\d])\d{3}[\s.-]?\d{3}[\s.-]?\d{3}[\s.-]?\d{3}(?![\d])/g, '[số định danh]'],
  // phone numbers: +84 / 84 / 0 followed by 9–10 digits, separators allowed
  [/(?<![\d])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\d])/g, '[số điện thoại]'],
  // old 9-digit ID numbers
  [/(?<![\d])\d{9}(?![\d])/g, '[số định danh]'],
];

export function maskPersonalData(text: string): string {
  let out = text;
  for (const [re, mask] of RULES) out = out.replace(re, mask);
  return out;
}

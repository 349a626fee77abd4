/**
 * Personal data is masked by the platform's masker (src/platform/privacy/masking.ts, measured on a corpus of
 * citizens' sentences); this file keeps the feedback-specific checks.
 */
export { maskPersonalData, maskWithSpans, maskPhrases, publishedContacts, PLACEHOLDER_RE } from '../../platform/privacy/masking.ts';

/** Words that make a text unfit for publication as is (a moderator decides; the item is still handled). */
const ABUSIVE = ['đm', 'dm', 'đéo', 'đ.m', 'vcl', 'vkl', 'địt', 'lồn', 'cặc', 'đồ chó', 'mẹ mày', 'ngu như'];
export function looksAbusive(text: string): boolean {
  const t = ` ${text.toLowerCase()} `;
  return ABUSIVE.some((w) => new RegExp(`[\\s,.!?]${w.replace(/[.]/g, '\\.')}[\\s,.!?]`, 'u').test(t));
}

/**
 * Vietnamese text pipeline for the assistant's retrieval engine (pure functions, no I/O).
 * NFC → lowercase → strip control/zero-width → split on non letters/digits into syllables;
 * every syllable is also folded (marks removed, đ→d). Bigrams join adjacent folded syllables with "_".
 */

const MARKS = /[\u0300-\u036f]/g;

export function normalise(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\p{Cc}\u200b-\u200f\u2028-\u202f\ufeff]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function fold(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** Legacy tone placement (hoà/hòa, thuỷ/thủy): compare on a canonical form. */
const OLD_TONE: Record<string, string> = { 'oà': 'òa', 'oá': 'óa', 'oả': 'ỏa', 'oã': 'õa', 'oạ': 'ọa', 'oè': 'òe', 'oé': 'óe', 'oẻ': 'ỏe', 'oẽ': 'õe', 'oẹ': 'ọe', 'uỳ': 'ùy', 'uý': 'úy', 'uỷ': 'ủy', 'uỹ': 'ũy', 'uỵ': 'ụy' };
export function canonicalTone(syllable: string): string {
  return syllable.replace(/(oà|oá|oả|oã|oạ|oè|oé|oẻ|oẽ|oẹ|uỳ|uý|uỷ|uỹ|uỵ)$/u, (m) => OLD_TONE[m] ?? m);
}

export interface Syllable {
  /** accented, canonical tone placement */
  acc: string;
  /** folded (no marks, đ→d) */
  fold: string;
  /** true when the user typed at least one mark on this syllable */
  marked: boolean;
}

const SPLIT = /[^\p{L}\p{N}]+/u;

const CACHE = new Map<string, Syllable>();
function syllable(part: string): Syllable {
  let s = CACHE.get(part);
  if (!s) {
    const acc = canonicalTone(part);
    const f = fold(acc);
    s = { acc, fold: f, marked: f !== acc };
    if (CACHE.size > 200_000) CACHE.clear();
    CACHE.set(part, s);
  }
  return s;
}

export function syllables(text: string): Syllable[] {
  const out: Syllable[] = [];
  // keep "100%" / "1.000" style numbers as one token; split letters and digits glued by the user ("3nam" → "3","nam")
  for (const raw of normalise(text).replace(/(\d)[.,](?=\d{3}\b)/g, '$1').split(SPLIT)) {
    if (!raw) continue;
    if (/^\p{L}+$/u.test(raw)) out.push(syllable(raw));
    else for (const part of raw.match(/\p{L}+|\p{N}+/gu) ?? []) out.push(syllable(part));
  }
  return out;
}

export function isAccentedText(text: string): boolean {
  return fold(normalise(text)) !== normalise(text);
}

export function bigram(a: string, b: string): string {
  return `${a}_${b}`;
}

/** Folded unigrams + bigrams of a text (document side). */
export function docTerms(text: string): string[] {
  return termsOf(syllables(text));
}

export function termsOf(syl: Syllable[]): string[] {
  const terms: string[] = [];
  for (let i = 0; i < syl.length; i++) {
    terms.push(syl[i]!.fold);
    if (i + 1 < syl.length) terms.push(bigram(syl[i]!.fold, syl[i + 1]!.fold));
  }
  return terms;
}

/** Accented unigrams prefixed with "~" (an extra signal when the user typed marks). */
export function accentedTerms(text: string): string[] {
  return syllables(text)
    .filter((s) => s.marked)
    .map((s) => `~${s.acc}`);
}

/**
 * Function words of chat questions. Accented forms are matched when the user typed marks, folded forms when the
 * syllable carries none (so "căn" in "căn cước" is never a stopword while unmarked "can" may be "cần").
 */
const STOP_ACCENTED = new Set(
  (
    'tôi toi em mình anh chị chi bạn ban ad ạ à ơi nhé nhe nha vậy vay thì là có không ko k hông hok được đc dc cái ' +
    'thế nào sao gì j ở đâu chỗ nào cần những các của và với mà rồi này nay ấy đó kia cho để phải làm lam bao nhiêu ' +
    'bn mấy hay hoặc hả hỏi muốn xin giúp thủ tục trên qua ra vào đi nữa luôn cũng đã đang sẽ vẫn như khi nếu ' +
    'thì một ai bị'
  ).split(' '),
);
const STOP_FOLDED = new Set([...STOP_ACCENTED].map(fold));
/** Folded forms that collide with content syllables: only a stopword when written with the stop's own marks. */
const FOLDED_AMBIGUOUS = new Set(['can', 'lai', 'ma', 'nha', 'con', 'ban', 'hai', 'mot', 'nguoi', 'di', 'ra', 'vao', 'qua', 'tren', 'xin', 'lam', 'khi', 'bi', 'cho', 'thu', 'tuc', 'hoi', 'muon']);

export function isStop(s: Syllable): boolean {
  if (s.marked) return STOP_ACCENTED.has(s.acc);
  if (FOLDED_AMBIGUOUS.has(s.fold)) return false;
  return STOP_FOLDED.has(s.fold);
}

/** Damerau-Levenshtein distance ≤ 1 candidates of a word over an alphabet (for typo correction). */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export function edits1(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= w.length; i++) {
    const a = w.slice(0, i);
    const b = w.slice(i);
    if (b) out.push(a + b.slice(1));
    if (b.length > 1) out.push(a + b[1] + b[0] + b.slice(2));
    for (const c of ALPHABET) {
      if (b) out.push(a + c + b.slice(1));
      out.push(a + c + b);
    }
  }
  return out;
}

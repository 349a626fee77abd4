import { randomInt } from 'node:crypto';

/**
 * Receipt (tracking) codes a citizen reads out on the phone: "PA-7K3-M9X-Q2C". Eight random characters (40 bits)
 * from the Crockford base-32 alphabet (digits and capitals without I, L, O, U, so nothing is misheard or misread)
 * and a check character (Damm, over GF(32)) that catches any single wrong character and any swap of two neighbours. A
 * code cannot be guessed from another one: there is no sequence to enumerate. Codes issued before (sequential
 * "PA-2026-000004") stay valid.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;
const RANDOM_CHARS = 8;

/** Both forms, as stored and shown (route parameters). */
export const CODE_PATTERN = `^PA-(?:\\d{4}-\\d{6}|[${ALPHABET}]{3}-[${ALPHABET}]{3}-[${ALPHABET}]{3})$`;
const CODE_RE = new RegExp(CODE_PATTERN);

/** Multiplication in GF(32) (polynomial x⁵ + x² + 1). */
function gfMul(a: number, b: number): number {
  let r = 0;
  for (; b; b >>= 1) {
    if (b & 1) r ^= a;
    a <<= 1;
    if (a & 32) a ^= 0b100101;
  }
  return r;
}
/**
 * Damm check over the quasigroup x∘y = 2·x + y in GF(32): totally anti-symmetric, so every single wrong
 * character and every swap of two neighbouring characters changes the result.
 */
const damm = (chars: string) => [...chars].reduce((acc, c) => gfMul(2, acc) ^ ALPHABET.indexOf(c), 0);
/** The check character that brings the whole code to 0. */
const checkChar = (payload: string) => ALPHABET[gfMul(2, damm(payload))]!;

const format = (nine: string) => `PA-${nine.slice(0, 3)}-${nine.slice(3, 6)}-${nine.slice(6)}`;

/** A fresh random code (the caller retries on the rare collision with an existing one). */
export function newReceiptCode(): string {
  let s = '';
  for (let i = 0; i < RANDOM_CHARS; i++) s += ALPHABET[randomInt(N)];
  return format(s + checkChar(s));
}

/** A stored or displayed code of either form (exact, as in a URL). */
export function isReceiptCode(code: string): boolean {
  if (!CODE_RE.test(code)) return false;
  if (/^PA-\d{4}-\d{6}$/.test(code)) return true;
  const nine = code.slice(3).replace(/-/g, '');
  return damm(nine) === 0;
}

/**
 * What a citizen typed → the code, or undefined: any case, spaces or dashes ("pa 7k3 m9x q2c"), and the letters
 * people confuse with digits (O → 0, I/L → 1). A wrong check character is no code (nothing is looked up).
 */
export function normaliseCode(input: string): string | undefined {
  const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const legacy = /^PA(\d{4})(\d{6})$/.exec(raw);
  if (legacy) return `PA-${legacy[1]}-${legacy[2]}`;
  if (!raw.startsWith('PA') || raw.length !== 2 + RANDOM_CHARS + 1) return undefined;
  const nine = raw.slice(2).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (![...nine].every((c) => ALPHABET.includes(c))) return undefined;
  const code = format(nine);
  return isReceiptCode(code) ? code : undefined;
}

/** Text normalisation shared by forms, search and the assistant. */

/** NFC, no control characters except newline and tab, no NUL. Applied to every text input at the edge. */
export function normalizeInput(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/** Recursively normalise every string in a parsed body or query. */
export function normalizeDeep<T>(value: T): T {
  if (typeof value === 'string') return normalizeInput(value) as T;
  if (Array.isArray(value)) return value.map((v) => normalizeDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[normalizeInput(k)] = normalizeDeep(v);
    return out as T;
  }
  return value;
}

/** Lower case, diacritics removed, đ → d: "Đăng ký Khai sinh" → "dang ky khai sinh". */
export function foldVietnamese(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .normalize('NFC');
}

/** URL slug from Vietnamese text. */
export function slugify(value: string): string {
  return foldVietnamese(value)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/**
 * Automatic masking of personal data before anything is published (Decree 13/2023 on personal data): ID
 * numbers (12-digit CCCD, 9-digit CMND), phone numbers, e-mail addresses, vehicle plates, house addresses and
 * names introduced by a cue ("tôi là", "ông", "bà", "họ tên:"…). The original text stays private.
 */

const UPPER = 'A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ';
const LOWER = 'a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ';
const NAME_WORD = `[${UPPER}][${LOWER}]+`;

const RULES: Array<[RegExp, string]> = [
  // e-mail first: its digits must not be read as a phone number
  [/[\p{L}0-9._%+-]+@[\p{L}0-9.-]+\.[a-z]{2,}/giu, '[email]'],
  // vehicle plates: 89A-123.45, 29A1-123.45, 89-B1 123.45, 30E12345
  [/\b\d{2}\s?-?\s?[A-Z]{1,2}\d?\s?-?\s?\d{3}\.?\d{2}\b/g, '[biển số]'],
  // phone numbers: 0xxx xxx xxx, +84 xxx…, 84xxxxxxxxx, with spaces, dots or dashes
  [/(?<![\d])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\d])/g, '[số điện thoại]'],
  // ID numbers: 12-digit citizen ID, 9-digit old ID, with optional spaces in groups of 3/4
  [/(?<![\d])\d{3}[\s.]?\d{3}[\s.]?\d{3}[\s.]?\d{3}(?![\d])/g, '[số định danh]'],
  [/(?<![\d])\d{9}(?![\d])/g, '[số định danh]'],
  // house addresses: "số 12 ngõ 3 phố …", "số nhà 15", "nhà số 7", "12/3 đường …", "thôn …, xóm …"
  [
    new RegExp(
      `(?:(?:số\\s+nhà|nhà\\s+số|số)\\s+\\d+[A-Za-z]?(?:\\/\\d+)*(?:\\s*,?\\s*(?:ngõ|ngách|hẻm|kiệt|tổ|đường|phố|ấp|xóm|thôn)\\s+[^,.;\\n]{1,40})*|\\d+[A-Za-z]?(?:\\/\\d+)*(?:\\s*,?\\s*(?:ngõ|ngách|hẻm|kiệt|đường|phố)\\s+[^,.;\\n]{1,40})+)`,
      'giu',
    ),
    '[địa chỉ]',
  ],
  [new RegExp(`(?:ngõ|ngách|hẻm|kiệt)\\s+\\d+[^,.;\\n]{0,30}`, 'giu'), '[địa chỉ]'],
  [new RegExp(`\\b(?:xóm|thôn|tổ dân phố)\\s+(?:\\d+|${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})`, 'gu'), '[địa chỉ]'],
];

// Names: a cue followed by 2–4 capitalised words ("tôi là Nguyễn Văn An", "ông Trần Bình", "họ tên: Lê Thị Hoa").
const NAME_CUES = [
  'tôi là',
  'tôi tên là',
  'tên tôi là',
  'tên là',
  'họ và tên',
  'họ tên',
  'họ và tên:',
  'ông',
  'bà',
  'anh',
  'chị',
  'em',
  'cháu',
  'cô',
  'chú',
  'bác',
  'cụ',
  'cán bộ',
  'đồng chí',
];
const cueRe = (c: string) => `[${c[0]!.toUpperCase()}${c[0]}]${c.slice(1).replace(/ /g, '\\s+')}`;
const NAME_RE = new RegExp(`(^|[\\s,.;:(])((?:${NAME_CUES.map(cueRe).join('|')})\\s*:?\\s+)(${NAME_WORD}(?:\\s+${NAME_WORD}){0,3})`, 'gu');
const NAME_RE_NO_CUE_CASE = new RegExp(`${NAME_WORD}`, 'u');

// Vietnamese surnames: a capitalised run of 2–4 words starting with one of them is taken for a full name.
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Đoàn', 'Lương', 'Mai', 'Cao', 'Tạ', 'Đào', 'Lại', 'Vương'];
const FULLNAME_RE = new RegExp(`\\b(?:${SURNAMES.join('|')})(?:\\s+${NAME_WORD}){1,3}`, 'gu');
// Place names that start like a surname and must stay ("Hồ Chí Minh" is a city and a person; keep the city).
const KEEP = ['Hồ Chí Minh', 'Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Trãi', 'Lý Thường Kiệt', 'Phạm Ngũ Lão'];

export function maskPersonalData(text: string): string {
  let out = text.normalize('NFC');
  for (const [re, repl] of RULES) out = out.replace(re, repl);
  out = out.replace(NAME_RE, (_m, pre: string, cue: string, name: string) => {
    if (!NAME_RE_NO_CUE_CASE.test(name)) return _m;
    return `${pre}${cue}[họ tên]`;
  });
  out = out.replace(FULLNAME_RE, (m, offset: number, whole: string) => {
    if (KEEP.some((k) => m.startsWith(k))) return m;
    // streets, wards and schools are often named after people: "đường Nguyễn Văn Linh", "trường Lê Quý Đôn"
    if (/(?:đường|phố|phường|xã|trường|cầu|TP\.?|thành phố|quận|huyện)\s+$/iu.test(whole.slice(Math.max(0, offset - 15), offset))) return m;
    return '[họ tên]';
  });
  return out;
}

/** Words that make a text unfit for publication as is (a moderator decides; the item is still handled). */
const ABUSIVE = ['đm', 'dm', 'đéo', 'đ.m', 'vcl', 'vkl', 'địt', 'lồn', 'cặc', 'đồ chó', 'mẹ mày', 'ngu như'];
export function looksAbusive(text: string): boolean {
  const t = ` ${text.toLowerCase()} `;
  return ABUSIVE.some((w) => new RegExp(`[\\s,.!?]${w.replace(/[.]/g, '\\.')}[\\s,.!?]`, 'u').test(t));
}

/**
 * Masking of personal data (Law 91/2025/QH15, Decree 356/2025) before any citizen-written text is shown to
 * moderators or the public. Works on the ORIGINAL text (case and marks kept): lower-casing first hides names.
 *
 * Detection collects spans, then replaces each with a readable placeholder that keeps the kind of data
 * ("[số điện thoại]") so a moderator can still understand the sentence. Kinds: e-mail, phone, ID number
 * (12-digit CCCD, 9-digit CMND), vehicle plate, bank account, tax code, social-insurance code, date of birth,
 * house address and personal name. Masking is only the first line: a human moderates every public text.
 */
import { ADMIN_UNITS, BANKS, COMPOUND_TAILS, GIVEN_NAMES, LANDMARKS, ORG_WORDS, MIDDLE_NAMES, NAME_STOP_WORDS, PLACE_CUES, PLACES, STRONG_MIDDLE_NAMES, SURNAMES, SURNAMES_WEAK, TITLE_WORDS } from './lexicon.ts';

export type PiiKind = 'email' | 'phone' | 'id' | 'plate' | 'bank' | 'tax' | 'insurance' | 'dob' | 'address' | 'name';

export const PLACEHOLDERS: Record<PiiKind, string> = {
  email: '[email]',
  phone: '[số điện thoại]',
  id: '[số định danh]',
  plate: '[biển số]',
  bank: '[số tài khoản]',
  tax: '[mã số thuế]',
  insurance: '[mã số BHXH]',
  dob: '[ngày sinh]',
  address: '[địa chỉ]',
  name: '[họ tên]',
};
/** Placeholders as they appear in masked text (moderators' preview highlights them; `[đã ẩn]` = masked by hand). */
export const MANUAL_PLACEHOLDER = '[đã ẩn]';
export const PLACEHOLDER_RE = new RegExp(`(${[...Object.values(PLACEHOLDERS), MANUAL_PLACEHOLDER].map((p) => p.replace(/[[\]]/g, '\\$&')).join('|')})`, 'gu');

export interface Span {
  start: number;
  end: number;
  kind: PiiKind;
}

export interface MaskOptions {
  /**
   * Published values that must stay (an agency's own phone or e-mail, an official's published name in an
   * answer). Compared on digits for phones, lower case for e-mails and folded words for names.
   */
  keep?: (kind: PiiKind, value: string) => boolean;
}

const U = 'A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ';
const L = 'a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ';
/** A capitalised word ("An", "A") or one in capitals ("NGUYỄN"). */
const CAP_WORD = `[${U}](?:[${L}]+|[${U}]+)?`;
const WORD = `[${U}${L}]+`;
const NOT_LETTER_BEFORE = `(?<![${U}${L}\\p{N}])`;
const NOT_LETTER_AFTER = `(?![${U}${L}\\p{N}])`;

export const foldVi = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D')).normalize('NFC').toLowerCase();
const SURNAME_SET = new Set(SURNAMES.map(foldVi));
const SURNAME_ACCENTED = new Set(SURNAMES.map((s) => s.toLowerCase()));
const WEAK_SET = new Set(SURNAMES_WEAK.map((s) => s.toLowerCase()));
const MIDDLE_SET = new Set(MIDDLE_NAMES.map(foldVi));
const MIDDLE_ACCENTED = new Set(MIDDLE_NAMES.map((s) => s.toLowerCase()));
/** A word typed with marks is compared with marks ("vụ" is not "Vũ"); one typed without, folded. */
const hasMarks = (w: string) => foldVi(w) !== w.toLowerCase();
const isSurname = (w: string) => (hasMarks(w) ? SURNAME_ACCENTED.has(lower(w)) : SURNAME_SET.has(foldVi(w)));
const isMiddle = (w: string) => (hasMarks(w) ? MIDDLE_ACCENTED.has(lower(w)) : MIDDLE_SET.has(foldVi(w)));
const STOP_SET = new Set(NAME_STOP_WORDS.map((s) => s.toLowerCase()));
const TITLE_SET = new Set(TITLE_WORDS.map((s) => s.toLowerCase()));
const ORG_SET = new Set(ORG_WORDS.map((s) => s.toLowerCase()));
const PLACES_FOLDED = PLACES.map(foldVi);
const GIVEN_SET = new Set(GIVEN_NAMES.map(foldVi));
const GIVEN_ACCENTED = new Set(GIVEN_NAMES.map((s) => s.toLowerCase()));
const isGiven = (w: string) => (hasMarks(w) ? GIVEN_ACCENTED.has(lower(w)) : GIVEN_SET.has(foldVi(w)));
const STRONG_MIDDLE = new Set(STRONG_MIDDLE_NAMES.map((s) => s.toLowerCase()));
/** "Trung tâm", "Văn phòng", "Bình thường": a capitalised word that starts a common noun with the next word. */
const startsCompound = (w: string, next: string | undefined) => Boolean(next && COMPOUND_TAILS[lower(w)]?.includes(lower(next)));
const COMPOUND_TAILS_FOLDED = new Map(Object.entries(COMPOUND_TAILS).map(([w, tails]) => [foldVi(w), new Set(tails.map(foldVi))]));
/** The same, typed without marks: "gia dinh" is "gia đình" far more often than the name "Gia Định". */
const startsCompoundUnmarked = (w: string, next: string) => Boolean(COMPOUND_TAILS_FOLDED.get(foldVi(w))?.has(foldVi(next)));
const PLACE_CUE_RE = new RegExp(`(?:^|[\\s,(])(?:${PLACE_CUES.join('|')})\\s+$`, 'iu');

const lower = (s: string) => s.toLowerCase();
/** Case-insensitive keywords inside a case-sensitive pattern (Node 20 has no inline (?i:) groups). */
function ci(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (c.toLowerCase() !== c.toUpperCase()) out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    else out += c;
  }
  return out;
}
const before = (text: string, i: number, n: number) => text.slice(Math.max(0, i - n), i);
const isCapWord = (w: string) => new RegExp(`^${CAP_WORD}$`, 'u').test(w);

/** What the 60 characters before a number say it is. */
function numberContext(prefix: string): PiiKind | 'dossier' | 'money' | undefined {
  const p = foldVi(prefix);
  const last = (re: RegExp) => {
    let best = -1;
    for (const m of p.matchAll(re)) best = Math.max(best, m.index!);
    return best;
  };
  const cues: Array<[PiiKind | 'dossier', number]> = [
    ['bank', last(/\b(?:stk|so tk|tk|tai khoan|ngan hang|chuyen khoan|chuyen tien|the atm|so the|account)\b/g)],
    ['bank', last(new RegExp(`\\b(?:${BANKS.join('|')})\\b`, 'g'))],
    ['tax', last(/\b(?:mst|ma so thue|ma so doanh nghiep|ma so ho kinh doanh|ma thue)\b/g)],
    ['insurance', last(/\b(?:bhxh|bhyt|bao hiem xa hoi|bao hiem y te|ma so bao hiem|so bao hiem|the bao hiem|ma bhxh|ma the)\b/g)],
    ['id', last(/\b(?:cccd|cmnd|cmt|can cuoc|dinh danh|chung minh|ho chieu|passport|so dinh danh)\b/g)],
    ['phone', last(/\b(?:sdt|dt|dien thoai|so may|may ban|di dong|goi|lien he|lien lac|zalo|hotline|tel|phone|nhan tin|so dien thoai)\b/g)],
    ['dossier', last(/\b(?:ma ho so|ho so so|so ho so|ma so ho so|ma giao dich|ma bien nhan|so bien nhan)\b/g)],
  ];
  const found = cues.filter(([, i]) => i >= 0).sort((a, b) => b[1] - a[1])[0];
  return found?.[0];
}

const SERVICE_NUMBER = /^(?:1900|1800)\d{4,6}$|^1\d{2,3}$/;
const CURRENCY_AFTER = /^\s*(?:đồng|đ\b|vnđ|vnd|usd|triệu|tỷ|nghìn|ngàn|k\b|%)/iu;

/** Number runs: digits with spaces, dots, dashes, brackets or a leading +, e.g. "(+84) 912 345 678". */
const NUMBER_RUN = new RegExp(`${NOT_LETTER_BEFORE}(?:\\(\\s?)?\\+?\\s?\\d(?:\\d|[ .\\-]{1,2}(?=[\\d(])|\\)\\s?(?=\\d)|\\(\\s?(?=[\\d+]))*`, 'gu');

function detectNumbers(text: string, taken: (s: number, e: number) => boolean, out: Span[]) {
  for (const m of text.matchAll(NUMBER_RUN)) {
    let start = m.index!;
    let raw = m[0];
    // a trailing separator is not part of the number
    raw = raw.replace(/[ .\-(]+$/, '');
    // an opening bracket belongs to the number only when it closes inside it: "(0221) 3862123", not "(0912 …)"
    const lead = (raw.match(/^[ .-]+/)?.[0].length ?? 0) || (raw.startsWith('(') && !raw.includes(')') ? (raw.match(/^\(\s?/)?.[0].length ?? 0) : 0);
    start += lead;
    raw = raw.slice(lead);
    const end = start + raw.length;
    if (!raw || taken(start, end)) continue;
    const digits = raw.replace(/\D/g, '');
    const after = text.slice(end, end + 12);
    const prev = text[start - 1] ?? '';
    // glued to letters or code punctuation: part of a code (dossier code "H31-250312-0001", "1234/QĐ-UBND")…
    const gluedBefore = /[\p{L}/_]/u.test(prev) || (/[.-]/.test(prev) && /[\p{L}\p{N}]/u.test(text[start - 2] ?? ''));
    const gluedAfter = /^[/_]|^[.-]?[\p{L}]/u.test(after) && !/^[.-]?\s/.test(after);
    if (gluedBefore || gluedAfter) {
      // …unless the letters are a cue typed without a space: "sđt0912345678", "stk:123…" stay personal.
      const token = before(text, start, 12).split(/\s/).pop() ?? '';
      if (!(gluedBefore && /^(?:sđt|sdt|đt|dt|stk|tk|cccd|cmnd|mst|zalo|tel|bhxh):?$/iu.test(token)) || digits.length < 8) continue;
    }
    if (CURRENCY_AFTER.test(after)) continue;
    // dates and year ranges (12-03-2021, 2020-2025) are not numbers of a person
    if (/^\d{1,2}[.-]\d{1,2}[.-](?:19|20)\d{2}$/.test(raw) || /^(?:19|20)\d{2}\s?[-–]\s?(?:19|20)\d{2}$/.test(raw)) continue;
    if (SERVICE_NUMBER.test(digits)) continue;
    const ctx = numberContext(before(text, start, 60));
    if (ctx === 'dossier' && !/^(?:\+?84|0)\d{8,10}$/.test(digits.replace(/^\+/, ''))) continue;
    let kind: PiiKind | undefined;
    const phoneLike = /^(?:84|0)\d{8,10}$/.test(digits) || /^[35789]\d{8}$/.test(digits);
    if (ctx && ctx !== 'dossier' && ctx !== 'money' && digits.length >= 7) kind = ctx;
    else if (digits.length >= 8) kind = phoneLike ? 'phone' : digits.length === 12 || digits.length === 9 ? 'id' : digits.length === 10 || digits.length === 13 ? 'tax' : 'bank';
    // a local landline without its area code ("3 862 123") only with a phone cue
    else if (digits.length === 7 && ctx === 'phone') kind = 'phone';
    if (!kind) continue;
    if (kind === 'phone' && digits.length < 9 && ctx !== 'phone') continue;
    out.push({ start, end, kind });
  }
}

const EMAIL_RE = /[\p{L}\p{N}._%+-]+\s?@\s?[\p{L}\p{N}-]+(?:\s?\.\s?[\p{L}\p{N}-]+)*/gu;
/**
 * E-mails written to dodge harvesters: "an [at] gmail [dot] com", "an at gmail.com", "an(a)gmail.com",
 * "an a còng gmail chấm com". The "@" and "." stand-ins are generic; with a bare word ("at", "chấm") the domain
 * must end on a known top-level domain or be a known mailbox provider, so ordinary text is not taken.
 */
const OB_AT = `(?:\\s*[[({<]\\s*(?:at|a|@|a\\s*còng|a\\s*cong)\\s*[\\])}>]\\s*|\\s+(?:at|AT|a\\s+còng|a\\s+cong|acong|còng)\\s+)`;
const OB_DOT = `(?:\\s*[[({<]\\s*(?:dot|chấm|cham|\\.)\\s*[\\])}>]\\s*|\\s+(?:dot|DOT|chấm|cham)\\s+|\\s?\\.\\s?)`;
const TLD = '(?:com|net|org|vn|edu|gov|info|biz|io|me|asia)';
const OBFUSCATED_EMAIL_RE = new RegExp(`(?<![\\p{L}\\p{N}._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]*)${OB_AT}([A-Za-z0-9-]+(?:${OB_DOT}[A-Za-z0-9-]+)*)`, 'gu');
function detectObfuscatedEmails(text: string, out: Span[]) {
  for (const m of text.matchAll(OBFUSCATED_EMAIL_RE)) {
    const parts = m[2]!.split(new RegExp(OB_DOT, 'u'));
    // the domain ends where a part stops looking like one: "gmail chấm com nhé" → gmail, com
    let k = parts.length;
    while (k > 1 && !new RegExp(`^${TLD}$`, 'i').test(parts[k - 1]!)) k--;
    const provider = /^(?:gmail|yahoo|outlook|hotmail|icloud|ymail|live)$/i.test(parts[0]!);
    if (k < 2 && !provider) continue;
    const domainText = k >= 2 ? m[2]!.slice(0, m[2]!.lastIndexOf(parts[k - 1]!) + parts[k - 1]!.length) : parts[0]!;
    const end = m.index! + m[0].length - m[2]!.length + domainText.length;
    out.push({ start: m.index!, end, kind: 'email' });
  }
}
const PLATE_RE = new RegExp(`${NOT_LETTER_BEFORE}(?<![\\p{L}\\p{N}][-/])\\d{2}\\s?-?\\s?[A-Za-z]{1,2}\\d?\\s?[-.]?\\s?\\d{3}\\.?\\d{1,2}${NOT_LETTER_AFTER}(?![-/][\\p{L}\\p{N}])`, 'gu');
const DATE = `(?:\\d{1,2}\\s?[/.\\-]\\s?\\d{1,2}\\s?[/.\\-]\\s?(?:19|20)?\\d{2}|\\d{1,2}\\s+tháng\\s+\\d{1,2}\\s+năm\\s+(?:19|20)\\d{2}|(?:19|20)\\d{2})`;
const DOB_RE = new RegExp(
  `(?:ngày\\s*,?\\s*tháng\\s*,?\\s*năm\\s+sinh|ngày\\s+sinh|năm\\s+sinh|sinh\\s+ngày|sinh\\s+năm|sinh\\s+nhật|sinh|DOB|sn|ns|d\\.o\\.b)\\s*(?:là|vào)?\\s*(?:ngày)?\\s*[:\\-]?\\s*(${DATE})${NOT_LETTER_AFTER}`,
  'giu',
);

function add(out: Span[], start: number, end: number, kind: PiiKind) {
  if (end > start) out.push({ start, end, kind });
}

/** House addresses: a house number and/or a small unit (ngõ, ngách, hẻm, kiệt, tổ, thôn, xóm…) and the street. */
function detectAddresses(text: string, out: Span[]) {
  const NUM = `\\d{1,4}[A-Za-z]?(?:\\s?[/\\-]\\s?\\d{1,4}[A-Za-z]?)*`;
  const NAME = `${CAP_WORD}(?:\\s+${CAP_WORD}){0,3}`;
  const LNAME = `${WORD}(?:\\s+${WORD}){0,2}`;
  // units that take a number, units that also take a name; unaccented forms ("ngo 3", "thon dong ho") also take
  // lower-case names. Every keyword must end on a word boundary ("Thông tư" is not "thôn").
  const kw = (alts: string) => `${ci(`(?:${alts})`)}${NOT_LETTER_AFTER}`;
  const UNIT_NUM = kw('tổ\\s+dân\\s+phố|to\\s+dan\\s+pho|tdp|khu\\s+phố|khu\\s+pho|ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet|phòng|phong|căn\\s+hộ|can\\s+ho|lô|lo|tổ|to|đội|doi|khu|số\\s+nhà|so\\s+nha|nhà\\s+số|nha\\s+so|xóm|xom|thôn|thon|ấp|ap');
  const UNIT_NAME = kw('ngõ|ngách|hẻm|kiệt|thôn|xóm|ấp|bản|làng|khu\\s+phố|tổ\\s+dân\\s+phố|khu\\s+tập\\s+thể|khu\\s+dân\\s+cư');
  const UNIT_PLAIN = kw('ngo|ngach|hem|kiet|thon|xom|ap|lang|khu\\s+pho|to\\s+dan\\s+pho');
  const STREET = kw('đường|duong|phố|pho');
  const COMPONENT = `(?:${UNIT_NAME}\\s*:?\\s*(?:${ci('số')}\\s+)?(?:${NUM}|${NAME})|${UNIT_PLAIN}\\s*:?\\s*(?:${NUM}|${NAME}|${LNAME})|${UNIT_NUM}\\s*:?\\s*(?:${ci('số')}\\s+)?${NUM}|${STREET}\\s+(?:${NUM}|${NAME}|${LNAME})|${NAME})`;
  const SEP = `(?:\\s*,\\s*|\\s+|\\s*-\\s*)`;
  const lead = new RegExp(
    `${NOT_LETTER_BEFORE}(?:${kw('số|so|nhà|nha')}\\s*:?\\s*${NUM}|${UNIT_NUM}\\s*:?\\s*(?:${ci('số')}\\s+)?${NUM}|${UNIT_NAME}\\s*:?\\s*${NAME}|${UNIT_PLAIN}\\s*:?\\s*(${LNAME})|${NUM}(?=\\s+(?:${UNIT_NAME}|${UNIT_PLAIN}|${UNIT_NUM}|${STREET})\\s))(?:${SEP}${COMPONENT})*${NOT_LETTER_AFTER}`,
    'gu',
  );
  for (const m of text.matchAll(lead)) {
    const s = m.index!;
    let v = m[0];
    if (/hàng\s+$/iu.test(before(text, s, 6))) continue;
    // "Mẫu số 18", "Điều 5 khoản 2", "Phụ lục số 1": a document's number, not a house
    if (/(?:mẫu|biểu|phụ\s+lục|điều|khoản|mục|tờ|trang|phiếu|văn\s+bản|quyết\s+định|nghị\s+định|thông\s+tư|công\s+văn|chỉ\s+thị|bước)\s*$/iu.test(before(text, s, 14))) continue;
    // a bare number counts only with a unit or street after it ("12/4 đường …", "15 ngõ 3")
    if (/^\d/.test(v) && !/\s\S/u.test(v.trim())) continue;
    if (m[1]) {
      // a lower-case unit name ("thôn đông hồ") ends at the first ordinary word ("xóm tôi có…")
      const words = m[1].split(/\s+/);
      const k = words.findIndex((w) => STOP_SET.has(lower(w)) || TITLE_SET.has(lower(w)));
      if (k === 0) continue;
      if (k > 0) v = v.slice(0, v.indexOf(m[1]) + words.slice(0, k).join(' ').length);
    }
    // "số"/"nhà" + number is everywhere (số 1234/QĐ-UBND, số lượng 3, nhà 3 tầng): a house only with an address
    // cue before it, or a unit/street after it
    if (/^(?:số|so|nhà|nha)\s*:?\s*\d/iu.test(v) && !/^(?:số\s+nhà|so\s+nha|nhà\s+số|nha\s+so)/iu.test(v)) {
      const rest = v.replace(/^\S+\s*:?\s*\S+/u, '');
      const hasComponent = rest.trim().length > 0;
      const cue = /(?:nhà|nha|ở|o|tại|tai|địa\s+chỉ|dia\s+chi|đc|trú|tru|sống|song|cư\s+trú|về|đến|gần)\s*(?:tôi|em|mình|chúng\s+tôi|toi)?\s*(?:ở|tại|o)?\s*:?\s*$/iu.test(before(text, s, 25));
      // "đường 3/2 số 120", "phố Huế số 5": a house number right after a street name
      const afterStreet = /(?:đường|phố|ngõ|ngách|hẻm|kiệt|duong|pho)\s+\S+(?:\s+\S+){0,3}\s*,?\s*$/iu.test(before(text, s, 30));
      const next = text.slice(s + v.length, s + v.length + 2);
      if (/^[/.]\S/u.test(next) || /^\s*(?:tầng|người|lần|m2|m²|mét|bản|trang|năm|tháng|ngày|giờ|phút|tuổi|con|cái|chiếc)/iu.test(text.slice(s + v.length, s + v.length + 8))) continue;
      if (!hasComponent && !cue && !afterStreet) continue;
    }
    // stop before administrative units (phường, xã, quận…): public, and needed to route the item
    const cut = v.search(new RegExp(`(?:,\\s*|\\s+|-\\s*)(?:${ADMIN_UNITS.join('|')})(?:\\s|$)`, 'iu'));
    if (cut === 0) continue;
    add(out, s, s + (cut > 0 ? cut : v.length), 'address');
  }
  // number + street without a keyword: "45/12 Nguyễn Trãi", "ở 17 Hai Bà Trưng"
  const bare = new RegExp(`${NOT_LETTER_BEFORE}(${NUM})\\s+(${NAME})`, 'gu');
  for (const m of text.matchAll(bare)) {
    const s = m.index!;
    const num = m[1]!;
    const slash = /\d\s?\/\s?\d/.test(num) && !/\/\s?(?:19|20)\d{2}$/.test(num);
    const cue = /(?:nhà|ở|tại|địa\s+chỉ|trú|sống|về|đến|gần|:)\s*(?:tôi|em|mình)?\s*(?:ở|tại)?\s*(?:số)?\s*$/iu.test(before(text, s, 20));
    if (!slash && !cue) continue;
    const firstWord = m[2]!.split(/\s+/)[0]!;
    if (TITLE_SET.has(lower(firstWord)) || firstWord.length < 2) continue;
    add(out, s, s + m[0].length, 'address');
  }
}

/**
 * A house described by a landmark ("nhà tôi ở gần chợ Gạo", "đối diện UBND xã Tân Dân, cổng sắt màu xanh"):
 * a landmark alone is public (a complaint about the market is not personal), but with a residence cue
 * ("nhà tôi", "tôi ở", "địa chỉ") or a house detail (gate, roof, "căn thứ ba") in the same sentence it locates a
 * home. Then the landmark phrase and each house detail are masked to the end of their clause.
 */
const LM_PREP = `(?:ngay\\s+)?(?:bên\\s+cạnh|sát\\s+cạnh|gần|cạnh|sát|đối\\s+diện|phía\\s+sau|phía\\s+trước|sau|trước|cách)`;
const LANDMARK_RE = new RegExp(
  `${NOT_LETTER_BEFORE}${ci(LM_PREP)}\\s+(?:\\d+\\s*(?:m|mét|km)\\s+(?:từ\\s+)?)?(?:cổng\\s+)?(?:${LANDMARKS.map(ci).join('|')})${NOT_LETTER_AFTER}[^,.;!?\\n]*`,
  'gu',
);
const HOUSE_DETAIL_RE = new RegExp(
  `${NOT_LETTER_BEFORE}${ci('(?:căn\\s+(?:nhà\\s+)?thứ|nhà\\s+thứ|căn\\s+(?:nhà\\s+)?cấp\\s+\\d|(?:nhà\\s+(?:có\\s+)?)?(?:\\d+|một|hai|ba|bốn)\\s+tầng|cổng\\s+(?:sắt|gỗ|xanh|đỏ|vàng|trắng|đen|màu|inox|nhôm|tôn|sơn)|(?:mái|tường)\\s+(?:tôn|ngói|bằng|màu|sơn|xanh|đỏ|vàng)|sơn\\s+(?:màu|xanh|vàng|đỏ|trắng|hồng|tím)|có\\s+cây\\s+\\S+\\s+(?:trước|sau|cạnh)|nhà\\s+có\\s+(?:cổng|mái|cây|biển|giàn|hàng\\s+rào))')}${NOT_LETTER_AFTER}[^,.;!?\\n]*`,
  'gu',
);
const RESIDENCE_RE = new RegExp(
  ci('(?:nhà|gia\\s+đình|hộ)\\s+(?:tôi|em|mình|chúng\\s+tôi|ông|bà|anh|chị|cô|chú|bác|cháu|con|cụ|họ)|(?:tôi|em|mình|chúng\\s+tôi|gia\\s+đình)\\s+(?:ở|sống|trú|cư\\s+trú)|địa\\s+chỉ|đ\\/c|nơi\\s+ở|chỗ\\s+ở|nơi\\s+cư\\s+trú'),
  'u',
);
function detectLandmarks(text: string, out: Span[]) {
  for (const sentence of text.matchAll(/[^.!?\n]+/gu)) {
    const t = sentence[0];
    const base = sentence.index!;
    const details = [...t.matchAll(HOUSE_DETAIL_RE)];
    const landmarks = [...t.matchAll(LANDMARK_RE)];
    if (!landmarks.length) continue;
    const located = details.length > 0 || landmarks.some((m) => RESIDENCE_RE.test(t.slice(0, m.index!)));
    if (!located) continue;
    for (const m of [...landmarks, ...details]) add(out, base + m.index!, base + m.index! + m[0].replace(/\s+$/u, '').length, 'address');
  }
}

/** Personal names: surname-led runs in any case, names after a cue, lower-case and unaccented forms. */
function detectNames(text: string, out: Span[], keep: MaskOptions['keep']) {
  const push = (s: number, e: number) => {
    const v = text.slice(s, e);
    if (keep?.('name', v)) return;
    const f = foldVi(v);
    if (PLACES_FOLDED.some((p) => f === p || f.startsWith(`${p} `))) return;
    add(out, s, e, 'name');
  };
  const placeBefore = (i: number) =>
    new RegExp(`(?:^|[\\s,(])(?:đường|phố|phường|xã|thị\\s+trấn|thôn|xóm|ấp|trường|cầu|chợ|quận|huyện|tỉnh|thành\\s+phố|TP\\.?|khu|ngõ|ngách|hẻm|kiệt|bệnh\\s+viện|công\\s+viên|THPT|THCS|tiểu\\s+học|đình|chùa|đền|làng|sông|hồ|núi|số)\\s+$`, 'iu').test(before(text, i, 20));

  // 1. Title Case or CAPITALS run of 2–4 words starting with a surname: "Nguyễn Văn An", "TRẦN THỊ B"
  const run = new RegExp(`${NOT_LETTER_BEFORE}${CAP_WORD}(?:\\s+${CAP_WORD}){1,3}${NOT_LETTER_AFTER}`, 'gu');
  for (const m of text.matchAll(run)) {
    const words = m[0].split(/\s+/);
    // the run may start with a non-name word ("Bà Nguyễn Thị Hoa", "Gặp Lê Văn Tám"): start at the first surname
    let i = words.findIndex((w) => SURNAME_ACCENTED.has(lower(w)) && !WEAK_SET.has(lower(w)));
    if (i < 0) {
      // a weak surname (Văn, Kim, Hà…) leads a name only when a known middle name follows: "Hà Thị Lan"
      i = words.findIndex((w, k) => SURNAME_ACCENTED.has(lower(w)) && isMiddle(words[k + 1] ?? ''));
      // a surname outside the list (minority or rare: "Giàng A Páo", "Khiếu Văn Toàn"): any capitalised word
      // followed by an unambiguous middle name and ending on a given name
      if (i < 0) {
        i = words.findIndex((w, k) => k + 2 < words.length && STRONG_MIDDLE.has(lower(words[k + 1]!)) && isGiven(words[words.length - 1]!) && !TITLE_SET.has(lower(w)) && !ORG_SET.has(lower(w)));
      }
      if (i < 0) continue;
    }
    const nameWords = words.slice(i);
    if (nameWords.length < 2) continue;
    let s = m.index!;
    for (let k = 0; k < i; k++) s = text.indexOf(words[k + 1]!, s + words[k]!.length);
    if (placeBefore(s)) continue;
    // an all-caps heading ("UBND TỈNH HƯNG YÊN") is not a name: the name part must not contain title words
    if (nameWords.some((w) => ORG_SET.has(lower(w)))) continue;
    push(s, m.index! + m[0].length);
  }

  // 2. lower case or without marks: surname + a usual middle name + 1–2 words ("nguyen van an", "lê thị hoa")
  const words = [...text.matchAll(new RegExp(`[${U}${L}]+`, 'gu'))].map((m) => ({ w: m[0], s: m.index!, e: m.index! + m[0].length }));
  const adjacent = (a: { e: number }, b: { s: number }) => /^[ \t]+$/.test(text.slice(a.e, b.s));
  for (let k = 0; k + 2 < words.length; k++) {
    const [a, b] = [words[k]!, words[k + 1]!];
    if (!isSurname(a.w) || WEAK_SET.has(lower(a.w)) || !isMiddle(b.w) || !adjacent(a, b)) continue;
    // typed with marks or without, consistently: in marked text "do công an" is not "Đỗ Công An"
    const marked = [a, b, words[k + 2]!].some((x) => hasMarks(x.w));
    if (marked && (!SURNAME_ACCENTED.has(lower(a.w)) || !MIDDLE_ACCENTED.has(lower(b.w)))) continue;
    const given = (w: string) => (marked ? GIVEN_ACCENTED.has(lower(w)) : GIVEN_SET.has(foldVi(w)));
    // "hộ gia đình", "ho gia dinh": the middle name starts a common noun with the next word
    const third = words[k + 2]!.w;
    if (marked ? startsCompound(b.w, third) : startsCompoundUnmarked(b.w, third)) continue;
    let end = b.e;
    let n = 0;
    for (let q = k + 2; q < words.length && n < 2 && adjacent(words[q - 1]!, words[q]!); q++, n++) {
      // "văn bản", "thị trấn" …: the given name is not an ordinary word
      if (STOP_SET.has(lower(words[q]!.w)) || TITLE_SET.has(lower(words[q]!.w))) break;
      end = words[q]!.e;
    }
    if (n === 0 || placeBefore(a.s)) continue;
    // the name ends on a given name ("nguyen van an"), not an ordinary word ("phí thanh toán", "do công ty")
    if (!given(words[k + 2]!.w) && !(n === 2 && given(words[k + 3]!.w))) continue;
    push(a.s, end);
  }

  // 2b. a surname outside the list, in any capitalisation: capitalised word + unambiguous middle name + given
  // name(s), e.g. "KHIẾU VĂN TOÀN" inside a sentence in capitals (rule 1 reads capitals in runs of four)
  for (let k = 0; k + 2 < words.length; k++) {
    const [a, b, c] = [words[k]!, words[k + 1]!, words[k + 2]!];
    if (![a, b, c].every((x) => isCapWord(x.w)) || !adjacent(a, b) || !adjacent(b, c)) continue;
    if (!STRONG_MIDDLE.has(lower(b.w)) || !GIVEN_ACCENTED.has(lower(c.w)) || TITLE_SET.has(lower(a.w)) || ORG_SET.has(lower(a.w))) continue;
    if (placeBefore(a.s)) continue;
    const d = words[k + 3];
    push(a.s, d && isCapWord(d.w) && adjacent(c, d) && GIVEN_ACCENTED.has(lower(d.w)) ? d.e : c.e);
  }

  // a text typed with marks compares given names with marks ("khai" is not "Khải" there)
  const marksShare = words.filter((x) => hasMarks(x.w)).length / Math.max(1, words.length);
  const givenHere = (w: string) => (marksShare >= 0.2 ? GIVEN_ACCENTED.has(lower(w)) : isGiven(w));

  // 3. after a cue: "tôi là …", "con tôi tên …", "ông …", "chị …", "họ tên: …"
  const STRONG = `(?:tôi\\s+là|tôi\\s+tên(?:\\s+là)?|mình\\s+tên(?:\\s+là)?|em\\s+tên(?:\\s+là)?|tên\\s+tôi\\s+là|tên\\s+tôi|tên\\s+(?:của\\s+)?(?:con|cháu|bé|em|vợ|chồng|mẹ|bố|cha|ông|bà|anh|chị)\\s+(?:tôi\\s+)?là|(?:con|cháu|bé|vợ|chồng|mẹ|bố|cha|em|anh|chị)\\s+(?:tôi|mình|em)\\s+(?:tên(?:\\s+là)?|là)|(?:con|cháu|bé)\\s+tên(?:\\s+là)?|tên\\s+là|tên\\s+(?:khai\\s+sinh|gọi|thường\\s+gọi)\\s*(?:là)?|họ\\s+và\\s+tên|họ\\s+tên|họ\\s+tên\\s+người\\s+\\S+|người\\s+tên(?:\\s+là)?|tên)`;
  const KIN = `(?:ông|bà|anh|chị|em|cô|chú|bác|cháu|cụ|dì|thím|mợ|cậu|cán\\s+bộ|đồng\\s+chí|đ\\/c|chủ\\s+hộ|người\\s+nhận|người\\s+nộp|người\\s+yêu\\s+cầu|gửi|kính\\s+gửi|nhờ|gặp|hỏi)`;
  const cue = new RegExp(`(?<![${U}${L}])(?:(${STRONG})|(${KIN}))\\s*[:\\-]?\\s+((?:${WORD})(?:\\s+${WORD}){0,3})`, 'giu');
  for (let m = cue.exec(text); m; m = cue.exec(text)) {
    // cues overlap ("gặp cô Hạnh"): look again right after this cue
    cue.lastIndex = m.index + (m[1] ?? m[2])!.length;
    const strong = Boolean(m[1]);
    const words = m[3]!.split(/\s+/);
    const s = m.index! + m[0].length - m[3]!.length;
    const take: string[] = [];
    const capital = isCapWord(words[0]!);
    for (const w of words) {
      if (STOP_SET.has(lower(w)) || TITLE_SET.has(lower(w))) break;
      // a capitalised cue keeps capitalised words; a strong cue ("tên là") also takes lower-case ones
      if (capital ? !isCapWord(w) : false) break;
      take.push(w);
    }
    if (!take.length) continue;
    const surnameLed = isSurname(take[0]!) && take.length >= 2 && (isMiddle(take[1]!) || givenHere(take[1]!));
    if (!capital && !strong && !surnameLed) continue;
    // "tôi là người dân", "tôi là giáo viên": after "tôi là" a lower-case word must start a name
    // after a strong cue a lower-case word must start a name ("tôi là người dân", "họ tên khai sinh")
    // (a cue that only names a name — "con tôi tên bống", "tên là …" — takes any word)
    if (!capital && strong && /^(?:tôi\s+là|tên|họ\s+tên|họ\s+và\s+tên)$/iu.test(m[1]!) && !surnameLed && !givenHere(take[0]!)) continue;
    if (capital && PLACES_FOLDED.some((p) => foldVi(take.join(' ')).startsWith(p))) continue;
    let e = s;
    for (const w of take) e = text.indexOf(w, e) + w.length;
    // "hỏi Trung tâm …", "gửi Văn phòng …": a capitalised common noun, not a name
    if (capital && take.length === 1 && startsCompound(take[0]!, /^[ \t]+([^\s,.;:!?]+)/u.exec(text.slice(e))?.[1])) continue;
    push(s, e);
  }

  // 4. a given name standing alone in mid-sentence, without a cue or surname: "hồ sơ của Tuấn bị trả lại".
  // Not at a sentence start, not inside a capitalised run (rule 1 decides those), not a place ("miền Nam",
  // "chợ Lương") and not the start of a common noun ("Trung tâm").
  for (let k = 1; k < words.length; k++) {
    const x = words[k]!;
    if (!new RegExp(`^[${U}][${L}]*$`, 'u').test(x.w) || !GIVEN_ACCENTED.has(lower(x.w))) continue;
    const prev = words[k - 1]!;
    const next = words[k + 1];
    if ((isCapWord(prev.w) && adjacent(prev, x)) || (next && isCapWord(next.w) && adjacent(x, next))) continue;
    if (/[.!?:;\n"“'([•*>\-–]/u.test(text.slice(prev.e, x.s))) continue;
    if (ORG_SET.has(lower(x.w))) continue;
    if (startsCompound(x.w, next && adjacent(x, next) ? next.w : undefined)) continue;
    if (PLACE_CUE_RE.test(before(text, x.s, 20)) || placeBefore(x.s)) continue;
    push(x.s, x.e);
  }
}

/** Spans of personal data in `text` (NFC), in order, overlaps merged. */
export function findPersonalData(input: string, opts: MaskOptions = {}): Span[] {
  const text = input.normalize('NFC');
  const spans: Span[] = [];
  const keepValue = (kind: PiiKind, v: string) => Boolean(opts.keep?.(kind, v));
  for (const m of text.matchAll(EMAIL_RE)) {
    const v = m[0].replace(/[.\s]+$/, '');
    if (!/\.\s?[\p{L}]{2,}$/u.test(v) && !/@\s?(?:gmail|yahoo|outlook|hotmail|icloud)$/iu.test(v)) continue;
    if (!keepValue('email', v.replace(/\s/g, ''))) add(spans, m.index!, m.index! + v.length, 'email');
  }
  detectObfuscatedEmails(text, spans);
  for (const m of text.matchAll(PLATE_RE)) {
    // "12 ha 123.45" would be a plate; plain words with digits after letters are rare enough
    if (/^\d{2}\s[a-z]{2}\s/.test(m[0])) continue;
    add(spans, m.index!, m.index! + m[0].length, 'plate');
  }
  for (const m of text.matchAll(DOB_RE)) {
    const g = m[1]!;
    // "sinh" alone must be followed by a date or a year, not any number ("sinh 2 con")
    add(spans, m.index! + m[0].length - g.length, m.index! + m[0].length, 'dob');
  }
  // a cue typed without a space: "sđt0912345678", "stk:0011004123456"
  for (const m of text.matchAll(/(sđt|sdt|đt|dt|stk|tk|cccd|cmnd|mst|zalo|tel|bhxh)[:.]?(\+?\d[\d .-]{5,}\d)/giu)) {
    const cueKind: Record<string, PiiKind> = { stk: 'bank', tk: 'bank', cccd: 'id', cmnd: 'id', mst: 'tax', bhxh: 'insurance' };
    const s = m.index! + m[0].length - m[2]!.length;
    add(spans, s, s + m[2]!.length, cueKind[lower(m[1]!)] ?? 'phone');
  }
  // health-insurance card numbers: two letters, 13 digits ("HS4330123456789")
  for (const m of text.matchAll(new RegExp(`${NOT_LETTER_BEFORE}[A-Z]{2}\\s?\\d{1,2}\\s?\\d{2}\\s?\\d{10}${NOT_LETTER_AFTER}`, 'gu'))) add(spans, m.index!, m.index! + m[0].length, 'insurance');
  // passports: a letter and 7–8 digits after a passport cue ("hộ chiếu C1234567")
  for (const m of text.matchAll(/(?:hộ\s+chiếu|ho\s+chieu|passport)(?:\s+[\p{L}]+){0,3}?\s*:?\s*([A-Z]\d{7,8})(?![\p{L}\p{N}])/giu)) {
    const s = m.index! + m[0].length - m[1]!.length;
    add(spans, s, s + m[1]!.length, 'id');
  }
  const taken = (s: number, e: number) => spans.some((x) => x.start < e && s < x.end);
  const numbers: Span[] = [];
  detectNumbers(text, taken, numbers);
  for (const n of numbers) if (!keepValue(n.kind, text.slice(n.start, n.end))) spans.push(n);
  detectAddresses(text, spans);
  detectLandmarks(text, spans);
  detectNames(text, spans, opts.keep);
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

export interface MaskResult {
  text: string;
  spans: Array<Span & { placeholder: string }>;
}

/** Mask and say where: spans refer to the NFC input; placeholders replace them in `text`. */
export function maskWithSpans(input: string, opts: MaskOptions = {}): MaskResult {
  const text = input.normalize('NFC');
  const spans = findPersonalData(text, opts);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + PLACEHOLDERS[s.kind];
    at = s.end;
  }
  out += text.slice(at);
  return { text: out, spans: spans.map((s) => ({ ...s, placeholder: PLACEHOLDERS[s.kind] })) };
}

export function maskPersonalData(input: string, opts: MaskOptions = {}): string {
  return maskWithSpans(input, opts).text;
}

/**
 * A moderator's "mask more": every occurrence of each listed phrase (case and marks ignored) becomes
 * `[đã ẩn]`. Phrases shorter than 2 characters are ignored (they would eat the text).
 */
export function maskPhrases(text: string, phrases: string[]): string {
  let out = text.normalize('NFC');
  for (const p of phrases.map((x) => x.normalize('NFC').trim()).filter((x) => x.length >= 2)) {
    const folded = foldVi(out);
    const needle = foldVi(p);
    let res = '';
    let at = 0;
    for (let i = folded.indexOf(needle); i >= 0; i = folded.indexOf(needle, i + needle.length)) {
      res += out.slice(at, i) + MANUAL_PLACEHOLDER;
      at = i + needle.length;
    }
    out = res + out.slice(at);
  }
  return out;
}

/**
 * A `keep` function for text written by staff (answers): the agency's published contacts (phones, e-mails),
 * any e-mail on a government domain (.gov.vn) and the published names of officials stay; everything else
 * is masked as usual.
 */
export function publishedContacts(list: { names?: string[]; phones?: string[]; emails?: string[] }): NonNullable<MaskOptions['keep']> {
  const digits = (s: string) => s.replace(/\D/g, '').replace(/^84/, '0');
  const phones = new Set((list.phones ?? []).map(digits).filter((d) => d.length >= 7));
  const emails = new Set((list.emails ?? []).map((e) => e.trim().toLowerCase()));
  const names = new Set((list.names ?? []).map((n) => foldVi(n.trim()).replace(/\s+/g, ' ')).filter((n) => n.includes(' ')));
  return (kind, value) => {
    if (kind === 'email') return emails.has(value.toLowerCase()) || /@(?:[\w-]+\.)*gov\.vn$/i.test(value);
    if (kind === 'name') return names.has(foldVi(value).replace(/\s+/g, ' '));
    if (kind === 'phone' || kind === 'id' || kind === 'bank' || kind === 'tax') return phones.has(digits(value));
    return false;
  };
}

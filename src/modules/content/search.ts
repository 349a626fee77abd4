import { foldVietnamese } from '../../platform/i18n/text.ts';

/**
 * Small built-in abbreviation map (folded form → folded expansions). The assistant module will later offer a
 * staff-editable lexicon; this covers the words citizens type most.
 */
export const ABBREVIATIONS: Record<string, string[]> = {
  cccd: ['can cuoc cong dan', 'can cuoc'],
  cmnd: ['chung minh nhan dan', 'can cuoc'],
  gplx: ['giay phep lai xe', 'bang lai'],
  'bang lai': ['giay phep lai xe'],
  bhyt: ['bao hiem y te'],
  bhxh: ['bao hiem xa hoi'],
  bhtn: ['bao hiem that nghiep', 'tro cap that nghiep'],
  mst: ['ma so thue'],
  tncn: ['thu nhap ca nhan'],
  'so do': ['giay chung nhan quyen su dung dat'],
  'so hong': ['giay chung nhan quyen su dung dat', 'quyen so huu nha'],
  gcn: ['giay chung nhan'],
  qsdd: ['quyen su dung dat'],
  dkkd: ['dang ky kinh doanh'],
  hkd: ['ho kinh doanh'],
  dn: ['doanh nghiep'],
  lltp: ['ly lich tu phap'],
  gks: ['giay khai sinh', 'khai sinh'],
  dvc: ['dich vu cong'],
  dvctt: ['dich vu cong truc tuyen'],
  tthc: ['thu tuc hanh chinh'],
  ubnd: ['uy ban nhan dan'],
  vneid: ['dinh danh dien tu', 'vneid'],
  'ho khau': ['thuong tru', 'cu tru'],
  'tam vang': ['tam tru', 'cu tru'],
  'bang lai xe': ['giay phep lai xe'],
  'dang kiem': ['dang ky xe'],
  'giay phep xd': ['giay phep xay dung'],
  gpxd: ['giay phep xay dung'],
};

export function fold(s: string): string {
  return foldVietnamese(s).replace(/[^a-z0-9\s]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The query's folded tokens plus the expansions of any abbreviation it contains. */
export function expandQuery(q: string): { folded: string; phrases: string[]; tokens: string[] } {
  const folded = fold(q);
  const phrases = [folded];
  const padded = ` ${folded} `;
  for (const [abbr, expansions] of Object.entries(ABBREVIATIONS)) {
    if (padded.includes(` ${abbr} `)) for (const e of expansions) phrases.push(folded.replace(abbr, e), e);
  }
  // One-letter words ("1", "o") match nearly everything; they still count inside whole phrases.
  const tokens = [...new Set(phrases.join(' ').split(' ').filter((t) => t.length > 1))];
  return { folded, phrases: [...new Set(phrases)].filter(Boolean), tokens };
}

export interface SearchDoc {
  title: string;
  aliases: string[];
  summary: string;
  body: string;
}

// Very common words that carry little meaning on their own.
const STOP = new Set(['va', 'cua', 'cho', 'o', 'tai', 'the', 'nao', 'gi', 'la', 'co', 'khong', 'toi', 'em', 'minh', 'can', 'lam', 'sao', 'nhu', 'muon', 'duoc', 'bao', 'nhieu']);

/**
 * Score one document against an expanded query: whole phrases in the title or an alias count most, then
 * words in the title, aliases, summary and body. Diacritics never matter (everything is folded).
 */
export function scoreDoc(doc: { title: string; aliases: string; summary: string; body: string }, q: ReturnType<typeof expandQuery>): number {
  let score = 0;
  const title = ` ${doc.title} `;
  const aliases = ` ${doc.aliases} `;
  for (const p of q.phrases) {
    if (!p) continue;
    if (doc.title === p) score += 60;
    else if (title.includes(` ${p} `)) score += 30;
    if (aliases.includes(` ${p} `)) score += 20;
    if (` ${doc.summary} `.includes(` ${p} `)) score += 6;
  }
  let matched = 0;
  const meaningful = q.tokens.filter((t) => !STOP.has(t));
  for (const t of meaningful) {
    let hit = false;
    if (title.includes(` ${t} `)) {
      score += 4;
      hit = true;
    }
    if (aliases.includes(` ${t} `)) {
      score += 2;
      hit = true;
    }
    if (` ${doc.summary} `.includes(` ${t} `)) {
      score += 1;
      hit = true;
    }
    if (` ${doc.body} `.includes(` ${t} `)) {
      score += 0.5;
      hit = true;
    }
    if (hit) matched++;
  }
  if (meaningful.length && matched === 0) return 0;
  // Prefer documents that cover more of the query's words.
  return meaningful.length ? score * (matched / meaningful.length) : score;
}

/** Folded search fields stored beside each guide/material so a search never re-folds the body. */
export function searchFields(d: SearchDoc): string {
  return JSON.stringify({ t: fold(d.title), a: d.aliases.map(fold).join(' | '), s: fold(d.summary), b: fold(d.body) });
}

export function parseSearchFields(s: string): { title: string; aliases: string; summary: string; body: string } {
  try {
    const o = JSON.parse(s) as { t?: string; a?: string; s?: string; b?: string };
    return { title: o.t ?? '', aliases: o.a ?? '', summary: o.s ?? '', body: o.b ?? '' };
  } catch {
    return { title: '', aliases: '', summary: '', body: fold(s) };
  }
}

import { DOC_FIELDS, type GuideDoc } from './content.types.ts';
import type { MaterialSnapshot } from './content.repo.ts';

export interface DiffLine {
  op: 'same' | 'add' | 'del';
  text: string;
}
export interface FieldDiff {
  field: string;
  lines: DiffLine[];
}

/** A field as lines: lists one item a line, steps numbered, sources as "title — url". */
function fieldLines(doc: GuideDoc, field: keyof GuideDoc): string[] {
  const v = doc[field];
  if (v == null) return [];
  if (field === 'steps') return (v as GuideDoc['steps']).map((s, i) => `${i + 1}. ${s.text}${s.image ? ` [${s.image}]` : ''}`);
  if (field === 'sources') return (v as GuideDoc['sources']).map((s) => `${s.code ? `${s.code} ` : ''}${s.title} — ${s.url}`);
  if (field === 'faq') return (v as NonNullable<GuideDoc['faq']>).flatMap((x) => [`H: ${x.q}`, `Đ: ${x.a}`]);
  if (field === 'stages') return (v as NonNullable<GuideDoc['stages']>).map((x, i) => `${i + 1}. ${x.title} — ${x.text} [${x.guides.join(', ')}]`);
  if (Array.isArray(v)) return v.map(String);
  return String(v).split('\n');
}

/** Line diff by longest common subsequence (fields are short: a few dozen lines at most). */
export function diffLines(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    }
    else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'del', text: a[i++]! });
    else out.push({ op: 'add', text: b[j++]! });
  }
  while (i < n) out.push({ op: 'del', text: a[i++]! });
  while (j < m) out.push({ op: 'add', text: b[j++]! });
  return out;
}

/** Per-field line diff between two versions; unchanged fields are left out. */
export function diffGuides(from: GuideDoc, to: GuideDoc): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const f of DOC_FIELDS) {
    const lines = diffLines(fieldLines(from, f), fieldLines(to, f));
    if (lines.some((l) => l.op !== 'same')) out.push({ field: f, lines });
  }
  return out;
}

/** Fields of a material version in display order, for diffs. */
export const MATERIAL_FIELDS: Array<keyof MaterialSnapshot> = [
  'title', 'kind', 'description', 'topic', 'audiences', 'channels', 'usageRights', 'externalUrl', 'scriptText', 'fileName',
];

/** Per-field line diff between two material versions; unchanged fields are left out. */
export function diffMaterials(from: Partial<MaterialSnapshot>, to: Partial<MaterialSnapshot>): FieldDiff[] {
  const lines = (s: Partial<MaterialSnapshot>, f: keyof MaterialSnapshot): string[] => {
    const v = s[f];
    if (v == null || v === '') return [];
    return Array.isArray(v) ? v.map(String) : String(v).split('\n');
  };
  const out: FieldDiff[] = [];
  for (const f of MATERIAL_FIELDS) {
    const l = diffLines(lines(from, f), lines(to, f));
    if (l.some((x) => x.op !== 'same')) out.push({ field: f, lines: l });
  }
  return out;
}

/**
 * Sectors with their own satisfaction target (≥ 85 % for land, construction and investment: plan QĐ 1588 §II,
 * checked per sector, not as one pooled figure). A procedure's field (catalogue text, e.g. "Đất đai",
 * "Quy hoạch xây dựng", "Đầu tư tại Việt Nam") is folded and matched; planning counts as construction.
 */
export const SECTORS = ['land', 'construction', 'investment'] as const;
export type Sector = (typeof SECTORS)[number];
export const SECTOR_TARGET = 85;

export const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

const RULES: Array<[Sector, RegExp]> = [
  ['land', /dat dai/],
  ['construction', /xay dung|quy hoach/],
  ['investment', /dau tu/],
];

export function sectorOf(field: string | null | undefined): Sector | null {
  if (!field) return null;
  const f = fold(field);
  for (const [s, re] of RULES) if (re.test(f)) return s;
  return null;
}

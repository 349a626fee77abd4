/**
 * Groups unanswered, low-confidence and thumbs-down questions by similarity (Jaccard over folded content
 * syllables and bigrams, greedy single pass), so staff see "17 people asked about X" instead of 17 rows.
 */
import { createHash } from 'node:crypto';
import { isStop, syllables } from './engine/text.ts';

export interface GapRow {
  id: number;
  question: string;
  action: string;
  reason: string;
  confidence: number;
  helpful: boolean | null;
  /** answered, then asked again at once (confidently-wrong candidate) */
  reasked?: boolean;
  createdAt: Date;
}

export interface GapGroup {
  signature: string;
  label: string;
  count: number;
  handoffs: number;
  clarifications: number;
  thumbsDown: number;
  /** answered, then thumbs-down or asked again at once: answers that were probably confidently wrong */
  wrongAnswers: number;
  questions: string[];
  lastAt: Date;
  keyTerms: string[];
}

function features(q: string): { set: Set<string>; words: string[] } {
  const syl = syllables(q).filter((s) => !s.marked || true);
  const content = syl.filter((s) => !isStop(s) && !/^\d+$/.test(s.fold) && !s.fold.startsWith('['));
  const set = new Set<string>(content.map((s) => s.fold));
  for (let i = 0; i + 1 < content.length; i++) set.add(`${content[i]!.fold}_${content[i + 1]!.fold}`);
  return { set, words: content.map((s) => s.fold) };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / Math.max(1, a.size + b.size - inter);
}

export function groupGaps(rows: GapRow[], threshold = 0.3): GapGroup[] {
  const groups: Array<{ rep: Set<string>; rows: GapRow[]; feats: Array<ReturnType<typeof features>> }> = [];
  for (const r of rows) {
    const f = features(r.question);
    if (!f.set.size) continue;
    let best: (typeof groups)[number] | null = null;
    let bestSim = threshold;
    for (const g of groups) {
      const sim = jaccard(f.set, g.rep);
      if (sim >= bestSim) {
        best = g;
        bestSim = sim;
      }
    }
    if (best) {
      best.rows.push(r);
      best.feats.push(f);
    } else groups.push({ rep: f.set, rows: [r], feats: [f] });
  }
  return groups
    .map((g) => {
      const freq = new Map<string, number>();
      for (const f of g.feats) for (const w of new Set(f.words)) freq.set(w, (freq.get(w) ?? 0) + 1);
      const keyTerms = [...freq.entries()]
        .filter(([, n]) => n >= Math.max(1, g.rows.length / 2))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([w]) => w);
      const signature = createHash('sha256').update([...keyTerms].sort().join(' ') || g.rows[0]!.question).digest('hex').slice(0, 16);
      return {
        signature,
        label: g.rows[0]!.question,
        count: g.rows.length,
        handoffs: g.rows.filter((r) => r.action === 'handoff').length,
        clarifications: g.rows.filter((r) => r.action === 'clarify').length,
        thumbsDown: g.rows.filter((r) => r.helpful === false).length,
        wrongAnswers: g.rows.filter((r) => r.action === 'answer' && (r.helpful === false || r.reasked)).length,
        questions: [...new Set(g.rows.map((r) => r.question))].slice(0, 10),
        lastAt: g.rows.reduce((m, r) => (r.createdAt > m ? r.createdAt : m), g.rows[0]!.createdAt),
        keyTerms,
      };
    })
    .sort((a, b) => b.count - a.count || +b.lastAt - +a.lastAt);
}

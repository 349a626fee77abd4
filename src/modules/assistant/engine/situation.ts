/**
 * Situation layer (issue 14): citizens tell stories ("bố tôi mất để lại mảnh đất", "vợ em mới sinh ở nhà") in which
 * the procedure is implied, not named. Published life events (content module, /su-kien) carry story cues written by
 * editors; a question that contains cues of a life event points to that event's guides. Matching is by syllable
 * sequence, accent-aware like the router: a syllable typed with marks must equal the cue's marks ("mất" ≠ "mát"),
 * an unmarked one is compared folded (phones drop marks). Pure, no I/O.
 */
import { syllables, type Syllable } from './text.ts';

export interface LifeEventDoc {
  slug: string;
  title: string;
  url: string;
  cues: string[];
  /** guide slugs, in the order the event's stages list them */
  guides: string[];
}

export interface SituationMatch {
  event: LifeEventDoc;
  /** matched cues, longest first */
  cues: string[];
  /** sum of matched cue lengths in syllables (a two-syllable cue = 2) */
  strength: number;
}

/**
 * Pronouns and particles that sit inside a told story without changing it ("bố tôi mất" = "bố mất", "vợ em vừa
 * sinh" = "vợ sinh"): dropped from both the question and the cues before matching (compared folded).
 */
const FILLER = new Set(['toi', 'em', 'minh', 'tui', 'to', 'tao', 'ay', 'da', 'vua', 'moi', 'thi', 'la', 'cua', 'no', 'tui', 'bon', 'ta', 'a', 'oi', 'nhe', 'roi']);
const content = (syl: Syllable[]) => syl.filter((x) => !FILLER.has(x.fold));

interface Prepared {
  event: LifeEventDoc;
  cues: Array<{ text: string; syl: Syllable[] }>;
}

function matchesAt(q: Syllable[], i: number, cue: Syllable[]): boolean {
  for (let j = 0; j < cue.length; j++) {
    const u = q[i + j];
    const w = cue[j]!;
    if (!u) return false;
    if (u.marked ? u.acc !== w.acc : u.fold !== w.fold) return false;
  }
  return true;
}

export class SituationLayer {
  private events: Prepared[] = [];

  set(events: LifeEventDoc[]) {
    this.events = events.map((event) => ({
      event,
      // one-syllable cues are too ambiguous to signal a situation on their own
      cues: event.cues.map((text) => ({ text, syl: content(syllables(text)) })).filter((c) => c.syl.length >= 2),
    }));
  }

  size(): number {
    return this.events.length;
  }

  /** Life events whose cues the question contains, strongest first. */
  match(question: string): SituationMatch[] {
    const q = content(syllables(question));
    const out: SituationMatch[] = [];
    for (const p of this.events) {
      const hit: string[] = [];
      let strength = 0;
      const used = new Set<number>();
      for (const c of [...p.cues].sort((a, b) => b.syl.length - a.syl.length)) {
        for (let i = 0; i + c.syl.length <= q.length; i++) {
          if (!matchesAt(q, i, c.syl)) continue;
          // a cue inside a longer cue already counted adds nothing
          if (Array.from({ length: c.syl.length }, (_, j) => i + j).some((x) => used.has(x))) continue;
          for (let j = 0; j < c.syl.length; j++) used.add(i + j);
          hit.push(c.text);
          strength += c.syl.length;
          break;
        }
      }
      if (hit.length) out.push({ event: p.event, cues: hit, strength });
    }
    return out.sort((a, b) => b.strength - a.strength || a.event.slug.localeCompare(b.event.slug));
  }
}

/** A search result whose candidates were re-ranked by the life events the question's story points to. */
export interface SituatedResult {
  /** 0–1: how strongly the story points to the top candidate (0 when the top is in no matched event) */
  situation?: number;
  /** the strongest matched life event (offered when the assistant hands over or clarifies) */
  lifeEvent?: LifeEventDoc;
}

/**
 * Guides of matched life events get their score raised (more for stronger stories, earlier stages first), and the
 * candidates are re-sorted. Retrieval still decides between an event's guides; the story only says which family
 * of procedures the question is about.
 */
export function applySituation<R extends { candidates: Array<{ ref: string; kind: string; score: number }> }>(r: R, matches: SituationMatch[], boost = 0.35): R & SituatedResult {
  if (!matches.length || !r.candidates.length) return r;
  const weight = new Map<string, number>();
  for (const m of matches.slice(0, 2)) {
    const s = Math.min(1, m.strength / 4);
    m.event.guides.forEach((g, i) => {
      const w = s * (1 - Math.min(0.5, i * 0.1));
      weight.set(g, Math.max(weight.get(g) ?? 0, w));
    });
  }
  const candidates = r.candidates
    .map((c) => (c.kind === 'guide' && weight.has(c.ref) ? { ...c, score: c.score * (1 + boost * weight.get(c.ref)!) } : c))
    .sort((a, b) => b.score - a.score);
  const top = candidates[0]!;
  return { ...r, candidates, situation: top.kind === 'guide' ? (weight.get(top.ref) ?? 0) : 0, lifeEvent: matches[0]!.event };
}

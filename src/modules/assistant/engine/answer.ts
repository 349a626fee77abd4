/**
 * Extractive answers: every sentence comes from the cited guide's approved sections; only the section labels
 * are fixed text (from the locale file). Which sections are shown depends on what the question asks about.
 */
import type { IndexableGuide, PublishedAnswer } from './sources.ts';
import { fold, normalise } from './text.ts';

export type Intent = 'fees' | 'time' | 'documents' | 'steps' | 'status' | 'where' | 'general';

const INTENTS: Array<[Intent, RegExp]> = [
  ['fees', /\b(phi|le phi|bao nhieu tien|het bao nhieu|mat bao nhieu|mat phi|tien|chi phi|gia|bn tien|duoc giam|mien phi)\b/],
  ['time', /\b(bao lau|may ngay|bao nhieu ngay|thoi gian|khi nao co|bao gio co|may thang|thoi han|trong bao lau)\b/],
  ['documents', /\b(giay to|ho so gom|can gi|can nhung gi|mang gi|mang nhung gi|chuan bi|thanh phan|can giay|giay gi|can nhung giay)\b/],
  ['status', /\b(tra cuu|tinh trang|den dau|tien do|ket qua ho so)\b/],
  ['steps', /\b(the nao|lam sao|ra sao|cach|cac buoc|thu tuc|online|truc tuyen|tren mang|qua mang|nop)\b/],
  ['where', /\b(o dau|cho nao|noi nao|co quan nao|nop o dau)\b/],
];

export function intentsOf(question: string): Intent[] {
  const f = fold(normalise(question));
  const found = INTENTS.filter(([, re]) => re.test(f)).map(([i]) => i);
  return found.length ? found : ['general'];
}

export interface Labels {
  prepare: string;
  steps: string;
  fees: string;
  onlineDiscount: string;
  time: string;
  status: string;
  help: string;
  source: string;
}

/** Plain-text answer (rendered with line breaks and escaped by the page). */
export function composeGuideAnswer(g: IndexableGuide, question: string, labels: Labels): string {
  const intents = new Set(intentsOf(question));
  const s = g.sections;
  const parts: string[] = [`${g.title}: ${g.summary}`.trim()];
  const list = (items: string[]) => items.map((x, i) => `${i + 1}. ${x}`).join('\n');
  const all = intents.has('general');
  if (all || intents.has('documents')) if (s.prepare.length) parts.push(`${labels.prepare}\n${s.prepare.map((x) => `- ${x}`).join('\n')}`);
  if (all || intents.has('steps') || intents.has('where')) if (s.steps.length) parts.push(`${labels.steps}\n${list(s.steps)}`);
  if (intents.has('status') && s.checkStatus) parts.push(`${labels.status} ${s.checkStatus}`);
  if (all || intents.has('fees')) {
    if (s.fees) parts.push(`${labels.fees} ${s.fees}`);
    if (s.onlineDiscount) parts.push(`${labels.onlineDiscount} ${s.onlineDiscount}`);
  }
  if (all || intents.has('time')) if (s.processingTime) parts.push(`${labels.time} ${s.processingTime}`);
  if (intents.has('where') && s.help) parts.push(`${labels.help} ${s.help}`);
  parts.push(`${labels.source} ${g.title} — ${g.url}`);
  return parts.join('\n\n');
}

export function composeQaAnswer(a: PublishedAnswer, labels: Labels): string {
  return `${a.answer}\n\n${labels.source} ${a.question} — ${a.url}`;
}

/** The approved passages a phrasing model may see for a guide. */
export function guidePassages(g: IndexableGuide): string {
  const s = g.sections;
  return [g.title, g.summary, s.who, ...s.prepare, ...s.steps, s.fees, s.onlineDiscount ?? '', s.processingTime, s.checkStatus, s.help, g.url].filter(Boolean).join('\n');
}

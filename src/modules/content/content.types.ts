/** Shapes shared by the content module's service, views and API. */

/**
 * Topics in the order /huong-dan lists them: life events and domains first (how citizens look for a procedure),
 * then the outreach topics of the province plan (policy news, using online services, online safety, stories).
 */
export const TOPICS = [
  'ho-tich', 'cu-tru-giay-to', 'dat-dai-xay-dung', 'kinh-doanh', 'giao-thong', 'lao-dong-bao-hiem', 'y-te-giao-duc',
  'dvc-loi-ich', 'an-toan-thong-tin', 'chinh-sach', 'kinh-nghiem', 'khac',
] as const;
export const AUDIENCES = ['cong-dan', 'doanh-nghiep', 'nguoi-cao-tuoi', 'phu-huynh', 'nguoi-lao-dong', 'nguoi-nuoc-ngoai'] as const;
export const STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type Status = (typeof STATUSES)[number];
export const MATERIAL_KINDS = ['infographic', 'video', 'leaflet', 'poster', 'radio_script', 'slides'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export const CHANNELS = ['web', 'mang-xa-hoi', 'loa-truyen-thanh', 'bao-in', 'truyen-hinh', 'niem-yet', 'hoi-nghi', 'zalo'] as const;

export interface GuideStep {
  text: string;
  image?: string | null;
  imageAlt?: string | null;
}

export interface GuideSource {
  code?: string | null;
  title: string;
  url: string;
}

/** A question citizens ask about a guide, in their words, with a short plain answer ("Câu hỏi thường gặp"). */
export interface FaqItem {
  q: string;
  a: string;
}

/** One stage of a life event: what to do at that point and the guides that do it, in order. */
export interface LifeEventStage {
  title: string;
  text: string;
  guides: string[];
}

/** Kinds of content that share the guide workflow (draft → review by someone else → published, versions, diffs). */
export const CONTENT_KINDS = ['guide', 'life_event'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** One guide's full content: what a version snapshot stores and what the public page renders. */
export interface GuideDoc {
  title: string;
  summary: string;
  topic: string;
  audiences: string[];
  aliases: string[];
  procedureCodes: string[];
  responsibleOrg?: string | null;
  level?: string | null;
  onlineUrl?: string | null;
  who: string;
  prepare: string[];
  steps: GuideStep[];
  fees: string;
  onlineDiscount: string | null;
  processingTime: string;
  checkStatus: string;
  commonMistakes: string[];
  help: string;
  sources: GuideSource[];
  /** "Câu hỏi thường gặp": questions as citizens ask them (guides) */
  faq?: FaqItem[];
  /** life events: the stages of the situation, each leading to guides in order */
  stages?: LifeEventStage[];
  /** life events: how people tell the situation (story cues: "bố mất để lại đất", "vợ mới sinh") */
  cues?: string[];
}

/** The read-only view the assistant indexes (shape agreed with the assistant module). */
export interface IndexableGuide {
  slug: string;
  title: string;
  summary: string;
  aliases: string[];
  topic: string;
  procedureCodes: string[];
  sections: {
    who: string;
    prepare: string[];
    steps: string[];
    fees: string;
    onlineDiscount: string | null;
    processingTime: string;
    checkStatus: string;
    commonMistakes: string[];
    help: string;
  };
  /** "Câu hỏi thường gặp" of the guide */
  faq?: FaqItem[];
  url: string;
  updatedAt: Date;
}

/** The read-only view of a published life event the assistant indexes (its situation layer). */
export interface IndexableLifeEvent {
  slug: string;
  title: string;
  summary: string;
  cues: string[];
  /** guide slugs in the order the stages list them */
  guides: string[];
  url: string;
}

export const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const TAG_RE = /^[a-z0-9-]{1,60}$/;

/** Fields of a GuideDoc in display order, for diffs. */
export const DOC_FIELDS: Array<keyof GuideDoc> = [
  'title', 'summary', 'topic', 'audiences', 'aliases', 'procedureCodes', 'onlineUrl', 'who', 'prepare', 'steps', 'fees',
  'onlineDiscount', 'processingTime', 'checkStatus', 'commonMistakes', 'help', 'sources', 'faq', 'stages', 'cues',
];

const str = (v: unknown, max = 5000): string => (typeof v === 'string' ? v.trim().slice(0, max) : typeof v === 'number' ? String(v) : '');
const strList = (v: unknown, max = 2000): string[] => (Array.isArray(v) ? v.map((x) => str(x, max)).filter(Boolean) : []);

/** Coerce unknown input (YAML, JSON, DB) into a GuideDoc; never throws, validation is separate. */
export function toGuideDoc(raw: Record<string, unknown>): GuideDoc {
  const steps = Array.isArray(raw.steps)
    ? raw.steps
        .map((s): GuideStep => (typeof s === 'string' ? { text: s.trim() } : { text: str((s as GuideStep)?.text), image: str((s as GuideStep)?.image, 500) || null, imageAlt: str((s as GuideStep)?.imageAlt, 300) || null }))
        .filter((s) => s.text)
    : [];
  const sources = Array.isArray(raw.sources)
    ? raw.sources.map((s) => ({ code: str((s as GuideSource)?.code, 40) || null, title: str((s as GuideSource)?.title, 300), url: str((s as GuideSource)?.url, 1000) })).filter((s) => s.title && s.url)
    : [];
  const faq = Array.isArray(raw.faq)
    ? raw.faq.map((x) => ({ q: str((x as FaqItem)?.q, 300), a: str((x as FaqItem)?.a, 2000) })).filter((x) => x.q && x.a).slice(0, 40)
    : [];
  const stages = Array.isArray(raw.stages)
    ? raw.stages
        .map((x) => ({ title: str((x as LifeEventStage)?.title, 200), text: str((x as LifeEventStage)?.text, 2000), guides: strList((x as LifeEventStage)?.guides, 80).filter((g) => SLUG_RE.test(g)) }))
        .filter((x) => x.title)
        .slice(0, 20)
    : [];
  const cues = strList(raw.cues, 200).slice(0, 80);
  return {
    ...(faq.length ? { faq } : {}),
    ...(stages.length ? { stages } : {}),
    ...(cues.length ? { cues } : {}),
    title: str(raw.title, 200),
    summary: str(raw.summary, 500),
    topic: str(raw.topic, 40),
    audiences: strList(raw.audiences, 40),
    aliases: strList(raw.aliases, 200),
    procedureCodes: strList(raw.procedureCodes, 40),
    responsibleOrg: str(raw.responsibleOrg, 40) || null,
    level: str(raw.level, 40) || null,
    onlineUrl: str(raw.onlineUrl, 1000) || null,
    who: str(raw.who),
    prepare: strList(raw.prepare),
    steps,
    fees: str(raw.fees),
    onlineDiscount: str(raw.onlineDiscount) || null,
    processingTime: str(raw.processingTime),
    checkStatus: str(raw.checkStatus),
    commonMistakes: strList(raw.commonMistakes),
    help: str(raw.help),
    sources,
  };
}

/** Field → locale key of the problem; empty when the doc is valid enough to save as a draft. */
export function validateGuideDoc(doc: GuideDoc): Record<string, string> {
  const f: Record<string, string> = {};
  if (!doc.title) f.title = 'content.errors.title';
  if (!(TOPICS as readonly string[]).includes(doc.topic)) f.topic = 'form.invalidChoice';
  if (doc.audiences.some((a) => !(AUDIENCES as readonly string[]).includes(a))) f.audiences = 'form.invalidChoice';
  if (doc.procedureCodes.some((c) => !/^[0-9A-Za-z.\-_]{1,40}$/.test(c))) f.procedureCodes = 'content.errors.procedureCodes';
  if (doc.onlineUrl && !/^https?:\/\//i.test(doc.onlineUrl)) f.onlineUrl = 'content.errors.url';
  if (doc.sources.some((s) => !/^https?:\/\//i.test(s.url))) f.sources = 'content.errors.url';
  // Step images come from this site only (the CSP allows no other), as a plain path.
  if (doc.steps.some((s) => s.image && !/^\/(?!\/)[\w\-./]*$/.test(s.image))) f.steps = 'content.errors.stepImage';
  return f;
}

/** Extra checks before a guide may go to review: a citizen-facing guide needs its core sections. */
export function validateForReview(doc: GuideDoc, kind: ContentKind = 'guide'): Record<string, string> {
  const f = validateGuideDoc(doc);
  if (!doc.summary) f.summary = 'content.errors.required';
  if (kind === 'life_event') {
    // a life event leads to guides: at least one stage, every stage names a guide
    if (!doc.stages?.length || doc.stages.some((s) => !s.guides.length)) f.stages = 'content.errors.stages';
  } else if (doc.steps.length === 0) f.steps = 'content.errors.steps';
  return f;
}

export function toIndexableLifeEvent(slug: string, doc: GuideDoc): IndexableLifeEvent {
  const guides: string[] = [];
  for (const s of doc.stages ?? []) for (const g of s.guides) if (!guides.includes(g)) guides.push(g);
  return { slug, title: doc.title, summary: doc.summary, cues: doc.cues ?? [], guides, url: `/su-kien/${slug}` };
}

export function toIndexable(slug: string, doc: GuideDoc, updatedAt: Date): IndexableGuide {
  return {
    slug,
    title: doc.title,
    summary: doc.summary,
    aliases: doc.aliases,
    topic: doc.topic,
    procedureCodes: doc.procedureCodes,
    sections: {
      who: doc.who,
      prepare: doc.prepare,
      steps: doc.steps.map((s) => s.text),
      fees: doc.fees,
      onlineDiscount: doc.onlineDiscount,
      processingTime: doc.processingTime,
      checkStatus: doc.checkStatus,
      commonMistakes: doc.commonMistakes,
      help: doc.help,
    },
    faq: doc.faq ?? [],
    url: `/huong-dan/${slug}`,
    updatedAt,
  };
}

import { normalizeInput } from '../../platform/i18n/text.ts';
import { processUpload, type ProcessedUpload } from '../../platform/storage/uploads.ts';

/** Document kinds a citizen keeps in the Kho (labels: datastore.kinds.*). `result` is delivered by agencies. */
export const DOCUMENT_KINDS = ['birth_certificate', 'id_card', 'driving_licence', 'land_use_certificate', 'diploma', 'marriage_certificate', 'residence_confirmation', 'health_insurance_card', 'other'] as const;
export const DELIVERED_KINDS = ['result', 'licence_issued', 'certificate_issued'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number] | (typeof DELIVERED_KINDS)[number];
export const isUploadKind = (k: string): k is (typeof DOCUMENT_KINDS)[number] => (DOCUMENT_KINDS as readonly string[]).includes(k);
export const isDeliveredKind = (k: string): k is (typeof DELIVERED_KINDS)[number] => (DELIVERED_KINDS as readonly string[]).includes(k);

/** Scans and photos of papers: PDF or an image, at most 10 MB (or UPLOAD_LIMIT_BYTES if lower). */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

export interface CleanFile extends ProcessedUpload {
  /** What happened to embedded metadata: images are re-encoded; PDFs have their Info dictionary blanked. */
  metadata: 'reencoded' | 'stripped' | 'none-found' | 'compressed-kept';
}

/**
 * Type from the content (never the name), size cap, safe name; images are re-encoded without EXIF (platform
 * pipeline); PDFs go through `stripPdfInfo`.
 */
export async function cleanDocument(data: Buffer, name: string, maxBytes: number): Promise<CleanFile> {
  const up = await processUpload(data, name, { allow: ['pdf', 'image'], maxBytes: Math.min(maxBytes, DOCUMENT_MAX_BYTES) });
  if (up.kind === 'image') return { ...up, metadata: 'reencoded' };
  const { data: out, result } = stripPdfInfo(up.data);
  return { ...up, data: out, metadata: result };
}

/**
 * Blank a PDF's document information (Author, Creator, Producer, Title… in the trailer's /Info dictionary) and
 * any uncompressed XMP metadata stream, in place: every byte keeps its offset (strings are overwritten with
 * spaces), so the cross-reference table stays valid and the file renders exactly as before. An Info dictionary
 * inside a compressed object stream, or a compressed XMP stream, cannot be blanked this way and is kept
 * (reported as 'compressed-kept'); rewriting the PDF would need a full PDF library (ADR 0018).
 */
export function stripPdfInfo(pdf: Buffer): { data: Buffer; result: 'stripped' | 'none-found' | 'compressed-kept' } {
  const out = Buffer.from(pdf);
  const text = out.toString('latin1');
  let blanked = 0;
  let missed = 0;
  const infoRefs = new Set<string>();
  for (const m of text.matchAll(/\/Info\s+(\d+)\s+(\d+)\s+R/g)) infoRefs.add(`${m[1]} ${m[2]}`);
  for (const ref of infoRefs) {
    const [num, gen] = ref.split(' ');
    const re = new RegExp(`(?:^|[\\s>])${num}\\s+${gen}\\s+obj\\b`, 'g');
    const at = re.exec(text);
    if (!at) {
      missed++;
      continue;
    }
    const start = text.indexOf('<<', at.index);
    const end = text.indexOf('endobj', at.index);
    if (start < 0 || end < 0 || start > end) {
      missed++;
      continue;
    }
    blanked += blankStrings(out, text, start + 2, end);
  }
  // Uncompressed XMP packets: blank the packet's bytes between stream and endstream.
  for (const m of text.matchAll(/\/Subtype\s*\/XML/g)) {
    const dictStart = text.lastIndexOf('obj', m.index);
    const streamAt = text.indexOf('stream', m.index);
    if (dictStart < 0 || streamAt < 0) continue;
    const dict = text.slice(dictStart, streamAt);
    if (/\/Filter/.test(dict)) {
      missed++;
      continue;
    }
    let s = streamAt + 'stream'.length;
    if (text[s] === '\r') s++;
    if (text[s] === '\n') s++;
    const e = text.indexOf('endstream', s);
    if (e < 0) continue;
    for (let i = s; i < e; i++) if (out[i] !== 0x0a && out[i] !== 0x0d) out[i] = 0x20;
    blanked++;
  }
  return { data: out, result: missed > 0 ? 'compressed-kept' : blanked > 0 ? 'stripped' : 'none-found' };
}

/** Overwrite the contents of literal "(…)" and hex "<…>" strings between two offsets with spaces. */
function blankStrings(out: Buffer, text: string, from: number, to: number): number {
  let n = 0;
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === '(') {
      let depth = 1;
      let j = i + 1;
      for (; j < to && depth > 0; j++) {
        if (text[j] === '\\') {
          out[j] = 0x20;
          j++;
          if (j < to) out[j] = 0x20;
          continue;
        }
        if (text[j] === '(') depth++;
        else if (text[j] === ')') {
          depth--;
          if (depth === 0) break;
        }
        out[j] = 0x20;
      }
      n++;
      i = j + 1;
    } else if (c === '<' && text[i + 1] !== '<' && text[i - 1] !== '<') {
      const j = text.indexOf('>', i);
      if (j < 0 || j > to) break;
      for (let k = i + 1; k < j; k++) out[k] = 0x20;
      n++;
      i = j + 1;
    } else i++;
  }
  return n;
}

interface MultipartPart {
  type: 'field' | 'file';
  value?: unknown;
  filename?: string;
  toBuffer?: () => Promise<Buffer>;
}

/**
 * A multipart form parsed by @fastify/multipart (attachFieldsToBody): text fields NFC-normalised like every
 * other form, and the one file field named `file`.
 */
export async function readUpload(body: unknown): Promise<{ body: Record<string, string | string[]>; file: { name: string; data: Buffer } | null }> {
  const raw = (body ?? {}) as Record<string, MultipartPart | MultipartPart[]>;
  const out: Record<string, string | string[]> = {};
  let file: { name: string; data: Buffer } | null = null;
  for (const [key, v] of Object.entries(raw)) {
    for (const p of Array.isArray(v) ? v : [v]) {
      if (!p || typeof p !== 'object') continue;
      if (p.type === 'file') {
        if (key !== 'file' || !p.toBuffer) continue;
        const data = await p.toBuffer();
        if (data.length > 0) file = { name: normalizeInput(String(p.filename ?? '')), data };
      } else {
        const s = normalizeInput(String(p.value ?? ''));
        const prev = out[key];
        out[key] = prev === undefined ? s : Array.isArray(prev) ? [...prev, s] : [prev, s];
      }
    }
  }
  return { body: out, file };
}

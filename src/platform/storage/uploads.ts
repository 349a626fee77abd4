import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { AppError } from '../errors.ts';
import { slugify } from '../i18n/text.ts';

/**
 * Every uploaded file passes through here before it reaches Storage: the type is read from the content (never
 * trusted from the name or the browser), the size is capped, the name is made safe, and images are re-encoded
 * so EXIF data (GPS position, camera owner) and anything hidden in metadata is dropped. SVG is refused
 * (it can carry script). Messages: uploads.errors.* (catalogue module locales).
 */
export type UploadKind = 'image' | 'pdf' | 'video' | 'audio' | 'office' | 'text';

export interface ProcessedUpload {
  kind: UploadKind;
  mime: string;
  ext: string;
  data: Buffer;
  /** ASCII, no path parts, extension from the detected type: "don-de-nghi.pdf". */
  safeName: string;
  width?: number;
  height?: number;
}

export interface UploadOptions {
  allow: UploadKind[];
  maxBytes: number;
}

const ACCEPTED: Record<string, { kind: UploadKind; mime: string }> = {
  jpg: { kind: 'image', mime: 'image/jpeg' },
  png: { kind: 'image', mime: 'image/png' },
  webp: { kind: 'image', mime: 'image/webp' },
  pdf: { kind: 'pdf', mime: 'application/pdf' },
  mp4: { kind: 'video', mime: 'video/mp4' },
  webm: { kind: 'video', mime: 'video/webm' },
  mov: { kind: 'video', mime: 'video/quicktime' },
  mp3: { kind: 'audio', mime: 'audio/mpeg' },
  m4a: { kind: 'audio', mime: 'audio/mp4' },
  ogg: { kind: 'audio', mime: 'audio/ogg' },
  oga: { kind: 'audio', mime: 'audio/ogg' },
  opus: { kind: 'audio', mime: 'audio/ogg' },
  wav: { kind: 'audio', mime: 'audio/wav' },
  docx: { kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  pptx: { kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  odt: { kind: 'office', mime: 'application/vnd.oasis.opendocument.text' },
  ods: { kind: 'office', mime: 'application/vnd.oasis.opendocument.spreadsheet' },
  odp: { kind: 'office', mime: 'application/vnd.oasis.opendocument.presentation' },
  txt: { kind: 'text', mime: 'text/plain; charset=utf-8' },
};

/** Extensions shown in the "type not accepted" message, per kind. */
const KIND_EXTS: Record<UploadKind, string[]> = {
  image: ['JPG', 'PNG', 'WEBP'],
  pdf: ['PDF'],
  video: ['MP4', 'WEBM', 'MOV'],
  audio: ['MP3', 'M4A', 'OGG', 'WAV'],
  office: ['DOCX', 'XLSX', 'PPTX', 'ODT', 'ODS', 'ODP'],
  text: ['TXT'],
};

const TEXT_NAME_EXTS = new Set(['txt', 'text', 'md', 'srt', 'vtt', 'csv']);
/** Decompression bombs: refuse images above this many pixels before decoding them. */
const MAX_IMAGE_PIXELS = 50_000_000;

function typeError(allow: UploadKind[]): AppError {
  return new AppError('uploads.errors.type', 400, { allowed: allow.flatMap((k) => KIND_EXTS[k]).join(', ') });
}

function formatMax(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The last path part of a user-supplied name, its extension (lower case, letters/digits only) and its stem. */
function splitName(originalName: string): { stem: string; ext: string } {
  const base = originalName.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return { stem: base, ext: '' };
  return { stem: base.slice(0, dot), ext: base.slice(dot + 1).toLowerCase().replace(/[^a-z0-9]/g, '') };
}

export function safeFileName(originalName: string, ext: string): string {
  const stem = slugify(splitName(originalName).stem).slice(0, 60).replace(/-+$/, '') || 'tep';
  return `${stem}.${ext}`;
}

/**
 * A strict plain-text check: valid UTF-8, no NUL or other control characters than tab/newline/CR, and nothing
 * a browser would treat as markup (SVG/HTML/XML).
 */
export function isPlainText(data: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) return false;
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^<(\?xml|svg|!doctype|html|script)/.test(head) || /<svg[\s>]/.test(text.toLowerCase())) return false;
  return true;
}

/** An OOXML file that file-type could not name (entries in an unusual order): look at the zip's entry names. */
function ooxmlByEntries(data: Buffer): string | undefined {
  if (data.length < 4 || data.readUInt32LE(0) !== 0x04034b50) return undefined;
  const s = data.toString('latin1');
  if (!s.includes('[Content_Types].xml')) return undefined;
  if (s.includes('word/document.xml')) return 'docx';
  if (s.includes('ppt/presentation.xml')) return 'pptx';
  if (s.includes('xl/workbook.xml')) return 'xlsx';
  return undefined;
}

export async function processUpload(data: Buffer, originalName: string, opts: UploadOptions): Promise<ProcessedUpload> {
  if (!data || data.length === 0) throw new AppError('uploads.errors.empty', 400);
  if (data.length > opts.maxBytes) throw new AppError('uploads.errors.size', 413, { max: formatMax(opts.maxBytes) });

  const nameExt = splitName(originalName).ext;
  if (nameExt === 'svg' || nameExt === 'svgz') throw typeError(opts.allow);

  const detected = await fileTypeFromBuffer(data);
  let ext: string | undefined = detected?.ext;
  if (ext === 'zip' || ext === 'cfb' || !ext) ext = ooxmlByEntries(data) ?? ext;
  if (!ext && opts.allow.includes('text') && TEXT_NAME_EXTS.has(nameExt) && isPlainText(data)) ext = 'txt';
  if (ext === 'jpeg') ext = 'jpg';
  const accepted = ext ? ACCEPTED[ext] : undefined;
  if (!ext || !accepted || !opts.allow.includes(accepted.kind)) throw typeError(opts.allow);

  if (accepted.kind !== 'image') {
    return { kind: accepted.kind, mime: accepted.mime, ext, data, safeName: safeFileName(originalName, ext) };
  }

  // Re-encode: rotate by EXIF first (the picture stays upright once the tag is gone), then write a clean file.
  try {
    const img = sharp(data, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).rotate();
    const encoded = ext === 'jpg' ? img.jpeg({ quality: 85 }) : ext === 'png' ? img.png() : img.webp({ quality: 85 });
    const { data: out, info } = await encoded.toBuffer({ resolveWithObject: true });
    if (out.length > opts.maxBytes) throw new AppError('uploads.errors.size', 413, { max: formatMax(opts.maxBytes) });
    return { kind: 'image', mime: accepted.mime, ext, data: out, safeName: safeFileName(originalName, ext), width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Corrupt or oversized image: the user's problem, not a server error.
    throw typeError(opts.allow);
  }
}

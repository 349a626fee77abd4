import type { FastifyRequest } from 'fastify';
import { normalizeInput } from '../../platform/i18n/text.ts';
import type { FormBody } from '../../platform/http/forms.ts';
import type { UploadKind } from '../../platform/storage/uploads.ts';

/** Which file types each kind of material accepts, and how big they may be. */
export const MATERIAL_UPLOADS: Record<string, { allow: UploadKind[]; maxBytes: number }> = {
  infographic: { allow: ['image', 'pdf'], maxBytes: 10 * 1024 * 1024 },
  video: { allow: ['video'], maxBytes: 50 * 1024 * 1024 },
  leaflet: { allow: ['pdf', 'image'], maxBytes: 20 * 1024 * 1024 },
  poster: { allow: ['pdf', 'image'], maxBytes: 20 * 1024 * 1024 },
  radio_script: { allow: ['audio', 'text', 'office', 'pdf'], maxBytes: 30 * 1024 * 1024 },
  slides: { allow: ['pdf', 'office'], maxBytes: 30 * 1024 * 1024 },
};
export const MAX_MATERIAL_BYTES = 50 * 1024 * 1024;

interface MultipartField {
  type: 'field' | 'file';
  fieldname: string;
  value?: unknown;
  filename?: string;
  toBuffer?: () => Promise<Buffer>;
}

/**
 * Read a multipart form (parsed by @fastify/multipart with attachFieldsToBody): text fields as a FormBody
 * (NFC, control characters removed, like every other form), and the one optional file.
 */
export async function readMultipartForm(request: FastifyRequest): Promise<{ body: FormBody; file: { name: string; data: Buffer } | null }> {
  const raw = (request.body ?? {}) as Record<string, MultipartField | MultipartField[]>;
  const body: FormBody = {};
  let file: { name: string; data: Buffer } | null = null;
  for (const [key, v] of Object.entries(raw)) {
    const parts = Array.isArray(v) ? v : [v];
    for (const p of parts) {
      if (!p || typeof p !== 'object') continue;
      if (p.type === 'file') {
        if (key !== 'file' || !p.toBuffer) continue;
        const data = await p.toBuffer();
        if (data.length > 0) file = { name: normalizeInput(String(p.filename ?? '')), data };
      } else {
        const s = normalizeInput(String(p.value ?? ''));
        const prev = body[key];
        body[key] = prev === undefined ? s : Array.isArray(prev) ? [...prev, s] : [prev, s];
      }
    }
  }
  return { body, file };
}

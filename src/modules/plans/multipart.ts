import { AppError } from '../../platform/errors.ts';

export interface MultipartBody {
  [field: string]: string | { filename: string; contentType: string; data: Buffer } | undefined;
}

/**
 * A minimal multipart/form-data reader for one small upload form (KPI import): fields become strings (UTF-8,
 * NFC), files become buffers. Anything malformed is a 400, never a 500.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw new AppError('errors.badRequest', 400);
  const boundary = Buffer.from(`--${(m[1] ?? m[2])!.trim()}`);
  const out: MultipartBody = Object.create(null);
  let pos = body.indexOf(boundary);
  if (pos < 0) throw new AppError('errors.badRequest', 400);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  while (pos >= 0) {
    const start = pos + boundary.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(boundary, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // skip CRLF after boundary and before the next
    const sep = part.indexOf('\r\n\r\n');
    if (sep < 0) throw new AppError('errors.badRequest', 400);
    const head = part.subarray(0, sep).toString('utf8');
    const data = part.subarray(sep + 4);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    const ctype = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream';
    if (name && name !== '__proto__' && name !== 'constructor') {
      if (filename !== undefined) out[name] = { filename: filename.normalize('NFC').replace(/[\\/]/g, '_'), contentType: ctype, data: Buffer.from(data) };
      else {
        try {
          out[name] = utf8.decode(data).normalize('NFC');
        } catch {
          throw new AppError('errors.badEncoding', 400);
        }
      }
    }
    pos = next;
  }
  return { ...out };
}

import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { Document, Packer, Paragraph } from 'docx';
import { AppError } from '../errors.ts';
import { translator } from '../i18n/i18n.ts';
import { isPlainText, processUpload, safeFileName } from './uploads.ts';

const MB = 1024 * 1024;
const all = { allow: ['image', 'pdf', 'video', 'audio', 'office', 'text'] as const, maxBytes: 5 * MB };
const opts = (o: Partial<{ allow: Array<(typeof all.allow)[number]>; maxBytes: number }> = {}) => ({ allow: [...all.allow], maxBytes: all.maxBytes, ...o });

async function imageWithExif(format: 'jpeg' | 'png' | 'webp') {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 200, g: 10, b: 10 } } })
    .withExif({ IFD0: { Copyright: 'Nguyen Van A', ImageDescription: 'Nha rieng, 20.6462N 106.0511E' } })
    .withMetadata({ orientation: 6 })
    .toFormat(format)
    .toBuffer();
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('processUpload', () => {
  it.each(['jpeg', 'png', 'webp'] as const)('re-encodes a %s: EXIF gone, rotated upright, dimensions reported', async (format) => {
    const input = await imageWithExif(format);
    const before = await sharp(input).metadata();
    expect(before.exif?.length ?? 0).toBeGreaterThan(0);
    expect(before.orientation).toBe(6);
    expect(input.includes(Buffer.from('Nguyen Van A'))).toBe(true);

    const out = await processUpload(input, `C:\\Users\\a\\Ảnh nhà ${format}.${format}`, opts({ allow: ['image'] }));
    expect(out.kind).toBe('image');
    expect(out.ext).toBe(format === 'jpeg' ? 'jpg' : format);
    expect(out.safeName).toBe(`anh-nha-${format}.${out.ext}`);
    const after = await sharp(out.data).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(out.data.includes(Buffer.from('Nguyen Van A'))).toBe(false);
    expect(out.data.includes(Buffer.from('20.6462N'))).toBe(false);
    // Orientation 6 means "rotate 90°": the 40×20 picture is stored upright as 20×40.
    expect([out.width, out.height]).toEqual([20, 40]);
    expect([after.width, after.height]).toEqual([20, 40]);
  });

  it('accepts a PDF by its header, whatever its name says', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const out = await processUpload(pdf, '../../etc/Tờ khai đăng ký.exe', opts({ allow: ['pdf'] }));
    expect(out).toMatchObject({ kind: 'pdf', mime: 'application/pdf', ext: 'pdf', safeName: 'to-khai-dang-ky.pdf' });
    expect(out.data).toBe(pdf);
  });

  it('accepts a .docx by its content', async () => {
    const doc = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Hướng dẫn')] }] }));
    const out = await processUpload(Buffer.from(doc), 'huong-dan.docx', opts({ allow: ['office'] }));
    expect(out.kind).toBe('office');
    expect(out.ext).toBe('docx');
  });

  it('accepts a plain UTF-8 text script only after a strict check', async () => {
    const txt = Buffer.from('Kịch bản video: Đăng ký khai sinh trực tuyến\n1. Mở Cổng DVC quốc gia\n');
    const out = await processUpload(txt, 'kich ban.txt', opts({ allow: ['text'] }));
    expect(out).toMatchObject({ kind: 'text', ext: 'txt', safeName: 'kich-ban.txt' });
    const binary = Buffer.from([0x41, 0x00, 0x42, 0x01, 0x02]);
    expect((await rejection(processUpload(binary, 'a.txt', opts({ allow: ['text'] })))).code).toBe('uploads.errors.type');
    expect((await rejection(processUpload(Buffer.from([0xc3, 0x28, 0x41]), 'a.txt', opts({ allow: ['text'] })))).code).toBe('uploads.errors.type');
    expect(isPlainText(Buffer.from('<!DOCTYPE html><script>x</script>'))).toBe(false);
  });

  it('refuses SVG, by name and by content', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const name of ['logo.svg', 'logo.txt', 'logo.png']) {
      const err = await rejection(processUpload(svg, name, opts()));
      expect(err.code).toBe('uploads.errors.type');
      expect(err.status).toBe(400);
    }
  });

  it('refuses a type the caller did not allow, with the accepted formats in Vietnamese', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const err = await rejection(processUpload(pdf, 'a.pdf', opts({ allow: ['image'] })));
    expect(err.status).toBe(400);
    expect(translator('vi')(err.code, err.params)).toBe('Loại tệp này không được chấp nhận. Hãy chọn tệp có định dạng: JPG, PNG, WEBP.');
  });

  it('refuses a corrupt image with 400, not a server error', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    const err = await rejection(processUpload(fake, 'a.jpg', opts({ allow: ['image'] })));
    expect(err.code).toBe('uploads.errors.type');
    expect(err.status).toBe(400);
  });

  it('enforces the size limit (413) and refuses empty files (400)', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * MB)]);
    const tooBig = await rejection(processUpload(big, 'a.pdf', opts({ maxBytes: MB })));
    expect(tooBig).toMatchObject({ code: 'uploads.errors.size', status: 413 });
    expect(translator('vi')(tooBig.code, tooBig.params)).toBe('Tệp quá lớn. Dung lượng tối đa là 1 MB.');
    expect(await rejection(processUpload(Buffer.alloc(0), 'a.pdf', opts()))).toMatchObject({ code: 'uploads.errors.empty', status: 400 });
  });

  it('makes safe ASCII names with no path parts', () => {
    expect(safeFileName('../../../etc/passwd', 'txt')).toBe('passwd.txt');
    expect(safeFileName('..\\..\\Windows\\Ảnh thẻ (2025).JPG', 'jpg')).toBe('anh-the-2025.jpg');
    expect(safeFileName('.htaccess', 'txt')).toBe('htaccess.txt');
    expect(safeFileName('', 'pdf')).toBe('tep.pdf');
    expect(safeFileName('😀😀', 'pdf')).toBe('tep.pdf');
    expect(safeFileName('a'.repeat(300), 'pdf')).toHaveLength(64);
  });
});

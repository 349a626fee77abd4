import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { buildTestApp, DEMO, sessionFor, type TestApp } from '../../test/helpers.ts';
import { ContentServiceToken } from './content.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = '----dvcContentTest7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const fields = { kind: 'infographic', title: 'Infographic: 5 bước nộp hồ sơ trực tuyến', topic: 'dvc-loi-ich', 'aud-cong-dan': 'on', 'ch-mang-xa-hoi': 'on', usageRights: 'Dùng tự do, ghi nguồn.' };

describe('material uploads', () => {
  it('an uploaded image is re-encoded without metadata, stored, and served after approval', async () => {
    const editor = await sessionFor(t.database, DEMO.editor);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#9b1c1c' } })
      .withMetadata({ exif: { IFD0: { Copyright: 'SECRET-OWNER', ImageDescription: 'GPS 20.65,106.05' } } })
      .jpeg()
      .toBuffer();
    expect(png.toString('latin1')).toContain('SECRET-OWNER');
    const mp = multipart(fields, { name: '../../Ảnh đẹp <x>.jpg', type: 'image/jpeg', data: png });
    const res = await t.app.inject({ method: 'POST', url: `/quan-tri/noi-dung/thu-vien/moi?_csrf=${editor.csrf}`, headers: { ...mp.headers, cookie: editor.cookie }, payload: mp.payload });
    expect(res.statusCode).toBe(303);
    const id = /thu-vien\/([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
    const coord = await sessionFor(t.database, DEMO.coordinator);
    const inject = (who: { cookie: string; csrf: string }, url: string) =>
      t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie }, payload: `_csrf=${who.csrf}` });
    expect((await inject(editor, `/quan-tri/noi-dung/thu-vien/${id}/gui-duyet`)).statusCode).toBe(303);
    expect((await inject(coord, `/quan-tri/noi-dung/thu-vien/${id}/duyet`)).statusCode).toBe(303);

    const m = await t.app.deps.services.get(ContentServiceToken).publicMaterial(id);
    expect(m?.fileName).toBe('anh-dep-x.jpg');
    expect(m?.fileKey).toMatch(/^materials\/\d{4}\/\d{2}\/[0-9a-f-]{36}\.jpg$/);
    const page = await t.app.inject({ url: `/thu-vien/${id}` });
    expect(page.body).toContain(`src="/thu-vien/${id}/anh"`);
    const img = await t.app.inject({ url: `/thu-vien/${id}/anh` });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.rawPayload.toString('latin1')).not.toContain('SECRET-OWNER');
    const dl = await t.app.inject({ url: `/thu-vien/${id}/tai-ve` });
    expect(dl.headers['content-disposition']).toBe('attachment; filename="anh-dep-x.jpg"');
  });

  it('a file whose content is not an accepted type is refused with a clear message (422), nothing stored', async () => {
    const editor = await sessionFor(t.database, DEMO.editor);
    const mp = multipart({ ...fields, title: 'Giả ảnh' }, { name: 'anh.png', type: 'image/png', data: Buffer.from('<html><script>alert(1)</script></html>') });
    const res = await t.app.inject({ method: 'POST', url: `/quan-tri/noi-dung/thu-vien/moi?_csrf=${editor.csrf}`, headers: { ...mp.headers, cookie: editor.cookie }, payload: mp.payload });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="file-error"');
    expect(res.body).toContain('Giả ảnh');
    expect(res.body).not.toContain('<script>alert');
  });

  it('multipart without the CSRF token in the action URL is refused', async () => {
    const editor = await sessionFor(t.database, DEMO.editor);
    const mp = multipart(fields);
    const res = await t.app.inject({ method: 'POST', url: '/quan-tri/noi-dung/thu-vien/moi', headers: { ...mp.headers, cookie: editor.cookie }, payload: mp.payload });
    expect(res.statusCode).toBe(403);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createTestDb, DEMO, type TestDb } from '../../src/test/helpers.ts';
import { freePort } from '../../src/modules/identity/identity.test-client.ts';
import { launchBrowser, noJsContext } from './browser.ts';

/** A tiny valid PDF to upload. */
function pdf(text: string): Buffer {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>', `<< /Title (${text}) >>`];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * The Kho journey with JavaScript off: a citizen signs in through the built-in provider, uploads a document,
 * shares it with an agency for a dossier (form → consent page → agree); an officer of that agency opens it
 * (choosing the purpose); the citizen sees that access in the log and revokes; the officer is refused.
 */
describe('Kho dữ liệu điện tử in a real browser (JavaScript off)', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestDb({ PORT: String(port), PUBLIC_URL: base });
    app = await buildApp({ config: t.config, database: t.database, logger: false });
    await app.listen({ port, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('upload → share for a dossier → officer opens → citizen sees it and revokes → officer refused', async () => {
    const agency = (await t.database.db.selectFrom('organisations').select('id').where('code', '=', 'SKHCN').executeTakeFirstOrThrow()).id;
    const until = new Date(Date.now() + 14 * 86400_000).toISOString().slice(0, 10).split('-').reverse().join('/');

    // Citizen: sign in, open the Kho from the account page.
    const citizen = await noJsContext(browser);
    const cp = await citizen.newPage();
    await cp.goto(`${base}/dang-nhap/cong-dan`);
    await cp.getByRole('link', { name: 'Đăng nhập bằng định danh điện tử' }).click();
    await cp.waitForURL(/\/dev-oidc\/interaction\//);
    await cp.getByLabel('Số định danh cá nhân').fill('036090012345');
    await cp.getByLabel('Họ và tên').fill('Phạm Thị Hoa');
    await cp.getByLabel('Mức 2').check();
    await cp.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await cp.waitForURL(`${base}/tai-khoan`);
    await cp.getByRole('link', { name: 'Kho dữ liệu điện tử của tôi' }).click();
    await cp.waitForURL(`${base}/tai-khoan/kho`);

    // Upload a birth certificate (multipart form, CSRF token in the action URL).
    await cp.getByLabel('Loại giấy tờ').selectOption('birth_certificate');
    await cp.getByLabel('Tên gọi').fill('Giấy khai sinh của con');
    await cp.getByLabel('Tệp giấy tờ').setInputFiles({ name: 'khai-sinh.pdf', mimeType: 'application/pdf', buffer: pdf('khai sinh') });
    await cp.getByRole('button', { name: 'Tải lên Kho' }).click();
    await cp.waitForURL(`${base}/tai-khoan/kho?da=dsUploaded`);
    expect(await cp.content()).toContain('Giấy khai sinh của con');

    // Share it for a dossier: the form, then the consent page in plain Vietnamese, then agree.
    await cp.getByRole('link', { name: 'Chia sẻ Giấy khai sinh của con' }).click();
    await cp.getByLabel('Cơ quan được xem').selectOption(agency);
    await cp.getByLabel('Mã hồ sơ').fill('H33.12-251203-0042');
    await cp.getByLabel('Để làm gì').fill('Đối chiếu giấy khai sinh khi đăng ký thường trú cho con');
    await cp.getByLabel('Chia sẻ đến hết ngày').fill(until);
    await cp.getByRole('button', { name: 'Tiếp tục' }).click();
    await cp.getByRole('heading', { name: 'Xác nhận đồng ý chia sẻ' }).waitFor();
    const consent = await cp.content();
    expect(consent).toContain('để giải quyết hồ sơ H33.12-251203-0042');
    expect(consent).toContain('Bạn có thể thu hồi bất cứ lúc nào');
    await cp.getByRole('button', { name: 'Tôi đồng ý chia sẻ' }).click();
    await cp.waitForURL(/\/tai-khoan\/kho\/chia-se\/[0-9a-f-]+\?da=dsShared/);
    const shareUrl = cp.url().split('?')[0]!;

    // The receipt is a signed JWS.
    const [receipt] = await Promise.all([cp.waitForEvent('download'), cp.getByRole('link', { name: /Tải biên nhận đồng ý/ }).click()]);
    const r = JSON.parse(readFileSync((await receipt.path())!, 'utf8'));
    expect(r.receipt.split('.')).toHaveLength(3);
    expect(r.claims.dossierCode).toBe('H33.12-251203-0042');

    // Officer of that agency: sees the share, must choose the purpose, opens the document.
    const officer = await noJsContext(browser);
    const op = await officer.newPage();
    await op.goto(`${base}/dang-nhap`);
    await op.getByLabel('Email').fill(DEMO.officerSkhcn);
    await op.getByLabel('Mật khẩu').fill(DEMO.password);
    await op.getByRole('button', { name: 'Đăng nhập' }).click();
    await op.waitForURL(`${base}/quan-tri`);
    await op.goto(`${base}/quan-tri/kho`);
    await op.getByRole('link', { name: 'H33.12-251203-0042' }).click();
    await op.getByLabel(/Đối chiếu giấy khai sinh/).check();
    const [file] = await Promise.all([op.waitForEvent('download'), op.getByRole('button', { name: 'Mở Giấy khai sinh của con' }).click()]);
    expect(readFileSync((await file.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    // Keep the officer's page with the open form for after the revocation.
    await op.goto(cp.url().replace(/.*\/chia-se\//, `${base}/quan-tri/kho/chia-se/`).split('?')[0]!);
    await op.getByLabel(/Đối chiếu giấy khai sinh/).check();

    // Citizen: the access log shows the agency, the role, the purpose and the dossier.
    await cp.goto(`${base}/tai-khoan/kho/nhat-ky`);
    const log = await cp.locator('table.access-log').textContent();
    expect(log).toContain('Mở giấy tờ: Giấy khai sinh của con');
    expect(log).toContain('cán bộ');
    expect(log).toContain('hồ sơ H33.12-251203-0042');
    expect(log).toContain('Khoa học');

    // Revoke: effective at once.
    await cp.goto(shareUrl);
    await cp.getByRole('button', { name: 'Thu hồi chia sẻ' }).click();
    await cp.waitForURL(`${shareUrl}?da=dsRevoked`);
    expect(await cp.content()).toContain('bạn đã thu hồi');

    // The officer submits the form still on screen: refused, nothing downloaded.
    const refused = op.waitForResponse((res) => res.url().includes('/mo'));
    await op.getByRole('button', { name: 'Mở Giấy khai sinh của con' }).click();
    expect((await refused).status()).toBe(403);
    expect(await op.content()).toContain('Không có chia sẻ còn hiệu lực');
    await op.goto(`${base}/quan-tri/kho`);
    expect(await op.content()).not.toContain('H33.12-251203-0042');

    await officer.close();
    await citizen.close();
  });
});

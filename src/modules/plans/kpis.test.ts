import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { buildTestApp, DEMO, form, FORM, sessionFor, type TestApp } from '../../test/helpers.ts';
import type { KpisService } from './kpis.service.ts';
import { kpiStatus, parseCsv, parseNumber, targetFor } from './kpis.service.ts';
import { KpisToken } from './api.ts';

type Session = { cookie: string; csrf: string; userId: string };

function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type: string }) {
  const boundary = '----dvcTestBoundary7MA4YWxk';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('KPI helpers', () => {
  it('parses Vietnamese and plain numbers, CSV with quotes and semicolons', () => {
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('72,5')).toBe(72.5);
    expect(parseNumber('72.5')).toBe(72.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('abc')).toBeUndefined();
    expect(parseCsv('a;b\r\n"x;1";"2 ""q"""\n')).toEqual([
      ['a', 'b'],
      ['x;1', '2 "q"'],
    ]);
  });
  it('status colours follow the target and the direction', () => {
    expect(kpiStatus({ direction: 'up' }, 72, 70)).toBe('met');
    expect(kpiStatus({ direction: 'up' }, 65, 70)).toBe('near');
    expect(kpiStatus({ direction: 'up' }, 40, 70)).toBe('behind');
    expect(kpiStatus({ direction: 'up' }, null, 70)).toBe('noData');
    expect(kpiStatus({ direction: 'down' }, 5, 10)).toBe('met');
    expect(targetFor({ target2025: 50, target2030: 70 }, '2025-Q4')).toBe(50);
    expect(targetFor({ target2025: 50, target2030: 70 }, '2027')).toBe(70);
  });
});

describe('KPI registry, import and dashboards', () => {
  let t: TestApp;
  let kpis: KpisService;
  let s: Record<'coord' | 'officer' | 'viewer', Session>;
  const get = (url: string, who?: Session) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
  const upload = (who: Session, fields: Record<string, string>, file?: { name: string; data: Buffer; type: string }) => {
    const m = multipart({ _csrf: who.csrf, ...fields }, file);
    return t.app.inject({ method: 'POST', url: '/quan-tri/chi-so/nhap', headers: { cookie: who.cookie, 'content-type': m.contentType }, payload: m.payload });
  };
  const valueCount = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM kpi_values`.execute(t.database.db)).rows[0]!.n;
  const batchId = (html: string) => /action="\/quan-tri\/chi-so\/nhap\/([0-9a-f-]{36})"/.exec(html)?.[1];

  beforeAll(async () => {
    t = await buildTestApp();
    kpis = t.app.deps.services.get(KpisToken);
    s = {
      coord: await sessionFor(t.database, DEMO.coordinator),
      officer: await sessionFor(t.database, DEMO.officerSkhcn),
      viewer: await sessionFor(t.database, DEMO.viewer),
    };
  });
  afterAll(() => t.close());

  it('registry has the plan targets for 2025 and 2030 and the Appendix B fields', async () => {
    const adult = (await kpis.byCode('ADULT_DVCTT_USERS_RATE'))!;
    expect(adult).toMatchObject({ target2025: 50, target2030: 70, unit: '%', direction: 'up', refVerified: false });
    expect(adult.numeratorDef).not.toBe('');
    const online = (await kpis.byCode('DVCTT_FULLY_ONLINE_RATE'))!;
    expect(online).toMatchObject({ target2025: 70, target2025Max: 80 });
    expect((await kpis.byCode('SATISFACTION_LAND_CONSTR_INVEST'))!.target2025).toBe(85);
    expect((await kpis.byCode('HIGHSCHOOL_STUDENTS_TRAINED_RATE'))!.target2030).toBe(100);
  });

  it('computed sources look up manifest stats by name; a missing one shows "chưa có dữ liệu"', async () => {
    const k = (await kpis.byCode('ASSISTANT_QUESTIONS'))!;
    expect(await kpis.computed({ ...k, statName: 'khong.co.module.nay' })).toMatchObject({ available: false, value: null });
    const cat = await kpis.computed({ ...k, statName: 'catalogue.procedures' });
    expect(cat.available).toBe(true);
    const page = await get(`/quan-tri/chi-so/${k.id}`, s.coord);
    expect(page.statusCode).toBe(200);
    if (!(await kpis.computed(k)).available) expect(page.body).toContain('chưa có dữ liệu');
  });

  it('a CSV with bad rows shows row-level errors and writes nothing, and its batch cannot be committed', async () => {
    const before = await valueCount();
    const csv = [
      'kpi,period,org,numerator,denominator,value',
      'DVCTT_FULLY_ONLINE_RATE,2025,,7200,10000,',
      'KHONG_CO_CHI_SO,2025,,,,50',
      'ADULT_DVCTT_USERS_RATE,2025-13,,,,40',
      'ADULT_DVCTT_USERS_RATE,2025,XA-KHONG-CO,,,40',
      'STUDENTS_TRAINED_RATE,2025,,,,140',
      'OFFICIALS_TRAINED_RATE,2025,,abc,100,',
    ].join('\n');
    const res = await upload(s.coord, { csv });
    expect(res.statusCode).toBe(422);
    for (const msg of ['Không có chỉ số mã “KHONG_CO_CHI_SO”', 'Kỳ phải có dạng', 'Không có cơ quan, đơn vị mã “XA-KHONG-CO”', 'Tỷ lệ phải từ 0 đến 100', 'Tử số phải là số']) expect(res.body).toContain(msg);
    expect(res.body).toContain('5 lỗi cần sửa trong tệp');
    expect(batchId(res.body)).toBeUndefined(); // no commit button
    expect(await valueCount()).toBe(before);
    const staged = (await sql<{ id: string }>`SELECT id FROM kpi_import_batches ORDER BY created_at DESC LIMIT 1`.execute(t.database.db)).rows[0]!.id;
    const commit = await t.app.inject({ method: 'POST', url: `/quan-tri/chi-so/nhap/${staged}`, headers: { ...FORM, cookie: s.coord.cookie }, payload: form({ _csrf: s.coord.csrf }) });
    expect(commit.statusCode).toBe(409);
    expect(await valueCount()).toBe(before);
  });

  it('a valid CSV previews, then commits every row at once; dashboard, public page and API update', async () => {
    const csv = ['kpi;period;org;numerator;denominator;value', 'DVCTT_FULLY_ONLINE_RATE;2025;;7200;10000;', 'ADULT_DVCTT_USERS_RATE;2025;;;;"41,5"', 'ADULT_DVCTT_USERS_RATE;2025;XA-11953;;;55', 'ADULT_DVCTT_USERS_RATE;2024;;;;30'].join('\r\n');
    const res = await upload(s.coord, { csv });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Tất cả 4 dòng hợp lệ');
    expect(await valueCount()).toBe(0);
    const id = batchId(res.body)!;
    const commit = await t.app.inject({ method: 'POST', url: `/quan-tri/chi-so/nhap/${id}`, headers: { ...FORM, cookie: s.coord.cookie }, payload: form({ _csrf: s.coord.csrf }) });
    expect(commit.statusCode).toBe(303);
    expect(await valueCount()).toBe(4);
    // The same batch twice is refused.
    expect((await t.app.inject({ method: 'POST', url: `/quan-tri/chi-so/nhap/${id}`, headers: { ...FORM, cookie: s.coord.cookie }, payload: form({ _csrf: s.coord.csrf }) })).statusCode).toBe(409);
    const dash = await kpis.dashboard(true);
    const online = dash.find((d) => d.kpi.code === 'DVCTT_FULLY_ONLINE_RATE')!;
    expect(online).toMatchObject({ value: 72, status: 'met', period: '2025' });
    const adult = dash.find((d) => d.kpi.code === 'ADULT_DVCTT_USERS_RATE')!;
    expect(adult).toMatchObject({ value: 41.5, status: 'behind' });
    expect(adult.series.map((x) => x.period)).toEqual(['2024', '2025']);
    const pub = await get('/chi-tieu');
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('72%');
    expect(pub.body).toContain('<svg');
    expect(pub.body).toContain('<table');
    expect(pub.body).toContain('Chưa đạt');
    expect(pub.body).toContain('2024: 30% → 2025: 41,5%'); // trend per period beside the target
    const detail = await get(`/quan-tri/chi-so/${adult.kpi.id}`, s.viewer);
    expect(detail.body).toContain('Phường Phố Hiến');
    const api = await get(`/api/v1/kpis/${adult.kpi.id}/values`);
    expect(api.json().items).toHaveLength(3);
    expect((await get('/api/v1/kpis')).json().items.length).toBeGreaterThan(15);
    const audits = await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_id = ${id}`.execute(t.database.db);
    expect(audits.rows.map((a) => a.action)).toEqual(['kpis.import.preview', 'kpis.import.commit']);
  });

  it('an XLSX upload goes through the same preview; a wrong file type is refused with a message', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Số liệu');
    ws.addRow(['kpi', 'period', 'org', 'numerator', 'denominator', 'value']);
    ws.addRow(['STUDENTS_TRAINED_RATE', '2025', '', 8100, 10000, null]);
    ws.addRow(['OFFICIALS_TRAINED_RATE', '2025-Q4', 'SKHCN', null, null, 100]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(s.coord, {}, { name: 'so-lieu.xlsx', data, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Tất cả 2 dòng hợp lệ');
    expect(res.body).toContain('81');
    const pdf = await upload(s.coord, {}, { name: 'bao-cao.pdf', data: Buffer.from('%PDF-1.4 fake'), type: 'application/pdf' });
    expect(pdf.statusCode).toBe(422);
    expect(pdf.body).toContain('Chỉ nhận tệp CSV hoặc XLSX');
    const fakeXlsx = await upload(s.coord, {}, { name: 'gia.xlsx', data: Buffer.from('kpi,period\n'), type: 'application/octet-stream' });
    expect(fakeXlsx.statusCode).toBe(422);
    const empty = await upload(s.coord, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Chọn tệp hoặc dán nội dung CSV');
  });

  it('only the Centre imports and edits KPIs; legal reference and verified flag are editable with audit', async () => {
    expect((await upload(s.officer, { csv: 'kpi,period,value\nSATISFACTION_RATE,2025,90' })).statusCode).toBe(403);
    expect((await get('/quan-tri/chi-so/nhap', s.viewer)).statusCode).toBe(403);
    const k = (await kpis.byCode('SATISFACTION_RATE'))!;
    const data = { nameVi: k.nameVi, numeratorDef: k.numeratorDef, denominatorDef: k.denominatorDef, legalRef: 'NQ 76/NQ-CP (15/07/2021)', target2025: '90', target2030: '95', direction: 'up', frequency: 'year', refVerified: 'on', published: 'on' };
    const post = (who: Session, d: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/quan-tri/chi-so/${k.id}`, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...d }) });
    expect((await post(s.officer, data)).statusCode).toBe(403);
    expect((await post(s.coord, { ...data, target2025: 'chín mươi' })).statusCode).toBe(422);
    expect((await post(s.coord, data)).statusCode).toBe(303);
    expect(await kpis.byCode('SATISFACTION_RATE')).toMatchObject({ legalRef: 'NQ 76/NQ-CP (15/07/2021)', refVerified: true, target2030: 95 });
    // Unpublished KPIs leave the public page and the public API.
    await post(s.coord, { ...data, published: '' });
    expect((await get('/api/v1/kpis')).json().items.some((x: { code: string }) => x.code === 'SATISFACTION_RATE')).toBe(false);
    expect((await get(`/api/v1/kpis/${k.id}/values`)).statusCode).toBe(404);
    expect((await get('/chi-tieu')).body).not.toContain(k.nameVi);
  });

  it('exports CSV (BOM, formulas neutralised) and XLSX that reads back', async () => {
    const csv = await get('/chi-tieu.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    expect(csv.body).toContain('DVCTT_FULLY_ONLINE_RATE');
    const x = await t.app.inject({ method: 'GET', url: '/quan-tri/chi-so/xuat.xlsx', headers: { cookie: s.viewer.cookie } });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('Mã chỉ số');
    const codes: unknown[] = [];
    ws.eachRow((r, n) => n > 1 && codes.push(r.getCell(1).value));
    expect(codes).toContain('DVCTT_FULLY_ONLINE_RATE');
    expect((await get('/quan-tri/chi-so/xuat.csv')).statusCode).toBe(303); // staff export needs sign-in
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, DEMO, form, FORM, sessionFor, type TestApp } from '../../test/helpers.ts';
import { parseLocaleNumber } from './kpis.service.ts';
import { KPI_IMPORT_EXAMPLE } from './kpis.views.tsx';

describe('numbers are read per locale, exactly or not at all', () => {
  it('vi: decimal comma, dot groups', () => {
    expect(parseLocaleNumber('48,5', 'vi')).toBe(48.5);
    expect(parseLocaleNumber('1.234,5', 'vi')).toBe(1234.5);
    expect(parseLocaleNumber('1.234', 'vi')).toBe(1234);
    expect(parseLocaleNumber('12.345.678,9', 'vi')).toBe(12345678.9);
    expect(parseLocaleNumber(' 48,5 %', 'vi')).toBe(48.5);
    for (const bad of ['48.5', '1.23', '1,2,3', '4 8,5x', ',5']) expect(parseLocaleNumber(bad, 'vi'), bad).toBeUndefined();
  });
  it('en: decimal point, comma groups; spreadsheet numbers are taken as they are', () => {
    expect(parseLocaleNumber('48.5', 'en')).toBe(48.5);
    expect(parseLocaleNumber('1,234.5', 'en')).toBe(1234.5);
    expect(parseLocaleNumber('48,5', 'en')).toBeUndefined();
    expect(parseLocaleNumber(48.5, 'vi')).toBe(48.5);
    expect(parseLocaleNumber('', 'vi')).toBeNull();
  });
});

describe('KPI import keeps every decimal', () => {
  let t: TestApp;
  let coord: { cookie: string; csrf: string };
  const paste = (csv: string, numberFormat = 'vi') => {
    const boundary = '----dvcImportBoundary';
    const fields = { _csrf: coord.csrf, csv, numberFormat };
    const payload = Buffer.concat([
      ...Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    return t.app.inject({ method: 'POST', url: '/quan-tri/chi-so/nhap', headers: { cookie: coord.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  };
  const batchId = (html: string) => /action="\/quan-tri\/chi-so\/nhap\/([0-9a-f-]{36})"/.exec(html)?.[1];
  const commit = (id: string) => t.app.inject({ method: 'POST', url: `/quan-tri/chi-so/nhap/${id}`, headers: { ...FORM, cookie: coord.cookie }, payload: form({ _csrf: coord.csrf }) });
  const stored = async (code: string, period: string) =>
    (
      await sql<{ value: number; org: string | null }>`SELECT v.value::float8 AS value, o.code AS org FROM kpi_values v JOIN kpis k ON k.id = v.kpi_id
        LEFT JOIN organisations o ON o.id = v.org_id WHERE k.code = ${code} AND v.period = ${period} ORDER BY o.code NULLS FIRST`.execute(t.database.db)
    ).rows;

  beforeAll(async () => {
    t = await buildTestApp();
    coord = await sessionFor(t.database, DEMO.coordinator);
  });
  afterAll(() => t.close());

  it("the page's own example imports 48,5 as 48.5", async () => {
    const page = await t.app.inject({ method: 'GET', url: '/quan-tri/chi-so/nhap', headers: { cookie: coord.cookie } });
    expect(page.body).toContain('ADULT_DVCTT_USERS_RATE;2025;XA-11953;;;48,5');
    const res = await paste(KPI_IMPORT_EXAMPLE);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('48,5');
    expect((await commit(batchId(res.body)!)).statusCode).toBe(303);
    expect(await stored('ADULT_DVCTT_USERS_RATE', '2025')).toEqual([{ value: 48.5, org: 'XA-11953' }]);
    expect(await stored('DVCTT_FULLY_ONLINE_RATE', '2025')).toEqual([{ value: 72, org: null }]);
  });

  it('an unquoted decimal comma in a comma-separated file is a row error, never 48', async () => {
    const res = await paste('kpi,period,org,numerator,denominator,value\nADULT_DVCTT_USERS_RATE,2024,XA-11953,,,48,5');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('nhiều hơn dòng tiêu đề');
    expect(batchId(res.body)).toBeUndefined();
    expect(await stored('ADULT_DVCTT_USERS_RATE', '2024')).toEqual([]);
    // Quoted, the same number is read exactly.
    const ok = await paste('kpi,period,org,numerator,denominator,value\nADULT_DVCTT_USERS_RATE,2024,XA-11953,,,"48,5"');
    expect(ok.statusCode).toBe(200);
    await commit(batchId(ok.body)!);
    expect(await stored('ADULT_DVCTT_USERS_RATE', '2024')).toEqual([{ value: 48.5, org: 'XA-11953' }]);
  });

  it('a number in the other locale is a row error with a hint; choosing that locale reads it', async () => {
    const csv = 'kpi;period;org;numerator;denominator;value\nADULT_DVCTT_USERS_RATE;2025-Q1;;;;48.5\nDVCTT_FULLY_ONLINE_RATE;2025-Q1;;1.234;2.000;';
    const bad = await paste(csv);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Giá trị phải là số (viết theo kiểu Việt Nam, ví dụ 48,5 hoặc 1.234,5)');
    expect(bad.body).toContain('48.5'); // what the user typed is kept
    const en = await paste('kpi;period;org;numerator;denominator;value\nADULT_DVCTT_USERS_RATE;2025-Q1;;;;48.5\nDVCTT_FULLY_ONLINE_RATE;2025-Q1;;"1,234";"2,000";', 'en');
    expect(en.statusCode).toBe(200);
    await commit(batchId(en.body)!);
    expect(await stored('ADULT_DVCTT_USERS_RATE', '2025-Q1')).toEqual([{ value: 48.5, org: null }]);
    expect(await stored('DVCTT_FULLY_ONLINE_RATE', '2025-Q1')).toEqual([{ value: 61.7, org: null }]);
  });
});

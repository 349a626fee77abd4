import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../src/test/helpers.ts';
import { generateApiToken } from '../../src/platform/auth/api-tokens.ts';

/**
 * Issue 10: a real third-party Open311 client library (node-open311 0.0.12, vendored in tests/fixtures: see its
 * README for why it is not a devDependency) completes discovery, the service list and a definition, a submission
 * with location and a declared attribute, and reads the request back with its location.
 */

type Cb = (err: unknown, data?: unknown) => void;
interface Client {
  endpoint?: string;
  format: string;
  serviceDiscovery(options: Record<string, unknown>, cb: Cb): void;
  serviceList(cb: Cb): void;
  serviceDefinition(code: string, cb: Cb): void;
  submitRequest(data: Record<string, unknown>, cb: Cb): void;
  serviceRequests(id: unknown, params: unknown, cb?: Cb): void;
}

let t: TestApp;
let Open311: new (options: Record<string, unknown>) => Client;
const seen: Array<{ method: string; url: string; status: number }> = [];

/** `request` 2.x's get/post({ url, qs, form }, cb(err, res, body)), answered by the app in-process. */
function requestShim() {
  const call = (method: 'GET' | 'POST') => (opts: { url: string; qs?: Record<string, string>; form?: Record<string, unknown> }, cb: (err: unknown, res: { statusCode: number }, body: string) => void) => {
    const u = new URL(opts.url);
    const publicUrl = new URL(t.config.publicUrl);
    if (u.origin !== publicUrl.origin) return cb(new Error(`unexpected host ${u.origin}`), { statusCode: 599 }, '');
    for (const [k, v] of Object.entries(opts.qs ?? {})) u.searchParams.set(k, String(v));
    const payload = opts.form ? new URLSearchParams(Object.entries(opts.form).map(([k, v]) => [k, String(v)])).toString() : undefined;
    t.app
      .inject({ method, url: u.pathname + u.search, ...(payload ? { payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) })
      .then((res) => {
        seen.push({ method, url: u.pathname + u.search, status: res.statusCode });
        cb(null, { statusCode: res.statusCode }, res.body);
      }, (err) => cb(err, { statusCode: 599 }, ''));
  };
  return { get: call('GET'), post: call('POST') };
}

/** The lodash 0.6 helpers the library calls. */
const lodashShim = {
  isObject: (v: unknown) => v !== null && (typeof v === 'object' || typeof v === 'function'),
  isFunction: (v: unknown) => typeof v === 'function',
  isArray: Array.isArray,
  extend: (target: object, ...src: object[]) => Object.assign(target, ...src),
  defaults: (target: Record<string, unknown>, ...src: Array<Record<string, unknown>>) => {
    for (const s of src) for (const [k, v] of Object.entries(s)) if (target[k] === undefined) target[k] = v;
    return target;
  },
  find: <T>(list: T[], f: (x: T) => boolean) => list.find(f),
  filter: <T>(list: T[], f: (x: T) => boolean) => list.filter(f),
  indexOf: (list: unknown[], v: unknown) => list.indexOf(v),
  clone: (v: unknown, deep?: boolean) => (deep ? structuredClone(v) : Array.isArray(v) ? [...v] : { ...(v as object) }),
  each: (list: unknown, f: (x: unknown) => void) => (Array.isArray(list) ? list : Object.values(list as object)).forEach((x) => f(x)),
};

beforeAll(async () => {
  t = await buildTestApp();
  const file = new URL('../fixtures/node-open311/open311.cjs', import.meta.url);
  const realRequire = createRequire(file);
  const stubs: Record<string, unknown> = {
    request: requestShim(),
    lodash: lodashShim,
    sparkxml: { parseXml: () => { throw new Error('XML is not used in this test'); } },
    xml2json: { toJson: () => { throw new Error('XML is not used in this test'); } },
    './cities': [],
  };
  const mod = { exports: {} as unknown };
  const load = new Function('require', 'module', 'exports', readFileSync(file, 'utf8'));
  load((name: string) => (name in stubs ? stubs[name] : realRequire(name)), mod, mod.exports);
  Open311 = mod.exports as typeof Open311;
});
afterAll(async () => t?.close());

const promisify = <T>(f: (cb: Cb) => void) =>
  new Promise<T>((resolve, reject) => f((err, data) => (err ? reject(new Error(`client error ${String(err)}: ${String(data)}`)) : resolve(data as T))));

describe('node-open311 (a third-party client library) against /open311', () => {
  it('discovers the endpoint, lists services, reads a definition, submits with location and reads it back', async () => {
    const client = new Open311({ discovery: `${t.config.publicUrl.replace(/\/$/, '')}/open311/discovery.json`, apiKey: '' });
    // discovery: the library keeps the production GeoReport v2 endpoint and picks JSON
    const disc = await promisify<{ endpoints: unknown[] }>((cb) => client.serviceDiscovery({ cache: true }, cb));
    expect(disc.endpoints.length).toBeGreaterThan(0);
    expect(client.endpoint).toBe(`${t.config.publicUrl.replace(/\/$/, '')}/open311/v2/`);
    expect(client.format).toBe('json');

    const services = await promisify<Array<{ service_code: string; metadata: boolean }>>((cb) => client.serviceList(cb));
    expect(services.map((s) => s.service_code)).toContain('phan-anh');
    const def = await promisify<{ service_code: string; attributes: Array<{ code: string }> }>((cb) => client.serviceDefinition('phan-anh', cb));
    expect(def.service_code).toBe('phan-anh');
    expect(def.attributes.map((a) => a.code)).toContain('ma_ho_so');

    // submitRequest needs an API key (the library refuses without one): a platform token with feedback:write
    const tok = generateApiToken();
    await t.database.db.insertInto('api_tokens').values({ name: 'node-open311', token_prefix: tok.prefix, token_hash: tok.hash, scopes: ['feedback:write'] }).execute();
    (client as unknown as { apiKey: string }).apiKey = tok.token;
    const created = await promisify<Array<{ service_request_id: string }>>((cb) =>
      client.submitRequest({ service_code: 'phan-anh', description: 'Đèn chiếu sáng ở nút giao bị hỏng nhiều ngày, đề nghị sửa', lat: 20.6465, long: 106.0512, address_string: 'Nút giao đường Nguyễn Văn Linh', attributes: { ma_ho_so: 'H25.01-251203-0042' } }, cb),
    );
    expect(created).toHaveLength(1);
    const id = created[0]!.service_request_id;
    expect(id).toMatch(/^PA-/);

    // read back, one and in the list, with the location
    const one = await promisify<Array<{ service_request_id: string; lat: number; long: number; address: string; requested_datetime: Date }>>((cb) => client.serviceRequests(id, {}, cb));
    expect(one).toHaveLength(1);
    expect(one[0]!.lat).toBeCloseTo(20.6465, 4);
    expect(one[0]!.long).toBeCloseTo(106.0512, 4);
    expect(one[0]!.address).toContain('Nguyễn Văn Linh');
    expect(one[0]!.requested_datetime).toBeInstanceOf(Date);
    expect(Number.isNaN(one[0]!.requested_datetime.getTime())).toBe(false);
    const list = await promisify<Array<{ service_request_id: string; lat: number }>>((cb) => client.serviceRequests([id], {}, cb));
    expect(list.map((r) => r.service_request_id)).toEqual([id]);
    expect(list[0]!.lat).toBeCloseTo(20.6465, 4);
    // the declared attribute reached the item
    const row = await sql<{ dossier_code: string }>`SELECT dossier_code FROM fb_items WHERE code = ${id}`.execute(t.database.db);
    expect(row.rows).toEqual([{ dossier_code: 'H25.01-251203-0042' }]);
    // every call the library made was answered without an error
    expect(seen.every((s) => s.status < 300)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createS3Storage } from './s3.ts';
import type { Storage } from './storage.ts';

/** A tiny S3 stand-in: objects in a Map, path-style URLs, refuses anything not signed with SigV4. */
function fakeS3() {
  const objects = new Map<string, { data: Buffer; type: string }>();
  const seen: Array<{ method: string; path: string; auth: string; sha: string }> = [];
  const body = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  const server: Server = createServer(async (req, res) => {
    const auth = String(req.headers.authorization ?? '');
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    seen.push({ method: req.method ?? '', path, auth, sha: String(req.headers['x-amz-content-sha256'] ?? '') });
    if (!/^AWS4-HMAC-SHA256 Credential=test-key\/\d{8}\/vn-north-1\/s3\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.test(auth)) {
      res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
      return;
    }
    const obj = objects.get(path);
    switch (req.method) {
      case 'PUT':
        objects.set(path, { data: await body(req), type: String(req.headers['content-type'] ?? '') });
        res.writeHead(200).end();
        return;
      case 'GET':
        if (!obj) return void res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
        res.writeHead(200, { 'content-type': obj.type, 'content-length': obj.data.length }).end(obj.data);
        return;
      case 'HEAD':
        res.writeHead(obj ? 200 : 404).end();
        return;
      case 'DELETE':
        objects.delete(path);
        res.writeHead(204).end();
        return;
      default:
        res.writeHead(405).end();
    }
  });
  return { server, objects, seen };
}

describe('S3 storage adapter', () => {
  const fake = fakeS3();
  let storage: Storage;
  let endpoint: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    storage = createS3Storage({ endpoint, region: 'vn-north-1', bucket: 'dvc-files', accessKeyId: 'test-key', secretAccessKey: 'test-secret' });
  });
  afterAll(async () => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  it('put / exists / get / stream / delete round-trip with SigV4-signed, path-style requests', async () => {
    const key = 'materials/2026/11/3f0c-tờ khai.pdf';
    const data = Buffer.from('%PDF-1.7\nhello');
    expect(await storage.exists(key)).toBe(false);
    await storage.put(key, data, 'application/pdf');
    expect(fake.objects.get(`/dvc-files/${key}`)).toEqual({ data, type: 'application/pdf' });
    expect(await storage.exists(key)).toBe(true);
    expect(await storage.get(key)).toEqual(data);
    const chunks: Buffer[] = [];
    for await (const c of await storage.stream(key)) chunks.push(Buffer.from(c as Uint8Array));
    expect(Buffer.concat(chunks)).toEqual(data);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    await storage.delete(key); // deleting twice is fine
    expect(fake.seen.length).toBeGreaterThanOrEqual(7);
    expect(fake.seen.every((r) => r.auth.startsWith('AWS4-HMAC-SHA256 '))).toBe(true);
    expect(fake.seen.find((r) => r.method === 'PUT')!.path).toBe(`/dvc-files/${key}`);
  });

  it('a missing object is an ENOENT error on get', async () => {
    await expect(storage.get('nothing/here.txt')).rejects.toMatchObject({ code: 'ENOENT', status: 404 });
  });

  it('wrong credentials fail loudly instead of pretending', async () => {
    const bad = createS3Storage({ endpoint, region: 'vn-north-1', bucket: 'dvc-files', accessKeyId: 'other', secretAccessKey: 'x' });
    await expect(bad.put('a/b.txt', Buffer.from('x'), 'text/plain')).rejects.toMatchObject({ status: 403 });
  });

  it('refuses keys that could escape the bucket path, and incomplete configuration', async () => {
    await expect(storage.get('../other-bucket/x')).rejects.toThrow(/Invalid storage key/);
    await expect(storage.get('/abs')).rejects.toThrow(/Invalid storage key/);
    expect(() => createS3Storage({ region: 'x', bucket: 'b' })).toThrow(/S3_ACCESS_KEY_ID/);
    expect(() => createS3Storage({ region: 'x', accessKeyId: 'a', secretAccessKey: 'b' })).toThrow(/S3_BUCKET/);
  });
});

import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import type { Storage } from './storage.ts';

export interface S3Options {
  /** e.g. https://s3.ap-southeast-1.amazonaws.com or http://minio:9000; defaults to AWS for the region. */
  endpoint?: string;
  region: string;
  bucket?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Per-request limit; a hung object store must not hang a request for ever. */
  timeoutMs?: number;
}

/**
 * S3-compatible adapter (AWS S3, MinIO, Ceph, Viettel/VNPT object storage): SigV4 via aws4fetch over the
 * global fetch, path-style URLs `${endpoint}/${bucket}/${key}` (works with every S3 clone, no DNS per bucket).
 */
export function createS3Storage(options: S3Options): Storage {
  if (!options.bucket) throw new Error('S3_BUCKET is required when STORAGE_DRIVER=s3');
  if (!options.accessKeyId || !options.secretAccessKey) throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required when STORAGE_DRIVER=s3');
  const endpoint = (options.endpoint || `https://s3.${options.region}.amazonaws.com`).replace(/\/+$/, '');
  const bucket = options.bucket;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = new AwsClient({
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    service: 's3',
    region: options.region,
    retries: 2,
    initRetryMs: 100,
  });

  const urlOf = (key: string) => {
    if (!key || key.startsWith('/') || key.split('/').some((p) => p === '' || p === '.' || p === '..')) throw new Error('Invalid storage key');
    return `${endpoint}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  };

  async function request(method: string, key: string, init: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<Response> {
    return client.fetch(urlOf(key), {
      method,
      body: init.body ? new Uint8Array(init.body.buffer as ArrayBuffer, init.body.byteOffset, init.body.length) : undefined,
      headers: init.headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  function failure(method: string, key: string, res: Response): Error {
    const err = new Error(`S3 ${method} ${key} failed with HTTP ${res.status}`) as Error & { code?: string; status?: number };
    err.status = res.status;
    if (res.status === 404) err.code = 'ENOENT';
    return err;
  }

  return {
    async put(key, data, contentType) {
      const res = await request('PUT', key, { body: data, headers: { 'content-type': contentType, 'content-length': String(data.length) } });
      await res.body?.cancel();
      if (!res.ok) throw failure('PUT', key, res);
    },
    async get(key) {
      const res = await request('GET', key);
      if (!res.ok) {
        await res.body?.cancel();
        throw failure('GET', key, res);
      }
      return Buffer.from(await res.arrayBuffer());
    },
    async stream(key) {
      const res = await request('GET', key);
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw failure('GET', key, res);
      }
      return Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
    },
    async exists(key) {
      const res = await request('HEAD', key);
      await res.body?.cancel();
      if (res.status === 404) return false;
      if (!res.ok) throw failure('HEAD', key, res);
      return true;
    },
    async delete(key) {
      const res = await request('DELETE', key);
      await res.body?.cancel();
      // Deleting a missing object is not an error (same as the local driver's rm -f).
      if (!res.ok && res.status !== 404) throw failure('DELETE', key, res);
    },
  };
}

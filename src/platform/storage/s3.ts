import type { Storage } from './storage.ts';

/**
 * S3-compatible adapter (AWS S3, MinIO, Ceph, Viettel/VNPT object storage). Lands with the materials
 * library (issue #3), which is the first module that stores files; until then selecting it fails fast.
 */
export function createS3Storage(_options: { endpoint?: string; region: string; bucket?: string }): Storage {
  throw new Error('STORAGE_DRIVER=s3 is not available yet in this version; use STORAGE_DRIVER=local');
}

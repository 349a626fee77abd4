import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, exportJWK, type JWK } from 'jose';

/**
 * Envelope encryption of the Kho's files. Each file gets a fresh random 256-bit data key; the file is sealed
 * with AES-256-GCM under it, and the data key is stored (in the database row) sealed with the master key from
 * configuration. Both seals bind the document id as additional data, so swapping files or keys between rows
 * fails authentication. The stored object is: "DSK1" | iv (12) | tag (16) | ciphertext.
 */
const MAGIC = Buffer.from('DSK1');

export interface MasterKeys {
  current: { id: string; key: Buffer };
  all: Map<string, Buffer>;
}

/** A key's id: the first 16 hex digits of a hash of it (the key itself never leaves memory). */
export const keyId = (key: Buffer) => createHash('sha256').update('dvc-hub datastore key id\0').update(key).digest('hex').slice(0, 16);

export function masterKeys(current: Buffer, previous: Buffer[] = []): MasterKeys {
  const all = new Map<string, Buffer>();
  for (const k of [current, ...previous]) all.set(keyId(k), k);
  return { current: { id: keyId(current), key: current }, all };
}

function seal(key: Buffer, plain: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 28) throw new Error('sealed data too short');
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
}

export interface Sealed {
  /** What goes to Storage. */
  blob: Buffer;
  keyId: string;
  /** The data key sealed by the master key, base64. */
  wrappedKey: string;
}

export function encryptFile(keys: MasterKeys, documentId: string, plain: Buffer): Sealed {
  const dataKey = randomBytes(32);
  try {
    const blob = Buffer.concat([MAGIC, seal(dataKey, plain, `file:${documentId}`)]);
    const wrappedKey = seal(keys.current.key, dataKey, `key:${documentId}`).toString('base64');
    return { blob, keyId: keys.current.id, wrappedKey };
  } finally {
    dataKey.fill(0);
  }
}

export function decryptFile(keys: MasterKeys, documentId: string, stored: { keyId: string; wrappedKey: string }, blob: Buffer): Buffer {
  const master = keys.all.get(stored.keyId);
  if (!master) throw new Error(`datastore master key ${stored.keyId} is not configured (DATASTORE_MASTER_KEY / _PREVIOUS)`);
  if (!blob.subarray(0, 4).equals(MAGIC)) throw new Error('not a datastore object');
  const dataKey = open(master, Buffer.from(stored.wrappedKey, 'base64'), `key:${documentId}`);
  try {
    return open(dataKey, blob.subarray(4), `file:${documentId}`);
  } finally {
    dataKey.fill(0);
  }
}

/**
 * The key that signs consent receipts: Ed25519, derived (HKDF) from the master key so every node signs with the
 * same key and nothing more has to be configured. Its public half is published (JWKS) so anyone holding a
 * receipt can verify it without asking us.
 */
export interface ReceiptSigner {
  kid: string;
  publicJwk: JWK;
  sign(payload: Record<string, unknown>): Promise<string>;
  verify(jws: string): Promise<Record<string, unknown>>;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export async function receiptSigner(master: Buffer): Promise<ReceiptSigner> {
  const seed = Buffer.from(hkdfSync('sha256', master, Buffer.from('dvc-hub'), Buffer.from('datastore consent receipt signing key'), 32));
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const jwk = await exportJWK(publicKey);
  const kid = createHash('sha256').update(String(jwk.x)).digest('base64url').slice(0, 16);
  const publicJwk: JWK = { ...jwk, kid, alg: 'EdDSA', use: 'sig' };
  return {
    kid,
    publicJwk,
    async sign(payload) {
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'consent-receipt+jws' }).sign(privateKey);
    },
    async verify(jws) {
      const { payload } = await compactVerify(jws, publicKey);
      return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    },
  };
}

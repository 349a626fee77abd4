import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../platform/config/config.ts';
import { decryptFile, encryptFile, masterKeys, receiptSigner } from './datastore.crypto.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'dvc-ds-cfg-'));

describe('DATASTORE_MASTER_KEY configuration', () => {
  it('derives a stable development key from the session secret when unset', () => {
    const d = dir();
    const a = loadConfig({ DATA_DIR: d });
    const b = loadConfig({ DATA_DIR: d });
    expect(a.datastore.masterKey).toHaveLength(32);
    expect(a.datastore.masterKey.equals(b.datastore.masterKey)).toBe(true);
    expect(a.datastore.masterKey.equals(Buffer.from(a.sessionSecret))).toBe(false);
  });

  it('is required in production and must be 32 bytes of base64', () => {
    const prod = { DATA_DIR: dir(), NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), OIDC_ISSUER: 'https://sso.example', OIDC_CLIENT_SECRET: 's', PERSON_KEY_SALT: 'y'.repeat(40) };
    expect(() => loadConfig(prod)).toThrow(/DATASTORE_MASTER_KEY is required in production/);
    expect(() => loadConfig({ ...prod, DATASTORE_MASTER_KEY: 'c2hvcnQ=' })).toThrow(ConfigError);
    const key = randomBytes(32);
    const c = loadConfig({ ...prod, DATASTORE_MASTER_KEY: key.toString('base64'), DATASTORE_MASTER_KEY_PREVIOUS: randomBytes(32).toString('base64url') });
    expect(c.datastore.masterKey.equals(key)).toBe(true);
    expect(c.datastore.previousKeys).toHaveLength(1);
    expect(() => loadConfig({ ...prod, DATASTORE_MASTER_KEY: key.toString('base64'), DATASTORE_NATIONAL_URL: 'https://kho.example' })).toThrow(/DATASTORE_NATIONAL_TOKEN/);
  });
});

describe('envelope encryption', () => {
  const plain = Buffer.from('nội dung giấy tờ '.repeat(100));

  it('seals each file under its own data key; a rotated master key still opens old files', () => {
    const old = randomBytes(32);
    const a = encryptFile(masterKeys(old), 'doc-1', plain);
    const b = encryptFile(masterKeys(old), 'doc-1', plain);
    expect(a.blob.equals(b.blob)).toBe(false);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.blob.includes(plain.subarray(0, 20))).toBe(false);
    const rotated = masterKeys(randomBytes(32), [old]);
    expect(decryptFile(rotated, 'doc-1', a, a.blob).equals(plain)).toBe(true);
    expect(() => decryptFile(masterKeys(randomBytes(32)), 'doc-1', a, a.blob)).toThrow(/not configured/);
  });

  it('binds the ciphertext to its document id and detects tampering', () => {
    const keys = masterKeys(randomBytes(32));
    const s = encryptFile(keys, 'doc-1', plain);
    expect(() => decryptFile(keys, 'doc-2', s, s.blob)).toThrow();
    const bad = Buffer.from(s.blob);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    expect(() => decryptFile(keys, 'doc-1', s, bad)).toThrow();
  });

  it('consent receipts: the same master key gives the same signing key; a different one does not verify', async () => {
    const k = randomBytes(32);
    const s1 = await receiptSigner(k);
    const s2 = await receiptSigner(k);
    expect(s1.kid).toBe(s2.kid);
    const jws = await s1.sign({ a: 1 });
    expect(await s2.verify(jws)).toEqual({ a: 1 });
    await expect((await receiptSigner(randomBytes(32))).verify(jws)).rejects.toThrow();
  });
});

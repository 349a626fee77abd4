import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'dvc-cfg-'));

describe('loadConfig', () => {
  it('has working defaults for `npm start` on a fresh machine', () => {
    const d = dir();
    const c = loadConfig({ DATA_DIR: d });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.seedDemo).toBe(true);
    expect(c.cookieSecure).toBe(false);
    // A development secret is generated once and reused, so sessions survive restarts.
    expect(c.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(d, 'session-secret'), 'utf8')).toBe(c.sessionSecret);
    expect(loadConfig({ DATA_DIR: d }).sessionSecret).toBe(c.sessionSecret);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reports every invalid variable at once with its name', () => {
    try {
      loadConfig({ DATA_DIR: dir(), PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', COOKIE_SECURE: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'COOKIE_SECURE']) expect(msg).toContain(name);
    }
  });

  it('requires a shared session secret when running on PostgreSQL (several nodes)', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), DATABASE_URL: 'postgres://localhost/x' })).toThrow(/SESSION_SECRET/);
    const c = loadConfig({ DATA_DIR: dir(), DATABASE_URL: 'postgres://localhost/x', SESSION_SECRET: 'x'.repeat(40) });
    expect(c.seedDemo).toBe(false);
  });

  it('marks cookies Secure behind HTTPS', () => {
    expect(loadConfig({ DATA_DIR: dir(), PUBLIC_URL: 'https://dvc.hungyen.gov.vn' }).cookieSecure).toBe(true);
  });

  it('reads TRUST_PROXY as off, every hop, or a list of proxy addresses/CIDR ranges', () => {
    expect(loadConfig({ DATA_DIR: dir() }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: dir(), TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ DATA_DIR: dir(), TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.5', 'loopback']);
    expect(() => loadConfig({ DATA_DIR: dir(), TRUST_PROXY: '2' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ DATA_DIR: dir(), TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY/);
  });

  it('reads the province identity from PROVINCE_FILE and names every missing field', () => {
    const c = loadConfig({ DATA_DIR: dir() });
    expect(c.identity.hotline).toBe('1022');
    expect(c.identity.siteName.vi).toBe('Dịch vụ công Hưng Yên');
    const d = dir();
    writeFileSync(join(d, 'p.json'), JSON.stringify({ province: { vi: 'Đà Nẵng' }, hotline: 'call us', email: 'x' }));
    try {
      loadConfig({ DATA_DIR: d, PROVINCE_FILE: join(d, 'p.json') });
      expect.unreachable();
    } catch (err) {
      const msg = (err as Error).message;
      for (const f of ['siteName.vi', 'authority.vi', 'centre.vi', 'address.vi', '"hotline"', '"hotlineTel"', '"email"', '"emblem"']) expect(msg).toContain(f);
      expect(msg).not.toContain('province.vi');
    }
    expect(() => loadConfig({ DATA_DIR: d, PROVINCE_FILE: join(d, 'missing.json') })).toThrow(/PROVINCE_FILE/);
  });
});

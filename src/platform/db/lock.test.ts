import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { acquireLock, DataDirLockedError } from './lock.ts';

describe('data directory lock', () => {
  it('refuses a second holder with a clear message, and frees on release', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dvc-lock-')), 'pgdata.lock');
    const lock = acquireLock(path);
    expect(() => acquireLock(path)).toThrow(DataDirLockedError);
    expect(() => acquireLock(path)).toThrow(/đang được tiến trình khác sử dụng/);
    lock.release();
    expect(existsSync(path)).toBe(false);
    acquireLock(path).release();
  });

  it('takes over a stale lock left by a killed process', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dvc-lock-')), 'pgdata.lock');
    // A PID that existed and is now gone: a finished child process.
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(child.stdout.toString());
    writeFileSync(path, JSON.stringify({ pid: deadPid, host: hostname(), startedAt: new Date().toISOString() }));
    const lock = acquireLock(path);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('treats a corrupt lock file as stale', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dvc-lock-')), 'pgdata.lock');
    writeFileSync(path, 'garbage');
    acquireLock(path).release();
  });
});

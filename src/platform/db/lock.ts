import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';

/**
 * PGlite does not lock its data directory: two processes opening it silently lose each other's writes
 * (stack-notes §1.2). We take an exclusive lock file before opening it. A lock left by a killed process is
 * detected (its PID is gone on this host) and taken over; a live owner makes us refuse with a clear error.
 */
export class DataDirLockedError extends Error {
  constructor(
    public readonly lockPath: string,
    public readonly ownerPid: number,
  ) {
    super(
      `Thư mục dữ liệu đang được tiến trình khác sử dụng (PID ${ownerPid}). ` +
        `Dừng tiến trình đó trước, hoặc đặt DATA_DIR khác.\n` +
        `The data directory is in use by another process (PID ${ownerPid}, lock ${lockPath}). ` +
        `Stop it first or set a different DATA_DIR.`,
    );
  }
}

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

export interface FileLock {
  path: string;
  release(): void;
}

export function acquireLock(path: string): FileLock {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          const current = readLock(path);
          if (current?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readLock(path);
      const stale = !owner || (owner.host === hostname() && owner.pid !== process.pid && !processAlive(owner.pid));
      if (owner && owner.pid === process.pid && owner.host === hostname()) {
        throw new DataDirLockedError(path, owner.pid);
      }
      if (!stale) throw new DataDirLockedError(path, owner.pid);
      // Stale lock from a dead process: remove it and retry the atomic create (another starter may win).
      rmSync(path, { force: true });
    }
  }
  const owner = readLock(path);
  throw new DataDirLockedError(path, owner?.pid ?? -1);
}

import { afterAll, describe, expect, inject, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
// What a clone does not have: installed packages (symlinked below, as `npm ci` would install them), build and
// run-time output, git's own folder.
const NOT_IN_A_CLONE = new Set(['node_modules', '.git', 'data', 'dist', 'coverage', 'test-results', '.tmp', 'bench-results']);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Source files that could point outside the repository. */
function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (dir === ROOT ? NOT_IN_A_CLONE.has(name) : name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.(ts|tsx|mjs|js|json)$/.test(name) || name === 'run') yield p;
  }
}

describe('a fresh clone needs nothing beside the repository', () => {
  it('no code, test, script or CI step reads ../shared', () => {
    const offenders: string[] = [];
    const self = basename(import.meta.filename);
    for (const f of sourceFiles(ROOT)) {
      if (basename(f) === self) continue;
      const text = readFileSync(f, 'utf8');
      if (/'\.\.',\s*'shared'|\.\.\/shared\/|\/work\/shared/.test(text)) offenders.push(relative(ROOT, f));
    }
    expect(offenders).toEqual([]);
  });

  // Starting a second embedded database costs ~1 GB and 30–60 s: once, on the PGlite run only.
  if (inject('template').kind === 'pglite') {
    const running: ChildProcess[] = [];
    const dirs: string[] = [];
    afterAll(() => {
      running.forEach((c) => c.kill('SIGKILL'));
      dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
    });

    it('starts from a copy with no ../shared and lists national procedure 1.001193', async () => {
      const outer = mkdtempSync(join(tmpdir(), 'dvc-clone-'));
      dirs.push(outer);
      const clone = join(outer, 'dvc-hub');
      cpSync(ROOT, clone, { recursive: true, filter: (src) => !NOT_IN_A_CLONE.has(relative(ROOT, src).split(/[\\/]/)[0]!) });
      symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
      expect(existsSync(join(outer, 'shared'))).toBe(false);

      const port = await freePort();
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'true', LOG_LEVEL: 'warn', JOBS_ENABLED: 'false' };
      delete env.DATABASE_URL;
      delete env.DATA_DIR; // the default ./data inside the clone, as `npm start` uses it
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] });
      running.push(child);
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      const until = Date.now() + 150_000;
      while (!out.includes('all data loaded') && child.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      expect(out).toContain('all data loaded');
      expect(out).toMatch(/catalogue: 2642 procedures imported/);

      const page = await fetch(`http://127.0.0.1:${port}/dich-vu/1.001193`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('khai sinh');
      child.kill('SIGTERM');
    }, 180_000);
  }
});

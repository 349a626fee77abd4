#!/usr/bin/env node
// Runs vitest and prints the plain "N passed, N failed" line CI reads (it does not parse vitest's summary).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const browser = process.argv.includes('--browser');
const extra = process.argv.slice(2).filter((a) => a !== '--browser');
const out = join(mkdtempSync(join(tmpdir(), 'dvc-vitest-')), 'results.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`];
if (browser) args.push('--config', 'vitest.browser.config.ts');
const res = spawnSync('npx', [...args, ...extra], { stdio: 'inherit', env: process.env });
let passed = 0, failed = 0, failedSuites = 0;
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  failedSuites = r.numFailedTestSuites;
} catch {
  failed = Math.max(failed, 1);
}
rmSync(out, { force: true });
const label = browser ? 'browser' : process.env.DATABASE_URL ? 'postgresql' : 'pglite';
console.log(`\n${label}: ${passed} passed, ${failed + (failed === 0 && failedSuites ? failedSuites : 0)} failed`);
process.exit(res.status === 0 && failed === 0 && failedSuites === 0 ? 0 : 1);

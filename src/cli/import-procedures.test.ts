import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const line = (code: string) => JSON.stringify({ ma_thu_tuc: code, ten_thu_tuc: `Thủ tục ${code}`, cap_thuc_hien: 'Cấp xã', linh_vuc: 'Hộ tịch' });

/** The CLI against its own throwaway embedded database (never the test server's). */
function run(file: string, dataDir: string) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, SESSION_SECRET: 'cli-test-secret-cli-test-secret-0123456789', LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import-procedures.ts', file], { env, encoding: 'utf8', timeout: 90_000 });
}

describe('npm run import:procedures', () => {
  it('rejects a file with bad lines (exit 1, each line listed), then imports a good gzip file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dvc-cli-'));
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, [line('C.000001'), '{not json', JSON.stringify({ ten_thu_tuc: 'thiếu mã' })].join('\n'));
    const r1 = run(bad, join(dir, 'data'));
    expect(r1.status).toBe(1);
    expect(r1.stderr).toContain('dòng 2: không phải JSON hợp lệ');
    expect(r1.stderr).toContain('dòng 3: thiếu trường bắt buộc ma_thu_tuc');
    expect(r1.stderr).toContain('không ghi dữ liệu nào');

    const good = join(dir, 'good.jsonl.gz');
    writeFileSync(good, gzipSync([line('C.000001'), line('C.000002')].join('\n') + '\n'));
    const r2 = run(good, join(dir, 'data'));
    expect(r2.status).toBe(0);
    expect(r2.stdout).toMatch(/Đã nhập 2 thủ tục .*: 2 mới, 0 cập nhật, 0 không đổi/);
    expect(r2.stderr).toContain('100%');
  }, 120_000);
});

import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NATIONAL_FILE, seedCatalogue } from './catalogue.seed.ts';
import type { CatalogueModuleService } from './catalogue.service.ts';

function stub(count: number) {
  const importProcedures = vi.fn(async (_actor: unknown, lines: string[]) => ({ ok: true as const, total: lines.length, inserted: lines.length, updated: 0, unchanged: 0 }));
  return { service: { count: async () => count, importProcedures } as unknown as CatalogueModuleService, importProcedures };
}

describe('catalogue demo seed', () => {
  it('reads the national file shipped inside the module, never one beside the repository', () => {
    expect(NATIONAL_FILE.replace(/\\/g, '/')).toMatch(/\/src\/modules\/catalogue\/seed\/tthc-national\.jsonl\.gz$/);
    expect(existsSync(NATIONAL_FILE)).toBe(true);
  });

  it('does nothing (and reads nothing) when the catalogue already has records', async () => {
    const s = stub(2642);
    const log = vi.fn();
    await seedCatalogue(s.service, log, '/definitely/not/here.jsonl.gz');
    expect(s.importProcedures).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('skips with a log line when the file is missing', async () => {
    const s = stub(0);
    const log = vi.fn();
    await seedCatalogue(s.service, log, '/definitely/not/here.jsonl.gz');
    expect(s.importProcedures).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('not found'));
  });

  it('imports every line of the file on an empty catalogue', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dvc-seed-')), 'x.jsonl.gz');
    writeFileSync(file, gzipSync('{"ma_thu_tuc":"1.1","ten_thu_tuc":"A"}\n{"ma_thu_tuc":"1.2","ten_thu_tuc":"B"}\n'));
    const s = stub(0);
    const log = vi.fn();
    await seedCatalogue(s.service, log, file);
    expect(s.importProcedures.mock.calls[0]![1]).toHaveLength(2);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^catalogue: 2 procedures imported in \d+ ms$/));
  });
});

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ESLint } from 'eslint';

/** The module-boundary rule (scripts/eslint/module-boundaries.js, ADR 0009) on code placed at given paths. */
const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'dvc/module-boundaries').map((m) => m.message);
}

describe('module-boundary lint', () => {
  it("forbids reaching into another module's files, in source and in tests", async () => {
    const deep = "import { insertItem } from '../feedback/feedback.repo.ts';\nexport const x = insertItem;\n";
    expect((await boundaryErrors('src/modules/plans/plans.service.ts', deep))[0]).toMatch(/Module 'plans' reaches into module 'feedback' \(src\/modules\/feedback\/feedback.repo.ts\)/);
    expect(await boundaryErrors('src/modules/plans/plans.test.ts', deep)).toHaveLength(1);
    const viaRoot = "import { x } from '../../modules/feedback/feedback.service.ts';\nexport const y = x;\n";
    expect(await boundaryErrors('src/modules/plans/engine/calc.ts', viaRoot)).toHaveLength(1);
  });

  it("allows another module's index.ts and the module's own files", async () => {
    const ok = "import { FeedbackToken } from '../feedback/index.ts';\nimport { helper } from './plans.repo.ts';\nimport { x } from '../../sub.ts';\nexport const y = [FeedbackToken, helper, x];\n";
    expect(await boundaryErrors('src/modules/plans/plans.service.ts', ok)).toEqual([]);
    expect(await boundaryErrors('src/modules/plans/engine/calc.ts', "import { a } from '../plans.repo.ts';\nexport const b = a;\n")).toEqual([]);
  });

  it('forbids the composition root in modules and the platform (tests may build the app)', async () => {
    for (const target of ['../../app.ts', '../../boot.ts', '../index.ts']) {
      const code = `import { x } from '${target}';\nexport const y = x;\n`;
      expect((await boundaryErrors('src/modules/plans/kpis.service.ts', code))[0]).toMatch(/imports the composition root/);
    }
    expect(await boundaryErrors('src/modules/plans/kpis.test.ts', "import { buildApp } from '../../app.ts';\nexport const b = buildApp;\n")).toEqual([]);
    expect((await boundaryErrors('src/platform/auth/x.ts', "const m = await import('../../modules/index.ts');\nexport default m;\n"))[0]).toMatch(/composition root/);
  });

  it('keeps the platform free of feature modules', async () => {
    expect((await boundaryErrors('src/platform/http/x.ts', "import { a } from '../../modules/feedback/index.ts';\nexport const b = a;\n"))[0]).toMatch(/platform never imports a feature module/);
  });
});

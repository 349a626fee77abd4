import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/permissions.ts';
import { parsePlanFile, PlanFileError } from './plans.file.ts';
import type { PlansService } from './plans.service.ts';
import { DEFAULT_PLAN_FILE } from './index.ts';
import { PlansToken } from './api.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = join(here, '..', '..', '..', 'plans', 'sources', '000_b071aa6ed0fc5245.txt');
const yamlText = readFileSync(DEFAULT_PLAN_FILE, 'utf8');
const seed = readFileSync(SEED, 'utf8');
const plan = parsePlanFile(yamlText);

/** The seed text between two top-level Roman headings, e.g. section('IV', 'V'). */
function section(from: string, to: string): string {
  const start = seed.search(new RegExp(`^\\s*${from}\\. `, 'm'));
  const end = seed.search(new RegExp(`^\\s*${to}\\. `, 'm'));
  return seed.slice(start, end);
}
/** Collapse the extraction's line breaks and double spaces so phrases can be found. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('plan file against the seed text (counted independently)', () => {
  it('has as many tasks as section IV has lettered items, section by section', () => {
    const iv = section('IV', 'V');
    // Numbered khoản inside IV start a line with "1. ", "2. "…; lettered điểm start a line with "a) ", "đ) "…
    const parts = iv.split(/^\s*(\d)\. /m).slice(1);
    const perSection: Record<string, number> = {};
    for (let i = 0; i < parts.length; i += 2) {
      const letters = parts[i + 1]!.match(/^\s*[a-gđ]\) /gmu) ?? [];
      perSection[`IV.${parts[i]}`] = letters.length;
    }
    const fromFile: Record<string, number> = {};
    for (const t of plan.tasks) fromFile[t.section] = (fromFile[t.section] ?? 0) + 1;
    expect(fromFile).toEqual(perSection);
    expect(plan.tasks).toHaveLength(Object.values(perSection).reduce((a, b) => a + b, 0));
    expect(plan.tasks).toHaveLength(25);
  });

  it('has every dash target of II.1 (2025) and II.2 (2030)', () => {
    const ii = section('II', 'III');
    const [, y2025, y2030] = ii.split(/^\s*\d\. Mục tiêu/m);
    const dashes = (s: string) => (s.match(/^\s*- /gm) ?? []).length;
    expect(plan.targets.filter((t) => t.year === 2025)).toHaveLength(dashes(y2025!));
    expect(plan.targets.filter((t) => t.year === 2030)).toHaveLength(dashes(y2030!));
    expect(dashes(y2025!)).toBe(14);
    expect(dashes(y2030!)).toBe(3);
    // Each target's number appears in the seed's text of that target.
    for (const t of plan.targets) expect(flat(ii)).toContain(`${t.value}%`);
  });

  it("names each task's lead agencies as the seed does", () => {
    const iv = flat(section('IV', 'V'));
    const phrases: Record<string, RegExp> = {
      'BAO-HY': /Báo Hưng Yên/,
      'TT-PVHCC': /Trung tâm Phục vụ hành chính công/,
      SKHCN: /Sở Khoa học và Công nghệ/,
      SGDDT: /Sở Giáo dục và Đào tạo/,
      SVHTTDL: /Sở Văn hóa, Thể thao và Du lịch/,
      CAT: /Công an tỉnh/,
      'ALL-SO': /[Ss]ở, ban,? ngành/,
      'ALL-HUYEN': /UBND huyện, thị xã, thành phố/,
    };
    for (const t of plan.tasks) {
      // The task's block in the seed: from its letter to the next "Thời gian thực hiện".
      const letter = t.id.split('.')[2]!;
      const head = flat(t.text).slice(0, 40);
      const at = iv.indexOf(`${letter}) ${head.slice(0, 25)}`);
      expect(at, `task ${t.id} found in seed`).toBeGreaterThanOrEqual(0);
      const block = iv.slice(at, iv.indexOf('Thời gian thực hiện', at));
      const leadPart = block.slice(block.indexOf('Cơ quan chủ trì'), block.includes('Cơ quan phối hợp') ? block.indexOf('Cơ quan phối hợp') : undefined);
      for (const code of t.lead) {
        if (!phrases[code]) continue;
        expect(leadPart, `${t.id} lead ${code}`).toMatch(phrases[code]!);
      }
    }
  });

  it('keeps IV/VI disagreements and flags them', () => {
    const t = plan.tasks.find((x) => x.id === 'IV.3.a')!;
    expect(t.coordinating).toContain('SKHCN');
    expect(t.leadFromVI).toContain('SKHCN');
    expect(t.discrepancy).toMatch(/Sở Khoa học và Công nghệ/);
  });
});

describe('malformed plan files fail with line and field', () => {
  it('reports a wrong type with its line', () => {
    const bad = yamlText.replace(/(- id: II\.1\.3\n\s+year: )2025/, '$1"năm 2025"');
    const err = (() => {
      try {
        parsePlanFile(bad);
      } catch (e) {
        return e as PlanFileError;
      }
    })();
    expect(err).toBeInstanceOf(PlanFileError);
    const line = bad.split('\n').findIndex((l) => l.includes('year: "năm 2025"')) + 1;
    expect(err!.problems).toContainEqual(expect.objectContaining({ line, field: 'targets[2].year' }));
    expect(err!.message).toMatch(/dòng \d+, trường targets\[2\]\.year/);
  });

  it('reports a missing field and a bad code', () => {
    const bad = yamlText.replace('    text: "Tuyên truyền trên hệ thống truyền thanh cấp huyện và hệ thống đài truyền thanh cấp xã."\n', '').replace('lead: [CAT]', 'lead: [công an]');
    try {
      parsePlanFile(bad);
      expect.unreachable();
    } catch (e) {
      const p = (e as PlanFileError).problems;
      expect(p.map((x) => x.field)).toEqual(expect.arrayContaining(['tasks[4].text', 'tasks[8].lead[0]']));
      const catLine = bad.split('\n').findIndex((l) => l.includes('lead: [công an]')) + 1;
      expect(p.find((x) => x.field === 'tasks[8].lead[0]')!.line).toBe(catLine);
    }
  });

  it('reports broken YAML syntax with a line', () => {
    expect(() => parsePlanFile('id: x\ntasks: [\n  - a\n')).toThrow(PlanFileError);
    try {
      parsePlanFile('schemaVersion: 1\nid: "x\n');
    } catch (e) {
      expect((e as PlanFileError).problems[0]!.line).toBeGreaterThan(0);
    }
  });
});

describe('plan import', () => {
  let t: TestApp;
  let plans: PlansService;
  beforeAll(async () => {
    t = await buildTestApp();
    plans = t.app.deps.services.get(PlansToken);
  });
  afterAll(() => t.close());

  it('seed loaded the Hưng Yên plan with all tasks, targets and KPIs', async () => {
    const [p] = await plans.listPlans();
    expect(p!.slug).toBe('hung-yen-1588-2025');
    expect(await plans.listTasks(p!.id)).toHaveLength(25);
    expect(await plans.listTargets(p!.id)).toHaveLength(18); // 17 targets + the land/construction/investment sub-target
    const n = await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'plans.import').executeTakeFirst();
    expect(Number(n!.n)).toBe(1);
  });

  it('is idempotent: importing the same file twice changes nothing', async () => {
    const before = await plans.listTasks((await plans.listPlans())[0]!.id);
    const res = await plans.importPlan(SYSTEM_ACTOR, yamlText);
    expect(res.unchanged).toBe(true);
    const after = await plans.listTasks(res.planId);
    expect(after).toEqual(before);
    expect(await plans.listPlans()).toHaveLength(1);
  });

  it('an unknown organisation code fails with line and field and writes nothing', async () => {
    const bad = yamlText.replace('lead: [CAT]', 'lead: [CAT-KHONG-CO]').replace('id: hung-yen-1588-2025', 'id: hung-yen-khac');
    await expect(plans.importPlan(SYSTEM_ACTOR, bad)).rejects.toMatchObject({ problems: [expect.objectContaining({ field: 'tasks[8].lead[0]' })] });
    expect(await plans.listPlans()).toHaveLength(1);
  });

  it('a new plan loads the same way, and staff edits survive a re-import', async () => {
    const other = yamlText.replace('id: hung-yen-1588-2025', 'id: hung-yen-1588-2026-thu').replace(/period: \{ from: 2025, to: 2030 \}/, 'period: { from: 2026, to: 2030 }');
    const res = await plans.importPlan(SYSTEM_ACTOR, other);
    expect(res.unchanged).toBe(false);
    expect(res.tasks).toBe(25);
    const tasks = await plans.listTasks(res.planId);
    const task = tasks.find((x) => x.ref === 'IV.4.b')!;
    await plans.updateTask(SYSTEM_ACTOR, task.id, { text: 'Nội dung đã sửa bởi Trung tâm', timeframe: 'Quý IV', lead: 'SGDDT, SKHCN', coordinating: '', discrepancy: '' });
    const again = await plans.importPlan(SYSTEM_ACTOR, `${other}\n# lần nhập thứ hai\n`);
    expect(again.kept).toBe(1);
    expect((await plans.getTask(task.id)).text).toBe('Nội dung đã sửa bởi Trung tâm');
  });
});

import { createHash } from 'node:crypto';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode, type Document } from 'yaml';

/** One problem in a plan file: the 1-based line, the field path (e.g. "tasks[3].lead") and a Vietnamese message. */
export interface PlanFileProblem {
  line: number;
  field: string;
  message: string;
}

export class PlanFileError extends Error {
  constructor(public readonly problems: PlanFileProblem[]) {
    super(problems.map((p) => `dòng ${p.line}, trường ${p.field}: ${p.message}`).join('\n'));
  }
}

export interface PlanTarget {
  id: string;
  year: number;
  text: string;
  value: number;
  valueMax: number | null;
  unit: string;
  kpi: string | null;
  subTargets: Array<{ id: string; text: string; value: number; unit: string; kpi: string | null }>;
}

export interface PlanTask {
  id: string;
  section: string;
  sectionTitle: string;
  text: string;
  lead: string[];
  coordinating: string[];
  timeframe: string;
  leadFromVI: string[];
  coordinatingFromVI: string[];
  discrepancy: string | null;
}

export interface PlanResponsibility {
  id: string;
  org: string;
  heading: string;
  duties: string[];
  leadsTasks: string[];
  coordinatesTasks: string[];
}

export interface PlanFile {
  schemaVersion: 1;
  id: string;
  title: string;
  province: string;
  basis: string;
  issuer: string;
  period: { from: number; to: number };
  reportDue: string;
  reportDueText: string;
  purposes: string[];
  requirements: string[];
  targets: PlanTarget[];
  contentAreas: Array<{ id: string; text: string }>;
  tasks: PlanTask[];
  responsibilities: PlanResponsibility[];
  funding: string[];
  extraOrgs: Array<{ code: string; name: string }>;
  checksum: string;
}

const CODE_RE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;
const TASK_RE = /^[IVX]+\.\d+\.[a-zđ]$/u;

/**
 * Parse and validate a plan file (schema v1, see plans/README.md). Every problem is reported with its line and
 * field; nothing is returned unless the whole file is valid, so an import can never write half a plan.
 */
export function parsePlanFile(text: string): PlanFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: PlanFileProblem[] = [];
  const lineOf = (node: YamlNode | null | undefined, fallback = 1) => {
    const r = node?.range;
    return r ? lineCounter.linePos(r[0]).line : fallback;
  };
  for (const e of doc.errors) {
    problems.push({ line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line, field: '(yaml)', message: `Cú pháp YAML không hợp lệ: ${e.code}` });
  }
  if (problems.length) throw new PlanFileError(problems);
  if (!isMap(doc.contents)) throw new PlanFileError([{ line: 1, field: '(gốc)', message: 'Tệp kế hoạch phải là một bảng khóa – giá trị (mapping).' }]);

  const v = new Validator(doc, problems, lineOf);
  const root: string[] = [];
  const schemaVersion = v.num(root, 'schemaVersion', { int: true });
  if (schemaVersion !== undefined && schemaVersion !== 1) v.fail(root, 'schemaVersion', 'Chỉ hỗ trợ schemaVersion: 1.');
  const id = v.str(root, 'id', { pattern: /^[a-z0-9][a-z0-9-]{2,79}$/, patternMsg: 'chỉ gồm chữ thường không dấu, số và dấu gạch ngang' });
  const title = v.str(root, 'title');
  const province = v.str(root, 'province', { pattern: CODE_RE, patternMsg: 'mã cơ quan viết hoa' });
  const basis = v.str(root, 'basis', { optional: true }) ?? '';
  const issuer = v.str(root, 'issuer', { optional: true }) ?? province ?? '';
  const from = v.num([ 'period'], 'from', { int: true });
  const to = v.num(['period'], 'to', { int: true });
  if (from !== undefined && to !== undefined && to < from) v.fail(['period'], 'to', 'Năm kết thúc phải không nhỏ hơn năm bắt đầu.');
  const reportDue = v.str(root, 'reportDue', { pattern: /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, patternMsg: 'dạng MM-DD, ví dụ "12-10"' });
  const reportDueText = v.str(root, 'reportDueText', { optional: true }) ?? '';
  const purposes = v.strList(root, 'purposes', { optional: true });
  const requirements = v.strList(root, 'requirements', { optional: true });
  const funding = v.strList(root, 'funding', { optional: true });

  const targets: PlanTarget[] = [];
  v.each(root, 'targets', (p) => {
    const t: PlanTarget = {
      id: v.str(p, 'id', { pattern: /^II\.\d+\.\d+$/, patternMsg: 'dạng II.1.1' }) ?? '',
      year: v.num(p, 'year', { int: true }) ?? 0,
      text: v.str(p, 'text') ?? '',
      value: v.num(p, 'value') ?? 0,
      valueMax: v.num(p, 'valueMax', { optional: true }) ?? null,
      unit: v.str(p, 'unit') ?? '',
      kpi: v.nullableStr(p, 'kpi', /^[A-Z][A-Z0-9_]{2,59}$/) ?? null,
      subTargets: [],
    };
    if (t.valueMax !== null && t.valueMax < t.value) v.fail(p, 'valueMax', 'valueMax phải lớn hơn hoặc bằng value.');
    v.each(p, 'subTargets', (sp) => {
      t.subTargets.push({
        id: v.str(sp, 'id') ?? '',
        text: v.str(sp, 'text') ?? '',
        value: v.num(sp, 'value') ?? 0,
        unit: v.str(sp, 'unit') ?? '',
        kpi: v.nullableStr(sp, 'kpi', /^[A-Z][A-Z0-9_]{2,59}$/) ?? null,
      });
    }, { optional: true });
    targets.push(t);
  });
  v.unique(targets.map((t) => t.id), 'targets', 'id');

  const contentAreas: Array<{ id: string; text: string }> = [];
  v.each(root, 'contentAreas', (p) => contentAreas.push({ id: v.str(p, 'id') ?? '', text: v.str(p, 'text') ?? '' }), { optional: true });

  const tasks: PlanTask[] = [];
  v.each(root, 'tasks', (p) => {
    const task: PlanTask = {
      id: v.str(p, 'id', { pattern: TASK_RE, patternMsg: 'dạng IV.1.a (chữ cái tiếng Việt a, b, c, d, đ, e, g…)' }) ?? '',
      section: v.str(p, 'section', { pattern: /^[IVX]+\.\d+$/, patternMsg: 'dạng IV.1' }) ?? '',
      sectionTitle: v.str(p, 'sectionTitle') ?? '',
      text: v.str(p, 'text') ?? '',
      lead: v.codes(p, 'lead'),
      coordinating: v.codes(p, 'coordinating'),
      timeframe: v.str(p, 'timeframe', { optional: true }) ?? '',
      leadFromVI: v.codes(p, 'leadFromVI', true),
      coordinatingFromVI: v.codes(p, 'coordinatingFromVI', true),
      discrepancy: v.nullableStr(p, 'discrepancy') ?? null,
    };
    if (task.lead.length === 0 && task.leadFromVI.length === 0) v.fail(p, 'lead', 'Nhiệm vụ phải có ít nhất một cơ quan chủ trì.');
    if (task.id && task.section && !task.id.startsWith(`${task.section}.`)) v.fail(p, 'section', `Nhiệm vụ ${task.id} không thuộc khoản ${task.section}.`);
    tasks.push(task);
  });
  v.unique(tasks.map((t) => t.id), 'tasks', 'id');

  const taskIds = new Set(tasks.map((t) => t.id));
  const responsibilities: PlanResponsibility[] = [];
  v.each(root, 'responsibilities', (p) => {
    const r: PlanResponsibility = {
      id: v.str(p, 'id') ?? '',
      org: v.str(p, 'org', { pattern: CODE_RE, patternMsg: 'mã cơ quan viết hoa' }) ?? '',
      heading: v.str(p, 'heading') ?? '',
      duties: v.strList(p, 'duties'),
      leadsTasks: v.strList(p, 'leadsTasks', { optional: true }),
      coordinatesTasks: v.strList(p, 'coordinatesTasks', { optional: true }),
    };
    for (const key of ['leadsTasks', 'coordinatesTasks'] as const) {
      r[key].forEach((tid, i) => {
        if (!taskIds.has(tid)) v.fail([...p, key, String(i)], null, `Nhiệm vụ ${tid} không có trong danh sách tasks.`);
      });
    }
    responsibilities.push(r);
  }, { optional: true });

  const extraOrgs: Array<{ code: string; name: string }> = [];
  v.each(root, 'extraOrgs', (p) => extraOrgs.push({ code: v.str(p, 'code', { pattern: CODE_RE, patternMsg: 'mã cơ quan viết hoa' }) ?? '', name: v.str(p, 'name') ?? '' }), { optional: true });

  if (problems.length) throw new PlanFileError(problems.sort((a, b) => a.line - b.line));
  return {
    schemaVersion: 1,
    id: id!,
    title: title!,
    province: province!,
    basis,
    issuer,
    period: { from: from!, to: to! },
    reportDue: reportDue!,
    reportDueText,
    purposes,
    requirements,
    targets,
    contentAreas,
    tasks,
    responsibilities,
    funding,
    extraOrgs,
    checksum: createHash('sha256').update(text).digest('hex'),
  };
}

type Path = string[];

class Validator {
  constructor(
    private readonly doc: Document,
    private readonly problems: PlanFileProblem[],
    private readonly lineOf: (n: YamlNode | null | undefined, fallback?: number) => number,
  ) {}

  private fieldName(path: Path, key: string | null): string {
    const parts = key === null ? path : [...path, key];
    return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
  }

  /** The node at path+key, or the closest existing parent (for the line number of a missing field). */
  private locate(path: Path, key: string | null): { node: YamlNode | null; line: number } {
    const full = key === null ? path : [...path, key];
    let line = 1;
    for (let i = full.length; i >= 0; i--) {
      const n = (i === 0 ? this.doc.contents : this.doc.getIn(full.slice(0, i).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), true)) as YamlNode | null;
      if (n && typeof n === 'object' && 'range' in n) {
        line = this.lineOf(n);
        return { node: i === full.length ? n : null, line };
      }
    }
    return { node: null, line };
  }

  fail(path: Path, key: string | null, message: string): void {
    this.problems.push({ line: this.locate(path, key).line, field: this.fieldName(path, key), message });
  }

  private scalar(path: Path, key: string): { present: boolean; value: unknown; node: YamlNode | null } {
    const { node } = this.locate(path, key);
    if (!node) return { present: false, value: undefined, node: null };
    return { present: true, value: isScalar(node) ? node.value : node, node };
  }

  str(path: Path, key: string, o: { optional?: boolean; pattern?: RegExp; patternMsg?: string } = {}): string | undefined {
    const { present, value } = this.scalar(path, key);
    if (!present || value === null || value === '') {
      if (!o.optional) this.fail(path, key, 'Thiếu trường bắt buộc.');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.fail(path, key, 'Phải là chuỗi văn bản.');
      return undefined;
    }
    const s = value.normalize('NFC').trim();
    if (o.pattern && !o.pattern.test(s)) {
      this.fail(path, key, `Giá trị “${s.slice(0, 40)}” không hợp lệ: ${o.patternMsg ?? 'sai định dạng'}.`);
      return undefined;
    }
    return s;
  }

  nullableStr(path: Path, key: string, pattern?: RegExp): string | null | undefined {
    const { present, value } = this.scalar(path, key);
    if (!present || value === null) return null;
    if (typeof value !== 'string') {
      this.fail(path, key, 'Phải là chuỗi văn bản hoặc null.');
      return undefined;
    }
    if (pattern && !pattern.test(value)) {
      this.fail(path, key, `Giá trị “${value.slice(0, 40)}” sai định dạng.`);
      return undefined;
    }
    return value.normalize('NFC').trim();
  }

  num(path: Path, key: string, o: { int?: boolean; optional?: boolean } = {}): number | undefined {
    const { present, value } = this.scalar(path, key);
    if (!present || value === null) {
      if (!o.optional) this.fail(path, key, 'Thiếu trường bắt buộc (số).');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || (o.int && !Number.isInteger(value))) {
      this.fail(path, key, o.int ? 'Phải là số nguyên.' : 'Phải là một số.');
      return undefined;
    }
    return value;
  }

  strList(path: Path, key: string, o: { optional?: boolean } = {}): string[] {
    const { node } = this.locate(path, key);
    if (!node) {
      if (!o.optional) this.fail(path, key, 'Thiếu danh sách bắt buộc.');
      return [];
    }
    if (!isSeq(node)) {
      this.fail(path, key, 'Phải là một danh sách.');
      return [];
    }
    const out: string[] = [];
    node.items.forEach((item, i) => {
      const val = isScalar(item) ? item.value : undefined;
      if (typeof val !== 'string' || !val.trim()) this.fail([...path, key, String(i)], null, 'Phải là chuỗi văn bản không rỗng.');
      else out.push(val.normalize('NFC').trim());
    });
    return out;
  }

  codes(path: Path, key: string, optional = false): string[] {
    const list = this.strList(path, key, { optional });
    list.forEach((c, i) => {
      if (!CODE_RE.test(c)) this.fail([...path, key, String(i)], null, `Mã cơ quan “${c}” không hợp lệ (chữ in hoa, số, dấu gạch ngang).`);
    });
    return list.filter((c) => CODE_RE.test(c));
  }

  each(path: Path, key: string, fn: (itemPath: Path) => void, o: { optional?: boolean } = {}): void {
    const { node } = this.locate(path, key);
    if (!node) {
      if (!o.optional) this.fail(path, key, 'Thiếu danh sách bắt buộc.');
      return;
    }
    if (!isSeq(node)) {
      this.fail(path, key, 'Phải là một danh sách.');
      return;
    }
    node.items.forEach((item, i) => {
      if (!isMap(item)) this.fail([...path, key, String(i)], null, 'Mỗi phần tử phải là một bảng khóa – giá trị.');
      else fn([...path, key, String(i)]);
    });
  }

  unique(ids: string[], listKey: string, field: string): void {
    const seen = new Set<string>();
    ids.forEach((x, i) => {
      if (!x) return;
      if (seen.has(x)) this.fail([listKey, String(i)], field, `Mã “${x}” bị trùng.`);
      seen.add(x);
    });
  }
}

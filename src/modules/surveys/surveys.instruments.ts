/**
 * Questionnaires: question types, branching, required items, Vietnamese and English text, answer validation,
 * and the two templates every installation starts with (a SIPAS-style satisfaction questionnaire, a needs survey).
 */
export type QuestionType = 'scale' | 'single' | 'multiple' | 'matrix' | 'short' | 'long' | 'number';
export type Text = { vi: string; en: string };

export interface Choice {
  id: string;
  text: Text;
}

export interface Question {
  id: string;
  type: QuestionType;
  text: Text;
  required: boolean;
  /** single / multiple: the choices. matrix: the rows, each answered on the 1–5 scale. */
  options?: Choice[];
  /** number: bounds. */
  min?: number;
  max?: number;
  /** Branching: shown (and validated) only when the answer to `question` is one of `anyOf` (scale values as text). */
  showIf?: { question: string; anyOf: string[] };
  /** The item whose 4–5 answers count as "satisfied" in the published estimate. */
  satisfaction?: boolean;
}

export type Answer = string | string[] | number;
export type Answers = Record<string, Answer>;

export const SCALE = [1, 2, 3, 4, 5] as const;

/** Is a question shown, given the answers so far? (A question hidden by branching is neither asked nor kept.) */
export function visible(q: Question, answers: Answers): boolean {
  if (!q.showIf) return true;
  const a = answers[q.showIf.question];
  if (a === undefined) return false;
  const vals = Array.isArray(a) ? a : [String(a)];
  return vals.some((v) => q.showIf!.anyOf.includes(v));
}

/** Answer keys of a matrix question: one per row, `<question>.<row>`. */
export const matrixKey = (q: Question, rowId: string) => `${q.id}.${rowId}`;

/**
 * Check raw answers (form fields or JSON) against the questions. Returns clean answers (only visible
 * questions, typed) and errors per answer key as locale keys. `partial` skips the required check (saving to
 * finish later). Unknown keys are ignored.
 */
export function validateAnswers(questions: Question[], raw: Record<string, unknown>, partial = false): { answers: Answers; errors: Record<string, string> } {
  const answers: Answers = {};
  const errors: Record<string, string> = {};
  const str = (v: unknown): string | undefined => {
    if (Array.isArray(v)) v = v[0];
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const scaleOf = (v: unknown, key: string): number | undefined => {
    const s = str(v);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1 || n > 5) {
      errors[key] = 'surveys.errors.scale';
      return undefined;
    }
    return n;
  };
  for (const q of questions) {
    // Branching reads the answers cleaned so far (questions refer only to earlier ones).
    if (!visible(q, answers)) continue;
    const v = raw[q.id];
    const ids = new Set((q.options ?? []).map((o) => o.id));
    let missing = false;
    switch (q.type) {
      case 'scale': {
        const n = scaleOf(v, q.id);
        if (n !== undefined) answers[q.id] = n;
        else missing = !(q.id in errors);
        break;
      }
      case 'single': {
        const s = str(v);
        if (s === undefined) missing = true;
        else if (!ids.has(s)) errors[q.id] = 'surveys.errors.option';
        else answers[q.id] = s;
        break;
      }
      case 'multiple': {
        const list = (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).map((x) => String(x).trim()).filter(Boolean);
        if (list.length === 0) missing = true;
        else if (list.some((x) => !ids.has(x))) errors[q.id] = 'surveys.errors.option';
        else answers[q.id] = [...new Set(list)];
        break;
      }
      case 'matrix': {
        let answered = 0;
        for (const row of q.options ?? []) {
          const key = matrixKey(q, row.id);
          const n = scaleOf(raw[key], key);
          if (n !== undefined) {
            answers[key] = n;
            answered++;
          } else if (!(key in errors) && q.required && !partial) errors[key] = 'surveys.errors.required';
        }
        if (answered === 0 && !q.required) missing = false;
        break;
      }
      case 'short':
      case 'long': {
        const s = str(v);
        const max = q.type === 'short' ? 200 : 4000;
        if (s === undefined) missing = true;
        else if (s.length > max) errors[q.id] = 'surveys.errors.tooLong';
        else answers[q.id] = s;
        break;
      }
      case 'number': {
        const s = str(v);
        if (s === undefined) missing = true;
        else {
          const n = Number(s.replace(',', '.'));
          if (!Number.isFinite(n) || (q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) errors[q.id] = 'surveys.errors.number';
          else answers[q.id] = n;
        }
        break;
      }
    }
    if (missing && q.required && !partial) errors[q.id] = 'surveys.errors.required';
  }
  return { answers, errors };
}

/** Check a questionnaire's structure (ids unique, options where needed, branching refers to an earlier question). */
export function checkQuestions(questions: Question[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const q of questions) {
    if (!/^[a-z0-9-]{1,40}$/.test(q.id)) problems.push(`${q.id}: id`);
    if (seen.has(q.id)) problems.push(`${q.id}: duplicate`);
    if ((q.type === 'single' || q.type === 'multiple' || q.type === 'matrix') && !(q.options && q.options.length > 0)) problems.push(`${q.id}: options`);
    if (q.showIf && !seen.has(q.showIf.question)) problems.push(`${q.id}: showIf must refer to an earlier question`);
    if (!q.text.vi || !q.text.en) problems.push(`${q.id}: text`);
    seen.add(q.id);
  }
  if (questions.filter((q) => q.satisfaction).length > 1) problems.push('more than one satisfaction item');
  return problems;
}

const o = (id: string, vi: string, en: string): Choice => ({ id, text: { vi, en } });

export interface Template {
  id: string;
  kind: 'satisfaction' | 'needs';
  title: Text;
  questions: Question[];
}

/**
 * SIPAS-style satisfaction (Bộ Nội vụ's index: access to the service, the procedure, the officials, the result,
 * receiving and handling feedback) plus the overall item that defines "satisfied" and A-11's trust question.
 */
export const SATISFACTION_TEMPLATE: Template = {
  id: 'sipas-hai-long',
  kind: 'satisfaction',
  title: { vi: 'Khảo sát mức độ hài lòng về giải quyết thủ tục hành chính', en: 'Satisfaction with administrative procedures' },
  questions: [
    {
      id: 'kenh',
      type: 'single',
      required: true,
      text: { vi: 'Ông/bà đã nộp hồ sơ bằng cách nào?', en: 'How did you submit your application?' },
      options: [o('toan-trinh', 'Trực tuyến toàn trình', 'Fully online'), o('mot-phan', 'Trực tuyến một phần', 'Partly online'), o('truc-tiep', 'Trực tiếp tại bộ phận một cửa', 'In person at the one-stop desk')],
    },
    {
      id: 'yeu-to',
      type: 'matrix',
      required: true,
      text: { vi: 'Ông/bà hài lòng đến mức nào với từng yếu tố sau? (1 = rất không hài lòng, 5 = rất hài lòng)', en: 'How satisfied were you with each of the following? (1 = very dissatisfied, 5 = very satisfied)' },
      options: [
        o('tiep-can', 'Tiếp cận dịch vụ (nơi nộp, giờ làm việc, hướng dẫn)', 'Access to the service (where, opening hours, guidance)'),
        o('thu-tuc', 'Thủ tục hành chính (giấy tờ, phí, thời hạn được công khai)', 'The procedure (documents, fees, published time limits)'),
        o('cong-chuc', 'Công chức tiếp nhận và giải quyết', 'The officials who handled it'),
        o('ket-qua', 'Kết quả (đúng hạn, đúng quy định)', 'The result (on time, correct)'),
        o('gop-y', 'Tiếp nhận, xử lý góp ý, phản ánh', 'How comments and complaints are received and handled'),
      ],
    },
    {
      id: 'hai-long',
      type: 'scale',
      required: true,
      satisfaction: true,
      text: { vi: 'Nhìn chung, ông/bà hài lòng đến mức nào với việc giải quyết hồ sơ này?', en: 'Overall, how satisfied are you with how this application was handled?' },
    },
    {
      id: 'ly-do',
      type: 'multiple',
      required: false,
      showIf: { question: 'hai-long', anyOf: ['1', '2'] },
      text: { vi: 'Điều gì khiến ông/bà chưa hài lòng?', en: 'What made you dissatisfied?' },
      options: [
        o('tre-han', 'Trả kết quả trễ hẹn', 'The result came late'),
        o('di-lai', 'Phải đi lại nhiều lần, bổ sung nhiều lần', 'I had to come back or add documents several times'),
        o('thai-do', 'Thái độ công chức', 'The officials’ attitude'),
        o('he-thong', 'Lỗi hệ thống, cổng dịch vụ công', 'System or portal errors'),
        o('chi-phi', 'Chi phí ngoài quy định', 'Charges beyond the official fee'),
        o('khac', 'Lý do khác', 'Something else'),
      ],
    },
    { id: 'so-lan', type: 'number', required: false, min: 0, max: 50, text: { vi: 'Ông/bà đã phải đi lại bao nhiêu lần?', en: 'How many times did you have to come in?' } },
    {
      id: 'tin-tuong',
      type: 'scale',
      required: false,
      text: { vi: 'Trải nghiệm này làm tăng niềm tin của tôi vào cơ quan nhà nước (1 = hoàn toàn không đồng ý, 5 = hoàn toàn đồng ý)', en: 'This experience increased my trust in the public administration (1 = strongly disagree, 5 = strongly agree)' },
    },
    { id: 'gop-y-them', type: 'long', required: false, text: { vi: 'Ông/bà có góp ý gì thêm?', en: 'Anything else you would like to tell us?' } },
  ],
};

/** What stops people using online services, which channel they prefer, which help they want (plan IV.5.đ). */
export const NEEDS_TEMPLATE: Template = {
  id: 'nhu-cau-dvctt',
  kind: 'needs',
  title: { vi: 'Khảo sát nhu cầu sử dụng dịch vụ công trực tuyến', en: 'Needs survey: using online public services' },
  questions: [
    {
      id: 'da-dung',
      type: 'single',
      required: true,
      text: { vi: 'Trong 12 tháng qua, bạn đã nộp hồ sơ trực tuyến lần nào chưa?', en: 'In the last 12 months, have you submitted an application online?' },
      options: [o('roi', 'Rồi', 'Yes'), o('chua', 'Chưa', 'No'), o('khong-nho', 'Không nhớ', 'I don’t remember')],
    },
    {
      id: 'tro-ngai',
      type: 'multiple',
      required: true,
      text: { vi: 'Điều gì cản trở bạn dùng dịch vụ công trực tuyến? (chọn các ý đúng)', en: 'What stops you using online public services? (choose all that apply)' },
      options: [
        o('thiet-bi', 'Không có điện thoại thông minh hoặc máy tính', 'No smartphone or computer'),
        o('mang', 'Mạng internet yếu hoặc không có', 'Poor or no internet'),
        o('khong-biet', 'Không biết cách làm', 'I don’t know how'),
        o('so-sai', 'Sợ làm sai, mất hồ sơ', 'Afraid of making mistakes'),
        o('vneid', 'Chưa có tài khoản định danh điện tử mức 2', 'No level-2 electronic ID account'),
        o('thanh-toan', 'Khó thanh toán trực tuyến', 'Online payment is hard'),
        o('thich-truc-tiep', 'Thích đến nộp trực tiếp hơn', 'I prefer to go in person'),
        o('khong-co', 'Không có trở ngại', 'Nothing stops me'),
      ],
    },
    {
      id: 'kenh',
      type: 'single',
      required: true,
      text: { vi: 'Bạn muốn làm thủ tục theo cách nào nhất?', en: 'Which way would you most like to do a procedure?' },
      options: [
        o('tai-nha', 'Tự làm trực tuyến tại nhà', 'Online myself, at home'),
        o('mot-cua', 'Được hướng dẫn tại bộ phận một cửa xã', 'With help at the commune one-stop desk'),
        o('buu-dien', 'Qua bưu điện', 'Through the post office'),
        o('to-cnscd', 'Tổ công nghệ số cộng đồng đến hỗ trợ', 'With the community digital technology team'),
        o('truc-tiep', 'Nộp trực tiếp như trước', 'In person, as before'),
      ],
    },
    {
      id: 'ho-tro',
      type: 'multiple',
      required: false,
      text: { vi: 'Bạn muốn được hỗ trợ bằng hình thức nào?', en: 'What help would you like?' },
      options: [
        o('video', 'Video hướng dẫn từng bước', 'Step-by-step videos'),
        o('tai-cho', 'Cán bộ hướng dẫn tại chỗ', 'An official helping in person'),
        o('tong-dai', 'Tổng đài điện thoại', 'A phone hotline'),
        o('zalo', 'Nhắn tin Zalo', 'Zalo messages'),
        o('tai-nha', 'Hỗ trợ tại nhà', 'Help at home'),
      ],
    },
    {
      id: 'muc-do',
      type: 'matrix',
      required: false,
      showIf: { question: 'da-dung', anyOf: ['roi'] },
      text: { vi: 'Nếu đã dùng: bạn đánh giá thế nào? (1 = rất khó, 5 = rất dễ)', en: 'If you have used them: how was it? (1 = very hard, 5 = very easy)' },
      options: [o('tim', 'Tìm đúng thủ tục', 'Finding the right procedure'), o('dien', 'Điền tờ khai', 'Filling in the form'), o('nop', 'Đính kèm giấy tờ', 'Attaching documents')],
    },
    { id: 'so-lan', type: 'number', required: false, min: 0, max: 100, text: { vi: 'Bạn làm thủ tục hành chính khoảng bao nhiêu lần mỗi năm?', en: 'About how many procedures do you do a year?' } },
    { id: 'xa', type: 'short', required: false, text: { vi: 'Bạn sống ở xã, phường nào?', en: 'Which commune or ward do you live in?' } },
    { id: 'y-kien', type: 'long', required: false, text: { vi: 'Bạn có đề xuất gì khác?', en: 'Any other suggestions?' } },
  ],
};

export const TEMPLATES: Template[] = [SATISFACTION_TEMPLATE, NEEDS_TEMPLATE];

const TYPES: QuestionType[] = ['scale', 'single', 'multiple', 'matrix', 'short', 'long', 'number'];

/**
 * Read a questionnaire edited as JSON by staff: shape first (types, vi/en text, ids), then checkQuestions.
 * Returns the questions, or the problems in plain Vietnamese (numbered by question).
 */
export function parseQuestions(json: string): { questions?: Question[]; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { problems: ['Nội dung không phải JSON hợp lệ (kiểm tra dấu ngoặc, dấu phẩy, dấu nháy kép).'] };
  }
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 100) return { problems: ['Cần một danh sách (mảng) từ 1 đến 100 câu hỏi.'] };
  const problems: string[] = [];
  const text = (v: unknown): Text | undefined => {
    const o = v as { vi?: unknown; en?: unknown } | null;
    return o && typeof o.vi === 'string' && typeof o.en === 'string' && o.vi.trim() && o.en.trim() && o.vi.length <= 1000 && o.en.length <= 1000 ? { vi: o.vi.trim(), en: o.en.trim() } : undefined;
  };
  const questions: Question[] = raw.map((q, i) => {
    const n = i + 1;
    const o = (q ?? {}) as Record<string, unknown>;
    const type = o.type as QuestionType;
    if (!TYPES.includes(type)) problems.push(`Câu ${n}: loại câu hỏi phải là một trong ${TYPES.join(', ')}.`);
    const t = text(o.text);
    if (!t) problems.push(`Câu ${n}: cần nội dung tiếng Việt và tiếng Anh ("text": {"vi": …, "en": …}).`);
    const options = Array.isArray(o.options)
      ? o.options.map((c, j) => {
          const co = (c ?? {}) as Record<string, unknown>;
          const ct = text(co.text);
          if (typeof co.id !== 'string' || !/^[a-z0-9-]{1,40}$/.test(co.id) || !ct) problems.push(`Câu ${n}, phương án ${j + 1}: cần mã (chữ thường, số, gạch ngang) và nội dung hai thứ tiếng.`);
          return { id: String(co.id ?? ''), text: ct ?? { vi: '', en: '' } };
        })
      : undefined;
    const showIf = o.showIf as { question?: unknown; anyOf?: unknown } | undefined;
    if (showIf !== undefined && (typeof showIf.question !== 'string' || !Array.isArray(showIf.anyOf) || !showIf.anyOf.every((x) => typeof x === 'string'))) problems.push(`Câu ${n}: điều kiện hiện câu hỏi cần "question" và danh sách "anyOf".`);
    return {
      id: String(o.id ?? ''),
      type,
      text: t ?? { vi: '', en: '' },
      required: o.required === true,
      ...(options ? { options } : {}),
      ...(typeof o.min === 'number' ? { min: o.min } : {}),
      ...(typeof o.max === 'number' ? { max: o.max } : {}),
      ...(showIf ? { showIf: { question: String(showIf.question), anyOf: (showIf.anyOf as string[]) ?? [] } } : {}),
      ...(o.satisfaction === true ? { satisfaction: true } : {}),
    };
  });
  if (problems.length) return { problems };
  const structural = checkQuestions(questions).map((p) => `Cấu trúc: ${p}`);
  return structural.length ? { problems: structural } : { questions, problems: [] };
}

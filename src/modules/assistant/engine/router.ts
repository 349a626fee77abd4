/**
 * The router runs before retrieval. Classes are defined by general vocabulary (not by example questions):
 * greetings/thanks, a request for a human or abuse, emergencies (113/114/115), a dossier code, prompt
 * injection, requests for someone else's personal data, and topics the assistant does not cover.
 * The assistant never follows instructions found in a question: injection is only detected and declined.
 */
import { fold, normalise, syllables, type Syllable } from './text.ts';

export type RouteClass =
  | 'empty'
  | 'greeting'
  | 'thanks'
  | 'human'
  | 'abuse'
  | 'emergency'
  | 'medical'
  | 'dossier_code'
  | 'injection'
  | 'personal_data'
  | 'out_of_scope'
  | 'foreign_language'
  | 'utility'
  | 'delegate'
  | 'retrieve';

export interface Route {
  cls: RouteClass;
  /** for out_of_scope: which topic; for utility: electricity | water | internet */
  topic?: string;
  dossierCode?: string;
}

/**
 * Phrase lists are matched syllable by syllable: a syllable the user typed with marks must equal the phrase's
 * accented syllable ("ngủ" is not "ngu"); an unmarked syllable is compared folded (phones often drop marks).
 */
type Matcher = (syl: Syllable[]) => boolean;
function P(phrases: string[]): Matcher {
  const list = phrases.map((p) => syllables(p));
  return (syl) => {
    for (let i = 0; i < syl.length; i++)
      for (const ph of list)
        if (ph.every((w, j) => {
          const u = syl[i + j];
          return !!u && (u.marked ? u.acc === w.acc : u.fold === w.fold);
        }))
          return true;
    return false;
  };
}

const THANKS = P(['cảm ơn', 'cám ơn', 'thank', 'thanks', 'tks', 'thks', 'ok', 'oke', 'okie', 'được rồi']);
const HUMAN = P(['gặp cán bộ', 'gặp nhân viên', 'nói chuyện với người', 'người thật', 'tổng đài viên', 'nhân viên hỗ trợ', 'cán bộ hỗ trợ', 'chuyển cho người', 'gặp người', 'cần người hỗ trợ', 'gọi lại cho tôi', 'liên hệ lại']);
const ABUSE = P(['đồ ngu', 'ngu ngốc', 'vô tích sự', 'láo toét', 'cút đi', 'bot ngu', 'ngu vậy', 'ngu thế', 'ngu quá', 'ngu như', 'ngu vl', 'vl', 'vcl', 'vkl', 'đm', 'dm', 'dmm', 'đcm', 'clgt', 'vô dụng', 'vớ vẩn', 'bực mình', 'bực quá', 'tức quá', 'chán quá', 'dở hơi', 'như hạch', 'shit', 'fuck', 'stupid', 'useless']);
const EMERGENCY = P(['cấp cứu', 'cứu tôi', 'cứu với', 'cứu em', 'đang cháy', 'cháy lớn', 'hỏa hoạn', 'bị cướp', 'cướp giật', 'đánh nhau', 'bị đánh', 'bị đâm', 'đuối nước', 'khó thở', 'ngất xỉu', 'đột quỵ', 'co giật', 'tự tử', 'muốn chết', 'tự sát', 'bạo hành', 'bắt cóc', 'đe dọa giết']);
const MEDICAL = P(['sốt', 'hạ sốt', 'đau bụng', 'đau đầu', 'tiêu chảy', 'uống thuốc', 'thuốc gì', 'bệnh gì', 'triệu chứng', 'kháng sinh', 'bị ốm']);
const INJECTION_WORDS = P(['quên mọi quy tắc', 'bỏ qua quy tắc', 'bỏ qua mọi quy tắc', 'chế độ nhà phát triển', 'lệnh hệ thống', 'hướng dẫn hệ thống', 'tiết lộ cấu hình', 'in ra toàn bộ hướng dẫn', 'bỏ qua hướng dẫn', 'bỏ qua chỉ dẫn', 'bỏ qua các hướng dẫn', 'bỏ qua mọi', 'bỏ qua tất cả', 'quên hết', 'quên các hướng dẫn', 'lời nhắc hệ thống', 'system prompt', 'prompt', 'đóng vai', 'giả vờ là', 'bạn bây giờ là', 'từ giờ bạn là', 'không cần tuân theo', 'vượt qua giới hạn']);
const INJECTION = [
  /\b(ignore|disregard|forget)\b.{0,40}\b(instruction|instructions|prompt|rules|above|previous)\b/,
  /\b(system prompt|jailbreak|developer mode|you are now|act as|pretend to be|dan mode)\b/,
];
const PERSONAL = [
  /(so dien thoai|sdt|dia chi|dia chi nha|thong tin ca nhan|so cccd|so can cuoc|ngay sinh|tai khoan ngan hang) (cua|voi) (ong|ba|anh|chi|em|co|chu|bac|nguoi|nguoi khac|ban|hang xom)\b/,
  /\b(tra cuu|tim|xem|cho toi|lay) (thong tin|dia chi|so dien thoai|so cccd) (cua )?(nguoi khac|ong|ba|anh|chi|mot nguoi)\b/,
  /\bho so cua (nguoi khac|hang xom|ong ay|ba ay|anh ay|chi ay)\b/,
  // whose is this plate / house / plot; an officer's own phone
  /\b(xe|nha|dat|bien so) (nay )?(la )?cua ai\b/,
  /\b(so dien thoai|sdt|so dt|zalo|so) (ca nhan|rieng) (cua )?(chi|anh|ong|ba|co|chu|can bo)\b/,
];
/** Requests to break the law or fake documents: declined. */
const ILLEGAL = P([
  'làm giả', 'giấy tờ giả', 'bằng giả', 'làm bằng giả', 'cccd giả', 'căn cước giả', 'sổ đỏ giả', 'mua bằng đại học', 'mua bằng lái', 'không cần thi', 'khỏi phải thi', 'chạy án', 'trốn thuế', 'lách luật', 'hối lộ', 'đút lót', 'chạy chọt', 'fake',
  // forged papers of any kind, bought diplomas and licences
  'xe giả', 'sổ giả', 'dấu giả', 'hồ sơ giả', 'chứng chỉ giả', 'hộ chiếu giả', 'giấy phép giả', 'bằng cấp giả', 'giả chữ ký', 'mua bằng tốt nghiệp', 'mua bằng cấp', 'mua văn bằng', 'mua chứng chỉ', 'mua giấy phép', 'bán bằng',
  // fixers and bribes: paying someone to skip the procedure, entries that are not true
  'bao đậu', 'bao đỗ', 'trọn gói', 'lo trọn', 'người quen bên', 'quen biết bên', 'cửa sau', 'đi đêm', 'lót tay', 'phong bì', 'xóa phạt', 'xoá phạt', 'xóa lỗi', 'xoá lỗi', 'tẩy xóa', 'né thuế',
]);
/** Words whose unmarked spelling is an everyday word ("khống" = "không"): they count only when typed with marks. */
function strict(phrases: string[]): Matcher {
  const list = phrases.map((p) => syllables(p));
  return (syl) => syl.some((_, i) => list.some((ph) => ph.every((w, j) => syl[i + j]?.marked && syl[i + j]!.acc === w.acc)));
}
const ILLEGAL_MARKED = strict(['khống', 'chung chi']);
/** Asking the assistant to act for the citizen (fill in, sign in, submit) or to take a password: it never does. */
const DELEGATE = P(['điền giúp', 'điền hộ', 'điền dùm', 'khai giúp', 'khai hộ', 'nộp hộ luôn', 'nộp giúp luôn', 'nộp dùm luôn', 'làm hộ luôn', 'làm giúp luôn', 'gửi mật khẩu', 'cho mật khẩu', 'mật khẩu cho', 'đăng nhập hộ', 'đăng nhập giúp', 'đăng nhập dùm']);
/**
 * Utilities are not the province's administrative procedures: bills, outages, meters and water/internet connections
 * belong to the electricity company, the water company or the network operator. Connecting electricity for the
 * first time is a guide (cap-dien) and is not matched here; a story about someone claiming to be the power company
 * is a scam question (SCAM) and goes to retrieval.
 */
const UTILITY: Record<string, Matcher> = {
  electricity: P(['tiền điện', 'hóa đơn điện', 'cúp điện', 'cắt điện', 'mất điện', 'điện yếu', 'chập điện', 'giá điện', 'chỉ số công tơ', 'chỉ số điện', 'đóng tiền điện', 'nợ tiền điện', 'hợp đồng điện cũ', 'sang tên hợp đồng điện', 'đổi tên hợp đồng điện', 'chuyển tên hợp đồng điện']),
  water: P(['tiền nước', 'hóa đơn nước', 'nước máy', 'mất nước', 'cúp nước', 'đồng hồ nước', 'lắp nước', 'lắp đặt nước', 'đấu nối nước', 'cấp nước', 'nước sạch', 'nước yếu']),
  internet: P(['internet', 'cáp quang', 'wifi', 'mạng chậm', 'mạng yếu', 'rớt mạng', 'truyền hình cáp', 'lắp mạng', 'gói cước', 'nạp thẻ điện thoại', 'sóng điện thoại']),
};
const SCAM = P(['lừa đảo', 'mạo danh', 'giả danh', 'xưng là', 'tự xưng', 'chuyển khoản', 'chuyển tiền', 'đường link', 'cài ứng dụng', 'cài app', 'có người gọi', 'người gọi', 'gọi điện bảo', 'tin nhắn lạ']);

const OOD: Record<string, Matcher> = {
  illegal: (syl) => ILLEGAL(syl) || ILLEGAL_MARKED(syl),
  weather: P(['thời tiết', 'dự báo thời tiết', 'trời mưa', 'nhiệt độ ngoài trời', 'nắng nóng', 'mưa bão']),
  finance: P(['giá vàng', 'tỷ giá', 'chứng khoán', 'cổ phiếu', 'lãi suất', 'giá xăng', 'bitcoin', 'coin', 'giá đô', 'đô la', 'usd', 'sjc', 'xổ số', 'lô đề']),
  sports: P(['bóng đá', 'đá với ai', 'trận đấu', 'tỷ số', 'ngoại hạng', 'world cup', 'champions league', 'man city', 'real madrid', 'barca', 'lịch thi đấu']),
  cooking: P(['cách nấu', 'công thức món', 'công thức nấu', 'món ăn ngon', 'nấu món', 'nấu canh', 'nấu cơm']),
  homework: P(['bài văn', 'tập làm văn', 'làm bài tập', 'giải bài', 'giải toán', 'giải giúp', 'viết giúp', 'viết hộ', 'làm thơ', 'bài thơ', 'dịch giúp', 'viết code', 'lập trình']),
  politics: P(['đảng nào', 'ủng hộ đảng', 'chính trị', 'tổng thống', 'chính phủ bây giờ', 'chính phủ làm', 'biểu tình', 'phản động']),
  legal_advice: P(['khởi kiện', 'thắng kiện', 'đi kiện', 'kiện họ', 'kiện người', 'muốn kiện', 'kiện thế nào', 'kiện ra tòa', 'luật sư', 'tư vấn luật', 'tư vấn pháp lý', 'đòi nợ']),
  entertainment: P(['xem phim', 'bộ phim', 'bài hát', 'ca sĩ', 'chơi game', 'truyện cười', 'kể chuyện cười', 'tử vi', 'xem bói', 'phong thủy', 'cung hoàng đạo']),
  telecom: P(['đăng ký 4g', 'đăng ký 5g', 'cài win']),
  shopping: P(['vé máy bay', 'đặt vé', 'tour du lịch', 'mua điện thoại', 'giá điện thoại', 'mua sắm', 'shopee', 'lazada']),
};

const DOSSIER = /\b((?:[a-z]\d{2}(?:\.\d{1,3}){0,3}|\d{3}\.\d{2}\.\d{2}\.[a-z]\d{2})-\d{6}-\d{4,5})\b/i;

/** Vietnamese text carries marks or Vietnamese-only words; mostly-Latin text without them may be another language. */
function looksForeign(text: string, folded: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  const nonLatin = text.replace(/[\p{Script=Latin}\p{N}\p{P}\p{Z}\p{S}]/gu, '').length;
  if (letters.length >= 2 && nonLatin / letters.length > 0.5) return true;
  if (letters.length < 12) return false;
  const en = folded.match(/\b(the|is|are|what|how|where|can|you|please|my|i|to|of|and|do|does|get|need|with|for)\b/g)?.length ?? 0;
  const vi = folded.match(/\b(la|co|khong|ko|duoc|lam|the|nao|o|dau|cho|toi|em|minh|can|gi|thi|cua|va|voi|bao|nhieu|sao|xin|dang|ky)\b/g)?.length ?? 0;
  return en >= 3 && en > vi * 1.5 && text === fold(text);
}

export function route(question: string): Route {
  const text = normalise(question);
  if (!/[\p{L}\p{N}]/u.test(text)) return { cls: 'empty' };
  const folded = fold(text).replace(/[^\p{L}\p{N} ]/gu, ' ').replace(/\s+/g, ' ').trim();
  const syl = syllables(text);
  const code = DOSSIER.exec(text);
  if (INJECTION.some((r) => r.test(folded)) || INJECTION_WORDS(syl)) return { cls: 'injection' };
  if (EMERGENCY(syl)) return { cls: 'emergency' };
  if (code) return { cls: 'dossier_code', dossierCode: code[1]!.toUpperCase() };
  if (HUMAN(syl)) return { cls: 'human' };
  if (PERSONAL.some((r) => r.test(folded))) return { cls: 'personal_data' };
  if (ABUSE(syl) && syl.length <= 16) return { cls: 'abuse' };
  if (syl.length <= 5) {
    const rest = syl.filter((s) => !['chao', 'xin', 'cam', 'on', 'ban', 'ad', 'admin', 'a', 'nhe', 'nha', 'nhieu', 'ak', 'ah', 'oi', 'em', 'anh', 'chi', 'hello', 'hi', 'alo', 'ok', 'oke', 'okie', 'thanks', 'thank', 'you', 'tks', 'thks', 'duoc', 'roi', 'co', 'ai', 'khong', 'he', 'lo'].includes(s.fold));
    if (!rest.length) return { cls: THANKS(syl) ? 'thanks' : 'greeting' };
  }
  if (DELEGATE(syl)) return { cls: 'delegate' };
  for (const [topic, m] of Object.entries(OOD)) if (m(syl)) return { cls: 'out_of_scope', topic };
  if (!SCAM(syl)) for (const [topic, m] of Object.entries(UTILITY)) if (m(syl)) return { cls: 'utility', topic };
  if (/\bMU\b/.test(question) && /(đá|da|trận|tran|mấy giờ|may gio)/i.test(text)) return { cls: 'out_of_scope', topic: 'sports' };
  if (MEDICAL(syl) && !/(bao hiem|bhyt|chung chi|hanh nghe|giay phep|tro cap|che do|thai san)/.test(folded)) return { cls: 'medical' };
  if (looksForeign(text, folded)) return { cls: 'foreign_language' };
  return { cls: 'retrieve' };
}

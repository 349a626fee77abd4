/** Word lists the masker uses (Vietnamese). Kept apart so they can grow without touching the rules. */

/** Surnames, most frequent first (about 98 % of the population carries one of these). */
export const SURNAMES = [
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý',
  'Đinh', 'Trịnh', 'Đoàn', 'Lương', 'Mai', 'Cao', 'Tạ', 'Đào', 'Lại', 'Vương', 'Trương', 'Hà', 'Lâm', 'Tô', 'Quách', 'Chu',
  'Thái', 'Tăng', 'Triệu', 'Kiều', 'Khúc', 'Mạc', 'Âu', 'Lưu', 'Văn', 'Phùng', 'Châu', 'Nghiêm', 'Quan', 'Tống', 'Thân',
  'Giang', 'Doãn', 'Diệp', 'Kim', 'Lục', 'Hứa', 'Khổng', 'Ông', 'Từ', 'Thạch', 'La', 'Tôn', 'Ninh', 'Ứng', 'Chế', 'Đàm',
  'Bạch', 'Cù', 'Viên', 'Hàn', 'Lạc', 'Mẫn', 'Nông', 'Đậu', 'Đồng', 'Tiêu', 'Sầm', 'Lò', 'Hầu', 'Thiều', 'Nhữ', 'Lã',
  'Bế', 'Phí', 'Lữ', 'Vi', 'Hoàng', 'Khương', 'Đới', 'Trình', 'Lỗ', 'Mã', 'Giáp', 'Tiết', 'Bành', 'Quản', 'Phương',
];

/**
 * Surnames that are also everyday words or place names (Văn bản, Kim Động, Hà Nội, Công an…): they start a
 * name without a cue only when a usual middle name follows ("Hà Thị Lan").
 */
export const SURNAMES_WEAK = ['Văn', 'Kim', 'Hà', 'Giang', 'Quan', 'Thái', 'Ninh', 'Hàn', 'La', 'Lò', 'Ông', 'Từ', 'Chế', 'Đồng', 'Vi', 'Mã', 'Phương', 'Tiêu', 'Lạc', 'Viên', 'Châu', 'Mai', 'Cao', 'Lâm', 'Tô', 'Chu'];

/** Usual middle names (and frequent second syllables) for lower-case / unaccented names ("nguyen van an"). */
export const MIDDLE_NAMES = [
  'Văn', 'Thị', 'Đức', 'Minh', 'Hữu', 'Ngọc', 'Quang', 'Thanh', 'Xuân', 'Hoàng', 'Công', 'Duy', 'Đình', 'Quốc', 'Bá', 'Kim',
  'Thu', 'Hồng', 'Mạnh', 'Tuấn', 'Anh', 'Phương', 'Hải', 'Trọng', 'Tiến', 'Thế', 'Như', 'Khánh', 'Gia', 'Bảo', 'Thành',
  'Trung', 'Hoài', 'Diệu', 'Mỹ', 'Thúy', 'Thùy', 'Ánh', 'Huy', 'Việt', 'Nhật', 'Bích', 'Lan', 'Phúc', 'Tất', 'Viết',
  'Khắc', 'Ngọc', 'Đăng', 'Trí', 'Chí', 'Hoa', 'Hương', 'Tường', 'Mai', 'Quỳnh', 'Vân', 'Cẩm', 'Thiên', 'Hạ', 'Sỹ', 'Sĩ',
];

/** Lower-case words that end a name taken after a cue ("tên là Minh sinh năm…", "tôi tên hoa ở thôn…"). */
export const NAME_STOP_WORDS = [
  'sinh', 'năm', 'ở', 'tại', 'là', 'có', 'đang', 'hiện', 'và', 'xin', 'muốn', 'hỏi', 'bị', 'được', 'đã', 'không', 'thì',
  'nhưng', 'học', 'làm', 'số', 'sđt', 'sdt', 'cccd', 'cmnd', 'mã', 'địa', 'chỉ', 'nay', 'cần', 'đi', 'về', 'đến', 'vào',
  'trú', 'thường', 'cư', 'quê', 'con', 'của', 'cho', 'với', 'vì', 'nên', 'rồi', 'mới', 'sẽ', 'cũng', 'vẫn', 'chưa', 'ạ',
  'nhé', 'à', 'ơi', 'nha', 'đó', 'này', 'kia', 'ấy', 'người', 'dân', 'công', 'cán', 'bộ', 'giáo', 'viên', 'bác', 'sĩ',
  'nông', 'kinh', 'doanh', 'chủ', 'hộ', 'tuổi', 'tháng', 'ngày', 'email', 'điện', 'thoại', 'gọi', 'liên', 'hệ', 'thuộc',
  'phường', 'xã', 'huyện', 'tỉnh', 'quận', 'thành', 'phố', 'thôn', 'xóm', 'tổ', 'ngõ', 'đường', 'lúc', 'khi', 'nếu',
  'nhà', 'tôi', 'em', 'mình', 'anh', 'chị', 'ông', 'bà', 'cháu', 'các', 'những', 'một', 'hai', 'ba', 'đề', 'nghị',
  'kiến', 'phản', 'ánh', 'hướng', 'dẫn', 'giúp', 'ra', 'lên', 'xuống', 'qua', 'lại', 'theo', 'bên', 'trong', 'ngoài',
  'tên', 'họ', 'gì', 'nào', 'đâu', 'sao', 'thế', 'vậy', 'rất', 'quá', 'lắm', 'thật', 'ấy', 'bảo', 'nói', 'thấy',
];

/** Capitalised words that are titles or bodies, not names ("ông Chủ tịch", "bà Giám đốc", "anh Cán bộ"). */
export const TITLE_WORDS = [
  'Chủ', 'Phó', 'Giám', 'Trưởng', 'Bí', 'Cán', 'Thủ', 'Ủy', 'Uỷ', 'UBND', 'HĐND', 'Sở', 'Phòng', 'Ban', 'Bộ', 'Tổng', 'Cục',
  'Chi', 'Viện', 'Kế', 'Hiệu', 'Tổ', 'Đại', 'Chánh', 'Công', 'Cổng', 'Bộ', 'Tỉnh', 'Huyện', 'Xã', 'Phường',
  'Quận', 'Thôn', 'Xóm', 'Cộng', 'Hội', 'Đội', 'Đảng', 'Nhà', 'Bệnh', 'Trường', 'Ngân', 'Bưu',
  'Tòa', 'Viện', 'Giáo', 'Xây', 'Thông',
  'CA', 'VNeID', 'CCCD', 'CMND', 'BHXH', 'BHYT', 'SĐT', 'STK', 'MST', 'TP', 'TT', 'QĐ', 'NĐ',
  'CP', 'TTg', 'UB', 'HY', 'PVHCC', 'DVC', 'TTHC', 'THPT', 'THCS', 'Luật', 'Nghị', 'Quyết', 'Điều', 'Khoản', 'Đề',
  'Tôi', 'Em', 'Xin', 'Kính', 'Cảm', 'Chào', 'Ngày', 'Tháng',
];

/** Places and streets that begin like a name and must stay (a city, a district, a province, a national hero's street). */
export const PLACES = [
  'Hồ Chí Minh', 'Hà Nội', 'Hà Nam', 'Hà Tĩnh', 'Hà Giang', 'Hưng Hà', 'Vũ Thư', 'Hoàng Sa', 'Trường Sa', 'Lê Lợi',
  'Trần Hưng Đạo', 'Nguyễn Trãi', 'Lý Thường Kiệt', 'Phạm Ngũ Lão', 'Lê Duẩn', 'Nguyễn Văn Linh', 'Nguyễn Du', 'Lê Hồng Phong',
  'Phan Đình Phùng', 'Hai Bà Trưng', 'Bà Rịa', 'Đồng Nai', 'Đồng Tháp', 'Lâm Đồng', 'Cao Bằng', 'Thái Bình', 'Thái Nguyên',
  'Ninh Bình', 'Ninh Thuận', 'Bắc Giang', 'Kiên Giang', 'Hậu Giang', 'Tiền Giang', 'Quảng Ninh', 'Tây Ninh', 'Kim Động',
  'Văn Giang', 'Văn Lâm', 'Lý Sơn', 'Mai Châu', 'Đồng Văn', 'Võ Nguyên Giáp', 'Phạm Văn Đồng', 'Tôn Đức Thắng',
  'Nguyễn Huệ', 'Lê Thánh Tông', 'Đinh Tiên Hoàng', 'Trần Phú', 'Lê Quý Đôn', 'Chu Văn An', 'Phan Bội Châu', 'Phan Chu Trinh',
];


/** Administrative units end an address span (public, and needed to route the item). */
export const ADMIN_UNITS = ['phường', 'xã', 'thị trấn', 'quận', 'huyện', 'thị xã', 'tỉnh', 'thành phố', 'TP\\.?', 'đặc khu'];

/** Bank names and short names (folded, lower case) that mark a following number as an account. */
export const BANKS = [
  'vietcombank', 'vcb', 'techcombank', 'tcb', 'agribank', 'bidv', 'vietinbank', 'mb', 'mbbank', 'mb bank', 'acb', 'vpbank',
  'tpbank', 'sacombank', 'shb', 'hdbank', 'ocb', 'seabank', 'vib', 'msb', 'eximbank', 'lienvietpostbank', 'lpbank', 'ncb',
  'pvcombank', 'abbank', 'bac a bank', 'kienlongbank', 'namabank', 'nam a bank', 'scb', 'baovietbank', 'vietbank',
  'ngan hang nong nghiep', 'ngan hang ngoai thuong', 'ngan hang cong thuong', 'ngan hang dau tu', 'ngan hang quan doi',
  'ngan hang chinh sach', 'vbsp', 'buu dien lien viet', 'momo', 'zalopay', 'vnpay',
];

/** Words that make a capitalised run an organisation or a legal reference, not a person ("Sở Tư pháp"). */
export const ORG_WORDS = ['UBND', 'HĐND', 'Sở', 'Phòng', 'Cục', 'Viện', 'Luật', 'Nghị', 'Quyết', 'Điều', 'Khoản', 'Xã', 'Phường', 'Huyện', 'Tỉnh', 'Quận', 'Bộ', 'Ban', 'Đảng'];

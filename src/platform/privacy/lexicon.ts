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

/**
 * Frequent given names (the last syllable of a name). A capitalised one standing alone in mid-sentence ("hồ sơ
 * của Tuấn bị trả lại") is a name; a lower-case name ("nguyen van an") must end on one.
 */
export const GIVEN_NAMES = [
  'An', 'Anh', 'Ánh', 'Bảo', 'Bắc', 'Bích', 'Bình', 'Cảnh', 'Chi', 'Chiến', 'Chính', 'Chung', 'Công', 'Cúc', 'Cường',
  'Dung', 'Dũng', 'Duy', 'Duyên', 'Dương', 'Đại', 'Đạt', 'Điệp', 'Định', 'Đông', 'Đức', 'Giang', 'Hà', 'Hải', 'Hạnh',
  'Hào', 'Hảo', 'Hằng', 'Hậu', 'Hiền', 'Hiển', 'Hiếu', 'Hiệp', 'Hòa', 'Hoa', 'Hoài', 'Hoàn', 'Hoàng', 'Hồng', 'Huế',
  'Huệ', 'Hùng', 'Huy', 'Huyền', 'Hưng', 'Hương', 'Hường', 'Hữu', 'Khang', 'Khanh', 'Khánh', 'Khoa', 'Khôi', 'Kiên',
  'Kiều', 'Lâm', 'Lan', 'Liên', 'Liễu', 'Linh', 'Loan', 'Lộc', 'Lợi', 'Long', 'Luân', 'Lực', 'Ly', 'Lý', 'Mai', 'Mạnh',
  'Minh', 'My', 'Mỹ', 'Nam', 'Nga', 'Ngân', 'Nghĩa', 'Ngọc', 'Nguyệt', 'Nhàn', 'Nhân', 'Nhi', 'Nhung', 'Nhung', 'Oanh',
  'Phong', 'Phú', 'Phúc', 'Phụng', 'Phương', 'Phượng', 'Quân', 'Quang', 'Quế', 'Quốc', 'Quý', 'Quyên', 'Quyết', 'Quỳnh',
  'Sang', 'Sáng', 'Sơn', 'Sen', 'Tài', 'Tâm', 'Tân', 'Thắm', 'Thắng', 'Thanh', 'Thành', 'Thảo', 'Thơm', 'Thông', 'Thu',
  'Thủy', 'Thúy', 'Thùy', 'Thư', 'Thương', 'Tiến', 'Tình', 'Toàn', 'Trang', 'Trâm', 'Trinh', 'Trí', 'Trọng', 'Trung',
  'Trường', 'Tú', 'Tuấn', 'Tùng', 'Tuyết', 'Tuyến', 'Tư', 'Uyên', 'Vân', 'Văn', 'Việt', 'Vinh', 'Vĩnh', 'Vy', 'Xuân',
  'Yến', 'Bảy', 'Tám', 'Chín', 'Mười', 'Hoan', 'Hiên', 'Lành', 'Lụa', 'Mận', 'Đào', 'Thoa', 'Tuyền', 'Diệp', 'Diệu',
  'Hưởng', 'Khải', 'Lương', 'Nhật', 'Phát', 'Quyền', 'Sinh', 'Sỹ', 'Tấn', 'Thịnh', 'Thuận', 'Tín', 'Toản', 'Trà',
  'Tuân', 'Tuệ', 'Vũ', 'Vượng', 'Hiệu', 'Kha', 'Lam', 'Lệ', 'Mến', 'Na', 'Ngà', 'Nương', 'Phấn', 'Sương', 'Thi', 'Thìn',
  'Thoan', 'Tươi', 'Vui', 'Xoan', 'Yên', 'Páo', 'Chư', 'Dềnh', 'Lử', 'Sử', 'Chứ', 'Pó', 'Mỷ', 'Dinh', 'Hờ', 'Sào', 'Bia', 'Nhiên',
];

/**
 * Middle names that mark a capitalised run as a name whatever the surname (minority and rare surnames outside
 * SURNAMES: "Giàng A Páo", "Khiếu Văn Toàn", "Ksor Thị Hoa"). Only the unambiguous ones.
 */
export const STRONG_MIDDLE_NAMES = ['Văn', 'Thị', 'Hữu', 'Đình', 'Ngọc', 'Xuân', 'Khắc', 'Viết', 'Bá', 'Trọng', 'Sỹ', 'Sĩ', 'A', 'Seo', 'Mí', 'Y'];

/**
 * A capitalised word followed by these lower-case words is the start of a common noun or body ("Trung tâm",
 * "Văn phòng", "Bình thường"), not a name standing alone.
 */
export const COMPOUND_TAILS: Record<string, string[]> = {
  trung: ['tâm', 'ương', 'bình', 'học', 'cấp', 'thu', 'gian'],
  văn: ['phòng', 'bản', 'hóa', 'hoá', 'thư', 'minh', 'nghệ'],
  bình: ['thường', 'đẳng', 'quân', 'chọn', 'luận', 'dân'],
  an: ['toàn', 'ninh', 'sinh', 'cư'],
  công: ['ước', 'an', 'dân', 'chứng', 'ty', 'văn', 'trình', 'khai', 'nghệ', 'tác', 'việc', 'nhận', 'bố', 'đoàn', 'thương', 'ích'],
  thành: ['phố', 'viên', 'lập', 'phần', 'công', 'niên'],
  quốc: ['gia', 'tịch', 'phòng', 'hội', 'tế', 'lộ'],
  gia: ['đình', 'hạn', 'tăng', 'cảnh'],
  nam: ['bộ'],
  hòa: ['giải', 'bình'],
  tài: ['chính', 'liệu', 'khoản', 'sản', 'nguyên', 'trợ'],
  bảo: ['hiểm', 'vệ', 'lãnh', 'đảm', 'tàng', 'hành'],
  thông: ['tư', 'báo', 'tin', 'qua', 'thường'],
  tâm: ['lý'],
  đông: ['y'],
  sinh: ['viên', 'hoạt', 'thái'],
  phúc: ['lợi', 'thẩm', 'đáp'],
  lợi: ['ích', 'nhuận'],
  định: ['danh', 'kỳ', 'mức', 'cư', 'giá'],
  hưng: ['thịnh'],
  đức: ['tin'],
  thi: ['hành', 'đua', 'công'],
  việt: ['nam'],
  quang: ['trung'],
  chính: ['phủ', 'sách', 'quyền', 'thức', 'xác', 'trị', 'chủ'],
  nhân: ['dân', 'viên', 'thân', 'khẩu', 'sự', 'lực'],
  khánh: ['thành'],
  hiệu: ['lực', 'quả', 'trưởng'],
  chung: ['cư', 'thẩm'],
  thu: ['hồi', 'nhập', 'phí', 'thuế'],
  đại: ['học', 'diện', 'lý', 'biểu', 'hội'],
  tư: ['pháp', 'vấn', 'nhân', 'liệu'],
  phú: ['quý'],
  đào: ['tạo'],
  trang: ['bổ', 'web', 'thông', 'chủ', 'phục', 'trại', 'bị', 'thiết', 'trọng'],
  tín: ['ngưỡng', 'dụng', 'chỉ', 'hiệu', 'nhiệm'],
  cảnh: ['sát', 'báo', 'quan', 'vệ'],
  ngân: ['hàng', 'sách', 'quỹ', 'khố'],
  chi: ['cục', 'nhánh', 'hội', 'bộ', 'phí', 'tiết', 'trả', 'trả'],
  phương: ['án', 'thức', 'tiện', 'pháp', 'hướng'],
  minh: ['bạch', 'chứng', 'họa', 'hoạ'],
  lâm: ['nghiệp', 'sản', 'thời'],
  kiên: ['cố', 'quyết'],
  vinh: ['danh', 'dự'],
  trường: ['học', 'hợp', 'mầm', 'tiểu', 'thpt', 'thcs', 'đại', 'cao', 'trung', 'dạy', 'chuyên'],
  quý: ['khách', 'vị', 'i', 'ii', 'iii', 'iv'],
  sơn: ['tường', 'màu'],
  hải: ['quan', 'sản', 'đảo'],
  long: ['trọng'],
};

/** Words before a lone capitalised word that make it a place, a direction or a body, not a person. */
export const PLACE_CUES = [
  'miền', 'phía', 'hướng', 'vùng', 'tỉnh', 'thành phố', 'tp', 'huyện', 'quận', 'xã', 'phường', 'thị trấn', 'thị xã', 'thôn',
  'xóm', 'ấp', 'bản', 'làng', 'đường', 'phố', 'ngõ', 'cầu', 'chợ', 'sông', 'hồ', 'núi', 'đình', 'chùa', 'đền', 'khu',
  'trường', 'bệnh viện', 'bến', 'ga', 'cảng', 'đảo', 'biển', 'rạch', 'kênh', 'bãi', 'đồi', 'đèo', 'Việt',
  // days and feasts: "thứ Bảy", "tháng Giêng", "Tết Đoan Ngọ"
  'thứ', 'tháng', 'mùng', 'tết', 'lễ', 'hội',
  // languages: "tiếng Việt"
  'tiếng',
];

/** Landmarks a citizen describes a house by ("gần chợ Gạo", "đối diện UBND xã"): with a house detail they locate it. */
export const LANDMARKS = [
  'chợ', 'trường', 'ủy ban', 'uỷ ban', 'ubnd', 'nhà văn hóa', 'nhà văn hoá', 'đình', 'chùa', 'đền', 'nhà thờ', 'cầu',
  'trạm y tế', 'bưu điện', 'cây xăng', 'công an', 'ngã ba', 'ngã tư', 'bến xe', 'ga', 'công ty', 'nhà máy', 'xí nghiệp',
  'siêu thị', 'quán', 'hiệu thuốc', 'nhà thuốc', 'cổng làng', 'cống', 'mương', 'đê', 'bệnh viện', 'sân bóng', 'sân vận động',
  'trụ sở', 'hợp tác xã', 'kho', 'tháp nước', 'cột điện', 'trạm biến áp', 'nghĩa trang', 'ao', 'giếng',
];

import type { MaterialInput } from './content.repo.ts';

/**
 * Demo library items (sample content, marked as such on the site), at least one of every kind and for every
 * audience: radio scripts in full, videos as links to their source, infographics as hand-made SVGs under
 * public/img/thong-tin/, posters and leaflets as the site's own printable PDFs of a guide.
 */
export const SAMPLE_MATERIALS: MaterialInput[] = [
  {
    kind: 'radio_script',
    title: 'Kịch bản phát thanh: Làm giấy khai sinh cho con ngay trên điện thoại',
    description: 'Bài phát thanh khoảng 2 phút cho loa truyền thanh xã/phường. Có thể đọc nguyên văn hoặc sửa tên xã cho phù hợp.',
    topic: 'dvc-loi-ich',
    audiences: ['cong-dan', 'phu-huynh'],
    channels: ['loa-truyen-thanh'],
    usageRights: 'Dùng tự do cho mục đích tuyên truyền, không cần xin phép; ghi nguồn Trung tâm Phục vụ hành chính công tỉnh.',
    externalUrl: null,
    scriptText:
      'Kính thưa bà con! Từ nay, khi gia đình có em bé mới sinh, bà con không cần mang nhiều giấy tờ lên xã nữa.\n\n' +
      'Bà con chỉ cần điện thoại có cài ứng dụng VNeID đã kích hoạt mức 2, mở mục Thủ tục hành chính, chọn Đăng ký khai sinh, điền thông tin và chụp Giấy chứng sinh của bệnh viện.\n\n' +
      'Đăng ký khai sinh đúng hạn là hoàn toàn miễn lệ phí. Hạn đăng ký là 60 ngày kể từ ngày sinh của cháu.\n\n' +
      'Nếu chưa biết cách làm, bà con đến bộ phận một cửa của xã/phường để được cán bộ hoặc thanh niên tình nguyện hướng dẫn, hoặc gọi Tổng đài 1022.',
  },
  {
    kind: 'radio_script',
    title: 'Kịch bản phát thanh: Cảnh giác với cuộc gọi giả danh công an, cơ quan nhà nước',
    description: 'Bài phát thanh ngắn nhắc người dân không cung cấp mã OTP, mật khẩu VNeID qua điện thoại.',
    topic: 'an-toan-thong-tin',
    audiences: ['cong-dan', 'nguoi-cao-tuoi'],
    channels: ['loa-truyen-thanh', 'zalo'],
    usageRights: 'Dùng tự do cho mục đích tuyên truyền.',
    externalUrl: null,
    scriptText:
      'Kính thưa bà con! Gần đây có nhiều đối tượng gọi điện giả danh công an, cán bộ xã để đề nghị bà con đọc mã OTP hoặc cài ứng dụng lạ.\n\n' +
      'Cơ quan nhà nước không bao giờ yêu cầu bà con đọc mã OTP hay mật khẩu qua điện thoại. Khi nghi ngờ, bà con hãy cúp máy và báo cho công an xã.',
  },
  {
    kind: 'video',
    title: 'Video hướng dẫn: Nộp hồ sơ trên Cổng Dịch vụ công quốc gia',
    description: 'Video hướng dẫn từng bước trên Cổng Dịch vụ công quốc gia (liên kết ngoài).',
    topic: 'dvc-loi-ich',
    audiences: ['cong-dan', 'doanh-nghiep'],
    channels: ['web', 'mang-xa-hoi'],
    usageRights: 'Liên kết tới nguồn gốc; chia sẻ liên kết, không tải lại video.',
    externalUrl: 'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html',
    scriptText: null,
  },
  {
    kind: 'radio_script',
    title: 'Kịch bản phát thanh: Đổi giấy phép lái xe ngay trên ứng dụng VNeID',
    description: 'Bài đọc khoảng 90 giây cho loa truyền thanh và đài phát thanh xã, nhắc bà con giấy phép lái xe bằng giấy bìa cần đổi sang thẻ PET.',
    topic: 'dvc-loi-ich',
    audiences: ['nguoi-lao-dong', 'cong-dan'],
    channels: ['loa-truyen-thanh', 'truyen-hinh'],
    usageRights: 'Dùng tự do cho mục đích tuyên truyền, không cần xin phép; ghi nguồn Trung tâm Phục vụ hành chính công tỉnh.',
    externalUrl: null,
    scriptText:
      'Kính thưa bà con! Bà con nào đang dùng giấy phép lái xe bằng giấy bìa, hoặc giấy phép sắp hết hạn, nay có thể đổi ngay trên điện thoại mà không phải xếp hàng.\n\n' +
      'Bà con mở ứng dụng VNeID, đăng nhập tài khoản định danh mức 2, chọn Thủ tục hành chính, chọn Cấp đổi giấy phép lái xe. Thông tin giấy khám sức khỏe do bệnh viện gửi lên sẽ tự hiện ra; nếu chưa có, bà con đi khám tại cơ sở y tế đủ điều kiện trước.\n\n' +
      'Lệ phí nộp trực tuyến qua ngân hàng hoặc ví điện tử. Giấy phép mới được gửi qua bưu điện về tận nhà.\n\n' +
      'Người lớn tuổi chưa quen điện thoại có thể nhờ Tổ công nghệ số cộng đồng ở thôn, tổ dân phố làm giúp, hoặc gọi Tổng đài 1022 để được hướng dẫn.',
  },
  {
    kind: 'radio_script',
    title: 'Kịch bản phát thanh: Mở hộ kinh doanh không cần đi lại nhiều lần',
    description: 'Bài phát thanh cho hộ buôn bán nhỏ ở chợ, ven đường: đăng ký hộ kinh doanh trực tuyến, lệ phí, thời gian có kết quả.',
    topic: 'chinh-sach',
    audiences: ['doanh-nghiep'],
    channels: ['loa-truyen-thanh', 'zalo'],
    usageRights: 'Dùng tự do cho mục đích tuyên truyền; có thể sửa tên chợ, tên xã cho phù hợp.',
    externalUrl: null,
    scriptText:
      'Kính thưa các hộ kinh doanh! Để được vay vốn ưu đãi, xuất hóa đơn và yên tâm buôn bán lâu dài, hộ kinh doanh nên đăng ký với cơ quan nhà nước.\n\n' +
      'Việc đăng ký nay làm được trên Cổng Dịch vụ công quốc gia. Bà con chuẩn bị căn cước của chủ hộ, địa chỉ nơi kinh doanh và ngành nghề định làm. Sau 3 ngày làm việc, bà con nhận giấy chứng nhận đăng ký hộ kinh doanh.\n\n' +
      'Cán bộ bộ phận một cửa xã, phường sẵn sàng hướng dẫn bà con từng bước. Mọi thắc mắc xin gọi Tổng đài 1022.',
  },
  {
    kind: 'radio_script',
    title: 'Kịch bản phát thanh: Xin phiếu lý lịch tư pháp trước khi đi làm việc ở nước ngoài',
    description: 'Bài phát thanh cho gia đình có con em chuẩn bị đi xuất khẩu lao động: xin phiếu lý lịch tư pháp trên VNeID, nhận tại nhà.',
    topic: 'kinh-nghiem',
    audiences: ['nguoi-lao-dong', 'phu-huynh'],
    channels: ['loa-truyen-thanh'],
    usageRights: 'Dùng tự do cho mục đích tuyên truyền.',
    externalUrl: null,
    scriptText:
      'Kính thưa bà con! Nhiều gia đình trong xã có con em chuẩn bị đi làm việc ở nước ngoài. Hồ sơ đi lao động thường cần Phiếu lý lịch tư pháp.\n\n' +
      'Nay bà con không phải lên Sở Tư pháp: mở ứng dụng VNeID, chọn Dịch vụ khác, chọn Cấp phiếu lý lịch tư pháp, điền mục đích sử dụng và nộp lệ phí trực tuyến. Phiếu được gửi qua bưu điện về nhà.\n\n' +
      'Bà con lưu ý: không nhờ người lạ làm hộ và không chuyển tiền cho ai tự xưng có thể làm nhanh.',
  },
  {
    kind: 'video',
    title: 'Video: Kích hoạt tài khoản định danh điện tử mức 2',
    description: 'Video ngắn của cơ quan công an hướng dẫn kích hoạt tài khoản VNeID mức 2 sau khi làm căn cước (liên kết tới trang nguồn).',
    topic: 'dvc-loi-ich',
    audiences: ['nguoi-cao-tuoi', 'cong-dan'],
    channels: ['web', 'mang-xa-hoi', 'zalo'],
    usageRights: 'Liên kết tới nguồn gốc; chia sẻ liên kết, không tải lại video.',
    externalUrl: 'https://vneid.gov.vn/',
    scriptText: null,
  },
  {
    kind: 'video',
    title: 'Video: Cấp giấy phép lao động cho người nước ngoài làm việc tại tỉnh',
    description: 'Video dành cho doanh nghiệp có lao động nước ngoài: hồ sơ, thời hạn nộp trước khi người lao động bắt đầu làm việc, nộp trên Cổng Dịch vụ công quốc gia (liên kết tới trang nguồn).',
    topic: 'chinh-sach',
    audiences: ['nguoi-nuoc-ngoai', 'doanh-nghiep'],
    channels: ['web', 'hoi-nghi'],
    usageRights: 'Liên kết tới nguồn gốc; chia sẻ liên kết, không tải lại video.',
    externalUrl: 'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html',
    scriptText: null,
  },
  {
    kind: 'infographic',
    title: 'Infographic: 5 bước làm thủ tục trực tuyến',
    description:
      'Một trang hình cho bảng tin thôn, nhóm Zalo và trang mạng xã hội của xã: (1) đăng nhập bằng VNeID mức 2, (2) tìm đúng tên thủ tục, (3) điền tờ khai, (4) chụp và tải giấy tờ lên, (5) nộp, ghi lại mã hồ sơ để tra cứu.',
    topic: 'dvc-loi-ich',
    audiences: ['cong-dan', 'nguoi-cao-tuoi'],
    channels: ['mang-xa-hoi', 'zalo', 'niem-yet'],
    usageRights: 'Dùng tự do cho mục đích tuyên truyền; in khổ A4 hoặc A3 để niêm yết.',
    externalUrl: '/static/img/thong-tin/5-buoc-truc-tuyen.svg',
    scriptText: null,
  },
  {
    kind: 'infographic',
    title: 'Infographic: Nhận biết cuộc gọi giả danh cơ quan nhà nước',
    description:
      'Ba dấu hiệu lừa đảo thường gặp (đòi mã OTP, yêu cầu cài ứng dụng lạ, dọa "khóa tài khoản định danh") và việc cần làm: cúp máy, không chuyển tiền, báo công an xã.',
    topic: 'an-toan-thong-tin',
    audiences: ['nguoi-cao-tuoi', 'cong-dan', 'phu-huynh'],
    channels: ['mang-xa-hoi', 'zalo', 'niem-yet'],
    usageRights: 'Dùng tự do cho mục đích tuyên truyền.',
    externalUrl: '/static/img/thong-tin/canh-giac-lua-dao.svg',
    scriptText: null,
  },
  {
    kind: 'poster',
    title: 'Áp phích A4: Đăng ký khai sinh trực tuyến, miễn lệ phí',
    description: 'Áp phích niêm yết tại trạm y tế xã và khoa sản bệnh viện, có mã QR mở hướng dẫn đăng ký khai sinh trên điện thoại.',
    topic: 'dvc-loi-ich',
    audiences: ['phu-huynh'],
    channels: ['niem-yet'],
    usageRights: 'In và niêm yết tự do; không sửa nội dung khi chưa hỏi Trung tâm Phục vụ hành chính công tỉnh.',
    externalUrl: '/huong-dan/khai-sinh/poster-a4.pdf',
    scriptText: null,
  },
  {
    kind: 'poster',
    title: 'Áp phích A4: Đăng ký kết hôn',
    description: 'Áp phích cho bảng tin nhà văn hóa thôn: giấy tờ cần mang, hai bên cùng có mặt khi nhận Giấy chứng nhận kết hôn, mã QR tới hướng dẫn đầy đủ.',
    topic: 'dvc-loi-ich',
    audiences: ['cong-dan'],
    channels: ['niem-yet', 'hoi-nghi'],
    usageRights: 'In và niêm yết tự do.',
    externalUrl: '/huong-dan/ket-hon/poster-a4.pdf',
    scriptText: null,
  },
  {
    kind: 'leaflet',
    title: 'Tờ rơi A5: Làm hộ chiếu phổ thông',
    description: 'Tờ rơi phát tại bộ phận một cửa và các buổi tư vấn xuất khẩu lao động: làm hộ chiếu trực tuyến, lệ phí, nhận hộ chiếu qua bưu điện.',
    topic: 'dvc-loi-ich',
    audiences: ['cong-dan', 'nguoi-lao-dong'],
    channels: ['hoi-nghi', 'bao-in'],
    usageRights: 'In và phát tự do.',
    externalUrl: '/huong-dan/ho-chieu/to-roi-a5.pdf',
    scriptText: null,
  },
  {
    kind: 'leaflet',
    title: 'Tờ rơi A5: Thành lập hộ kinh doanh',
    description: 'Tờ rơi cho các hộ buôn bán ở chợ và cụm công nghiệp: hồ sơ, nơi nộp, thời gian có giấy chứng nhận, mã QR tới hướng dẫn.',
    topic: 'chinh-sach',
    audiences: ['doanh-nghiep'],
    channels: ['hoi-nghi', 'niem-yet'],
    usageRights: 'In và phát tự do.',
    externalUrl: '/huong-dan/ho-kinh-doanh/to-roi-a5.pdf',
    scriptText: null,
  },
];

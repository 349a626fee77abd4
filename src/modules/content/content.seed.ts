import type { MaterialInput } from './content.repo.ts';

/** Demo library items (sample content, marked as such on the site): scripts in full, videos as links. */
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
];

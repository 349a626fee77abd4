/** Where the identity module answers; the development provider's client registration uses the same paths. */
export const DEV_OIDC_PATH = '/dev-oidc';
export const SIGN_IN_PATH = '/dang-nhap/cong-dan';
export const START_PATH = '/dang-nhap/cong-dan/bat-dau';
export const CALLBACK_PATH = '/dang-nhap/cong-dan/xong';
export const LEVEL_FAILED_PATH = '/dang-nhap/cong-dan/chua-du-muc-2';
export const BACKCHANNEL_LOGOUT_PATH = '/dang-nhap/cong-dan/backchannel-logout';
export const SIGN_OUT_PATH = '/dang-xuat/cong-dan';
export const POST_LOGOUT_PATH = '/dang-xuat/cong-dan/xong';
export const ACCOUNT_PATH = '/tai-khoan';
export const EXPORT_PATH = '/tai-khoan/du-lieu.json';

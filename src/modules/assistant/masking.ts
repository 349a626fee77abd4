/**
 * The assistant stores citizens' questions masked with the platform's masker (IDs, phones, e-mails, plates,
 * bank/tax/insurance numbers, dates of birth, addresses, names), always on the original text before any
 * lower-casing: a lower-cased "nguyễn văn an" is harder to recognise than "Nguyễn Văn An".
 */
export { maskPersonalData } from '../../platform/privacy/masking.ts';

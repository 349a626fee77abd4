import { readFileSync } from 'node:fs';
import type { Locale } from '../i18n/i18n.ts';

/**
 * Who runs the site: the province's identity shown in the header and footer (NĐ 42/2022/NĐ-CP asks state-agency
 * sites to name the agency in charge, its contacts and who answers for the content). It lives in a JSON file
 * (PROVINCE_FILE, default content/province.json) so another province changes data, not code.
 */
type Text = Record<Locale, string>;
export interface ProvinceIdentity {
  province: Text;
  siteName: Text;
  authority: Text;
  centre: Text;
  address: Text;
  hotline: string;
  /** Digits dialled from a mobile phone (1022 needs the area code there). */
  hotlineTel: string;
  email: string;
  /** Public path of the emblem image (served from public/). */
  emblem: string;
  responsible: Text;
  licence: Text;
  /**
   * Who signs the Centre's letters (the chasing letter, NĐ 30/2020 signature block): the signer's position
   * ("GIÁM ĐỐC"), optionally the delegation line above it ("KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC") and the name.
   * Without a name the Centre's head (its agency_head staff account) signs.
   */
  signer?: { position: Text; onBehalf?: Text; name?: string };
}

/** The identity in one language, ready for views and for {placeholders} in locale files. */
export interface SiteInfo {
  province: string;
  siteName: string;
  authority: string;
  centre: string;
  address: string;
  hotline: string;
  hotlineTel: string;
  email: string;
  emblem: string;
  responsible: string;
  licence: string;
}

const TEXT_FIELDS = ['province', 'siteName', 'authority', 'centre', 'address', 'responsible', 'licence'] as const;

/** Read and check the identity file; every problem is reported with the file's name (boot fails on any). */
export function readIdentity(file: string, problems: string[]): ProvinceIdentity {
  let raw: Record<string, unknown> = {};
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    problems.push(`PROVINCE_FILE ${file} cannot be read as JSON (${(err as Error).message})`);
    return raw as unknown as ProvinceIdentity;
  }
  for (const f of TEXT_FIELDS) {
    const v = raw[f] as Partial<Text> | undefined;
    if (!v || typeof v.vi !== 'string' || !v.vi.trim()) problems.push(`PROVINCE_FILE ${file}: "${f}.vi" is required`);
    else if (typeof v.en !== 'string' || !v.en.trim()) v.en = v.vi;
  }
  if (typeof raw.hotline !== 'string' || !/^[0-9 .]{3,20}$/.test(raw.hotline)) problems.push(`PROVINCE_FILE ${file}: "hotline" must be a phone number`);
  if (typeof raw.hotlineTel !== 'string' || !/^\+?[0-9]{3,15}$/.test(raw.hotlineTel)) problems.push(`PROVINCE_FILE ${file}: "hotlineTel" must be digits only`);
  if (typeof raw.email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.email)) problems.push(`PROVINCE_FILE ${file}: "email" must be an e-mail address`);
  if (typeof raw.emblem !== 'string' || !raw.emblem.startsWith('/')) problems.push(`PROVINCE_FILE ${file}: "emblem" must be a path starting with /`);
  if (raw.signer !== undefined) {
    const sg = raw.signer as { position?: Partial<Text>; onBehalf?: Partial<Text>; name?: unknown };
    if (!sg || typeof sg.position?.vi !== 'string' || !sg.position.vi.trim()) problems.push(`PROVINCE_FILE ${file}: "signer.position.vi" is required when "signer" is given`);
    if (sg?.onBehalf !== undefined && (typeof sg.onBehalf.vi !== 'string' || !sg.onBehalf.vi.trim())) problems.push(`PROVINCE_FILE ${file}: "signer.onBehalf.vi" must be a text`);
    if (sg?.name !== undefined && (typeof sg.name !== 'string' || sg.name.length > 120)) problems.push(`PROVINCE_FILE ${file}: "signer.name" must be a text of at most 120 characters`);
  }
  return raw as unknown as ProvinceIdentity;
}

export function localiseIdentity(id: ProvinceIdentity, locale: Locale): SiteInfo {
  const text = (v: Text) => v[locale] || v.vi;
  return {
    province: text(id.province),
    siteName: text(id.siteName),
    authority: text(id.authority),
    centre: text(id.centre),
    address: text(id.address),
    hotline: id.hotline,
    hotlineTel: id.hotlineTel,
    email: id.email,
    emblem: id.emblem,
    responsible: text(id.responsible),
    licence: text(id.licence),
  };
}

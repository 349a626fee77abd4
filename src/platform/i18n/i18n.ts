import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localiseIdentity, readIdentity, type ProvinceIdentity, type SiteInfo } from '../config/identity.ts';

/**
 * All UI text lives in locale files: src/platform/locales/{vi,en}.json plus each module's locales/ folder.
 * Keys are dotted ("errors.notFound"); values may contain {name} placeholders. Vietnamese is the default;
 * a key missing in English falls back to Vietnamese, a key missing everywhere shows the key (tests catch it).
 */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

type Messages = Record<string, string>;
const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function flatten(obj: Record<string, unknown>, prefix = '', out: Messages = {}): Messages {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') flatten(v as Record<string, unknown>, key, out);
    else out[key] = String(v);
  }
  return out;
}

function loadLocale(locale: Locale): Messages {
  const files = [join(srcDir, 'platform', 'locales', `${locale}.json`)];
  const modulesDir = join(srcDir, 'modules');
  if (existsSync(modulesDir)) {
    for (const m of readdirSync(modulesDir).sort()) {
      const f = join(modulesDir, m, 'locales', `${locale}.json`);
      if (existsSync(f)) files.push(f);
    }
  }
  const messages: Messages = {};
  for (const f of files) Object.assign(messages, flatten(JSON.parse(readFileSync(f, 'utf8'))));
  return messages;
}

const catalogs: Record<Locale, Messages> = { vi: loadLocale('vi'), en: loadLocale('en') };

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function hasMessage(key: string, locale: Locale = 'vi'): boolean {
  return key in catalogs[locale];
}

export function messageKeys(locale: Locale): string[] {
  return Object.keys(catalogs[locale]);
}

/**
 * The province's identity fills {province}, {siteName}, {authority}, {centre}, {hotline}, {email}… in any
 * message, so locale files never hard-code one province. The repo's content/province.json until the app
 * boots with its configured PROVINCE_FILE (setSiteIdentity).
 */
let site: Record<Locale, SiteInfo> = identityByLocale(readIdentity(join(srcDir, '..', 'content', 'province.json'), []));

function identityByLocale(id: ProvinceIdentity): Record<Locale, SiteInfo> {
  return { vi: localiseIdentity(id, 'vi'), en: localiseIdentity(id, 'en') };
}

export function setSiteIdentity(id: ProvinceIdentity): void {
  site = identityByLocale(id);
}

export function siteInfo(locale: Locale): SiteInfo {
  return site[locale];
}

export function translator(locale: Locale): Translate {
  return (key, params) => {
    const template = catalogs[locale][key] ?? catalogs.vi[key] ?? key;
    if (!template.includes('{')) return template;
    const info = site[locale] as unknown as Record<string, string>;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : name in info ? String(info[name]) : m));
  };
}

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x);
}

// --- Formats: dd/MM/yyyy, vi-VN numbers, Asia/Ho_Chi_Minh, whatever the server's own time zone ---

const dateFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });
const numberFmt = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

function toDate(value: Date | string): Date {
  // A bare YYYY-MM-DD is a calendar date, not an instant: format it as written.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T12:00:00+07:00`);
  return value instanceof Date ? value : new Date(value);
}

/** dd/MM/yyyy in Asia/Ho_Chi_Minh. */
export function formatDate(value: Date | string | null | undefined): string {
  if (value == null) return '';
  return dateFmt.format(toDate(value));
}

/** dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (value == null) return '';
  const d = toDate(value);
  return `${dateFmt.format(d)} ${timeFmt.format(d)}`;
}

/** 1.234,5 */
export function formatNumber(value: number | null | undefined, fractionDigits?: number): string {
  if (value == null || Number.isNaN(value)) return '';
  if (fractionDigits === undefined) return numberFmt.format(value);
  return new Intl.NumberFormat('vi-VN', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
}

/** Today's calendar date (YYYY-MM-DD) in Vietnam. */
export function todayInVietnam(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return parts;
}

/** Parse dd/MM/yyyy (or YYYY-MM-DD) typed by a person into YYYY-MM-DD; undefined when invalid. */
export function parseDateInput(input: string): string | undefined {
  const s = input.trim();
  let y: number, m: number, d: number;
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (vn) [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

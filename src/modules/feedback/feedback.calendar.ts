/**
 * Working-day calendar. Vietnamese lunar dates use Hồ Ngọc Đức's algorithm (astronomical new moons and solar
 * terms, time zone UTC+7), the method behind the published Vietnamese lunar calendars. Public holidays follow
 * Labour Code 2019 art. 112: 1/1; Tết (last day of the lunar year + lunar 1–4/1); Giỗ Tổ Hùng Vương 10/3 lunar;
 * 30/4; 1/5; 2/9 + one adjacent day (1/9 here). A holiday on a weekend gives a compensatory day off on the
 * next working day. The government's yearly make-up arrangements differ; admins edit them in the calendar.
 */

const INT = Math.floor;
const PI = Math.PI;

function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  let jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
  if (jd < 2299161) jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - 32083;
  return jd;
}

function jdToDate(jd: number): [number, number, number] {
  let b: number, c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = INT((4 * a + 3) / 146097);
    c = a - INT((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  const day = e - INT((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * INT(m / 10);
  const year = b * 100 + d - 4800 + INT(m / 10);
  return [day, month, year];
}

function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltat = T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltat;
}

function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - PI * 2 * INT(L / (PI * 2));
  return L;
}

const TZ = 7;
const sunLongitudeSector = (dayNumber: number) => INT((sunLongitude(dayNumber - 0.5 - TZ / 24) / PI) * 6);
const newMoonDay = (k: number) => INT(newMoon(k) + 0.5 + TZ / 24);

function lunarMonth11(yy: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = newMoonDay(k);
  if (sunLongitudeSector(nm) >= 9) nm = newMoonDay(k - 1);
  return nm;
}

function leapMonthOffset(a11: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last = 0;
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i));
  do {
    last = arc;
    i++;
    arc = sunLongitudeSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Solar date (YYYY-MM-DD) of a (non-leap) lunar date in Vietnam's time zone. */
export function lunarToSolar(lunarDay: number, lunarMonth: number, lunarYear: number): string {
  let a11: number, b11: number;
  if (lunarMonth < 11) {
    a11 = lunarMonth11(lunarYear - 1);
    b11 = lunarMonth11(lunarYear);
  } else {
    a11 = lunarMonth11(lunarYear);
    b11 = lunarMonth11(lunarYear + 1);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11);
    if (off >= leapOff) off += 1;
  }
  const start = newMoonDay(k + off);
  const [d, m, y] = jdToDate(start + lunarDay - 1);
  return iso(y, m, d);
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const isWeekend = (day: string) => {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w === 0 || w === 6;
};

export interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

/** Public holidays of a solar year, with compensatory days for holidays falling on a weekend. */
export function holidaysOfYear(year: number): CalendarDay[] {
  const tet = lunarToSolar(1, 1, year);
  const days: CalendarDay[] = [
    { day: iso(year, 1, 1), kind: 'holiday', name: 'Tết Dương lịch' },
    { day: addDays(tet, -1), kind: 'holiday', name: 'Tết Nguyên đán (30 Tết)' },
    { day: tet, kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
    { day: addDays(tet, 1), kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
    { day: addDays(tet, 2), kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
    { day: addDays(tet, 3), kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
    { day: lunarToSolar(10, 3, year), kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { day: iso(year, 4, 30), kind: 'holiday', name: 'Ngày Giải phóng miền Nam' },
    { day: iso(year, 5, 1), kind: 'holiday', name: 'Ngày Quốc tế Lao động' },
    { day: iso(year, 9, 1), kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
    { day: iso(year, 9, 2), kind: 'holiday', name: 'Quốc khánh' },
  ];
  const taken = new Set(days.map((d) => d.day));
  const extra: CalendarDay[] = [];
  for (const h of days) {
    if (!isWeekend(h.day)) continue;
    let c = addDays(h.day, 1);
    while (isWeekend(c) || taken.has(c)) c = addDays(c, 1);
    taken.add(c);
    extra.push({ day: c, kind: 'holiday', name: `Nghỉ bù: ${h.name}` });
  }
  return [...days, ...extra].sort((a, b) => a.day.localeCompare(b.day));
}

export interface WorkCalendar {
  holidays: Set<string>;
  workdays: Set<string>;
}

export function calendarFrom(rows: Array<{ day: string; kind: string }>): WorkCalendar {
  const cal: WorkCalendar = { holidays: new Set(), workdays: new Set() };
  for (const r of rows) (r.kind === 'workday' ? cal.workdays : cal.holidays).add(r.day);
  return cal;
}

export function isWorkingDay(cal: WorkCalendar, day: string): boolean {
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  return !isWeekend(day);
}

/**
 * The deadline n working days after `start` (the day of receipt does not count, as in administrative
 * practice: a time limit runs from the next working day).
 */
export function addWorkingDays(cal: WorkCalendar, start: string, n: number): string {
  let d = start;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

/** Working days strictly after `from` up to and including `to` (0 when to <= from). */
export function workingDaysBetween(cal: WorkCalendar, from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return n;
}

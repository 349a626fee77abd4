import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { addWorkingDays, calendarFrom, holidaysOfYear, isWorkingDay, lunarToSolar, workingDaysBetween } from './feedback.calendar.ts';

const shipped = JSON.parse(readFileSync(new URL('./data/holidays.json', import.meta.url), 'utf8')) as Array<{ day: string; kind: string; name: string }>;
const cal = calendarFrom(shipped);

describe('lunar calendar', () => {
  it('puts Tết on the published dates', () => {
    expect(lunarToSolar(1, 1, 2024)).toBe('2024-02-10');
    expect(lunarToSolar(1, 1, 2025)).toBe('2025-01-29');
    expect(lunarToSolar(1, 1, 2026)).toBe('2026-02-17');
    expect(lunarToSolar(1, 1, 2027)).toBe('2027-02-06');
    // The new moon of 02/02/2030 falls at 23:07 in UTC+7 but after midnight in UTC+8: Vietnam's Tết is a day
    // before China's that year, which is why the time zone matters.
    expect(lunarToSolar(1, 1, 2030)).toBe('2030-02-02');
  });
  it('puts Giỗ Tổ Hùng Vương (10/3 lunar) on the published dates', () => {
    expect(lunarToSolar(10, 3, 2024)).toBe('2024-04-18');
    expect(lunarToSolar(10, 3, 2025)).toBe('2025-04-07');
    expect(lunarToSolar(10, 3, 2026)).toBe('2026-04-26');
  });
  it('ships 2024–2030 holidays including Tết and Giỗ Tổ', () => {
    const days = new Set(shipped.map((d) => d.day));
    for (const y of [2024, 2025, 2026, 2027, 2028, 2029, 2030]) {
      expect(days.has(`${y}-01-01`)).toBe(true);
      expect(days.has(lunarToSolar(1, 1, y))).toBe(true);
      expect(days.has(lunarToSolar(10, 3, y))).toBe(true);
      expect(days.has(`${y}-09-02`)).toBe(true);
    }
    // The file is what the generator produces (plus the recorded official 2025 arrangement).
    expect(shipped.filter((d) => d.day.startsWith('2026')).map((d) => d.day)).toEqual(holidaysOfYear(2026).map((d) => d.day));
  });
  it('gives a compensatory day when a holiday falls on a weekend', () => {
    // 30/04/2028 is a Sunday → Tuesday 02/05/2028 (01/05 is itself a holiday).
    const y2028 = holidaysOfYear(2028).map((d) => d.day);
    expect(y2028).toContain('2028-05-02');
  });
});

describe('working days', () => {
  it('skips weekends', () => {
    // Friday 07/03/2025 + 1 working day = Monday 10/03/2025
    expect(addWorkingDays(cal, '2025-03-07', 1)).toBe('2025-03-10');
    expect(isWorkingDay(cal, '2025-03-08')).toBe(false);
  });
  it('counts 15 working days across Tết 2025', () => {
    // Received Thursday 23/01/2025. Off: 25–26 (weekend), 27/01–31/01 (Tết), 01–02/02 (weekend).
    // Working days: 24/01 (1), then 03/02.. → 24/01 + 14 more from 03/02 = 20/02/2025.
    expect(addWorkingDays(cal, '2025-01-23', 15)).toBe('2025-02-20');
    expect(workingDaysBetween(cal, '2025-01-23', '2025-02-20')).toBe(15);
  });
  it('counts across Tết 2026 (16–20/02/2026 off)', () => {
    expect(isWorkingDay(cal, '2026-02-16')).toBe(false);
    expect(isWorkingDay(cal, '2026-02-20')).toBe(false);
    // Friday 13/02/2026 + 1 = Monday 23/02/2026
    expect(addWorkingDays(cal, '2026-02-13', 1)).toBe('2026-02-23');
  });
  it('honours make-up working days', () => {
    const withMakeUp = calendarFrom([...shipped, { day: '2025-02-15', kind: 'workday' }]);
    expect(isWorkingDay(withMakeUp, '2025-02-15')).toBe(true);
    expect(addWorkingDays(withMakeUp, '2025-02-14', 1)).toBe('2025-02-15');
  });
  it('counts Giỗ Tổ as a day off', () => {
    expect(isWorkingDay(cal, '2025-04-07')).toBe(false);
    expect(addWorkingDays(cal, '2025-04-04', 1)).toBe('2025-04-08');
  });
});

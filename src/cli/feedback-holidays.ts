// Regenerates src/modules/feedback/data/holidays.json (public holidays 2024–2030) from the lunar algorithm in
// feedback.calendar.ts, then applies official arrangements known when the file was written.
// Run: node --import tsx src/cli/feedback-holidays.ts
import { writeFileSync } from 'node:fs';
import { holidaysOfYear, type CalendarDay } from '../modules/feedback/feedback.calendar.ts';

// Official arrangement for Tết Ất Tỵ 2025 (Thông báo of the Ministry of Home Affairs): off 25/01–02/02/2025;
// mùng 4 falls on Saturday 01/02, compensated on Monday 27/01 (not 03/02).
const OVERRIDES: { remove: string[]; add: CalendarDay[] } = {
  remove: ['2025-02-03'],
  add: [{ day: '2025-01-27', kind: 'holiday', name: 'Nghỉ bù Tết Nguyên đán (thay ngày 01/02)' }],
};

const days: CalendarDay[] = [];
for (let y = 2024; y <= 2030; y++) days.push(...holidaysOfYear(y));
const out = days.filter((d) => !OVERRIDES.remove.includes(d.day)).concat(OVERRIDES.add).sort((a, b) => a.day.localeCompare(b.day));
writeFileSync(new URL('../modules/feedback/data/holidays.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`${out.length} days written`);

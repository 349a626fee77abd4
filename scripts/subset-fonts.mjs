#!/usr/bin/env node
// Regenerates public/fonts/*.woff2: Be Vietnam Pro 400 cut down to the characters a Vietnamese public-service
// site uses (ASCII, common punctuation, every Vietnamese letter, ₫). Keeps pages under the 50 KB budget.
// Headings use the same face with synthesized bold instead of a second 27 KB download.
import subsetFont from 'subset-font';
import { readFileSync, writeFileSync } from 'node:fs';

const base = 'node_modules/@fontsource/be-vietnam-pro/files/';
let chars = '';
for (let c = 0x20; c < 0x7f; c++) chars += String.fromCharCode(c);
chars += '–—‘’“”…•·°×₫€©«»§';
const vn = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz';
chars += vn + vn.toUpperCase();
for (const sub of ['latin', 'vietnamese']) {
  const src = readFileSync(`${base}be-vietnam-pro-${sub}-400-normal.woff2`);
  const out = await subsetFont(src, chars, { targetFormat: 'woff2' });
  writeFileSync(`public/fonts/be-vietnam-pro-${sub}-400.woff2`, out);
  console.log(`${sub}: ${src.length} → ${out.length} bytes`);
}

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadPdfKit } from '../../platform/documents/lazy.ts';
import QRCode from 'qrcode';
import type { GuideDoc } from './content.types.ts';
import { markdownToText } from './markdown.ts';
import type { Translate } from '../../platform/i18n/i18n.ts';

/**
 * pdfkit needs TrueType/OpenType fonts (the site ships only woff2). DejaVu Sans covers Vietnamese. It comes
 * with the app as the `dejavu-fonts-ttf` package, so PDFs work on a fresh machine; system copies are a fallback.
 */
function bundledFontDir(): string[] {
  try {
    return [join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')];
  } catch {
    return [];
  }
}
const FONT_DIRS = [...bundledFontDir(), '/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];
function fontPaths(): { regular: string; bold: string } {
  for (const dir of FONT_DIRS) {
    const regular = `${dir}/DejaVuSans.ttf`;
    const bold = `${dir}/DejaVuSans-Bold.ttf`;
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  throw new Error('No Vietnamese-capable TTF font found: reinstall dependencies (npm ci) or install fonts-dejavu-core');
}

export type PrintFormat = 'poster-a4' | 'leaflet-a5';

/** Draw the QR code as vector squares (sharp at any print size). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
  doc.fill().restore();
}

/** A4 poster or A5 leaflet for one guide, with a QR code linking back to the guide (with its channel tag). */
export async function guidePdf(g: { slug: string; doc: GuideDoc; isSample: boolean }, qrUrl: string, format: PrintFormat, t: Translate): Promise<Buffer> {
  const fonts = fontPaths();
  const a4 = format === 'poster-a4';
  const margin = a4 ? 42 : 30;
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: a4 ? 'A4' : 'A5', margin, info: { Title: g.doc.title, Author: t('site.name'), Subject: g.doc.summary } });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - margin * 2;
  const qrSize = a4 ? 150 : 110;
  const body = a4 ? 11.5 : 9;
  const brand = '#9b1c1c';

  doc.font('bold').fontSize(a4 ? 11 : 8).fillColor(brand).text(t('site.province').toUpperCase(), { width });
  doc.moveDown(0.3);
  doc.font('bold').fontSize(a4 ? 26 : 17).fillColor('#0b0c0c').text(g.doc.title, { width: width - qrSize - 12 });
  doc.moveDown(0.4);
  doc.font('regular').fontSize(a4 ? 13 : 10).text(markdownToText(g.doc.summary), { width: width - qrSize - 12 });
  // QR in the top-right corner.
  drawQr(doc, qrUrl, doc.page.width - margin - qrSize, margin + 18, qrSize);
  doc.font('regular').fontSize(a4 ? 8 : 6.5).fillColor('#505a5f').text(t('content.pdf.scan'), doc.page.width - margin - qrSize, margin + 22 + qrSize, { width: qrSize, align: 'center' });
  doc.fillColor('#0b0c0c');
  doc.x = margin;
  doc.y = Math.max(doc.y, margin + qrSize + 50);

  const heading = (s: string) => {
    doc.moveDown(0.6);
    doc.font('bold').fontSize(a4 ? 14 : 10.5).fillColor(brand).text(s, margin, doc.y, { width });
    doc.fillColor('#0b0c0c').font('regular').fontSize(body).moveDown(0.2);
  };
  heading(t('content.sections.prepare'));
  for (const p of g.doc.prepare) doc.text(`•  ${markdownToText(p)}`, { width, indent: 0, paragraphGap: 2 });
  heading(t('content.sections.steps'));
  g.doc.steps.forEach((s, i) => doc.text(`${i + 1}.  ${markdownToText(s.text)}`, { width, paragraphGap: 2 }));
  heading(t('content.sections.fees'));
  doc.text(markdownToText(g.doc.fees), { width });
  if (g.doc.onlineDiscount) doc.text(markdownToText(g.doc.onlineDiscount), { width });
  heading(t('content.sections.time'));
  doc.text(markdownToText(g.doc.processingTime), { width });
  heading(t('content.sections.help'));
  doc.text(markdownToText(g.doc.help), { width });
  doc.moveDown(0.8);
  doc.font('bold').fontSize(body).text(t('content.pdf.more', { url: qrUrl }), { width, link: qrUrl });
  if (g.isSample) {
    doc.moveDown(0.5);
    doc.font('bold').fontSize(body - 1).fillColor('#b35900').text(t('content.sampleNotice'), { width });
  }
  doc.end();
  return done;
}

/** Inline SVG of the QR code for the print view. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

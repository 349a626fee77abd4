import { escapeHtml } from '@kitajs/html';

/** Status colours (GOV.UK palette): met, near, behind, no data. Colour is never the only signal: labels say it too. */
export const STATUS_COLOURS: Record<string, string> = { met: '#00703c', near: '#f47738', behind: '#d4351c', noData: '#b1b4b6' };

export interface BarItem {
  label: string;
  value: number | null;
  target?: number | null;
  status?: string;
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toLocaleString('vi-VN');
const pct = (n: number) => `${n.toFixed(2)}%`;

/**
 * Charts are SVG without a viewBox on purpose: a viewBox scales the text with the chart, so on a 320 px phone
 * 12-unit labels rendered at about 4 px. Here text stays at a fixed pixel size (14 px bars, 12 px line chart)
 * and only horizontal positions are percentages, so the chart reflows to any width (WCAG 1.4.10) without
 * clipping. Every text is escaped here; the caller shows an accessible data table beside each chart.
 */
const LABEL_CHARS = 34; // ≈ 270 px of 14 px text: fits the 288 px content width of a 320 px screen
const LINE_H = 18;

/** Word-wrap a label into at most three lines of LABEL_CHARS (the full text is in the table beside it). */
export function wrapLabel(label: string, width = LABEL_CHARS, maxLines = 3): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || !line) line = next.length > width ? `${next.slice(0, width - 1)}…` : next;
    else {
      lines.push(line);
      line = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
    return kept;
  }
  return lines;
}

/** A horizontal bar chart: each label above its bar, the value after the bar, the target as a dashed mark. */
export function barChartSvg(title: string, items: BarItem[], opts: { max?: number; unit?: string } = {}): string {
  const max = opts.max ?? Math.max(100, ...items.map((i) => Math.max(i.value ?? 0, i.target ?? 0)));
  const span = 78; // bars use up to 78 % of the width; the value text follows the bar
  const id = `c${Math.abs(hash(title + items.length))}`;
  let y = 4;
  const rows = items
    .map((it) => {
      const lines = wrapLabel(it.label);
      const text = lines.map((l, i) => `<tspan x="0" dy="${i ? LINE_H : 0}">${escapeHtml(l)}</tspan>`).join('');
      const labelY = y + 14;
      const barY = y + lines.length * LINE_H + 2;
      const w = it.value == null ? 0 : Math.max(0.5, (Math.min(it.value, max) / max) * span);
      const colour = STATUS_COLOURS[it.status ?? ''] ?? '#1d70b8';
      const tx = it.target != null ? (Math.min(it.target, max) / max) * span : null;
      const valueText = it.value == null ? '–' : fmt(it.value) + (opts.unit ?? '');
      const row = `<text y="${labelY}" font-size="14" fill="#0b0c0c">${text}</text>
<rect x="0" y="${barY}" width="${pct(w)}" height="16" fill="${colour}"/>
<text x="${pct(w + 1.5)}" y="${barY + 13}" font-size="14" fill="#0b0c0c">${escapeHtml(valueText)}</text>
${tx != null ? `<line x1="${pct(tx)}" x2="${pct(tx)}" y1="${barY - 3}" y2="${barY + 19}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="3 2"/>` : ''}`;
      y = barY + 28;
      return row;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" width="100%" height="${y}" role="img" aria-labelledby="${id}"><title id="${id}">${escapeHtml(title)}</title>${rows}</svg>`;
}

/** A line chart of a series over periods, with an optional dashed target line. */
export function lineChartSvg(title: string, points: Array<{ label: string; value: number }>, target: number | null, opts: { unit?: string } = {}): string {
  const H = 220;
  const top = 24;
  const bottom = 36;
  const max = Math.max(100, target ?? 0, ...points.map((p) => p.value));
  // Horizontal positions in percent of the chart's width, so it reflows; vertical ones in pixels.
  const x = (i: number) => (points.length <= 1 ? 50 : 8 + (i * 84) / (points.length - 1));
  const y = (v: number) => H - bottom - (v / max) * (H - top - bottom);
  const id = `l${Math.abs(hash(title + points.length))}`;
  // On a narrow screen at most about six period labels fit: label every n-th point (values are in the table).
  const every = Math.max(1, Math.ceil(points.length / 6));
  const segments = points
    .slice(1)
    .map((p, i) => `<line x1="${pct(x(i))}" y1="${y(points[i]!.value).toFixed(1)}" x2="${pct(x(i + 1))}" y2="${y(p.value).toFixed(1)}" stroke="#1d70b8" stroke-width="2"/>`)
    .join('');
  const dots = points
    .map((p, i) => {
      const labelled = i % every === 0 || i === points.length - 1;
      return `<circle cx="${pct(x(i))}" cy="${y(p.value).toFixed(1)}" r="4" fill="#1d70b8"/>${
        labelled
          ? `<text x="${pct(x(i))}" y="${H - 12}" text-anchor="middle" font-size="12" fill="#0b0c0c">${escapeHtml(p.label)}</text><text x="${pct(x(i))}" y="${(y(p.value) - 8).toFixed(1)}" text-anchor="middle" font-size="12" fill="#0b0c0c">${escapeHtml(fmt(p.value) + (opts.unit ?? ''))}</text>`
          : ''
      }`;
    })
    .join('');
  const tl =
    target != null
      ? `<line x1="4%" x2="96%" y1="${y(target).toFixed(1)}" y2="${y(target).toFixed(1)}" stroke="#d4351c" stroke-dasharray="5 3"/><text x="96%" y="${(y(target) - 4).toFixed(1)}" text-anchor="end" font-size="12" fill="#b10e1e">${escapeHtml(`Mục tiêu ${fmt(target)}${opts.unit ?? ''}`)}</text>`
      : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" width="100%" height="${H}" role="img" aria-labelledby="${id}"><title id="${id}">${escapeHtml(title)}</title><line x1="4%" x2="96%" y1="${H - bottom}" y2="${H - bottom}" stroke="#505a5f"/>${tl}${segments}${dots}</svg>`;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

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

/**
 * A horizontal bar chart as an SVG string. Every text is escaped here; the caller shows an accessible data
 * table beside it (the SVG is aria-hidden-free but described by its title; screen readers use the table).
 */
export function barChartSvg(title: string, items: BarItem[], opts: { max?: number; unit?: string } = {}): string {
  const max = opts.max ?? Math.max(100, ...items.map((i) => Math.max(i.value ?? 0, i.target ?? 0)));
  const rowH = 26;
  const labelW = 260;
  const barW = 360;
  const h = items.length * rowH + 30;
  const id = `c${Math.abs(hash(title + items.length))}`;
  const rows = items
    .map((it, i) => {
      const y = 10 + i * rowH;
      const w = it.value == null ? 0 : Math.max(1, (Math.min(it.value, max) / max) * barW);
      const colour = STATUS_COLOURS[it.status ?? ''] ?? '#1d70b8';
      const label = it.label.length > 42 ? `${it.label.slice(0, 41)}…` : it.label;
      const tx = it.target != null ? labelW + (Math.min(it.target, max) / max) * barW : null;
      return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" font-size="12" fill="#0b0c0c">${escapeHtml(label)}</text>
<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="16" fill="${colour}"/>
<text x="${labelW + w + 4}" y="${y + 15}" font-size="12" fill="#0b0c0c">${it.value == null ? '–' : escapeHtml(fmt(it.value) + (opts.unit ?? ''))}</text>
${tx != null ? `<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${y}" y2="${y + 22}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="3 2"/>` : ''}`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${labelW + barW + 70} ${h}" width="100%" role="img" aria-labelledby="${id}"><title id="${id}">${escapeHtml(title)}</title>${rows}</svg>`;
}

/** A line chart of a series over periods, with an optional dashed target line. */
export function lineChartSvg(title: string, points: Array<{ label: string; value: number }>, target: number | null, opts: { unit?: string } = {}): string {
  const W = 560;
  const H = 200;
  const pad = 36;
  const max = Math.max(100, target ?? 0, ...points.map((p) => p.value));
  const x = (i: number) => pad + (points.length <= 1 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (points.length - 1));
  const y = (v: number) => H - pad - (v / max) * (H - 2 * pad);
  const id = `l${Math.abs(hash(title + points.length))}`;
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)} ${y(p.value).toFixed(1)}`).join(' ');
  const dots = points
    .map(
      (p, i) =>
        `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="4" fill="#1d70b8"/><text x="${x(i).toFixed(1)}" y="${H - 12}" text-anchor="middle" font-size="11">${escapeHtml(p.label)}</text><text x="${x(i).toFixed(1)}" y="${(y(p.value) - 8).toFixed(1)}" text-anchor="middle" font-size="11">${escapeHtml(fmt(p.value) + (opts.unit ?? ''))}</text>`,
    )
    .join('');
  const tl = target != null ? `<line x1="${pad}" x2="${W - pad}" y1="${y(target).toFixed(1)}" y2="${y(target).toFixed(1)}" stroke="#d4351c" stroke-dasharray="5 3"/><text x="${W - pad}" y="${(y(target) - 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#d4351c">${escapeHtml(`Mục tiêu ${fmt(target)}${opts.unit ?? ''}`)}</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="${id}"><title id="${id}">${escapeHtml(title)}</title><line x1="${pad}" x2="${W - pad}" y1="${H - pad}" y2="${H - pad}" stroke="#505a5f"/>${tl}${points.length ? `<path d="${path}" fill="none" stroke="#1d70b8" stroke-width="2"/>` : ''}${dots}</svg>`;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

import { describe, expect, it } from 'vitest';
import { barChartSvg, lineChartSvg, wrapLabel } from './charts.ts';

/** Charts must stay legible on a 320 px phone: fixed-size text, no viewBox that would shrink it, no clipping. */
describe('charts', () => {
  const items = [
    { label: 'Tỷ lệ hồ sơ thủ tục hành chính được xử lý hoàn toàn trực tuyến trên Cổng Dịch vụ công', value: 62.5, target: 80, status: 'behind' },
    { label: 'Tỷ lệ <script>', value: null },
  ];

  it('bar chart: no viewBox, 14 px text, labels wrapped to lines that fit 288 px, every text escaped', () => {
    const svg = barChartSvg('Chỉ số', items, { unit: '%', max: 100 });
    expect(svg).not.toContain('viewBox');
    expect(svg).toContain('width="100%"');
    const sizes = [...svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(14);
    expect(svg).toContain('&lt;script');
    expect(svg).not.toContain('<script>');
    const lines = [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]!);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l.replace(/&[a-z]+;/g, 'x').length).toBeLessThanOrEqual(34);
    // Bars and the target mark are positioned in percent, so the chart follows the screen width.
    expect(svg).toMatch(/<rect x="0" y="\d+" width="48\.75%"/);
    expect(svg).toMatch(/<line x1="62\.40%"/);
    // The height grows with the wrapped labels instead of being scaled.
    expect(Number(/height="(\d+)"/.exec(svg)![1])).toBeGreaterThan(100);
  });

  it('wraps on word boundaries, cuts a too-long word, and keeps at most three lines', () => {
    expect(wrapLabel('một hai ba', 7)).toEqual(['một hai', 'ba']);
    expect(wrapLabel('abcdefghijkl', 5)).toEqual(['abcd…']);
    expect(wrapLabel('a b c d e f g h', 3, 3)).toEqual(['a b', 'c d', 'e …']);
  });

  it('line chart: percent x positions, 12 px labels, at most about six period labels', () => {
    const points = Array.from({ length: 12 }, (_, i) => ({ label: `T${i + 1}`, value: i * 5 }));
    const svg = lineChartSvg('Xu hướng', points, 50, { unit: '%' });
    expect(svg).not.toContain('viewBox');
    expect(svg).toMatch(/<circle cx="8\.00%"/);
    expect([...svg.matchAll(/font-size="(\d+)"/g)].every((m) => Number(m[1]) >= 12)).toBe(true);
    const periodLabels = [...svg.matchAll(/>T(\d+)</g)].map((m) => m[1]);
    expect(periodLabels).toEqual(['1', '3', '5', '7', '9', '11', '12']);
    expect(svg.match(/<circle/g)).toHaveLength(12);
  });
});

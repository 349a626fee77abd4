import { describe, expect, it } from 'vitest';
import { SummaryList, Table, Tag, asHtml } from './components.tsx';

const evil = '<script>alert(1)</script> & "q"';
// Kita escapes <, & and " (a lone > cannot open a tag).
const escaped = '&lt;script>alert(1)&lt;/script> &amp; &#34;q&#34;';

describe('Tag', () => {
  it('is a strong element with the tone class; its text is escaped', () => {
    expect(String(<Tag label={evil} tone="danger" />)).toBe(`<strong class="tag tag-danger">${escaped}</strong>`);
    expect(String(<Tag label="Nháp" />)).toBe('<strong class="tag">Nháp</strong>');
    expect(String(<Tag label="Đã xong" tone="neutral" lang="vi" />)).toBe('<strong class="tag" lang="vi">Đã xong</strong>');
  });
});

describe('Table', () => {
  const rows = [
    { name: evil, n: 1234.5, link: 'a' },
    { name: 'Xã Tân Phúc', n: null, link: 'b' },
  ];
  const html = String(
    <Table
      caption="Cơ quan"
      rows={rows}
      columns={[
        { header: 'Tên', cell: (r) => r.name },
        { header: 'Số <b>', cell: (r) => r.n, numeric: true },
        { header: 'Liên kết', cell: (r) => asHtml(<a href={`/x/${r.link}`}>mở</a>) },
      ]}
    />,
  );

  it('sits in a labelled, focusable scrolling region (320 px) with a caption', () => {
    expect(html).toMatch(/^<div class="table-wrap" role="region" aria-label="Cơ quan" tabindex="0"><table class="table"><caption class="visually-hidden">Cơ quan<\/caption>/);
  });
  it('column headers carry scope=col, the first cell of a row is a row header, numbers are right-aligned and formatted', () => {
    expect(html).toContain('<th scope="col">Tên</th><th scope="col" class="num">Số &lt;b></th><th scope="col">Liên kết</th>');
    expect(html).toContain(`<th scope="row"><span>${escaped}</span></th><td class="num"><span>1.234,5</span></td><td><a href="/x/a">mở</a></td>`);
    expect(html).toContain('<td class="num"><span class="muted">–</span></td>');
    expect(html).not.toContain('<script>');
  });
  it('shows the empty message instead of an empty table', () => {
    expect(String(<Table caption="x" rows={[]} empty="Không có kết quả" columns={[{ header: 'a', cell: () => 'b' }]} />)).toBe('<p class="muted">Không có kết quả</p>');
  });
  it('a visible caption and a small table', () => {
    const h = String(<Table caption="Xếp hạng" captionVisible small rowHeaders={false} rows={[1]} columns={[{ header: 'a', cell: (n) => n, numeric: true, digits: 1 }]} />);
    expect(h).toContain('<table class="table table-small"><caption class="table-caption">Xếp hạng</caption>');
    expect(h).toContain('<td class="num"><span>1,0</span></td>');
  });
});

describe('SummaryList', () => {
  it('escapes text values and keeps asHtml markup', () => {
    const h = String(<SummaryList rows={[[evil, evil], ['Trạng thái', asHtml(<Tag label="Đã xong" tone="success" />)]]} />);
    expect(h).toContain(`<dt>${escaped}</dt><dd><span>${escaped}</span></dd>`);
    expect(h).toContain('<dd><strong class="tag tag-success">Đã xong</strong></dd>');
  });
});

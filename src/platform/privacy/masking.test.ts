import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ANSWER_BENIGN, BENIGN_CORPUS, LEAK_CORPUS, type Category } from './corpus.ts';
import { maskPersonalData, maskPhrases, maskWithSpans, publishedContacts } from './masking.ts';

describe('masking corpus: what citizens actually type', () => {
  it('holds at least 200 sentences covering every category', () => {
    expect(LEAK_CORPUS.length).toBeGreaterThanOrEqual(200);
    const categories: Category[] = ['id', 'phone', 'plate', 'email', 'bank', 'tax', 'dob', 'address', 'name', 'mixed'];
    for (const cat of categories) expect(LEAK_CORPUS.filter((c) => c.category === cat).length, cat).toBeGreaterThanOrEqual(10);
  });

  it('leaks nothing: every planted string is gone', () => {
    const leaks = LEAK_CORPUS.flatMap((c) => {
      const out = maskPersonalData(c.text);
      return c.secrets.filter((s) => out.includes(s)).map((s) => `${s} ← ${c.text} → ${out}`);
    });
    const secrets = LEAK_CORPUS.reduce((n, c) => n + c.secrets.length, 0);
    console.info(`masking corpus: ${LEAK_CORPUS.length} sentences, ${secrets} planted strings, ${leaks.length} leaked`);
    expect(leaks).toEqual([]);
  });

  it('does not over-mask ordinary text: false-positive rate on benign sentences', () => {
    const changed = BENIGN_CORPUS.filter((b) => maskPersonalData(b) !== b);
    const rate = changed.length / BENIGN_CORPUS.length;
    console.info(`masking false positives: ${changed.length}/${BENIGN_CORPUS.length} benign sentences changed (${(rate * 100).toFixed(1)} %)`);
    expect(BENIGN_CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(changed).toEqual([]);
  });

  it('does not mask words of the published guides (content/guides/*.yaml): false positives on real public text', () => {
    const dir = new URL('../../../content/guides/', import.meta.url);
    const texts: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') texts.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    for (const f of files) walk(parse(readFileSync(new URL(f, dir), 'utf8')));
    const words = texts.reduce((n, x) => n + x.split(/\s+/).length, 0);
    const hits = texts.flatMap((x) => maskWithSpans(x).spans.map((sp) => `${sp.kind}: "${x.slice(sp.start, sp.end)}" in "${x.slice(Math.max(0, sp.start - 30), sp.end + 30)}"`));
    console.info(`masking false positives on guides: ${hits.length} spans in ${files.length} guides, ${texts.length} strings, ${words} words`);
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(hits).toEqual([]);
  });

  it('keeps the agency published contacts and officials names in answers, masks the rest', () => {
    const keep = publishedContacts({ names: ['Trần Văn Lãnh Đạo', 'Lê Thị Cán Bộ'], phones: ['02213862123'], emails: ['tthcc@hungyen.gov.vn'] });
    for (const a of ANSWER_BENIGN) {
      const out = maskPersonalData(a.text, { keep });
      for (const k of a.keep) expect(out, a.text).toContain(k);
    }
    // a citizen's data quoted in the same answer is still masked
    const out = maskPersonalData('Trả lời ông Nguyễn Văn An (0912 345 678): liên hệ 0221 3 862 123.', { keep });
    expect(out).toBe('Trả lời ông [họ tên] ([số điện thoại]): liên hệ 0221 3 862 123.');
  });

  it('masks on the original text: names in capitals or lower case are found before any case change', () => {
    expect(maskPersonalData('TÔI LÀ NGUYỄN VĂN AN')).toBe('TÔI LÀ [họ tên]');
    expect(maskPersonalData('tôi là nguyễn văn an')).toBe('tôi là [họ tên]');
  });

  it('reports the masked spans with their kind and placeholders', () => {
    const r = maskWithSpans('Tôi là Lê Thị Hoa, SĐT 0912345678.');
    expect(r.text).toBe('Tôi là [họ tên], SĐT [số điện thoại].');
    expect(r.spans.map((s) => s.kind)).toEqual(['name', 'phone']);
    expect('Tôi là Lê Thị Hoa, SĐT 0912345678.'.slice(r.spans[0]!.start, r.spans[0]!.end)).toBe('Lê Thị Hoa');
  });

  it('a moderator masks more phrases, ignoring case and marks', () => {
    expect(maskPhrases('Cây đa đầu làng Mễ Sở bị chặt, gần nhà cô giáo Thơm', ['me so', 'cô giáo Thơm'])).toBe('Cây đa đầu làng [đã ẩn] bị chặt, gần nhà [đã ẩn]');
    expect(maskPhrases('không đổi', ['a'])).toBe('không đổi');
  });
});

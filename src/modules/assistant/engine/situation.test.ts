import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { applySituation, SituationLayer } from './situation.ts';
import { loadLifeEventYaml } from './sources.ts';

const events = loadLifeEventYaml(join(process.cwd(), 'content', 'life-events'));

describe('situation layer (life events from story cues)', () => {
  const layer = new SituationLayer();
  layer.set(events);

  it('recognises a story told with or without marks, and not a mark-different word', () => {
    expect(layer.match('Bố tôi mất năm ngoái, để lại mảnh đất ở quê')[0]!.event.slug).toBe('nguoi-than-qua-doi');
    expect(layer.match('bo toi mat nam ngoai de lai manh dat')[0]!.event.slug).toBe('nguoi-than-qua-doi');
    // "mát" is not "mất": typed with marks, the marks must agree
    expect(layer.match('trời hôm nay mát quá').length).toBe(0);
    expect(layer.match('đổi bằng lái xe').length).toBe(0);
  });

  it('counts a cue inside a longer matched cue once', () => {
    const m = layer.match('vợ em mới sinh con được 2 tuần');
    expect(m[0]!.event.slug).toBe('sinh-con');
    expect(m[0]!.strength).toBeGreaterThanOrEqual(2);
    // "vợ (em) mới sinh" and "mới sinh con" overlap on "sinh": one of them counts
    expect(m[0]!.cues.length).toBe(1);
  });

  it('raises the guides of the matched event and re-sorts; the top guide carries the situation strength', () => {
    const r = { candidates: [{ ref: 'ket-hon', kind: 'guide', score: 10 }, { ref: 'khai-sinh', kind: 'guide', score: 9 }] };
    const out = applySituation(r, layer.match('vợ em mới sinh con ở nhà'));
    expect(out.candidates[0]!.ref).toBe('khai-sinh');
    expect(out.situation).toBeGreaterThan(0);
    expect(out.lifeEvent?.slug).toBe('sinh-con');
    expect(applySituation(r, [])).toBe(r);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildTestApp, DEMO, FORM, form, sessionFor, type TestApp } from '../../test/helpers.ts';
import { ContentServiceToken } from './content.service.ts';

let t: TestApp;
type Session = { cookie: string; csrf: string; userId: string };
const s: Record<string, Session> = {};

beforeAll(async () => {
  t = await buildTestApp();
  for (const [k, email] of Object.entries({ editor: DEMO.editor, coordinator: DEMO.coordinator })) s[k] = await sessionFor(t.database, email);
});
afterAll(async () => t?.close());

const eventDir = join(process.cwd(), 'content', 'life-events');
const eventFiles = readdirSync(eventDir).filter((f) => f.endsWith('.yaml'));
const guideSlugs = new Set(readdirSync(join(process.cwd(), 'content', 'guides')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')));
const get = (who: Session | null, url: string) => t.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
async function post(who: Session, url: string, data: Record<string, string | string[]> = {}) {
  return t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });
}

describe('life events (/su-kien)', () => {
  it('every seed life event leads only to seed guides and tells its story cues', () => {
    expect(eventFiles.length).toBeGreaterThanOrEqual(10);
    for (const f of eventFiles) {
      const y = parseYaml(readFileSync(join(eventDir, f), 'utf8')) as { slug: string; stages: Array<{ guides: string[] }>; cues: string[] };
      expect(`${y.slug}.yaml`).toBe(f);
      // guides and life events share one slug space
      expect(guideSlugs.has(y.slug)).toBe(false);
      expect(y.stages.length).toBeGreaterThan(0);
      for (const st of y.stages) for (const g of st.guides) expect(guideSlugs.has(g), `${f}: ${g}`).toBe(true);
      expect(y.cues.length).toBeGreaterThanOrEqual(5);
    }
  });

  it('the seed publishes them: a list page and one page per event, with the guides in order, 1022 and feedback', async () => {
    const list = await get(null, '/su-kien');
    expect(list.statusCode).toBe(200);
    for (const f of eventFiles) expect(list.body).toContain(`/su-kien/${f.replace(/\.yaml$/, '')}`);
    const page = await get(null, '/su-kien/sinh-con');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Gia đình có em bé');
    const first = page.body.indexOf('/huong-dan/lien-thong-khai-sinh');
    const later = page.body.indexOf('/huong-dan/thai-san');
    expect(first).toBeGreaterThan(0);
    expect(later).toBeGreaterThan(first);
    expect(page.body).toContain('1022');
    expect(page.body).toContain('/phan-anh/gui');
    // a life event is not a guide, and guides are not life events
    expect((await get(null, '/huong-dan/sinh-con')).statusCode).toBe(404);
    expect((await get(null, '/su-kien/khai-sinh')).statusCode).toBe(404);
    expect((await get(null, '/su-kien/Khong hop le')).statusCode).toBe(404);
    const api = (await get(null, '/api/v1/guides')).json() as { total: number };
    expect(api.total).toBe(guideSlugs.size);
  });

  it('goes through the four-eyes workflow like a guide: drafted, refused to its author, published by a second person', async () => {
    const slug = 'con-nho-bi-om';
    const res = await post(s.editor!, '/quan-tri/noi-dung/huong-dan/moi', {
      kind: 'life_event',
      slug,
      title: 'Thử nghiệm sự kiện cuộc sống',
      summary: 'Một sự kiện dùng để kiểm thử quy trình duyệt.',
      topic: 'ho-tich',
      'aud-cong-dan': 'on',
      who: 'Cha mẹ.',
      stages: 'Làm giấy khai sinh | Trong 60 ngày. | khai-sinh, lien-thong-khai-sinh\nNhập hộ khẩu | Tại công an xã. | thuong-tru',
      cues: 'con mới sinh\nvợ vừa đẻ',
      faq: 'Khai sinh muộn có bị phạt không? | Không bị phạt tiền, chỉ cần làm sớm.',
      help: 'Gọi Tổng đài 1022.',
    });
    expect(res.statusCode).toBe(303);
    const id = /huong-dan\/([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
    expect((await get(null, `/su-kien/${slug}`)).statusCode).toBe(404);
    expect((await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/gui-duyet`)).statusCode).toBe(303);
    expect((await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/duyet`)).statusCode).toBe(403);
    expect((await post(s.coordinator!, `/quan-tri/noi-dung/huong-dan/${id}/duyet`, { publishAt: '' })).statusCode).toBe(303);
    const page = await get(null, `/su-kien/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nhập hộ khẩu');
    expect(page.body).toContain('Khai sinh muộn có bị phạt không?');
    const events = await t.app.deps.services.get(ContentServiceToken).listPublishedLifeEvents();
    const e = events.find((x) => x.slug === slug)!;
    expect(e.guides).toEqual(['khai-sinh', 'lien-thong-khai-sinh', 'thuong-tru']);
    expect(e.cues).toContain('vợ vừa đẻ');
  });

  it('a life event with no stage cannot go to review', async () => {
    const res = await post(s.editor!, '/quan-tri/noi-dung/huong-dan/moi', { kind: 'life_event', title: 'Sự kiện thiếu chặng', summary: 'Thiếu chặng.', topic: 'ho-tich' });
    const id = /huong-dan\/([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
    const submit = await post(s.editor!, `/quan-tri/noi-dung/huong-dan/${id}/gui-duyet`);
    expect(submit.statusCode).toBe(422);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO, FORM, form, orgId, sessionFor, type TestApp } from '../../src/test/helpers.ts';

/**
 * Issue 9, end to end over HTTP only: a citizen plants personal data in a question (JSON API), the agency drafts
 * an answer that quotes the citizen (as officers do), the head approves it, a moderator approves the masked
 * question; then the public page, the JSON API, the Q&A list, Open311 and the assistant (POST
 * /api/v1/assistant/ask, answer and citations) are read. None of the planted strings may appear anywhere.
 */

let t: TestApp;
const PLANTED = {
  name: 'Đinh Thị Mến',
  nameLower: 'dinh thi men',
  id: '0330 9500 1234',
  idPlain: '033095001234',
  phone: '0912.345.678',
  phoneDigits: '0912345678',
  email: 'dinhmen.hy [at] gmail [dot] com',
  emailLocal: 'dinhmen.hy',
  address: 'số 14 ngõ 52 phố Bãi Sậy',
  addressPart: 'ngõ 52',
  landmark: 'cạnh chợ Gạo',
};
const QUESTION =
  `Tôi là ${PLANTED.name} (viết không dấu: ${PLANTED.nameLower}), CCCD ${PLANTED.id}, điện thoại ${PLANTED.phone}, email ${PLANTED.email}, ` +
  `nhà ở ${PLANTED.address}, nhà tôi ${PLANTED.landmark}, cổng sắt màu xanh. Xin hỏi thủ tục cấp lại giấy khai sinh bản sao cần những giấy tờ gì và nộp ở đâu?`;

async function staffPost(email: string, url: string, data: Record<string, string>) {
  const s = await sessionFor(t.database, email);
  return t.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, ...data }) });
}
const strings = () => Object.values(PLANTED).filter((v) => v !== PLANTED.landmark).concat(['Mến', PLANTED.idPlain, PLANTED.phoneDigits, 'chợ Gạo', 'Bãi Sậy']);

let code = '';
beforeAll(async () => {
  t = await buildTestApp();
  const skhcn = await orgId(t.database, 'SKHCN');
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/feedback', payload: { kind: 'hoi-dap', title: `Cấp lại bản sao giấy khai sinh cho ${PLANTED.name}`, body: QUESTION, contactName: PLANTED.name, contactPhone: PLANTED.phoneDigits } });
  expect(res.statusCode).toBe(201);
  code = res.json().code;
  // the normal staff flow, through the staff pages: the Centre routes it to the agency, which drafts (quoting
  // the citizen, as officers do), its head approves, the Centre's editor moderates the masked question
  expect((await staffPost(DEMO.coordinator, `/quan-tri/phan-anh/${code}/chuyen`, { orgId: skhcn, reason: 'Thuộc thẩm quyền của Sở' })).statusCode).toBe(303);
  expect((await staffPost(DEMO.officerSkhcn, `/quan-tri/phan-anh/${code}/du-thao`, { answer: `Kính gửi bà ${PLANTED.name} (CCCD ${PLANTED.id}, ĐT ${PLANTED.phone}): để cấp lại bản sao giấy khai sinh, bà nộp tờ khai đề nghị cấp bản sao trích lục hộ tịch tại UBND cấp xã hoặc trực tuyến trên Cổng Dịch vụ công; lệ phí 8.000 đồng/bản. Kết quả gửi về ${PLANTED.address}.` })).statusCode).toBe(303);
  expect((await staffPost(DEMO.headSkhcn, `/quan-tri/phan-anh/${code}/duyet`, {})).statusCode).toBe(303);
  expect((await staffPost(DEMO.editor, `/quan-tri/phan-anh/${code}/kiem-duyet`, { action: 'approve' })).statusCode).toBe(303);
}, 120_000);
afterAll(async () => t?.close());

describe('planted personal data never reaches a public surface or the assistant', () => {
  it('the item is published (question and answer) and the planted strings are masked on every public surface', async () => {
    const api = (await t.app.inject({ url: `/api/v1/feedback/${code}` })).json();
    expect(api.answer).toContain('bản sao trích lục hộ tịch');
    expect(api.body).toContain('giấy khai sinh bản sao');
    const surfaces = await Promise.all(
      [`/phan-anh/${code}`, `/api/v1/feedback/${code}`, '/hoi-dap?q=giay%20khai%20sinh', '/api/v1/feedback/answers?q=giay%20khai%20sinh', `/open311/v2/requests/${code}.json`, `/open311/v2/requests/${code}.xml`, '/phan-anh'].map((u) => t.app.inject({ url: u })),
    );
    for (const r of surfaces) expect(r.statusCode).toBe(200);
    const all = surfaces.map((r) => r.body).join('\n');
    expect(all).toContain(code);
    for (const s of strings()) expect(all, s).not.toContain(s);
  });

  it("the assistant's answer and citations, asked about the same question over HTTP, carry none of them", async () => {
    const questions = ['Cấp lại bản sao giấy khai sinh cần giấy tờ gì và nộp ở đâu?', `Hồ sơ của ${PLANTED.name} cấp lại bản sao giấy khai sinh`, 'cap lai ban sao giay khai sinh can giay to gi'];
    const replies: string[] = [];
    for (const question of questions) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/assistant/ask', payload: { question } });
      expect(r.statusCode).toBe(200);
      const body = r.json();
      // the question a citizen types into the assistant is theirs; only what the assistant says back counts
      replies.push(JSON.stringify({ answer: body.answer, citations: body.citations, options: body.options, suggestions: body.suggestions }));
    }
    const said = replies.join("\n");
    // the assistant does use the published item (cited by its code): the check reads what it serves from it
    expect(said).toContain(`/phan-anh/${code}`);
    for (const s of strings()) expect(said, s).not.toContain(s);
    // the published Q&A is among what the assistant can use (otherwise this check would prove nothing)
    const answers = (await t.app.inject({ url: '/api/v1/feedback/answers?q=giay%20khai%20sinh' })).json();
    expect(answers.items.some((i: { code: string }) => i.code === code)).toBe(true);
  });
});

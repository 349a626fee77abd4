import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO, sessionFor, type TestApp } from '../../test/helpers.ts';
import { route } from './engine/router.ts';
import { AssistantServiceToken } from './assistant.service.ts';

describe('domain boundary (router)', () => {
  it('sends utility questions to the utility, not to a procedure; a new connection and a scam story stay in scope', () => {
    expect(route('hóa đơn tiền điện tháng này cao bất thường')).toMatchObject({ cls: 'utility', topic: 'electricity' });
    expect(route('lap dong ho nuoc cho nha moi o dau')).toMatchObject({ cls: 'utility', topic: 'water' });
    expect(route('mạng cáp quang nhà tôi chậm quá')).toMatchObject({ cls: 'utility', topic: 'internet' });
    expect(route('lắp công tơ điện nhà mới').cls).toBe('retrieve');
    expect(route('có người gọi xưng là điện lực bảo nợ tiền điện, bắt chuyển khoản').cls).toBe('retrieve');
    // "điện thoại" is a phone, not electricity
    expect(route('đăng nhập dịch vụ công trên điện thoại').cls).toBe('retrieve');
  });

  it('declines forged papers, fixers and acting for the citizen; an unmarked everyday word is not taken for them', () => {
    expect(route('làm giấy đăng ký xe giả').cls).toBe('out_of_scope');
    expect(route('co ai lam so do nhanh bao gia tron goi k').cls).toBe('out_of_scope');
    expect(route('đăng ký tạm trú khống cho con').cls).toBe('out_of_scope');
    expect(route('ad dien giup e to khai roi nop ho luon nhe').cls).toBe('delegate');
    expect(route('biển số 89A-123.45 là xe của ai').cls).toBe('personal_data');
    // "khong" (không) and "chung chi" (chứng chỉ) typed without marks are ordinary words
    expect(route('tra le phi tren cong dvc bang momo duoc khong').cls).toBe('retrieve');
    expect(route('cap lai chung chi hanh nghe y bi mat').cls).toBe('retrieve');
    expect(route('vneid cho tre duoi 14 tuoi dung sdt cua ai').cls).toBe('retrieve');
  });
});

describe('honest hand-over and wrong-answer candidates', () => {
  let t: TestApp;
  let n = 0;
  const ip = () => `10.8.${(++n >> 8) & 255}.${n & 255}`;
  const ask = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/assistant/ask', payload, remoteAddress: ip() });
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t?.close());

  it('a declined question says why; a utility question says where to go', async () => {
    const weather = (await ask({ question: 'dự báo thời tiết Hưng Yên ngày mai' })).json();
    expect(weather.action).toBe('handoff');
    expect(weather.handoverReason).toBe('out_of_scope');
    expect(weather.citations).toEqual([]);
    const power = (await ask({ question: 'sao tháng này hóa đơn tiền điện nhà tôi cao thế' })).json();
    expect(power.action).toBe('handoff');
    expect(power.handoverReason).toBe('out_of_scope');
    expect(power.answer).toMatch(/Điện lực/);
  });

  it('a story the assistant is unsure about is handed over with the closest life event, 1022 and the feedback form', async () => {
    const b = (await ask({ question: 'Bố tôi mất rồi, nhà còn mấy việc giấy tờ linh tinh chưa biết bắt đầu từ đâu, ai chỉ giúp với' })).json();
    expect(b.action).not.toBe('answer');
    // handed over or asked to choose: the life event the story points to is offered either way
    expect(b.suggestions?.[0]?.url).toBe('/su-kien/nguoi-than-qua-doi');
    if (b.action === 'handoff') {
      expect(['unsure', 'needs_person']).toContain(b.handoverReason);
      expect(b.answer).toContain('1022');
      expect(b.answer).toContain('/phan-anh/gui');
    }
  });

  it('an answer asked again at once reaches the gap queue as a probably-wrong answer', async () => {
    const first = (await ask({ question: 'đổi bằng lái xe hết hạn cần giấy tờ gì' })).json();
    expect(first.action).toBe('answer');
    await ask({ question: 'không phải, tôi hỏi đổi bằng lái xe quốc tế kia', conversationId: first.conversationId });
    const s = await sessionFor(t.database, DEMO.coordinator);
    const svc = t.app.deps.services.get(AssistantServiceToken);
    const { groups } = await svc.gaps({ kind: 'user', id: s.userId, label: 'x', roles: [{ role: 'coordinator', orgId: null }] } as never);
    const g = groups.find((x) => x.questions.some((q) => q.includes('hết hạn')));
    expect(g?.wrongAnswers).toBeGreaterThanOrEqual(1);
  });
});

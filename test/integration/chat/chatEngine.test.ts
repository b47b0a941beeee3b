import { describe, expect, it } from 'vitest';
import { conversationFor, reasoningOf, simCore, textOf } from '../../helpers/simCore';
import { messagesRepo, conversationsRepo } from '../../../src/main/core/store';

describe('chat engine against the simulator', () => {
  it('streams a reply: persists it while it grows, pushes batched deltas tagged with the message id, ends done with usage', async () => {
    const { sim, core } = await simCore({ persistIntervalMs: 50 });
    const text = '量子力学研究微观粒子的行为。'.repeat(20);
    sim.enqueue({ text, chunkSize: 2, delayMs: 5, usage: { prompt: 12, completion: 140 } });
    const conversationId = await conversationFor(createApiOf(core), 'baystone', 'llama-3.1-instruct');

    const pushes: Array<{ at: number; messageId: string; text: string }> = [];
    core.events.subscribe((event, payload) => {
      if (event === 'chat.delta') pushes.push({ at: performance.now(), ...(payload as { messageId: string; text: string }) });
    });
    const handle = core.chat.send({ conversationId, text: '解释量子力学' });
    const replyId = handle.assistantMessageIds[0]!;

    // While streaming, the store already holds part of the reply.
    let seenPartial = '';
    while (core.chat.isStreaming(replyId)) {
      const stored = textOf(messagesRepo.getMessage(core.db, replyId));
      if (stored.length > 0 && stored.length < text.length) seenPartial = stored;
      await new Promise((r) => setTimeout(r, 20));
    }
    const [reply] = await handle.done;
    expect(seenPartial.length).toBeGreaterThan(0);
    expect(text.startsWith(seenPartial)).toBe(true);

    expect(reply).toMatchObject({ status: 'done', finishReason: 'stop', model: 'llama-3.1-instruct', providerId: 'baystone' });
    expect(textOf(reply!)).toBe(text);
    expect(reply!.usage).toMatchObject({ promptTokens: 12, completionTokens: 140 });
    expect(reply!.usage!.estimated).toBeUndefined();
    expect(reply!.usage!.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);

    // Deltas: all for this message, concatenating to the reply, batched (far fewer pushes than the 140 chunks).
    expect(pushes.every((p) => p.messageId === replyId)).toBe(true);
    expect(pushes.map((p) => p.text).join('')).toBe(text);
    expect(pushes.length).toBeLessThan(140);
    // At most one push per ~16 ms per message (timer jitter allowed: never two within 10 ms).
    for (let i = 1; i < pushes.length; i++) expect(pushes[i]!.at - pushes[i - 1]!.at).toBeGreaterThan(10);

    const userMessage = messagesRepo.getMessage(core.db, handle.userMessageId);
    expect(textOf(userMessage)).toBe('解释量子力学');
    expect(conversationsRepo.getConversation(core.db, conversationId)).toMatchObject({ activeLeafId: replyId, title: '解释量子力学' });
  });

  it('sends the system prompt and the active path, never reasoning, and keeps reasoning apart', async () => {
    const { sim, core, api } = await simCore();
    const conversationId = await conversationFor(api, 'baystone', 'llama-3.1-instruct', { systemPrompt: '你是物理老师。' });
    sim.enqueue({ reasoning: '先想一想定义。', reasoningStyle: 'think-tags', text: '第一答。' });
    await core.chat.send({ conversationId, text: '第一问' }).done;
    sim.enqueue({ text: '第二答。' });
    const [second] = await core.chat.send({ conversationId, text: '第二问' }).done;
    expect(textOf(second!)).toBe('第二答。');

    const firstReply = messagesRepo.listMessages(core.db, conversationId)[1]!;
    expect(reasoningOf(firstReply)).toContain('先想一想定义。');
    expect(textOf(firstReply)).toBe('第一答。');

    const body = sim.chatRequests()[1]!.body as { messages: Array<{ role: string; content: unknown }> };
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(body.messages)).not.toContain('先想一想');
    expect(JSON.stringify(body.messages)).not.toContain('<think>');
    expect(body.messages[0]!.content).toBe('你是物理老师。');
  });

  it('relabels late-recognized reasoning: R1-named model without </think>, and a lone </think> from any model', async () => {
    const { sim, core, api } = await simCore();
    const r1 = await conversationFor(api, 'baystone', 'deepseek-r1-distill-qwen-14b');
    const deltas: Array<{ text: string; reasoning: string; reset?: boolean }> = [];
    core.events.subscribe((event, payload) => event === 'chat.delta' && deltas.push(payload as never));
    sim.enqueue({ text: '直接给出的答案，没有思考标签。' });
    const [plain] = await core.chat.send({ conversationId: r1, text: '问' }).done;
    expect(textOf(plain!)).toBe('直接给出的答案，没有思考标签。');
    expect(reasoningOf(plain!)).toBe('');
    expect(deltas.some((d) => d.reset && d.text === '直接给出的答案，没有思考标签。')).toBe(true);

    const llama = await conversationFor(api, 'baystone', 'llama-3.1-instruct');
    sim.enqueue({ reasoning: '用户在问加法。', reasoningStyle: 'think-close-only', text: '1+1=2。' });
    const [lone] = await core.chat.send({ conversationId: llama, text: '1+1?' }).done;
    expect(reasoningOf(lone!)).toBe('用户在问加法。');
    expect(textOf(lone!)).toBe('1+1=2。');
  });

  it('n > 1 stores the choices as sibling replies', async () => {
    const { sim, core, api } = await simCore();
    const conversationId = await conversationFor(api, 'baystone', 'llama-3.1-instruct', { params: { n: 3 } });
    sim.enqueue({ choices: ['甲', '乙', '丙'] });
    const handle = core.chat.send({ conversationId, text: '给我三个名字' });
    const replies = await handle.done;
    expect(replies.map(textOf)).toEqual(['甲', '乙', '丙']);
    expect(new Set(replies.map((r) => r.parentId))).toEqual(new Set([handle.userMessageId]));
    expect(replies.every((r) => r.status === 'done')).toBe(true);
    expect((sim.chatRequests()[0]!.body as { n: number }).n).toBe(3);
  });

  it('regenerate and edit-and-resend create siblings', async () => {
    const { sim, core, api } = await simCore();
    const conversationId = await conversationFor(api, 'szaiai', 'xiaoai-chat-v1');
    sim.enqueue({ text: '一' }, { text: '二' }, { text: '三' });
    const first = core.chat.send({ conversationId, text: '问题' });
    const [reply1] = await first.done;
    const regen = core.chat.regenerate(reply1!.id);
    const [reply2] = await regen.done;
    expect(reply2!.parentId).toBe(reply1!.parentId);
    expect(textOf(reply2!)).toBe('二');

    const edited = core.chat.editAndResend(first.userMessageId, '改过的问题');
    const [reply3] = await edited.done;
    const newUser = messagesRepo.getMessage(core.db, edited.userMessageId);
    expect(newUser.parentId).toBe(messagesRepo.getMessage(core.db, first.userMessageId).parentId);
    expect(textOf(newUser)).toBe('改过的问题');
    expect(textOf(reply3!)).toBe('三');
    const lastRequest = sim.chatRequests()[2]!.body as { messages: Array<{ content: unknown }> };
    expect(JSON.stringify(lastRequest.messages)).toContain('改过的问题');
    expect(JSON.stringify(lastRequest.messages)).not.toContain('"问题"');
  });

  it('Stop aborts the request, keeps what arrived, and calls zyinfo suspend_current_generate', async () => {
    const { sim, core, api } = await simCore();
    const conversationId = await conversationFor(api, 'zyinfo', 'qwen');
    sim.enqueue({ text: '这是一个很长的回答，'.repeat(200), chunkSize: 3, delayMs: 10 });
    const handle = core.chat.send({ conversationId, text: '长一点' });
    const replyId = handle.assistantMessageIds[0]!;
    while (textOf(messagesRepo.getMessage(core.db, replyId)).length < 10) await new Promise((r) => setTimeout(r, 20));
    expect(await core.chat.stop(replyId)).toBe(true);
    const [reply] = await handle.done;
    expect(reply).toMatchObject({ status: 'interrupted', finishReason: 'stopped', error: null });
    expect(textOf(reply!).length).toBeGreaterThan(0);
    expect(textOf(reply!).length).toBeLessThan(2000);
    const suspend = sim.requests.find((r) => r.kind === 'suspend');
    expect(suspend?.query).toMatchObject({ openid: 'test', userid: 'test' });
    expect(sim.chatRequests()[0]!.zyinfo).toMatchObject({ openid: 'test', userid: 'test', aiSystem: 'qwen' });
  });

  it('a gateway error ends the turn as error with a localized next step; a mid-stream drop keeps the partial reply', async () => {
    const { sim, core, api } = await simCore();
    const conversationId = await conversationFor(api, 'baystone', 'llama-3.1-instruct');
    sim.enqueue({ status: 401 });
    const [unauthorized] = await core.chat.send({ conversationId, text: 'hi' }).done;
    expect(unauthorized).toMatchObject({ status: 'error', error: { code: 'unauthorized', status: 401 } });
    expect(unauthorized!.error!.message).toMatch(/设置/);

    await api.call('settings.update', { language: 'en' });
    sim.enqueue({ text: 'partial answer that will be cut', chunkSize: 4, dropAfterChunks: 3 });
    const [dropped] = await core.chat.send({ conversationId, text: 'again' }).done;
    expect(dropped!.status).toBe('error');
    expect(textOf(dropped!)).toBe('partial answer that will be cut'.slice(0, 12));
    expect(dropped!.error!.message).toMatch(/[A-Za-z]/);
    expect(dropped!.error!.message).not.toMatch(/[\u4e00-\u9fff]{4}/);
  });

  it('replies left streaming by a crash become interrupted at the next start', async () => {
    const { core, dataDir } = await simCore();
    const c = conversationsRepo.createConversation(core.db, {});
    const m = messagesRepo.insertMessage(core.db, { conversationId: c.id, parentId: null, role: 'assistant', parts: [{ type: 'text', text: '半截' }], status: 'streaming' });
    core.db.close();
    const { createCore } = await import('../../../src/main/core/core');
    const again = createCore({ dataDir, keychain: null });
    expect(messagesRepo.getMessage(again.db, m.id)).toMatchObject({ status: 'interrupted', parts: [{ type: 'text', text: '半截' }] });
    again.close();
  });
});

import { createApi } from '../../../src/main/api';
import type { Core } from '../../../src/main/core/core';
function createApiOf(core: Core) {
  return createApi(core);
}

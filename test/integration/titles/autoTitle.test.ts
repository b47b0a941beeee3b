// Automatic titles against the simulator: one extra non-streamed request after the first reply, never blocking
// the turn, never replacing a rename.
import { describe, expect, it } from 'vitest';
import { conversationFor, simCore } from '../../helpers/simCore';
import { conversationsRepo } from '../../../src/main/core/store';
import { cleanTitle } from '../../../src/main/core/titles/autoTitler';

const titleOf = (core: Awaited<ReturnType<typeof simCore>>['core'], id: string) => conversationsRepo.getConversation(core.db, id).title;

describe('automatic titles', () => {
  it('asks the conversation’s model for a title after the first reply, without delaying the turn', async () => {
    const { sim, core, api } = await simCore({ autoTitle: true });
    const id = await conversationFor(api, 'baystone', 'llama-3.1-instruct');
    sim.enqueue({ text: '量子力学研究微观粒子的行为。' }, { text: '「量子力学简介」。', delayMs: 30, chunkSize: 2 });
    const changed: Array<string | null> = [];
    core.events.subscribe((event, payload) => event === 'conversations.changed' && changed.push((payload as { conversationId: string | null }).conversationId));

    const [reply] = await core.chat.send({ conversationId: id, text: '什么是量子力学？\n请简单说明' }).done;
    expect(reply!.status).toBe('done');
    // The turn is over; the title request is still on its way, and the fallback is in place.
    expect(titleOf(core, id)).toBe('什么是量子力学？');
    await core.titles!.idle();
    expect(titleOf(core, id)).toBe('量子力学简介');
    expect(changed.at(-1)).toBe(id);

    const [, titleRequest] = sim.chatRequests();
    const body = titleRequest!.body as { stream?: boolean; max_tokens?: number; model: string; messages: Array<{ role: string; content: string }> };
    expect(body.model).toBe('llama-3.1-instruct');
    expect(body.stream).toBeFalsy();
    expect(body.max_tokens).toBe(64);
    expect(body.messages[0]).toMatchObject({ role: 'system' });
    expect(body.messages[0]!.content).toContain('标题');
    expect(JSON.stringify(body.messages)).toContain('什么是量子力学？');
    expect(JSON.stringify(body.messages)).toContain('量子力学研究微观粒子的行为。');

    // Later turns do not retitle.
    sim.enqueue({ text: '第二个回答' });
    await core.chat.send({ conversationId: id, text: '还有呢' }).done;
    await core.titles!.idle();
    expect(sim.chatRequests()).toHaveLength(3);
    expect(titleOf(core, id)).toBe('量子力学简介');
  });

  it('asks in English when the app language is English (szaiai, Anthropic protocol)', async () => {
    const { sim, core, api } = await simCore({ autoTitle: true });
    await api.call('settings.update', { language: 'en' });
    const id = await conversationFor(api, 'szaiai', 'claude-3-5-sonnet');
    sim.enqueue({ text: 'Tea is brewed from leaves.' }, { text: 'Title: How Tea Is Made.' });
    await core.chat.send({ conversationId: id, text: 'how is tea made' }).done;
    await core.titles!.idle();
    expect(titleOf(core, id)).toBe('How Tea Is Made');
    const body = sim.chatRequests()[1]!.body as { system?: unknown };
    expect(JSON.stringify(body.system)).toContain('Summarize the topic in a title');
  });

  it('keeps a rename made while the title was being generated, and the fallback when the request fails', async () => {
    const { sim, core, api } = await simCore({ autoTitle: true });
    const renamed = await conversationFor(api, 'baystone', 'llama-3.1-instruct');
    sim.enqueue({ text: '回答' }, { text: '模型起的标题', delayMs: 50, chunkSize: 1 });
    await core.chat.send({ conversationId: renamed, text: '第一问' }).done;
    await api.call('conversations.rename', { id: renamed, title: '我自己的名字' });
    await core.titles!.idle();
    expect(titleOf(core, renamed)).toBe('我自己的名字');

    const failing = await conversationFor(api, 'baystone', 'llama-3.1-instruct');
    sim.enqueue({ text: '回答' }, { status: 400, errorMessage: 'no titles today' });
    await core.chat.send({ conversationId: failing, text: '另一个问题' }).done;
    await core.titles!.idle();
    expect(titleOf(core, failing)).toBe('另一个问题');

    // A title the user gave at creation is never replaced, and no request is made for it.
    const named = await api.call('conversations.create', { title: '起好的名字', providerId: 'baystone', model: 'llama-3.1-instruct' });
    const namedId = (named as { ok: true; value: { id: string } }).value.id;
    const before = sim.chatRequests().length;
    sim.enqueue({ text: '回答' });
    await core.chat.send({ conversationId: namedId, text: '问题' }).done;
    await core.titles!.idle();
    expect(sim.chatRequests()).toHaveLength(before + 1);
    expect(titleOf(core, namedId)).toBe('起好的名字');
  });

  it('is off unless the core is asked for it', async () => {
    const { sim, core, api } = await simCore();
    const id = await conversationFor(api, 'baystone', 'llama-3.1-instruct');
    sim.enqueue({ text: '回答' });
    await core.chat.send({ conversationId: id, text: '问题' }).done;
    expect(core.titles).toBeUndefined();
    expect(sim.chatRequests()).toHaveLength(1);
  });

  it('cleans what models wrap around a title', () => {
    expect(cleanTitle('标题：《猫咪的日常》。')).toBe('猫咪的日常');
    expect(cleanTitle('"Quantum Basics."\nThis title summarizes…')).toBe('Quantum Basics');
    expect(cleanTitle('<think>想一想</think>\n\n旅行计划')).toBe('旅行计划');
    expect(cleanTitle('   ')).toBe('');
  });
});

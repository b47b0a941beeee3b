// The API methods the chat UI added: presets create/update/delete/duplicate, archive, messages.get/delete and
// chat.continue — against a real SQLite file and the provider simulator.
import { describe, expect, it } from 'vitest';
import { conversationFor, simCore, textOf } from '../helpers/simCore';
import type { Api } from '../../src/main/api';
import type { Conversation, Message, Preset } from '../../src/shared/domain';

async function ok<T>(api: Api, method: string, input?: unknown): Promise<T> {
  const result = await api.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function waitForStatus(api: Api, id: string, status = 'done'): Promise<Message> {
  for (let i = 0; i < 200; i++) {
    const message = await ok<Message>(api, 'messages.get', { id });
    if (message.status !== 'streaming') {
      expect(message.status).toBe(status);
      return message;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`message ${id} still streaming`);
}

describe('presets', () => {
  it('creates, updates, duplicates and deletes the user’s own presets; built-ins keep their text', async () => {
    const { api } = await simCore();
    const created = await ok<Preset>(api, 'presets.create', {
      name: '  古文老师 ',
      emoji: '🦉',
      systemPrompt: '用文言文回答。',
      providerId: 'baystone',
      model: 'gpt-4',
      params: { temperature: 0.7 },
    });
    expect(created).toMatchObject({ name: '古文老师', builtin: false, providerId: 'baystone', params: { temperature: 0.7 } });
    expect(created.id).toMatch(/^user-/);

    const updated = await ok<Preset>(api, 'presets.update', { id: created.id, systemPrompt: '用白话回答。', model: null, providerId: null });
    expect(updated).toMatchObject({ systemPrompt: '用白话回答。', model: null, providerId: null, name: '古文老师' });

    const copy = await ok<Preset>(api, 'presets.duplicate', { id: 'builtin-translator' });
    expect(copy).toMatchObject({ builtin: false, name: '翻译 · Translator (copy)' });
    expect(copy.systemPrompt).toContain('中英互译');

    // A built-in accepts new defaults, not a new prompt; it cannot be deleted.
    expect(await ok<Preset>(api, 'presets.update', { id: 'builtin-translator', params: { temperature: 0.2 } })).toMatchObject({ params: { temperature: 0.2 } });
    expect(await api.call('presets.update', { id: 'builtin-translator', systemPrompt: 'x' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await api.call('presets.delete', { id: 'builtin-translator' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Bad input changes nothing.
    expect(await api.call('presets.create', { name: '' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await api.call('presets.create', { name: 'x', providerId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await api.call('presets.update', { id: created.id, params: { temperature: 9 } })).toMatchObject({ ok: false, error: { code: 'validation' } });

    expect(await ok(api, 'presets.delete', { id: created.id })).toEqual({ deleted: true });
    const names = (await ok<Preset[]>(api, 'presets.list')).map((p) => p.name);
    expect(names).not.toContain('古文老师');
    expect(names).toContain('翻译 · Translator (copy)');
    expect(names).toContain('产品经理 · Product manager');
  });
});

describe('conversations and messages', () => {
  it('archives and unarchives a conversation', async () => {
    const { api } = await simCore();
    const id = await conversationFor(api, 'baystone', 'gpt-4');
    expect(await ok<Conversation>(api, 'conversations.setArchived', { id, archived: true })).toMatchObject({ archived: true });
    expect(await ok<Conversation[]>(api, 'conversations.list')).toEqual([]);
    expect(await ok<Conversation[]>(api, 'conversations.list', { includeArchived: true })).toHaveLength(1);
    await ok(api, 'conversations.setArchived', { id, archived: false });
    expect(await ok<Conversation[]>(api, 'conversations.list')).toHaveLength(1);
  });

  it('deletes a reply with everything below it and moves the view to a surviving sibling', async () => {
    const { api, sim } = await simCore();
    sim.enqueue({ text: 'first' }, { text: 'second' }, { text: 'follow-up' });
    const conversationId = await conversationFor(api, 'baystone', 'gpt-4');
    const turn = await ok<{ assistantMessageIds: string[] }>(api, 'chat.send', { conversationId, text: 'q' });
    const first = await waitForStatus(api, turn.assistantMessageIds[0]!);
    const regen = await ok<{ assistantMessageIds: string[] }>(api, 'chat.regenerate', { messageId: first.id });
    await waitForStatus(api, regen.assistantMessageIds[0]!);
    const followUp = await ok<{ userMessageId: string; assistantMessageIds: string[] }>(api, 'chat.send', { conversationId, text: 'more' });
    await waitForStatus(api, followUp.assistantMessageIds[0]!);

    const result = await ok<{ deleted: number; conversation: Conversation }>(api, 'messages.delete', { id: regen.assistantMessageIds[0] });
    expect(result.deleted).toBe(3);
    expect(result.conversation.activeLeafId).toBe(first.id);
    const left = await ok<Message[]>(api, 'messages.list', { conversationId });
    expect(left.map(textOf)).toEqual(['q', 'first']);
    expect(await api.call('messages.get', { id: followUp.userMessageId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('chat.continue', () => {
  it('continues an OpenAI reply cut by length in place, with an unstored instruction, adding up the usage', async () => {
    const { api, sim } = await simCore();
    sim.enqueue({ text: '第一部分，', finishReason: 'length', usage: { prompt: 10, completion: 5 } }, { text: '第二部分。', usage: { prompt: 20, completion: 5 } });
    const conversationId = await conversationFor(api, 'baystone', 'gpt-4');
    const turn = await ok<{ assistantMessageIds: string[] }>(api, 'chat.send', { conversationId, text: '写诗' });
    const cut = await waitForStatus(api, turn.assistantMessageIds[0]!);
    expect(cut.finishReason).toBe('length');

    const continued = await ok<{ assistantMessageIds: string[] }>(api, 'chat.continue', { messageId: cut.id });
    expect(continued.assistantMessageIds).toEqual([cut.id]);
    const done = await waitForStatus(api, cut.id);
    expect(textOf(done)).toBe('第一部分，第二部分。');
    expect(done.finishReason).toBe('stop');
    expect(done.usage).toMatchObject({ promptTokens: 30, completionTokens: 10 });
    const body = sim.chatRequests()[1]!.body as { messages: Array<{ role: string; content: string }>; n?: number };
    expect(body.messages.slice(0, 2)).toEqual([
      { role: 'user', content: '写诗' },
      { role: 'assistant', content: '第一部分，' },
    ]);
    expect(body.messages[2]).toMatchObject({ role: 'user' });
    expect(body.n).toBeUndefined();
    // Still one reply, and the instruction was never stored.
    expect((await ok<Message[]>(api, 'messages.list', { conversationId })).map(textOf)).toEqual(['写诗', '第一部分，第二部分。']);
  });

  it('continues an Anthropic reply by prefilling it (no trailing whitespace, no extra turn)', async () => {
    const { api, sim } = await simCore();
    sim.enqueue({ text: 'Part one ', finishReason: 'max_tokens' }, { text: 'and part two.' });
    const conversationId = await conversationFor(api, 'szaiai', 'xiaoai-chat-v1');
    const turn = await ok<{ assistantMessageIds: string[] }>(api, 'chat.send', { conversationId, text: 'Write' });
    const cut = await waitForStatus(api, turn.assistantMessageIds[0]!);
    await ok(api, 'chat.continue', { messageId: cut.id });
    const done = await waitForStatus(api, cut.id);
    expect(textOf(done)).toBe('Part one and part two.');
    const body = sim.chatRequests()[1]!.body as { messages: Array<{ role: string; content: string }> };
    expect(body.messages).toEqual([
      { role: 'user', content: 'Write' },
      { role: 'assistant', content: 'Part one' },
    ]);
  });

  it('refuses to continue a user message or a reply that is still streaming', async () => {
    const { api, sim } = await simCore();
    sim.enqueue({ text: 'slow '.repeat(50), delayMs: 20 });
    const conversationId = await conversationFor(api, 'baystone', 'gpt-4');
    const turn = await ok<{ userMessageId: string; assistantMessageIds: string[] }>(api, 'chat.send', { conversationId, text: 'q' });
    expect(await api.call('chat.continue', { messageId: turn.userMessageId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await api.call('chat.continue', { messageId: turn.assistantMessageIds[0] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await api.call('messages.delete', { id: turn.assistantMessageIds[0] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await ok(api, 'chat.stop', { messageId: turn.assistantMessageIds[0] });
    await waitForStatus(api, turn.assistantMessageIds[0]!, 'interrupted');
  });
});

describe('providers.quota', () => {
  it('reports zyinfo’s balance without echoing the openid (a secret) to the faces', async () => {
    const { api } = await simCore();
    const quota = await ok<Record<string, unknown>>(api, 'providers.quota', { id: 'zyinfo' });
    expect(quota).toMatchObject({ balance: expect.any(Number) });
    expect(quota).not.toHaveProperty('openid');
    expect(JSON.stringify(quota)).not.toContain('"test"');
  });
});

// messages.path (the tail of a path and its pages, with sibling ids) and conversations.showMessage, on a real
// SQLite file: what the chat pane fetches instead of a whole conversation.
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core';
import { createApi, type Api } from '../../src/main/api';
import { conversationsRepo, messagesRepo, type Db } from '../../src/main/core/store';
import type { Conversation, Message } from '../../src/shared/domain';
import { tempDir } from '../helpers/tempDir';
import { conversationFor, simCore, textOf } from '../helpers/simCore';

interface PathOutput {
  leafId: string | null;
  entries: Array<{ message: Message; siblingIds: string[] }>;
  hasMore: boolean;
}

async function ok<T>(api: Api, method: string, input?: unknown): Promise<T> {
  const result = await api.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

function setup() {
  const core = createCore({ dataDir: tempDir(), keychain: null });
  return { db: core.db, api: createApi(core, { face: 'renderer' }) };
}

/** A chain of `count` messages m0 … m(count-1) (m0 the root); returns their ids. */
function chain(db: Db, conversationId: string, count: number, parentId: string | null = null, at = 1000): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const role = i % 2 ? 'assistant' : 'user';
    parentId = messagesRepo.insertMessage(db, { conversationId, parentId, role, parts: [{ type: 'text', text: `m${i}` }], status: 'done' }, at + i).id;
    ids.push(parentId);
  }
  return ids;
}

describe('messages.path', () => {
  it('returns the tail of the active path with sibling ids, and pages up to the root from each page’s first parent', async () => {
    const { db, api } = setup();
    const conversation = conversationsRepo.createConversation(db, { title: '长对话' }, 1);
    const main = chain(db, conversation.id, 1200);
    // A second version of m1 (a regenerated reply) with its own follow-up, then back to the main branch.
    const [alt] = chain(db, conversation.id, 1, main[0]!, 5000);
    chain(db, conversation.id, 1, alt!, 5001);
    conversationsRepo.updateConversation(db, conversation.id, { activeLeafId: main[1199]! }, 6000);

    const tail = await ok<PathOutput>(api, 'messages.path', { conversationId: conversation.id, limit: 40 });
    expect(tail.leafId).toBe(main[1199]);
    expect(tail.entries.map((e) => e.message.id)).toEqual(main.slice(1160));
    expect(tail.entries.every((e) => e.siblingIds.length === 1 && e.siblingIds[0] === e.message.id)).toBe(true);
    expect(tail.hasMore).toBe(true);

    // Walk up in pages of 500: every message of the path once, root first, and m1 knows its second version.
    const seen = [...tail.entries];
    for (let page = tail; page.hasMore; ) {
      page = await ok<PathOutput>(api, 'messages.path', { conversationId: conversation.id, leafId: page.entries[0]!.message.parentId!, limit: 500 });
      expect(page.entries.length).toBeLessThanOrEqual(500);
      seen.unshift(...page.entries);
    }
    expect(seen.map((e) => e.message.id)).toEqual(main);
    expect(seen[1]!.siblingIds).toEqual([main[1], alt]);
    expect(seen[0]!.siblingIds).toEqual([main[0]]);
  });

  it('lists the conversation’s first messages as siblings of each other (an edited first question)', async () => {
    const { db, api } = setup();
    const conversation = conversationsRepo.createConversation(db, { title: 'x' }, 1);
    const [first] = chain(db, conversation.id, 2);
    const [edited] = chain(db, conversation.id, 2, null, 3000);
    // Another conversation's roots are not siblings.
    chain(db, conversationsRepo.createConversation(db, { title: 'y' }, 1).id, 1);
    const tail = await ok<PathOutput>(api, 'messages.path', { conversationId: conversation.id, limit: 10 });
    expect(tail.entries[0]!.message.id).toBe(edited);
    expect(tail.entries[0]!.siblingIds).toEqual([first, edited]);
    expect(tail.hasMore).toBe(false);
  });

  it('answers an empty conversation with no entries, and refuses a leaf of another conversation', async () => {
    const { db, api } = setup();
    const empty = conversationsRepo.createConversation(db, { title: 'empty' }, 1);
    expect(await ok<PathOutput>(api, 'messages.path', { conversationId: empty.id, limit: 5 })).toEqual({ leafId: null, entries: [], hasMore: false });
    const other = conversationsRepo.createConversation(db, { title: 'other' }, 1);
    const [foreign] = chain(db, other.id, 1);
    expect(await api.call('messages.path', { conversationId: empty.id, leafId: foreign, limit: 5 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await api.call('messages.path', { conversationId: 'nope', limit: 5 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('rejects invalid input with a validation error', async () => {
    const { db, api } = setup();
    const conversation = conversationsRepo.createConversation(db, { title: 'x' }, 1);
    for (const input of [
      undefined,
      { conversationId: conversation.id },
      { conversationId: conversation.id, limit: 0 },
      { conversationId: conversation.id, limit: 1001 },
      { conversationId: conversation.id, limit: 2.5 },
      { conversationId: conversation.id, limit: '10' },
      { conversationId: '', limit: 10 },
      { conversationId: conversation.id, leafId: 42, limit: 10 },
      { conversationId: conversation.id, limit: 10, afterCursor: 'x' },
    ]) {
      expect(await api.call('messages.path', input)).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
  });
});

describe('conversations.showMessage', () => {
  it('keeps the view when the message is on the active path, else moves to the newest leaf below it', async () => {
    const { db, api } = setup();
    const conversation = conversationsRepo.createConversation(db, { title: 'x' }, 1);
    const main = chain(db, conversation.id, 6);
    const branch = chain(db, conversation.id, 3, main[1]!, 5000);
    const older = chain(db, conversation.id, 1, branch[0]!, 4000);
    conversationsRepo.updateConversation(db, conversation.id, { activeLeafId: main[5]! }, 6000);

    expect((await ok<Conversation>(api, 'conversations.showMessage', { id: conversation.id, messageId: main[0] })).activeLeafId).toBe(main[5]);
    expect((await ok<Conversation>(api, 'conversations.showMessage', { id: conversation.id, messageId: main[5] })).activeLeafId).toBe(main[5]);
    // branch[0] has two children: branch[1] (newer) and older[0]; the newest line ends at branch[2].
    expect((await ok<Conversation>(api, 'conversations.showMessage', { id: conversation.id, messageId: branch[0] })).activeLeafId).toBe(branch[2]);
    expect((await ok<Conversation>(api, 'conversations.showMessage', { id: conversation.id, messageId: older[0] })).activeLeafId).toBe(older[0]);
    expect((await ok<Conversation>(api, 'conversations.showMessage', { id: conversation.id, messageId: main[3] })).activeLeafId).toBe(main[5]);
  });

  it('refuses a message of another conversation and invalid input, changing nothing', async () => {
    const { db, api } = setup();
    const conversation = conversationsRepo.createConversation(db, { title: 'x' }, 1);
    const [leaf] = chain(db, conversation.id, 1);
    const [foreign] = chain(db, conversationsRepo.createConversation(db, { title: 'y' }, 1).id, 1);
    expect(await api.call('conversations.showMessage', { id: conversation.id, messageId: foreign })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await api.call('conversations.showMessage', { id: conversation.id, messageId: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    for (const input of [{ id: conversation.id }, { id: conversation.id, messageId: '' }, { id: conversation.id, messageId: foreign, leafId: leaf }]) {
      expect(await api.call('conversations.showMessage', input)).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect(conversationsRepo.getConversation(db, conversation.id).activeLeafId).toBe(leaf);
  });
});

describe('the pane’s fetches around real turns', () => {
  it('after a regenerate, the short tail carries both versions; switching back shows the first branch', async () => {
    const { api, sim } = await simCore();
    sim.enqueue({ text: 'first' }, { text: 'second' });
    const conversationId = await conversationFor(api, 'baystone', 'gpt-4');
    const turn = await ok<{ userMessageId: string; assistantMessageIds: string[] }>(api, 'chat.send', { conversationId, text: 'q' });
    await waitForEnd(api, turn.assistantMessageIds[0]!);
    const regen = await ok<{ assistantMessageIds: string[] }>(api, 'chat.regenerate', { messageId: turn.assistantMessageIds[0] });
    await waitForEnd(api, regen.assistantMessageIds[0]!);

    const tail = await ok<PathOutput>(api, 'messages.path', { conversationId, limit: 8 });
    expect(tail.entries.map((e) => textOf(e.message))).toEqual(['q', 'second']);
    expect(tail.entries[1]!.siblingIds).toEqual([turn.assistantMessageIds[0], regen.assistantMessageIds[0]]);

    const shown = await ok<Conversation>(api, 'conversations.showMessage', { id: conversationId, messageId: turn.assistantMessageIds[0] });
    expect(shown.activeLeafId).toBe(turn.assistantMessageIds[0]);
    expect((await ok<PathOutput>(api, 'messages.path', { conversationId, limit: 8 })).entries.map((e) => textOf(e.message))).toEqual(['q', 'first']);
  });
});

async function waitForEnd(api: Api, id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await ok<Message>(api, 'messages.get', { id })).status !== 'streaming') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`message ${id} still streaming`);
}

// Search against a real SQLite file through the API, with the store writing the way the app does.
import { describe, expect, it } from 'vitest';
import { conversationFor, simCore } from '../../helpers/simCore';
import { conversationsRepo, messagesRepo, type Db } from '../../../src/main/core/store';
import type { Api } from '../../../src/main/api';
import type { MessagePart } from '../../../src/shared/domain';
import type { ApiOutput } from '../../../src/shared/contract';
import { COMMON_RANK_WINDOW, EXACT_RANK_LIMIT } from '../../../src/main/core/search/search';

type SearchOutput = ApiOutput<'search.query'>;

async function search(api: Api, input: Record<string, unknown> | string): Promise<SearchOutput> {
  const result = await api.call('search.query', typeof input === 'string' ? { query: input } : input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as SearchOutput;
}

const ids = (out: SearchOutput) => out.results.map((r) => r.messageId ?? `title:${r.conversationId}`);
const text = (value: string): MessagePart[] => [{ type: 'text', text: value }];

/** A conversation with the given messages (alternating user/assistant), written through the repositories. */
function seed(db: Db, title: string, texts: string[], extra: { providerId?: string; model?: string; createdAt?: number } = {}) {
  const at = extra.createdAt ?? Date.now();
  const conversation = conversationsRepo.createConversation(db, { title, providerId: extra.providerId ?? 'baystone', model: extra.model ?? 'llama-3.1-instruct' }, at);
  let parentId: string | null = null;
  const messageIds: string[] = [];
  texts.forEach((value, i) => {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    const message = messagesRepo.insertMessage(
      db,
      { conversationId: conversation.id, parentId, role, parts: text(value), status: 'done', ...(role === 'assistant' ? { providerId: extra.providerId ?? 'baystone', model: extra.model ?? 'llama-3.1-instruct' } : {}) },
      at + i,
    );
    parentId = message.id;
    messageIds.push(message.id);
  });
  return { conversationId: conversation.id, messageIds };
}

describe('search', () => {
  it('finds one- and two-character Chinese queries, longer words, and English words', async () => {
    const { core, api } = await simCore();
    const a = seed(core.db, '闲聊', ['我家的小猫很可爱', '量子力学是物理学的基础'], {});
    const b = seed(core.db, 'English', ['The cat sat on the mat', '猫'], {});
    const c = seed(core.db, '无关', ['今天天气不错', 'nothing here'], {});

    expect(ids(await search(api, '猫')).sort()).toEqual([a.messageIds[0], b.messageIds[1]].sort());
    expect(ids(await search(api, '量子'))).toEqual([a.messageIds[1]]);
    expect(ids(await search(api, '力学'))).toEqual([a.messageIds[1]]);
    expect(ids(await search(api, '量子力学'))).toEqual([a.messageIds[1]]);
    expect(ids(await search(api, '学'))).toEqual([a.messageIds[1]]);
    expect(ids(await search(api, 'CAT'))).toEqual([b.messageIds[0]]);
    expect(ids(await search(api, '天气'))).toEqual([c.messageIds[0]]);
    // Not substrings of a longer run in the wrong order, nor characters that are merely present apart.
    expect(ids(await search(api, '子量'))).toEqual([]);
    expect(ids(await search(api, '猫可'))).toEqual([]);

    const [hit] = (await search(api, '小猫')).results;
    expect(hit).toMatchObject({ conversationId: a.conversationId, kind: 'message', role: 'user', conversationTitle: '闲聊', archived: false });
    expect(hit!.snippet).toEqual([
      { text: '我家的', match: false },
      { text: '小猫', match: true },
      { text: '很可爱', match: false },
    ]);
  });

  it('supports quoted phrases, mixed Chinese-English queries and full-width input', async () => {
    const { core, api } = await simCore();
    const m = seed(core.db, 't', ['这是一份Python入门教程', 'Quantum computing is fun', 'computing with quantum bits', '深度学习和机器学习', 'ＧＰＴ４的上下文很长']).messageIds;

    expect(ids(await search(api, 'Python教程'))).toEqual([m[0]]);
    expect(ids(await search(api, 'python 入门'))).toEqual([m[0]]);
    expect(ids(await search(api, '"Python入门"'))).toEqual([m[0]]);
    expect(ids(await search(api, '"python 教程"'))).toEqual([]);
    expect(ids(await search(api, '"一份Python"'))).toEqual([m[0]]);
    expect(ids(await search(api, '"份python入"'))).toEqual([m[0]]);

    expect(ids(await search(api, '"quantum computing"'))).toEqual([m[1]]);
    expect(ids(await search(api, 'quantum computing')).sort()).toEqual([m[1], m[2]].sort());
    expect(ids(await search(api, '“学习和机器”'))).toEqual([m[3]]);
    expect(ids(await search(api, '"学习深度"'))).toEqual([]);
    expect(ids(await search(api, '学习 深度'))).toEqual([m[3]]);
    expect(ids(await search(api, 'gpt4 上下文'))).toEqual([m[4]]);
  });

  it('never throws on FTS5 syntax or odd input, and returns nothing for nothing searchable', async () => {
    const { core, api } = await simCore();
    const m = seed(core.db, 't', ['AND OR NOT near the ( parenthesis']).messageIds;
    for (const query of ['AND OR "(', '"', '*', 'NEAR(', 'title:x', '{title body}: y', '^a', '-', "'", ')))', '\\', '"unclosed 引号', 'a"b"c', '\u0000', '😀']) {
      const out = await search(api, query);
      expect(Array.isArray(out.results)).toBe(true);
    }
    expect(ids(await search(api, 'AND OR "('))).toEqual([m[0]]);
    expect(ids(await search(api, 'near ('))).toEqual([m[0]]);
    expect((await search(api, '')).results).toEqual([]);
    expect((await search(api, '()*"')).results).toEqual([]);
    const invalid = await api.call('search.query', { query: 'x', limit: 0 });
    expect(invalid.ok).toBe(false);
  });

  it('follows edits and deletions: old text leaves the results, new text enters, cascades clean the index', async () => {
    const { core, api } = await simCore();
    const { conversationId, messageIds } = seed(core.db, '编辑测试', ['原来的句子讲猫', '回复讲狗', '第三条']);
    expect(ids(await search(api, '猫'))).toEqual([messageIds[0]]);

    messagesRepo.updateMessageParts(core.db, messageIds[0]!, text('改过的句子讲鱼'));
    expect(ids(await search(api, '猫'))).toEqual([]);
    expect(ids(await search(api, '鱼'))).toEqual([messageIds[0]]);

    // Deleting a message removes it and (tree cascade) its replies.
    const deleted = await api.call('messages.delete', { id: messageIds[1] });
    expect(deleted.ok).toBe(true);
    expect(ids(await search(api, '狗'))).toEqual([]);
    expect(ids(await search(api, '第三条'))).toEqual([]);
    expect(ids(await search(api, '鱼'))).toEqual([messageIds[0]]);

    // A rename is searchable; deleting the conversation removes its title and messages from the index.
    await api.call('conversations.rename', { id: conversationId, title: '关于鲸鱼的对话' });
    expect(ids(await search(api, '鲸'))).toEqual([`title:${conversationId}`]);
    await api.call('conversations.delete', { id: conversationId });
    expect((await search(api, '鱼')).results).toEqual([]);
    expect(core.db.prepare('SELECT count(*) AS n FROM search_docs').get()).toEqual({ n: 0 });
    expect(core.db.prepare('SELECT count(*) AS n FROM search_pending').get()).toEqual({ n: 0 });
  });

  it('indexes text parts but not reasoning', async () => {
    const { core, api } = await simCore();
    const conversation = conversationsRepo.createConversation(core.db, { title: 't' });
    const message = messagesRepo.insertMessage(core.db, {
      conversationId: conversation.id,
      parentId: null,
      role: 'assistant',
      parts: [{ type: 'reasoning', text: '内心独白里的秘密' }, { type: 'text', text: '最终答案' }],
      status: 'done',
    });
    expect(ids(await search(api, '秘密'))).toEqual([]);
    expect(ids(await search(api, '答案'))).toEqual([message.id]);
  });

  it('makes a streaming reply searchable while it grows, and its final text once it is done', async () => {
    const { sim, core, api } = await simCore({ persistIntervalMs: 20 });
    const conversationId = await conversationFor(api, 'baystone', 'llama-3.1-instruct');
    const reply = '开头部分讲蜂蜜。' + '中间的填充文字。'.repeat(30) + '结尾部分讲蝴蝶。';
    // The first search starts the reader worker (a few hundred ms from source): started before the reply streams,
    // the loop below polls a warm worker, as in the app after its first search.
    expect(ids(await search(api, '蜂蜜'))).toEqual([]);
    sim.enqueue({ text: reply, chunkSize: 4, delayMs: 10 });
    const handle = core.chat.send({ conversationId, text: '讲个故事' });
    const replyId = handle.assistantMessageIds[0]!;

    let foundWhileStreaming = false;
    while (core.chat.isStreaming(replyId)) {
      const out = await search(api, '蜂蜜');
      if (out.results.some((r) => r.messageId === replyId) && core.chat.isStreaming(replyId)) {
        foundWhileStreaming = true;
        // The end has not arrived yet.
        expect(ids(await search(api, '蝴蝶'))).toEqual([]);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(foundWhileStreaming).toBe(true);
    await handle.done;
    expect(ids(await search(api, '蝴蝶'))).toEqual([replyId]);
    // The user message, and the title the chat engine took from it.
    expect(ids(await search(api, '讲个故事')).sort()).toEqual([handle.userMessageId, `title:${conversationId}`].sort());
  });

  it('ranks a very common term among its newest matches, by term frequency and length, titles first', async () => {
    const { core, api } = await simCore();
    const filler = Array.from({ length: COMMON_RANK_WINDOW + EXACT_RANK_LIMIT }, (_, i) => `第${i}条消息：今天看到一只猫在晒太阳，${'旁边还有很多别的东西和长长的描述，'.repeat(3)}`);
    const many = seed(core.db, '普通对话', filler, { createdAt: Date.UTC(2024, 0, 1) });
    const best = seed(core.db, '猫咪专题', ['猫猫猫，猫！'], { createdAt: Date.UTC(2024, 0, 2) });
    // A search indexes at most 1,000 pending changes first (newest first) and says how many are left…
    const early = await search(api, { query: '猫', limit: 5 });
    expect(early.pendingIndexing).toBe(filler.length + 3 - 1000);
    expect(early.results[0]).toMatchObject({ kind: 'title', conversationId: best.conversationId });
    // …which the background works through (here: at once).
    core.search.indexAll();
    const out = await search(api, { query: '猫', limit: 5 });
    expect(out.pendingIndexing).toBe(0);
    expect(out.results).toHaveLength(5);
    expect(out.results[0]).toMatchObject({ kind: 'title', conversationId: best.conversationId });
    expect(out.results[1]).toMatchObject({ kind: 'message', messageId: best.messageIds[0] });
    expect(out.results.slice(2).every((r) => many.messageIds.includes(r.messageId!))).toBe(true);
    // Scores go down the list.
    for (let i = 1; i < out.results.length; i++) expect(out.results[i - 1]!.score).toBeGreaterThanOrEqual(out.results[i]!.score);
    // The same query inside one conversation with few matches is ranked exactly (FTS5 bm25).
    expect(ids(await search(api, { query: '猫', conversationId: best.conversationId }))).toEqual([`title:${best.conversationId}`, best.messageIds[0]]);
  });

  it('ranks title matches first and filters by conversation, provider, model, date and archive state', async () => {
    const { core, api } = await simCore();
    const day = 86_400_000;
    const t0 = Date.UTC(2025, 0, 1);
    const old = seed(core.db, '火锅攻略', ['周末去吃什么', '推荐去吃火锅'], { providerId: 'szaiai', model: 'claude-x', createdAt: t0 });
    const recent = seed(core.db, '晚饭', ['晚饭吃火锅吗', '可以，火锅很好'], { createdAt: t0 + 10 * day });

    const all = await search(api, '火锅');
    expect(all.results[0]).toMatchObject({ kind: 'title', conversationId: old.conversationId, messageId: null });
    expect(all.results).toHaveLength(4);
    expect(all.results[0]!.snippet).toEqual([{ text: '火锅', match: true }, { text: '攻略', match: false }]);

    expect(ids(await search(api, { query: '火锅', conversationId: recent.conversationId })).sort()).toEqual([...recent.messageIds].sort());
    expect(ids(await search(api, { query: '火锅', providerId: 'szaiai' })).sort()).toEqual([`title:${old.conversationId}`, old.messageIds[1]].sort());
    expect(ids(await search(api, { query: '火锅', model: 'llama-3.1-instruct' })).sort()).toEqual([...recent.messageIds].sort());
    expect(ids(await search(api, { query: '火锅', from: t0 + day })).sort()).toEqual([...recent.messageIds].sort());
    expect(ids(await search(api, { query: '火锅', from: t0, to: t0 + 1 }))).toEqual([`title:${old.conversationId}`]);
    expect(ids(await search(api, { query: '火锅', limit: 1 }))).toHaveLength(1);

    await api.call('conversations.setArchived', { id: old.conversationId, archived: true });
    const withArchived = await search(api, '火锅');
    expect(withArchived.results.filter((r) => r.archived)).toHaveLength(2);
    expect(ids(await search(api, { query: '火锅', includeArchived: false })).sort()).toEqual([...recent.messageIds].sort());
  });
});

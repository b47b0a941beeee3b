// Searches rewrite the index entry of a reply that is still streaming at most every (length / 20) ms, capped at
// streamingReindexMs; a finished reply is indexed at once; a streaming reply is never counted as a backlog.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/main/core/core';
import { conversationsRepo, messagesRepo } from '../../../src/main/core/store';
import { SearchIndexer, STREAMING_REINDEX_CHARS_PER_MS } from '../../../src/main/core/search/indexer';
import { readSearchResults } from '../../../src/main/core/search/search';

let core: Core | undefined;
afterEach(() => core?.close());

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-reindex-'));
  core = createCore({ dataDir: dir, keychain: null, readerWorker: false });
  const db = core.db;
  let clock = 0;
  const indexer = new SearchIndexer(db, { streamingReindexMs: 1000, now: () => clock });
  indexer.indexAll();
  const conversation = conversationsRepo.createConversation(db, { title: 't' });
  const reply = messagesRepo.insertMessage(db, { conversationId: conversation.id, parentId: null, role: 'assistant', parts: [{ type: 'text', text: '' }], status: 'streaming' });
  // The title; the streaming reply waits for a search.
  indexer.indexPending({ includeStreaming: false });
  const persist = (text: string, status: 'streaming' | 'done' = 'streaming') =>
    db.prepare('UPDATE messages SET parts = ?, status = ? WHERE id = ?').run(JSON.stringify([{ type: 'text', text }]), status, reply.id);
  const indexedText = () => (db.prepare('SELECT 1 FROM search_docs WHERE message_id = ?').get(reply.id) ? 'indexed' : 'not indexed');
  const pendingReply = () => Boolean(db.prepare("SELECT 1 FROM search_pending WHERE kind = 'message' AND id = ?").get(reply.id));
  const finds = async (query: string) => (await readSearchResults(db, { query })).some((result) => result.messageId === reply.id);
  return { indexer, persist, indexedText, pendingReply, finds, advance: (ms: number) => (clock += ms) };
}

describe('re-indexing a streaming reply', () => {
  it('rewrites a long reply at most once a second while it streams, and at once when it is done', () => {
    const { indexer, persist, pendingReply, advance, indexedText } = setup();
    const long = '量子'.repeat(15_000);
    persist(long.slice(0, 20_000));
    expect(indexer.indexPending({ includeStreaming: true })).toBe(1);
    expect(indexedText()).toBe('indexed');
    persist(long.slice(0, 25_000));
    advance(500);
    // Still pending, but not a backlog: searches do not report it as indexing work left.
    expect(indexer.indexPending({ includeStreaming: true })).toBe(0);
    expect(pendingReply()).toBe(true);
    expect(indexer.pendingCount()).toBe(0);
    advance(500);
    expect(indexer.indexPending({ includeStreaming: true })).toBe(1);
    expect(pendingReply()).toBe(false);
    persist(long, 'done');
    expect(indexer.indexPending({ includeStreaming: true })).toBe(1);
    // The background pass (streaming excluded) leaves a streaming reply alone as before.
    expect(indexer.indexPending({ includeStreaming: false })).toBe(0);
  });

  it('rewrites a short reply at every search', () => {
    const { indexer, persist, advance } = setup();
    persist('开头部分讲蜂蜜。');
    expect(indexer.indexPending({ includeStreaming: true })).toBe(1);
    persist('开头部分讲蜂蜜。中间');
    // About 60 characters of stored JSON: 3 ms at 20 characters a millisecond.
    advance(60 / STREAMING_REINDEX_CHARS_PER_MS);
    expect(indexer.indexPending({ includeStreaming: true })).toBe(1);
  });

  it('finds what the reply grew by, across the point where its earlier words were kept, and forgets what an edit removed', async () => {
    const { indexer, persist, finds, advance } = setup();
    const step = (text: string) => {
      persist(text);
      advance(1000);
      indexer.indexPending({ includeStreaming: true });
    };
    step('今天讲量子');
    step('今天讲量子力学和 rela');
    expect(await finds('量子力学')).toBe(true);
    expect(await finds('relativity')).toBe(false);
    step('今天讲量子力学和 relativity，还有蜂蜜\n下一段');
    for (const query of ['量子力学', '和', 'relativity', '还有蜂蜜', '蜜', '下一段']) expect(await finds(query), query).toBe(true);
    // Not a continuation (the reply was cut and restarted): the old words are gone from the index.
    step('另一个回答 about bees');
    expect(await finds('量子力学')).toBe(false);
    expect(await finds('bees')).toBe(true);
  });
});

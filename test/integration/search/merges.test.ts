// The index's segments are merged in steps between tasks (SearchIndexer.mergeStep, the search service), not inside
// the commits that write them (migration 006 turns FTS5 automerge off).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { conversationsRepo, messagesRepo, openDatabase, type Db } from '../../../src/main/core/store';
import { SearchIndexer } from '../../../src/main/core/search/indexer';
import { createSearchService, type SearchService } from '../../../src/main/core/search';
import { readSearchResults } from '../../../src/main/core/search/search';

let db: Db | undefined;
let service: SearchService | undefined;
afterEach(() => {
  service?.close();
  db?.close();
});

/** The number of segments in the index, from FTS5's own structure record (its 'structure' debugging function is not built in). */
function segmentCount(database: Db): number {
  // Every segment's leaves are rows of search_fts_data with ids carrying the segment id in bits 37-52.
  const rows = database.prepare('SELECT id FROM search_fts_data WHERE id >= ?').all(2 ** 37) as Array<{ id: number }>;
  return new Set(rows.map((row) => Math.floor(row.id / 2 ** 37) & 0xffff)).size;
}

function setup() {
  db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-merges-')), 'qiao.db'));
  const conversation = conversationsRepo.createConversation(db, { title: '合并' });
  let parentId: string | null = null;
  const add = (text: string) => {
    parentId = messagesRepo.insertMessage(db!, { conversationId: conversation.id, parentId, role: 'user', parts: [{ type: 'text', text }], status: 'done' }).id;
  };
  return { db, add };
}

describe('index merges', () => {
  it('leave the commits that write the index alone; mergeStep merges in steps until nothing is left, and everything stays findable', async () => {
    const { db, add } = setup();
    const indexer = new SearchIndexer(db);
    for (let i = 0; i < 12; i++) {
      add(`第${i}条消息 about merging number${i}`);
      indexer.indexPending();
    }
    const before = segmentCount(db);
    expect(before).toBeGreaterThanOrEqual(12);
    let steps = 0;
    while (indexer.mergeStep(1)) steps++;
    expect(steps).toBeGreaterThan(0);
    expect(segmentCount(db)).toBeLessThan(before / 2);
    // Nothing left: another step does nothing.
    expect(indexer.mergeStep()).toBe(false);
    db.exec("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 0)");
    for (let i = 0; i < 12; i++) expect((await readSearchResults(db, { query: `number${i}` })).length, `number${i}`).toBe(1);
    expect((await readSearchResults(db, { query: '消息' })).length).toBe(12);
  });

  it('are run by the search service after its searches, between tasks', async () => {
    const { db, add } = setup();
    service = createSearchService(db);
    for (let i = 0; i < 12; i++) {
      add(`第${i}条消息 number${i}`);
      // Each search indexes the new message in a commit of its own: a segment each.
      expect((await service.search({ query: `number${i}` })).results.length).toBe(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(new SearchIndexer(db).mergeStep()).toBe(false);
    expect(segmentCount(db)).toBeLessThan(6);
    expect((await service.search({ query: '消息' })).results.length).toBe(12);
  });

  it('are done as it goes by indexAll, which leaves nothing to merge', () => {
    const { db, add } = setup();
    for (let i = 0; i < 50; i++) add(`message ${i}`);
    new SearchIndexer(db).indexAll(5);
    expect(new SearchIndexer(db).mergeStep()).toBe(false);
  });
});

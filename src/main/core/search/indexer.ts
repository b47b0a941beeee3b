// Brings the search index up to date: SQL triggers list changed messages and titles in search_pending (and
// remove deleted ones themselves); this module tokenizes them (tokens.ts) and writes search_fts.
import { createHash } from 'node:crypto';
import type { MessagePart } from '../../../shared/domain';
import type { Db } from '../store';
import { parseJson } from '../store/json';
import { GrowingIndexWords, indexWords } from './tokens';

/** A doc id is created_at (ms) * SLOTS + slot: rowid order is time order, and a date range is a rowid range. */
export const SLOTS_PER_MS = 1024;
/** Keeps doc ids below 2^53 (exact in JS numbers): timestamps are clamped to [0, year 2223]. */
const MAX_TIME_MS = 8_000_000_000_000;

export function docIdRange(fromMs: number, toMs: number): [number, number] {
  return [clampTime(fromMs) * SLOTS_PER_MS, clampTime(toMs) * SLOTS_PER_MS + SLOTS_PER_MS - 1];
}

function clampTime(ms: number): number {
  return Math.min(MAX_TIME_MS, Math.max(0, Math.floor(ms)));
}

/** The token that tags every document of a conversation, for the one-conversation filter. */
export function scopeToken(conversationId: string): string {
  return `c${createHash('sha1').update(conversationId).digest('hex').slice(0, 16)}`;
}

/**
 * What search sees of a message: its text parts. Reasoning is left out on purpose: it is the model's scratch
 * work (often several times longer than the answer, collapsed in the UI), and matches in it would flood results
 * with passages the user never read. Images have no text.
 */
export function searchableText(parts: readonly MessagePart[]): string {
  return parts
    .filter((part): part is Extract<MessagePart, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}

interface PendingRow {
  kind: 'message' | 'title';
  id: string;
  /** The message's status and the length of its stored parts (null for titles and deleted messages). */
  status: string | null;
  length: number | null;
}

/** See SearchIndexerOptions.streamingReindexMs. */
export const STREAMING_REINDEX_CHARS_PER_MS = 20;

/**
 * Pages per merge step between other work. On a 100,000-message index a step took 0.03 ms (p50), 4 ms (p99), 12 ms
 * at most: FTS5 ends a step at a term boundary, so it runs longer where one term's list is long. Automerge merged
 * 64 × (levels) pages in one commit.
 */
export const MERGE_STEP_PAGES = 16;
/** Pages per merge step in a bulk indexAll, which holds the thread anyway. */
const BULK_MERGE_STEP_PAGES = 512;

export interface SearchIndexerOptions {
  /**
   * How often searches rewrite the index entry of a reply that is still streaming, at most (ms). Every persist of a
   * growing reply marks it pending, and rewriting a long reply's entry costs a few milliseconds of the main thread
   * (and its pages in the WAL): with searches every few hundred milliseconds while a long reply streams, that adds
   * up. So the interval grows with the reply, STREAMING_REINDEX_CHARS_PER_MS characters per millisecond up to this
   * cap: a short reply is indexed at every search, a 20,000-character one once a second, and the index of a reply
   * lags its text by at most that much while it streams. Once the reply is done it is indexed at the next search or
   * background pass. 0: at every search.
   */
  streamingReindexMs?: number;
  now?: () => number;
}

export interface IndexOptions {
  /** At most this many pending rows (default: all). */
  limit?: number;
  /**
   * Also index replies that are still streaming (their text as persisted so far). Searches do, so a growing
   * reply is findable at once; background passes skip them, since every persist marks them pending again.
   */
  includeStreaming?: boolean;
}

export class SearchIndexer {
  private readonly statements;

  private readonly streamingReindexMs: number;
  private readonly now: () => number;
  /**
   * Each streaming reply: when it was last indexed, and its index words so far, so each rewrite tokenizes only what
   * it grew by (dropped once it is indexed as not streaming).
   */
  private readonly streaming = new Map<string, { indexedAt: number; words: GrowingIndexWords }>();
  /** Whether index writes were committed since a merge step last found nothing to merge. */
  private unmerged = false;

  constructor(
    private readonly db: Db,
    options: SearchIndexerOptions = {},
  ) {
    this.streamingReindexMs = options.streamingReindexMs ?? 0;
    this.now = options.now ?? (() => performance.now());
    this.statements = {
      pending: db.prepare<[number, number]>(
        `SELECT p.kind, p.id, m.status, length(m.parts) AS length FROM search_pending p
         LEFT JOIN messages m ON p.kind = 'message' AND m.id = p.id
         WHERE ? OR m.status IS NOT 'streaming'
         ORDER BY p.kind DESC, p.id DESC LIMIT ?`,
      ),
      // Replies still streaming are not a backlog (they are indexed as they go, see streamingReindexMs).
      pendingCount: db.prepare(
        `SELECT count(*) AS n FROM search_pending p
         LEFT JOIN messages m ON p.kind = 'message' AND m.id = p.id
         WHERE m.status IS NOT 'streaming'`,
      ),
      message: db.prepare<[string]>('SELECT conversation_id, parts, created_at FROM messages WHERE id = ?'),
      conversation: db.prepare<[string]>('SELECT title, created_at FROM conversations WHERE id = ?'),
      messageDoc: db.prepare<[string]>('SELECT doc_id FROM search_docs WHERE message_id = ?'),
      titleDoc: db.prepare<[string]>('SELECT doc_id FROM search_docs WHERE conversation_id = ? AND message_id IS NULL'),
      lastInSlotRange: db.prepare<[number, number]>('SELECT max(doc_id) AS last FROM search_docs WHERE doc_id BETWEEN ? AND ?'),
      slotTaken: db.prepare<[number]>('SELECT 1 FROM search_docs WHERE doc_id = ?'),
      addDoc: db.prepare<[number, string, string | null]>('INSERT INTO search_docs (doc_id, conversation_id, message_id) VALUES (?, ?, ?)'),
      removeDoc: db.prepare<[number]>('DELETE FROM search_docs WHERE doc_id = ?'),
      unindex: db.prepare<[number]>('DELETE FROM search_fts WHERE rowid = ?'),
      index: db.prepare<[number, string, string]>('INSERT INTO search_fts (rowid, text, scope) VALUES (?, ?, ?)'),
      done: db.prepare<[string, string]>('DELETE FROM search_pending WHERE kind = ? AND id = ?'),
      merge: db.prepare<[number]>("INSERT INTO search_fts (search_fts, rank) VALUES ('merge', ?)"),
      totalChanges: db.prepare('SELECT total_changes() AS n'),
    };
  }

  pendingCount(): number {
    return (this.statements.pendingCount.get() as { n: number }).n;
  }

  /**
   * Indexes pending rows in one transaction; returns how many were handled. Titles first, then messages newest
   * first (ids are time-ordered), so during a long backlog what was just written is findable first.
   */
  indexPending(options: IndexOptions = {}): number {
    const limit = options.limit ?? -1;
    return this.db.transaction(() => {
      const rows = this.statements.pending.all(options.includeStreaming ? 1 : 0, limit) as PendingRow[];
      let handled = 0;
      for (const row of rows) {
        if (row.kind === 'title') this.indexTitle(row.id);
        else if (row.status === 'streaming') {
          const now = this.now();
          const last = this.streaming.get(row.id);
          // Indexed a moment ago: stays pending for a later pass.
          const interval = Math.min(this.streamingReindexMs, (row.length ?? 0) / STREAMING_REINDEX_CHARS_PER_MS);
          if (last !== undefined && now - last.indexedAt < interval) continue;
          const words = last?.words ?? new GrowingIndexWords();
          this.streaming.set(row.id, { indexedAt: now, words });
          this.indexMessage(row.id, words);
        } else {
          this.streaming.delete(row.id);
          this.indexMessage(row.id);
        }
        this.statements.done.run(row.kind, row.id);
        handled++;
      }
      if (handled > 0) this.unmerged = true;
      return handled;
    }).immediate();
  }

  /** Indexes everything pending, in transactions of `batch` rows so other writers get their turn, merging as it goes. */
  indexAll(batch = 2000): number {
    let total = 0;
    for (let n; (n = this.indexPending({ limit: batch, includeStreaming: true })) > 0; ) {
      total += n;
      while (this.mergeStep(BULK_MERGE_STEP_PAGES));
    }
    return total;
  }

  /**
   * One step of merging the index's segments (automerge is off, migration 006): FTS5 writes about `pages` pages,
   * merging a level that holds at least 4 segments, as its automerge would. Returns whether there was anything to
   * merge. Each commit of index writes adds a segment; unmerged, they would make every query read more of them.
   */
  mergeStep(pages = MERGE_STEP_PAGES): boolean {
    const before = (this.statements.totalChanges.get() as { n: number }).n;
    this.statements.merge.run(pages);
    // FTS5's documented test: the merge command did work if total_changes() moved by 2 or more.
    const merged = (this.statements.totalChanges.get() as { n: number }).n - before >= 2;
    if (!merged) this.unmerged = false;
    return merged;
  }

  /**
   * Whether this indexer wrote to the index since merging last found nothing to do: the search service merges only
   * then, rather than running a write transaction after every search.
   */
  hasUnmergedWrites(): boolean {
    return this.unmerged;
  }

  /** `growing`: the reply streams, and its words so far are kept there. */
  private indexMessage(id: string, growing?: GrowingIndexWords): void {
    const row = this.statements.message.get(id) as { conversation_id: string; parts: string; created_at: number } | undefined;
    // Deleted after it was marked: the delete trigger already removed its entries.
    if (!row) return;
    const existing = this.statements.messageDoc.get(id) as { doc_id: number } | undefined;
    const text = searchableText(parseJson<MessagePart[]>(row.parts, []));
    this.write(existing?.doc_id, row.conversation_id, id, row.created_at, text, growing ? (all) => growing.words(all) : indexWords);
  }

  private indexTitle(conversationId: string): void {
    const row = this.statements.conversation.get(conversationId) as { title: string; created_at: number } | undefined;
    if (!row) return;
    const existing = this.statements.titleDoc.get(conversationId) as { doc_id: number } | undefined;
    this.write(existing?.doc_id, conversationId, null, row.created_at, row.title);
  }

  private write(
    docId: number | undefined,
    conversationId: string,
    messageId: string | null,
    createdAt: number,
    text: string,
    toWords: (text: string) => string = indexWords,
  ): void {
    if (docId !== undefined) this.statements.unindex.run(docId);
    if (!text.trim()) {
      if (docId !== undefined) this.statements.removeDoc.run(docId);
      return;
    }
    if (docId === undefined) {
      docId = this.freeDocId(createdAt);
      this.statements.addDoc.run(docId, conversationId, messageId);
    }
    this.statements.index.run(docId, toWords(text), scopeToken(conversationId));
  }

  /** The next free slot at `createdAt`; a full millisecond (1024 documents) spills into the following one. */
  private freeDocId(createdAt: number): number {
    for (let ms = clampTime(createdAt); ; ms++) {
      const base = ms * SLOTS_PER_MS;
      const top = base + SLOTS_PER_MS - 1;
      const { last } = this.statements.lastInSlotRange.get(base, top) as { last: number | null };
      if (last === null) return base;
      if (last < top) return last + 1;
      for (let slot = base; slot < top; slot++) if (!this.statements.slotTaken.get(slot)) return slot;
    }
  }
}

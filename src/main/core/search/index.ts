// The search service of the core: the indexer, the query, and a background pass that keeps the index close
// to the store between searches (searches themselves index what is pending first, so they never miss a change).
import type { Db } from '../store';
import type { EventHub } from '../events';
import { SearchIndexer } from './indexer';
import { indexBeforeSearch, searchMessages, type SearchInput, type SearchOutput, type SearchResult } from './search';

export interface SearchService {
  /**
   * Indexes what is pending on this connection, then reads: in `options.read` (the core's reader worker) or, without
   * it, here in time slices (see searchMessages). Empty once the service or its database is closed.
   */
  search(input: SearchInput): Promise<SearchOutput>;
  /** Indexes everything pending now (after an import, or for tools that need a complete index). */
  indexAll(): number;
  /** Schedules a background pass (coalesced; does nothing when nothing is pending). */
  schedule(delayMs?: number): void;
  pendingCount(): number;
  close(): void;
}

/** Rows per background transaction: small, so a pass holds the write lock and the event loop a few ms at most. */
const BACKGROUND_BATCH = 100;

export interface SearchServiceOptions {
  /**
   * The read half of a search somewhere else (the core passes its reader worker). It is called after the pending
   * changes are committed here, so it sees them.
   */
  read?: (input: SearchInput) => Promise<SearchResult[]>;
}

/** A growing reply's index entry is rewritten at most once a second by searches (see SearchIndexer). */
const STREAMING_REINDEX_MS = 1000;
/** Merge steps run for about this long in one task, then the loop gets a turn. */
const MERGE_SLICE_MS = 2;

export function createSearchService(db: Db, events?: EventHub, options: SearchServiceOptions = {}): SearchService {
  const indexer = new SearchIndexer(db, { streamingReindexMs: STREAMING_REINDEX_MS });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const pass = () => {
    timer = undefined;
    if (closed || !db.open) return;
    // Replies still streaming are skipped: each persist would mark them pending again.
    const done = indexer.indexPending({ limit: BACKGROUND_BATCH, includeStreaming: false });
    if (done === BACKGROUND_BATCH) schedule(25);
    scheduleMerge();
  };
  // The index's segments are merged here, a few pages at a time between other tasks (SearchIndexer.mergeStep), not
  // inside the commits that write them (migration 006).
  let mergeTimer: ReturnType<typeof setTimeout> | undefined;
  const merge = () => {
    mergeTimer = undefined;
    if (closed || !db.open) return;
    const started = performance.now();
    let more: boolean;
    do more = indexer.mergeStep();
    while (more && performance.now() - started < MERGE_SLICE_MS);
    if (more) scheduleMerge(5);
  };
  const scheduleMerge = (delayMs = 50) => {
    if (closed || mergeTimer || !indexer.hasUnmergedWrites()) return;
    mergeTimer = setTimeout(merge, delayMs);
    mergeTimer.unref?.();
  };
  const schedule = (delayMs = 250) => {
    if (closed || timer) return;
    timer = setTimeout(pass, delayMs);
    timer.unref?.();
  };
  // A finished reply or a changed conversation (rename, import, delete) is indexed shortly after, in the background.
  const unsubscribe = events?.subscribe((event, payload) => {
    if (event === 'conversations.changed') schedule();
    else if (event === 'chat.status' && (payload as { status: string }).status !== 'streaming') schedule();
  });

  return {
    async search(input) {
      if (closed || !db.open) return { results: [], pendingIndexing: 0 };
      if (!options.read) {
        const output = searchMessages(db, indexer, input);
        scheduleMerge();
        return output;
      }
      // The write lock is taken here, on the main thread's connection, and released before the worker reads:
      // the main thread never waits for a lock the worker holds.
      const pendingIndexing = indexBeforeSearch(indexer);
      scheduleMerge();
      try {
        return { results: await options.read(input), pendingIndexing };
      } catch (error) {
        // Closed while the worker was reading: an empty answer, as an in-process search gives when its database
        // closes under it. A crash or a failed read is still an error.
        if (closed) return { results: [], pendingIndexing };
        throw error;
      }
    },
    indexAll: () => indexer.indexAll(),
    schedule,
    pendingCount: () => indexer.pendingCount(),
    close() {
      closed = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (mergeTimer) clearTimeout(mergeTimer);
      mergeTimer = undefined;
    },
  };
}

export { SearchIndexer } from './indexer';
export type { SearchInput, SearchOutput, SearchResult, SearchFilters } from './search';
export type { SnippetSegment } from './snippet';

// The search service of the core: the indexer, the query, and a background pass that keeps the index close
// to the store between searches (searches themselves index what is pending first, so they never miss a change).
import type { Db } from '../store';
import type { EventHub } from '../events';
import { SearchIndexer } from './indexer';
import { searchMessages, type SearchInput, type SearchOutput } from './search';

export interface SearchService {
  /** Runs in time slices (see searchMessages). */
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

export function createSearchService(db: Db, events?: EventHub): SearchService {
  const indexer = new SearchIndexer(db);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const pass = () => {
    timer = undefined;
    if (closed || !db.open) return;
    // Replies still streaming are skipped: each persist would mark them pending again.
    const done = indexer.indexPending({ limit: BACKGROUND_BATCH, includeStreaming: false });
    if (done === BACKGROUND_BATCH) schedule(25);
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
    search: (input) => searchMessages(db, indexer, input),
    indexAll: () => indexer.indexAll(),
    schedule,
    pendingCount: () => indexer.pendingCount(),
    close() {
      closed = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

export { SearchIndexer } from './indexer';
export type { SearchInput, SearchOutput, SearchResult, SearchFilters } from './search';
export type { SnippetSegment } from './snippet';

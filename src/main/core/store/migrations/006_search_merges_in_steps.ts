import type { Migration } from './types';

/**
 * FTS5 no longer merges its index segments inside the commits that write them (automerge). Such a commit merges
 * 64 × (levels) pages at once: on a 100,000-message index, 1 in ~300 one-message commits took 15-50 ms of the main
 * thread, and the responsiveness benchmark's reply met one of 20-25 ms. The search service merges in steps of a
 * few pages between its other tasks instead (SearchIndexer.mergeStep), at the same threshold (a level of 4
 * segments, FTS5's 'usermerge' default). The setting lives in the table's config: every connection sees it.
 */
export const migration006: Migration = {
  version: 6,
  name: 'search_merges_in_steps',
  up(db) {
    db.exec("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0)");
  },
};

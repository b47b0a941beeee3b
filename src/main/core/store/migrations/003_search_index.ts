import type { Migration } from './types';

/**
 * Full-text search over message text and conversation titles (see src/main/core/search/README.md).
 * SQL triggers only mark what changed (a row in search_pending, cheap enough for the ~200 ms rewrites of a
 * streaming reply) and drop the index entries of deleted rows, cascades included; the tokenizing happens in
 * JS (core/search/indexer.ts), which indexes pending rows before every search and in the background.
 * Everything that exists when this step runs is marked pending, so it becomes searchable too.
 */
export const migration003: Migration = {
  version: 3,
  name: 'search_index',
  up(db) {
    db.exec(`
      -- One row per indexed document: a message's text or a conversation's title. doc_id is the FTS rowid and is
      -- created_at (ms) * 1024 + a slot, so rowid order is time order and a date range is a rowid range.
      CREATE TABLE search_docs (
        doc_id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        message_id TEXT
      ) STRICT;
      CREATE UNIQUE INDEX search_docs_by_message ON search_docs (message_id) WHERE message_id IS NOT NULL;
      CREATE UNIQUE INDEX search_docs_by_title ON search_docs (conversation_id) WHERE message_id IS NULL;

      -- Contentless: the text lives in messages/conversations; the index holds only tokens (CJK as bigrams).
      -- prefix='1' answers one-character Chinese queries; scope holds a conversation tag for filtering.
      -- Titles and messages share the text column, so bm25 normalizes lengths over one population (a title
      -- column empty in every message document would make any title look endlessly long); titles are
      -- weighted at query time instead.
      CREATE VIRTUAL TABLE search_fts USING fts5(
        text, scope,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1', content = '', contentless_delete = 1
      );

      CREATE TABLE search_pending (
        kind TEXT NOT NULL CHECK (kind IN ('message', 'title')),
        id TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER search_message_added AFTER INSERT ON messages BEGIN
        INSERT OR IGNORE INTO search_pending (kind, id) VALUES ('message', new.id);
      END;
      CREATE TRIGGER search_message_changed AFTER UPDATE OF parts ON messages WHEN old.parts IS NOT new.parts BEGIN
        INSERT OR IGNORE INTO search_pending (kind, id) VALUES ('message', new.id);
      END;
      CREATE TRIGGER search_message_deleted AFTER DELETE ON messages BEGIN
        DELETE FROM search_pending WHERE kind = 'message' AND id = old.id;
        DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE message_id = old.id);
        DELETE FROM search_docs WHERE message_id = old.id;
      END;

      CREATE TRIGGER search_title_added AFTER INSERT ON conversations BEGIN
        INSERT OR IGNORE INTO search_pending (kind, id) VALUES ('title', new.id);
      END;
      CREATE TRIGGER search_title_changed AFTER UPDATE OF title ON conversations WHEN old.title IS NOT new.title BEGIN
        INSERT OR IGNORE INTO search_pending (kind, id) VALUES ('title', new.id);
      END;
      CREATE TRIGGER search_title_deleted AFTER DELETE ON conversations BEGIN
        DELETE FROM search_pending WHERE kind = 'title' AND id = old.id;
        DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE conversation_id = old.id AND message_id IS NULL);
        DELETE FROM search_docs WHERE conversation_id = old.id AND message_id IS NULL;
      END;

      INSERT INTO search_pending (kind, id) SELECT 'message', id FROM messages;
      INSERT INTO search_pending (kind, id) SELECT 'title', id FROM conversations;
    `);
  },
};

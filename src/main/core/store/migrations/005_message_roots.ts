import type { Migration } from './types';

/**
 * The first messages of a conversation (parent_id NULL) by conversation, oldest first: their sibling list
 * (messages.path) would otherwise scan every message of the conversation, and messages_by_parent holds the roots
 * of all conversations under one NULL key.
 */
export const migration005: Migration = {
  version: 5,
  name: 'message_roots',
  up(db) {
    db.exec('CREATE INDEX messages_roots ON messages (conversation_id, created_at, id) WHERE parent_id IS NULL');
  },
};

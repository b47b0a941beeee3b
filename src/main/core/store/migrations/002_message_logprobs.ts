import type { Migration } from './types';

/** Token log-probabilities of a reply, when the user asked for them (OpenAI `logprobs`). */
export const migration002: Migration = {
  version: 2,
  name: 'message_logprobs',
  up(db) {
    db.exec('ALTER TABLE messages ADD COLUMN logprobs TEXT');
  },
};

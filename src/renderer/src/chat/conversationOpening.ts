// The app's one opening fetch (see openingFetch.ts): the sidebar starts it on a click, the chat pane takes it.
import { api } from '../api';
import { createOpeningFetch, OPEN_TAIL } from './openingFetch';

export const conversationOpening = createOpeningFetch((conversationId: string) =>
  Promise.all([api.conversations.get({ id: conversationId }), api.messages.path({ conversationId, limit: OPEN_TAIL })]),
);

// The chat pane's side of "go to this message": puts the message on the active path (switching branches when it
// sits on another one) and hands MessageList a focus to scroll to and highlight. Fed by the search overlay
// (through focusRequests) and by the find bar.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Conversation, Message } from '../../../shared/domain';
import { api } from '../api';
import { consumeFocusRequest, useFocusRequest } from './focusRequests';

export interface MessageFocus {
  /** null: the top of the conversation (a title match). */
  messageId: string | null;
  terms: readonly string[];
  /** Changes on every request, so asking for the same message again scrolls again. */
  nonce: number;
}

interface Options {
  conversationId: string;
  /** False until the conversation and the tail of its path are loaded. */
  ready: boolean;
  /** The active path as far as the pane has loaded it (older pages keep arriving). */
  path: readonly Message[];
  onConversation(conversation: Conversation): void;
  /** The active leaf may have moved: the pane fetches the new tail. */
  onPathMoved(): void;
  onError(error: unknown): void;
}

export function useMessageFocus({ conversationId, ready, path, onConversation, onPathMoved, onError }: Options) {
  const [focus, setFocus] = useState<MessageFocus | null>(null);
  const nonce = useRef(0);
  const latest = useRef({ path, onConversation, onPathMoved, onError });
  latest.current = { path, onConversation, onPathMoved, onError };

  const focusMessage = useCallback(
    (messageId: string | null, terms: readonly string[]) => {
      if (messageId !== null && !latest.current.path.some((m) => m.id === messageId)) {
        // Not shown: either on the active path above what is loaded yet (the pane keeps loading until it is), or
        // on another branch, which the core switches to (its newest conversation, as the version switcher does).
        api.conversations.showMessage({ id: conversationId, messageId }).then(
          (c) => {
            latest.current.onConversation(c);
            latest.current.onPathMoved();
          },
          (e) => latest.current.onError(e),
        );
      }
      setFocus({ messageId, terms, nonce: ++nonce.current });
    },
    [conversationId],
  );

  const clearFocus = useCallback(() => setFocus(null), []);

  const request = useFocusRequest(conversationId);
  useEffect(() => {
    if (!request || !ready) return;
    consumeFocusRequest(request);
    focusMessage(request.messageId, request.terms);
  }, [request, ready, focusMessage]);

  return { focus, focusMessage, clearFocus };
}

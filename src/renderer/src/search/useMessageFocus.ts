// The chat pane's side of "go to this message": puts the message on the active path (switching branches when it
// sits on another one) and hands MessageList a focus to scroll to and highlight. Fed by the search overlay
// (through focusRequests) and by the find bar.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Conversation, Message } from '../../../shared/domain';
import { api } from '../api';
import { newestLeaf, type MessageTree } from '../chat/tree';
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
  conversation: Conversation | null;
  /** null until the messages are loaded. */
  messages: Message[] | null;
  tree: MessageTree;
  path: readonly Message[];
  onConversation(conversation: Conversation): void;
  onError(error: unknown): void;
}

export function useMessageFocus({ conversationId, conversation, messages, tree, path, onConversation, onError }: Options) {
  const [focus, setFocus] = useState<MessageFocus | null>(null);
  const nonce = useRef(0);
  const latest = useRef({ tree, path, onConversation, onError });
  latest.current = { tree, path, onConversation, onError };

  const focusMessage = useCallback(
    (messageId: string | null, terms: readonly string[]) => {
      const { tree: current, path: onPath } = latest.current;
      if (messageId !== null) {
        if (!current.byId.has(messageId)) return;
        if (!onPath.some((m) => m.id === messageId)) {
          // Another branch: view the newest conversation under the message, as the sibling switcher would.
          api.conversations.setActiveLeaf({ id: conversationId, leafId: newestLeaf(current, messageId) }).then(
            (c) => latest.current.onConversation(c),
            (e) => latest.current.onError(e),
          );
        }
      }
      setFocus({ messageId, terms, nonce: ++nonce.current });
    },
    [conversationId],
  );

  const clearFocus = useCallback(() => setFocus(null), []);

  const request = useFocusRequest(conversationId);
  const loaded = conversation !== null && messages !== null;
  useEffect(() => {
    if (!request || !loaded) return;
    consumeFocusRequest(request);
    focusMessage(request.messageId, request.terms);
  }, [request, loaded, focusMessage]);

  return { focus, focusMessage, clearFocus };
}

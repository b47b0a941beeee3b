// "Open this conversation at that message": the search overlay leaves a request here and navigates; the chat
// pane of that conversation takes it once its messages are loaded (it may not even be mounted yet).
import { useSyncExternalStore } from 'react';

export interface FocusRequest {
  conversationId: string;
  /** null: the title matched, open at the top. */
  messageId: string | null;
  /** Words to highlight inside the message. */
  terms: readonly string[];
}

let pending: FocusRequest | null = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function requestFocus(request: FocusRequest): void {
  pending = request;
  emit();
}

/** Marks the request as handled, so a later visit to the conversation opens it normally. */
export function consumeFocusRequest(request: FocusRequest): void {
  if (pending !== request) return;
  pending = null;
  emit();
}

export function useFocusRequest(conversationId: string): FocusRequest | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => (pending?.conversationId === conversationId ? pending : null),
  );
}

// What the chat pane knows of its conversation's messages: the part of the tree it has fetched (the tail of the
// active path first, older pages as they load), the sibling ids of each fetched message, and the status each
// reply last had in a chat.status event. Fetched copies and events go through one reducer, in the order they
// arrive, and an older copy never replaces a newer one: a copy fetched while a reply streamed loses to the end
// the pane has already heard of, whatever order the answers come back in.
import type { Message, MessageStatus } from '../../../shared/domain';

export interface PathEntry {
  message: Message;
  /** The message's siblings, itself included, oldest first. */
  siblingIds: readonly string[];
}

export interface ConversationState {
  byId: ReadonlyMap<string, Message>;
  /** Sibling ids by parent id ('' for the conversation's first messages), as last fetched. */
  siblings: ReadonlyMap<string, readonly string[]>;
  /** The leaf of the shown path, from the newest tail fetch; undefined until the first one. */
  leafId: string | null | undefined;
  /** The status chat.status last gave each reply: newer than any copy fetched before the event arrived. */
  eventStatus: ReadonlyMap<string, MessageStatus>;
  /** Deleted from this pane: a copy fetched before the deletion must not bring them back. */
  removed: ReadonlySet<string>;
}

export type ConversationAction =
  /** A messages.path answer; `tail` when it ends at the active leaf (it moves the shown path there). */
  | { type: 'path'; entries: readonly PathEntry[]; tail: false }
  | { type: 'path'; entries: readonly PathEntry[]; tail: true; leafId: string | null }
  /** One message fetched on its own (a finished reply). */
  | { type: 'message'; message: Message }
  | { type: 'status'; messageId: string; status: MessageStatus }
  | { type: 'removed'; messageId: string };

export const emptyConversationState: ConversationState = {
  byId: new Map(),
  siblings: new Map(),
  leafId: undefined,
  eventStatus: new Map(),
  removed: new Set(),
};

const isFinal = (status: MessageStatus) => status !== 'streaming';
const parentKey = (message: Pick<Message, 'parentId'>) => message.parentId ?? '';

/**
 * The copy to keep of a message: the newer by `updatedAt`; on a tie a final status beats streaming; an unchanged
 * copy keeps the existing object (memoized rows do not render again). A fetched status that contradicts the last
 * chat.status event is older than that event (the event arrived first), so the event's status is kept.
 */
export function newerCopy(existing: Message | undefined, fetched: Message, eventStatus: MessageStatus | undefined): Message {
  const copy = eventStatus !== undefined && isFinal(eventStatus) !== isFinal(fetched.status) ? { ...fetched, status: eventStatus } : fetched;
  if (!existing) return copy;
  if (existing.updatedAt > copy.updatedAt) return existing;
  if (existing.updatedAt === copy.updatedAt && (existing.status === copy.status || (isFinal(existing.status) && !isFinal(copy.status)))) return existing;
  return copy;
}

export function reduceConversation(state: ConversationState, action: ConversationAction): ConversationState {
  switch (action.type) {
    case 'path': {
      const byId = new Map(state.byId);
      const siblings = new Map(state.siblings);
      for (const { message, siblingIds } of action.entries) {
        if (state.removed.has(message.id)) continue;
        byId.set(message.id, newerCopy(byId.get(message.id), message, state.eventStatus.get(message.id)));
        siblings.set(parentKey(message), siblingIds.filter((id) => !state.removed.has(id)));
      }
      return { ...state, byId, siblings, leafId: action.tail ? action.leafId : state.leafId };
    }
    case 'message': {
      const { message } = action;
      if (state.removed.has(message.id)) return state;
      const existing = state.byId.get(message.id);
      const kept = newerCopy(existing, message, state.eventStatus.get(message.id));
      if (kept === existing) return state;
      return { ...state, byId: new Map(state.byId).set(message.id, kept) };
    }
    case 'status': {
      const eventStatus = new Map(state.eventStatus).set(action.messageId, action.status);
      const existing = state.byId.get(action.messageId);
      if (!existing || existing.status === action.status) return { ...state, eventStatus };
      // Until the stored copy arrives, the row shows the new status (its text comes from LiveReplies).
      return { ...state, eventStatus, byId: new Map(state.byId).set(existing.id, { ...existing, status: action.status }) };
    }
    case 'removed': {
      const existing = state.byId.get(action.messageId);
      const byId = new Map(state.byId);
      byId.delete(action.messageId);
      const siblings = new Map(state.siblings);
      if (existing) {
        const group = siblings.get(parentKey(existing));
        if (group) siblings.set(parentKey(existing), group.filter((id) => id !== action.messageId));
      }
      return { ...state, byId, siblings, removed: new Set(state.removed).add(action.messageId) };
    }
  }
}

export interface ShownPath {
  /** Root first; starts lower than the root while older messages are still loading. */
  messages: Message[];
  /** The id of the message above the first shown one when it is not fetched yet (where the next page ends). */
  olderCursor: string | null;
}

/** The active path as far up as it is fetched. */
export function shownPath(state: ConversationState): ShownPath {
  const messages: Message[] = [];
  let cursor = state.leafId ?? null;
  while (cursor !== null) {
    const message = state.byId.get(cursor);
    if (!message) break;
    messages.push(message);
    cursor = message.parentId;
  }
  return { messages: messages.reverse(), olderCursor: cursor };
}

/** The message's place among its siblings, for the version switcher ("2/3"). */
export function siblingPosition(state: ConversationState, message: Message): { index: number; count: number; ids: readonly string[] } {
  const ids = state.siblings.get(parentKey(message));
  const index = ids ? ids.indexOf(message.id) : -1;
  return index < 0 ? { index: 0, count: 1, ids: [message.id] } : { index, count: ids!.length, ids: ids! };
}

/** The reducer behind a subscribable snapshot (useSyncExternalStore), so callers read the result right after dispatching. */
export class ConversationStore {
  private state = emptyConversationState;
  private readonly listeners = new Set<() => void>();

  readonly get = (): ConversationState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  dispatch(action: ConversationAction): ConversationState {
    const next = reduceConversation(this.state, action);
    if (next !== this.state) {
      this.state = next;
      for (const listener of this.listeners) listener();
    }
    return next;
  }
}

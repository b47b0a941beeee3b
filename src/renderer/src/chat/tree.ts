// The message tree of a conversation as the chat pane shows it: one root-to-leaf path, with the siblings of
// every message on it (regenerate, edit-and-resend and n > 1 make siblings).
import type { Message } from '../../../shared/domain';

export interface MessageTree {
  byId: Map<string, Message>;
  /** Children by parent id ('' for roots), oldest first. */
  children: Map<string, Message[]>;
}

export function buildTree(messages: Message[]): MessageTree {
  const byId = new Map<string, Message>();
  const children = new Map<string, Message[]>();
  for (const message of messages) {
    byId.set(message.id, message);
    const key = message.parentId ?? '';
    const list = children.get(key);
    if (list) list.push(message);
    else children.set(key, [message]);
  }
  const order = (a: Message, b: Message) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const list of children.values()) list.sort(order);
  return { byId, children };
}

/** Root-first path to `leafId`. */
export function activePath(tree: MessageTree, leafId: string | null): Message[] {
  const path: Message[] = [];
  let cursor = leafId ? tree.byId.get(leafId) : undefined;
  while (cursor) {
    path.push(cursor);
    cursor = cursor.parentId ? tree.byId.get(cursor.parentId) : undefined;
  }
  return path.reverse();
}

export function siblingsOf(tree: MessageTree, message: Message): Message[] {
  return tree.children.get(message.parentId ?? '') ?? [message];
}

/** The leaf reached from `id` by always taking the newest child. */
export function newestLeaf(tree: MessageTree, id: string): string {
  let current = id;
  for (;;) {
    const kids = tree.children.get(current);
    const last = kids?.[kids.length - 1];
    if (!last) return current;
    current = last.id;
  }
}

export function textOf(message: Pick<Message, 'parts'>): string {
  return message.parts
    .filter((part) => part.type === 'text')
    .map((part) => (part as { text: string }).text)
    .join('');
}

export function reasoningOf(message: Pick<Message, 'parts'>): { text: string; durationMs?: number } {
  const parts = message.parts.filter((part) => part.type === 'reasoning') as Array<{ text: string; durationMs?: number }>;
  return { text: parts.map((p) => p.text).join(''), durationMs: parts[parts.length - 1]?.durationMs };
}

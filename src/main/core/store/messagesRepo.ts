import type { LogprobToken, Message, MessageError, MessagePart, MessageRole, MessageStatus, Usage } from '../../../shared/domain';
import type { Db } from './database';
import { NotFoundError } from './errors';
import { getConversation } from './conversationsRepo';
import { newId } from './ids';
import { parseJson } from './json';

interface MessageRow {
  id: string;
  conversation_id: string;
  parent_id: string | null;
  role: MessageRole;
  parts: string;
  status: MessageStatus;
  error: string | null;
  usage: string | null;
  provider_id: string | null;
  model: string | null;
  finish_reason: string | null;
  logprobs: string | null;
  created_at: number;
  updated_at: number;
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    parentId: row.parent_id,
    role: row.role,
    parts: parseJson<MessagePart[]>(row.parts, []),
    status: row.status,
    error: parseJson<MessageError | null>(row.error, null),
    usage: parseJson<Usage | null>(row.usage, null),
    providerId: row.provider_id,
    model: row.model,
    finishReason: row.finish_reason,
    logprobs: parseJson<LogprobToken[] | null>(row.logprobs, null),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewMessage {
  conversationId: string;
  parentId: string | null;
  role: MessageRole;
  parts: MessagePart[];
  status: MessageStatus;
  providerId?: string | null;
  model?: string | null;
}

/** Inserts a message and makes it the conversation's active leaf. */
export function insertMessage(db: Db, input: NewMessage, now = Date.now()): Message {
  const id = newId(now);
  db.transaction(() => {
    db.prepare(
      `INSERT INTO messages (id, conversation_id, parent_id, role, parts, status, provider_id, model, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.conversationId,
      input.parentId,
      input.role,
      JSON.stringify(input.parts),
      input.status,
      input.providerId ?? null,
      input.model ?? null,
      now,
      now,
    );
    db.prepare('UPDATE conversations SET active_leaf_id = ?, updated_at = ? WHERE id = ?').run(id, now, input.conversationId);
  })();
  return getMessage(db, id);
}

export function findMessage(db: Db, id: string): Message | undefined {
  const row = db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
  return row && toMessage(row);
}

export function getMessage(db: Db, id: string): Message {
  const message = findMessage(db, id);
  if (!message) throw new NotFoundError('Message', id);
  return message;
}

/** Every message of a conversation (all branches), in creation order. */
export function listMessages(db: Db, conversationId: string): Message[] {
  return (
    db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY created_at, id').all(conversationId) as MessageRow[]
  ).map(toMessage);
}

/**
 * listMessages for the main process's event loop: the same rows in the same order, read and parsed in pages
 * with a turn of the event loop between them, so opening a 10,000-message conversation never blocks streaming
 * replies or IPC for the whole read.
 */
export async function listMessagesInPages(db: Db, conversationId: string, pageSize = 250): Promise<Message[]> {
  const page = db.prepare(
    `SELECT * FROM messages WHERE conversation_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`,
  );
  const out: Message[] = [];
  let after: [number, string] = [-Infinity, ''];
  for (;;) {
    const rows = page.all(conversationId, after[0], after[1], pageSize) as MessageRow[];
    for (const row of rows) out.push(toMessage(row));
    if (rows.length < pageSize) return out;
    const last = rows[rows.length - 1]!;
    after = [last.created_at, last.id];
    await new Promise((resolve) => setImmediate(resolve));
    if (!db.open) return out;
  }
}

/** The path from the root to `leafId` (inclusive), root first. */
export function pathTo(db: Db, leafId: string): Message[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT id, 0 FROM messages WHERE id = ?
         UNION ALL
         SELECT m.parent_id, chain.depth + 1 FROM messages m JOIN chain ON m.id = chain.id WHERE m.parent_id IS NOT NULL
       )
       SELECT messages.* FROM chain JOIN messages ON messages.id = chain.id ORDER BY chain.depth DESC`,
    )
    .all(leafId) as MessageRow[];
  return rows.map(toMessage);
}

/**
 * The last `limit` messages of the path ending at `leafId` (inclusive), root first: the walk up parent_id goes
 * through the primary key and stops after `limit` steps, so it costs the same at any depth of a long conversation.
 * Empty when `leafId` is not a message of `conversationId`.
 */
export function pathEndingAt(db: Db, conversationId: string, leafId: string, limit: number): Message[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT id, 0 FROM messages WHERE id = ? AND conversation_id = ?
         UNION ALL
         SELECT m.parent_id, chain.depth + 1 FROM messages m JOIN chain ON m.id = chain.id
         WHERE m.parent_id IS NOT NULL AND chain.depth + 1 < ?
       )
       SELECT messages.* FROM chain JOIN messages ON messages.id = chain.id ORDER BY chain.depth DESC`,
    )
    .all(leafId, conversationId, limit) as MessageRow[];
  return rows.map(toMessage);
}

export interface PathPage {
  /** The leaf the path ends at; null for a conversation without messages. */
  leafId: string | null;
  entries: Array<{ message: Message; siblingIds: string[] }>;
  /** Whether older messages remain above `entries[0]`. */
  hasMore: boolean;
}

/**
 * A page of a conversation's path: up to `limit` messages ending at `leafId` (default: the conversation's active
 * leaf), oldest first, each with its siblings' ids. Throws NotFoundError for an unknown conversation or leaf.
 */
export function pathPage(db: Db, input: { conversationId: string; leafId?: string | undefined; limit: number }): PathPage {
  const leaf = input.leafId ?? getConversation(db, input.conversationId).activeLeafId;
  if (!leaf) return { leafId: null, entries: [], hasMore: false };
  const path = pathEndingAt(db, input.conversationId, leaf, input.limit);
  if (!path.length) {
    // An unknown conversation says so; a known one with an unknown leaf names the leaf.
    getConversation(db, input.conversationId);
    throw new NotFoundError('Message', leaf);
  }
  const siblings = siblingIdsOfAll(db, path);
  return { leafId: leaf, entries: path.map((message, i) => ({ message, siblingIds: siblings[i]! })), hasMore: path[0]!.parentId !== null };
}

/** The ids of a message's siblings, itself included: its parent's children (or the conversation's roots), oldest first. */
export function siblingIdsOf(db: Db, message: Pick<Message, 'conversationId' | 'parentId'>): string[] {
  const rows = (
    message.parentId === null
      ? db.prepare('SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL ORDER BY created_at, id').all(message.conversationId)
      : db.prepare('SELECT id FROM messages WHERE parent_id = ? ORDER BY created_at, id').all(message.parentId)
  ) as Array<{ id: string }>;
  return rows.map((row) => row.id);
}

/** siblingIdsOf for every message of a path, in two queries instead of one per message (a page is 250 messages). */
export function siblingIdsOfAll(db: Db, messages: ReadonlyArray<Pick<Message, 'conversationId' | 'parentId'>>): string[][] {
  const parents = [...new Set(messages.map((m) => m.parentId).filter((id): id is string => id !== null))];
  const children = new Map<string, string[]>();
  if (parents.length) {
    const rows = db
      .prepare('SELECT parent_id, id FROM messages WHERE parent_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id')
      .all(JSON.stringify(parents)) as Array<{ parent_id: string; id: string }>;
    for (const row of rows) {
      const list = children.get(row.parent_id);
      if (list) list.push(row.id);
      else children.set(row.parent_id, [row.id]);
    }
  }
  let roots: string[] | undefined;
  return messages.map((m) => (m.parentId === null ? (roots ??= siblingIdsOf(db, m)) : (children.get(m.parentId) ?? [])));
}

/** Whether `messageId` is `leafId` or one of its ancestors. */
export function isOnPathTo(db: Db, leafId: string, messageId: string): boolean {
  const row = db
    .prepare(
      `WITH RECURSIVE chain(id) AS (
         SELECT ?
         UNION ALL
         SELECT m.parent_id FROM messages m JOIN chain ON m.id = chain.id WHERE m.parent_id IS NOT NULL AND chain.id <> ?
       )
       SELECT 1 AS found FROM chain WHERE id = ? LIMIT 1`,
    )
    .get(leafId, messageId, messageId) as { found: number } | undefined;
  return row !== undefined;
}

/** Persists the growing reply of a streaming message. */
export function updateMessageParts(db: Db, id: string, parts: MessagePart[], now = Date.now()): void {
  const result = db.prepare('UPDATE messages SET parts = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(parts), now, id);
  if (result.changes === 0) throw new NotFoundError('Message', id);
}

export interface MessageOutcome {
  status: Exclude<MessageStatus, 'streaming'>;
  parts?: MessagePart[];
  error?: MessageError | null;
  usage?: Usage | null;
  finishReason?: string | null;
  logprobs?: LogprobToken[] | null;
}

export function finishMessage(db: Db, id: string, outcome: MessageOutcome, now = Date.now()): Message {
  const current = getMessage(db, id);
  db.prepare(
    'UPDATE messages SET status = ?, parts = ?, error = ?, usage = ?, finish_reason = ?, logprobs = ?, updated_at = ? WHERE id = ?',
  ).run(
    outcome.status,
    JSON.stringify(outcome.parts ?? current.parts),
    outcome.error ? JSON.stringify(outcome.error) : null,
    outcome.usage ? JSON.stringify(outcome.usage) : null,
    outcome.finishReason ?? null,
    outcome.logprobs?.length ? JSON.stringify(outcome.logprobs) : null,
    now,
    id,
  );
  return getMessage(db, id);
}

/** At start-up: replies a crashed or killed process left `streaming` become `interrupted`, keeping their text. */
export function markStreamingInterrupted(db: Db, now = Date.now()): number {
  return db.prepare("UPDATE messages SET status = 'interrupted', updated_at = ? WHERE status = 'streaming'").run(now).changes;
}

export function deleteMessage(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM messages WHERE id = ?').run(id).changes > 0;
}

/** The ids of `id` and every message below it in the tree. */
export function subtreeIds(db: Db, id: string): string[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE below(id) AS (
         SELECT id FROM messages WHERE id = ?
         UNION ALL
         SELECT m.id FROM messages m JOIN below ON m.parent_id = below.id
       )
       SELECT id FROM below`,
    )
    .all(id) as Array<{ id: string }>;
  return rows.map((row) => row.id);
}

/** The newest leaf below `id` (or `id` itself), following the newest child at each level. */
export function newestLeafUnder(db: Db, id: string): string {
  const child = db.prepare('SELECT id FROM messages WHERE parent_id = ? ORDER BY created_at DESC, id DESC LIMIT 1');
  let current = id;
  for (;;) {
    const next = child.get(current) as { id: string } | undefined;
    if (!next) return current;
    current = next.id;
  }
}

/** Reopens a finished reply for more text (chat.continue): streaming again, error cleared. */
export function reopenMessage(db: Db, id: string, now = Date.now()): Message {
  const result = db
    .prepare("UPDATE messages SET status = 'streaming', error = NULL, finish_reason = NULL, updated_at = ? WHERE id = ?")
    .run(now, id);
  if (result.changes === 0) throw new NotFoundError('Message', id);
  return getMessage(db, id);
}

// Imports a JSON export. Everything is checked before anything is written (schema, the message trees, image
// hashes), and the writing is one transaction: a bad file changes nothing. Ids are kept, so importing the same
// file again adds nothing; a conversation that already exists only gains the messages it does not have yet.
import { createHash } from 'node:crypto';
import type { Db } from '../store';
import { exportFileSchema, titleSourceValues, type ExportFile, type ExportedConversation, type ExportedMessage } from './format';

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportSummary {
  conversationsAdded: number;
  /** Conversations that existed already and gained messages from the file. */
  conversationsMerged: number;
  messagesAdded: number;
  imagesAdded: number;
}

export function parseExportFile(text: string): ExportFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // The parser's message quotes the file's text; the file may be anything, so it is not repeated.
    throw new ImportError('Not a JSON file (it does not parse as JSON)');
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (format !== 'qiao.conversations') throw new ImportError('Not a Qiao conversations export (missing "format": "qiao.conversations")');
  const parsed = exportFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ImportError(`Invalid export file at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

interface ExistingMessage {
  id: string;
  conversation_id: string;
}

/** Parents before children; throws on a parent that is neither in the file nor already stored in this conversation. */
function insertionOrder(conversation: ExportedConversation, stored: ReadonlySet<string>): ExportedMessage[] {
  const byId = new Map<string, ExportedMessage>();
  for (const message of conversation.messages) {
    if (byId.has(message.id)) throw new ImportError(`Message ${message.id} appears twice in conversation ${conversation.id}`);
    byId.set(message.id, message);
  }
  const children = new Map<string | null, ExportedMessage[]>();
  for (const message of conversation.messages) {
    const parent = message.parentId;
    if (parent !== null && !byId.has(parent) && !stored.has(parent)) {
      throw new ImportError(`Message ${message.id} replies to ${parent}, which is not in conversation ${conversation.id}`);
    }
    const key = parent !== null && byId.has(parent) ? parent : null;
    (children.get(key) ?? children.set(key, []).get(key)!).push(message);
  }
  const ordered: ExportedMessage[] = [];
  const queue = [...(children.get(null) ?? [])];
  while (queue.length) {
    const next = queue.shift()!;
    ordered.push(next);
    queue.push(...(children.get(next.id) ?? []));
  }
  if (ordered.length !== conversation.messages.length) throw new ImportError(`The messages of conversation ${conversation.id} form a cycle`);
  return ordered;
}

export function importExportFile(db: Db, file: ExportFile): ImportSummary {
  const summary: ImportSummary = { conversationsAdded: 0, conversationsMerged: 0, messagesAdded: 0, imagesAdded: 0 };

  // Check everything first.
  const seenConversations = new Set<string>();
  const seenMessages = new Set<string>();
  const findMessage = db.prepare<[string]>('SELECT id, conversation_id FROM messages WHERE id = ?');
  const findConversation = db.prepare<[string]>('SELECT 1 FROM conversations WHERE id = ?');
  const plans = file.conversations.map((conversation) => {
    if (seenConversations.has(conversation.id)) throw new ImportError(`Conversation ${conversation.id} appears twice`);
    seenConversations.add(conversation.id);
    const stored = new Set<string>();
    const fresh: string[] = [];
    for (const message of conversation.messages) {
      if (seenMessages.has(message.id)) throw new ImportError(`Message ${message.id} appears in two conversations`);
      seenMessages.add(message.id);
      const existing = findMessage.get(message.id) as ExistingMessage | undefined;
      if (existing && existing.conversation_id !== conversation.id) {
        throw new ImportError(`Message ${message.id} already exists in another conversation (${existing.conversation_id})`);
      }
      if (existing) stored.add(message.id);
      else fresh.push(message.id);
    }
    const exists = findConversation.get(conversation.id) !== undefined;
    // Parents may also be messages already stored in this conversation (merging into an earlier import).
    const storedInConversation = exists
      ? new Set(
          (db.prepare('SELECT id FROM messages WHERE conversation_id = ?').all(conversation.id) as Array<{ id: string }>).map((r) => r.id),
        )
      : new Set<string>();
    const order = insertionOrder(conversation, storedInConversation);
    const ids = new Set(conversation.messages.map((m) => m.id));
    if (conversation.activeLeafId !== null && !ids.has(conversation.activeLeafId) && !storedInConversation.has(conversation.activeLeafId)) {
      throw new ImportError(`Conversation ${conversation.id} shows message ${conversation.activeLeafId}, which it does not contain`);
    }
    const freshIds = new Set(fresh);
    return { conversation, exists, messages: order.filter((m) => freshIds.has(m.id)) };
  });
  const images = file.images.map((image) => {
    const data = Buffer.from(image.data, 'base64');
    if (createHash('sha256').update(data).digest('hex') !== image.hash) throw new ImportError(`Image ${image.hash.slice(0, 12)}… does not match its hash`);
    return { ...image, bytes: data };
  });

  const insertConversation = db.prepare(
    `INSERT INTO conversations (id, title, system_prompt, provider_id, model, params, preset_id, pinned, archived, active_leaf_id,
       created_at, updated_at, title_auto)
     VALUES (@id, @title, @systemPrompt, @providerId, @model, @params, @presetId, @pinned, @archived, @activeLeafId, @createdAt, @updatedAt, @titleAuto)`,
  );
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, conversation_id, parent_id, role, parts, status, error, usage, provider_id, model, finish_reason, logprobs,
       created_at, updated_at)
     VALUES (@id, @conversationId, @parentId, @role, @parts, @status, @error, @usage, @providerId, @model, @finishReason, @logprobs,
       @createdAt, @updatedAt)`,
  );
  const insertImage = db.prepare(
    `INSERT INTO attachments (hash, mime, byte_size, width, height, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (hash) DO NOTHING`,
  );
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

  db.transaction(() => {
    for (const image of images) {
      summary.imagesAdded += insertImage.run(image.hash, image.mime, image.bytes.byteLength, image.width, image.height, image.bytes, Date.now()).changes;
    }
    for (const { conversation, exists, messages } of plans) {
      if (!exists) {
        insertConversation.run({
          ...conversation,
          params: JSON.stringify(conversation.params),
          pinned: conversation.pinned ? 1 : 0,
          archived: conversation.archived ? 1 : 0,
          titleAuto: titleSourceValues[conversation.titleSource],
        });
        summary.conversationsAdded++;
      } else if (messages.length) summary.conversationsMerged++;
      for (const message of messages) {
        insertMessage.run({
          ...message,
          conversationId: conversation.id,
          parts: JSON.stringify(message.parts),
          error: json(message.error),
          usage: json(message.usage),
          logprobs: json(message.logprobs),
        });
        summary.messagesAdded++;
      }
    }
  }).immediate();
  return summary;
}

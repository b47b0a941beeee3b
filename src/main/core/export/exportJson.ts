// Builds the JSON export of some or all conversations (format.ts describes the file).
import type { Conversation, Message } from '../../../shared/domain';
import { attachmentsRepo, conversationsRepo, messagesRepo, type Db } from '../store';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportedConversationSchema,
  exportedImageSchema,
  exportedMessageSchema,
  titleSourceNames,
  type ExportFile,
  type ExportedConversation,
  type ExportedImage,
} from './format';
import type { Stepper } from '../timeSlice';

/** Every conversation id, oldest first (archived ones included). */
export function allConversationIds(db: Db): string[] {
  return (db.prepare('SELECT id FROM conversations ORDER BY created_at, id').all() as Array<{ id: string }>).map((row) => row.id);
}

/** Conversations in creation order, each with its whole message tree in creation order. Throws NotFoundError. */
export function loadConversations(db: Db, ids: readonly string[]): Array<{ conversation: Conversation; messages: Message[] }> {
  return [...new Set(ids)]
    .map((id) => ({ conversation: conversationsRepo.getConversation(db, id), messages: messagesRepo.listMessages(db, id) }))
    .sort((a, b) => a.conversation.createdAt - b.conversation.createdAt || (a.conversation.id < b.conversation.id ? -1 : 1));
}

export function imageHashesOf(messages: readonly Message[]): string[] {
  const hashes = new Set<string>();
  for (const message of messages) for (const part of message.parts) if (part.type === 'image') hashes.add(part.hash);
  return [...hashes];
}

export function buildJsonExport(db: Db, ids: readonly string[]): ExportFile {
  const loaded = loadConversations(db, ids);
  const conversations: ExportedConversation[] = loaded.map(({ conversation, messages }) =>
    // Parsing through the schema fixes the key order (and drops nothing the format knows).
    exportedConversationSchema.parse({
      ...conversation,
      titleSource: titleSourceNames[conversationsRepo.titleSource(db, conversation.id) ?? 0],
      messages: messages.map(({ conversationId: _conversationId, ...message }) => message),
    }),
  );
  const images: ExportedImage[] = [];
  for (const hash of imageHashesOf(loaded.flatMap((c) => c.messages)).sort()) {
    const info = attachmentsRepo.getAttachmentInfo(db, hash);
    const data = attachmentsRepo.getAttachmentData(db, hash);
    // An image missing from the store stays referenced; the import keeps the reference the same way.
    if (!info || !data) continue;
    images.push(exportedImageSchema.parse({ hash, mime: info.mime, width: info.width, height: info.height, data: data.toString('base64') }));
  }
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, conversations, images };
}

/**
 * buildJsonExport + redaction for the main process: messages are read in pages and checked in slices with a turn
 * of the event loop between them. The result is the same object (tests compare the serialized bytes).
 */
export async function buildJsonExportInSteps(
  db: Db,
  ids: readonly string[],
  redact: <T>(value: T) => T,
  stepper: Stepper,
): Promise<ExportFile> {
  const loaded: Array<{ conversation: Conversation; messages: Message[] }> = [];
  for (const id of new Set(ids)) {
    loaded.push({ conversation: conversationsRepo.getConversation(db, id), messages: await messagesRepo.listMessagesInPages(db, id) });
  }
  loaded.sort((a, b) => a.conversation.createdAt - b.conversation.createdAt || (a.conversation.id < b.conversation.id ? -1 : 1));
  const conversations: ExportedConversation[] = [];
  for (const { conversation, messages } of loaded) {
    // The shell through the schema fixes the key order; messages are checked one by one into its place.
    // Redaction walks every string, so it runs per message too.
    const shell = redact(
      exportedConversationSchema.parse({
        ...conversation,
        titleSource: titleSourceNames[conversationsRepo.titleSource(db, conversation.id) ?? 0],
        messages: [],
      }),
    );
    for (const { conversationId: _conversationId, ...message } of messages) {
      shell.messages.push(redact(exportedMessageSchema.parse(message)));
      await stepper.maybeYield();
    }
    conversations.push(shell);
  }
  const images: ExportedImage[] = [];
  for (const hash of imageHashesOf(loaded.flatMap((c) => c.messages)).sort()) {
    const info = attachmentsRepo.getAttachmentInfo(db, hash);
    const data = attachmentsRepo.getAttachmentData(db, hash);
    if (!info || !data) continue;
    images.push(redact(exportedImageSchema.parse({ hash, mime: info.mime, width: info.width, height: info.height, data: data.toString('base64') })));
    await stepper.maybeYield();
  }
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, conversations, images };
}

export function serializeJsonExport(file: ExportFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

// Export to files and import from them: the core's entry points (api.ts validates the input first).
import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../../shared/domain';
import { attachmentsRepo, type Db } from '../store';
import { allConversationIds, buildJsonExportInSteps, imageHashesOf, loadConversations } from './exportJson';
import { stringifyInSteps } from './steppedJson';
import { timeSliceStepper, type Stepper } from '../timeSlice';
import { conversationMarkdown } from './exportMarkdown';
import { ImportError, importExportFile, parseExportFile, type ImportSummary } from './importJson';
import { redactSecrets, redactText } from './redact';

export { ImportError, parseExportFile, importExportFile, type ImportSummary } from './importJson';
export { buildJsonExport, serializeJsonExport } from './exportJson';
export { conversationMarkdown, activePath } from './exportMarkdown';
export { exportFileSchema, EXPORT_FORMAT, EXPORT_VERSION, type ExportFile } from './format';

export interface ExportRequest {
  /** Which conversations; ignored when `all`. */
  conversationIds?: readonly string[];
  all?: boolean;
  format: 'json' | 'md';
  /**
   * json: the file to write. md with one conversation: the .md file (images go to `<name>.assets/` beside it).
   * md with several or all: a directory, one .md per conversation and the images in `assets/`.
   */
  path: string;
  includeReasoning?: boolean;
  language: Language;
  /** Credentials to keep out of the output whatever happens (see redact.ts). */
  secrets: readonly (string | undefined)[];
}

export interface ExportSummary {
  files: string[];
  conversations: number;
  messages: number;
  images: number;
}

const extensionOf: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

/**
 * Writes next to the target and renames, so a failed export never leaves half a file under the real name.
 * Asynchronous: a multi-megabyte write happens on libuv's pool, not on the main process's event loop.
 */
async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.partial`;
  try {
    const handle = await fs.promises.open(temporary, 'w');
    try {
      // Encoding a whole multi-megabyte string at once is itself a stall: 1 MB of characters per write.
      if (typeof data === 'string') for (const piece of stringSlices(data, WRITE_SLICE_CHARS)) await handle.write(piece);
      else await handle.write(data);
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

const WRITE_SLICE_CHARS = 1 << 20;

/** `text` in slices of about `size` characters, never splitting a surrogate pair. */
export function* stringSlices(text: string, size: number): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    yield text.slice(start, end);
    start = end;
  }
}

/** A file name from a title: no path or reserved characters, short, never empty; the id suffix keeps it unique. */
export function markdownFileName(title: string, id: string, createdAt: number): string {
  const safe = Array.from(title.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, ''))
    .slice(0, 50)
    .join('')
    .trim();
  const date = new Date(createdAt).toISOString().slice(0, 10);
  return `${date} ${safe || 'untitled'} (${id.slice(-8)}).md`;
}

/**
 * Writes the export. JSON is built and serialized in time slices (`stepper`, 4 ms slices by default: on the main
 * thread, streaming and IPC keep going while 10,000 messages are written); the bytes equal
 * serializeJsonExport(redactSecrets(buildJsonExport(…))) whatever the slicing.
 */
export async function exportConversations(db: Db, request: ExportRequest, stepper: Stepper = timeSliceStepper()): Promise<ExportSummary> {
  const ids = request.all ? allConversationIds(db) : [...(request.conversationIds ?? [])];
  const target = path.resolve(request.path);
  if (request.format === 'json') {
    const file = await buildJsonExportInSteps(db, ids, (value) => redactSecrets(value, request.secrets), stepper);
    await writeFileAtomic(target, `${await stringifyInSteps(file, stepper)}\n`);
    return {
      files: [target],
      conversations: file.conversations.length,
      messages: file.conversations.reduce((n, c) => n + c.messages.length, 0),
      images: file.images.length,
    };
  }

  const loaded = loadConversations(db, ids);
  const single = !request.all && loaded.length === 1;
  const assetsDir = single ? target.replace(/\.md$/i, '') + '.assets' : path.join(target, 'assets');
  const files: string[] = [];
  const images = new Set<string>();
  for (const { conversation, messages } of loaded) {
    const file = single ? target : path.join(target, markdownFileName(conversation.title, conversation.id, conversation.createdAt));
    const markdown = conversationMarkdown(conversation, messages, {
      language: request.language,
      includeReasoning: request.includeReasoning ?? false,
      imageLink: (hash, mime) => {
        images.add(hash);
        const relative = path.relative(path.dirname(file), path.join(assetsDir, `${hash}.${extensionOf[mime] ?? 'bin'}`));
        // Markdown links use forward slashes on every platform; encodeURI keeps spaces and CJK folder names valid.
        return encodeURI(relative.split(path.sep).join('/'));
      },
    });
    await writeFileAtomic(file, redactText(markdown, request.secrets));
    files.push(file);
  }
  for (const hash of [...images].sort()) {
    const info = attachmentsRepo.getAttachmentInfo(db, hash);
    const data = attachmentsRepo.getAttachmentData(db, hash);
    if (!info || !data) continue;
    const file = path.join(assetsDir, `${hash}.${extensionOf[info.mime] ?? 'bin'}`);
    await writeFileAtomic(file, data);
    files.push(file);
  }
  return { files, conversations: loaded.length, messages: loaded.reduce((n, c) => n + c.messages.length, 0), images: images.size };
}

/** Reads and imports a JSON export (a file path or the text itself). */
export function importConversations(db: Db, source: { path: string } | { json: string }): ImportSummary {
  let text: string;
  try {
    text = 'path' in source ? fs.readFileSync(source.path, 'utf8') : source.json;
  } catch (error) {
    throw new ImportError(`Cannot read ${(source as { path: string }).path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return importExportFile(db, parseExportFile(text));
}

export { imageHashesOf };

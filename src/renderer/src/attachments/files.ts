// Turning the files a user hands over (file input, drop, paste) into what attachments.ingest takes. The type is
// judged by the core from the bytes; here only what can be refused without reading the file is checked.
import { MAX_IMAGE_INPUT_BYTES } from '../../../shared/domain';

/** The types the file input offers; a file of another type is still sent to the core, which decides. */
export const IMAGE_ACCEPT = 'image/png,image/jpeg,image/webp,image/gif';

/** chat.send takes at most this many images per message. */
export const MAX_IMAGES_PER_MESSAGE = 16;

export type FileProblem = { key: 'attach.empty'; name: string } | { key: 'attach.tooLarge'; name: string; size: string; limit: string };

const megabytes = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Refusals known from the size alone, so a huge file is never read into memory just to be refused. */
export function fileProblem(file: File): FileProblem | null {
  if (file.size === 0) return { key: 'attach.empty', name: file.name };
  if (file.size > MAX_IMAGE_INPUT_BYTES) return { key: 'attach.tooLarge', name: file.name, size: megabytes(file.size), limit: megabytes(MAX_IMAGE_INPUT_BYTES) };
  return null;
}

/** A file's bytes as plain base64 (no `data:` prefix), as attachments.ingest expects. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      const comma = url.indexOf(',');
      resolve(comma < 0 ? '' : url.slice(comma + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** The files in a paste or drop: `files` where the platform fills it, else the file items. */
export function filesOf(data: DataTransfer | null): File[] {
  if (!data) return [];
  if (data.files.length > 0) return Array.from(data.files);
  return Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.getAsFile())
    .filter((file): file is File => file !== null);
}

/**
 * Whether a drag may carry images (during the drag only the items' kinds and types are readable). A drag of
 * only non-image files (say a JSON export) is left to whoever else handles drops.
 */
export function dragMayCarryImages(data: DataTransfer | null): boolean {
  if (!data || !Array.from(data.types).includes('Files')) return false;
  const files = Array.from(data.items).filter((item) => item.kind === 'file');
  return files.length === 0 || files.some((item) => item.type === '' || item.type.startsWith('image/'));
}

/** Base64 (as attachments.get returns it) as a Blob, for an object URL of a full-size image. */
export function base64ToBlob(base64: string, mime: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

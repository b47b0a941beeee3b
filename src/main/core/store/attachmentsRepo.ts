import { createHash } from 'node:crypto';
import type { Db } from './database';

export interface Attachment {
  hash: string;
  mime: string;
  byteSize: number;
  width: number | null;
  height: number | null;
}

export function contentHash(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Stores the bytes once per content hash; storing the same image again returns the existing row. */
export function putAttachment(
  db: Db,
  input: { data: Uint8Array; mime: string; width?: number; height?: number },
  now = Date.now(),
): Attachment {
  const hash = contentHash(input.data);
  db.prepare(
    `INSERT INTO attachments (hash, mime, byte_size, width, height, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (hash) DO NOTHING`,
  ).run(hash, input.mime, input.data.byteLength, input.width ?? null, input.height ?? null, Buffer.from(input.data), now);
  return getAttachmentInfo(db, hash)!;
}

export function getAttachmentInfo(db: Db, hash: string): Attachment | undefined {
  const row = db
    .prepare('SELECT hash, mime, byte_size, width, height FROM attachments WHERE hash = ?')
    .get(hash) as { hash: string; mime: string; byte_size: number; width: number | null; height: number | null } | undefined;
  return row && { hash: row.hash, mime: row.mime, byteSize: row.byte_size, width: row.width, height: row.height };
}

export function getAttachmentData(db: Db, hash: string): Buffer | undefined {
  const row = db.prepare('SELECT data FROM attachments WHERE hash = ?').get(hash) as { data: Buffer } | undefined;
  return row?.data;
}

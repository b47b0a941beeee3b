// Ingest: a prepared image is stored once by the hash of its stored (downscaled) bytes and becomes an image part.
// Bytes come from the API (the renderer never names a path) or, for the CLI, from a file path.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImagePart } from '../../../shared/domain';
import { attachmentsRepo, type Db } from '../store';
import { ImageError } from './errors';
import { DEFAULT_IMAGE_LIMITS, MAX_INPUT_BYTES, type ImageLimits } from './limits';
import { prepareImage, type PreparedImage } from './prepare';

export interface IngestedImage {
  part: ImagePart;
  width: number;
  height: number;
  byteSize: number;
  /** The file as it came in. */
  original: PreparedImage['original'];
}

export function storePreparedImage(db: Db, prepared: PreparedImage, now = Date.now()): IngestedImage {
  const stored = attachmentsRepo.putAttachment(db, { data: prepared.data, mime: prepared.mime, width: prepared.width, height: prepared.height }, now);
  return {
    part: { type: 'image', hash: stored.hash, mime: prepared.mime, width: prepared.width, height: prepared.height },
    width: prepared.width,
    height: prepared.height,
    byteSize: stored.byteSize,
    original: prepared.original,
  };
}

/** Checks, downscales and stores the bytes of an image file. Nothing is stored when it is refused. */
export async function ingestImage(
  db: Db,
  bytes: Uint8Array,
  options: { limits?: ImageLimits; name?: string; now?: number } = {},
): Promise<IngestedImage> {
  const prepared = await prepareImage(bytes, options.limits ?? DEFAULT_IMAGE_LIMITS, options.name);
  return storePreparedImage(db, prepared, options.now);
}

/**
 * Reads and prepares an image file by path, without storing it (the CLI prepares every --image first, so a bad
 * one stores nothing). The size is checked before the file is read.
 */
export async function prepareImageFile(file: string, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<PreparedImage> {
  const name = path.basename(file);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    throw new ImageError('image_unreadable', { name });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ImageError('image_unreadable', { name });
    if (stat.size > MAX_INPUT_BYTES) throw new ImageError('image_too_large', { name, bytes: stat.size, limitBytes: MAX_INPUT_BYTES });
    const bytes = await handle.readFile();
    return await prepareImage(bytes, limits, name);
  } finally {
    await handle.close();
  }
}

// Reading a stored image back for the faces: the image itself, or a small thumbnail made on demand.
import sharp from 'sharp';
import { attachmentsRepo, NotFoundError, type Db } from '../store';
import { THUMBNAIL_SIDE } from './limits';

export interface StoredImage {
  hash: string;
  mime: string;
  data: Buffer;
  width: number | null;
  height: number | null;
}

export async function readImage(db: Db, hash: string, options: { thumbnail?: boolean } = {}): Promise<StoredImage> {
  const info = attachmentsRepo.getAttachmentInfo(db, hash);
  const data = attachmentsRepo.getAttachmentData(db, hash);
  if (!info || !data) throw new NotFoundError('Image', hash);
  if (!options.thumbnail) return { hash, mime: info.mime, data, width: info.width, height: info.height };
  // WebP keeps transparency and is small; the renderer (Chromium) shows it. Not cached: a stored image is at
  // most 2048 px, so a thumbnail takes a few milliseconds.
  const { data: thumb, info: size } = await sharp(data)
    .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer({ resolveWithObject: true });
  return { hash, mime: 'image/webp', data: thumb, width: size.width, height: size.height };
}

// Stored images as URLs the <img> tags can show (the CSP allows data: and blob:). Thumbnails are small WebP data
// URLs, cached by hash since the same image shows in the composer, the history and after edits; full-size
// images are object URLs, made when the lightbox opens and revoked when it closes.
import { useEffect, useState } from 'react';
import { api } from '../api';
import { base64ToBlob } from './files';

const THUMBNAIL_CACHE_SIZE = 300;
const thumbnails = new Map<string, Promise<string>>();

export function thumbnailUrl(hash: string): Promise<string> {
  let url = thumbnails.get(hash);
  if (!url) {
    url = api.attachments.get({ hash, thumbnail: true }).then((image) => `data:${image.mime};base64,${image.dataBase64}`);
    // A failure is not cached: the next view tries again.
    url.catch(() => thumbnails.delete(hash));
    thumbnails.set(hash, url);
    if (thumbnails.size > THUMBNAIL_CACHE_SIZE) thumbnails.delete(thumbnails.keys().next().value!);
  }
  return url;
}

export type ImageUrlState = { url: string; failed: false } | { url: null; failed: boolean };

export function useThumbnailUrl(hash: string): ImageUrlState {
  const [state, setState] = useState<ImageUrlState>({ url: null, failed: false });
  useEffect(() => {
    let current = true;
    setState({ url: null, failed: false });
    thumbnailUrl(hash).then(
      (url) => current && setState({ url, failed: false }),
      () => current && setState({ url: null, failed: true }),
    );
    return () => {
      current = false;
    };
  }, [hash]);
  return state;
}

/** The stored (downscaled, metadata-free) image at full size, as an object URL owned by the caller's lifetime. */
export function useFullImageUrl(hash: string): ImageUrlState {
  const [state, setState] = useState<ImageUrlState>({ url: null, failed: false });
  useEffect(() => {
    let current = true;
    let objectUrl: string | null = null;
    setState({ url: null, failed: false });
    api.attachments.get({ hash }).then(
      (image) => {
        if (!current) return;
        objectUrl = URL.createObjectURL(base64ToBlob(image.dataBase64, image.mime));
        setState({ url: objectUrl, failed: false });
      },
      () => current && setState({ url: null, failed: true }),
    );
    return () => {
      current = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [hash]);
  return state;
}

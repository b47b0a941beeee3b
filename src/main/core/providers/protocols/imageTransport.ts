// Image transports for OpenAI `image_url` parts. The default puts the image inline as a data URL
// (common.ts dataUrlTransport). The upload transport posts the image first and sends the URL the server returns —
// zyinfo's chat5-v documents such an "uploadfile" step, but its spec is only linked from the seed, so the request
// and the reading of the answer are deliberately tolerant, and any failure falls back to the inline data URL.
import type { ImageTransport } from '../types';

export interface UploadTransportOptions {
  /** Where the image is POSTed (multipart/form-data, the image in field `file`). */
  url: string;
  /** Used when the upload fails or answers without a usable URL. */
  fallback: ImageTransport;
  timeoutMs?: number;
}

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };
const URL_KEYS = ['url', 'file_url', 'fileUrl', 'image_url', 'imageUrl', 'path', 'filepath', 'file'] as const;

/** The http(s) URL in an upload answer: a JSON field (also under `data`/`result`) or a plain-text URL; paths resolve against the upload URL. */
export function uploadedUrlOf(body: string, base: string): string | undefined {
  const text = body.trim();
  let candidate: string | undefined;
  try {
    candidate = findUrl(JSON.parse(text) as unknown, 0);
  } catch {
    candidate = text.split(/\s/)[0];
  }
  // An absolute URL or a server path; anything else (a bare file name, "ok") is no URL.
  if (!candidate || !/^(https?:\/\/|\/[^/])/i.test(candidate)) return undefined;
  try {
    const url = new URL(candidate, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function findUrl(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (!value || typeof value !== 'object' || depth > 2) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of URL_KEYS) {
    const v = record[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  for (const key of ['data', 'result'] as const) {
    const found = findUrl(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function uploadImageTransport(options: UploadTransportOptions): ImageTransport {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return async (image, ctx) => {
    try {
      const form = new FormData();
      const name = `${image.hash.slice(0, 16)}.${EXTENSIONS[image.mime] ?? 'bin'}`;
      form.append('file', new Blob([new Uint8Array(image.data)], { type: image.mime }), name);
      const res = await ctx.fetch(options.url, {
        method: 'POST',
        body: form,
        headers: { Accept: 'application/json, text/plain;q=0.9' },
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]),
      });
      const text = await res.text();
      const url = res.ok ? uploadedUrlOf(text, options.url) : undefined;
      if (url) return url;
    } catch (error) {
      // The user's stop is a stop, not a reason to fall back.
      if (ctx.signal.aborted) throw error;
    }
    return options.fallback(image, ctx);
  };
}

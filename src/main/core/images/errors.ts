// ImageError: why a file was refused as an image. The code is for programs; the message (English, or the
// user's language through imageErrorMessage) is for people. Neither ever holds the file's bytes.
import type { Language } from '../../../shared/domain';

export type ImageErrorCode =
  | 'image_empty'
  | 'image_too_large'
  | 'image_unsupported_type'
  | 'image_too_many_pixels'
  | 'image_corrupt'
  | 'image_unreadable';

export interface ImageErrorDetails {
  /** The file's name as the user chose it (only for the message). */
  name?: string;
  bytes?: number;
  limitBytes?: number;
  width?: number;
  height?: number;
  limitPixels?: number;
}

export class ImageError extends Error {
  constructor(
    readonly code: ImageErrorCode,
    readonly details: ImageErrorDetails = {},
  ) {
    super(imageErrorMessage(code, details, 'en'));
    this.name = 'ImageError';
  }
}

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
const mp = (pixels: number): string => `${Math.round(pixels / 1e5) / 10} MP`;

export function imageErrorMessage(code: ImageErrorCode, d: ImageErrorDetails, language: Language): string {
  const zh = language === 'zh-CN';
  const name = d.name ? (zh ? `“${d.name}”` : `"${d.name}"`) : zh ? '该文件' : 'The file';
  switch (code) {
    case 'image_empty':
      return zh ? `${name}是空文件，不是图片。` : `${name} is empty, not an image.`;
    case 'image_too_large':
      return zh
        ? `${name}太大（${mb(d.bytes ?? 0)}），图片最大 ${mb(d.limitBytes ?? 0)}。`
        : `${name} is too large (${mb(d.bytes ?? 0)}); an image may be at most ${mb(d.limitBytes ?? 0)}.`;
    case 'image_unsupported_type':
      return zh
        ? `${name}不是支持的图片：只接受 PNG、JPEG、WebP 和 GIF（按文件内容判断，而非扩展名）。`
        : `${name} is not a supported image: only PNG, JPEG, WebP and GIF are accepted (judged by the file's content, not its name).`;
    case 'image_too_many_pixels':
      return zh
        ? `${name}的像素过多（${d.width}×${d.height}），最多 ${mp(d.limitPixels ?? 0)}。`
        : `${name} has too many pixels (${d.width}×${d.height}); at most ${mp(d.limitPixels ?? 0)} are accepted.`;
    case 'image_corrupt':
      return zh ? `${name}看起来是图片，但无法解码（文件可能已损坏）。` : `${name} looks like an image but could not be decoded (the file may be damaged).`;
    case 'image_unreadable':
      return zh ? `无法读取${name}（不存在、不是普通文件或没有权限）。` : `${name} could not be read (missing, not a regular file, or no permission).`;
  }
}

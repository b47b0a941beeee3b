// How big an image may come in, and how big it is stored and sent.
import { MAX_IMAGE_INPUT_BYTES, type Provider } from '../../../shared/domain';
import { findModelInfo } from '../providers/catalog';

/** The largest file accepted (szaiai's whole request body is 50 MB: a larger image could never be sent). */
export const MAX_INPUT_BYTES = MAX_IMAGE_INPUT_BYTES;

/**
 * The most pixels a file may declare. The largest phone sensors are 200 MP; beyond that a file is a
 * decompression bomb (a few KB of PNG can claim gigapixels), refused from its header before decoding.
 */
export const MAX_INPUT_PIXELS = 200_000_000;

/** OpenAI's vision fits every image into 2048×2048 before it is tiled: more pixels are never used. */
export const DEFAULT_MAX_SIDE = 2048;

/**
 * Per-image byte target: 3.75 MB is 5 MB as base64, the per-image limit of Anthropic-style gateways, and leaves
 * room for a dozen images in szaiai's 50 MB request body. A 2048 px JPEG photo is usually well under 1 MB.
 */
export const DEFAULT_MAX_BYTES = 3_750_000;

/** Thumbnails for the composer and the history (longest side). */
export const THUMBNAIL_SIDE = 256;

export interface ImageLimits {
  /** Longest side in pixels. */
  maxSide: number;
  /** Encoded bytes. */
  maxBytes: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxSide: DEFAULT_MAX_SIDE, maxBytes: DEFAULT_MAX_BYTES };

/** The limits for a provider's model: the defaults, lowered by its catalog entry (or the user's edit of it). */
export function imageLimitsFor(provider: Pick<Provider, 'kind' | 'models'>, model: string): ImageLimits {
  const info = findModelInfo(provider, model);
  return {
    maxSide: Math.min(DEFAULT_MAX_SIDE, info?.maxImageSide ?? DEFAULT_MAX_SIDE),
    maxBytes: Math.min(DEFAULT_MAX_BYTES, info?.maxImageBytes ?? DEFAULT_MAX_BYTES),
  };
}

// Turns the bytes of a user's file into the image Qiao stores and sends: checked by its magic number, refused
// when too large or absurd, decoded with sharp (libvips), turned upright by its EXIF orientation, downscaled to
// the target's longest side, stripped of all metadata (EXIF, GPS, ICC, XMP; colours converted to sRGB), and
// re-encoded to fit the byte target.
//
// Formats out: PNG or JPEG only, which every vision gateway takes.
//  - JPEG in → JPEG. WebP without transparency → JPEG.
//  - PNG in, WebP with transparency, GIF → PNG (lossless: screenshots keep crisp text, transparency is kept),
//    unless the PNG is over the byte target: then JPEG on a white background (alpha cannot be kept in JPEG).
//  - GIF: the first frame only. OpenAI's vision takes only non-animated GIFs and the models see a still anyway,
//    so a still PNG is what the model would get; sending the whole animation would only cost bytes.
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { ImageError } from './errors';
import { DEFAULT_IMAGE_LIMITS, MAX_INPUT_BYTES, MAX_INPUT_PIXELS, type ImageLimits } from './limits';
import { sniffImageType, type ImageMime } from './sniff';

// Each file is decoded once; libvips' operation cache would only hold on to memory.
sharp.cache(false);

export type StoredImageMime = 'image/png' | 'image/jpeg';

export interface PreparedImage {
  data: Buffer;
  mime: StoredImageMime;
  width: number;
  height: number;
  /** What came in (dimensions as displayed, i.e. after EXIF orientation). */
  original: { mime: ImageMime; width: number; height: number; byteSize: number };
}

const INPUT_OPTIONS: SharpOptions = {
  limitInputPixels: MAX_INPUT_PIXELS,
  // Camera files often carry harmless decoder warnings ("extraneous bytes before marker"); only real errors refuse.
  failOn: 'error',
};

/** JPEG qualities tried in turn until the image fits its byte target. */
const JPEG_QUALITIES = [88, 80, 72, 64, 56, 48, 40] as const;
/** When even the lowest quality is too big, the image shrinks by this factor and the ladder starts again. */
const SHRINK_STEP = 0.75;
const MIN_SIDE = 64;

interface Raw {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

export async function prepareImage(input: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS, name?: string): Promise<PreparedImage> {
  if (input.byteLength === 0) throw new ImageError('image_empty', { name });
  if (input.byteLength > MAX_INPUT_BYTES) throw new ImageError('image_too_large', { name, bytes: input.byteLength, limitBytes: MAX_INPUT_BYTES });
  const mime = sniffImageType(input);
  if (!mime) throw new ImageError('image_unsupported_type', { name });
  const buffer = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);

  // The header first: a decompression bomb is refused before a single pixel is decoded.
  let meta: Metadata;
  try {
    meta = await sharp(buffer, { ...INPUT_OPTIONS, limitInputPixels: false }).metadata();
  } catch {
    throw new ImageError('image_corrupt', { name });
  }
  const width = meta.width;
  const height = meta.pageHeight ?? meta.height;
  if (!width || !height) throw new ImageError('image_corrupt', { name });
  if (width * height > MAX_INPUT_PIXELS) {
    throw new ImageError('image_too_many_pixels', { name, width, height, limitPixels: MAX_INPUT_PIXELS });
  }
  const turned = (meta.orientation ?? 1) >= 5;
  const original = { mime, width: turned ? height : width, height: turned ? width : height, byteSize: input.byteLength };

  let raw: Raw;
  try {
    const { data, info } = await sharp(buffer, INPUT_OPTIONS)
      .rotate() // EXIF orientation
      .resize({ width: limits.maxSide, height: limits.maxSide, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    raw = { data, width: info.width, height: info.height, channels: info.channels };
  } catch {
    throw new ImageError('image_corrupt', { name });
  }

  const hasAlpha = (raw.channels === 2 || raw.channels === 4) && !(await fromRaw(raw).stats()).isOpaque;
  const lossless = mime === 'image/png' || mime === 'image/gif' || (mime === 'image/webp' && hasAlpha);
  if (lossless) {
    const png = await encodePng(raw, hasAlpha);
    if (png.length <= limits.maxBytes) return { data: png, mime: 'image/png', width: raw.width, height: raw.height, original };
  }
  const jpeg = await encodeJpegWithin(raw, hasAlpha, limits.maxBytes);
  return { ...jpeg, mime: 'image/jpeg', original };
}

/**
 * Fits an already stored image (PNG/JPEG, upright, no metadata) to smaller limits, for a model whose catalog
 * entry asks for less than the image was stored at. Returns the input when it already fits.
 */
export async function fitStoredImage(
  image: { data: Buffer; mime: string; width?: number | null; height?: number | null },
  limits: ImageLimits,
): Promise<{ data: Buffer; mime: StoredImageMime | string }> {
  const side = Math.max(image.width ?? 0, image.height ?? 0);
  if (side <= limits.maxSide && image.data.length <= limits.maxBytes) return image;
  const prepared = await prepareImage(image.data, limits);
  return { data: prepared.data, mime: prepared.mime };
}

function fromRaw(raw: Raw): Sharp {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
}

async function encodePng(raw: Raw, hasAlpha: boolean): Promise<Buffer> {
  const image = fromRaw(raw);
  if (!hasAlpha && (raw.channels === 2 || raw.channels === 4)) image.removeAlpha();
  return image.png({ compressionLevel: 6 }).toBuffer();
}

async function encodeJpegWithin(raw: Raw, hasAlpha: boolean, maxBytes: number): Promise<{ data: Buffer; width: number; height: number }> {
  let width = raw.width;
  let height = raw.height;
  for (;;) {
    for (const quality of JPEG_QUALITIES) {
      const image = fromRaw(raw);
      if (width !== raw.width) image.resize({ width, height, fit: 'fill' });
      if (hasAlpha) image.flatten({ background: '#ffffff' });
      const data = await image.jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
      if (data.length <= maxBytes) return { data, width, height };
    }
    // Practically unreachable at 2048 px and 3.75 MB; there for small per-model byte targets.
    if (Math.max(width, height) * SHRINK_STEP < MIN_SIDE) break;
    width = Math.max(1, Math.round(width * SHRINK_STEP));
    height = Math.max(1, Math.round(height * SHRINK_STEP));
  }
  throw new ImageError('image_too_large', { bytes: raw.data.length, limitBytes: maxBytes });
}

// Images made in the test, so every property under test (size, orientation, alpha, frames) is known.
import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';

/** A camera-like JPEG: gaussian noise (so it is as large as a real photo of that size), 3 channels. */
export function photoJpeg(width: number, height: number, options: { quality?: number; sigma?: number } = {}): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#7890a0', noise: { type: 'gaussian', mean: 128, sigma: options.sigma ?? 40 } } })
    .jpeg({ quality: options.quality ?? 85 })
    .toBuffer();
}

/** Left half red, right half blue, stored sideways with EXIF orientation 6 (displayed turned 90° clockwise) and a private EXIF field. */
export async function sidewaysJpeg(): Promise<Buffer> {
  const { data, info } = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ff0000' } })
    .composite([{ input: { create: { width: 150, height: 200, channels: 3, background: '#0000ff' } }, left: 150, top: 0 }])
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Copyright: 'Private Person', Artist: 'Private Person' } })
    .toBuffer();
}

/** Half-transparent PNG. */
export function translucentPng(width = 120, height = 80): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 20, g: 120, b: 220, alpha: 0.5 } } }).png().toBuffer();
}

/** An animated GIF: a red frame, then a blue one. */
export async function twoFrameGif(): Promise<Buffer> {
  const frame = (background: string) => sharp({ create: { width: 40, height: 30, channels: 3, background } }).png().toBuffer();
  return sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } }).gif().toBuffer();
}

export function opaqueWebp(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#00ff00' } }).webp().toBuffer();
}

/** A tiny but valid PNG whose header claims width×height pixels: a decompression bomb. */
export function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The colour (r, g, b) of a pixel of an encoded image. */
export async function pixelAt(image: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

/** A text file that is not an image, whatever it is called. */
export const NOT_AN_IMAGE = Buffer.from('# Meeting notes\n\nThis is plain text saved as holiday.png.\n', 'utf8');

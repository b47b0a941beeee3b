import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageError, MAX_INPUT_BYTES, MAX_INPUT_PIXELS, prepareImage, sniffImageType } from '../../../src/main/core/images';
import { NOT_AN_IMAGE, bombPng, opaqueWebp, photoJpeg, pixelAt, sidewaysJpeg, translucentPng, twoFrameGif } from './fixtures';

async function refusal(input: Promise<unknown>): Promise<ImageError> {
  const error = await input.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageError);
  return error as ImageError;
}

describe('sniffImageType: the type comes from the bytes, never the name', () => {
  it('knows PNG, JPEG, WebP and GIF by their magic numbers and nothing else', async () => {
    expect(sniffImageType(await translucentPng())).toBe('image/png');
    expect(sniffImageType(await photoJpeg(16, 16))).toBe('image/jpeg');
    expect(sniffImageType(await opaqueWebp())).toBe('image/webp');
    expect(sniffImageType(await twoFrameGif())).toBe('image/gif');
    expect(sniffImageType(NOT_AN_IMAGE)).toBeNull();
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull(); // a WAV is RIFF too
    expect(sniffImageType(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeNull(); // too short to be a JPEG
  });
});

describe('prepareImage', () => {
  it('refuses what is not an image, with a code and a message that says what is accepted', async () => {
    const error = await refusal(prepareImage(NOT_AN_IMAGE, undefined, 'holiday.png'));
    expect(error.code).toBe('image_unsupported_type');
    expect(error.message).toBe('"holiday.png" is not a supported image: only PNG, JPEG, WebP and GIF are accepted (judged by the file\'s content, not its name).');
    expect((await refusal(prepareImage(new Uint8Array()))).code).toBe('image_empty');
  });

  it('refuses files over 50 MB before looking at them', async () => {
    const huge = Buffer.alloc(MAX_INPUT_BYTES + 1);
    huge.set([0xff, 0xd8, 0xff]);
    const error = await refusal(prepareImage(huge, undefined, 'big.jpg'));
    expect(error.code).toBe('image_too_large');
    expect(error.message).toMatch(/"big\.jpg" is too large \(50 MB\); an image may be at most 50 MB/);
  });

  it('refuses a decompression bomb from its header (a few bytes claiming 10 gigapixels)', async () => {
    const bomb = bombPng(100_000, 100_000);
    expect(bomb.length).toBeLessThan(2000);
    const error = await refusal(prepareImage(bomb));
    expect(error.code).toBe('image_too_many_pixels');
    expect(error.details).toMatchObject({ width: 100_000, height: 100_000, limitPixels: MAX_INPUT_PIXELS });
    expect(error.message).toContain('100000×100000');
  });

  it('refuses a damaged file that starts like an image', async () => {
    const jpeg = await photoJpeg(400, 300);
    expect((await refusal(prepareImage(jpeg.subarray(0, 300)))).code).toBe('image_corrupt');
  });

  it('downscales to the longest side keeping the aspect ratio, and never enlarges', async () => {
    const wide = await prepareImage(await photoJpeg(3000, 1000));
    expect(wide).toMatchObject({ mime: 'image/jpeg', width: 2048, height: 683 });
    expect(wide.original).toMatchObject({ mime: 'image/jpeg', width: 3000, height: 1000 });
    const decoded = await sharp(wide.data).metadata();
    expect([decoded.width, decoded.height]).toEqual([2048, 683]);

    const tall = await prepareImage(await photoJpeg(600, 1800), { maxSide: 768, maxBytes: 3_750_000 });
    expect([tall.width, tall.height]).toEqual([256, 768]);

    const small = await prepareImage(await photoJpeg(320, 200));
    expect([small.width, small.height]).toEqual([320, 200]);
  });

  it('turns the image upright by its EXIF orientation and strips every piece of metadata', async () => {
    const input = await sidewaysJpeg();
    const inMeta = await sharp(input).metadata();
    expect(inMeta.orientation).toBe(6);
    expect(input.toString('latin1')).toContain('Private Person');

    const out = await prepareImage(input);
    expect([out.width, out.height]).toEqual([200, 300]);
    expect(out.original).toMatchObject({ width: 200, height: 300 });
    // Turned 90° clockwise: the left (red) half is now on top, the right (blue) half at the bottom.
    const top = await pixelAt(out.data, 100, 20);
    const bottom = await pixelAt(out.data, 100, 280);
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(50);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(50);
    const meta = await sharp(out.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(out.data.toString('latin1')).not.toContain('Private Person');
  });

  it('keeps transparency as PNG; an opaque WebP becomes JPEG', async () => {
    const png = await prepareImage(await translucentPng());
    expect(png.mime).toBe('image/png');
    const meta = await sharp(png.data).metadata();
    expect(meta.hasAlpha).toBe(true);
    expect((await sharp(png.data).stats()).isOpaque).toBe(false);

    const webp = await prepareImage(await opaqueWebp());
    expect(webp).toMatchObject({ mime: 'image/jpeg', width: 64, height: 48 });
    expect(sniffImageType(webp.data)).toBe('image/jpeg');
  });

  it('a GIF becomes its first frame as a still PNG', async () => {
    const out = await prepareImage(await twoFrameGif());
    expect(out).toMatchObject({ mime: 'image/png', width: 40, height: 30, original: { mime: 'image/gif', width: 40, height: 30 } });
    expect((await sharp(out.data).metadata()).pages ?? 1).toBe(1);
    const [r, , b] = await pixelAt(out.data, 20, 15);
    expect(r).toBeGreaterThan(200);
    expect(b).toBeLessThan(50);
  });

  it('steps JPEG quality down (and then the size) until the bytes fit the target', async () => {
    const input = await photoJpeg(1600, 1200, { quality: 95 });
    const roomy = await prepareImage(input, { maxSide: 2048, maxBytes: 3_750_000 });
    const tight = await prepareImage(input, { maxSide: 2048, maxBytes: 150_000 });
    expect(roomy.data.length).toBeGreaterThan(150_000);
    expect(tight.data.length).toBeLessThanOrEqual(150_000);
    expect(tight.width / tight.height).toBeCloseTo(4 / 3, 1);
  });

  it('a PNG over the byte target becomes a JPEG on white', async () => {
    const noisy = await sharp({ create: { width: 800, height: 600, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 }, noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .png()
      .toBuffer();
    const out = await prepareImage(noisy, { maxSide: 2048, maxBytes: 400_000 });
    expect(out.mime).toBe('image/jpeg');
    expect(out.data.length).toBeLessThanOrEqual(400_000);
  });

  it('the same file always gives the same bytes (so it is stored once)', async () => {
    const input = await photoJpeg(900, 700);
    const [a, b] = await Promise.all([prepareImage(input), prepareImage(input)]);
    expect(a.data.equals(b.data)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { uploadImageTransport, uploadedUrlOf } from '../../../src/main/core/providers/protocols/imageTransport';
import { dataUrlTransport } from '../../../src/main/core/providers';
import { defaultProviders } from '../../../src/main/core/providers';

const base = 'https://upload.example/llm_api/uploadfile?openid=x';

describe('upload transport', () => {
  it('reads the URL from the usual answer shapes, resolving server paths against the upload URL', () => {
    expect(uploadedUrlOf('{"url":"https://cdn.example/a.png"}', base)).toBe('https://cdn.example/a.png');
    expect(uploadedUrlOf('{"code":0,"data":{"file_url":"/files/a.png"}}', base)).toBe('https://upload.example/files/a.png');
    expect(uploadedUrlOf('{"result":"https://cdn.example/b.jpg"}', base)).toBe('https://cdn.example/b.jpg');
    expect(uploadedUrlOf('https://cdn.example/c.jpg\n', base)).toBe('https://cdn.example/c.jpg');
    expect(uploadedUrlOf('"https://cdn.example/d.jpg"', base)).toBe('https://cdn.example/d.jpg');
  });

  it('finds no URL in answers that have none', () => {
    for (const body of ['ok', '{"code":0}', '{"file":"a.png"}', '{"url":"javascript:alert(1)"}', '{"url":"//evil.example/x"}', '']) {
      expect(uploadedUrlOf(body, base), body).toBeUndefined();
    }
  });

  it('falls back to the inline data URL when the upload fails, but a user stop stays a stop', async () => {
    const image = { hash: 'a'.repeat(64), mime: 'image/png', data: Buffer.from([1, 2, 3]) };
    const provider = defaultProviders(0)[1]!;
    const failing = (async () => new Response('nope', { status: 500 })) as typeof fetch;
    const transport = uploadImageTransport({ url: base, fallback: dataUrlTransport });
    const ctx = { provider, credentials: {}, signal: new AbortController().signal, fetch: failing };
    expect(await transport(image, ctx)).toBe('data:image/png;base64,AQID');

    const stopped = new AbortController();
    const hanging = ((_url: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    const pending = transport(image, { ...ctx, signal: stopped.signal, fetch: hanging });
    stopped.abort();
    await expect(pending).rejects.toThrow('aborted');
  });
});

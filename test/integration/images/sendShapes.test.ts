// Images end to end through the API against the provider simulator: the exact request shape per protocol, with
// base64 that decodes to the stored, downscaled bytes; the zyinfo upload transport and its fallback; the
// capability check; a 20-megapixel photo within szaiai's limits.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { conversationFor, simCore } from '../../helpers/simCore';
import { attachmentsRepo, messagesRepo } from '../../../src/main/core/store';
import { photoJpeg, translucentPng } from '../../unit/images/fixtures';
import { attachmentCount, failure, fromDataUrl, ingest, sentMessages, turn } from './helpers';

let photo20mp: Buffer;
let smallPhoto: Buffer;

beforeAll(async () => {
  // 5472×3648 (a 20 MP camera) with sensor-like noise: about as many bytes as a real photo of that size.
  photo20mp = await photoJpeg(5472, 3648, { quality: 85, sigma: 30 });
  smallPhoto = await photoJpeg(900, 600);
});

describe('images over each protocol', () => {
  it('szaiai /v1/messages: a 20-megapixel photo is downscaled and sent as a base64 image block within 50 MB', async () => {
    const { sim, core, api } = await simCore();
    expect(photo20mp.length).toBeGreaterThan(4_000_000);
    const image = await ingest(api, photo20mp, 'IMG_0001.JPG');
    expect(image.original).toEqual({ mime: 'image/jpeg', width: 5472, height: 3648, byteSize: photo20mp.length });
    expect(image).toMatchObject({ width: 2048, height: 1365, part: { type: 'image', mime: 'image/jpeg', width: 2048, height: 1365 } });
    expect(image.byteSize).toBeLessThanOrEqual(3_750_000);

    const conversationId = await conversationFor(api, 'szaiai', 'xiaoai-chat-v1');
    sim.enqueue({ text: '一张有噪点的照片。' });
    const { replies } = await turn(api, core, 'chat.send', { conversationId, text: '描述这张照片', images: [image.part] });
    expect(replies[0]).toMatchObject({ status: 'done' });

    const request = sim.chatRequests()[0]!;
    expect(request).toMatchObject({ kind: 'messages', path: '/v1/messages', status: 200 });
    const stored = attachmentsRepo.getAttachmentData(core.db, image.part.hash)!;
    const [message] = sentMessages(request.body);
    expect(message).toEqual({
      role: 'user',
      content: [
        { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: stored.toString('base64') } },
        { type: 'text', text: '描述这张照片' },
      ],
    });
    const sent = Buffer.from(((message!.content as Array<{ source?: { data: string } }>)[0]!.source!).data, 'base64');
    expect(sent.equals(stored)).toBe(true);
    const meta = await sharp(sent).metadata();
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(2048);
    expect(Buffer.byteLength(JSON.stringify(request.body))).toBeLessThan(50 * 1024 * 1024);
  });

  it('OpenAI protocol (Baystone): image_url content parts with a data URL of the stored PNG, then the text', async () => {
    const { sim, core, api } = await simCore();
    const image = await ingest(api, await translucentPng(), 'logo.png');
    expect(image.part.mime).toBe('image/png');
    // gpt-4's vision is not documented by Baystone: unknown capability, so the image is sent.
    const conversationId = await conversationFor(api, 'baystone', 'gpt-4');
    await turn(api, core, 'chat.send', { conversationId, text: '这个标志是什么颜色？', images: [image.part] });

    const [message] = sentMessages(sim.chatRequests()[0]!.body);
    const content = message!.content as Array<{ type: string; image_url?: { url: string }; text?: string }>;
    expect(content.map((p) => p.type)).toEqual(['image_url', 'text']);
    expect(content[0]).toEqual({ type: 'image_url', image_url: { url: expect.stringMatching(/^data:image\/png;base64,/) } });
    expect(content[1]).toEqual({ type: 'text', text: '这个标志是什么颜色？' });
    const { mime, bytes } = fromDataUrl(content[0]!.image_url!.url);
    expect(mime).toBe('image/png');
    expect(bytes.equals(attachmentsRepo.getAttachmentData(core.db, image.part.hash)!)).toBe(true);
  });

  it('szaiai /v1/chat/completions (OpenAI endpoint): image_url data URLs too', async () => {
    const { sim, core, api } = await simCore();
    expect((await api.call('providers.update', { id: 'szaiai', options: { endpoint: 'chat' } })).ok).toBe(true);
    const image = await ingest(api, smallPhoto);
    const conversationId = await conversationFor(api, 'szaiai', 'xiaoai-chat-v1');
    await turn(api, core, 'chat.send', { conversationId, text: '', images: [image.part] });
    const request = sim.chatRequests()[0]!;
    expect(request).toMatchObject({ kind: 'chat', gateway: 'szaiai', path: '/v1/chat/completions' });
    const [message] = sentMessages(request.body);
    // An image-only message: one image_url part, no empty text part.
    const content = message!.content as Array<{ type: string; image_url: { url: string } }>;
    expect(content).toHaveLength(1);
    const { mime, bytes } = fromDataUrl(content[0]!.image_url.url);
    expect(mime).toBe('image/jpeg');
    expect(bytes.equals(attachmentsRepo.getAttachmentData(core.db, image.part.hash)!)).toBe(true);
  });

  it('zyinfo chat5-v without an upload URL: inline data URL', async () => {
    const { sim, core, api } = await simCore();
    const image = await ingest(api, smallPhoto);
    const conversationId = await conversationFor(api, 'zyinfo', 'chat5-v');
    await turn(api, core, 'chat.send', { conversationId, text: '图里有什么？', images: [image.part] });
    const request = sim.chatRequests()[0]!;
    expect(request.zyinfo).toMatchObject({ aiSystem: 'chat5-v' });
    const content = sentMessages(request.body)[0]!.content as Array<{ type: string; image_url?: { url: string } }>;
    expect(fromDataUrl(content[0]!.image_url!.url).bytes.equals(attachmentsRepo.getAttachmentData(core.db, image.part.hash)!)).toBe(true);
  });

  it('zyinfo chat5-v with imageTransport "upload": the image is POSTed first (multipart) and its URL is sent', async () => {
    const uploads: Array<{ query: URLSearchParams; file: File }> = [];
    const server = createServer((req, res) => {
      void readMultipart(req).then((form) => {
        const file = form.get('file');
        if (!(file instanceof File)) {
          res.writeHead(400).end('no file');
          return;
        }
        uploads.push({ query: new URL(req.url ?? '/', 'http://x').searchParams, file });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, data: { url: `/files/${uploads.length}.jpg` } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const uploadUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/llm_api/uploadfile`;
    try {
      const { sim, core, api } = await simCore();
      await api.call('providers.update', { id: 'zyinfo', options: { imageTransport: 'upload', uploadUrl } });
      const image = await ingest(api, smallPhoto);
      const conversationId = await conversationFor(api, 'zyinfo', 'chat5-v');
      await turn(api, core, 'chat.send', { conversationId, text: '图里有什么？', images: [image.part] });

      expect(uploads).toHaveLength(1);
      const upload = uploads[0]!;
      expect(Object.fromEntries(upload.query)).toEqual({ openid: 'test', userid: 'test' });
      expect(upload.file.type).toBe('image/jpeg');
      expect(upload.file.name).toBe(`${image.part.hash.slice(0, 16)}.jpg`);
      expect(Buffer.from(await upload.file.arrayBuffer()).equals(attachmentsRepo.getAttachmentData(core.db, image.part.hash)!)).toBe(true);
      const content = sentMessages(sim.chatRequests()[0]!.body)[0]!.content;
      expect(content).toEqual([
        { type: 'image_url', image_url: { url: new URL('/files/1.jpg', uploadUrl).toString() } },
        { type: 'text', text: '图里有什么？' },
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('zyinfo upload failing (the simulator has no uploadfile route: 404) falls back to the inline data URL', async () => {
    const { sim, core, api } = await simCore();
    const uploadUrl = `${sim.baseUrls.zyinfoOverseas}/llm_api/uploadfile`;
    await api.call('providers.update', { id: 'zyinfo', options: { imageTransport: 'upload', uploadUrl } });
    const image = await ingest(api, smallPhoto);
    const conversationId = await conversationFor(api, 'zyinfo', 'chat5-v');
    const { replies } = await turn(api, core, 'chat.send', { conversationId, text: '图里有什么？', images: [image.part] });
    expect(replies[0]!.status).toBe('done');
    const upload = sim.requests.find((r) => r.method === 'POST' && r.rawPath.endsWith('/llm_api/uploadfile'));
    expect(upload).toMatchObject({ kind: 'unknown', status: 404, query: { openid: 'test', userid: 'test' } });
    expect(upload!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const content = sentMessages(sim.chatRequests()[0]!.body)[0]!.content as Array<{ image_url?: { url: string } }>;
    expect(fromDataUrl(content[0]!.image_url!.url).bytes.equals(attachmentsRepo.getAttachmentData(core.db, image.part.hash)!)).toBe(true);
  });

  it('a model whose catalog entry asks for less gets a smaller copy; the stored image is untouched', async () => {
    const { sim, core, api } = await simCore();
    const zyinfo = ((await api.call('providers.list')) as { ok: true; value: Array<{ id: string; models: unknown[] }> }).value.find((p) => p.id === 'zyinfo')!;
    const models = (zyinfo.models as Array<{ id: string }>).map((m) => (m.id === 'chat5-v' ? { ...m, maxImageSide: 512 } : m));
    expect((await api.call('providers.update', { id: 'zyinfo', models })).ok).toBe(true);
    const image = await ingest(api, await photoJpeg(3000, 2000));
    expect([image.width, image.height]).toEqual([2048, 1365]);
    const conversationId = await conversationFor(api, 'zyinfo', 'chat5-v');
    await turn(api, core, 'chat.send', { conversationId, text: '看', images: [image.part] });
    const content = sentMessages(sim.chatRequests()[0]!.body)[0]!.content as Array<{ image_url?: { url: string } }>;
    const sent = await sharp(fromDataUrl(content[0]!.image_url!.url).bytes).metadata();
    expect([sent.width, sent.height]).toEqual([512, 341]);
    expect(attachmentsRepo.getAttachmentInfo(core.db, image.part.hash)).toMatchObject({ width: 2048, height: 1365 });
  });

  it('a body over szaiai’s limit is refused before sending, with a clear error on the reply', async () => {
    const { sim, core, api } = await simCore();
    await api.call('providers.update', { id: 'szaiai', options: { maxRequestBytes: 100_000 } });
    const image = await ingest(api, smallPhoto);
    expect(image.byteSize * (4 / 3)).toBeGreaterThan(100_000);
    const conversationId = await conversationFor(api, 'szaiai', 'xiaoai-chat-v1');
    const { replies } = await turn(api, core, 'chat.send', { conversationId, text: '看', images: [image.part] });
    expect(replies[0]).toMatchObject({ status: 'error', error: { code: 'payload_too_large' } });
    expect(sim.chatRequests()).toHaveLength(0);
  });
});

describe('vision capability at send time', () => {
  it('images to a model known not to see: a conflict naming the vision models, nothing stored or sent; allowNonVision sends', async () => {
    const { sim, core, api } = await simCore();
    const image = await ingest(api, smallPhoto);
    const conversationId = await conversationFor(api, 'zyinfo', 'qwen');
    const error = await failure(api, 'chat.send', { conversationId, text: '这是什么？', images: [image.part] });
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      'Model "qwen" of 展映 zyinfo cannot see images. Vision models of 展映 zyinfo: chat5-v. Switch the conversation to one of them, or send anyway with allowNonVision.',
    );
    expect(messagesRepo.listMessages(core.db, conversationId)).toEqual([]);
    expect(sim.chatRequests()).toHaveLength(0);

    // Text alone is fine.
    await turn(api, core, 'chat.send', { conversationId, text: '你好' });
    await turn(api, core, 'chat.send', { conversationId, text: '这是什么？', images: [image.part], allowNonVision: true });
    const content = sentMessages(sim.chatRequests()[1]!.body).at(-1)!.content as Array<{ type: string }>;
    expect(content.map((p) => p.type)).toEqual(['image_url', 'text']);
  });

  it('attachments.checkTarget: by model or by conversation; unknown for custom providers', async () => {
    const { api } = await simCore();
    expect(await api.call('attachments.checkTarget', { providerId: 'zyinfo', model: 'qwen' })).toEqual({
      ok: true,
      value: { providerId: 'zyinfo', model: 'qwen', vision: false, alternatives: [{ id: 'chat5-v', label: '视觉模型 5' }], maxImageSide: 2048, maxImageBytes: 3_750_000 },
    });
    const conversationId = await conversationFor(api, 'szaiai', 'xiaoai-chat-v1');
    expect(await api.call('attachments.checkTarget', { conversationId })).toMatchObject({ ok: true, value: { providerId: 'szaiai', vision: true, alternatives: [] } });
    await api.call('providers.add', { id: 'local', name: 'Local', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: ['llava'] });
    expect(await api.call('attachments.checkTarget', { providerId: 'local', model: 'llava' })).toMatchObject({ ok: true, value: { vision: 'unknown' } });
    expect((await failure(api, 'attachments.checkTarget', { providerId: 'nope', model: 'x' })).code).toBe('not_found');
    expect((await failure(api, 'attachments.checkTarget', { providerId: 'zyinfo' })).code).toBe('validation');
  });

  it('chat.send refuses an image part that is not in the store, and uses the stored type over the claimed one', async () => {
    const { sim, core, api } = await simCore();
    const conversationId = await conversationFor(api, 'szaiai', 'xiaoai-chat-v1');
    const missing = { type: 'image', hash: 'f'.repeat(64), mime: 'image/png' };
    expect((await failure(api, 'chat.send', { conversationId, text: 'x', images: [missing] })).code).toBe('not_found');
    expect(attachmentCount(core)).toBe(0);

    const image = await ingest(api, smallPhoto);
    await turn(api, core, 'chat.send', { conversationId, text: 'x', images: [{ ...image.part, mime: 'image/gif', width: 1, height: 1 }] });
    const [user] = messagesRepo.listMessages(core.db, conversationId);
    expect(user!.parts[0]).toEqual(image.part);
    const block = (sentMessages(sim.chatRequests()[0]!.body)[0]!.content as Array<{ source?: { media_type: string } }>)[0]!;
    expect(block.source!.media_type).toBe('image/jpeg');
  });
});

async function readMultipart(req: IncomingMessage): Promise<FormData> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Request('http://upload.test/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: Buffer.concat(chunks) }).formData();
}

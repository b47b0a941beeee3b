// attachments.ingest / attachments.get through the API with a real SQLite file, and images in history:
// after a restart, on regenerate and on edit-and-resend.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../src/main/api';
import { createCore } from '../../../src/main/core/core';
import { attachmentsRepo, messagesRepo } from '../../../src/main/core/store';
import { conversationFor, simCore } from '../../helpers/simCore';
import { NOT_AN_IMAGE, photoJpeg, sidewaysJpeg } from '../../unit/images/fixtures';
import { attachmentCount, failure, ingest, sentMessages, turn } from './helpers';

describe('attachments.ingest', () => {
  it('refuses a text file renamed to .png with a clear message, and stores nothing', async () => {
    const { core, api } = await simCore();
    await ingest(api, await photoJpeg(300, 200));
    const before = attachmentCount(core);

    const zh = await failure(api, 'attachments.ingest', { name: 'holiday.png', dataBase64: NOT_AN_IMAGE.toString('base64') });
    expect(zh).toMatchObject({ code: 'validation', message: '“holiday.png”不是支持的图片：只接受 PNG、JPEG、WebP 和 GIF（按文件内容判断，而非扩展名）。' });
    expect(zh.issues).toEqual([{ path: 'dataBase64', message: `image_unsupported_type: ${zh.message}` }]);

    await api.call('settings.update', { language: 'en' });
    const en = await failure(api, 'attachments.ingest', { name: 'holiday.png', dataBase64: NOT_AN_IMAGE.toString('base64') });
    expect(en.message).toBe('"holiday.png" is not a supported image: only PNG, JPEG, WebP and GIF are accepted (judged by the file\'s content, not its name).');
    expect(attachmentCount(core)).toBe(before);
  });

  it('checks the base64 before decoding it: over 50 MB, not base64, or a data: URL are validation errors', async () => {
    const { core, api } = await simCore();
    const tooBig = 'A'.repeat(Math.ceil((50 * 1024 * 1024) / 3) * 4 + 4);
    expect(await failure(api, 'attachments.ingest', { name: 'big.jpg', dataBase64: tooBig })).toMatchObject({
      code: 'validation',
      issues: [{ path: 'dataBase64', message: 'the file is larger than 50 MB' }],
    });
    for (const dataBase64 of ['not base64!', 'data:image/png;base64,iVBORw0KGgo=', 'QUJD\nREVG', 'QUJDRA']) {
      expect((await failure(api, 'attachments.ingest', { name: 'x.png', dataBase64 })).code, dataBase64).toBe('validation');
    }
    expect((await failure(api, 'attachments.ingest', { name: '', dataBase64: 'QUJD' })).code).toBe('validation');
    expect((await failure(api, 'attachments.ingest', { name: 'a.jpg', dataBase64: 'QUJD', providerId: 'zyinfo' })).code).toBe('validation');
    expect((await failure(api, 'attachments.ingest', { name: 'a.jpg', dataBase64: 'QUJD', path: '/etc/passwd' })).code).toBe('validation');
    expect(attachmentCount(core)).toBe(0);
  });

  it('stores an image once by the hash of its stored bytes, and fits it to a given model', async () => {
    const { core, api } = await simCore();
    const bytes = await photoJpeg(2600, 1300);
    const first = await ingest(api, bytes, 'a.jpg');
    const again = await ingest(api, bytes, 'copy of a.jpg');
    expect(again.part).toEqual(first.part);
    expect(attachmentCount(core)).toBe(1);
    const stored = attachmentsRepo.getAttachmentData(core.db, first.part.hash)!;
    expect(attachmentsRepo.contentHash(stored)).toBe(first.part.hash);
    expect(first.byteSize).toBe(stored.length);

    const zyinfo = ((await api.call('providers.list')) as { ok: true; value: Array<{ id: string; models: Array<{ id: string }> }> }).value.find((p) => p.id === 'zyinfo')!;
    await api.call('providers.update', { id: 'zyinfo', models: zyinfo.models.map((m) => (m.id === 'chat5-v' ? { ...m, maxImageSide: 1024 } : m)) });
    const fitted = await ingest(api, bytes, 'a.jpg', { providerId: 'zyinfo', model: 'chat5-v' });
    expect([fitted.width, fitted.height]).toEqual([1024, 512]);
    expect(attachmentCount(core)).toBe(2);
  });
});

describe('attachments.get', () => {
  it('returns the stored image, or a small WebP thumbnail; unknown hashes are not_found', async () => {
    const { core, api } = await simCore();
    const image = await ingest(api, await sidewaysJpeg(), 'sideways.jpg');
    const full = await api.call('attachments.get', { hash: image.part.hash });
    expect(full).toEqual({
      ok: true,
      value: { hash: image.part.hash, mime: 'image/jpeg', width: 200, height: 300, dataBase64: attachmentsRepo.getAttachmentData(core.db, image.part.hash)!.toString('base64') },
    });
    const thumb = (await api.call('attachments.get', { hash: image.part.hash, thumbnail: true })) as { ok: true; value: { mime: string; dataBase64: string; width: number; height: number } };
    expect(thumb.value).toMatchObject({ mime: 'image/webp', width: 171, height: 256 });
    const meta = await sharp(Buffer.from(thumb.value.dataBase64, 'base64')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 171, 256]);

    expect((await failure(api, 'attachments.get', { hash: 'e'.repeat(64) })).code).toBe('not_found');
    expect((await failure(api, 'attachments.get', { hash: '../../etc/passwd' })).code).toBe('validation');
  });
});

describe('images in history', () => {
  it('show after a restart; regenerate and edit-and-resend send them again', async () => {
    const { sim, core, api, dataDir } = await simCore();
    const image = await ingest(api, await photoJpeg(800, 600));
    const stored = attachmentsRepo.getAttachmentData(core.db, image.part.hash)!;
    const conversationId = await conversationFor(api, 'szaiai', 'xiaoai-chat-v1');
    const sent = await turn(api, core, 'chat.send', { conversationId, text: '这是哪里？', images: [image.part] });

    // Regenerate: the same user message, image included, goes out again.
    await turn(api, core, 'chat.regenerate', { messageId: sent.replies[0]!.id });
    // Edit-and-resend: a new user message beside the old one keeps the image.
    const edited = await turn(api, core, 'chat.editAndResend', { messageId: sent.ids.userMessageId, text: '这是哪个城市？' });
    const imageBlock = { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: stored.toString('base64') } };
    const requests = sim.chatRequests().map((r) => sentMessages(r.body));
    expect(requests).toHaveLength(3);
    expect(requests[0]![0]!.content).toEqual([imageBlock, { type: 'text', text: '这是哪里？' }]);
    expect(requests[1]![0]!.content).toEqual([imageBlock, { type: 'text', text: '这是哪里？' }]);
    expect(requests[2]![0]!.content).toEqual([imageBlock, { type: 'text', text: '这是哪个城市？' }]);
    const editedUser = messagesRepo.getMessage(core.db, edited.ids.userMessageId);
    expect(editedUser.parts).toEqual([image.part, { type: 'text', text: '这是哪个城市？' }]);

    // A restart: a new core on the same data directory shows the image and serves its bytes.
    core.close();
    const reopened = createCore({ dataDir, keychain: null });
    try {
      const api2 = createApi(reopened);
      const messages = (await api2.call('messages.list', { conversationId })) as { ok: true; value: Array<{ id: string; parts: unknown[] }> };
      expect(messages.value.find((m) => m.id === sent.ids.userMessageId)!.parts).toEqual([image.part, { type: 'text', text: '这是哪里？' }]);
      const again = (await api2.call('attachments.get', { hash: image.part.hash })) as { ok: true; value: { dataBase64: string } };
      expect(Buffer.from(again.value.dataBase64, 'base64').equals(stored)).toBe(true);
    } finally {
      reopened.close();
    }
  });
});

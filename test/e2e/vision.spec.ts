// Image prompts end to end: attaching by file input, drop and paste (and the native dialog), refusals with the
// core's message, the offer to switch to a vision model, the request the gateway receives, and the images in the
// history after a reload, on regenerate and on edit. Real Chromium, the real core, the provider simulator.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';
import { test, expect, fastSleep } from './fixtures';
import { lastChatBody, lastReply, pickNewChatModel, send, startChat, waitForDone } from './chatHelpers';
import { startHarness } from './harness/server';
import { shoot, useTheme } from './screenshotHelpers';
import { attachmentsRepo, conversationsRepo } from '../../src/main/core/store';
import type { Core } from '../../src/main/core/core';
import type { Simulator } from '../sim/server';

interface TestFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A small landscape (sky, sun, hills) so thumbnails and screenshots show something recognisable. */
async function scene(name: string, width: number, height: number, colors: { sky: string; sun: string; hill: string }, format: 'png' | 'jpeg' = 'png'): Promise<TestFile> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
    <defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colors.sky}"/><stop offset="1" stop-color="#ffffff"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#s)"/>
    <circle cx="${width * 0.72}" cy="${height * 0.3}" r="${Math.min(width, height) * 0.13}" fill="${colors.sun}"/>
    <path d="M0 ${height * 0.75} Q ${width * 0.3} ${height * 0.45} ${width * 0.6} ${height * 0.72} T ${width} ${height * 0.68} V ${height} H 0 Z" fill="${colors.hill}"/>
  </svg>`;
  const image = sharp(Buffer.from(svg));
  const buffer = format === 'png' ? await image.png().toBuffer() : await image.jpeg({ quality: 85 }).toBuffer();
  return { name, mimeType: `image/${format}`, buffer };
}

const sunset = () => scene('sunset.png', 640, 420, { sky: '#f97316', sun: '#fde047', hill: '#7c2d12' });
const meadow = () => scene('meadow.jpg', 800, 533, { sky: '#38bdf8', sun: '#fef08a', hill: '#15803d' }, 'jpeg');
const night = () => scene('night.png', 400, 600, { sky: '#1e3a8a', sun: '#e2e8f0', hill: '#0f172a' });
const notAnImage = (): TestFile => ({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('购物清单：牛奶、鸡蛋、面包\nshopping list: milk, eggs, bread\n', 'utf8') });

function attachmentCount(core: Core): number {
  return (core.db.prepare('SELECT COUNT(*) AS n FROM attachments').get() as { n: number }).n;
}

const composerImages = (page: Page): Locator => page.getByTestId('composer-attachment');

/** Every attached image has its thumbnail drawn (decoded, not a broken <img>). */
async function expectThumbnailsDrawn(scope: Locator, count: number): Promise<void> {
  const thumbs = scope.getByTestId('thumbnail');
  await expect(thumbs).toHaveCount(count);
  await expect.poll(() => thumbs.evaluateAll((imgs) => imgs.filter((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0).length)).toBe(count);
}

/** Builds Files in the page from the bytes given (a drop or a paste carries File objects, not paths). */
async function dispatchWithFiles(page: Page, selector: string, types: string[], files: TestFile[]): Promise<void> {
  await page.evaluate(
    ({ selector, types, files }) => {
      const target = document.querySelector(selector);
      if (!target) throw new Error(`no element for ${selector}`);
      const data = new DataTransfer();
      for (const file of files) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], file.name, { type: file.mimeType }));
      }
      for (const type of types) {
        const init = { bubbles: true, cancelable: true };
        const event = type === 'paste' ? new ClipboardEvent('paste', { ...init, clipboardData: data }) : new DragEvent(type, { ...init, dataTransfer: data });
        target.dispatchEvent(event);
      }
    },
    { selector, types, files: files.map((f) => ({ name: f.name, mimeType: f.mimeType, base64: f.buffer.toString('base64') })) },
  );
}

type ContentPart = { type: string; text?: string; image_url?: { url: string } };

/** The user content of the last chat request, with each image as the bytes its data URL carries. */
function lastUserContent(sim: Simulator): { parts: ContentPart[]; images: Buffer[]; text: string } {
  const messages = lastChatBody(sim).messages as Array<{ role: string; content: string | ContentPart[] }>;
  const content = messages.filter((m) => m.role === 'user').pop()!.content;
  const parts = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  const images = parts
    .filter((p) => p.type === 'image_url')
    .map((p) => {
      const match = /^data:image\/(png|jpeg|webp|gif);base64,([A-Za-z0-9+/=]+)$/.exec(p.image_url!.url);
      expect(match, p.image_url!.url.slice(0, 60)).not.toBeNull();
      return Buffer.from(match![2]!, 'base64');
    });
  return { parts, images, text: parts.filter((p) => p.type === 'text').map((p) => p.text).join('') };
}

/** The stored bytes of the images a user message shows, in order. */
async function shownImageBytes(core: Core, message: Locator): Promise<Buffer[]> {
  const hashes = await message.getByTestId('message-image').evaluateAll((els) => els.map((el) => el.getAttribute('data-hash')!));
  return hashes.map((hash) => attachmentsRepo.getAttachmentData(core.db, hash)!);
}

const userMessages = (page: Page): Locator => page.locator('[data-testid="message"][data-role="user"]');

test.describe('image prompts', () => {
  test('attach through the file input, remove one, send: the gateway gets the images, the history keeps them after a reload', async ({ simApp: app, sim, harness }) => {
    const { core } = harness;
    await pickNewChatModel(app, 'baystone', 'llama-3.1-instruct');
    await app.getByTestId('attach-input').setInputFiles([await sunset(), await meadow(), await night()]);
    await expect(composerImages(app)).toHaveCount(3);
    await expect(composerImages(app).and(app.locator('[data-status="ready"]'))).toHaveCount(3);
    await expectThumbnailsDrawn(app.getByTestId('composer-attachments'), 3);
    await expect(app.getByTestId('send-button')).toBeEnabled();

    // Removing one before sending: it is not sent.
    await composerImages(app).nth(1).getByTestId('remove-attachment').click();
    await expect(composerImages(app)).toHaveCount(2);
    expect(await composerImages(app).evaluateAll((els) => els.map((el) => el.getAttribute('title')))).toEqual(['sunset.png', 'night.png']);

    sim.enqueue({ text: '第一张是日落，第二张是夜景。' });
    await send(app, '这两张图分别是什么？');
    await expect(app.getByTestId('chat-pane')).toBeVisible();
    await waitForDone(app);
    await expect(composerImages(app)).toHaveCount(0);

    // The request: two image_url data URLs carrying exactly the stored bytes, then the text.
    const sent = lastUserContent(sim);
    expect(sent.parts.map((p) => p.type)).toEqual(['image_url', 'image_url', 'text']);
    expect(sent.text).toBe('这两张图分别是什么？');
    const user = userMessages(app).last();
    await expect(user.getByTestId('message-image')).toHaveCount(2);
    const shown = await shownImageBytes(core, user);
    expect(sent.images.map((b) => b.toString('base64'))).toEqual(shown.map((b) => b.toString('base64')));
    const metas = await Promise.all(shown.map((b) => sharp(b).metadata()));
    expect(metas.map((m) => [m.width, m.height])).toEqual([
      [640, 420],
      [400, 600],
    ]);

    // After a reload the images come back from the store.
    await app.reload();
    await expect(userMessages(app).last().getByTestId('message-image')).toHaveCount(2);
    await expectThumbnailsDrawn(userMessages(app).last(), 2);
    await expect(userMessages(app).last()).toContainText('这两张图分别是什么？');

    // Click: the full image in a lightbox; → moves on; Esc closes it and leaves the reply alone.
    await userMessages(app).last().getByTestId('message-image').first().click();
    const lightbox = app.getByTestId('lightbox');
    await expect(lightbox).toBeVisible();
    const big = lightbox.getByTestId('lightbox-image');
    await expect.poll(() => big.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(640);
    await app.keyboard.press('ArrowRight');
    await expect.poll(() => big.evaluate((img) => (img as HTMLImageElement).naturalHeight)).toBe(600);
    await app.keyboard.press('Escape');
    await expect(lightbox).toHaveCount(0);
    await expect(lastReply(app)).toHaveAttribute('data-status', 'done');
  });

  test('drop image files onto the chat pane: a drop zone shows while dragging, the image is attached and sent', async ({ simApp: app, sim }) => {
    sim.enqueue({ text: '好的。' }, { text: '一片草地。' });
    await startChat(app, '先打个招呼');
    await waitForDone(app);
    const file = await meadow();

    // A drag that only passes over the pane leaves nothing behind.
    await dispatchWithFiles(app, '[data-testid="message-list"]', ['dragenter', 'dragover'], [file]);
    await expect(app.getByTestId('drop-zone')).toBeVisible();
    await dispatchWithFiles(app, '[data-testid="message-list"]', ['dragleave'], [file]);
    await expect(app.getByTestId('drop-zone')).toHaveCount(0);
    await expect(composerImages(app)).toHaveCount(0);

    await dispatchWithFiles(app, '[data-testid="message-list"]', ['dragenter', 'dragover'], [file]);
    await expect(app.getByTestId('drop-zone')).toBeVisible();
    await dispatchWithFiles(app, '[data-testid="message-list"]', ['drop'], [file]);
    await expect(app.getByTestId('drop-zone')).toHaveCount(0);
    await expect(composerImages(app)).toHaveAttribute('data-status', 'ready');
    await expectThumbnailsDrawn(app.getByTestId('composer-attachments'), 1);

    await send(app, '图里是什么地方？');
    await expect(userMessages(app)).toHaveCount(2);
    await waitForDone(app);
    const sent = lastUserContent(sim);
    expect(sent.parts.map((p) => p.type)).toEqual(['image_url', 'text']);
    expect((await sharp(sent.images[0]!).metadata()).format).toBe('jpeg');

    await app.reload();
    await expectThumbnailsDrawn(userMessages(app).last(), 1);
  });

  test('paste an image into the composer and send it without text', async ({ simApp: app, sim, harness }) => {
    sim.enqueue({ text: '你好。' }, { text: '这是夜空。' });
    await startChat(app, '你好');
    await waitForDone(app);
    await dispatchWithFiles(app, '[data-testid="composer-input"]', ['paste'], [await night()]);
    await expect(composerImages(app)).toHaveAttribute('data-status', 'ready');
    // The pasted file was taken as an image, not as text.
    await expect(app.getByTestId('composer-input')).toHaveValue('');
    await app.getByTestId('send-button').click();
    await expect(userMessages(app)).toHaveCount(2);
    await waitForDone(app);

    const sent = lastUserContent(sim);
    expect(sent.parts.map((p) => p.type)).toEqual(['image_url']);
    const user = userMessages(app).last();
    expect((await shownImageBytes(harness.core, user))[0]!.equals(sent.images[0]!)).toBe(true);
    // An image-only message shows its image and no empty text line.
    await expect(user.getByTestId('message-text')).toHaveCount(0);
    await app.reload();
    await expectThumbnailsDrawn(userMessages(app).last(), 1);
  });

  test('a text file named .png is refused with a clear message, in the chosen language, and nothing is stored', async ({ simApp: app, harness }) => {
    const before = attachmentCount(harness.core);
    await app.getByTestId('attach-input').setInputFiles([notAnImage()]);
    const toast = app.getByTestId('toast').filter({ hasText: 'notes.png' });
    await expect(toast).toHaveText('“notes.png”不是支持的图片：只接受 PNG、JPEG、WebP 和 GIF（按文件内容判断，而非扩展名）。');
    await expect(composerImages(app)).toHaveCount(0);
    await expect(app.getByTestId('send-button')).toBeDisabled();
    expect(attachmentCount(harness.core)).toBe(before);

    // The same refusal in English once the app is in English; a good image beside it is still attached.
    await app.evaluate(async () => {
      const api = (window as unknown as { api: { settings: { update(input: unknown): Promise<unknown> } } }).api;
      await api.settings.update({ language: 'en' });
    });
    await app.reload();
    await app.getByTestId('attach-input').setInputFiles([notAnImage(), await sunset()]);
    await expect(app.getByTestId('toast').filter({ hasText: 'notes.png' })).toHaveText(
      '"notes.png" is not a supported image: only PNG, JPEG, WebP and GIF are accepted (judged by the file\'s content, not its name).',
    );
    await expect(composerImages(app)).toHaveCount(1);
    await expect(composerImages(app)).toHaveAttribute('title', 'sunset.png');
    await expect(composerImages(app)).toHaveAttribute('data-status', 'ready');
    expect(attachmentCount(harness.core)).toBe(before + 1);
  });

  test('images for a model that cannot see: the offer switches to the provider’s vision model, then sends', async ({ simApp: app, sim, harness }) => {
    sim.enqueue({ text: '你好！' }, { text: '图中是日落。' });
    await startChat(app, '你好', 'zyinfo', 'qwen');
    await waitForDone(app);
    const requestsBefore = sim.chatRequests().length;

    await app.getByTestId('attach-input').setInputFiles([await sunset()]);
    const offer = app.getByTestId('vision-offer');
    await expect(offer).toBeVisible();
    await expect(offer).toContainText('「qwen」无法识别图片');
    await expect(offer.getByTestId('vision-switch')).toHaveText(['切换到 chat5-v']);

    // Enter does not send past the offer.
    await send(app, '这是什么？');
    await expect(offer).toBeVisible();
    await expect(app.getByTestId('composer-input')).toHaveValue('这是什么？');
    expect(sim.chatRequests()).toHaveLength(requestsBefore);

    await offer.getByTestId('vision-switch').click();
    await expect(offer).toHaveCount(0);
    await expect(app.getByTestId('model-picker')).toContainText('chat5-v');
    const conversationId = await app.evaluate(() => location.hash.split('/').pop()!);
    expect(conversationsRepo.getConversation(harness.core.db, conversationId).model).toBe('chat5-v');
    // The draft survived the switch.
    await expect(app.getByTestId('composer-input')).toHaveValue('这是什么？');
    await expect(composerImages(app)).toHaveCount(1);

    await app.getByTestId('composer-input').press('Enter');
    await expect(userMessages(app)).toHaveCount(2);
    await waitForDone(app);
    const request = sim.chatRequests().at(-1)!;
    expect(request.zyinfo).toMatchObject({ aiSystem: 'chat5-v' });
    expect(lastUserContent(sim).images).toHaveLength(1);
  });

  test('images for a model that cannot see: "send anyway" sends them to it', async ({ simApp: app, sim }) => {
    sim.enqueue({ text: '你好！' }, { text: '我看不到图片。' });
    await startChat(app, '你好', 'zyinfo', 'qwen');
    await waitForDone(app);
    await app.getByTestId('attach-input').setInputFiles([await night()]);
    await app.getByTestId('composer-input').fill('你能看到吗？');
    await app.getByTestId('vision-send-anyway').click();
    await expect(userMessages(app)).toHaveCount(2);
    await waitForDone(app);
    expect(sim.chatRequests().at(-1)!.zyinfo).toMatchObject({ aiSystem: 'qwen' });
    expect(lastUserContent(sim)).toMatchObject({ text: '你能看到吗？', images: [expect.any(Buffer)] });
    await expect(app.getByTestId('model-picker')).toContainText('qwen');
  });

  test('regenerate and edit-and-resend keep the images; the edit box shows them', async ({ simApp: app, sim, harness }) => {
    sim.enqueue({ text: '日落。' }, { text: '还是日落。' }, { text: '是傍晚的山。' });
    await pickNewChatModel(app, 'baystone', 'llama-3.1-instruct');
    await app.getByTestId('attach-input').setInputFiles([await sunset()]);
    await expect(composerImages(app)).toHaveAttribute('data-status', 'ready');
    await send(app, '这是什么？');
    await waitForDone(app);
    const original = lastUserContent(sim).images[0]!;

    await lastReply(app).getByTestId('regenerate').click();
    await expect(lastReply(app)).toContainText('还是日落。');
    expect(sim.chatRequests()).toHaveLength(2);
    expect(lastUserContent(sim).images.map((b) => b.equals(original))).toEqual([true]);

    const user = userMessages(app).last();
    await user.hover();
    await user.getByTestId('edit-message').click();
    // The edit box shows the images that go along with the edited text.
    await expectThumbnailsDrawn(user.locator('.edit-box'), 1);
    await user.getByTestId('edit-input').fill('这是什么时间的景色？');
    await user.getByTestId('edit-submit').click();
    await expect(lastReply(app)).toContainText('是傍晚的山。');
    expect(lastUserContent(sim)).toMatchObject({ text: '这是什么时间的景色？' });
    expect(lastUserContent(sim).images.map((b) => b.equals(original))).toEqual([true]);
    const edited = userMessages(app).last();
    await expect(edited.getByTestId('sibling-count')).toHaveText('2/2');
    await expectThumbnailsDrawn(edited, 1);
    expect((await shownImageBytes(harness.core, edited))[0]!.equals(original)).toBe(true);
  });
});

test.describe('image prompts through a native dialog', () => {
  let picked: string[] = [];
  // The harness with the dialogs Electron's main process would show: the page then uses attachments.pick.
  test.use({
    harness: async ({ dataDir, keychain }, use) => {
      const harness = await startHarness({
        dataDir,
        keychain,
        providerDeps: { sleep: fastSleep, stallTimeoutMs: 5000 },
        dialogs: {
          saveFile: async () => undefined,
          openFile: async () => undefined,
          openImages: async () => picked,
        },
      });
      await use(harness);
      await harness.close();
    },
  });

  test('the attach button opens the main process dialog; a refused file is reported, the good one attached', async ({ simApp: app, dataDir, harness, sim }) => {
    const good = await meadow();
    const bad = notAnImage();
    picked = [path.join(dataDir, good.name), path.join(dataDir, bad.name)];
    fs.writeFileSync(picked[0]!, good.buffer);
    fs.writeFileSync(picked[1]!, bad.buffer);
    const before = attachmentCount(harness.core);

    await pickNewChatModel(app, 'baystone', 'llama-3.1-instruct');
    await app.getByTestId('attach-button').click();
    await expect(composerImages(app)).toHaveCount(1);
    await expect(composerImages(app)).toHaveAttribute('title', 'meadow.jpg');
    await expect(app.getByTestId('toast').filter({ hasText: 'notes.png' })).toContainText('不是支持的图片');
    expect(attachmentCount(harness.core)).toBe(before + 1);

    sim.enqueue({ text: '草地。' });
    await send(app, '看看这个');
    await waitForDone(app);
    expect(lastUserContent(sim).images).toHaveLength(1);
  });
});

// For a person to look at: test-results/screenshots/vision-*.png in both themes.
for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of image prompts (${theme})`, async ({ simApp: app, sim }) => {
    await useTheme(app, theme);

    sim.enqueue({ text: '第一张是**日落**时分的山丘，太阳低垂，天空呈橙色；第二张是**夜景**，一轮明月挂在深蓝色的天空中。两张图的构图相似：都是远山与天空。' });
    await pickNewChatModel(app, 'baystone', 'llama-3.1-instruct');
    await app.getByTestId('attach-input').setInputFiles([await sunset(), await night()]);
    await expect(composerImages(app).and(app.locator('[data-status="ready"]'))).toHaveCount(2);
    await send(app, '这两张图分别是什么？有什么共同点？');
    await waitForDone(app);
    await expectThumbnailsDrawn(userMessages(app).last(), 2);
    await shoot(app, `vision-message-${theme}`);

    await userMessages(app).last().getByTestId('message-image').first().click();
    await expect.poll(() => app.getByTestId('lightbox-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(640);
    await shoot(app, `vision-lightbox-${theme}`);
    await app.keyboard.press('Escape');

    await app.getByTestId('attach-input').setInputFiles([await meadow(), await sunset(), await night()]);
    await expectThumbnailsDrawn(app.getByTestId('composer-attachments'), 3);
    await app.getByTestId('composer-input').fill('把这三张图按时间顺序排一下');
    await shoot(app, `vision-composer-${theme}`);

    await app.getByTestId('model-picker').click();
    await app.locator('[data-testid="model-option"][data-provider="zyinfo"][data-model="qwen"]').click();
    await expect(app.getByTestId('vision-offer')).toBeVisible();
    await shoot(app, `vision-offer-${theme}`);

    await dispatchWithFiles(app, '[data-testid="message-list"]', ['dragenter', 'dragover'], [await meadow()]);
    await expect(app.getByTestId('drop-zone')).toBeVisible();
    await shoot(app, `vision-drop-${theme}`);
    await dispatchWithFiles(app, '[data-testid="message-list"]', ['dragleave'], [await meadow()]);
  });
}

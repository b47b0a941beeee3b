// `qiao chat --image <file>` as a user runs it: real processes (bin/qiao.mjs), a real QIAO_HOME, the real keychain
// (run under scripts/with-keyring.sh), the provider simulator on 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/server';
import { tempDir } from '../../helpers/tempDir';
import { qiaoIn } from '../../helpers/cliProcess';
import { NOT_AN_IMAGE, photoJpeg, translucentPng } from '../../unit/images/fixtures';
import { fromDataUrl, sentMessages } from './helpers';

let sim: Simulator;
let home: string;
let provider: string;

beforeEach(async () => {
  sim = await startSimulator();
  home = tempDir('qiao-cli-images-');
  provider = `img${Math.random().toString(36).slice(2, 8)}`;
});
afterEach(async () => {
  await qiao('key', 'delete', provider);
  await sim.close();
});

const qiao = qiaoIn(() => home);

function count(table: 'attachments' | 'conversations' | 'messages'): number {
  const db = new Database(path.join(home, 'qiao.db'), { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function storedImage(hash: string): Buffer {
  const db = new Database(path.join(home, 'qiao.db'), { readonly: true });
  try {
    return (db.prepare('SELECT data FROM attachments WHERE hash = ?').get(hash) as { data: Buffer }).data;
  } finally {
    db.close();
  }
}

describe('qiao chat --image', { timeout: 120_000 }, () => {
  it('sends each image (repeatable) as the stored, downscaled bytes', async () => {
    expect((await qiao('provider', 'add', provider, '--protocol', 'openai', '--base-url', sim.baseUrls.baystone, '--model', 'llava')).status).toBe(0);
    expect((await qiao('key', 'set', provider, { input: 'sk-test\n' })).status).toBe(0);
    const photo = path.join(home, 'photo.jpg');
    const logo = path.join(home, 'logo.png');
    fs.writeFileSync(photo, await photoJpeg(3000, 2000));
    fs.writeFileSync(logo, await translucentPng());

    sim.enqueue({ text: '两张图。' });
    const chat = await qiao('chat', '--provider', provider, '--model', 'llava', '--image', photo, '--image', logo, '比较这两张图');
    expect(chat.stderr).toBe('');
    expect(chat.stdout).toBe('两张图。\n');
    expect(chat.status).toBe(0);
    expect(count('attachments')).toBe(2);

    const content = sentMessages(sim.chatRequests()[0]!.body)[0]!.content as Array<{ type: string; image_url?: { url: string }; text?: string }>;
    expect(content.map((p) => p.type)).toEqual(['image_url', 'image_url', 'text']);
    expect(content[2]).toEqual({ type: 'text', text: '比较这两张图' });
    const [first, second] = [fromDataUrl(content[0]!.image_url!.url), fromDataUrl(content[1]!.image_url!.url)];
    expect([first.mime, second.mime]).toEqual(['image/jpeg', 'image/png']);
    const { createHash } = await import('node:crypto');
    for (const sent of [first, second]) {
      const hash = createHash('sha256').update(sent.bytes).digest('hex');
      expect(storedImage(hash).equals(sent.bytes)).toBe(true);
    }
  });

  it('a non-image file exits 2 with a clear message and stores nothing; so does a model known not to see', async () => {
    expect((await qiao('provider', 'add', provider, '--protocol', 'openai', '--base-url', sim.baseUrls.baystone, '--model', 'llava')).status).toBe(0);
    const notes = path.join(home, 'holiday.png');
    fs.writeFileSync(notes, NOT_AN_IMAGE);
    const photo = path.join(home, 'photo.jpg');
    fs.writeFileSync(photo, await photoJpeg(400, 300));

    const refused = await qiao('chat', '--provider', provider, '--model', 'llava', '--image', photo, '--image', notes, '看看');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `qiao: "holiday.png" is not a supported image: only PNG, JPEG, WebP and GIF are accepted (judged by the file's content, not its name).\nRun 'qiao --help' for usage.\n`,
    );
    const missing = await qiao('chat', '--provider', provider, '--model', 'llava', '--image', path.join(home, 'nope.jpg'), '看看');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('"nope.jpg" could not be read');

    const blind = await qiao('chat', '--provider', 'zyinfo', '--model', 'qwen', '--image', photo, '看看');
    expect(blind.status).toBe(2);
    expect(blind.stderr).toContain('Model "qwen" of 展映 zyinfo cannot see images. Vision models of 展映 zyinfo: chat5-v.');
    expect(blind.stderr).toContain('--allow-non-vision');

    expect(count('attachments')).toBe(0);
    expect(count('conversations')).toBe(0);
    expect(count('messages')).toBe(0);
    expect(sim.chatRequests()).toHaveLength(0);
  });
});

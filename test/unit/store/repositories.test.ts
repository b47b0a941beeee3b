import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  attachmentsRepo,
  conversationsRepo,
  messagesRepo,
  openDatabase,
  presetsRepo,
  providersRepo,
  settingsRepo,
  type Db,
} from '../../../src/main/core/store';
import { tempDir } from '../../helpers/tempDir';

function freshDb(): Db {
  return openDatabase(path.join(tempDir(), 'qiao.db'));
}

describe('repositories on a real SQLite file', () => {
  it('settings fall back to defaults and keep updates', () => {
    const db = freshDb();
    expect(settingsRepo.getSettings(db)).toEqual({ language: 'zh-CN', theme: 'system', fontSize: 15 });
    expect(settingsRepo.updateSettings(db, { language: 'en', theme: 'dark' })).toEqual({ language: 'en', theme: 'dark', fontSize: 15 });
    db.prepare("UPDATE settings SET value = '\"klingon\"' WHERE key = 'language'").run();
    expect(settingsRepo.getSettings(db).language).toBe('zh-CN');
  });

  it('providers store no credentials and round-trip their options and models', () => {
    const db = freshDb();
    const saved = providersRepo.saveProvider(db, {
      id: 'zyinfo',
      kind: 'zyinfo',
      name: '展映',
      protocol: 'openai',
      baseUrl: 'https://v.stylee.top:8899',
      options: { userid: 'u1', node: 'overseas' },
      models: [{ id: 'qwen', contextTokens: 32_000, pricePer1kTokens: 0.04 }],
      enabled: true,
      createdAt: 1,
      updatedAt: 1,
    });
    expect(saved.options).toEqual({ userid: 'u1', node: 'overseas' });
    expect(providersRepo.listProviders(db).map((p) => p.id)).toEqual(['zyinfo']);
    const columns = (db.prepare('PRAGMA table_info(providers)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns.some((c) => /key|secret|openid|token/i.test(c))).toBe(false);
  });

  it('conversations list pinned first, then by last update; rename, pin and delete work', () => {
    const db = freshDb();
    const a = conversationsRepo.createConversation(db, { title: 'A' }, 1000);
    const b = conversationsRepo.createConversation(db, { title: 'B' }, 2000);
    expect(conversationsRepo.listConversations(db).map((c) => c.title)).toEqual(['B', 'A']);
    conversationsRepo.updateConversation(db, a.id, { pinned: true }, 3000);
    expect(conversationsRepo.listConversations(db).map((c) => c.title)).toEqual(['A', 'B']);
    expect(conversationsRepo.updateConversation(db, b.id, { title: '新名字' }).title).toBe('新名字');
    expect(() => conversationsRepo.updateConversation(db, 'missing', { title: 'x' })).toThrow(/not found/);
    expect(conversationsRepo.deleteConversation(db, a.id)).toBe(true);
    expect(conversationsRepo.findConversation(db, a.id)).toBeUndefined();
  });

  it('messages form a tree: siblings share a parent, the path runs root to leaf, deleting a conversation cascades', () => {
    const db = freshDb();
    const c = conversationsRepo.createConversation(db, {});
    const user = messagesRepo.insertMessage(db, { conversationId: c.id, parentId: null, role: 'user', parts: [{ type: 'text', text: '你好' }], status: 'done' });
    const first = messagesRepo.insertMessage(db, { conversationId: c.id, parentId: user.id, role: 'assistant', parts: [], status: 'streaming', model: 'qwen' });
    const second = messagesRepo.insertMessage(db, { conversationId: c.id, parentId: user.id, role: 'assistant', parts: [], status: 'streaming' });
    expect(conversationsRepo.getConversation(db, c.id).activeLeafId).toBe(second.id);
    expect(messagesRepo.pathTo(db, first.id).map((m) => m.id)).toEqual([user.id, first.id]);
    expect(messagesRepo.listMessages(db, c.id).filter((m) => m.parentId === user.id).map((m) => m.id)).toEqual([first.id, second.id]);

    messagesRepo.updateMessageParts(db, first.id, [{ type: 'reasoning', text: '想一想' }, { type: 'text', text: '部分回复' }]);
    const done = messagesRepo.finishMessage(db, first.id, {
      status: 'done',
      usage: { promptTokens: 3, completionTokens: 4, costYuan: 0.00028 },
      finishReason: 'stop',
    });
    expect(done).toMatchObject({ status: 'done', finishReason: 'stop', usage: { promptTokens: 3, completionTokens: 4 } });
    expect(done.parts).toEqual([{ type: 'reasoning', text: '想一想' }, { type: 'text', text: '部分回复' }]);

    conversationsRepo.deleteConversation(db, c.id);
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
  });

  it('replies left streaming become interrupted at start-up, keeping their text', () => {
    const dir = tempDir();
    const file = path.join(dir, 'qiao.db');
    const db = openDatabase(file);
    const c = conversationsRepo.createConversation(db, {});
    const m = messagesRepo.insertMessage(db, { conversationId: c.id, parentId: null, role: 'assistant', parts: [{ type: 'text', text: '写到一半' }], status: 'streaming' });
    db.close();
    const reopened = openDatabase(file);
    expect(messagesRepo.markStreamingInterrupted(reopened)).toBe(1);
    expect(messagesRepo.getMessage(reopened, m.id)).toMatchObject({ status: 'interrupted', parts: [{ type: 'text', text: '写到一半' }] });
  });

  it('attachments are stored once per content hash', () => {
    const db = freshDb();
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const a = attachmentsRepo.putAttachment(db, { data: bytes, mime: 'image/png', width: 1, height: 1 });
    const b = attachmentsRepo.putAttachment(db, { data: Buffer.from(bytes), mime: 'image/png' });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toEqual(a);
    expect(db.prepare('SELECT count(*) AS n FROM attachments').get()).toEqual({ n: 1 });
    expect(Buffer.compare(attachmentsRepo.getAttachmentData(db, a.hash)!, bytes)).toBe(0);
  });

  it('presets keep their parameters; SQL text from a user is stored as data', () => {
    const db = freshDb();
    const evil = "x'); DROP TABLE presets; --";
    const saved = presetsRepo.savePreset(db, {
      id: 'p1', name: evil, emoji: '🧪', systemPrompt: evil, providerId: null, model: null,
      params: { temperature: 0.3, stop: ['###'] }, builtin: false, createdAt: 1, updatedAt: 1,
    });
    expect(saved.name).toBe(evil);
    expect(presetsRepo.listPresets(db)).toHaveLength(1);
    expect(saved.params).toEqual({ temperature: 0.3, stop: ['###'] });
  });
});

describe('listMessagesInPages', () => {
  it('returns exactly what listMessages returns, across page boundaries and equal timestamps', async () => {
    const db = openDatabase(path.join(tempDir(), 'qiao.db'));
    const c = conversationsRepo.createConversation(db, {});
    let parentId: string | null = null;
    db.transaction(() => {
      for (let i = 0; i < 1234; i++) {
        // Many messages share a timestamp: the id breaks the tie, as in listMessages.
        parentId = messagesRepo.insertMessage(db, { conversationId: c.id, parentId, role: i % 2 ? 'assistant' : 'user', parts: [{ type: 'text', text: `#${i}` }], status: 'done' }, 1000 + Math.floor(i / 7)).id;
      }
    })();
    const other = conversationsRepo.createConversation(db, {});
    messagesRepo.insertMessage(db, { conversationId: other.id, parentId: null, role: 'user', parts: [], status: 'done' }, 1000);
    const paged = await messagesRepo.listMessagesInPages(db, c.id, 100);
    expect(paged).toEqual(messagesRepo.listMessages(db, c.id));
    expect(paged).toHaveLength(1234);
    expect(await messagesRepo.listMessagesInPages(db, other.id, 1)).toHaveLength(1);
  });
});

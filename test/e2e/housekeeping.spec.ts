// Saved conversations: archive and the Archived view, delete with undo there, titles that change underneath
// (automatic titles), and export/import — through native dialogs (the harness's dialogs hook standing in for
// Electron's) and, in the browser build without them, import from a file the page reads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, fastSleep } from './fixtures';
import { startHarness, type Harness } from './harness/server';
import { createApi, type FaceDialogs } from '../../src/main/api';
import { conversationsRepo, messagesRepo, type Db } from '../../src/main/core/store';
import { send, pickNewChatModel } from './chatHelpers';

function seedConversation(db: Db, title: string, texts: string[], at = Date.now()): { id: string; messageIds: string[] } {
  const conversation = conversationsRepo.createConversation(db, { title, providerId: 'baystone', model: 'llama-3.1-instruct' }, at);
  const messageIds: string[] = [];
  let parentId: string | null = null;
  texts.forEach((text, i) => {
    const message = messagesRepo.insertMessage(
      db,
      { conversationId: conversation.id, parentId, role: i % 2 === 0 ? 'user' : 'assistant', parts: [{ type: 'text', text }], status: 'done' },
      at + i * 1000,
    );
    parentId = message.id;
    messageIds.push(message.id);
  });
  return { id: conversation.id, messageIds };
}

async function openMenu(page: Page, title: string) {
  const row = page.locator('.conversation-item-row', { hasText: title });
  await row.hover();
  await row.getByTestId('conversation-menu').click();
}

test.describe('housekeeping', () => {
  test('archive hides a conversation, the Archived view shows it (and search marks it), delete there can be undone, unarchive brings it back', async ({ simApp: app, harness }) => {
    const { db } = harness.core;
    seedConversation(db, '周报', ['本周完成了登录页的重构。', '好的，我来整理成周报。'], Date.now() - 60_000);
    const reading = seedConversation(db, '读书笔记', ['《三体》里的黑暗森林法则是什么？', '黑暗森林法则是书中的宇宙社会学假设。']);
    await app.reload();
    const items = app.getByTestId('conversation-item');
    await expect(items).toHaveText(['读书笔记', '周报']);
    await items.filter({ hasText: '读书笔记' }).click();
    await expect(app.getByTestId('chat-title')).toHaveText('读书笔记');

    await openMenu(app, '读书笔记');
    await app.getByTestId('conversation-archive').click();
    await expect(items).toHaveText(['周报']);
    expect(conversationsRepo.getConversation(db, reading.id).archived).toBe(true);
    // Still open and readable while archived.
    await expect(app.getByTestId('message').first()).toContainText('黑暗森林');

    // Search finds it, marked archived, unless archived conversations are left out.
    await app.keyboard.press('Control+k');
    await app.getByTestId('search-input').fill('黑暗森林');
    await expect(app.getByTestId('search-group')).toContainText('已归档');
    await app.getByTestId('search-include-archived').uncheck();
    await expect(app.getByTestId('search-empty')).toBeVisible();
    await app.getByTestId('search-include-archived').check();
    await app.keyboard.press('Escape');

    await app.getByTestId('toggle-archived').click();
    await expect(app.getByTestId('conversation-list')).toContainText('已归档的对话');
    await expect(items).toHaveText(['读书笔记']);

    // Delete in the Archived view, then undo: it comes back, still archived, nothing lost.
    await openMenu(app, '读书笔记');
    await app.getByTestId('conversation-delete').click();
    await expect(items).toHaveCount(0);
    await expect(app.getByTestId('chat-pane')).toHaveCount(0);
    await app.getByTestId('toast-action').click();
    await expect(items).toHaveText(['读书笔记']);
    await app.waitForTimeout(5500); // past the undo window
    expect(conversationsRepo.getConversation(db, reading.id).archived).toBe(true);
    expect(messagesRepo.listMessages(db, reading.id)).toHaveLength(2);

    await openMenu(app, '读书笔记');
    await expect(app.getByTestId('conversation-archive')).toHaveText('取消归档');
    await app.getByTestId('conversation-archive').click();
    await expect(app.getByTestId('sidebar-empty')).toHaveText('没有已归档的对话。');
    await app.getByTestId('toggle-archived').click();
    await expect(items).toHaveText(['读书笔记', '周报']);
    expect(conversationsRepo.getConversation(db, reading.id).archived).toBe(false);
  });

  test('a title changed elsewhere (rename from another face) shows in the list and the open chat', async ({ simApp: app, harness }) => {
    const { id } = seedConversation(harness.core.db, '新对话', ['帮我规划三天的杭州行程。', '第一天：西湖。']);
    await app.reload();
    await app.getByTestId('conversation-item').click();
    await expect(app.getByTestId('chat-title')).toHaveText('新对话');
    const cli = createApi(harness.core, { face: 'trusted' });
    expect((await cli.call('conversations.rename', { id, title: '杭州三日游' })).ok).toBe(true);
    await expect(app.getByTestId('conversation-item')).toHaveText(['杭州三日游']);
    await expect(app.getByTestId('chat-title')).toHaveText('杭州三日游');
  });

  test('without native dialogs, export is not offered and Import reads the chosen file', async ({ simApp: app, harness }) => {
    const { db } = harness.core;
    const { id } = seedConversation(db, '旅行计划', ['帮我规划三天的杭州行程。', '第一天：西湖和灵隐寺。']);
    // A JSON export made by another face (the CLI), then the conversation is gone from this data.
    const file = path.join(harness.core.dataDir, 'backup.json');
    const cli = createApi(harness.core, { face: 'trusted' });
    expect((await cli.call('export.conversations', { conversationIds: [id], format: 'json', path: file })).ok).toBe(true);
    conversationsRepo.deleteConversation(db, id);
    await app.reload();
    await expect(app.getByTestId('sidebar-empty')).toBeVisible();

    await app.getByTestId('nav-settings').click();
    const data = app.getByTestId('data-settings');
    await expect(data).toContainText('这里只能导入');
    await expect(data.getByTestId('export-all-json')).toHaveCount(0);
    await data.getByTestId('import-file').setInputFiles(file);
    await expect(app.getByTestId('toast').filter({ hasText: '已导入' })).toContainText('新增 1 个对话');
    await expect(app.getByTestId('conversation-item')).toHaveText(['旅行计划']);
    // No export items in the conversation's menu either.
    await openMenu(app, '旅行计划');
    await expect(app.getByTestId('conversation-archive')).toBeVisible();
    await expect(app.getByTestId('conversation-export-json')).toHaveCount(0);
    // The imported text is searchable at once.
    await app.keyboard.press('Escape');
    await app.keyboard.press('Control+k');
    await app.getByTestId('search-input').fill('灵隐寺');
    await expect(app.getByTestId('search-result')).toHaveCount(1);
  });
});

// The harness with dialogs: "save" answers a path in a temporary folder, "open" the file the test chose.
interface DialogScript {
  dir: string;
  saves: Array<{ defaultName: string; format: string; directory: boolean; path: string }>;
  openPath?: string;
}

function scriptedDialogs(script: DialogScript): FaceDialogs {
  return {
    saveFile: async (options) => {
      const chosen = path.join(script.dir, options.defaultName);
      script.saves.push({ ...options, path: chosen });
      return chosen;
    },
    openFile: async () => script.openPath,
    openImages: async () => [],
  };
}

const withDialogs = test.extend<{ script: DialogScript }>({
  // eslint-disable-next-line no-empty-pattern
  script: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-export-'));
    await use({ dir, saves: [] });
    fs.rmSync(dir, { recursive: true, force: true });
  },
  harness: async ({ dataDir, keychain, script }, use) => {
    const harness = await startHarness({ dataDir, keychain, providerDeps: { sleep: fastSleep, stallTimeoutMs: 5000 }, dialogs: scriptedDialogs(script) });
    await use(harness);
    await harness.close();
  },
});

withDialogs.describe('export and import through native dialogs', () => {
  withDialogs('exports one conversation as JSON and Markdown, all as JSON, and the file brings them back in a fresh data directory', async ({ simApp: app, harness, script }) => {
    const { db } = harness.core;
    seedConversation(db, '周报', ['本周完成了登录页的重构。', '好的，我来整理成周报。'], Date.now() - 60_000);
    seedConversation(db, '旅行计划', ['帮我规划三天的杭州行程。', '第一天：西湖和灵隐寺。']);
    await app.reload();
    const toast = app.getByTestId('toast');

    await openMenu(app, '旅行计划');
    await app.getByTestId('conversation-export-json').click();
    await expect(toast.filter({ hasText: '已导出' })).toHaveText('已导出 1 个对话、2 条消息');
    const json = path.join(script.dir, '旅行计划.json');
    const exported = JSON.parse(fs.readFileSync(json, 'utf8')) as { conversations: Array<{ title: string; messages: unknown[] }> };
    expect(exported.conversations.map((c) => [c.title, c.messages.length])).toEqual([['旅行计划', 2]]);

    await openMenu(app, '旅行计划');
    await app.getByTestId('conversation-export-md').click();
    await expect.poll(() => fs.existsSync(path.join(script.dir, '旅行计划.md'))).toBe(true);
    expect(fs.readFileSync(path.join(script.dir, '旅行计划.md'), 'utf8')).toContain('第一天：西湖和灵隐寺。');

    await app.getByTestId('nav-settings').click();
    await app.getByTestId('export-all-json').click();
    await expect(toast.filter({ hasText: '已导出 2 个对话' })).toBeVisible();
    const all = JSON.parse(fs.readFileSync(path.join(script.dir, 'qiao-export.json'), 'utf8')) as { conversations: Array<{ title: string }> };
    expect(all.conversations.map((c) => c.title).sort()).toEqual(['周报', '旅行计划'].sort());
    expect(script.saves.map((s) => [s.defaultName, s.format])).toEqual([
      ['旅行计划.json', 'json'],
      ['旅行计划.md', 'md'],
      ['qiao-export.json', 'json'],
    ]);

    // A fresh data directory, its own harness and page: Import (through the open dialog) brings one back.
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-e2e-fresh-'));
    const fresh: Harness = await startHarness({ dataDir: freshDir, keychain: null, dialogs: scriptedDialogs({ ...script, openPath: json }) });
    const page = await app.context().newPage();
    try {
      await page.goto(fresh.url);
      await page.getByTestId('first-run-skip').click();
      await expect(page.getByTestId('sidebar-empty')).toBeVisible();
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('import-button').click();
      await expect(page.getByTestId('toast').filter({ hasText: '已导入' })).toContainText('新增 1 个对话');
      await page.getByTestId('conversation-item').filter({ hasText: '旅行计划' }).click();
      await expect(page.getByTestId('message')).toHaveText([/帮我规划三天的杭州行程/, /第一天：西湖和灵隐寺/]);
      // Importing the same file again adds nothing.
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('import-button').click();
      await expect(page.getByTestId('toast').filter({ hasText: '新增 0 个对话' })).toBeVisible();
      await expect(page.getByTestId('conversation-item')).toHaveCount(1);
    } finally {
      await page.close();
      await fresh.close();
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  });
});

// The core as the app runs it: a title from the model after the first reply.
const withTitles = test.extend({
  harness: async ({ dataDir, keychain }, use) => {
    const harness = await startHarness({ dataDir, keychain, autoTitle: true, providerDeps: { sleep: fastSleep, stallTimeoutMs: 5000 } });
    await use(harness);
    await harness.close();
  },
});

withTitles.describe('automatic titles', () => {
  withTitles('the model’s title replaces the first line in the list and the chat header as it arrives', async ({ simApp: app, sim }) => {
    sim.enqueue({ text: '第一天去西湖，第二天去灵隐寺，第三天去千岛湖。' }, { text: '杭州三日游' });
    await pickNewChatModel(app, 'baystone', 'llama-3.1-instruct');
    await send(app, '帮我规划三天的杭州行程');
    await expect(app.getByTestId('chat-title')).toHaveText('杭州三日游');
    await expect(app.getByTestId('conversation-item')).toHaveText(['杭州三日游']);
  });
});

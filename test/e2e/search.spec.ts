// Search across conversations (Ctrl+K) and within one (Ctrl+F): Chinese from one character, highlighted
// snippets, filters, keyboard navigation, and opening a result at its message — also deep inside a virtualized
// conversation of 10,000 messages, and on a branch that is not the one on screen.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { shoot, useTheme } from './screenshotHelpers';
import { conversationsRepo, messagesRepo, type Db } from '../../src/main/core/store';

const DAY = 86_400_000;

interface Seeded {
  id: string;
  messageIds: string[];
}

/** A linear conversation straight into the store: texts alternate user / assistant, one second apart. */
function seedConversation(
  db: Db,
  options: { title: string; texts: string[]; at: number; providerId?: string; model?: string; archived?: boolean },
): Seeded {
  const { providerId = 'baystone', model = 'llama-3.1-instruct' } = options;
  const conversation = conversationsRepo.createConversation(db, { title: options.title, providerId, model }, options.at);
  const messageIds: string[] = [];
  db.transaction(() => {
    let parentId: string | null = null;
    options.texts.forEach((text, i) => {
      const message = messagesRepo.insertMessage(
        db,
        { conversationId: conversation.id, parentId, role: i % 2 === 0 ? 'user' : 'assistant', parts: [{ type: 'text', text }], status: 'done', providerId, model },
        options.at + i * 1000,
      );
      parentId = message.id;
      messageIds.push(message.id);
    });
  })();
  if (options.archived) conversationsRepo.updateConversation(db, conversation.id, { archived: true }, options.at + options.texts.length * 1000);
  return { id: conversation.id, messageIds };
}

function seedLibrary(db: Db) {
  const now = Date.now();
  const physics = seedConversation(db, {
    title: '物理学习笔记',
    at: now - 2 * 60_000,
    texts: ['请用通俗的话解释量子纠缠。', '量子纠缠（quantum entanglement）是指两个粒子的状态相互关联，无论相距多远。', '那量子计算呢？', 'Quantum computers use qubits; 量子比特可以处于叠加态。'],
  });
  const pets = seedConversation(db, {
    title: '宠物护理',
    at: now - 60 * DAY,
    model: 'deepseek-r1-distill-qwen-14b',
    texts: ['我家的猫不爱喝水怎么办？', '可以试试流动的饮水机，猫更喜欢喝流动的水。'],
  });
  const archived = seedConversation(db, {
    title: '旧的猫咪日记',
    at: now - 5 * DAY,
    texts: ['今天猫把花瓶打翻了。', '看来它精力充沛，可以多陪它玩逗猫棒。'],
    archived: true,
  });
  return { physics, pets, archived };
}

function overlay(page: Page) {
  return page.getByTestId('search-overlay');
}

async function openSearch(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+k');
  await expect(overlay(page)).toBeVisible();
  await expect(page.getByTestId('search-input')).toBeFocused();
  return page.getByTestId('search-input');
}

/** The row of a message in the chat. */
function messageRow(page: Page, id: string): Locator {
  return page.locator(`[data-testid="message"][data-message-id="${id}"]`);
}

test.describe('search', () => {
  test('Ctrl+K finds Chinese from one character and English words, with highlighted snippets and filters', async ({ simApp: app, harness }) => {
    const { physics } = seedLibrary(harness.core.db);
    await app.reload();
    const input = await openSearch(app);
    const results = app.getByTestId('search-result');
    const marks = app.locator('[data-testid="search-snippet"] mark');

    // Two characters: every snippet marks 量子, and nothing else.
    await input.fill('量子');
    await expect(results).toHaveCount(4);
    await expect(app.getByTestId('search-group')).toHaveCount(1);
    await expect(app.getByTestId('search-group')).toContainText('物理学习笔记');
    for (const text of await marks.allTextContents()) expect(text).toBe('量子');
    await expect(results.first().locator('mark').first()).toBeVisible();

    // One character, across conversations; an archived conversation is found and labelled.
    await input.fill('猫');
    await expect(app.getByTestId('search-group')).toHaveCount(2);
    await expect(app.getByTestId('search-group').filter({ hasText: '旧的猫咪日记' })).toContainText('已归档');
    for (const text of await marks.allTextContents()) expect(text).toBe('猫');
    await expect(results).toHaveCount(5); // 2 in 宠物护理, the title and 2 messages of 旧的猫咪日记
    await app.getByTestId('search-include-archived').uncheck();
    await expect(app.getByTestId('search-group')).toHaveCount(1);
    await expect(app.getByTestId('search-group')).toContainText('宠物护理');
    await app.getByTestId('search-include-archived').check();

    // Date range: 宠物护理 is two months old.
    await app.getByTestId('search-date').selectOption('7d');
    await expect(app.getByTestId('search-group')).toHaveCount(1);
    await expect(app.getByTestId('search-group')).toContainText('旧的猫咪日记');
    await app.getByTestId('search-date').selectOption('custom');
    const day = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    await app.getByTestId('search-from').fill(day(Date.now() - 70 * DAY));
    await app.getByTestId('search-to').fill(day(Date.now() - 50 * DAY));
    await expect(app.getByTestId('search-group')).toHaveCount(1);
    await expect(app.getByTestId('search-group')).toContainText('宠物护理');
    await app.getByTestId('search-date').selectOption('any');

    // Model filter: a reply's own model.
    await app.getByTestId('search-model').selectOption('deepseek-r1-distill-qwen-14b');
    await expect(app.getByTestId('search-group')).toHaveCount(1);
    await expect(app.getByTestId('search-group')).toContainText('宠物护理');
    await app.getByTestId('search-model').selectOption('');
    // Provider filter: nothing was said through szaiai.
    await app.getByTestId('search-provider').selectOption('szaiai');
    await expect(app.getByTestId('search-empty')).toBeVisible();
    await app.getByTestId('search-provider').selectOption('');

    // English: whole words, any case; the mark keeps the text as written.
    await input.fill('quantum');
    await expect(results).toHaveCount(2);
    expect((await marks.allTextContents()).sort()).toEqual(['Quantum', 'quantum']);
    await input.fill('TypeScript');
    await expect(app.getByTestId('search-empty')).toBeVisible();

    // Keyboard: ↓ moves, Enter opens the conversation at that message with the match marked.
    await input.fill('流动');
    await expect(results).toHaveCount(1);
    await input.fill('猫');
    await expect(results).toHaveCount(5);
    await expect(results.nth(0)).toHaveAttribute('aria-selected', 'true');
    await input.press('ArrowDown');
    await expect(results.nth(1)).toHaveAttribute('aria-selected', 'true');
    await input.press('ArrowUp');
    await expect(results.nth(0)).toHaveAttribute('aria-selected', 'true');
    // Down to the second message result (the first result may be a title).
    const kinds = await results.evaluateAll((elements) => elements.map((el) => el.getAttribute('data-kind')));
    const chosen = kinds.findIndex((kind, i) => kind === 'message' && kinds.slice(0, i).includes('message'));
    for (let i = 0; i < chosen; i++) await input.press('ArrowDown');
    await expect(results.nth(chosen)).toHaveAttribute('aria-selected', 'true');
    const chosenText = (await results.nth(chosen).getByTestId('search-snippet').textContent())!.replace(/…/g, '').trim();
    await input.press('Enter');
    await expect(overlay(app)).toBeHidden();
    await expect(app.getByTestId('chat-pane')).toBeVisible();
    const opened = app.locator('[data-testid="message"]', { hasText: chosenText.slice(0, 8) });
    await expect(opened.locator('mark')).not.toHaveCount(0);
    for (const text of await opened.locator('mark').allTextContents()) expect(text).toBe('猫');
    // Only the opened message is marked.
    await expect(app.locator('[data-testid="message"] mark')).toHaveCount(await opened.locator('mark').count());

    // Esc closes; a title match opens the conversation at its top.
    await openSearch(app);
    await app.keyboard.press('Escape');
    await expect(overlay(app)).toBeHidden();
    // Enter straight after typing, while the previous results are still on screen, opens the first fresh one.
    await openSearch(app);
    await expect(results).toHaveCount(5);
    await app.getByTestId('search-input').fill('物理');
    await app.getByTestId('search-input').press('Enter');
    await expect(app).toHaveURL(new RegExp(`#/c/${physics.id}$`));
    await expect(messageRow(app, physics.messageIds[0]!)).toBeInViewport();

    // The sidebar's button opens the same overlay, with the last search still there.
    await app.getByTestId('open-search').click();
    await expect(app.getByTestId('search-input')).toHaveValue('物理');
    await app.keyboard.press('Escape');
    await expect(overlay(app)).toBeHidden();
  });

  test('a result deep in a 10,000-message conversation opens at that message, highlighted; find walks the matches', async ({ simApp: app, harness }) => {
    test.setTimeout(120_000);
    const { db } = harness.core;
    const COUNT = 10_000;
    const phrase = '蓝鲸迁徙路线';
    const withPhrase = new Map([
      [2_500, `消息 #2500：第一次提到${phrase}。`],
      [7_500, `消息 #7500：根据卫星标签，${phrase}沿着大陆架向南延伸，途经三个觅食区。`],
      [9_000, `消息 #9000：再总结一次${phrase}。`],
    ]);
    const start = Date.now() - COUNT * 1000;
    const texts = Array.from({ length: COUNT }, (_, i) => withPhrase.get(i + 1) ?? `消息 #${i + 1}：${'内容'.repeat((i % 7) + 1)}`);
    const long = seedConversation(db, { title: '一万条消息', at: start, texts });
    // Nothing indexed yet: each search indexes the newest 1,000 changes first, and says how many are left.
    await app.reload();

    const input = await openSearch(app);
    await input.fill(`"${phrase}"`);
    await expect(app.getByTestId('search-indexing')).toBeVisible();
    await expect(app.getByTestId('search-indexing')).toContainText('正在建立索引');
    // The overlay searches again while the index catches up, so all three appear without typing.
    await expect(app.getByTestId('search-result')).toHaveCount(3, { timeout: 30_000 });
    await expect(app.getByTestId('search-indexing')).toBeHidden({ timeout: 30_000 });
    const target = app.getByTestId('search-result').filter({ hasText: '卫星标签' });
    await expect(target.locator('mark')).toHaveText(phrase);
    await target.click();

    const row = messageRow(app, long.messageIds[7_499]!);
    await expect(row).toBeInViewport();
    await expect(row.locator('mark.search-mark')).toHaveText(phrase);
    await expect(row).toContainText('根据卫星标签');
    // Still virtualized, and the end of the conversation is not what is shown.
    expect(await app.getByTestId('message').count()).toBeLessThan(60);
    await expect(messageRow(app, long.messageIds[COUNT - 1]!)).toHaveCount(0);
    await expect(app.getByTestId('jump-to-bottom')).toBeVisible();
    // It stays there once the rows around it are measured.
    await app.waitForTimeout(500);
    await expect(row).toBeInViewport();
    await shoot(app, 'search-opened-deep');

    // Find in this conversation: starts at the newest match, Shift+Enter / ↑ go back, Enter / ↓ forward, wrapping.
    await app.keyboard.press('Control+f');
    await expect(app.getByTestId('find-bar')).toBeVisible();
    await app.getByTestId('find-input').fill('蓝鲸');
    await expect(app.getByTestId('find-count')).toHaveText('3/3');
    const shows = async (index: number) => {
      const match = messageRow(app, long.messageIds[index]!);
      await expect(match).toBeInViewport();
      await expect(match.locator('mark.search-mark').first()).toHaveText('蓝鲸');
    };
    await shows(8_999);
    await app.getByTestId('find-input').press('Shift+Enter');
    await expect(app.getByTestId('find-count')).toHaveText('2/3');
    await shows(7_499);
    await app.getByTestId('find-previous').click();
    await expect(app.getByTestId('find-count')).toHaveText('1/3');
    await shows(2_499);
    await app.getByTestId('find-previous').click();
    await expect(app.getByTestId('find-count')).toHaveText('3/3');
    await shows(8_999);
    await app.getByTestId('find-next').click();
    await expect(app.getByTestId('find-count')).toHaveText('1/3');
    await shows(2_499);
    await app.getByTestId('find-input').press('Enter');
    await expect(app.getByTestId('find-count')).toHaveText('2/3');
    await shows(7_499);
    await app.getByTestId('find-input').fill('没有这句话');
    await expect(app.getByTestId('find-count')).toHaveText('无结果');
    // Esc closes the bar and the highlight goes with it.
    await app.getByTestId('find-input').press('Escape');
    await expect(app.getByTestId('find-bar')).toBeHidden();
    await expect(app.locator('mark.search-mark')).toHaveCount(0);
  });

  test('a match on another branch switches the conversation to that branch', async ({ simApp: app, harness }) => {
    const { db } = harness.core;
    const now = Date.now() - 60_000;
    const conversation = conversationsRepo.createConversation(db, { title: '诗歌', providerId: 'baystone', model: 'llama-3.1-instruct' }, now);
    const insert = (parentId: string | null, role: 'user' | 'assistant', text: string, at: number) =>
      messagesRepo.insertMessage(db, { conversationId: conversation.id, parentId, role, parts: [{ type: 'text', text }], status: 'done' }, at);
    const question = insert(null, 'user', '写一句关于雨后的诗。', now);
    const first = insert(question.id, 'assistant', '雨后的天空挂着一道彩虹。', now + 1000);
    const second = insert(question.id, 'assistant', '雨停了，屋檐还在滴水。', now + 2000);
    insert(second.id, 'user', '再写一句。', now + 3000);
    // The view is on the newest branch; the rainbow is on the older one.
    await app.reload();
    await app.getByTestId('conversation-item').first().click();
    await expect(messageRow(app, second.id)).toBeVisible();
    await expect(messageRow(app, first.id)).toHaveCount(0);

    await app.keyboard.press('Control+f');
    await app.getByTestId('find-input').fill('彩虹');
    await expect(app.getByTestId('find-count')).toHaveText('1/1');
    await expect(messageRow(app, first.id)).toBeInViewport();
    await expect(messageRow(app, first.id).locator('mark')).toHaveText('彩虹');
    await expect(messageRow(app, first.id).getByTestId('sibling-count')).toHaveText('1/2');
    await expect(messageRow(app, second.id)).toHaveCount(0);
    // The switch is the conversation's view now, not only the screen's.
    expect(conversationsRepo.getConversation(db, conversation.id).activeLeafId).toBe(first.id);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`screenshot of the search overlay (${theme})`, async ({ simApp: app, harness }) => {
      seedLibrary(harness.core.db);
      await useTheme(app, theme);
      const input = await openSearch(app);
      await input.fill('猫');
      await expect(app.getByTestId('search-result')).toHaveCount(5);
      await app.getByTestId('search-input').press('ArrowDown');
      await shoot(app, `search-overlay-${theme}`);

      await app.locator('[data-testid="search-result"][data-kind="message"]').first().click();
      await expect(app.locator('[data-testid="message"] mark').first()).toBeVisible();
      await app.keyboard.press('Control+f');
      await app.getByTestId('find-input').fill('猫');
      await expect(app.getByTestId('find-count')).toHaveText(/\d\/\d/);
      await shoot(app, `search-find-${theme}`);
    });
  }
});

// 10,000 messages in one conversation: the list is virtualized and stays usable from top to bottom.
import { test, expect } from './fixtures';
import { conversationsRepo, messagesRepo } from '../../src/main/core/store';

const COUNT = 10_000;
const lastText = new RegExp(`消息 #${COUNT}(?!\\d)`);

test('a conversation of 10,000 messages scrolls from the first to the last with few rows in the DOM', async ({ simApp: app, harness }) => {
  test.setTimeout(90_000);
  const { db } = harness.core;
  const start = Date.now() - COUNT * 1000;
  const conversation = conversationsRepo.createConversation(db, { title: '一万条消息', providerId: 'baystone', model: 'llama-3.1-instruct' }, start);
  db.transaction(() => {
    let parentId: string | null = null;
    for (let i = 0; i < COUNT; i++) {
      const role = i % 2 === 0 ? 'user' : 'assistant';
      const text = i % 10 === 9 ? `消息 #${i + 1}\n\n| 列 | 值 |\n|---|---|\n| i | ${i + 1} |\n\n\`\`\`js\nconsole.log(${i + 1});\n\`\`\`` : `消息 #${i + 1}：${'内容'.repeat((i % 7) + 1)}`;
      const message = messagesRepo.insertMessage(
        db,
        { conversationId: conversation.id, parentId, role, parts: [{ type: 'text', text }], status: 'done', providerId: 'baystone', model: 'llama-3.1-instruct' },
        start + i * 100,
      );
      parentId = message.id;
    }
  })();
  await app.reload();
  await app.getByTestId('conversation-item').first().click();

  const list = app.getByTestId('message-list');
  const rows = app.getByTestId('message');
  // Opens at the end.
  await expect(app.locator(`[data-testid="message-text"]`, { hasText: lastText })).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);

  // To the top: the first message.
  await list.evaluate((el) => (el.scrollTop = 0));
  await expect(app.locator('[data-testid="message-text"]', { hasText: /^消息 #1：/ })).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);

  // Through the middle in big steps, then to the very bottom: the last message again.
  for (const fraction of [0.25, 0.5, 0.75]) {
    await list.evaluate((el, f) => (el.scrollTop = el.scrollHeight * f), fraction);
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeLessThan(60);
  }
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(async () => {
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(app.locator('[data-testid="message-text"]', { hasText: lastText })).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  expect(await rows.count()).toBeLessThan(60);
});

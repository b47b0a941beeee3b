// 10,000 messages in one conversation: it opens at its end with only the tail fetched, older messages load while
// the user reads (without moving what they read), a search hit near the top opens highlighted, and a new turn
// fetches only what changed. The list is virtualized and stays usable from top to bottom.
import { test, expect } from './fixtures';
import type { Locator, Page } from '@playwright/test';
import { conversationsRepo, messagesRepo, type Db } from '../../src/main/core/store';
import type { Harness, HarnessCall } from './harness/server';
import { lastReply, send, startChat, waitForDone } from './chatHelpers';

const COUNT = 10_000;
const lastText = new RegExp(`消息 #${COUNT}(?!\\d)`);
const OLD_PHRASE = '座头鲸的歌声';

function seedLongConversation(db: Db): { id: string; messageIds: string[] } {
  const start = Date.now() - COUNT * 1000;
  const conversation = conversationsRepo.createConversation(db, { title: '一万条消息', providerId: 'baystone', model: 'llama-3.1-instruct' }, start);
  const messageIds: string[] = [];
  db.transaction(() => {
    let parentId: string | null = null;
    for (let i = 0; i < COUNT; i++) {
      const role = i % 2 === 0 ? 'user' : 'assistant';
      const text =
        i === 2
          ? `消息 #3：${OLD_PHRASE}能传很远。`
          : i % 10 === 9
            ? `消息 #${i + 1}\n\n| 列 | 值 |\n|---|---|\n| i | ${i + 1} |\n\n\`\`\`js\nconsole.log(${i + 1});\n\`\`\``
            : `消息 #${i + 1}：${'内容'.repeat((i % 7) + 1)}`;
      const message = messagesRepo.insertMessage(
        db,
        { conversationId: conversation.id, parentId, role, parts: [{ type: 'text', text }], status: 'done', providerId: 'baystone', model: 'llama-3.1-instruct' },
        start + i * 100,
      );
      parentId = message.id;
      messageIds.push(message.id);
    }
  })();
  return { id: conversation.id, messageIds };
}

function recordCalls(harness: Harness): HarnessCall[] {
  const calls: HarnessCall[] = [];
  harness.onCall((call) => calls.push(call));
  return calls;
}

const pathCalls = (calls: HarnessCall[]) => calls.filter((c) => c.method === 'messages.path');

function messageRow(page: Page, id: string): Locator {
  return page.locator(`[data-testid="message"][data-message-id="${id}"]`);
}

/** The first row whose bottom is below the list's top edge, and how far its top is from that edge. */
function topRow(list: Locator): Promise<{ id: string; offset: number }> {
  return list.evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const row = [...el.querySelectorAll<HTMLElement>('[data-testid="message"]')]
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .find((r) => r.getBoundingClientRect().bottom > top + 1)!;
    return { id: row.dataset.messageId!, offset: row.getBoundingClientRect().top - top };
  });
}

test('a conversation of 10,000 messages opens at its end, loads older messages while the user reads, and scrolls from the first to the last', async ({ simApp: app, harness }) => {
  test.setTimeout(120_000);
  const long = seedLongConversation(harness.core.db);
  await app.reload();
  const calls = recordCalls(harness);
  await app.getByTestId('conversation-item').first().click();

  const list = app.getByTestId('message-list');
  const rows = app.getByTestId('message');
  // Opens at the end, from a short tail: never the whole history in one answer.
  await expect(app.locator(`[data-testid="message-text"]`, { hasText: lastText })).toBeInViewport();
  expect(await rows.count()).toBeLessThan(60);
  expect(calls.some((c) => c.method === 'messages.list')).toBe(false);
  const [first] = pathCalls(calls);
  expect(first!.input).toEqual({ conversationId: long.id, limit: expect.any(Number) });
  expect((first!.input as { limit: number }).limit).toBeLessThanOrEqual(50);

  // Reading a little higher up while older pages arrive above: what the user reads stays where it is.
  await list.evaluate((el) => (el.scrollTop = Math.max(0, el.scrollTop - 600)));
  await app.waitForTimeout(100);
  const reading = await topRow(list);
  const pagesBefore = pathCalls(calls).length;
  await expect.poll(() => pathCalls(calls).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(pagesBefore + 2);
  await app.waitForTimeout(200);
  const after = await topRow(list);
  expect(after.id).toBe(reading.id);
  expect(Math.abs(after.offset - reading.offset)).toBeLessThanOrEqual(4);

  // To the top: older rows keep arriving above until the first message.
  await expect(async () => {
    await list.evaluate((el) => (el.scrollTop = 0));
    await expect(app.locator('[data-testid="message-text"]', { hasText: /^消息 #1：/ })).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 30_000 });
  expect(await rows.count()).toBeLessThan(60);
  // Every page was a bounded piece, and each message of the path came once.
  for (const call of pathCalls(calls)) expect((call.input as { limit: number }).limit).toBeLessThanOrEqual(1000);

  // Through the middle in big steps, then to the very bottom: the last message again.
  for (const fraction of [0.25, 0.5, 0.75]) {
    await list.evaluate((el, f) => (el.scrollTop = el.scrollHeight * f), fraction);
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeLessThan(60);
  }
  await expect(async () => {
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(app.locator('[data-testid="message-text"]', { hasText: lastText })).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  expect(await rows.count()).toBeLessThan(60);
  await expect(messageRow(app, long.messageIds[COUNT - 1]!)).toBeInViewport();
});

test('a search hit near the top of a 10,000-message conversation opens there, highlighted, before the pane had loaded it', async ({ simApp: app, harness }) => {
  test.setTimeout(120_000);
  const long = seedLongConversation(harness.core.db);
  harness.core.search.indexAll();
  await app.reload();

  await app.keyboard.press('Control+k');
  await app.getByTestId('search-input').fill(OLD_PHRASE);
  const hit = app.getByTestId('search-result').filter({ hasText: OLD_PHRASE });
  await expect(hit).toHaveCount(1, { timeout: 30_000 });
  await hit.click();

  const row = messageRow(app, long.messageIds[2]!);
  await expect(row).toBeInViewport({ timeout: 20_000 });
  await expect(row.locator('mark.search-mark')).toHaveText(OLD_PHRASE);
  expect(await app.getByTestId('message').count()).toBeLessThan(60);
  await expect(app.getByTestId('jump-to-bottom')).toBeVisible();
});

test('a new turn in a 10,000-message conversation fetches only what changed, and its reply ends as done', async ({ simApp: app, harness, sim }) => {
  test.setTimeout(120_000);
  const long = seedLongConversation(harness.core.db);
  const wholeHistoryBytes = JSON.stringify(messagesRepo.listMessages(harness.core.db, long.id)).length;
  await app.reload();
  const calls = recordCalls(harness);
  await app.getByTestId('conversation-item').first().click();
  await expect(app.locator(`[data-testid="message-text"]`, { hasText: lastText })).toBeInViewport();
  // Let the background pages finish (the path is loaded up to its first message): no new page for a second.
  await expect
    .poll(
      async () => {
        const count = pathCalls(calls).length;
        await app.waitForTimeout(1000);
        return count > 1 && pathCalls(calls).length === count;
      },
      { timeout: 60_000 },
    )
    .toBe(true);

  calls.length = 0;
  // A reply that ends quickly, and one that streams for a while.
  sim.enqueue({ text: '很快的回答。' });
  await send(app, '第一万零一条');
  await expect(app.locator('[data-testid="message"][data-role="assistant"]').last()).toContainText('很快的回答');
  await waitForDone(app);
  sim.enqueue({ text: '慢一点的回答，'.repeat(20), chunkSize: 4, delayMs: 20 });
  await send(app, '再来一条');
  await expect(app.locator('[data-testid="message"][data-role="assistant"]').last()).toContainText('慢一点的回答');
  await waitForDone(app);
  await expect(app.getByTestId('composer-input')).toBeEnabled();

  expect(calls.some((c) => c.method === 'messages.list')).toBe(false);
  const fetched = calls.reduce((sum, c) => sum + c.answerBytes, 0);
  // Everything the two turns fetched is a small fraction of one copy of the history.
  expect(fetched).toBeLessThan(wholeHistoryBytes / 100);
  // The conversation still reads from the first message to the new last one.
  await expect(app.locator('[data-testid="message"][data-role="user"]').last()).toContainText('再来一条');
  await expect(app.locator('[data-testid="message"][data-role="assistant"]').last()).toHaveAttribute('data-status', 'done');
});

test('a conversation whose last reply is very long opens at once, then fills in that reply and ends at its last line', async ({ simApp: app, harness }) => {
  const { db } = harness.core;
  // Prose with a formula every tenth paragraph and a code block every fiftieth, as long answers go.
  const paragraphs = Array.from({ length: 1500 }, (_, i) =>
    i % 50 === 49
      ? `第 ${i + 1} 段：\n\n\`\`\`ts\nconst n = ${i + 1};\n\`\`\``
      : `第 ${i + 1} 段：量子力学描述微观粒子的行为 paragraph ${i + 1}${i % 10 === 0 ? `, $E_{${i + 1}} = mc^2$` : ''}.`,
  );
  const reply = `${paragraphs.join('\n\n')}\n\n最后一段 the last line.`;
  expect(reply.length).toBeGreaterThan(60_000);
  const conversation = conversationsRepo.createConversation(db, { title: '一个很长的回答', providerId: 'baystone', model: 'llama-3.1-instruct' });
  const question = messagesRepo.insertMessage(db, { conversationId: conversation.id, parentId: null, role: 'user', parts: [{ type: 'text', text: '写一篇长文' }], status: 'done' });
  messagesRepo.insertMessage(db, { conversationId: conversation.id, parentId: question.id, role: 'assistant', parts: [{ type: 'text', text: reply }], status: 'done' });
  await app.reload();
  await app.getByTestId('conversation-item').filter({ hasText: '一个很长的回答' }).click();

  const answer = app.locator('[data-testid="message"][data-role="assistant"] [data-testid="message-text"]');
  // The first part is there at once; the rest follows over the next frames, in order, to the last line: at most
  // MAX_PARTS frames (revealPace.test.ts), however busy the machine. The wait is generous for the same reason: with two
  // browsers on two cores a frame can take a few hundred ms; this checks that it ends, not how fast (see the bench).
  await expect(answer).toContainText('第 1 段');
  await expect(answer.getByText('最后一段 the last line.')).toBeInViewport({ timeout: 30_000 });
  await expect(answer).toContainText('第 1500 段');
  expect(await answer.locator('.katex').count()).toBe(150);
  expect(await answer.locator('pre code.language-ts').count()).toBe(30);

});

test('a long reply that streamed keeps the groups it has finished out of each frame: settled, skipped off screen, at their size', async ({ simApp: app, sim }) => {
  const reply = Array.from({ length: 800 }, (_, i) => `第 ${i + 1} 段：量子力学描述微观粒子的行为 paragraph ${i + 1}${i % 10 === 0 ? `, $E_{${i + 1}} = mc^2$` : ''}.`).join('\n\n');
  sim.enqueue({ text: reply, chunkSize: 400, delayMs: 5 });
  await startChat(app, '写一篇长文');
  await waitForDone(app);
  const answer = lastReply(app).getByTestId('message-text');
  await expect(answer).toContainText('第 800 段');
  // Every group but the last is settled once laid out (content-visibility: auto); far off screen the browser
  // skips it, at the size it had: the reply's height is the same as with every group laid out.
  const groups = answer.locator('.markdown-group');
  const groupCount = await groups.count();
  expect(groupCount).toBeGreaterThan(20);
  await expect(answer.locator('.markdown-group.contained.settled')).toHaveCount(groupCount - 1);
  await expect(groups.last()).not.toHaveClass(/settled/);
  const layout = await answer.evaluate((text) => {
    const all = [...text.querySelectorAll('.markdown-group')];
    const skipped = all.filter((group) => !group.firstElementChild!.checkVisibility({ contentVisibilityAuto: true })).length;
    const height = text.getBoundingClientRect().height;
    const settled = all.filter((group) => group.classList.contains('settled'));
    for (const group of settled) group.classList.remove('settled');
    const laidOutHeight = text.getBoundingClientRect().height;
    for (const group of settled) group.classList.add('settled');
    return { skipped, height, laidOutHeight };
  });
  expect(layout.skipped).toBeGreaterThan(groupCount / 2);
  expect(Math.abs(layout.height - layout.laidOutHeight)).toBeLessThan(1);
});

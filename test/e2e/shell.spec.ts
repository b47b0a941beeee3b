import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** Nothing is configured in these tests: leave the first-run screen for the app itself. */
async function skipFirstRun(app: Page) {
  await app.getByTestId('first-run-skip').click();
  await expect(app.getByTestId('app-shell')).toBeVisible();
}

test.describe('the renderer shell through the harness', () => {
  test('renders the layout in Chinese by default and loads the conversation list through window.api', async ({ app, harness }) => {
    await expect(app.getByTestId('first-run')).toContainText('欢迎使用桥');
    await skipFirstRun(app);
    await expect(app.getByTestId('brand')).toHaveText('桥');
    await expect(app.getByTestId('sidebar-empty')).toContainText('还没有对话');
    await expect(app.getByTestId('chat-empty')).toContainText('开始一段新对话');
    await expect(app.locator('html')).toHaveAttribute('lang', 'zh-CN');

    // Conversations created in the core appear in the list; the new-chat button creates one.
    await harness.core.db
      .prepare("INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c-1', '量子力学入门', ?, ?)")
      .run(Date.now(), Date.now());
    await app.reload();
    await expect(app.getByTestId('conversation-item')).toHaveText(['量子力学入门']);
    // New chat opens the start page; starting from a preset creates the conversation.
    await app.getByTestId('conversation-item').click();
    await app.getByTestId('new-chat').click();
    await expect(app.getByTestId('chat-empty')).toBeVisible();
    await app.getByTestId('preset-start').first().click();
    await expect(app.getByTestId('conversation-item')).toHaveCount(2);
    await expect(app.getByTestId('chat-pane')).toBeVisible();
  });

  test('switches the language to English and back, and remembers it', async ({ app }) => {
    await skipFirstRun(app);
    await app.getByTestId('nav-settings').click();
    await expect(app.getByTestId('settings-page')).toContainText('外观');
    await app.getByTestId('language-select').selectOption('en');
    await expect(app.getByTestId('settings-page')).toContainText('Appearance');
    await expect(app.getByTestId('new-chat')).toContainText('New chat');
    await expect(app.locator('html')).toHaveAttribute('lang', 'en');
    await app.reload();
    await expect(app.getByTestId('new-chat')).toContainText('New chat');
    await app.getByTestId('nav-settings').click();
    await app.getByTestId('language-select').selectOption('zh-CN');
    await expect(app.getByTestId('new-chat')).toContainText('新对话');
  });

  test('switches the theme', async ({ app }) => {
    await skipFirstRun(app);
    await app.getByTestId('nav-settings').click();
    await app.getByTestId('theme-select').selectOption('dark');
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
    const darkBg = await app.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await app.getByTestId('theme-select').selectOption('light');
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await app.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(darkBg);
  });

  test('an invalid API call from the page is rejected with a validation error and changes nothing', async ({ app, harness }) => {
    const before = harness.core.db.prepare('SELECT count(*) AS n FROM conversations').get();
    const result = await app.evaluate(async () => {
      const api = (window as unknown as { api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> }).api;
      return {
        rename: await api.conversations!.rename!({ id: 42, title: '' }),
        create: await api.conversations!.create!({ title: 'x', sneaky: 'field' }),
        settings: await api.settings!.update!({ theme: 'rainbow' }),
      };
    });
    for (const value of Object.values(result)) {
      expect(value).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect((result.rename as { error: { issues: unknown[] } }).error.issues.length).toBeGreaterThan(0);
    expect(harness.core.db.prepare('SELECT count(*) AS n FROM conversations').get()).toEqual(before);
  });

  test('the page cannot reach the harness socket without the per-run token', async ({ app, harness }) => {
    const outcome = await app.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('opened');
          ws.onerror = () => resolve('refused');
        }),
      `${harness.url.replace('http', 'ws')}/__qiao_harness__/ws?token=wrong`,
    );
    expect(outcome).toBe('refused');
  });
});

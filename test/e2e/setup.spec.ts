// First run, Settings (credentials, connection test, quota) and presets, through the harness.
import { test, expect } from './fixtures';
import { accountFor } from '../../src/main/core/secrets/secretStore';
import { lastChatBody, lastReply, send, waitForDone } from './chatHelpers';

test.describe('first run', () => {
  test('asks for a gateway key, stores it in the keychain (never in the page or the database), then opens the app', async ({ app, harness }) => {
    const firstRun = app.getByTestId('first-run');
    await expect(firstRun).toContainText('欢迎使用桥');
    await app.locator('[data-testid="first-run-gateway"][data-provider="szaiai"]').click();
    await app.getByTestId('first-run-secret').fill('sk-first-run-secret');
    await app.getByTestId('first-run-save').click();
    const keychain = await harness.core.secrets.keychainAvailable();
    if (!keychain) {
      // Without a Secret Service (not run under scripts/with-keyring.sh) the app offers the session instead.
      await expect(app.getByTestId('first-run-error')).toContainText('无法访问系统钥匙串');
      await app.getByTestId('first-run-session-only').click();
    }
    await expect(app.getByTestId('app-shell')).toBeVisible();
    await expect(app.getByTestId('chat-empty')).toBeVisible();
    expect(await harness.core.secrets.location(accountFor('szaiai', 'apiKey'))).toBe(keychain ? 'keychain' : 'session');
    // The new chat goes to the gateway just set up.
    await expect(app.getByTestId('new-chat-model')).toContainText('小艾引擎');
    // The secret is nowhere the renderer or the database can see.
    expect(await app.content()).not.toContain('sk-first-run-secret');
    const dump = JSON.stringify(harness.core.db.prepare('SELECT * FROM providers').all()) + JSON.stringify(harness.core.db.prepare('SELECT * FROM settings').all());
    expect(dump).not.toContain('sk-first-run-secret');
  });

  test('zyinfo’s public test account is one click, and its quota shows in Settings', async ({ app, harness, sim }) => {
    // Point zyinfo at the simulator before choosing the test account.
    await app.evaluate(
      async ([node, quotaUrl]) => {
        const api = (window as unknown as { api: { providers: { update(input: unknown): Promise<unknown> } } }).api;
        await api.providers.update({ id: 'zyinfo', baseUrl: node, options: { quotaUrl, suspendUrl: `${node}/llm_api` } });
      },
      [sim.baseUrls.zyinfoOverseas, `${sim.baseUrls.zyinfoDomestic}/api_user/info`] as const,
    );
    await app.locator('[data-testid="first-run-gateway"][data-provider="zyinfo"]').click();
    await app.getByTestId('first-run-test-account').click();
    await expect(app.getByTestId('app-shell')).toBeVisible();
    expect(harness.core.db.prepare("SELECT options FROM providers WHERE id = 'zyinfo'").pluck().get()).toContain('"useTestAccount":true');

    sim.enqueue({ text: '展映测试账户的回复' });
    await app.getByTestId('composer-input').fill('你好');
    await app.getByTestId('composer-input').press('Enter');
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('展映测试账户的回复');
    expect(sim.chatRequests()[0]?.zyinfo).toMatchObject({ openid: 'test', aiSystem: 'qwen' });

    await app.getByTestId('nav-settings').click();
    const card = app.locator('[data-testid="provider-row"][data-provider="zyinfo"]');
    await expect(card.getByTestId('use-test-account')).toBeChecked();
    await card.getByTestId('provider-quota').click();
    await expect(card.getByTestId('provider-quota-result')).toContainText('余额');
    await expect(card.getByTestId('provider-quota-result')).not.toContainText('openid');
  });
});

test.describe('settings', () => {
  test('sets, tests, replaces and deletes a key, showing only its state', async ({ simApp: app, harness, sim }) => {
    await app.getByTestId('nav-settings').click();
    const card = app.locator('[data-testid="provider-row"][data-provider="baystone"]');
    await expect(card.getByTestId('apiKey-state')).toHaveAttribute('data-state', 'session');
    await card.getByTestId('provider-test').click();
    await expect(card.getByTestId('provider-test-result')).toContainText('连接正常');

    // A wrong key fails the test with the gateway's reason; the right one passes again.
    sim.validKeys.add('sk-replaced');
    await card.getByTestId('apiKey-input').fill('sk-wrong');
    await card.getByTestId('apiKey-save').click();
    const keychain = await harness.core.secrets.keychainAvailable();
    if (!keychain) await card.getByTestId('apiKey-session-only').click();
    await expect(card.getByTestId('apiKey-state')).toHaveAttribute('data-state', keychain ? 'keychain' : 'session');
    await card.getByTestId('provider-test').click();
    await expect(card.getByTestId('provider-test-result')).toContainText('✗');
    await card.getByTestId('apiKey-input').fill('sk-replaced');
    await card.getByTestId('apiKey-save').click();
    if (!keychain) await card.getByTestId('apiKey-session-only').click();
    await card.getByTestId('provider-test').click();
    await expect(card.getByTestId('provider-test-result')).toContainText('连接正常');
    expect(await app.content()).not.toContain('sk-replaced');

    await card.getByTestId('apiKey-delete').click();
    await expect(card.getByTestId('apiKey-state')).toHaveAttribute('data-state', 'unset');
    await expect(card.getByTestId('provider-configured')).toHaveText('未配置');
    expect(await harness.core.secrets.location(accountFor('baystone', 'apiKey'))).toBe('unset');
  });

  test('a full-width character in a pasted key is refused with a clear message', async ({ simApp: app }) => {
    await app.getByTestId('nav-settings').click();
    const card = app.locator('[data-testid="provider-row"][data-provider="szaiai"]');
    await card.getByTestId('apiKey-input').fill('sk－全角');
    await card.getByTestId('apiKey-save').click();
    await expect(card.getByRole('alert')).toContainText('visible ASCII');
    await expect(card.getByTestId('apiKey-state')).toHaveAttribute('data-state', 'session');
  });

  test('lists the keyboard shortcuts', async ({ simApp: app }) => {
    await app.keyboard.press('Control+,');
    await expect(app.getByTestId('settings-page')).toBeVisible();
    await expect(app.getByTestId('shortcuts')).toContainText('Shift+Enter');
    await expect(app.getByTestId('shortcuts')).toContainText('停止生成');
    await app.keyboard.press('Control+n');
    await expect(app.getByTestId('chat-empty')).toBeVisible();
    // Shift+Enter adds a line; nothing is sent until Enter.
    const composer = app.getByTestId('composer-input');
    await composer.pressSequentially('第一行');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('第二行');
    await expect(composer).toHaveValue('第一行\n第二行');
    await expect(app.getByTestId('conversation-item')).toHaveCount(0);
  });
});

test.describe('presets', () => {
  test('creates a preset with a prompt, model and parameters, and a chat from it sends all three', async ({ simApp: app, sim }) => {
    await app.getByTestId('nav-presets').click();
    await expect(app.getByTestId('preset-card')).toHaveCount(8);
    await app.getByTestId('preset-new').click();
    const editor = app.getByTestId('preset-editor');
    await editor.getByTestId('preset-emoji').fill('🦉');
    await editor.getByTestId('preset-name-input').fill('古文老师');
    await editor.getByTestId('preset-prompt').fill('你用文言文回答。');
    await editor.getByTestId('preset-model').click();
    await editor.locator('[data-testid="model-option"][data-provider="baystone"][data-model="gpt-4"]').click();
    await editor.locator('summary').click();
    await editor.getByTestId('param-temperature').fill('0.7');
    await editor.getByTestId('preset-save').click();
    const card = app.locator('[data-testid="preset-card"]', { hasText: '古文老师' });
    await expect(card).toContainText('gpt-4');

    sim.enqueue({ text: '善。' });
    await card.getByTestId('preset-use').click();
    await expect(app.getByTestId('chat-pane')).toBeVisible();
    await expect(app.getByTestId('model-picker')).toContainText('gpt-4');
    await send(app, '何为道');
    await waitForDone(app);
    expect(lastChatBody(sim)).toMatchObject({
      model: 'gpt-4',
      temperature: 0.7,
      messages: [
        { role: 'system', content: '你用文言文回答。' },
        { role: 'user', content: '何为道' },
      ],
    });

    // Editing the preset later does not change the conversation's own copy.
    await app.getByTestId('nav-presets').click();
    await card.getByTestId('preset-edit').click();
    await editor.getByTestId('preset-prompt').fill('你用白话回答。');
    await editor.getByTestId('preset-save').click();
    await expect(card).toContainText('你用白话回答。');
    await app.getByTestId('conversation-item').first().click();
    await app.getByTestId('params-toggle').click();
    await expect(app.getByTestId('system-prompt')).toHaveValue('你用文言文回答。');
  });

  test('duplicates a built-in preset into an editable one, and deletes it', async ({ simApp: app }) => {
    await app.getByTestId('nav-presets').click();
    const builtin = app.locator('[data-testid="preset-card"][data-preset="builtin-translator"]');
    await builtin.getByTestId('preset-edit').click();
    await expect(app.getByTestId('preset-name-input')).toBeDisabled();
    await app.getByRole('button', { name: '取消' }).click();
    await builtin.getByTestId('preset-duplicate').click();
    const editor = app.getByTestId('preset-editor');
    await expect(editor.getByTestId('preset-name-input')).toBeEnabled();
    await expect(editor.getByTestId('preset-name-input')).toHaveValue(/（副本）/);
    await editor.getByTestId('preset-name-input').fill('我的翻译');
    await editor.getByTestId('preset-save').click();
    const mine = app.locator('[data-testid="preset-card"]', { hasText: '我的翻译' });
    await expect(mine).toContainText('专业的中英互译');
    await expect(builtin.getByTestId('preset-delete')).toHaveCount(0);
    await mine.getByTestId('preset-delete').click();
    await expect(mine).toHaveCount(0);
  });
});

test.describe('sidebar', () => {
  test('renames, pins, archives and deletes with undo', async ({ simApp: app, harness }) => {
    const { core } = harness;
    const now = Date.now();
    for (const [id, title, at] of [
      ['c-a', '周报', now],
      ['c-b', '旅行计划', now - 60_000],
    ] as const) {
      core.db.prepare('INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, title, at, at);
    }
    await app.reload();
    const items = app.getByTestId('conversation-item');
    await expect(items).toHaveText(['周报', '旅行计划']);

    const row = (title: string) => app.locator('.conversation-item-row', { hasText: title });
    await row('旅行计划').hover();
    await row('旅行计划').getByTestId('conversation-menu').click();
    await app.getByTestId('conversation-pin').click();
    await expect(items.first()).toContainText('旅行计划');
    await expect(app.locator('.conversation-group h3').first()).toHaveText('已置顶');

    await row('周报').hover();
    await row('周报').getByTestId('conversation-menu').click();
    await app.getByTestId('conversation-rename').click();
    await app.getByTestId('rename-input').fill('第 12 周周报');
    await app.getByTestId('rename-input').press('Enter');
    await expect(items).toContainText(['第 12 周周报']);
    expect(core.db.prepare("SELECT title FROM conversations WHERE id = 'c-a'").pluck().get()).toBe('第 12 周周报');

    // Delete, then undo: nothing is lost.
    await row('第 12 周周报').hover();
    await row('第 12 周周报').getByTestId('conversation-menu').click();
    await app.getByTestId('conversation-delete').click();
    await expect(items).toHaveCount(1);
    await app.getByTestId('toast-action').click();
    await expect(items).toHaveCount(2);
    // Delete for real: gone from the store once the undo window closes.
    await row('第 12 周周报').hover();
    await row('第 12 周周报').getByTestId('conversation-menu').click();
    await app.getByTestId('conversation-delete').click();
    await expect.poll(() => core.db.prepare("SELECT count(*) FROM conversations WHERE id = 'c-a'").pluck().get(), { timeout: 10_000 }).toBe(0);

    await row('旅行计划').hover();
    await row('旅行计划').getByTestId('conversation-menu').click();
    await app.getByTestId('conversation-archive').click();
    await expect(items).toHaveCount(0);
    await app.getByTestId('toggle-archived').click();
    await expect(items).toHaveText(['📌 旅行计划']);
  });
});

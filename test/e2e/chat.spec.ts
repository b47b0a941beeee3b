// The chat experience end to end: the built renderer in Chromium, the real core through the harness, the
// provider simulator on 127.0.0.1 standing in for the gateways.
import { test, expect } from './fixtures';
import { lastChatBody, lastReply, replies, send, startChat, waitForDone } from './chatHelpers';

test.describe('chatting', () => {
  test('sends a message and streams the reply with its statistics', async ({ simApp: app, sim }) => {
    const answer = `流式回复：${'一段又一段的文字，'.repeat(12)}the end.`;
    sim.enqueue({ text: answer, reasoning: '先想一想该怎么介绍。', chunkSize: 3, delayMs: 50 });
    await startChat(app, '你好，介绍一下你自己');

    const reply = lastReply(app);
    // It grows: some text is visible while the reply is still streaming, then all of it.
    await expect(reply).toHaveAttribute('data-status', 'streaming');
    await expect(reply.getByTestId('message-text')).toContainText('流式回复');
    await expect(app.getByTestId('stop-button')).toBeVisible();
    await expect(reply).toHaveAttribute('data-status', 'done');
    await expect(reply.getByTestId('message-text')).toHaveText(answer);
    // The reasoning folds away once the answer is there, with how long it took; it opens on request.
    await expect(reply.getByTestId('reasoning-toggle')).toContainText('思考了');
    await expect(reply.getByTestId('reasoning')).not.toContainText('先想一想');
    await reply.getByTestId('reasoning-toggle').click();
    await expect(reply.getByTestId('reasoning')).toContainText('先想一想该怎么介绍。');
    const stats = reply.getByTestId('reply-stats');
    await expect(stats.locator('[data-stat="model"]')).toHaveText('llama-3.1-instruct');
    await expect(stats.locator('[data-stat="tokens"]')).toContainText('tokens');
    await expect(stats.locator('[data-stat="ttft"]')).toBeVisible();
    await expect(stats.locator('[data-stat="speed"]')).toContainText('tok/s');
    await expect(stats.locator('[data-stat="finish"]')).toHaveText('正常结束');
    // The conversation got its title from the first line and shows in the sidebar.
    await expect(app.getByTestId('conversation-item')).toHaveText(['你好，介绍一下你自己']);
    expect(lastChatBody(sim)).toMatchObject({ model: 'llama-3.1-instruct', stream: true, messages: [{ role: 'user', content: '你好，介绍一下你自己' }] });
  });

  test('while a long reply with code and math streams, the DOM of the earlier messages is never touched', async ({ simApp: app, sim }) => {
    const rich = Array.from({ length: 6 }, (_, i) => `### 第 ${i + 1} 节\n\n$$\n\\sum_{k=1}^{${i + 2}} k^2\n$$\n\n\`\`\`ts\nconst x${i} = ${i} * 2; // 注释\n\`\`\`\n\n| a | b |\n|---|---|\n| ${i} | ${i * i} |\n`).join('\n');
    sim.enqueue({ text: '**第一条**回复，含 `code` 与 $x^2$。' }, { text: rich, chunkSize: 8, delayMs: 15 });
    await startChat(app, '第一问');
    await waitForDone(app);
    const earlier = await app.locator('[data-testid="message"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-message-id')));
    await app.evaluate(() => {
      const touched = new Set<string>();
      (window as unknown as { __touched: Set<string> }).__touched = touched;
      new MutationObserver((records) => {
        for (const record of records) {
          const node = record.target instanceof Element ? record.target : record.target.parentElement;
          const row = node?.closest('[data-message-id]');
          if (row) touched.add(row.getAttribute('data-message-id')!);
        }
        // The whole document: the list element itself may be re-created when the turn starts.
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await send(app, '第二问');
    await expect(replies(app)).toHaveCount(2);
    await expect(lastReply(app)).toHaveAttribute('data-status', 'streaming');
    await waitForDone(app);
    await expect(lastReply(app).locator('.katex-display')).toHaveCount(6);
    await expect(lastReply(app).locator('pre code.hljs')).toHaveCount(6);
    const touched = await app.evaluate(() => [...(window as unknown as { __touched: Set<string> }).__touched]);
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.filter((id) => earlier.includes(id))).toEqual([]);
  });

  test('a streamed reply with code, a table and math renders as the same reply opened later, its finished parts left in place', async ({ simApp: app, sim }) => {
    const answer = [
      '## 能级',
      '',
      '氢原子的能级为 $E_n = -13.6/n^2$ eV：',
      '',
      '```ts',
      'const energy = (n: number) => -13.6 / (n * n);',
      '',
      'console.log(energy(2));',
      '```',
      '',
      '$$',
      'E = mc^2',
      '$$',
      '',
      '| n | E (eV) |',
      '| --- | --- |',
      '| 1 | -13.6 |',
      '| 2 | -3.4 |',
      '',
      '1. 写出哈密顿量',
      '2. 求解本征值',
      '',
      '```',
      'H ψ = E ψ',
      '```',
      '',
      '3. 归一化',
      '',
      // Enough blocks for more than one group of blocks (see Markdown.tsx), with lists and quotes at the seams.
      ...Array.from({ length: 30 }, (_, i) => [[`> 引用 ${i}`, `- 列表 ${i}`, `段落 ${i}，含 $x_{${i}}$。`][i % 3]!, '']).flat(),
      '最后一段。'.repeat(30),
    ].join('\n');
    sim.enqueue({ text: answer, chunkSize: 4, delayMs: 15 });
    await startChat(app, '讲讲氢原子');
    const reply = lastReply(app);
    const text = reply.getByTestId('message-text');
    // The heading is a finished block early on: the element shown then is the one shown at the end.
    await expect(text.locator('h2')).toHaveText('能级');
    const heading = await text.locator('h2').elementHandle();
    await waitForDone(app);
    expect(await heading!.evaluate((el) => el.isConnected)).toBe(true);

    await expect(text.locator('.katex-display')).toHaveCount(1);
    await expect(text.locator('p .katex')).toHaveCount(11);
    await expect(text.locator('pre code.hljs.language-ts')).toContainText('console.log(energy(2));');
    await expect(text.locator('.code-language').first()).toHaveText('ts');
    await expect(text.locator('.table-scroll table tr')).toHaveCount(3);
    await expect(text.locator('ol')).toHaveCount(2);
    await expect(text.locator('ol').nth(1)).toHaveAttribute('start', '3');
    // A streamed reply's blocks are in groups (plain blocks, for layout and paint): without them, the same DOM.
    const withoutGroups = (el: Element) => {
      const copy = el.cloneNode(true) as Element;
      for (const group of copy.querySelectorAll('.markdown-group')) group.replaceWith(...group.childNodes);
      return copy.innerHTML;
    };
    expect(await text.locator('.markdown-group').count()).toBe(2);
    const streamed = await text.evaluate(withoutGroups);
    // Opened afresh, the stored reply is rendered in one go: the same DOM.
    await app.reload();
    await expect(lastReply(app)).toHaveAttribute('data-status', 'done');
    await expect(lastReply(app).getByTestId('message-text').locator('.katex-display')).toHaveCount(1);
    expect(await lastReply(app).getByTestId('message-text').locator('.markdown-group').count()).toBe(0);
    expect(await lastReply(app).getByTestId('message-text').evaluate(withoutGroups)).toBe(streamed);
  });

  test('the view follows a growing reply, stays put when the user scrolls up, and jumps back on request', async ({ simApp: app, sim }) => {
    const long = Array.from({ length: 400 }, (_, i) => `第 ${i + 1} 段：这是一段会让页面变长的文字。`).join('\n\n');
    sim.enqueue({ text: long, chunkSize: 6, delayMs: 20 });
    await startChat(app, '写很长的内容');
    const list = app.getByTestId('message-list');
    const reply = lastReply(app);
    const distanceFromBottom = () => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    const textLength = () => reply.getByTestId('message-text').evaluate((el) => el.textContent?.length ?? 0);
    await expect.poll(() => list.evaluate((el) => el.scrollHeight > el.clientHeight * 1.5), { timeout: 15_000 }).toBe(true);
    // Stuck to the bottom while it grows (sampled: a delta may land between a sample and the follow-up scroll).
    await expect.poll(distanceFromBottom).toBeLessThan(60);
    // The user scrolls up to read: the view stays where they put it while the reply keeps growing.
    await list.hover();
    await app.mouse.wheel(0, -600);
    await expect(app.getByTestId('jump-to-bottom')).toBeVisible();
    const readingAt = await list.evaluate((el) => el.scrollTop);
    const lengthThen = await textLength();
    await expect.poll(textLength).toBeGreaterThan(lengthThen + 60);
    await expect(reply).toHaveAttribute('data-status', 'streaming');
    expect(Math.abs((await list.evaluate((el) => el.scrollTop)) - readingAt)).toBeLessThan(5);
    expect(await distanceFromBottom()).toBeGreaterThan(300);
    // Back to the end, and following again.
    await app.getByTestId('jump-to-bottom').click();
    await expect.poll(distanceFromBottom).toBeLessThan(60);
    const lengthNow = await textLength();
    await expect.poll(textLength).toBeGreaterThan(lengthNow + 60);
    await expect.poll(distanceFromBottom).toBeLessThan(60);
    await app.keyboard.press('Escape');
    await expect(reply).toHaveAttribute('data-status', 'interrupted');
  });

  test('deletes a reply (and only it) from the conversation', async ({ simApp: app, sim }) => {
    sim.enqueue({ text: '留下的回答' }, { text: '要删除的回答' });
    await startChat(app, '第一问');
    await waitForDone(app);
    await send(app, '第二问');
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('要删除的回答');
    await lastReply(app).getByTestId('delete-message').click();
    await lastReply(app).getByTestId('delete-message').click();
    await expect(replies(app)).toHaveCount(1);
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('留下的回答');
    await expect(app.locator('[data-role="user"]')).toHaveCount(2);
    await app.reload();
    await expect(replies(app)).toHaveCount(1);
  });

  test('Esc stops a streaming reply and keeps what arrived', async ({ simApp: app, sim }) => {
    sim.enqueue({ text: '这是一段很长的回复。'.repeat(80), chunkSize: 2, delayMs: 30 });
    await startChat(app, '写一篇长文');
    const reply = lastReply(app);
    await expect(reply.getByTestId('message-text')).toContainText('这是一段');
    await app.keyboard.press('Escape');
    await expect(reply).toHaveAttribute('data-status', 'interrupted');
    await expect(reply.getByTestId('interrupted')).toBeVisible();
    await expect(reply.locator('[data-stat="finish"]')).toHaveText('已手动停止');
    const kept = await reply.getByTestId('message-text').innerText();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan('这是一段很长的回复。'.length * 80);
    await expect.poll(() => sim.chatRequests()[0]?.outcome).toBe('aborted');
    await expect(app.getByTestId('send-button')).toBeVisible();
  });

  test('regenerate and edit-and-resend make siblings, and the switcher moves between them', async ({ simApp: app, sim }) => {
    sim.enqueue({ text: '第一个回答' }, { text: '第二个回答' }, { text: '关于猫的回答' });
    await startChat(app, '讲讲狗');
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('第一个回答');

    await lastReply(app).getByTestId('regenerate').click();
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('第二个回答');
    await expect(lastReply(app).getByTestId('sibling-count')).toHaveText('2/2');
    await lastReply(app).getByTestId('sibling-prev').click();
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('第一个回答');
    await expect(lastReply(app).getByTestId('sibling-count')).toHaveText('1/2');
    // The choice is the conversation's: it survives a reload.
    await app.reload();
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('第一个回答');

    const user = app.locator('[data-role="user"]').last();
    await user.hover();
    await user.getByTestId('edit-message').click();
    await user.getByTestId('edit-input').fill('讲讲猫');
    await user.getByTestId('edit-submit').click();
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('关于猫的回答');
    await expect(app.locator('[data-role="user"]').last().getByTestId('message-text')).toHaveText('讲讲猫');
    await expect(app.locator('[data-role="user"]').last().getByTestId('sibling-count')).toHaveText('2/2');
    const messages = lastChatBody(sim).messages as Array<{ role: string; content: string }>;
    expect(messages.map((m) => m.content)).toEqual(['讲讲猫']);

    // Back to the first question brings back its own replies.
    await app.locator('[data-role="user"]').last().getByTestId('sibling-prev').click();
    await expect(app.locator('[data-role="user"]').last().getByTestId('message-text')).toHaveText('讲讲狗');
    await expect(lastReply(app).getByTestId('sibling-count')).toHaveText(/\/2/);
  });

  test('every parameter of the panel reaches the OpenAI request, and log-probabilities are viewable', async ({ simApp: app, sim }) => {
    sim.enqueue({ text: 'ok' }, { text: '带概率的回答', logprobs: true });
    await startChat(app, '第一条');
    await waitForDone(app);

    await app.getByTestId('params-toggle').click();
    const panel = app.getByTestId('params-panel');
    await panel.getByTestId('system-prompt').fill('你是一名严谨的审稿人。');
    await panel.getByTestId('param-temperature').fill('0.3');
    await panel.getByTestId('param-maxTokens').fill('256');
    await panel.getByTestId('param-topP').fill('0.9');
    await panel.getByTestId('param-frequencyPenalty').fill('0.5');
    await panel.getByTestId('param-presencePenalty').fill('-0.5');
    await panel.getByTestId('param-logprobs').fill('2');
    await panel.getByTestId('param-stop').fill('END');
    await panel.getByTestId('param-stop').press('Enter');
    await panel.getByTestId('param-user').fill('user-42');
    // Out of the protocol's range: refused on the spot, never saved.
    await panel.getByTestId('param-temperature').fill('3');
    await expect(panel.locator('.param-field.invalid')).toHaveCount(1);
    await panel.getByTestId('param-temperature').fill('0.3');
    await expect(panel.getByTestId('params-save-state')).toHaveAttribute('data-state', 'saved');

    await send(app, '第二条');
    await expect(replies(app)).toHaveCount(2);
    await waitForDone(app);
    expect(lastChatBody(sim)).toMatchObject({
      temperature: 0.3,
      max_tokens: 256,
      top_p: 0.9,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      logprobs: true,
      top_logprobs: 2,
      stop: 'END',
      user: 'user-42',
      messages: [
        { role: 'system', content: '你是一名严谨的审稿人。' },
        { role: 'user', content: '第一条' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: '第二条' },
      ],
    });

    await lastReply(app).getByTestId('toggle-logprobs').click();
    await expect(lastReply(app).getByTestId('logprobs')).toBeVisible();
    expect(await lastReply(app).getByTestId('logprob-token').count()).toBeGreaterThan(2);
  });

  test('n > 1 shows the choices as siblings', async ({ simApp: app, sim }) => {
    sim.enqueue({ text: 'a' }, { choices: ['甲方案', '乙方案'] });
    await startChat(app, '给我两个方案');
    await waitForDone(app);
    await app.getByTestId('params-toggle').click();
    await app.getByTestId('param-n').fill('2');
    await expect(app.getByTestId('params-save-state')).toHaveAttribute('data-state', 'saved');
    await send(app, '再来两个');
    await expect(lastReply(app).getByTestId('sibling-count')).toHaveText('1/2');
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('甲方案');
    await lastReply(app).getByTestId('sibling-next').click();
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('乙方案');
    expect(lastChatBody(sim)).toMatchObject({ n: 2 });
  });

  test('a reply cut by length offers Continue, which grows the same reply', async ({ simApp: app, sim }) => {
    sim.enqueue({ text: '第一部分，', finishReason: 'length' }, { text: '第二部分。' });
    await startChat(app, '写一首长诗');
    const reply = lastReply(app);
    await expect(reply.getByTestId('cut-notice')).toBeVisible();
    await expect(reply.locator('[data-stat="finish"]')).toHaveText('达到长度上限');
    await reply.getByTestId('continue-reply').click();
    await expect(reply.getByTestId('message-text')).toHaveText('第一部分，第二部分。');
    await expect(reply.getByTestId('cut-notice')).toHaveCount(0);
    await expect(replies(app)).toHaveCount(1);
    const messages = lastChatBody(sim).messages as Array<{ role: string; content: string }>;
    expect(messages.slice(0, 2)).toEqual([
      { role: 'user', content: '写一首长诗' },
      { role: 'assistant', content: '第一部分，' },
    ]);
    expect(messages[2]?.role).toBe('user');
  });

  test('leaving a streaming conversation does not stop it; coming back shows it still growing', async ({ simApp: app, sim }) => {
    const long = Array.from({ length: 60 }, (_, i) => `第${i + 1}句。`).join('');
    sim.enqueue({ text: long, chunkSize: 2, delayMs: 40 });
    await startChat(app, '慢慢说');
    await expect(lastReply(app).getByTestId('message-text')).toContainText('第1句');
    await app.getByTestId('new-chat').click();
    await expect(app.getByTestId('chat-empty')).toBeVisible();
    await expect(app.getByTestId('streaming-dot')).toBeVisible();
    await app.getByTestId('conversation-item').first().click();
    const reply = lastReply(app);
    await expect(reply).toHaveAttribute('data-status', 'streaming');
    const partial = (await reply.getByTestId('message-text').innerText()).length;
    await expect(reply).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    await expect(reply.getByTestId('message-text')).toHaveText(long);
    expect(long.length).toBeGreaterThan(partial);
    expect(sim.chatRequests()[0]?.outcome).toBe('completed');
  });

  test('the model picker sends to the chosen gateway and protocol', async ({ simApp: app, sim }) => {
    sim.enqueue({ text: 'from baystone' }, { text: '来自小艾' });
    await startChat(app, 'hi');
    await waitForDone(app);
    await app.getByTestId('model-picker').click();
    await app.getByTestId('model-filter').fill('xiaoai');
    await app.locator('[data-testid="model-option"][data-provider="szaiai"]').click();
    await expect(app.getByTestId('model-picker')).toContainText('xiaoai-chat-v1');
    await app.getByTestId('params-toggle').click();
    // Anthropic's ranges: temperature 0–1, max_tokens required.
    await expect(app.locator('.param-field', { has: app.getByTestId('param-temperature') })).toContainText('0 ~ 1');
    await expect(app.locator('.param-field', { has: app.getByTestId('param-maxTokens') })).toContainText('必填');
    await expect(app.getByTestId('param-frequencyPenalty')).toHaveCount(0);
    await send(app, '你好');
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('来自小艾');
    const last = sim.chatRequests().at(-1)!;
    expect(last.gateway).toBe('szaiai');
    expect(last.kind).toBe('messages');
    expect(last.body).toMatchObject({ model: 'xiaoai-chat-v1', max_tokens: 4096 });
  });
});

test.describe('errors', () => {
  test('a 401 is explained on the reply with a button that opens the key in Settings', async ({ simApp: app, sim }) => {
    sim.enqueue({ status: 401 });
    await startChat(app, '你好');
    const error = lastReply(app).getByTestId('reply-error');
    await expect(error).toHaveAttribute('data-code', 'unauthorized');
    await expect(error).toContainText('API Key（或 openid）无效或未设置');
    await error.getByTestId('error-open-settings').click();
    await expect(app.getByTestId('settings-page')).toBeVisible();
    await expect(app.locator('[data-testid="provider-row"][data-provider="baystone"]')).toHaveClass(/highlighted/);
  });

  test('a 429 that outlasts the retries is shown as rate limiting, in the chosen language', async ({ simApp: app, sim }) => {
    sim.enqueue(...Array.from({ length: 4 }, () => ({ status: 429, retryAfter: '1' })));
    await startChat(app, 'hello');
    const error = lastReply(app).getByTestId('reply-error');
    await expect(error).toHaveAttribute('data-code', 'rate_limited');
    await expect(error).toContainText('请求过于频繁');
    expect(sim.chatRequests()).toHaveLength(4);
    // Switching the language re-explains it in English.
    await app.getByTestId('nav-settings').click();
    await app.getByTestId('language-select').selectOption('en');
    await app.getByTestId('conversation-item').first().click();
    await expect(lastReply(app).getByTestId('reply-error')).toContainText('Too many requests');
    // Retry regenerates: this time the gateway answers.
    sim.enqueue({ text: 'finally' });
    await lastReply(app).getByTestId('error-retry').click();
    await expect(lastReply(app).getByTestId('message-text')).toHaveText('finally');
  });

  test('HTML and scripts in a model reply stay inert', async ({ simApp: app, sim, dialogs }) => {
    const hostile = [
      'Look: <img src=x onerror=alert(1)>',
      '',
      '<script>alert(2)</script>',
      '',
      '[click me](javascript:alert(3)) and [safe](https://example.com/docs)',
      '',
      '<a href="javascript:alert(4)">raw link</a> <iframe src="https://example.com"></iframe>',
    ].join('\n');
    sim.enqueue({ text: hostile });
    await startChat(app, 'show me html');
    const text = lastReply(app).getByTestId('message-text');
    await expect(text).toContainText('<img src=x onerror=alert(1)>');
    await expect(text).toContainText('<script>alert(2)</script>');
    await app.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await app.locator('[data-role="assistant"] script, [data-role="assistant"] img, [data-role="assistant"] iframe').count()).toBe(0);
    expect(await app.locator('[onerror], [onclick], [onload]').count()).toBe(0);
    expect(await app.locator('a[href^="javascript:"]').count()).toBe(0);
    await expect(text.getByRole('link', { name: 'safe' })).toHaveAttribute('href', 'https://example.com/docs');
    await expect(text.getByRole('link', { name: 'safe' })).toHaveAttribute('target', '_blank');
    await expect(text.getByRole('link', { name: 'safe' })).toHaveAttribute('rel', /noreferrer/);
    await expect(text.getByText('click me')).toHaveJSProperty('tagName', 'SPAN');
  });
});

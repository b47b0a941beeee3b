// Screenshots of the main screens in both themes, for a person to look at: test-results/screenshots/*.png.
import { test, expect } from './fixtures';
import { lastReply, send, startChat, waitForDone } from './chatHelpers';
import { shoot, useTheme } from './screenshotHelpers';

const richReply = [
  '下面用三种方式说明**二次方程**的求根公式。',
  '',
  '## 1. 公式',
  '',
  '对 $ax^2 + bx + c = 0$（$a \\neq 0$），有：',
  '',
  '$$',
  'x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}',
  '$$',
  '',
  '## 2. 代码',
  '',
  '```python',
  'import math',
  '',
  'def solve(a: float, b: float, c: float) -> tuple[float, float]:',
  '    """Return both real roots of ax^2 + bx + c = 0."""',
  '    d = math.sqrt(b * b - 4 * a * c)  # 判别式',
  '    return (-b + d) / (2 * a), (-b - d) / (2 * a)',
  '```',
  '',
  '## 3. 判别式与根的情况',
  '',
  '| 判别式 Δ | 根的情况 | 例子 |',
  '|---|---|---|',
  '| Δ > 0 | 两个不同实根 | $x^2 - 3x + 2$ |',
  '| Δ = 0 | 一个重根 | $x^2 - 2x + 1$ |',
  '| Δ < 0 | 一对共轭复根 | $x^2 + 1$ |',
  '',
  '> 小提示：数值计算时注意 `b` 很大时的相消误差。参考 [Wikipedia](https://en.wikipedia.org/wiki/Quadratic_formula)。',
].join('\n');

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of the main screens (${theme})`, async ({ sim, simApp: app }) => {
    await useTheme(app, theme);
    await shoot(app, `new-chat-${theme}`);

    sim.enqueue(
      { text: '好的，我们从最基本的定义开始。', reasoning: '用户想了解二次方程。先给公式，再给代码和表格。' },
      { text: richReply, reasoning: '先给出公式，再给代码，最后用表格总结判别式的三种情况。', usage: { prompt: 182, completion: 421 } },
    );
    await startChat(app, '什么是二次方程？');
    await waitForDone(app);
    await send(app, '请给出求根公式、Python 代码和一张判别式表格。');
    await expect(app.getByTestId('message')).toHaveCount(4);
    await waitForDone(app);
    await expect(lastReply(app).locator('.katex-display')).toBeVisible();
    await shoot(app, `chat-${theme}`);

    await app.getByTestId('params-toggle').click();
    await expect(app.getByTestId('params-panel')).toBeVisible();
    await shoot(app, `chat-parameters-${theme}`);
    await app.getByTestId('params-close').click();

    await app.getByTestId('model-picker').click();
    await shoot(app, `model-picker-${theme}`);
    await app.keyboard.press('Escape');

    sim.enqueue({ status: 401 });
    await send(app, '再解释一次');
    await expect(lastReply(app).getByTestId('reply-error')).toBeVisible();
    await shoot(app, `chat-error-${theme}`);

    await app.getByTestId('nav-settings').click();
    await expect(app.getByTestId('provider-row')).toHaveCount(3);
    await shoot(app, `settings-${theme}`);

    await app.getByTestId('nav-presets').click();
    await expect(app.getByTestId('preset-card').first()).toBeVisible();
    await shoot(app, `presets-${theme}`);
    await app.getByTestId('preset-new').click();
    await shoot(app, `preset-editor-${theme}`);
  });

  test(`screenshot of the first-run screen (${theme})`, async ({ app }) => {
    await useTheme(app, theme);
    await expect(app.getByTestId('first-run')).toBeVisible();
    await app.locator('[data-testid="first-run-gateway"][data-provider="zyinfo"]').click();
    await shoot(app, `first-run-${theme}`);
  });
}

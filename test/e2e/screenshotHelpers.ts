// Screenshots for a person to look at (test-results/screenshots/*.png), in the theme under test.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

const screenshotDir = path.resolve('test-results/screenshots');

/** Saves the theme through the app's API and reloads into it. */
export async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate(async (value) => {
    const api = (window as unknown as { api: { settings: { update(input: unknown): Promise<unknown> } } }).api;
    await api.settings.update({ theme: value });
  }, theme);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** The page as `<name>.png` once its fonts are in. */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

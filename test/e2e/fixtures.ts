import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startHarness, type Harness } from './harness/server';

export interface QiaoFixtures {
  dataDir: string;
  harness: Harness;
  app: Page;
}

export const test = base.extend<QiaoFixtures>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  harness: async ({ dataDir }, use) => {
    const harness = await startHarness({ dataDir });
    await use(harness);
    await harness.close();
  },
  app: async ({ page, harness }, use) => {
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    await page.goto(harness.url);
    await expect(page.getByTestId('app-shell')).toBeVisible();
    await use(page);
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { test as base, expect, type Page } from '@playwright/test';
import { startHarness, type Harness } from './harness/server';
import { startSimulator, type Simulator } from '../sim/server';
import { providersRepo } from '../../src/main/core/store';
import { accountFor, loadKeytar, type KeychainBackend } from '../../src/main/core/secrets/secretStore';

export interface QiaoFixtures {
  dataDir: string;
  /** The real keychain (Secret Service under scripts/with-keyring.sh), with accounts private to this test. */
  keychain: KeychainBackend | null;
  harness: Harness;
  /** The app with nothing configured (first run). */
  app: Page;
  sim: Simulator;
  /** The app with the three built-in gateways pointed at the simulator and their credentials set for the session. */
  simApp: Page;
  /** Dialogs (alert/confirm/prompt) the page opened; a model's reply must never open one. */
  dialogs: string[];
}

/** Retry waits shortened 100× (the provider client's backoff is 1/2/4 s of real time). */
export function fastSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms / 100);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Keytar with every account prefixed per test, so parallel tests never see each other's keys; cleaned after. */
function isolatedKeychain(): (KeychainBackend & { cleanup(): Promise<void> }) | null {
  const keytar = loadKeytar();
  if (!keytar) return null;
  const prefix = `e2e-${randomBytes(6).toString('hex')}:`;
  const written = new Set<string>();
  return {
    getPassword: (service, account) => keytar.getPassword(service, prefix + account),
    setPassword: async (service, account, password) => {
      await keytar.setPassword(service, prefix + account, password);
      written.add(account);
    },
    deletePassword: (service, account) => keytar.deletePassword(service, prefix + account),
    async cleanup() {
      for (const account of written) await keytar.deletePassword('Qiao', prefix + account).catch(() => false);
    },
  };
}

async function openApp(page: Page, url: string, use: (page: Page) => Promise<void>): Promise<void> {
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(url);
  await expect(page.locator('[data-testid="app-shell"], [data-testid="first-run"]')).toBeVisible();
  await use(page);
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
}

export const test = base.extend<QiaoFixtures>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  // eslint-disable-next-line no-empty-pattern
  keychain: async ({}, use) => {
    const keychain = isolatedKeychain();
    await use(keychain);
    await keychain?.cleanup();
  },
  harness: async ({ dataDir, keychain }, use) => {
    const harness = await startHarness({ dataDir, keychain, providerDeps: { sleep: fastSleep, stallTimeoutMs: 5000 } });
    await use(harness);
    await harness.close();
  },
  dialogs: async ({ page }, use) => {
    const seen: string[] = [];
    page.on('dialog', (dialog) => {
      seen.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await use(seen);
  },
  app: async ({ page, harness }, use) => {
    await openApp(page, harness.url, use);
  },
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimulator();
    await use(sim);
    await sim.close();
  },
  simApp: async ({ page, harness, sim }, use) => {
    const { db, secrets } = harness.core;
    const point = (id: string, baseUrl: string, extra: Record<string, string | number | boolean> = {}) => {
      const p = providersRepo.getProvider(db, id)!;
      providersRepo.saveProvider(db, { ...p, baseUrl, options: { ...p.options, ...extra }, updatedAt: Date.now() });
    };
    point('baystone', sim.baseUrls.baystone);
    point('zyinfo', sim.baseUrls.zyinfoOverseas, {
      suspendUrl: `${sim.baseUrls.zyinfoOverseas}/llm_api`,
      quotaUrl: `${sim.baseUrls.zyinfoDomestic}/api_user/info`,
    });
    point('szaiai', sim.baseUrls.szaiai);
    secrets.setForSession(accountFor('baystone', 'apiKey'), 'sk-test');
    secrets.setForSession(accountFor('szaiai', 'apiKey'), 'sk-test');
    secrets.setForSession(accountFor('zyinfo', 'openid'), 'test');
    await openApp(page, harness.url, use);
  },
});

export { expect };

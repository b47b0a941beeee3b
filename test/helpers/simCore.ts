// A real core (SQLite file, keychain or memory secrets) wired to the provider simulator on 127.0.0.1.
import { afterEach } from 'vitest';
import { startSimulator, type Simulator } from '../sim/server';
import { createCore, type Core, type CoreOptions } from '../../src/main/core/core';
import { createApi, type Api } from '../../src/main/api';
import { providersRepo } from '../../src/main/core/store';
import { accountFor } from '../../src/main/core/secrets/secretStore';
import type { Message } from '../../src/shared/domain';
import { tempDir } from './tempDir';

export interface SimCore {
  sim: Simulator;
  core: Core;
  api: Api;
  dataDir: string;
}

const open: SimCore[] = [];
afterEach(async () => {
  for (const { sim, core } of open.splice(0)) {
    core.close();
    await sim.close();
  }
});

/** Points the three built-in gateways at the simulator and sets their credentials (session-only: no keychain needed). */
export async function simCore(options: Partial<CoreOptions> = {}): Promise<SimCore> {
  const sim = await startSimulator();
  const dataDir = options.dataDir ?? tempDir();
  const core = createCore({ keychain: null, providerDeps: { stallTimeoutMs: 2000, sleep: fastSleep }, ...options, dataDir });
  const { db } = core;
  const patch = (id: string, baseUrl: string, extra: Record<string, string | number | boolean> = {}) => {
    const p = providersRepo.getProvider(db, id)!;
    providersRepo.saveProvider(db, { ...p, baseUrl, options: { ...p.options, ...extra }, updatedAt: Date.now() });
  };
  patch('baystone', sim.baseUrls.baystone);
  patch('zyinfo', sim.baseUrls.zyinfoOverseas, { suspendUrl: `${sim.baseUrls.zyinfoOverseas}/llm_api`, quotaUrl: `${sim.baseUrls.zyinfoDomestic}/api_user/info` });
  patch('szaiai', sim.baseUrls.szaiai);
  core.secrets.setForSession(accountFor('baystone', 'apiKey'), 'sk-test');
  core.secrets.setForSession(accountFor('szaiai', 'apiKey'), 'sk-test');
  core.secrets.setForSession(accountFor('zyinfo', 'openid'), 'test');
  const handle = { sim, core, api: createApi(core), dataDir };
  open.push(handle);
  return handle;
}

/** Retry waits shortened 100× so tests stay quick; spacing is still checked in proportion. */
export function fastSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms / 100);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

export async function conversationFor(api: Api, providerId: string, model: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await api.call('conversations.create', { providerId, model });
  if (!created.ok) throw new Error(created.error.message);
  const id = (created.value as { id: string }).id;
  if (Object.keys(extra).length) {
    const updated = await api.call('conversations.update', { id, ...extra });
    if (!updated.ok) throw new Error(updated.error.message);
  }
  return id;
}

export function textOf(message: Message): string {
  return message.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
}

export function reasoningOf(message: Message): string {
  return message.parts.filter((p) => p.type === 'reasoning').map((p) => (p as { text: string }).text).join('');
}

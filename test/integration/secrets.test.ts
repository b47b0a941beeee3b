// Runs against the real Secret Service (scripts/with-keyring.sh starts a private, unlocked gnome-keyring).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core';
import { createApi } from '../../src/main/api';
import { accountFor, keychainService, SecretStore, type KeychainBackend } from '../../src/main/core/secrets/secretStore';
import { filesUnder, tempDir } from '../helpers/tempDir';

const keytar = createRequire(import.meta.url)('keytar') as KeychainBackend;

describe('SecretStore over the OS keychain', () => {
  it('a key set through the SecretStore is readable back through keytar and appears in no file under the data dir', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir });
    const api = createApi(core);
    const secret = `sk-qiao-${Math.random().toString(36).slice(2)}`;

    const result = await api.call('keys.set', { providerId: 'secrets-test', secret });
    expect(result).toEqual({ ok: true, value: { providerId: 'secrets-test', state: 'keychain' } });
    expect(await keytar.getPassword(keychainService, accountFor('secrets-test', 'apiKey'))).toBe(secret);

    // Touch the store so WAL and the database file exist with everything flushed, then look at every byte.
    await api.call('conversations.create', { title: 'x' });
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    core.close();
    const files = filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(0);
    const needles = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le')];
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const needle of needles) expect(bytes.includes(needle), `${file} contains the key`).toBe(false);
    }

    // A new process (here: a new core) finds it in the keychain, not in memory.
    const again = createApi(createCore({ dataDir }));
    expect(await again.call('keys.status', { providerId: 'secrets-test' })).toEqual({ ok: true, value: { providerId: 'secrets-test', state: 'keychain' } });
    expect(await again.call('keys.delete', { providerId: 'secrets-test' })).toEqual({ ok: true, value: { providerId: 'secrets-test', state: 'unset' } });
    expect(await keytar.getPassword(keychainService, accountFor('secrets-test', 'apiKey'))).toBeNull();
  });

  it('keeps zyinfo openid as a separate keychain credential', async () => {
    const store = new SecretStore(keytar);
    await store.set(accountFor('secrets-test-zy', 'openid'), 'openid-123');
    expect(await keytar.getPassword(keychainService, accountFor('secrets-test-zy', 'openid'))).toBe('openid-123');
    expect(await store.location(accountFor('secrets-test-zy', 'apiKey'))).toBe('unset');
    await store.delete(accountFor('secrets-test-zy', 'openid'));
  });

  it('without a reachable keychain: a clear error, nothing saved, and a session-only key on request', async () => {
    const failing: KeychainBackend = {
      getPassword: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
      setPassword: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
      deletePassword: () => Promise.reject(new Error('locked')),
    };
    const dataDir = tempDir();
    const core = createCore({ dataDir, keychain: failing });
    const api = createApi(core);
    const refused = await api.call('keys.set', { providerId: 'szaiai', secret: 'sk-gw-session-only' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('keychain_unavailable');
      expect(refused.error.message).toMatch(/keychain is not reachable/);
      expect(refused.error.message).not.toContain('sk-gw-session-only');
    }
    expect(await api.call('keys.status', { providerId: 'szaiai' })).toEqual({ ok: true, value: { providerId: 'szaiai', state: 'unset' } });
    expect(await api.call('keys.set', { providerId: 'szaiai', secret: 'sk-gw-session-only', sessionOnly: true })).toEqual({
      ok: true,
      value: { providerId: 'szaiai', state: 'session' },
    });
    expect(await core.secrets.get(accountFor('szaiai', 'apiKey'))).toBe('sk-gw-session-only');
    expect(await api.call('app.info')).toMatchObject({ ok: true, value: { keychain: 'unavailable' } });
    core.close();
    for (const file of filesUnder(dataDir)) expect(fs.readFileSync(file).includes('sk-gw-session-only')).toBe(false);
  });
});

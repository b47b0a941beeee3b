// The core: one store, one secret store, one event hub. Every face (Electron IPC, CLI, e2e harness) builds
// one of these and talks to it through api.ts. Nothing here imports electron.
import fs from 'node:fs';
import { databasePath, defaultDataDir } from './paths';
import { openDatabase, presetsRepo, messagesRepo, latestSchemaVersion, type Db } from './store';
import { loadKeytar, SecretStore, type KeychainBackend } from './secrets/secretStore';
import { EventHub } from './events';
import { builtinPresets } from './builtinPresets';

export interface CoreOptions {
  dataDir?: string;
  /** better-sqlite3 binary for this runtime (Electron passes its own build). */
  nativeBinding?: string;
  /** Keychain backend; defaults to keytar. `null` means "no keychain reachable". */
  keychain?: KeychainBackend | null;
  now?: () => number;
}

export interface Core {
  dataDir: string;
  db: Db;
  secrets: SecretStore;
  events: EventHub;
  schemaVersion: number;
  now: () => number;
  close(): void;
}

export function createCore(options: CoreOptions = {}): Core {
  const dataDir = options.dataDir ?? defaultDataDir();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(databasePath(dataDir), { nativeBinding: options.nativeBinding });
  const now = options.now ?? Date.now;
  messagesRepo.markStreamingInterrupted(db, now());
  seedBuiltins(db, now());
  const keychain = options.keychain === undefined ? (loadKeytar() ?? null) : options.keychain;
  const secrets = new SecretStore(keychain);
  return {
    dataDir,
    db,
    secrets,
    events: new EventHub(),
    schemaVersion: latestSchemaVersion,
    now,
    close: () => db.close(),
  };
}

function seedBuiltins(db: Db, now: number): void {
  db.transaction(() => {
    for (const preset of builtinPresets) {
      const existing = presetsRepo.getPreset(db, preset.id);
      const unchanged =
        existing?.name === preset.name && existing.emoji === preset.emoji && existing.systemPrompt === preset.systemPrompt;
      if (unchanged) continue;
      presetsRepo.savePreset(db, {
        ...preset,
        providerId: existing?.providerId ?? null,
        model: existing?.model ?? null,
        params: existing?.params ?? {},
        builtin: true,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      });
    }
  })();
}

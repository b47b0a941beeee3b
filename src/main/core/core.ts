// The core: one store, one secret store, one event hub. Every face (Electron IPC, CLI, e2e harness) builds
// one of these and talks to it through api.ts. Nothing here imports electron.
import fs from 'node:fs';
import { databasePath, defaultDataDir } from './paths';
import { openDatabase, presetsRepo, messagesRepo, latestSchemaVersion, type Db } from './store';
import { loadKeytar, SecretStore, type KeychainBackend } from './secrets/secretStore';
import { EventHub } from './events';
import { builtinPresets } from './builtinPresets';
import { providersRepo } from './store';
import { defaultProviders, type ProviderDeps } from './providers';
import { warmProviderPath } from './providers/warmUp';
import { ChatEngine } from './chat/chatEngine';
import { createSearchService, type SearchService } from './search';
import { startAutoTitler, type AutoTitler } from './titles/autoTitler';
import { ReaderClient } from './reader/client';
import { InProcessReader, WorkerReaders, type Reader } from './reader/readers';

export interface CoreOptions {
  dataDir?: string;
  /** better-sqlite3 binary for this runtime (Electron passes its own build). */
  nativeBinding?: string;
  /** Keychain backend; defaults to keytar. `null` means "no keychain reachable". */
  keychain?: KeychainBackend | null;
  now?: () => number;
  /** Provider HTTP plumbing (tests inject timeouts; production uses the defaults). */
  providerDeps?: ProviderDeps;
  /** How often a streaming reply is persisted (ms). */
  persistIntervalMs?: number;
  /**
   * Run searches, pages of messages and exports in the reader worker (default) or on the main connection (false:
   * one-shot CLI runs, which have no event loop to keep free and would pay more to start the worker than to read).
   */
  readerWorker?: boolean;
  /**
   * Ask the conversation's model for a title after the first reply (one extra request). Off unless asked for:
   * the app turns it on; one-shot CLI runs and tests that count provider requests leave it off.
   */
  autoTitle?: boolean;
}

export interface Core {
  dataDir: string;
  db: Db;
  secrets: SecretStore;
  events: EventHub;
  schemaVersion: number;
  now: () => number;
  chat: ChatEngine;
  search: SearchService;
  /**
   * Where the bulk reads run: the read half of every search (through `search`), pages of messages and exports. In the
   * app, worker threads with their own read-only connections (reader/readers.ts: WorkerReaders), so that work never
   * stalls this event loop; with `readerWorker: false`, here. Import stays here.
   */
  reader: Reader;
  /** Present when automatic titles are on. */
  titles?: AutoTitler;
  /**
   * Loads now what the first reply and the first search would otherwise load in the middle of their work: Node's
   * HTTP client (undici, tens of milliseconds of synchronous module loading on first use) and the reader worker
   * (its start takes longer than a search or a page of messages). The app calls it at start; one-shot CLI runs do not.
   */
  warmUp(): void;
  close(): void;
}

/** Nice value of the export worker: on Linux, nice 10 gets about a tenth of a core's time against nice 0. */
const EXPORT_WORKER_NICE = 10;
/** Pages (of 4 KiB) in the WAL before the main connection checkpoints it itself; SQLite's default is 1,000. */
const MAIN_CONNECTION_AUTOCHECKPOINT_PAGES = 10_000;

export function createCore(options: CoreOptions = {}): Core {
  const dataDir = options.dataDir ?? defaultDataDir();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = databasePath(dataDir);
  const db = openDatabase(file, { nativeBinding: options.nativeBinding });
  const now = options.now ?? Date.now;
  messagesRepo.markStreamingInterrupted(db, now());
  seedBuiltins(db, now());
  const keychain = options.keychain === undefined ? (loadKeytar() ?? null) : options.keychain;
  const secrets = new SecretStore(keychain);
  const events = new EventHub();
  const chat = new ChatEngine({ db, events, secrets, now, providerDeps: options.providerDeps, persistIntervalMs: options.persistIntervalMs });
  // Started at its first request; the file exists by then (opened and migrated just above).
  const reader: Reader =
    options.readerWorker === false
      ? new InProcessReader(db)
      : new WorkerReaders(
          new ReaderClient({ databaseFile: file, nativeBinding: options.nativeBinding, checkpoint: true }),
          new ReaderClient({ databaseFile: file, nativeBinding: options.nativeBinding, nice: EXPORT_WORKER_NICE }),
        );
  // The worker checkpoints the WAL off this thread (reader/checkpointer.ts). The main connection's own automatic
  // checkpoint stays as a safety net for a core whose worker never started, at a threshold ten times higher (40 MB),
  // so with a worker running it never fires.
  if (reader instanceof WorkerReaders) db.pragma(`wal_autocheckpoint = ${MAIN_CONNECTION_AUTOCHECKPOINT_PAGES}`);
  const search = createSearchService(db, events, { read: (input) => reader.search(input) });
  // Whatever is pending from before (a fresh migration, a crash) is indexed in the background.
  search.schedule(1000);
  const titles = options.autoTitle ? startAutoTitler({ db, events, secrets, providerDeps: options.providerDeps }) : undefined;
  return {
    dataDir,
    db,
    secrets,
    events,
    schemaVersion: latestSchemaVersion,
    now,
    chat,
    search,
    reader,
    titles,
    warmUp: () => {
      // Any of fetch's classes loads undici (Node defines them as lazy globals); fetch() itself then finds it loaded.
      void globalThis.Response;
      reader.warmUp();
      void warmProviderPath(providersRepo.listProviders(db));
    },
    close: () => {
      titles?.close();
      search.close();
      chat.stopAll();
      reader.close();
      db.close();
    },
  };
}

function seedBuiltins(db: Db, now: number): void {
  db.transaction(() => {
    // The three gateways are there from the first start; the user's edits to them are kept.
    for (const provider of defaultProviders(now)) {
      if (!providersRepo.getProvider(db, provider.id)) providersRepo.saveProvider(db, provider);
    }
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

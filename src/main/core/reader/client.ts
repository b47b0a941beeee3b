// The main-thread side of the reader worker (worker.ts): sends searches, pages of messages and exports there and gets
// their answers back, with the worker's errors rebuilt as the classes they were (errors.ts).
//
// Lifecycle: the worker starts at the first request or at core.warmUp() (the app calls it at start; one-shot CLI
// runs read in-process instead, see inProcess.ts). It is unref()ed while idle, so it never keeps a one-shot CLI process alive, and ref()ed while a
// request is out, so the process does not exit while awaiting its answer. close() terminates it; requests still
// out then reject with ReaderClosedError. If it dies on its own they reject with ReaderCrashedError, and the next
// request starts a new one.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SearchInput, SearchResult } from '../search/search';
import type { ExportRequest, ExportSummary } from '../export';
import { ReaderClosedError, ReaderCrashedError, errorFromData } from './errors';
import type { PathPage } from '../store/messagesRepo';
import type { Reader } from './readers';
import { requestLabels, responseSchema, valueSchemas, type PathInput, type ReaderRequest, type ReaderRequestType, type ReaderValues, type ReaderWorkerData } from './protocol';

/** The bundled worker's file name: electron.vite.config.ts builds worker.ts under this name beside the main bundle. */
export const BUNDLED_WORKER_FILE = 'readerWorker.js';

/**
 * Where the worker's entry is, decided by this module's own file:
 *  - a .ts file: the core runs from source (tsx or vitest compile it on the fly). The entry is bootstrap.mjs beside
 *    it, which registers tsx in the worker and loads worker.ts (see there why execArgv cannot do that).
 *  - otherwise this module is inside the electron-vite main bundle (out/main/index.js), and worker.ts was built as a
 *    second entry of that bundle, readerWorker.js, into the same directory.
 * The path is built with path.join rather than `new URL('./x', import.meta.url)`: Vite rewrites that pattern
 * (as an asset or a web worker) when it bundles.
 */
export function readerWorkerEntry(moduleUrl: string = import.meta.url): URL {
  const file = fileURLToPath(moduleUrl);
  const fromSource = /\.[cm]?ts$/.test(file);
  return pathToFileURL(path.join(path.dirname(file), fromSource ? 'bootstrap.mjs' : BUNDLED_WORKER_FILE));
}

interface Pending {
  type: ReaderRequestType;
  /** For redacting whatever the worker says about this request (errors.ts). */
  secrets: readonly string[];
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class ReaderClient implements Reader {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ReaderWorkerData & { entry?: URL }) {}

  /** The read half of a search (the caller has indexed what is pending on the main connection first). */
  search(input: SearchInput): Promise<SearchResult[]> {
    return this.request('search', { input: { ...input } }, []);
  }

  /** A page of a conversation's path (messagesRepo.pathPage), read in the worker. */
  pathPage(input: PathInput): Promise<PathPage> {
    return this.request('path', { input: { ...input } }, []);
  }

  /** exportConversations in the worker: it reads the database and writes the files itself. */
  exportConversations(request: ExportRequest): Promise<ExportSummary> {
    const secrets = request.secrets.filter((secret): secret is string => typeof secret === 'string');
    // Resolved here, against the main process's working directory, so the request means the same file everywhere.
    return this.request('export', { request: { ...request, path: path.resolve(request.path), secrets } }, secrets);
  }

  /** Starts the worker now, if it is not running (the first search then does not wait for it to start). */
  warmUp(): void {
    if (this.closed || this.worker) return;
    try {
      this.start();
    } catch {
      // The first request will start it, and report what failed.
    }
  }

  /** Whether a worker is running now (tests: lazy start, restart after a crash). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker; requests still out reject with ReaderClosedError. Later requests reject at once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.rejectAll((type) => new ReaderClosedError(requestLabels[type]));
    if (worker) void worker.terminate().catch(() => undefined);
  }

  /** For tests: ends the worker as a crash would. */
  async crashForTesting(): Promise<void> {
    await this.worker?.terminate();
  }

  private request<T extends ReaderRequestType>(
    type: T,
    body: T extends 'search' ? { input: SearchInput } : T extends 'path' ? { input: PathInput } : { request: ExportRequest & { secrets: string[] } },
    secrets: readonly string[],
  ): Promise<ReaderValues[T]> {
    if (this.closed) return Promise.reject(new ReaderClosedError(requestLabels[type]));
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const id = this.nextId++;
    return new Promise<ReaderValues[T]>((resolve, reject) => {
      this.pending.set(id, { type, secrets, resolve: resolve as (value: unknown) => void, reject });
      // An answer is awaited: keep the process alive until it comes.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, type, ...body } as ReaderRequest);
    });
  }

  private start(): Worker {
    const { entry: _entry, ...workerData } = this.options satisfies ReaderWorkerData & { entry?: URL };
    const entry = this.options.entry ?? readerWorkerEntry();
    // execArgv: [] keeps the parent's loader flags (tsx's CLI passes its own) out of the worker: bootstrap.mjs
    // registers what the worker needs, and the bundled worker needs nothing.
    const worker = new Worker(entry, { workerData, execArgv: [] });
    worker.on('message', (message: unknown) => this.answer(message));
    worker.on('error', (error) => this.stopped(worker, `${error.name}: ${error.message}`));
    worker.on('exit', (code) => this.stopped(worker, `exit code ${code}`));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private answer(message: unknown): void {
    const parsed = responseSchema.safeParse(message);
    if (!parsed.success) return;
    const response = parsed.data;
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.settled(response.id);
    if (!response.ok) return pending.reject(errorFromData(response.error, pending.secrets));
    const value = valueSchemas[pending.type].safeParse(response.value);
    if (value.success) pending.resolve(value.data);
    else pending.reject(new Error(`Qiao's reader answered a ${requestLabels[pending.type]} with data of the wrong shape`));
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
  }

  /** The worker ended without being closed ('error' comes first for an uncaught exception, then 'exit'). */
  private stopped(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    // The reason may quote anything the worker was handling, an export's secrets included.
    const secrets = [...this.pending.values()].flatMap((p) => p.secrets);
    const clean = errorFromData({ name: 'Error', message: reason, fields: {} }, secrets).message;
    this.rejectAll((type) => new ReaderCrashedError(requestLabels[type], clean));
  }

  private rejectAll(error: (type: ReaderRequestType) => Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error(p.type));
  }
}

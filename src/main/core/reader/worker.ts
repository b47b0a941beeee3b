// The reader worker: the read half of searches, pages of a conversation's messages and whole exports, on a worker
// thread with its own read-only SQLite connection, so their CPU work (FTS matches, parsing and scoring documents,
// reading up to 1,000 messages a page, building and serializing a 10,000-message export) and the garbage it makes
// never stall the main process's event loop. It also checkpoints the WAL (checkpointer.ts). client.ts starts it.
//
// Read-only is enough: a search's writes (indexing what is pending) happen on the main connection before the
// request is sent, and pages and exports only read. The main connection keeps the database in WAL mode, where a reader
// sees every commit made before its read began and never waits for the writer.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Db } from '../store';
import { readSearchResults } from '../search/search';
import { exportConversations } from '../export';
import { pathPage } from '../store/messagesRepo';
import { timeSliceStepper, type Stepper } from '../timeSlice';
import { errorToData } from './errors';
import { Checkpointer } from './checkpointer';
import { requestSchema, workerDataSchema, type ReaderRequest, type ReaderResponse } from './protocol';

const port = parentPort;
if (!port) throw new Error('reader/worker.ts runs as a worker thread (see reader/client.ts)');
const options = workerDataSchema.parse(workerData);

// The WAL is checkpointed here, not in the main connection's commits (checkpointer.ts; core.ts raises the main
// connection's own threshold so it only steps in when no worker is running).
if (options.checkpoint) new Checkpointer(options.databaseFile, options.nativeBinding).start();

// On Linux setpriority(PRIO_PROCESS, 0) changes the calling thread only, so this lowers just this worker; elsewhere
// it would lower the whole app, so it is left alone there.
if (options.nice && process.platform === 'linux') {
  try {
    os.setPriority(0, options.nice);
  } catch {
    // Not permitted (some sandboxes): the worker runs at normal priority.
  }
}

let connection: Db | undefined;
/** Opened at the first request (and again after a failed open): the main thread has created the file by then. */
function db(): Db {
  if (connection?.open) return connection;
  connection = new Database(options.databaseFile, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding });
  // Readers rarely wait in WAL mode (only while the file is being recovered or its WAL reset); when they do, wait
  // as the main connection does rather than fail.
  connection.pragma('busy_timeout = 5000');
  return connection;
}

/** A search here runs start to end: slicing it would only let a second request interleave with it. */
const noYield: Stepper = { maybeYield: async () => undefined };

async function handle(request: ReaderRequest): Promise<unknown> {
  switch (request.type) {
    case 'search':
      return readSearchResults(db(), request.input, noYield);
    case 'path':
      return pathPage(db(), request.input);
    case 'export':
      // Slices of 10 ms: a page of the conversation being opened, or a search, asked for during a long export waits
      // at most that long.
      return exportConversations(db(), request.request, timeSliceStepper(10));
  }
}

port.on('message', (message: unknown) => {
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) {
    const id = (message as { id?: unknown } | null)?.id;
    // The request is not echoed: an export request carries secrets.
    const error = { name: 'Error', message: 'The reader worker received a request it does not understand', fields: {} };
    if (typeof id === 'number') port.postMessage({ id, ok: false, error } satisfies ReaderResponse);
    return;
  }
  const { id } = parsed.data;
  const fail = (error: unknown) => port.postMessage({ id, ok: false, error: errorToData(error) } satisfies ReaderResponse);
  handle(parsed.data).then((value) => {
    try {
      port.postMessage({ id, ok: true, value } satisfies ReaderResponse);
    } catch (error) {
      // A value the structured clone refuses is a bug here; the caller gets it as its answer.
      fail(error);
    }
  }, fail);
});

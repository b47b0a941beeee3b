// The reader worker: the read half of searches and whole exports, on a worker thread with its own read-only SQLite
// connection, so their CPU work (FTS matches, parsing and scoring documents, building and serializing a 10,000-message
// export) and the garbage it makes never stall the main process's event loop. client.ts starts it.
//
// Read-only is enough: a search's writes (indexing what is pending) happen on the main connection before the
// request is sent, and an export only reads. The main connection keeps the database in WAL mode, where a reader
// sees every commit made before its read began and never waits for the writer.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Db } from '../store';
import { readSearchResults } from '../search/search';
import { exportConversations } from '../export';
import { timeSliceStepper, type Stepper } from '../timeSlice';
import { errorToData } from './errors';
import { requestSchema, workerDataSchema, type ReaderRequest, type ReaderResponse } from './protocol';

const port = parentPort;
if (!port) throw new Error('reader/worker.ts runs as a worker thread (see reader/client.ts)');
const options = workerDataSchema.parse(workerData);

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
    case 'export':
      // Coarse slices: nothing here needs 4 ms turns, but a search asked for during a long export should not wait
      // for all of it.
      return exportConversations(db(), request.request, timeSliceStepper(50));
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

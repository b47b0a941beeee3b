// Moves the write-ahead log into the database file (a WAL checkpoint) on the reader worker's thread instead of the
// main thread. SQLite's automatic checkpoint runs inside the commit that pushes the WAL past its threshold, on the
// connection that wrote: the main connection, in the middle of persisting a streaming reply. Copying the pages and
// syncing the file there stalled the main event loop by 10-20 ms (bench/responsiveness.ts). A PASSIVE checkpoint
// here never waits for the main connection's locks and never makes it wait: the writer keeps committing to the WAL
// meanwhile, and starts it over from the beginning once a checkpoint has copied all of it.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from '../store';

/**
 * How often the WAL is looked at, and checkpointed if it was written since the last look. A time bound rather than
 * SQLite's size bound (1,000 pages): the WAL file keeps its size once it was restarted, so its size does not say
 * how much is new, and this keeps the syncs to at most one every two seconds while the user chats.
 */
export const CHECKPOINT_INTERVAL_MS = 2000;

export interface CheckpointResult {
  /** WAL frames in the log, and how many of them the checkpoint copied into the database file. */
  log: number;
  checkpointed: number;
}

export class Checkpointer {
  private connection: Db | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The WAL's modification time and size when it was last checkpointed completely. */
  private lastStamp: string | undefined;

  constructor(
    private readonly databaseFile: string,
    private readonly nativeBinding: string | undefined,
  ) {}

  /** Every `intervalMs`: a checkpoint if the WAL was written since the last one. */
  start(intervalMs = CHECKPOINT_INTERVAL_MS): void {
    this.timer ??= setInterval(() => this.checkpointIfWritten(), intervalMs);
    // The worker is unref()ed by its client; this timer must not keep its thread busy either.
    this.timer.unref();
  }

  checkpointIfWritten(): CheckpointResult | null {
    let stamp: string;
    try {
      const stat = fs.statSync(`${this.databaseFile}-wal`);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return null; // No WAL (yet, or after the last connection closed): nothing to copy.
    }
    if (stamp === this.lastStamp) return null;
    const result = this.checkpoint();
    // Only a complete checkpoint settles what was written; otherwise the next look tries again.
    if (result && result.checkpointed >= result.log) this.lastStamp = stamp;
    return result;
  }

  checkpoint(): CheckpointResult | null {
    try {
      // Read-write, but it writes nothing: a checkpoint copies pages the main connection committed.
      this.connection ??= new Database(this.databaseFile, { fileMustExist: true, nativeBinding: this.nativeBinding });
      const [row] = this.connection.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      return row ? { log: row.log, checkpointed: row.checkpointed } : null;
    } catch {
      // The file is being replaced or is gone (the core is closing): the main connection's own checkpoint on close,
      // or the next attempt, takes care of it.
      this.connection?.close();
      this.connection = undefined;
      return null;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.connection?.close();
    this.connection = undefined;
  }
}

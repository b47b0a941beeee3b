// What the core reads through: in the app, two worker threads (WorkerReaders); in one-shot runs (the CLI), the main
// connection itself (InProcessReader): a command that reads once and exits has no event loop to keep responsive, and
// starting a worker (from source, tsx compiling it again) would cost more than the read.
import type { Db } from '../store';
import { pathPage, type PathPage } from '../store/messagesRepo';
import { readSearchResults, type SearchInput, type SearchResult } from '../search/search';
import { exportConversations, type ExportRequest, type ExportSummary } from '../export';
import { requestLabels, type PathInput, type ReaderRequestType } from './protocol';
import { ReaderClosedError } from './errors';

/** What the core asks of its reader, in a worker (ReaderClient) or here (InProcessReader). */
export interface Reader {
  search(input: SearchInput): Promise<SearchResult[]>;
  pathPage(input: PathInput): Promise<PathPage>;
  exportConversations(request: ExportRequest): Promise<ExportSummary>;
  warmUp(): void;
  close(): void;
}

/**
 * The core's reader in the app: searches and pages of messages (interactive: the user waits for them) in one worker,
 * at normal priority, which also checkpoints the WAL; exports (long, in the background) in another, below normal
 * priority, started at the first export.
 */
export class WorkerReaders implements Reader {
  constructor(
    readonly reads: Reader,
    readonly exports: Reader,
  ) {}

  search(input: SearchInput): Promise<SearchResult[]> {
    return this.reads.search(input);
  }

  pathPage(input: PathInput): Promise<PathPage> {
    return this.reads.pathPage(input);
  }

  exportConversations(request: ExportRequest): Promise<ExportSummary> {
    return this.exports.exportConversations(request);
  }

  warmUp(): void {
    this.reads.warmUp();
  }

  close(): void {
    this.reads.close();
    this.exports.close();
  }
}

export class InProcessReader implements Reader {
  private closed = false;

  constructor(private readonly db: Db) {}

  search(input: SearchInput): Promise<SearchResult[]> {
    return this.run('search', () => readSearchResults(this.db, input));
  }

  pathPage(input: PathInput): Promise<PathPage> {
    return this.run('path', async () => pathPage(this.db, input));
  }

  exportConversations(request: ExportRequest): Promise<ExportSummary> {
    return this.run('export', () => exportConversations(this.db, request));
  }

  warmUp(): void {}

  close(): void {
    this.closed = true;
  }

  private run<T>(type: ReaderRequestType, work: () => Promise<T>): Promise<T> {
    return this.closed ? Promise.reject(new ReaderClosedError(requestLabels[type])) : work();
  }
}

// The reader's work on the main connection, for one-shot runs (the CLI): a command that reads once and exits has
// no event loop to keep responsive, and starting a worker (from source, tsx compiling it again) would cost more
// than the read. The app and the e2e harness use the worker (client.ts).
import type { Db } from '../store';
import { pathPage, type PathPage } from '../store/messagesRepo';
import { readSearchResults, type SearchInput, type SearchResult } from '../search/search';
import { exportConversations, type ExportRequest, type ExportSummary } from '../export';
import type { PathInput } from './protocol';
import { ReaderClosedError } from './errors';

/** What the core asks of its reader, in a worker (ReaderClient) or here (InProcessReader). */
export interface Reader {
  search(input: SearchInput): Promise<SearchResult[]>;
  pathPage(input: PathInput): Promise<PathPage>;
  exportConversations(request: ExportRequest): Promise<ExportSummary>;
  warmUp(): void;
  close(): void;
}

export class InProcessReader implements Reader {
  private closed = false;

  constructor(private readonly db: Db) {}

  search(input: SearchInput): Promise<SearchResult[]> {
    return this.run('search', () => readSearchResults(this.db, input));
  }

  pathPage(input: PathInput): Promise<PathPage> {
    return this.run('page of messages', async () => pathPage(this.db, input));
  }

  exportConversations(request: ExportRequest): Promise<ExportSummary> {
    return this.run('export', () => exportConversations(this.db, request));
  }

  warmUp(): void {}

  close(): void {
    this.closed = true;
  }

  private run<T>(what: string, work: () => Promise<T>): Promise<T> {
    return this.closed ? Promise.reject(new ReaderClosedError(what)) : work();
  }
}

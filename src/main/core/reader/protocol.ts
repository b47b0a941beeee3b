// The messages between the main thread (client.ts) and the reader worker (worker.ts). Each side validates what it
// receives: a message crossing a thread is a boundary like any other, and a bug on one side should surface as a
// clear error on the other, not as a wrong answer.
import { z } from 'zod';
import { contract } from '../../../shared/contract';
import { languageSchema } from '../../../shared/domain';
import type { SearchInput, SearchResult } from '../search/search';
import type { ExportRequest, ExportSummary } from '../export';
import type { ErrorData } from './errors';
import type { PathPage } from '../store/messagesRepo';

export interface PathInput {
  conversationId: string;
  leafId?: string | undefined;
  limit: number;
}

/** What the worker is started with (`workerData`). */
export const workerDataSchema = z.object({
  databaseFile: z.string().min(1),
  /** better-sqlite3 binary for this runtime: Electron's main process passes its own ABI's build. */
  nativeBinding: z.string().min(1).optional(),
  /** Checkpoint the WAL from this worker (checkpointer.ts): the one worker of a core that does. */
  checkpoint: z.boolean().optional(),
  /**
   * Run at this nice value (Linux only): the export worker runs below normal priority, so a long export yields the
   * CPU to the main thread and to interactive reads when cores are scarce.
   */
  nice: z.number().int().min(0).max(19).optional(),
});
export type ReaderWorkerData = z.infer<typeof workerDataSchema>;

// Loose on purpose: the API has already checked its input against the contract; these only make sure the worker
// gets the shape its code expects (core.search.search is also called directly by tools and tests).
const searchInputSchema = z
  .object({
    query: z.string(),
    limit: z.number().int().positive().optional(),
    conversationId: z.string().optional(),
    providerId: z.string().optional(),
    model: z.string().optional(),
    from: z.number().optional(),
    to: z.number().optional(),
    includeArchived: z.boolean().optional(),
  })
  .strict() satisfies z.ZodType<SearchInput>;

const exportRequestSchema = z
  .object({
    conversationIds: z.array(z.string()).optional(),
    all: z.boolean().optional(),
    format: z.enum(['json', 'md']),
    path: z.string().min(1),
    includeReasoning: z.boolean().optional(),
    language: languageSchema,
    secrets: z.array(z.string()),
  })
  .strict() satisfies z.ZodType<ExportRequest>;

const pathInputSchema = z
  .object({ conversationId: z.string(), leafId: z.string().optional(), limit: z.number().int().positive() })
  .strict() satisfies z.ZodType<PathInput>;

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ id: z.number().int(), type: z.literal('search'), input: searchInputSchema }),
  z.object({ id: z.number().int(), type: z.literal('path'), input: pathInputSchema }),
  z.object({ id: z.number().int(), type: z.literal('export'), request: exportRequestSchema }),
]);
export type ReaderRequest = z.infer<typeof requestSchema>;
export type ReaderRequestType = ReaderRequest['type'];

/** How errors name each kind of request ("The search did not finish: …"). */
export const requestLabels: Record<ReaderRequestType, string> = { search: 'search', export: 'export', path: 'page of messages' };

const errorDataSchema = z.object({
  name: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
}) satisfies z.ZodType<ErrorData>;

export const responseSchema = z.discriminatedUnion('ok', [
  z.object({ id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: errorDataSchema }),
]);
export type ReaderResponse = z.infer<typeof responseSchema>;

/**
 * A page's shape, checked entry by entry but not field by field: the contract's full message schema costs as much
 * main-thread time as reading the page here did (~2.4 ms for 250 messages), which is what the worker is for. The
 * messages come from the same store code the main thread runs (messagesRepo.toMessage) on the same database.
 */
const pathPageSchema = z.object({
  leafId: z.string().nullable(),
  entries: z.array(z.object({ message: z.looseObject({ id: z.string(), conversationId: z.string() }), siblingIds: z.array(z.string()) })),
  hasMore: z.boolean(),
});

/** What each request answers with, checked on the main side (search and export against the contract's own schemas). */
export const valueSchemas = {
  search: contract['search.query'].output.shape.results,
  export: contract['export.conversations'].output,
  path: pathPageSchema,
} satisfies { search: z.ZodType<SearchResult[]>; export: z.ZodType<ExportSummary>; path: z.ZodType };

export interface ReaderValues {
  search: SearchResult[];
  export: ExportSummary;
  path: PathPage;
}

// The messages between the main thread (client.ts) and the reader worker (worker.ts). Each side validates what it
// receives: a message crossing a thread is a boundary like any other, and a bug on one side should surface as a
// clear error on the other, not as a wrong answer.
import { z } from 'zod';
import { contract } from '../../../shared/contract';
import { languageSchema } from '../../../shared/domain';
import type { SearchInput, SearchResult } from '../search/search';
import type { ExportRequest, ExportSummary } from '../export';
import type { ErrorData } from './errors';

/** What the worker is started with (`workerData`). */
export const workerDataSchema = z.object({
  databaseFile: z.string().min(1),
  /** better-sqlite3 binary for this runtime: Electron's main process passes its own ABI's build. */
  nativeBinding: z.string().min(1).optional(),
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

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ id: z.number().int(), type: z.literal('search'), input: searchInputSchema }),
  z.object({ id: z.number().int(), type: z.literal('export'), request: exportRequestSchema }),
]);
export type ReaderRequest = z.infer<typeof requestSchema>;
export type ReaderRequestType = ReaderRequest['type'];

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

/** What each request answers with, checked on the main side against the contract's own output schemas. */
export const valueSchemas = {
  search: contract['search.query'].output.shape.results,
  export: contract['export.conversations'].output,
} satisfies { search: z.ZodType<SearchResult[]>; export: z.ZodType<ExportSummary> };

export interface ReaderValues {
  search: SearchResult[];
  export: ExportSummary;
}

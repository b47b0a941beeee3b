// Runs a search: brings the index up to date, matches in FTS5, ranks with bm25 (titles weigh more), and builds
// snippets from the original text.
import type { MessagePart, MessageRole } from '../../../shared/domain';
import { timeSliceStepper, type Stepper } from '../timeSlice';
import type { Db } from '../store';
import { parseJson } from '../store/json';
import { docIdRange, scopeToken, searchableText, type SearchIndexer } from './indexer';
import { parseQuery } from './query';
import { snippet, termCounts, type SnippetSegment } from './snippet';

export interface SearchFilters {
  conversationId?: string;
  /** An assistant reply's own provider/model; for user messages and titles, the conversation's. */
  providerId?: string;
  model?: string;
  /** Creation time, ms since the epoch: from inclusive, to exclusive. */
  from?: number;
  to?: number;
  /** Default true: archived conversations are searched too (results say so). */
  includeArchived?: boolean;
}

export interface SearchInput extends SearchFilters {
  query: string;
  limit?: number;
}

export interface SearchResult {
  conversationId: string;
  /** null when the conversation's title matched. */
  messageId: string | null;
  kind: 'message' | 'title';
  role: MessageRole | null;
  conversationTitle: string;
  archived: boolean;
  providerId: string | null;
  model: string | null;
  createdAt: number;
  /** Higher is better (bm25, titles weighted ×4); comparable within one result list only. */
  score: number;
  snippet: SnippetSegment[];
}

export interface SearchOutput {
  results: SearchResult[];
  /** Changes not indexed yet (a large import or a fresh migration being worked through in the background). */
  pendingIndexing: number;
}

/**
 * Ranking, in two regimes, so that a search costs about the same at a thousand messages and at a million:
 *  - up to EXACT_RANK_LIMIT matches (most queries): FTS5's bm25 over all of them (titles weigh TITLE_WEIGHT×).
 *  - more: bm25 would first count every match to weigh the terms (its IDF), which grows with the history
 *    (~20 ms for a common word at 1M messages). Instead the newest COMMON_RANK_WINDOW matches are scored here
 *    with the same formula minus IDF (term frequency, saturated and normalized by length; titles ×4).
 *    FTS5 walks its doclists newest first and stops there, so the cost is bounded.
 */
export const EXACT_RANK_LIMIT = 1000;
export const COMMON_RANK_WINDOW = 500;
/**
 * The most pending changes a search indexes before answering (newest first; ~0.1 s at most). Normally only the
 * few changes since the last background pass are pending; after a migration or a huge import the background
 * works through the rest and the answer reports how much is left.
 */
const MAX_INDEX_ON_READ = 1000;
const TITLE_WEIGHT = 4;
const K1 = 1.2;
const B = 0.75;

interface Doc {
  doc_id: number;
  conversation_id: string;
  message_id: string | null;
  title: string;
  archived: number;
  c_provider: string | null;
  c_model: string | null;
  c_created: number;
  role: MessageRole | null;
  parts: string | null;
  m_provider: string | null;
  m_model: string | null;
  m_created: number | null;
}

const docText = (doc: Doc) => (doc.message_id === null ? doc.title : searchableText(parseJson<MessagePart[]>(doc.parts, [])));

/** The stored text and metadata of the given documents. */
function loadDocs(db: Db, docIds: readonly number[]): Map<number, Doc> {
  const rows = db
    .prepare(
      `SELECT d.doc_id, d.conversation_id, d.message_id, c.title, c.archived, c.provider_id AS c_provider, c.model AS c_model,
              c.created_at AS c_created, m.role, m.parts, m.provider_id AS m_provider, m.model AS m_model, m.created_at AS m_created
       FROM search_docs d JOIN conversations c ON c.id = d.conversation_id LEFT JOIN messages m ON m.id = d.message_id
       WHERE d.doc_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(docIds)) as Doc[];
  return new Map(rows.map((row) => [row.doc_id, row]));
}

/** bm25 without IDF, for the common-query regime: every document here contains every term anyway. */
function scoreByTermFrequency(docs: Array<{ doc: Doc; text: string }>, terms: readonly string[]): Map<number, number> {
  const lengths = docs.map(({ text }) => Math.max(1, Array.from(text).length));
  const average = lengths.reduce((sum, n) => sum + n, 0) / Math.max(1, lengths.length);
  const scores = new Map<number, number>();
  docs.forEach(({ doc, text }, i) => {
    const norm = K1 * (1 - B + (B * lengths[i]!) / average);
    const score = termCounts(text, terms).reduce((sum, tf) => sum + (tf * (K1 + 1)) / (tf + norm), 0);
    scores.set(doc.doc_id, doc.message_id === null ? score * TITLE_WEIGHT : score);
  });
  return scores;
}

/** Documents loaded (and scored) per slice in the common-word regime: a few milliseconds of work each. */
const DOCS_PER_STEP = 100;

/**
 * Both halves of a search on one connection (tests, tools; the core runs the read half in the reader worker).
 * Runs in slices (`stepper`): the common-word regime loads and scores its window a hundred documents at a time, with
 * the event loop turning in between, so a search never holds up a streaming reply for its whole duration.
 */
export async function searchMessages(db: Db, indexer: SearchIndexer, input: SearchInput, stepper: Stepper = timeSliceStepper(4)): Promise<SearchOutput> {
  const pendingIndexing = indexBeforeSearch(indexer);
  await stepper.maybeYield();
  return { results: await readSearchResults(db, input, stepper), pendingIndexing };
}

/**
 * The write half of a search, on the connection that writes: indexes what is pending (read your writes: what was
 * just sent, edited or streamed is findable now) and returns how much is still pending. A read that starts after
 * this returns sees the index up to date, on any connection (WAL: a read sees every commit made before it began).
 */
export function indexBeforeSearch(indexer: SearchIndexer): number {
  indexer.indexPending({ limit: MAX_INDEX_ON_READ, includeStreaming: true });
  return indexer.pendingCount();
}

/** The read half of a search: match, rank, load and snippet. Writes nothing (the reader worker's connection is read-only). */
export async function readSearchResults(db: Db, input: SearchInput, stepper: Stepper = timeSliceStepper(4)): Promise<SearchResult[]> {
  if (!db.open) return [];
  const parsed = parseQuery(input.query);
  if (!parsed.expression) return [];
  const limit = input.limit ?? 20;

  const expression = input.conversationId ? `scope : "${scopeToken(input.conversationId)}" AND ${parsed.expression}` : parsed.expression;
  const [low, high] = docIdRange(input.from ?? 0, input.to === undefined ? Number.MAX_SAFE_INTEGER : input.to - 1);
  const where: string[] = ['search_fts MATCH @expression', 'search_fts.rowid BETWEEN @low AND @high'];
  const joins: string[] = [];
  const params: Record<string, unknown> = { expression, low, high, limit, window: EXACT_RANK_LIMIT + 1 };
  if (input.conversationId) {
    where.push('d.conversation_id = @conversationId');
    params.conversationId = input.conversationId;
  }
  const needsConversation = input.providerId !== undefined || input.model !== undefined || input.includeArchived === false;
  if (needsConversation) joins.push('JOIN conversations c ON c.id = d.conversation_id');
  if (input.providerId !== undefined || input.model !== undefined) joins.push('LEFT JOIN messages m ON m.id = d.message_id');
  if (input.providerId !== undefined) {
    where.push('coalesce(m.provider_id, c.provider_id) = @providerId');
    params.providerId = input.providerId;
  }
  if (input.model !== undefined) {
    where.push('coalesce(m.model, c.model) = @model');
    params.model = input.model;
  }
  if (input.includeArchived === false) where.push('c.archived = 0');
  // Filters meet search_docs and the rest only when they need to.
  const filtered = joins.length > 0 || input.conversationId !== undefined;
  const matches = (columns: string) =>
    `SELECT ${columns} FROM search_fts ${filtered ? `JOIN search_docs d ON d.doc_id = search_fts.rowid ${joins.join(' ')}` : ''}
     WHERE ${where.join(' AND ')} ORDER BY search_fts.rowid DESC LIMIT @window`;

  // The newest matches, one more than the exact-ranking limit: tells which regime this query is in.
  const newest = (db.prepare(matches('search_fts.rowid AS doc_id')).all(params) as Array<{ doc_id: number }>).map((r) => r.doc_id);
  await stepper.maybeYield();
  if (!db.open) return [];
  let ranked: Array<{ docId: number; score: number }>;
  let docs: Map<number, Doc>;
  if (newest.length <= EXACT_RANK_LIMIT) {
    ranked = (
      db
        .prepare(
          `SELECT w.doc_id, w.score * (CASE WHEN t.message_id IS NULL THEN ${TITLE_WEIGHT} ELSE 1 END) AS score
           FROM (${matches(`search_fts.rowid AS doc_id, -bm25(search_fts, 1.0, 0.0) AS score`)}) w
           JOIN search_docs t ON t.doc_id = w.doc_id
           ORDER BY score DESC, w.doc_id DESC LIMIT @limit`,
        )
        .all(params) as Array<{ doc_id: number; score: number }>
    ).map((r) => ({ docId: r.doc_id, score: r.score }));
    docs = loadDocs(db, ranked.map((r) => r.docId));
  } else {
    docs = new Map();
    const window = newest.slice(0, COMMON_RANK_WINDOW);
    const texts: Array<{ doc: Doc; text: string }> = [];
    for (let i = 0; i < window.length; i += DOCS_PER_STEP) {
      await stepper.maybeYield();
      if (!db.open) return [];
      for (const [id, doc] of loadDocs(db, window.slice(i, i + DOCS_PER_STEP))) {
        docs.set(id, doc);
        texts.push({ doc, text: docText(doc) });
      }
    }
    await stepper.maybeYield();
    const scores = scoreByTermFrequency(texts, parsed.highlights);
    ranked = [...scores]
      .map(([docId, score]) => ({ docId, score }))
      .sort((a, b) => b.score - a.score || b.docId - a.docId)
      .slice(0, limit);
  }

  await stepper.maybeYield();
  const results: SearchResult[] = [];
  for (const { docId, score } of ranked) {
    const doc = docs.get(docId);
    if (!doc) continue;
    const isTitle = doc.message_id === null;
    results.push({
      conversationId: doc.conversation_id,
      messageId: doc.message_id,
      kind: isTitle ? 'title' : 'message',
      role: isTitle ? null : doc.role,
      conversationTitle: doc.title,
      archived: doc.archived === 1,
      providerId: doc.m_provider ?? doc.c_provider,
      model: doc.m_model ?? doc.c_model,
      createdAt: doc.m_created ?? doc.c_created,
      score,
      snippet: snippet(docText(doc), parsed.highlights, isTitle ? { maxChars: 200 } : {}),
    });
  }
  return results;
}

// Ctrl/Cmd+K: search every saved conversation. Results are grouped by conversation (in the order of their best
// match); ↑/↓ move, Enter opens the conversation at the message, Esc closes.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formatTime } from '../format';
import { requestFocus } from './focusRequests';
import { queryTerms } from './highlight';
import { SnippetText } from './HighlightedText';
import { dateBounds } from './dateRange';
import { defaultSearchFilters, SearchFilterBar, type SearchFilters } from './SearchFilterBar';
import { closeSearchOverlay, useSearchOverlayOpen } from './searchOverlayState';
import { useSearch, type SearchRequest, type SearchResult } from './useSearch';
import './search.css';

const RESULT_LIMIT = 50;

// Kept while the app runs: reopening the overlay continues the last search.
let remembered: { query: string; filters: SearchFilters } = { query: '', filters: defaultSearchFilters };

export function SearchOverlay() {
  return useSearchOverlayOpen() ? <SearchDialog onClose={closeSearchOverlay} /> : null;
}

interface ResultGroup {
  conversationId: string;
  title: string;
  archived: boolean;
  results: SearchResult[];
}

function groupByConversation(results: readonly SearchResult[]): ResultGroup[] {
  const groups = new Map<string, ResultGroup>();
  for (const result of results) {
    let group = groups.get(result.conversationId);
    if (!group) {
      group = { conversationId: result.conversationId, title: result.conversationTitle, archived: result.archived, results: [] };
      groups.set(result.conversationId, group);
    }
    group.results.push(result);
  }
  return [...groups.values()];
}

function SearchDialog({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState(remembered.query);
  const [filters, setFilters] = useState(remembered.filters);
  // "Last 7 days" counts from when the overlay opened, so the request (and the search) does not change every render.
  const [openedAt] = useState(() => Date.now());
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    remembered = { query, filters };
  }, [query, filters]);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    input.current?.select();
    return () => previous?.focus();
  }, []);

  const request = useMemo<SearchRequest>(
    () => ({
      query,
      limit: RESULT_LIMIT,
      includeArchived: filters.includeArchived,
      ...(filters.providerId ? { providerId: filters.providerId } : {}),
      ...(filters.model ? { model: filters.model } : {}),
      ...dateBounds(filters.date, { from: filters.customFrom, to: filters.customTo }, openedAt),
    }),
    [query, filters, openedAt],
  );
  const { output, error, searching, forKey } = useSearch(request);
  const groups = useMemo(() => groupByConversation(output?.results ?? []), [output]);
  // Keyboard order is screen order: group after group.
  const ordered = useMemo(() => groups.flatMap((group) => group.results), [groups]);

  // Enter pressed while the results on screen are for what was typed before: open the first fresh one.
  const [enterPending, setEnterPending] = useState(false);
  // New results (not a refresh of the same search while indexing): the best one is active.
  useEffect(() => setActive(0), [forKey]);
  useEffect(() => {
    list.current?.querySelector(`[data-result-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const choose = (result: SearchResult) => {
    requestFocus({ conversationId: result.conversationId, messageId: result.kind === 'title' ? null : result.messageId, terms: queryTerms(query) });
    onClose();
    navigate(`/c/${result.conversationId}`);
  };

  useEffect(() => {
    if (!enterPending || searching) return;
    setEnterPending(false);
    if (ordered[0]) choose(ordered[0]);
    // Runs when the fresh results arrive; `choose` is recreated every render and needs no tracking.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enterPending, searching, ordered]);

  // In the query field: arrows move through the results, Enter opens one (not while an IME is composing).
  const onInputKeyDown = (e: KeyboardEvent) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'ArrowDown') setActive((i) => Math.min(ordered.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter' && searching) setEnterPending(true);
    else if (e.key === 'Enter' && ordered[active]) choose(ordered[active]);
    else return;
    e.preventDefault();
  };
  // Anywhere in the dialog; handled here, so Esc does not also stop a streaming reply behind it.
  const onDialogKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    onClose();
  };

  const locale = i18n.language;
  return (
    <div className="modal-backdrop search-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="search-dialog" role="dialog" aria-modal="true" aria-label={t('search.title')} onKeyDown={onDialogKeyDown} data-testid="search-overlay">
        <div className="search-input-row">
          <span className="search-icon" aria-hidden>
            ⌕
          </span>
          <input
            ref={input}
            autoFocus
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setEnterPending(false);
            }}
            onKeyDown={onInputKeyDown}
            placeholder={t('search.placeholder')}
            aria-label={t('search.title')}
            aria-controls="search-results"
            aria-activedescendant={ordered.length ? `search-result-${active}` : undefined}
            maxLength={1000}
            data-testid="search-input"
          />
          {searching && query.trim() && <span className="search-spinner" aria-hidden data-testid="search-busy" />}
          <kbd>Esc</kbd>
        </div>
        <SearchFilterBar value={filters} onChange={setFilters} />
        <div className={`search-results ${searching ? 'stale' : ''}`} id="search-results" role="listbox" ref={list} data-testid="search-results">
          {!query.trim() && <p className="search-empty muted">{t('search.hint')}</p>}
          {error && <p className="search-empty error">{t('errors.generic', { message: error })}</p>}
          {output && ordered.length === 0 && !error && (
            <p className="search-empty muted" data-testid="search-empty">
              {t('search.empty')}
            </p>
          )}
          {groups.map((group) => (
            <section key={group.conversationId} className="search-group" data-testid="search-group">
              <h3 className="search-group-title">
                {group.title || t('sidebar.untitled')}
                {group.archived && <span className="badge">{t('conv.archived')}</span>}
              </h3>
              {group.results.map((result) => {
                const i = ordered.indexOf(result);
                return (
                  <div
                    key={`${result.kind}:${result.messageId ?? result.conversationId}`}
                    id={`search-result-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className={`search-result ${i === active ? 'active' : ''}`}
                    onMouseMove={() => i !== active && setActive(i)}
                    onClick={() => choose(result)}
                    data-result-index={i}
                    data-kind={result.kind}
                    data-testid="search-result"
                  >
                    <div className="search-snippet" data-testid="search-snippet">
                      <SnippetText segments={result.snippet} />
                    </div>
                    <div className="search-meta">
                      <span>{result.kind === 'title' ? t('search.titleMatch') : result.role ? t(`chat.role.${result.role}`) : ''}</span>
                      {result.model && <span>{result.model}</span>}
                      <span>{formatTime(result.createdAt, locale)}</span>
                    </div>
                  </div>
                );
              })}
            </section>
          ))}
        </div>
        <footer className="search-footer">
          {output && output.pendingIndexing > 0 ? (
            <span className="search-indexing" data-testid="search-indexing">
              {t('search.indexing', { count: output.pendingIndexing })}
            </span>
          ) : (
            <span />
          )}
          <span className="muted">{t('search.keys')}</span>
        </footer>
      </div>
    </div>
  );
}

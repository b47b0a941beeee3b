// Ctrl/Cmd+F in an open conversation: a small find bar over the chat. Matches come from search.query limited to
// this conversation, in conversation order; Enter / ↓ goes to the next (newer) one, Shift+Enter / ↑ to the
// previous, each opening its message like a search result does (switching branches if needed). Starts at the newest.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isShortcut } from '../shortcuts';
import { queryTerms } from './highlight';
import { useSearch, type SearchRequest } from './useSearch';
import './search.css';

const MATCH_LIMIT = 200;

interface Props {
  conversationId: string;
  onFocusMessage(messageId: string, terms: readonly string[]): void;
  onClose(): void;
}

export function FindInConversation(props: Props) {
  const [open, setOpen] = useState(false);
  const [openCount, setOpenCount] = useState(0);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!isShortcut(e, 'find')) return;
      e.preventDefault();
      setOpen(true);
      // Pressed again while open: back to the field, text selected.
      setOpenCount((n) => n + 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const { onClose } = props;
  const close = useCallback(() => {
    setOpen(false);
    onClose();
  }, [onClose]);
  return open ? <FindBar {...props} focusSignal={openCount} onClose={close} /> : null;
}

function FindBar({ conversationId, onFocusMessage, onClose, focusSignal }: Props & { focusSignal: number }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(-1);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusSignal]);

  const request = useMemo<SearchRequest>(() => ({ query, conversationId, limit: MATCH_LIMIT, includeArchived: true }), [query, conversationId]);
  const { output, forKey } = useSearch(request);
  const terms = useMemo(() => queryTerms(query), [query]);
  const matches = useMemo(
    () =>
      (output?.results ?? [])
        .filter((r) => r.kind === 'message' && r.messageId !== null)
        .sort((a, b) => a.createdAt - b.createdAt || (a.messageId! < b.messageId! ? -1 : 1))
        .map((r) => r.messageId!),
    [output],
  );

  const latest = useRef({ matches, terms, onFocusMessage });
  latest.current = { matches, terms, onFocusMessage };
  const go = useCallback((index: number) => {
    const { matches: list, terms: words, onFocusMessage: focus } = latest.current;
    if (!list.length) return;
    const wrapped = (index + list.length) % list.length;
    setCurrent(wrapped);
    focus(list[wrapped]!, words);
  }, []);

  // A new search (not a refresh while the index catches up) starts at the newest match.
  const jumpedFor = useRef('');
  useEffect(() => {
    if (!output || jumpedFor.current === forKey) return;
    jumpedFor.current = forKey;
    setCurrent(-1);
    if (latest.current.matches.length) go(latest.current.matches.length - 1);
  }, [output, forKey, go]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter') go(e.shiftKey ? current - 1 : current + 1);
    else if (e.key === 'ArrowDown') go(current + 1);
    else if (e.key === 'ArrowUp') go(current - 1);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };

  const total = matches.length;
  return (
    <div className="find-bar" role="search" data-testid="find-bar">
      <input
        ref={input}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('find.placeholder')}
        aria-label={t('find.placeholder')}
        maxLength={1000}
        data-testid="find-input"
      />
      <span className="find-count muted" aria-live="polite" data-testid="find-count">
        {query.trim() && output ? (total ? t('find.count', { current: current + 1, total: total >= MATCH_LIMIT ? `${MATCH_LIMIT}+` : total }) : t('find.none')) : ''}
      </span>
      <button type="button" className="ghost small" disabled={!total} onClick={() => go(current - 1)} aria-label={t('find.previous')} title={t('find.previous')} data-testid="find-previous">
        ↑
      </button>
      <button type="button" className="ghost small" disabled={!total} onClick={() => go(current + 1)} aria-label={t('find.next')} title={t('find.next')} data-testid="find-next">
        ↓
      </button>
      <button type="button" className="ghost small" onClick={onClose} aria-label={t('common.close')} data-testid="find-close">
        ✕
      </button>
    </div>
  );
}

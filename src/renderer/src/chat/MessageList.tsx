// The active path, virtualized (only the rows near the viewport are in the DOM, measured as they render), and
// stuck to the bottom while a reply grows unless the user scrolled up to read. Older rows arrive above while the
// user reads: the virtualizer keeps the row at the top of the viewport where it is (anchorTo: 'end').
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/domain';
import { MessageRow, type RowActions } from './MessageRow';
import type { MessageFocus } from '../search/useMessageFocus';
import { useScrollToFocus } from '../search/useScrollToFocus';

export interface ListRow {
  message: Message;
  siblingIndex: number;
  siblingCount: number;
}

const BOTTOM_SLACK_PX = 48;
/** Rows from the top of the loaded path within which the pane hurries to load older ones. */
const NEAR_TOP_ROWS = 20;
const OVERSCAN_ROWS = 6;
const ESTIMATED_ROW_PX = 140;

interface Props {
  rows: ListRow[];
  actions: RowActions;
  conversationId: string;
  focus?: MessageFocus | null;
  /** Whether the viewport is near the first loaded row (older rows are wanted soon). */
  onAtTop?(atTop: boolean): void;
}

export function MessageList({ rows, actions, conversationId, focus, onAtTop }: Props) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const [showJump, setShowJump] = useState(false);

  // The first frame renders only the rows on screen (a reply's Markdown is the costly part of opening a
  // conversation); the rows just outside it, for smooth scrolling, follow once the browser is idle.
  const [overscan, setOverscan] = useState(0);
  useEffect(() => {
    const idle = requestIdleCallback(() => setOverscan(OVERSCAN_ROWS), { timeout: 500 });
    return () => cancelIdleCallback(idle);
  }, []);

  // Stable while the rows are: a new getItemKey makes the virtualizer recompute the offsets of all 10,000 rows
  // (calling it for each), and the list renders on every frame a streaming row grows.
  const getItemKey = useCallback((index: number) => rows[index]?.message.id ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    // Start at the end, where the list opens: starting at the top would mount the first rows of the tail, only to
    // replace them with the last ones in the same frame.
    initialOffset: () => Math.max(0, rows.length * ESTIMATED_ROW_PX - window.innerHeight),
    overscan,
    getItemKey,
    anchorTo: 'end',
  });

  const toBottom = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  // A newly opened conversation starts at its end; rows are measured over the next frames, so follow them.
  useLayoutEffect(() => {
    stuck.current = true;
    setShowJump(false);
    if (rows.length) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId]);

  const totalSize = virtualizer.getTotalSize();
  useEffect(() => {
    if (stuck.current) toBottom();
  }, [totalSize, rows.length, toBottom]);

  // The streaming row grows without changing the row count: keep the end in view while stuck.
  useEffect(() => {
    const el = scrollRef.current?.firstElementChild;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (stuck.current) toBottom();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [toBottom]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
    stuck.current = distance <= BOTTOM_SLACK_PX;
    setShowJump(!stuck.current);
  };

  // A message opened from search or find: scroll to it (no longer following the end), flash it briefly.
  const flashId = useScrollToFocus({ focus, rows, virtualizer, scrollElement: scrollRef, onScrolled: onScroll });

  const items = virtualizer.getVirtualItems();
  const atTop = items.length > 0 && items[0]!.index < NEAR_TOP_ROWS;
  useEffect(() => onAtTop?.(atTop), [atTop, onAtTop]);
  return (
    <div className="message-list-wrap">
    <div className="message-scroll" ref={scrollRef} onScroll={onScroll} data-testid="message-list">
      <div className="message-canvas" style={{ height: totalSize }}>
        {items.map((item) => {
          const row = rows[item.index]!;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className={flashId === row.message.id ? 'message-slot search-flash' : 'message-slot'}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <MessageRow
                message={row.message}
                siblingIndex={row.siblingIndex}
                siblingCount={row.siblingCount}
                actions={actions}
                highlight={focus && focus.messageId === row.message.id ? focus.terms : undefined}
              />
            </div>
          );
        })}
      </div>
    </div>
      {showJump && (
        <button
          type="button"
          className="jump-to-bottom"
          onClick={() => {
            stuck.current = true;
            setShowJump(false);
            virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
            requestAnimationFrame(toBottom);
          }}
          data-testid="jump-to-bottom"
        >
          ↓ {t('chat.jumpToBottom')}
        </button>
      )}
    </div>
  );
}

// Scrolls the virtualized list to the focused message and keeps at it until it holds still: rows far from the
// viewport have estimated heights, and each one measured on the way shifts the target, so one scrollToIndex is
// not enough. Gives up when the user scrolls, or after ~1.5 s. Returns the row to flash briefly.
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import type { MessageFocus } from './useMessageFocus';

const MAX_FRAMES = 90;
const STILL_FRAMES = 3;
const FLASH_MS = 1600;

interface Options {
  focus: MessageFocus | null | undefined;
  rows: ReadonlyArray<{ message: { id: string } }>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  scrollElement: RefObject<HTMLDivElement | null>;
  /** Called right after each programmatic scroll, so the list re-judges whether it is at the end (and follows it). */
  onScrolled(): void;
}

export function useScrollToFocus({ focus, rows, virtualizer, scrollElement, onScrolled }: Options): string | null {
  const [flashId, setFlashId] = useState<string | null>(null);
  const settled = useRef<number | null>(null);
  const scrolled = useRef(onScrolled);
  scrolled.current = onScrolled;

  // -1 until the message is on the rendered path (the pane may still be switching branches).
  const index = useMemo(() => {
    if (!focus) return -1;
    return focus.messageId === null ? (rows.length ? 0 : -1) : rows.findIndex((row) => row.message.id === focus.messageId);
  }, [focus, rows]);

  useEffect(() => {
    const el = scrollElement.current;
    if (!focus || index < 0 || !el || settled.current === focus.nonce) return;
    const align = focus.messageId === null ? 'start' : 'center';
    let frames = 0;
    let still = 0;
    let lastTop = Number.NaN;
    let raf = 0;
    const finish = () => {
      settled.current = focus.nonce;
      cancelAnimationFrame(raf);
    };
    const step = () => {
      // Synchronous: the list's "follow the end" check right after sees the new position, before any
      // measurement-driven jump to the bottom can happen.
      virtualizer.scrollToIndex(index, { align });
      scrolled.current();
      raf = requestAnimationFrame(() => {
        const rendered = el.querySelector(`[data-index="${index}"]`) !== null;
        still = rendered && Math.abs(el.scrollTop - lastTop) < 1 ? still + 1 : 0;
        lastTop = el.scrollTop;
        if (still >= STILL_FRAMES || ++frames > MAX_FRAMES) finish();
        else step();
      });
    };
    // The user takes over: leave the scroll position to them.
    el.addEventListener('wheel', finish, { passive: true });
    el.addEventListener('pointerdown', finish);
    step();
    if (focus.messageId !== null) setFlashId(focus.messageId);
    return () => {
      cancelAnimationFrame(raf);
      el.removeEventListener('wheel', finish);
      el.removeEventListener('pointerdown', finish);
    };
  }, [focus, index, virtualizer, scrollElement]);

  useEffect(() => {
    if (!flashId) return;
    const timer = setTimeout(() => setFlashId(null), FLASH_MS);
    return () => clearTimeout(timer);
  }, [flashId, focus?.nonce]);

  return flashId;
}

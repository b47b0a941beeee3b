// Whether the search overlay is open: one tiny store, so the shortcut (App) and the sidebar's button can open it.
import { useSyncExternalStore } from 'react';

let open = false;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function openSearchOverlay(): void {
  if (open) return;
  open = true;
  emit();
}

export function closeSearchOverlay(): void {
  if (!open) return;
  open = false;
  emit();
}

export function useSearchOverlayOpen(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => open,
  );
}

// The keyboard shortcuts, in one list so Settings can show exactly what the app listens to.
export type ShortcutId = 'send' | 'newline' | 'stop' | 'newChat' | 'settings' | 'presets' | 'search' | 'find';

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

export const shortcutList: Array<{ id: ShortcutId; keys: string }> = [
  { id: 'send', keys: 'Enter' },
  { id: 'newline', keys: 'Shift+Enter' },
  { id: 'stop', keys: 'Esc' },
  { id: 'newChat', keys: `${mod}+N` },
  { id: 'settings', keys: `${mod}+,` },
  { id: 'presets', keys: `${mod}+Shift+P` },
  { id: 'search', keys: `${mod}+K` },
  { id: 'find', keys: `${mod}+F` },
];

export function isShortcut(e: KeyboardEvent, id: 'newChat' | 'settings' | 'presets' | 'search' | 'find'): boolean {
  const modifier = isMac ? e.metaKey : e.ctrlKey;
  if (!modifier || e.altKey) return false;
  switch (id) {
    case 'newChat':
      return !e.shiftKey && e.key.toLowerCase() === 'n';
    case 'settings':
      return !e.shiftKey && e.key === ',';
    case 'presets':
      return e.shiftKey && e.key.toLowerCase() === 'p';
    case 'search':
      return !e.shiftKey && e.key.toLowerCase() === 'k';
    case 'find':
      return !e.shiftKey && e.key.toLowerCase() === 'f';
  }
}

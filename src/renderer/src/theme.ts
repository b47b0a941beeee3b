import type { Theme } from '../../shared/domain';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

export function resolvedTheme(theme: Theme): 'light' | 'dark' {
  if (theme === 'system') return darkQuery().matches ? 'dark' : 'light';
  return theme;
}

/** Applies the theme now and, for "system", follows the OS while it stays selected. Returns a cleanup. */
export function applyTheme(theme: Theme): () => void {
  const set = () => {
    document.documentElement.dataset.theme = resolvedTheme(theme);
  };
  set();
  if (theme !== 'system') return () => {};
  const query = darkQuery();
  query.addEventListener('change', set);
  return () => query.removeEventListener('change', set);
}

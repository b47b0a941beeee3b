import type { Preset } from '../../../shared/domain';

/** The user's own presets first (newest first), then the built-in ones with the general assistant leading. */
export function orderPresets(presets: Preset[]): Preset[] {
  const rank = (p: Preset) => (p.builtin ? (p.id === 'builtin-general' ? 1 : 2) : 0);
  return [...presets].sort((a, b) => rank(a) - rank(b) || (a.builtin ? a.name.localeCompare(b.name, 'zh-CN') : b.createdAt - a.createdAt));
}

// The search overlay's filters: provider, model, date range, archived conversations.
import { useTranslation } from 'react-i18next';
import { useProviders } from '../state/providers';
import { datePresets, type DatePreset } from './dateRange';

export interface SearchFilters {
  providerId: string;
  model: string;
  date: DatePreset;
  customFrom: string;
  customTo: string;
  includeArchived: boolean;
}

export const defaultSearchFilters: SearchFilters = { providerId: '', model: '', date: 'any', customFrom: '', customTo: '', includeArchived: true };

export function SearchFilterBar({ value, onChange }: { value: SearchFilters; onChange(next: SearchFilters): void }) {
  const { t } = useTranslation();
  const { providers } = useProviders();
  const known = (providers ?? []).map((p) => p.provider);
  const modelSources = value.providerId ? known.filter((p) => p.id === value.providerId) : known;
  const set = (patch: Partial<SearchFilters>) => onChange({ ...value, ...patch });

  return (
    <div className="search-filters" data-testid="search-filters">
      <select
        aria-label={t('search.provider')}
        value={value.providerId}
        // A model belongs to its provider: picking another provider clears it.
        onChange={(e) => set({ providerId: e.target.value, model: '' })}
        data-testid="search-provider"
      >
        <option value="">{t('search.anyProvider')}</option>
        {known.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <select aria-label={t('search.model')} value={value.model} onChange={(e) => set({ model: e.target.value })} data-testid="search-model">
        <option value="">{t('search.anyModel')}</option>
        {modelSources.map((p) => (
          <optgroup key={p.id} label={p.name}>
            {p.models.map((m) => (
              <option key={`${p.id}/${m.id}`} value={m.id}>
                {m.label ?? m.id}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <select aria-label={t('search.date')} value={value.date} onChange={(e) => set({ date: e.target.value as DatePreset })} data-testid="search-date">
        {datePresets.map((preset) => (
          <option key={preset} value={preset}>
            {t(`search.dates.${preset}`)}
          </option>
        ))}
      </select>
      {value.date === 'custom' && (
        <span className="search-date-range">
          <input type="date" aria-label={t('search.from')} value={value.customFrom} max={value.customTo || undefined} onChange={(e) => set({ customFrom: e.target.value })} data-testid="search-from" />
          <span aria-hidden>–</span>
          <input type="date" aria-label={t('search.to')} value={value.customTo} min={value.customFrom || undefined} onChange={(e) => set({ customTo: e.target.value })} data-testid="search-to" />
        </span>
      )}
      <label className="search-archived">
        <input type="checkbox" checked={value.includeArchived} onChange={(e) => set({ includeArchived: e.target.checked })} data-testid="search-include-archived" />
        {t('search.includeArchived')}
      </label>
    </div>
  );
}

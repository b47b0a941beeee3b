// Every model of every enabled provider in one searchable list; a model id the list does not know can be typed.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelInfo } from '../../../shared/domain';
import { formatYuan } from '../format';
import { useProviders } from '../state/providers';

export interface ModelChoice {
  providerId: string;
  model: string;
}

function priceOf(model: ModelInfo, t: (key: string, options?: Record<string, unknown>) => string): string | null {
  if (model.pricePer1kTokens !== undefined) return t('models.per1k', { price: formatYuan(model.pricePer1kTokens) });
  if (model.pricePerSecond !== undefined) return t('models.perSecond', { price: formatYuan(model.pricePerSecond) });
  return null;
}

export function ModelPicker({
  providerId,
  model,
  onPick,
  testId = 'model-picker',
  emptyLabel,
}: {
  providerId: string | null;
  model: string | null;
  onPick(choice: ModelChoice): void;
  testId?: string;
  /** Shown instead of a provider when nothing is chosen yet (a preset without a default model). */
  emptyLabel?: string;
}) {
  const { t } = useTranslation();
  const { providers } = useProviders();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const current = providers?.find((p) => p.provider.id === providerId) ?? providers?.find((p) => p.provider.enabled);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const groups = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (providers ?? [])
      .filter((p) => p.provider.enabled)
      .map((p) => ({
        state: p,
        models: p.provider.models.filter(
          (m) => !needle || m.id.toLowerCase().includes(needle) || (m.label ?? '').toLowerCase().includes(needle) || p.provider.name.toLowerCase().includes(needle),
        ),
      }))
      .filter((g) => g.models.length > 0 || !needle);
  }, [providers, filter]);

  const pick = (choice: ModelChoice) => {
    onPick(choice);
    setOpen(false);
    setFilter('');
  };
  const typed = filter.trim();

  return (
    <div className="model-picker" ref={box}>
      <button type="button" className="model-button" onClick={() => setOpen(!open)} aria-expanded={open} data-testid={testId}>
        {emptyLabel && !providerId && !model ? (
          <span className="model-name">{emptyLabel}</span>
        ) : (
          <>
            <span className="model-provider">{current?.provider.name ?? t('models.none')}</span>
            <span className="model-name">{model ?? t('models.default')}</span>
          </>
        )}
        <span className="chevron">▾</span>
      </button>
      {open && (
        <div className="model-menu" role="listbox" data-testid="model-menu">
          <input autoFocus className="model-filter" placeholder={t('models.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="model-filter" />
          <div className="model-groups">
            {groups.map(({ state, models }) => (
              <section key={state.provider.id}>
                <h4>
                  {state.provider.name}
                  {!state.configured && <span className="badge warn">{t('models.noKey')}</span>}
                </h4>
                {models.map((m) => {
                  const selected = state.provider.id === current?.provider.id && m.id === model;
                  const price = priceOf(m, t);
                  return (
                    <button
                      type="button"
                      role="option"
                      aria-selected={selected}
                      key={m.id}
                      className={`model-option ${selected ? 'selected' : ''}`}
                      onClick={() => pick({ providerId: state.provider.id, model: m.id })}
                      data-testid="model-option"
                      data-provider={state.provider.id}
                      data-model={m.id}
                      title={m.note}
                    >
                      <span className="model-id">{m.id}</span>
                      {m.label && m.label !== m.id && <span className="muted">{m.label}</span>}
                      <span className="model-meta">
                        {m.vision && <span className="badge">{t('models.vision')}</span>}
                        {m.contextTokens && <span className="badge">{Math.round(m.contextTokens / 1024)}K</span>}
                        {price && <span className="badge">{price}</span>}
                      </span>
                    </button>
                  );
                })}
                {typed && !models.some((m) => m.id === typed) && (
                  <button type="button" className="model-option custom" onClick={() => pick({ providerId: state.provider.id, model: typed })} data-testid="model-custom">
                    {t('models.useTyped', { model: typed, provider: state.provider.name })}
                  </button>
                )}
              </section>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

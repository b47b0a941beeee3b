// Presets: the built-in ones and the user's own (create, edit, duplicate, delete); a new chat starts from one
// and keeps its own copy of the prompt, model and parameters.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { ChatParams, Preset } from '../../../shared/domain';
import { api } from '../api';
import { ModelPicker } from '../chat/ModelPicker';
import { ParamsFields } from '../chat/ParamsFields';
import { defaultTarget, useProviders } from '../state/providers';
import { useToast } from '../state/toast';
import { orderPresets } from './order';

interface Draft {
  id: string | null;
  builtin: boolean;
  name: string;
  emoji: string;
  systemPrompt: string;
  providerId: string | null;
  model: string | null;
  params: ChatParams;
}

const emptyDraft: Draft = { id: null, builtin: false, name: '', emoji: '✨', systemPrompt: '', providerId: null, model: null, params: {} };

export function PresetsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const { providers } = useProviders();
  const [presets, setPresets] = useState<Preset[] | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);

  const load = useCallback(() => void api.presets.list().then((list) => setPresets(orderPresets(list))), []);
  useEffect(load, [load]);
  const fail = (e: unknown) => toast.show((e as Error).message, { tone: 'error', durationMs: 6000 });

  const start = async (preset: Preset) => {
    try {
      const conversation = await api.conversations.create({ presetId: preset.id, ...(preset.providerId ? {} : defaultTarget(providers)) });
      navigate(`/c/${conversation.id}`);
    } catch (e) {
      fail(e);
    }
  };
  const duplicate = async (preset: Preset) => {
    try {
      const copy = await api.presets.duplicate({ id: preset.id, name: t('presets.copyName', { name: preset.name }).slice(0, 100) });
      load();
      setDraft({ ...copy, id: copy.id });
    } catch (e) {
      fail(e);
    }
  };
  const remove = async (preset: Preset) => {
    try {
      await api.presets.delete({ id: preset.id });
      toast.show(t('presets.deleted', { name: preset.name }));
      load();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <section className="presets-page page" data-testid="presets-page">
      <header className="page-header">
        <h1>{t('presets.title')}</h1>
        <button type="button" className="primary" onClick={() => setDraft({ ...emptyDraft })} data-testid="preset-new">
          ＋ {t('presets.new')}
        </button>
      </header>
      <p className="muted">{t('presets.intro')}</p>
      <div className="preset-grid">
        {presets?.map((preset) => (
          <article key={preset.id} className="preset-card" data-testid="preset-card" data-preset={preset.id}>
            <div className="preset-head">
              <span className="emoji">{preset.emoji || '💬'}</span>
              <h3 data-testid="preset-name">{preset.name}</h3>
              {preset.builtin && <span className="badge">{t('presets.builtin')}</span>}
            </div>
            <p className="preset-prompt">{preset.systemPrompt || t('presets.noPrompt')}</p>
            <p className="muted small">
              {preset.model ? `${providers?.find((p) => p.provider.id === preset.providerId)?.provider.name ?? preset.providerId ?? ''} · ${preset.model}` : t('presets.anyModel')}
            </p>
            <div className="preset-actions">
              <button type="button" className="primary small" onClick={() => void start(preset)} data-testid="preset-use">
                {t('presets.use')}
              </button>
              <button type="button" className="small" onClick={() => setDraft({ ...preset })} data-testid="preset-edit">
                {t('presets.edit')}
              </button>
              <button type="button" className="small" onClick={() => void duplicate(preset)} data-testid="preset-duplicate">
                {t('presets.duplicate')}
              </button>
              {!preset.builtin && (
                <button type="button" className="small danger-outline" onClick={() => void remove(preset)} data-testid="preset-delete">
                  {t('presets.delete')}
                </button>
              )}
            </div>
          </article>
        ))}
      </div>
      {draft && (
        <PresetEditor
          draft={draft}
          onCancel={() => setDraft(null)}
          onSaved={() => {
            setDraft(null);
            load();
          }}
          onError={fail}
        />
      )}
    </section>
  );
}

function PresetEditor({ draft: initial, onCancel, onSaved, onError }: { draft: Draft; onCancel(): void; onSaved(): void; onError(e: unknown): void }) {
  const { t } = useTranslation();
  const { providers } = useProviders();
  const [draft, setDraft] = useState(initial);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const protocol = providers?.find((p) => p.provider.id === draft.providerId)?.provider.protocol ?? 'openai';

  const save = async () => {
    const common = { providerId: draft.providerId, model: draft.model, params: draft.params };
    try {
      if (!draft.id) await api.presets.create({ name: draft.name.trim(), emoji: draft.emoji, systemPrompt: draft.systemPrompt, ...common });
      else if (draft.builtin) await api.presets.update({ id: draft.id, ...common });
      else await api.presets.update({ id: draft.id, name: draft.name.trim(), emoji: draft.emoji, systemPrompt: draft.systemPrompt, ...common });
      onSaved();
    } catch (e) {
      onError(e);
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={t('presets.editorTitle')} data-testid="preset-editor">
        <h2>{draft.id ? t('presets.editorTitle') : t('presets.new')}</h2>
        {draft.builtin && <p className="notice">{t('presets.builtinNote')}</p>}
        <div className="form-grid">
          <label htmlFor="preset-emoji">{t('presets.emoji')}</label>
          <input id="preset-emoji" className="emoji-input" maxLength={16} value={draft.emoji} disabled={draft.builtin} onChange={(e) => set('emoji', e.target.value)} data-testid="preset-emoji" />
          <label htmlFor="preset-name">{t('presets.name')}</label>
          <input id="preset-name" maxLength={100} value={draft.name} disabled={draft.builtin} onChange={(e) => set('name', e.target.value)} data-testid="preset-name-input" />
          <label htmlFor="preset-prompt">{t('params.systemPrompt')}</label>
          <textarea id="preset-prompt" rows={6} value={draft.systemPrompt} disabled={draft.builtin} onChange={(e) => set('systemPrompt', e.target.value)} data-testid="preset-prompt" />
          <span>{t('presets.defaultModel')}</span>
          <div className="row">
            <ModelPicker providerId={draft.providerId} model={draft.model} testId="preset-model" emptyLabel={t('presets.anyModel')} onPick={({ providerId, model }) => setDraft((d) => ({ ...d, providerId, model }))} />
            {draft.model && (
              <button type="button" className="ghost small" onClick={() => setDraft((d) => ({ ...d, providerId: null, model: null }))}>
                {t('presets.clearModel')}
              </button>
            )}
          </div>
        </div>
        <details className="preset-params">
          <summary>{t('params.title')}</summary>
          <ParamsFields protocol={protocol} params={draft.params} onChange={(params) => set('params', params)} />
        </details>
        <div className="form-actions">
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" disabled={!draft.name.trim()} onClick={() => void save()} data-testid="preset-save">
            {t('common.save')}
          </button>
        </div>
      </div>
    </div>
  );
}

// The conversation's own system prompt and parameters (a preset is only where they started).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatParams, Conversation } from '../../../shared/domain';
import { api } from '../api';
import { useProviders } from '../state/providers';
import { ParamsFields } from './ParamsFields';

const SAVE_DELAY_MS = 350;

export function ParamsPanel({ conversation, onSaved, onClose }: { conversation: Conversation; onSaved(c: Conversation): void; onClose(): void }) {
  const { t } = useTranslation();
  const { providers } = useProviders();
  const [systemPrompt, setSystemPrompt] = useState(conversation.systemPrompt);
  const [params, setParams] = useState<ChatParams>(conversation.params);
  const [state, setState] = useState<'saved' | 'saving' | 'error'>('saved');
  const pending = useRef<{ systemPrompt?: string; params?: ChatParams } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const provider = providers?.find((p) => p.provider.id === conversation.providerId)?.provider ?? providers?.find((p) => p.provider.enabled)?.provider;
  const protocol = provider?.protocol ?? 'openai';

  const flush = useRef(async () => {});
  flush.current = async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const patch = pending.current;
    pending.current = null;
    if (!patch) return;
    try {
      onSaved(await api.conversations.update({ id: conversation.id, ...patch }));
      setState('saved');
    } catch {
      setState('error');
    }
  };
  const schedule = (patch: { systemPrompt?: string; params?: ChatParams }) => {
    pending.current = { ...pending.current, ...patch };
    setState('saving');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush.current(), SAVE_DELAY_MS);
  };
  // Closing the panel or leaving the conversation still saves the last edit.
  useEffect(() => () => void flush.current(), []);

  return (
    <aside className="params-panel" data-testid="params-panel" aria-label={t('params.title')}>
      <header>
        <h3>{t('params.title')}</h3>
        <span className={`save-state ${state}`} data-testid="params-save-state" data-state={state}>
          {t(`params.saveState.${state}`)}
        </span>
        <button type="button" className="ghost" onClick={onClose} aria-label={t('common.close')} data-testid="params-close">
          ✕
        </button>
      </header>
      <div className="params-scroll">
        <div className="param-field">
          <label htmlFor="system-prompt">{t('params.systemPrompt')}</label>
          <textarea
            id="system-prompt"
            rows={6}
            value={systemPrompt}
            placeholder={t('params.systemPromptPlaceholder')}
            onChange={(e) => {
              setSystemPrompt(e.target.value);
              schedule({ systemPrompt: e.target.value });
            }}
            data-testid="system-prompt"
          />
        </div>
        <ParamsFields
          protocol={protocol}
          params={params}
          onChange={(next) => {
            setParams(next);
            schedule({ params: next });
          }}
        />
      </div>
    </aside>
  );
}

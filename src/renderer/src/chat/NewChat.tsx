// The start page: write a first message, or start from a preset. The conversation is created on send.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Preset } from '../../../shared/domain';
import { api } from '../api';
import { defaultTarget, rememberTarget, useProviders } from '../state/providers';
import { useToast } from '../state/toast';
import { orderPresets } from '../presets/order';
import { Composer } from './Composer';
import { ModelPicker } from './ModelPicker';

export function NewChat() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const { providers } = useProviders();
  const [presets, setPresets] = useState<Preset[]>([]);
  const [target, setTarget] = useState<{ providerId?: string; model?: string }>({});

  useEffect(() => {
    void api.presets.list().then((list) => setPresets(orderPresets(list)));
  }, []);
  useEffect(() => setTarget(defaultTarget(providers)), [providers]);

  const startFromPreset = async (preset: Preset) => {
    const conversation = await api.conversations.create({ presetId: preset.id, ...(preset.providerId ? {} : target) });
    navigate(`/c/${conversation.id}`);
  };

  const send = async (text: string) => {
    try {
      const conversation = await api.conversations.create(target);
      await api.chat.send({ conversationId: conversation.id, text });
      navigate(`/c/${conversation.id}`);
      return true;
    } catch (e) {
      toast.show((e as Error).message, { tone: 'error', durationMs: 6000 });
      return false;
    }
  };

  return (
    <section className="new-chat" data-testid="chat-empty">
      <div className="new-chat-inner">
        <div className="hero">
          <div className="hero-mark" aria-hidden>
            桥
          </div>
          <h1>{t('chat.emptyTitle')}</h1>
          <p className="muted">{t('chat.newChatHint')}</p>
          <ModelPicker
            providerId={target.providerId ?? null}
            model={target.model ?? null}
            testId="new-chat-model"
            onPick={({ providerId, model }) => {
              rememberTarget(providerId, model);
              setTarget({ providerId, model });
            }}
          />
        </div>
        <div className="preset-strip" data-testid="preset-strip">
          {presets.slice(0, 8).map((preset) => (
            <button type="button" key={preset.id} className="preset-chip" onClick={() => void startFromPreset(preset)} data-testid="preset-start" data-preset={preset.id} title={preset.systemPrompt}>
              <span className="emoji">{preset.emoji || '💬'}</span>
              <span>{preset.name}</span>
            </button>
          ))}
        </div>
      </div>
      <div className="new-chat-composer">
        <Composer draftKey="__new__" streaming={false} onSend={send} onStop={() => undefined} />
      </div>
    </section>
  );
}

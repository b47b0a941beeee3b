// The start page: write a first message, or start from a preset. The conversation is created on send.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Preset } from '../../../shared/domain';
import { api } from '../api';
import { defaultTarget, rememberTarget, useProviders } from '../state/providers';
import { useToast } from '../state/toast';
import { orderPresets } from '../presets/order';
import { Composer, type ComposerHandle, type OutgoingMessage, type SendOutcome } from './Composer';
import { chatSendInput, isVisionConflict } from '../attachments/outgoing';
import { DropOverlay, useImageDrop } from '../attachments/useImageDrop';
import { ModelPicker } from './ModelPicker';

export function NewChat() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const { providers } = useProviders();
  const [presets, setPresets] = useState<Preset[]>([]);
  const [target, setTarget] = useState<{ providerId?: string; model?: string }>({});
  const composer = useRef<ComposerHandle>(null);
  const drop = useImageDrop((files) => composer.current?.addFiles(files));

  useEffect(() => {
    void api.presets.list().then((list) => setPresets(orderPresets(list)));
  }, []);
  useEffect(() => setTarget(defaultTarget(providers)), [providers]);

  const startFromPreset = async (preset: Preset) => {
    const conversation = await api.conversations.create({ presetId: preset.id, ...(preset.providerId ? {} : target) });
    navigate(`/c/${conversation.id}`);
  };

  const send = async (message: OutgoingMessage): Promise<SendOutcome> => {
    try {
      const conversation = await api.conversations.create(target);
      await api.chat.send(chatSendInput(conversation.id, message));
      navigate(`/c/${conversation.id}`);
      return true;
    } catch (e) {
      if (isVisionConflict(e, message)) return 'vision-conflict';
      toast.show((e as Error).message, { tone: 'error', durationMs: 6000 });
      return false;
    }
  };

  return (
    <section className="new-chat" data-testid="chat-empty" {...drop.props}>
      {drop.active && <DropOverlay />}
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
        <Composer
          ref={composer}
          draftKey="__new__"
          streaming={false}
          target={target}
          onSend={send}
          onStop={() => undefined}
          onSwitchModel={(providerId, model) => setTarget({ providerId, model })}
        />
      </div>
    </section>
  );
}

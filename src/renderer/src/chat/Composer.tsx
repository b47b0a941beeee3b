// Enter sends, Shift+Enter adds a line (an IME composition's Enter is left alone), Esc stops the reply.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const drafts = new Map<string, string>();

export interface ComposerHandle {
  focus(): void;
}

interface ComposerProps {
  /** Drafts are kept per conversation while the app runs. */
  draftKey: string;
  streaming: boolean;
  disabled?: boolean;
  onSend(text: string): Promise<boolean> | boolean;
  onStop(): void;
}

export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer({ draftKey, streaming, disabled, onSend, onStop }, ref) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => drafts.get(draftKey) ?? '');
  const area = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  useEffect(() => {
    setText(drafts.get(draftKey) ?? '');
    area.current?.focus();
  }, [draftKey]);

  // Grow with the text up to a limit, then scroll.
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [text]);

  const update = (value: string) => {
    setText(value);
    drafts.set(draftKey, value);
  };

  const send = async () => {
    if (streaming || disabled || !text.trim()) return;
    const sent = text;
    update('');
    if (!(await onSend(sent))) update(sent);
  };

  return (
    <div className="composer" data-testid="composer">
      <textarea
        ref={area}
        rows={1}
        value={text}
        placeholder={t('chat.composerPlaceholder')}
        onChange={(e) => update(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing && e.keyCode !== 229) {
            e.preventDefault();
            void send();
          } else if (e.key === 'Escape' && streaming) {
            e.preventDefault();
            onStop();
          }
        }}
        data-testid="composer-input"
        aria-label={t('chat.composerLabel')}
      />
      {streaming ? (
        <button type="button" className="stop-button" onClick={onStop} data-testid="stop-button" title="Esc">
          ■ {t('chat.stop')}
        </button>
      ) : (
        <button type="button" className="primary send-button" disabled={disabled || !text.trim()} onClick={() => void send()} data-testid="send-button" title="Enter">
          {t('chat.send')}
        </button>
      )}
    </div>
  );
});

// Enter sends, Shift+Enter adds a line (an IME composition's Enter is left alone), Esc stops the reply.
// Images come from the attach button (the native dialog in Electron, else a file input), a paste, or a drop on
// the pane (the parent hands those to `addFiles`). Before images go to a model known not to see them, an
// inline offer proposes a vision model of the same provider, or sending anyway.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImagePart } from '../../../shared/domain';
import { ComposerAttachments } from '../attachments/ComposerAttachments';
import { filesOf, IMAGE_ACCEPT } from '../attachments/files';
import type { PendingImage } from '../attachments/pendingImages';
import { useImageAttachments } from '../attachments/useImageAttachments';
import { useVisionCheck, type VisionTarget } from '../attachments/useVisionCheck';
import { VisionOffer } from '../attachments/VisionOffer';

const drafts = new Map<string, string>();

export interface ComposerHandle {
  focus(): void;
  /** Files dropped on the pane around the composer. */
  addFiles(files: File[]): void;
}

export interface OutgoingMessage {
  text: string;
  images: ImagePart[];
  /** The user chose to send the images to a model known not to see them. */
  allowNonVision: boolean;
}

/** true: sent; false: not sent (the parent said why); 'vision-conflict': the core refused images for this model. */
export type SendOutcome = boolean | 'vision-conflict';

interface ComposerProps {
  /** Drafts (text and images) are kept per conversation while the app runs. */
  draftKey: string;
  streaming: boolean;
  disabled?: boolean;
  /** Where the message goes, for the vision check. */
  target: VisionTarget;
  onSend(message: OutgoingMessage): Promise<SendOutcome> | SendOutcome;
  onStop(): void;
  /** Switches the target to another model (the vision offer). */
  onSwitchModel(providerId: string, model: string): Promise<void> | void;
}

export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer({ draftKey, streaming, disabled, target, onSend, onStop, onSwitchModel }, ref) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => drafts.get(draftKey) ?? '');
  const [sending, setSending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const attachments = useImageAttachments(draftKey);
  const ready = attachments.images.flatMap((image) => (image.status === 'ready' ? [image.part] : []));
  const ingesting = attachments.images.some((image) => image.status === 'ingesting');
  const vision = useVisionCheck(target, ready.length > 0);
  const { addFiles } = attachments;
  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus(), addFiles }), [addFiles]);

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

  const hasContent = text.trim().length > 0 || ready.length > 0;
  const canSend = !streaming && !disabled && !sending && !ingesting && hasContent;

  const send = async (allowNonVision = false) => {
    if (!canSend) return;
    setSending(true);
    try {
      // Asked again at the moment of sending: the model may have changed since the offer was last checked.
      if (ready.length && !allowNonVision && (await vision.recheck())) return;
      const sentText = text;
      const sentImages: readonly PendingImage[] = attachments.images;
      update('');
      attachments.set([]);
      const outcome = await onSend({ text: sentText, images: ready, allowNonVision });
      if (outcome === true) return;
      update(sentText);
      attachments.set(sentImages);
      if (outcome === 'vision-conflict') await vision.showRefusal();
    } finally {
      setSending(false);
    }
  };

  const switchModel = async (providerId: string, model: string) => {
    setSending(true);
    try {
      await onSwitchModel(providerId, model);
      vision.dismiss();
    } finally {
      setSending(false);
      area.current?.focus();
    }
  };

  const attach = () => {
    if (attachments.native) void attachments.pick();
    else fileInput.current?.click();
  };

  return (
    <div className="composer" data-testid="composer">
      {vision.blind && ready.length > 0 && <VisionOffer check={vision.blind} busy={sending} onSwitch={(p, m) => void switchModel(p, m)} onSendAnyway={() => void send(true)} />}
      <ComposerAttachments images={attachments.images} onRemove={attachments.remove} />
      <div className="composer-row">
        <button
          type="button"
          className="ghost attach-button"
          onClick={attach}
          disabled={disabled || attachments.picking}
          aria-busy={attachments.picking}
          title={t('attach.addHint')}
          aria-label={t('attach.add')}
          data-testid="attach-button"
        >
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
            <rect x="3" y="4" width="18" height="16" rx="3" />
            <circle cx="9" cy="10" r="1.8" />
            <path d="m21 16-5-5-9 9" />
          </svg>
        </button>
        <input
          ref={fileInput}
          type="file"
          accept={IMAGE_ACCEPT}
          multiple
          hidden
          onChange={(e) => {
            addFiles(Array.from(e.target.files ?? []));
            // The same file can be chosen again after it was removed.
            e.target.value = '';
          }}
          data-testid="attach-input"
        />
        <textarea
          ref={area}
          rows={1}
          value={text}
          placeholder={t('chat.composerPlaceholder')}
          onChange={(e) => update(e.target.value)}
          onPaste={(e) => {
            const files = filesOf(e.clipboardData);
            if (!files.length) return;
            e.preventDefault();
            addFiles(files);
          }}
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
          <button type="button" className="primary send-button" disabled={!canSend} onClick={() => void send()} data-testid="send-button" title="Enter" aria-busy={ingesting || sending}>
            {t('chat.send')}
          </button>
        )}
      </div>
    </div>
  );
});

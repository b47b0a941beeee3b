// One message of the active path. Rows are memoized: a delta re-renders only the streaming row (it follows its
// own live reply through useLiveReply), never the rest of the history.
import { memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Message } from '../../../shared/domain';
import { describeProviderError } from '../../../shared/i18n/providerErrors';
import { imagePartsOf, MessageImages } from '../attachments/MessageImages';
import { Markdown } from '../markdown/Markdown';
import { HighlightedText } from '../search/HighlightedText';
import { useLiveReply } from '../state/live';
import { LogprobsView } from './LogprobsView';
import { ReasoningBlock } from './ReasoningBlock';
import { ReplyStats } from './ReplyStats';
import { reasoningOf, textOf } from './tree';

export interface RowActions {
  switchSibling(message: Message, step: -1 | 1): void;
  regenerate(message: Message): void;
  editAndResend(message: Message, text: string): void;
  stop(message: Message): void;
  continueReply(message: Message): void;
  remove(message: Message): void;
  copy(text: string): void;
  openProviderSettings(providerId: string | null): void;
  openParams(): void;
}

export interface RowProps {
  message: Message;
  siblingIndex: number;
  siblingCount: number;
  actions: RowActions;
  /** Searched words to mark in this message (it was opened from search or find). */
  highlight?: readonly string[] | undefined;
}

export const MessageRow = memo(function MessageRow(props: RowProps) {
  return props.message.role === 'user' ? <UserMessage {...props} /> : <AssistantMessage {...props} />;
});

/** Mounted only for a message with several versions: every component calling useTranslation costs its row's first render. */
function SiblingSwitcher({ message, siblingIndex, siblingCount, actions }: RowProps) {
  const { t } = useTranslation();
  return (
    <span className="sibling-switcher" data-testid="sibling-switcher">
      <button type="button" className="ghost small" disabled={siblingIndex === 0} onClick={() => actions.switchSibling(message, -1)} aria-label={t('msg.previousVersion')} data-testid="sibling-prev">
        ‹
      </button>
      <span data-testid="sibling-count">
        {siblingIndex + 1}/{siblingCount}
      </span>
      <button type="button" className="ghost small" disabled={siblingIndex === siblingCount - 1} onClick={() => actions.switchSibling(message, 1)} aria-label={t('msg.nextVersion')} data-testid="sibling-next">
        ›
      </button>
    </span>
  );
}

/** A delete button that asks once more on the same spot instead of opening a dialog. */
/** Takes its labels from the row (no useTranslation of its own, see SiblingSwitcher). */
function DeleteButton({ onConfirm, t }: { onConfirm: () => void; t: TFunction }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 3000);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <button type="button" className={`ghost small ${armed ? 'danger' : ''}`} onClick={() => (armed ? onConfirm() : setArmed(true))} data-testid="delete-message">
      {armed ? t('msg.confirmDelete') : t('msg.delete')}
    </button>
  );
}

function UserMessage(props: RowProps) {
  const { message, actions } = props;
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const text = textOf(message);
  const [draft, setDraft] = useState(text);
  const images = imagePartsOf(message.parts);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (editing) area.current?.focus();
  }, [editing]);

  const submit = () => {
    if (!draft.trim()) return;
    setEditing(false);
    actions.editAndResend(message, draft);
  };

  return (
    <article className="message message-user" data-testid="message" data-role="user" data-message-id={message.id}>
      {editing ? (
        <div className="edit-box">
          {images.length > 0 && (
            <>
              <MessageImages images={images} />
              <p className="edit-note">{t('attach.resendNote', { count: images.length })}</p>
            </>
          )}
          <textarea
            ref={area}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                submit();
              } else if (e.key === 'Escape') setEditing(false);
            }}
            rows={Math.min(12, Math.max(2, draft.split('\n').length))}
            data-testid="edit-input"
          />
          <div className="edit-actions">
            <button type="button" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="primary" onClick={submit} data-testid="edit-submit">
              {t('msg.saveAndSend')}
            </button>
          </div>
        </div>
      ) : (
        <div className="bubble">
          {images.length > 0 && <MessageImages images={images} />}
          {(text || images.length === 0) && (
            <div className="user-text" data-testid="message-text">
              <HighlightedText text={text} terms={props.highlight} />
            </div>
          )}
        </div>
      )}
      {!editing && (
        <div className="message-actions">
          {props.siblingCount > 1 && <SiblingSwitcher {...props} />}
          <button type="button" className="ghost small" onClick={() => actions.copy(text)} data-testid="copy-message">
            {t('msg.copy')}
          </button>
          <button
            type="button"
            className="ghost small"
            onClick={() => {
              setDraft(text);
              setEditing(true);
            }}
            data-testid="edit-message"
          >
            {t('msg.edit')}
          </button>
          <DeleteButton onConfirm={() => actions.remove(message)} t={t} />
        </div>
      )}
    </article>
  );
}

function AssistantMessage(props: RowProps) {
  const { message, actions } = props;
  const { t, i18n } = useTranslation();
  const live = useLiveReply(message.id);
  const [showLogprobs, setShowLogprobs] = useState(false);
  const useLive = live !== undefined && live.anchored;
  const status = live?.status ?? message.status;
  const streaming = status === 'streaming';
  const text = useLive ? live.text : textOf(message);
  const stored = reasoningOf(message);
  const reasoning = useLive ? live.reasoning : stored.text;
  const error = (live && live.status !== 'streaming' ? live.error : null) ?? message.error;
  const usage = (live && live.status !== 'streaming' ? live.usage : null) ?? message.usage;
  const thinking = streaming && reasoning.length > 0 && text.length === 0;
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const cut = !streaming && message.status === 'done' && message.finishReason === 'length';

  return (
    <article className={`message message-assistant status-${status}`} data-testid="message" data-role="assistant" data-status={status} data-message-id={message.id}>
      <div className="assistant-avatar" aria-hidden>
        桥
      </div>
      <div className="assistant-body">
        {reasoning && <ReasoningBlock text={reasoning} durationMs={stored.durationMs} thinking={thinking} />}
        {text ? (
          <div data-testid="message-text">
            <Markdown text={text} highlight={props.highlight} streaming={streaming} growing={useLive ? live.growing : undefined} />
          </div>
        ) : (
          streaming && !reasoning && <div className="typing" data-testid="typing"><span /><span /><span /></div>
        )}
        {streaming && text && <span className="caret" aria-hidden />}
        {error && status === 'error' && (
          <div className="reply-error" role="alert" data-testid="reply-error" data-code={error.code}>
            <strong>{t('msg.errorTitle', { status: error.status ? ` ${error.status}` : '' })}</strong>
            <p>{describeProviderError(error.code, lang)}</p>
            {error.message && <details><summary>{t('msg.errorDetails')}</summary><code>{error.message}</code></details>}
            <div className="reply-error-actions">
              {(error.code === 'unauthorized' || error.code === 'forbidden') && (
                <button type="button" className="primary small" onClick={() => actions.openProviderSettings(message.providerId)} data-testid="error-open-settings">
                  {t('msg.openSettings')}
                </button>
              )}
              {error.code === 'bad_request' && (
                <button type="button" className="small" onClick={actions.openParams} data-testid="error-open-params">
                  {t('msg.checkParams')}
                </button>
              )}
              <button type="button" className="small" onClick={() => actions.regenerate(message)} data-testid="error-retry">
                {t('msg.retry')}
              </button>
            </div>
          </div>
        )}
        {status === 'interrupted' && <div className="muted small" data-testid="interrupted">{t('msg.interrupted')}</div>}
        {cut && (
          <div className="cut-notice" data-testid="cut-notice">
            <span>{t('msg.cutByLength')}</span>
            <button type="button" className="primary small" onClick={() => actions.continueReply(message)} data-testid="continue-reply">
              {t('msg.continue')}
            </button>
          </div>
        )}
        {showLogprobs && message.logprobs && <LogprobsView tokens={message.logprobs} />}
        <div className="message-actions">
          {props.siblingCount > 1 && <SiblingSwitcher {...props} />}
          {streaming ? (
            <button type="button" className="ghost small" onClick={() => actions.stop(message)} data-testid="stop-reply">
              {t('msg.stop')}
            </button>
          ) : (
            <>
              <button type="button" className="ghost small" onClick={() => actions.copy(text)} data-testid="copy-message">
                {t('msg.copy')}
              </button>
              <button type="button" className="ghost small" onClick={() => actions.regenerate(message)} data-testid="regenerate">
                {t('msg.regenerate')}
              </button>
              {message.logprobs && message.logprobs.length > 0 && (
                <button type="button" className="ghost small" aria-pressed={showLogprobs} onClick={() => setShowLogprobs(!showLogprobs)} data-testid="toggle-logprobs">
                  {t('msg.logprobs')}
                </button>
              )}
              <DeleteButton onConfirm={() => actions.remove(message)} t={t} />
            </>
          )}
          {/* A failed request has no reply to measure: only the model is worth showing. */}
          {!streaming && <ReplyStats message={message} usage={status === 'error' ? null : usage} />}
        </div>
      </div>
    </article>
  );
}

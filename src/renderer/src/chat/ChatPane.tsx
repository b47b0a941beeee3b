// The open conversation: header (title, model, parameters), the virtualized active path, the composer.
// Structure changes (send, regenerate, edit, delete, sibling switch) reload the tree; text arrives through
// LiveReplies; a finished reply is fetched once from the store.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { Conversation, Message } from '../../../shared/domain';
import { ApiError } from '../../../shared/apiError';
import { api } from '../api';
import { copyText } from '../clipboard';
import { liveReplies } from '../state/live';
import { rememberTarget } from '../state/providers';
import { useToast } from '../state/toast';
import { Composer, type ComposerHandle, type OutgoingMessage, type SendOutcome } from './Composer';
import { chatSendInput, isVisionConflict } from '../attachments/outgoing';
import { DropOverlay, useImageDrop } from '../attachments/useImageDrop';
import { MessageList, type ListRow } from './MessageList';
import { ModelPicker } from './ModelPicker';
import type { RowActions } from './MessageRow';
import { ParamsPanel } from './ParamsPanel';
import { FindInConversation } from '../search/FindInConversation';
import { useMessageFocus } from '../search/useMessageFocus';
import { activePath, buildTree, newestLeaf, reasoningOf, siblingsOf, textOf } from './tree';

export function ChatPane() {
  const { conversationId } = useParams();
  // A fresh pane per conversation: no state leaks from one to the next.
  return conversationId ? <OpenConversation key={conversationId} conversationId={conversationId} /> : null;
}

function OpenConversation({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [streamingIds, setStreamingIds] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [paramsOpen, setParamsOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const composer = useRef<ComposerHandle>(null);
  const drop = useImageDrop((files) => composer.current?.addFiles(files));

  const showError = useCallback((e: unknown) => toast.show(e instanceof Error ? e.message : String(e), { tone: 'error', durationMs: 6000 }), [toast]);

  const load = useCallback(async () => {
    try {
      const [c, list] = await Promise.all([api.conversations.get({ id: conversationId }), api.messages.list({ conversationId })]);
      const streaming = list.filter((m) => m.status === 'streaming');
      for (const m of streaming) liveReplies.adopt(m.id, textOf(m), reasoningOf(m).text);
      setConversation(c);
      // Unchanged messages keep their identity, so their memoized rows do not render again.
      setMessages((previous) => {
        const known = new Map(previous?.map((m) => [m.id, m]));
        return list.map((m) => {
          const old = known.get(m.id);
          return old && old.updatedAt === m.updatedAt && old.status === m.status ? old : m;
        });
      });
      setStreamingIds(new Set(streaming.map((m) => m.id)));
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'not_found' ? t('chat.notFound') : String((e as Error).message));
    }
  }, [conversationId, t]);

  const messagesRef = useRef(messages);
  messagesRef.current = messages;

  useEffect(() => {
    void load();
    const offStatus = api.on('chat.status', (s) => {
      if (s.conversationId !== conversationId) return;
      const known = messagesRef.current?.find((m) => m.id === s.messageId);
      if (s.status === 'streaming') {
        setStreamingIds((ids) => new Set(ids).add(s.messageId));
        if (known) liveReplies.adopt(known.id, textOf(known), reasoningOf(known).text);
        else void load();
        return;
      }
      setStreamingIds((ids) => {
        const next = new Set(ids);
        next.delete(s.messageId);
        return next;
      });
      void api.messages.get({ id: s.messageId }).then((final) => {
        setMessages((list) => list && list.map((m) => (m.id === final.id ? final : m)));
        liveReplies.release(final.id);
      });
    });
    const offChanged = api.on('conversations.changed', (c) => {
      if (c.conversationId !== conversationId) return;
      void api.conversations.get({ id: conversationId }).then(
        (fresh) => {
          setConversation(fresh);
          // A leaf we do not know yet means new messages (from another face, or a turn just started).
          if (fresh.activeLeafId && !messagesRef.current?.some((m) => m.id === fresh.activeLeafId)) void load();
        },
        () => undefined,
      );
    });
    return () => {
      offStatus();
      offChanged();
    };
  }, [conversationId, load]);

  const tree = useMemo(() => buildTree(messages ?? []), [messages]);
  const path = useMemo(() => activePath(tree, conversation?.activeLeafId ?? null), [tree, conversation?.activeLeafId]);
  // Opened from search (or the find bar): the message to bring on screen, highlighted.
  const { focus, focusMessage, clearFocus } = useMessageFocus({ conversationId, conversation, messages, tree, path, onConversation: setConversation, onError: showError });
  const rows = useMemo<ListRow[]>(
    () =>
      path.map((message) => {
        const siblings = siblingsOf(tree, message);
        return { message, siblingIndex: Math.max(0, siblings.findIndex((s) => s.id === message.id)), siblingCount: siblings.length };
      }),
    [path, tree],
  );
  const streamingOnPath = path.filter((m) => streamingIds.has(m.id));

  // Row actions read the latest state through refs so the object stays the same and rows stay memoized.
  const state = useRef({ tree, conversation });
  state.current = { tree, conversation };
  const actions = useMemo<RowActions>(
    () => ({
      switchSibling: (message, step) => {
        const { tree: current } = state.current;
        const siblings = siblingsOf(current, message);
        const target = siblings[siblings.findIndex((s) => s.id === message.id) + step];
        if (!target) return;
        api.conversations.setActiveLeaf({ id: conversationId, leafId: newestLeaf(current, target.id) }).then(setConversation, showError);
      },
      regenerate: (message) => {
        api.chat.regenerate({ messageId: message.id }).then(() => load(), showError);
      },
      editAndResend: (message, text) => {
        api.chat.editAndResend({ messageId: message.id, text }).then(() => load(), showError);
      },
      stop: (message) => {
        void api.chat.stop({ messageId: message.id }).catch(showError);
      },
      continueReply: (message) => {
        api.chat.continue({ messageId: message.id }).then(() => undefined, showError);
      },
      remove: (message) => {
        api.messages.delete({ id: message.id }).then(() => load(), showError);
      },
      copy: (text) => {
        void copyText(text).then(() => toast.show(t('msg.copied')));
      },
      openProviderSettings: (providerId) => navigate(providerId ? `/settings?provider=${encodeURIComponent(providerId)}` : '/settings'),
      openParams: () => setParamsOpen(true),
    }),
    [conversationId, load, navigate, showError, t, toast],
  );

  const stopAll = useCallback(() => {
    for (const m of streamingOnPath) void api.chat.stop({ messageId: m.id });
  }, [streamingOnPath]);

  useEffect(() => {
    if (!streamingOnPath.length) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) stopAll();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [streamingOnPath.length, stopAll]);

  const send = async (message: OutgoingMessage): Promise<SendOutcome> => {
    try {
      await api.chat.send(chatSendInput(conversationId, message));
      await load();
      return true;
    } catch (e) {
      if (isVisionConflict(e, message)) return 'vision-conflict';
      showError(e);
      return false;
    }
  };

  if (error) {
    return (
      <section className="chat-pane" data-testid="chat-pane">
        <p className="error pad">{t('errors.generic', { message: error })}</p>
      </section>
    );
  }

  return (
    <section className="chat-pane" data-testid="chat-pane" {...drop.props}>
      {drop.active && <DropOverlay />}
      <header className="chat-header">
        {renaming && conversation ? (
          <TitleEditor
            title={conversation.title}
            onDone={(title) => {
              setRenaming(false);
              if (title && title !== conversation.title) api.conversations.rename({ id: conversation.id, title }).then(setConversation, showError);
            }}
          />
        ) : (
          <h2 className="chat-title" title={t('conv.renameHint')} onDoubleClick={() => setRenaming(true)} data-testid="chat-title">
            {conversation ? conversation.title || t('sidebar.untitled') : ''}
          </h2>
        )}
        <div className="chat-header-tools">
          {conversation && (
            <ModelPicker
              providerId={conversation.providerId}
              model={conversation.model}
              onPick={({ providerId, model }) => {
                rememberTarget(providerId, model);
                api.conversations.update({ id: conversation.id, providerId, model }).then(setConversation, showError);
              }}
            />
          )}
          <button type="button" className={`ghost ${paramsOpen ? 'active' : ''}`} onClick={() => setParamsOpen(!paramsOpen)} aria-pressed={paramsOpen} data-testid="params-toggle">
            ⚙ {t('params.button')}
          </button>
        </div>
      </header>
      <div className="chat-body">
        <div className="chat-main">
          {messages && rows.length === 0 && (
            <div className="chat-placeholder">
              {conversation?.systemPrompt && <p className="muted system-preview">{conversation.systemPrompt}</p>}
              <p className="muted">{t('chat.noMessages')}</p>
            </div>
          )}
          <FindInConversation conversationId={conversationId} onFocusMessage={focusMessage} onClose={clearFocus} />
          {rows.length > 0 && <MessageList rows={rows} actions={actions} conversationId={conversationId} focus={focus} />}
          <Composer
            ref={composer}
            draftKey={conversationId}
            streaming={streamingOnPath.length > 0}
            disabled={!conversation}
            target={{ conversationId, providerId: conversation?.providerId, model: conversation?.model }}
            onSend={send}
            onStop={stopAll}
            onSwitchModel={(providerId, model) => api.conversations.update({ id: conversationId, providerId, model }).then(setConversation, showError)}
          />
        </div>
        {paramsOpen && conversation && <ParamsPanel conversation={conversation} onSaved={setConversation} onClose={() => setParamsOpen(false)} />}
      </div>
    </section>
  );
}

function TitleEditor({ title, onDone }: { title: string; onDone(title: string): void }) {
  const [value, setValue] = useState(title);
  return (
    <input
      className="title-input"
      autoFocus
      value={value}
      maxLength={200}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => onDone(value.trim())}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.nativeEvent.isComposing) onDone(value.trim());
        if (e.key === 'Escape') onDone(title);
      }}
      data-testid="title-input"
    />
  );
}

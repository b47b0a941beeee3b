// The open conversation: header (title, model, parameters), the virtualized active path, the composer.
// Opens with the tail of the active path and loads older pages in the background (walking up from the first
// shown message), so a 10,000-message conversation paints at once. A turn, a version switch, an edit or a
// deletion refetches only the short tail that changed; text arrives through LiveReplies; a finished reply is
// fetched once from the store. Fetched copies and status events meet in one reducer (conversationState.ts).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
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
import { reasoningOf, textOf } from './tree';
import { ConversationStore, shownPath, siblingPosition, type PathEntry } from './conversationState';
import { conversationOpening } from './conversationOpening';

/** Messages fetched after a turn, a version switch, an edit or a deletion: what changes sits at the end. */
const REFRESH_TAIL = 8;
/** Older messages per background page: each page is a short task in this renderer and in main. */
const OLDER_PAGE = 250;
/** Per page while the user waits for them (at the top of the list, or a search hit not shown yet). */
const OLDER_PAGE_URGENT = 1000;
/** Pause between background pages, so a streaming reply keeps its frames. */
const OLDER_PAGE_GAP_MS = 60;

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
  const [store] = useState(() => new ConversationStore());
  const state = useSyncExternalStore(store.subscribe, store.get);
  const [error, setError] = useState<string | null>(null);
  const [paramsOpen, setParamsOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [atTop, setAtTop] = useState(false);
  const composer = useRef<ComposerHandle>(null);
  const drop = useImageDrop((files) => composer.current?.addFiles(files));

  const showError = useCallback((e: unknown) => toast.show(e instanceof Error ? e.message : String(e), { tone: 'error', durationMs: 6000 }), [toast]);

  /** After fetched copies went through the reducer: streaming replies anchor their live text, finished ones drop it. */
  const settleLive = useCallback(
    (fetched: readonly Message[]) => {
      const { byId } = store.get();
      for (const m of fetched) {
        const kept = byId.get(m.id);
        if (!kept) continue;
        if (kept.status === 'streaming') liveReplies.adopt(kept.id, textOf(kept), reasoningOf(kept).text);
        else if (m.status !== 'streaming' && kept.updatedAt <= m.updatedAt) liveReplies.release(m.id);
      }
    },
    [store],
  );

  const applyPath = useCallback(
    (entries: readonly PathEntry[], tail: { leafId: string | null } | null) => {
      store.dispatch(tail ? { type: 'path', entries, tail: true, leafId: tail.leafId } : { type: 'path', entries, tail: false });
      settleLive(entries.map((e) => e.message));
    },
    [store, settleLive],
  );

  // The tail of the active path, one fetch at a time (a request made meanwhile runs once more after it). It
  // keeps walking up until it meets a message already shown, so the list never shrinks to the new tail.
  const refreshing = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });
  const refreshTail = useCallback(async () => {
    const flag = refreshing.current;
    if (flag.running) {
      flag.again = true;
      return;
    }
    flag.running = true;
    try {
      do {
        flag.again = false;
        const opening = store.get().leafId === undefined;
        // Opening: the fetch the sidebar started on the click, when there is one.
        const [c, tail] = await (opening
          ? conversationOpening.take(conversationId)
          : Promise.all([api.conversations.get({ id: conversationId }), api.messages.path({ conversationId, limit: REFRESH_TAIL })]));
        const entries = [...tail.entries];
        for (let pages = 0; !opening && pages < 2; pages++) {
          const above = entries[0]?.message.parentId;
          if (!above || store.get().byId.has(above)) break;
          entries.unshift(...(await api.messages.path({ conversationId, leafId: above, limit: OLDER_PAGE })).entries);
        }
        setConversation(c);
        applyPath(entries, { leafId: tail.leafId });
      } while (flag.again);
    } catch (e) {
      if (store.get().leafId === undefined) setError(e instanceof ApiError && e.code === 'not_found' ? t('chat.notFound') : String((e as Error).message));
      else showError(e);
    } finally {
      flag.running = false;
    }
  }, [conversationId, store, applyPath, showError, t]);

  useEffect(() => {
    void refreshTail();
    const offStatus = api.on('chat.status', (s) => {
      if (s.conversationId !== conversationId) return;
      const next = store.dispatch({ type: 'status', messageId: s.messageId, status: s.status });
      const known = next.byId.get(s.messageId);
      if (s.status === 'streaming') {
        if (known) liveReplies.adopt(known.id, textOf(known), reasoningOf(known).text);
        else void refreshTail();
        return;
      }
      void api.messages.get({ id: s.messageId }).then(
        (final) => {
          store.dispatch({ type: 'message', message: final });
          settleLive([final]);
        },
        () => undefined,
      );
    });
    const offChanged = api.on('conversations.changed', (c) => {
      if (c.conversationId === conversationId) void refreshTail();
    });
    return () => {
      offStatus();
      offChanged();
    };
  }, [conversationId, store, refreshTail, settleLive]);

  const shown = useMemo(() => shownPath(state), [state]);
  const path = shown.messages;
  const loaded = state.leafId !== undefined;
  // Opened from search (or the find bar): the message to bring on screen, highlighted.
  const { focus, focusMessage, clearFocus } = useMessageFocus({
    conversationId,
    ready: conversation !== null && loaded,
    path,
    onConversation: setConversation,
    onPathMoved: refreshTail,
    onError: showError,
  });
  const rows = useMemo<ListRow[]>(
    () =>
      path.map((message) => {
        const { index, count } = siblingPosition(state, message);
        return { message, siblingIndex: index, siblingCount: count };
      }),
    [path, state],
  );
  // The focused message (or, for a title match, the first message) is not loaded yet: load faster, scroll later.
  const focusWaiting = focus != null && (focus.messageId === null ? shown.olderCursor !== null : !path.some((m) => m.id === focus.messageId));

  // Older pages, one after another up to the root: quickly while someone waits for them, else with a pause.
  const olderCursor = shown.olderCursor;
  const urgent = atTop || focusWaiting;
  // While a focused message is shown, rows arriving above could land while the list is still scrolling to it
  // (the virtualizer keeps its place only between its own scroll commands): wait until the user heads up.
  const paused = focus != null && !focusWaiting && !atTop;
  useEffect(() => {
    if (!olderCursor || paused) return;
    const timer = setTimeout(
      () => {
        api.messages.path({ conversationId, leafId: olderCursor, limit: urgent ? OLDER_PAGE_URGENT : OLDER_PAGE }).then(
          (page) => applyPath(page.entries, null),
          // Gone meanwhile (deleted from another face): the next tail refresh shows where the path is now.
          () => undefined,
        );
      },
      urgent ? 0 : OLDER_PAGE_GAP_MS,
    );
    return () => clearTimeout(timer);
  }, [conversationId, olderCursor, urgent, paused, applyPath]);

  const streamingOnPath = path.filter((m) => m.status === 'streaming');

  // Row actions read the latest state through the store so the object stays the same and rows stay memoized.
  const actions = useMemo<RowActions>(
    () => ({
      switchSibling: (message, step) => {
        const { index, ids } = siblingPosition(store.get(), message);
        const target = ids[index + step];
        if (!target) return;
        api.conversations.showMessage({ id: conversationId, messageId: target }).then((c) => {
          setConversation(c);
          return refreshTail();
        }, showError);
      },
      regenerate: (message) => {
        api.chat.regenerate({ messageId: message.id }).then(() => refreshTail(), showError);
      },
      editAndResend: (message, text) => {
        api.chat.editAndResend({ messageId: message.id, text }).then(() => refreshTail(), showError);
      },
      stop: (message) => {
        void api.chat.stop({ messageId: message.id }).catch(showError);
      },
      continueReply: (message) => {
        api.chat.continue({ messageId: message.id }).then(() => undefined, showError);
      },
      remove: (message) => {
        api.messages.delete({ id: message.id }).then(({ conversation: c }) => {
          store.dispatch({ type: 'removed', messageId: message.id });
          setConversation(c);
          return refreshTail();
        }, showError);
      },
      copy: (text) => {
        void copyText(text).then(() => toast.show(t('msg.copied')));
      },
      openProviderSettings: (providerId) => navigate(providerId ? `/settings?provider=${encodeURIComponent(providerId)}` : '/settings'),
      openParams: () => setParamsOpen(true),
    }),
    [conversationId, store, refreshTail, navigate, showError, t, toast],
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
      await refreshTail();
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
          {loaded && rows.length === 0 && (
            <div className="chat-placeholder">
              {conversation?.systemPrompt && <p className="muted system-preview">{conversation.systemPrompt}</p>}
              <p className="muted">{t('chat.noMessages')}</p>
            </div>
          )}
          <FindInConversation conversationId={conversationId} onFocusMessage={focusMessage} onClose={clearFocus} />
          {rows.length > 0 && <MessageList rows={rows} actions={actions} conversationId={conversationId} focus={focusWaiting ? null : focus} onAtTop={setAtTop} />}
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

import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useMatch, useNavigate, type NavigateFunction } from 'react-router-dom';
import type { Conversation } from '../../../shared/domain';
import { api } from '../api';
import { conversationOpening } from '../chat/conversationOpening';
import { groupConversations } from '../dateGroups';
import { useToast } from '../state/toast';
import { useNativeDialogs } from '../dataTransfer/useNativeDialogs';
import { useTransfers } from '../dataTransfer/useTransfers';
import { keepUnchanged } from '../state/keepUnchanged';
import { openSearchOverlay } from '../search/searchOverlayState';
import { shortcutList } from '../shortcuts';

const UNDO_MS = 5000;

export function Sidebar() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const openMatch = useMatch('/c/:conversationId');
  const openId = openMatch?.params.conversationId;
  const [conversations, setConversations] = useState<Conversation[] | null>(null);
  const [archived, setArchived] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [streaming, setStreaming] = useState<Map<string, number>>(new Map());
  // Deleted but still undoable: hidden here, removed from the store when the undo window closes.
  const [pendingDelete, setPendingDelete] = useState<ReadonlySet<string>>(new Set());
  const pendingRef = useRef(new Map<string, () => void>());

  const load = useCallback(() => {
    api.conversations.list({ includeArchived: archived, limit: 2000 }).then(
      (list) => {
        setConversations((previous) => keepUnchanged(previous, archived ? list.filter((c) => c.archived) : list));
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [archived]);

  useEffect(() => {
    load();
    return api.on('conversations.changed', load);
  }, [load]);

  // A dot on conversations with a reply still streaming (it keeps going while the user is elsewhere).
  useEffect(
    () =>
      api.on('chat.status', (s) =>
        setStreaming((current) => {
          const next = new Map(current);
          const n = (next.get(s.conversationId) ?? 0) + (s.status === 'streaming' ? 1 : -1);
          if (n > 0) next.set(s.conversationId, n);
          else next.delete(s.conversationId);
          return next;
        }),
      ),
    [],
  );

  // Leaving the app inside the undo window still deletes.
  useEffect(() => {
    const commitAll = () => {
      for (const commit of pendingRef.current.values()) commit();
    };
    window.addEventListener('beforeunload', commitAll);
    return () => window.removeEventListener('beforeunload', commitAll);
  }, []);

  const newChat = () => navigate('/');

  // The items get stable callbacks that read the latest of these, so a navigation re-renders only the two items
  // whose active state changed, not the whole list (that re-render held back opening a conversation).
  const latest = useRef<{ navigate: NavigateFunction; openId: string | undefined; remove(conversation: Conversation): void } | null>(null);
  // Like a router link, clicking the open conversation replaces the history entry instead of adding one.
  const open = useCallback((id: string) => {
    if (!latest.current) return;
    // The pane's first fetch starts now, not once the router and the pane have rendered.
    if (id !== latest.current.openId) conversationOpening.prefetch(id);
    latest.current.navigate(`/c/${id}`, { replace: id === latest.current.openId });
  }, []);
  const onDelete = useCallback((conversation: Conversation) => latest.current?.remove(conversation), []);

  const remove = (conversation: Conversation) => {
    const id = conversation.id;
    const commit = () => {
      pendingRef.current.delete(id);
      void api.conversations.delete({ id }).finally(() => {
        setPendingDelete((set) => {
          const next = new Set(set);
          next.delete(id);
          return next;
        });
      });
    };
    pendingRef.current.set(id, commit);
    setPendingDelete((set) => new Set(set).add(id));
    if (openId === id) navigate('/');
    toast.show(t('conv.deleted', { title: conversation.title || t('sidebar.untitled') }), {
      durationMs: UNDO_MS,
      action: {
        label: t('conv.undo'),
        run: () => {
          pendingRef.current.delete(id);
          setPendingDelete((set) => {
            const next = new Set(set);
            next.delete(id);
            return next;
          });
        },
      },
      onExpire: () => pendingRef.current.get(id)?.(),
    });
  };

  useLayoutEffect(() => {
    latest.current = { navigate, openId, remove };
  });

  const visible = conversations?.filter((c) => !pendingDelete.has(c.id)) ?? null;

  return (
    <aside className="sidebar" aria-label={t('nav.conversations')}>
      <div className="sidebar-header">
        <span className="brand" data-testid="brand">
          {t('app.name')}
        </span>
        <button type="button" className="primary" onClick={newChat} data-testid="new-chat" title="Ctrl+N">
          ＋ {t('nav.newChat')}
        </button>
      </div>
      <button type="button" className="sidebar-search" onClick={openSearchOverlay} data-testid="open-search">
        <span>⌕ {t('search.open')}</span>
        <kbd>{shortcutList.find((s) => s.id === 'search')?.keys}</kbd>
      </button>
      <nav className="conversation-list" data-testid="conversation-list">
        {archived && <p className="muted small pad-x">{t('conv.archivedHeading')}</p>}
        {error && <p className="error">{t('sidebar.loadFailed', { message: error })}</p>}
        {!error && visible === null && <p className="muted">{t('sidebar.loading')}</p>}
        {visible?.length === 0 && (
          <p className="muted" data-testid="sidebar-empty">
            {archived ? t('conv.noArchived') : t('sidebar.empty')}
          </p>
        )}
        {visible &&
          groupConversations(visible).map(([group, items]) => (
            <section key={group} className="conversation-group">
              <h3>{t(`sidebar.${group}`)}</h3>
              <ul>
                {items.map((conversation) => (
                  <ConversationItem
                    key={conversation.id}
                    conversation={conversation}
                    active={conversation.id === openId}
                    streaming={streaming.has(conversation.id)}
                    onOpen={open}
                    onDelete={onDelete}
                  />
                ))}
              </ul>
            </section>
          ))}
      </nav>
      <div className="sidebar-footer">
        <NavLink to="/presets" data-testid="nav-presets">
          🧩 {t('nav.presets')}
        </NavLink>
        <NavLink to="/settings" data-testid="nav-settings">
          ⚙ {t('nav.settings')}
        </NavLink>
        <button type="button" className={`ghost small ${archived ? 'active' : ''}`} aria-pressed={archived} onClick={() => setArchived(!archived)} data-testid="toggle-archived">
          🗄 {t('conv.archived')}
        </button>
      </div>
    </aside>
  );
}

interface ItemProps {
  conversation: Conversation;
  /** The conversation open in the chat pane. */
  active: boolean;
  streaming: boolean;
  onOpen(id: string): void;
  onDelete(c: Conversation): void;
}

/** A plain link rather than NavLink: NavLink and Link read the router's location, so all of them re-render on every navigation. */
const ConversationItem = memo(function ConversationItem({ conversation, active, streaming, onOpen, onDelete }: ItemProps) {
  const { t } = useTranslation();
  const [menu, setMenu] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(conversation.title);
  const box = useRef<HTMLLIElement>(null);
  // Export needs the main process's save dialog; without it (the browser harness) the items are left out.
  const nativeDialogs = useNativeDialogs();
  const { exportToFile } = useTransfers();

  useEffect(() => {
    if (!menu) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setMenu(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [menu]);

  const finishRename = () => {
    setRenaming(false);
    const next = title.trim();
    if (next && next !== conversation.title) void api.conversations.rename({ id: conversation.id, title: next });
  };

  return (
    <li ref={box} className="conversation-item-row">
      {renaming ? (
        <input
          className="rename-input"
          autoFocus
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          onBlur={finishRename}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) finishRename();
            if (e.key === 'Escape') {
              setTitle(conversation.title);
              setRenaming(false);
            }
          }}
          data-testid="rename-input"
        />
      ) : (
        <a
          href={`#/c/${conversation.id}`}
          className={active ? 'conversation-link active' : 'conversation-link'}
          aria-current={active ? 'page' : undefined}
          data-testid="conversation-item"
          onClick={(e) => {
            if (!isPlainClick(e)) return;
            e.preventDefault();
            onOpen(conversation.id);
          }}
          onDoubleClick={() => setRenaming(true)}
        >
          {conversation.pinned && <span className="pin" aria-label={t('conv.pinned')}>📌 </span>}
          {conversation.title || t('sidebar.untitled')}
          {streaming && <span className="streaming-dot" title={t('chat.status.streaming')} data-testid="streaming-dot" />}
        </a>
      )}
      <button type="button" className="ghost small item-menu-button" aria-label={t('conv.actions')} onClick={() => setMenu(!menu)} data-testid="conversation-menu">
        ⋯
      </button>
      {menu && (
        <div className="item-menu" role="menu">
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setMenu(false);
              setTitle(conversation.title);
              setRenaming(true);
            }}
            data-testid="conversation-rename"
          >
            {t('conv.rename')}
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setMenu(false);
              void api.conversations.setPinned({ id: conversation.id, pinned: !conversation.pinned });
            }}
            data-testid="conversation-pin"
          >
            {conversation.pinned ? t('conv.unpin') : t('conv.pin')}
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setMenu(false);
              void api.conversations.setArchived({ id: conversation.id, archived: !conversation.archived });
            }}
            data-testid="conversation-archive"
          >
            {conversation.archived ? t('conv.unarchive') : t('conv.archive')}
          </button>
          {nativeDialogs &&
            (['md', 'json'] as const).map((format) => (
              <button
                key={format}
                type="button"
                role="menuitem"
                onClick={() => {
                  setMenu(false);
                  void exportToFile({ conversationIds: [conversation.id], format, includeReasoning: false });
                }}
                data-testid={`conversation-export-${format}`}
              >
                {format === 'md' ? t('data.exportMarkdown') : t('data.exportJson')}
              </button>
            ))}
          <button
            type="button"
            role="menuitem"
            className="danger"
            onClick={() => {
              setMenu(false);
              onDelete(conversation);
            }}
            data-testid="conversation-delete"
          >
            {t('conv.delete')}
          </button>
        </div>
      )}
    </li>
  );
});

/** A left click without modifiers opens in place; the others are left to the browser, as a router link does. */
function isPlainClick(e: ReactMouseEvent): boolean {
  return e.button === 0 && !(e.metaKey || e.altKey || e.ctrlKey || e.shiftKey);
}

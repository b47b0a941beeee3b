import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router-dom';
import type { Conversation } from '../../../shared/domain';
import { api } from '../api';
import { groupConversations } from '../dateGroups';

export function Sidebar() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [conversations, setConversations] = useState<Conversation[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api.conversations.list().then(
      (list) => {
        setConversations(list);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, []);

  useEffect(() => {
    load();
    return api.on('conversations.changed', load);
  }, [load]);

  const newChat = async () => {
    const conversation = await api.conversations.create({});
    navigate(`/c/${conversation.id}`);
  };

  return (
    <aside className="sidebar" aria-label={t('nav.conversations')}>
      <div className="sidebar-header">
        <span className="brand" data-testid="brand">
          {t('app.name')}
        </span>
        <button type="button" className="primary" onClick={newChat} data-testid="new-chat">
          ＋ {t('nav.newChat')}
        </button>
      </div>
      <nav className="conversation-list" data-testid="conversation-list">
        {error && <p className="error">{t('sidebar.loadFailed', { message: error })}</p>}
        {!error && conversations === null && <p className="muted">{t('sidebar.loading')}</p>}
        {conversations?.length === 0 && <p className="muted" data-testid="sidebar-empty">{t('sidebar.empty')}</p>}
        {conversations &&
          groupConversations(conversations).map(([group, items]) => (
            <section key={group} className="conversation-group">
              <h3>{t(`sidebar.${group}`)}</h3>
              <ul>
                {items.map((conversation) => (
                  <li key={conversation.id}>
                    <NavLink to={`/c/${conversation.id}`} className="conversation-link" data-testid="conversation-item">
                      {conversation.title || t('sidebar.untitled')}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </section>
          ))}
      </nav>
      <div className="sidebar-footer">
        <NavLink to="/settings" data-testid="nav-settings">
          ⚙ {t('nav.settings')}
        </NavLink>
      </div>
    </aside>
  );
}

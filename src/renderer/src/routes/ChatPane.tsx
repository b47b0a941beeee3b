import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import type { Conversation, Message } from '../../../shared/domain';
import { api } from '../api';

/** The chat pane: the open conversation's active path. Sending and streaming arrive with the chat engine. */
export function ChatPane() {
  const { t } = useTranslation();
  const { conversationId } = useParams();
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setConversation(null);
    setMessages([]);
    setError(null);
    if (!conversationId) return;
    let cancelled = false;
    Promise.all([api.conversations.get({ id: conversationId }), api.messages.list({ conversationId })]).then(
      ([c, list]) => {
        if (cancelled) return;
        setConversation(c);
        setMessages(activePath(list, c.activeLeafId));
      },
      (e: Error) => !cancelled && setError(e.message),
    );
    return () => {
      cancelled = true;
    };
  }, [conversationId]);

  if (!conversationId) {
    return (
      <section className="chat-empty" data-testid="chat-empty">
        <h1>{t('chat.emptyTitle')}</h1>
        <p className="muted">{t('chat.emptyHint')}</p>
      </section>
    );
  }
  if (error) return <p className="error">{t('errors.generic', { message: error })}</p>;

  return (
    <section className="chat-pane" data-testid="chat-pane">
      <header className="chat-header">
        <h2>{conversation ? conversation.title || t('sidebar.untitled') : ''}</h2>
        {conversation?.model && <span className="muted">{conversation.model}</span>}
      </header>
      <div className="message-list">
        {messages.length === 0 && <p className="muted">{t('chat.noMessages')}</p>}
        {messages.map((message) => (
          <article key={message.id} className={`message message-${message.role}`} data-testid="message">
            <div className="message-role">{t(`chat.role.${message.role}`)}</div>
            <div className="message-text">
              {message.parts.map((part, i) => (part.type === 'text' ? <p key={i}>{part.text}</p> : null))}
            </div>
            {message.status !== 'done' && <div className="message-status">{t(`chat.status.${message.status}`)}</div>}
          </article>
        ))}
      </div>
    </section>
  );
}

/** The root-to-leaf path the user is looking at. */
function activePath(messages: Message[], leafId: string | null): Message[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const path: Message[] = [];
  let cursor = leafId ? byId.get(leafId) : undefined;
  while (cursor) {
    path.push(cursor);
    cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined;
  }
  return path.reverse();
}

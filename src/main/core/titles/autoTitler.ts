// Automatic titles. At the first send the chat engine titles a conversation with the first line of the message
// (the fallback). When the first reply is done, this asks the conversation's model for a short title in one
// extra, non-streamed request, off the turn's path: the reply is already saved and shown. The answer replaces
// the title only while it is still the fallback, so a rename (before or during the request) always wins.
import type { Language, Message, MessagePart } from '../../../shared/domain';
import type { EventHub } from '../events';
import type { SecretStore } from '../secrets/secretStore';
import { conversationsRepo, messagesRepo, providersRepo, settingsRepo, type Db } from '../store';
import { createProviderClient, type ProviderDeps } from '../providers';
import { credentialsFor } from '../chat/credentials';

export interface AutoTitlerOptions {
  db: Db;
  events: EventHub;
  secrets: SecretStore;
  providerDeps?: ProviderDeps;
  /** Give up on a title request after this long (default 60 s); the fallback stays. */
  timeoutMs?: number;
}

export interface AutoTitler {
  /** Resolves when every title request started so far has ended (tests, shutdown). */
  idle(): Promise<void>;
  close(): void;
}

const EXCERPT_CHARS = 1500;
const MAX_TITLE_CHARS = 60;

const prompts: Record<Language, { system: string; user: (question: string, answer: string) => string }> = {
  'zh-CN': {
    system: '你为对话起标题。用不超过 15 个字的简体中文概括对话主题。只输出标题本身：不要引号、书名号、句末标点或任何解释。',
    user: (question, answer) => `用户：${question}\n\n助手：${answer}\n\n这段对话的标题是：`,
  },
  en: {
    system:
      'You name conversations. Summarize the topic in a title of at most 8 words, in English. Output only the title: no quotes, no trailing period, no explanation.',
    user: (question, answer) => `User: ${question}\n\nAssistant: ${answer}\n\nTitle of this conversation:`,
  },
};

const textOf = (parts: readonly MessagePart[]) =>
  parts
    .filter((part): part is Extract<MessagePart, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('\n')
    .trim();

const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);

/** The model's answer as a title: first line, without "Title:" labels, quotes or a closing full stop. */
export function cleanTitle(raw: string): string {
  const line = raw.replace(/<think>[\s\S]*?<\/think>/g, '').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  const title = line
    .replace(/^(标题|題目|题目|title)\s*[:：]\s*/i, '')
    .replace(/^[#*\s]+/, '')
    .replace(/^["'“”‘’「」『』《》【】\s]+/u, '')
    .replace(/["'“”‘’「」『』《》【】。.!！?？,，;；:：\s]+$/u, '')
    .trim();
  return Array.from(title).slice(0, MAX_TITLE_CHARS).join('');
}

export function startAutoTitler(options: AutoTitlerOptions): AutoTitler {
  const { db, events } = options;
  const running = new Map<string, Promise<void>>();
  const controllers = new Set<AbortController>();

  async function generate(conversationId: string, reply: Message, question: string): Promise<void> {
    const provider = reply.providerId ? providersRepo.getProvider(db, reply.providerId) : undefined;
    const answer = textOf(reply.parts);
    if (!provider || !reply.model || !answer) return;
    const language = settingsRepo.getSettings(db).language;
    const prompt = prompts[language];
    const controller = new AbortController();
    controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 60_000);
    timer.unref?.();
    try {
      let raw = '';
      const stream = createProviderClient(provider, options.providerDeps).stream({
        provider,
        credentials: await credentialsFor(provider, options.secrets),
        model: reply.model,
        system: prompt.system,
        messages: [{ role: 'user', parts: [{ type: 'text', text: prompt.user(excerpt(question), excerpt(answer)) }] }],
        params: { stream: false, maxTokens: 64, temperature: 0.3 },
        signal: controller.signal,
      });
      for await (const event of stream) if (event.type === 'text' && event.choice === 0) raw += event.text;
      const title = cleanTitle(raw);
      if (title && db.open && conversationsRepo.replaceAutomaticTitle(db, conversationId, title)) {
        events.emit('conversations.changed', { conversationId });
      }
    } catch {
      // The fallback title stays; a failed title request is not worth bothering the user with.
    } finally {
      clearTimeout(timer);
      controllers.delete(controller);
    }
  }

  function onReplyDone(messageId: string, conversationId: string): void {
    if (running.has(conversationId) || !db.open) return;
    if (conversationsRepo.titleSource(db, conversationId) !== 1) return;
    const reply = messagesRepo.findMessage(db, messageId);
    const question = reply?.parentId ? messagesRepo.findMessage(db, reply.parentId) : undefined;
    // Only the first exchange: the user message starts the conversation's tree.
    if (!reply || reply.role !== 'assistant' || !question || question.parentId !== null) return;
    const job = generate(conversationId, reply, textOf(question.parts)).finally(() => running.delete(conversationId));
    running.set(conversationId, job);
  }

  const unsubscribe = events.subscribe((event, payload) => {
    if (event !== 'chat.status') return;
    const status = payload as { messageId: string; conversationId: string; status: string };
    if (status.status === 'done') onReplyDone(status.messageId, status.conversationId);
  });

  return {
    idle: async () => {
      while (running.size) await Promise.all([...running.values()]);
    },
    close() {
      unsubscribe();
      for (const controller of controllers) controller.abort();
    },
  };
}

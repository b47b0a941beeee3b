// A conversation as readable Markdown: the path the user is looking at (other branches are in the JSON export),
// reasoning only when asked for, images as files beside the .md and linked relatively.
import type { Conversation, Language, Message } from '../../../shared/domain';

export interface MarkdownOptions {
  language: Language;
  includeReasoning: boolean;
  /** The relative link of an image file (written by the caller). */
  imageLink: (hash: string, mime: string) => string;
}

const labels: Record<Language, { user: string; assistant: string; system: string; reasoning: string; model: string; created: string; branches: (n: number) => string; image: string; status: Record<string, string> }> = {
  'zh-CN': {
    user: '用户',
    assistant: '助手',
    system: '系统提示词',
    reasoning: '思考过程',
    model: '模型',
    created: '创建于',
    branches: (n) => `另有 ${n} 条消息在其他分支上，未包含在此文件中（JSON 导出包含全部分支）。`,
    image: '图片',
    status: { error: '出错', interrupted: '已中断', streaming: '生成中' },
  },
  en: {
    user: 'User',
    assistant: 'Assistant',
    system: 'System prompt',
    reasoning: 'Reasoning',
    model: 'Model',
    created: 'Created',
    branches: (n) => `${n} more message${n === 1 ? ' is' : 's are'} on other branches and not in this file (the JSON export has every branch).`,
    image: 'image',
    status: { error: 'error', interrupted: 'interrupted', streaming: 'generating' },
  },
};

/** The messages from the root to the conversation's active leaf. */
export function activePath(messages: readonly Message[], leafId: string | null): Message[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const path: Message[] = [];
  for (let cursor = leafId ? byId.get(leafId) : undefined; cursor; cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined) {
    path.push(cursor);
  }
  return path.reverse();
}

const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** Quotes a block as Markdown blockquote lines (for the system prompt and reasoning). */
const blockquote = (text: string) =>
  text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');

export function conversationMarkdown(conversation: Conversation, messages: readonly Message[], options: MarkdownOptions): string {
  const l = labels[options.language];
  const shown = activePath(messages, conversation.activeLeafId);
  const out: string[] = [`# ${conversation.title.replace(/\s+/g, ' ').trim() || '(untitled)'}`, ''];
  const meta = [`${l.created}: ${isoMinute(conversation.createdAt)}`];
  if (conversation.model) meta.push(`${l.model}: ${conversation.providerId ? `${conversation.providerId} · ` : ''}${conversation.model}`);
  out.push(...meta.map((line) => `- ${line}`), '');
  if (conversation.systemPrompt.trim()) out.push(`**${l.system}**`, '', blockquote(conversation.systemPrompt.trim()), '');

  for (const message of shown) {
    const who = message.role === 'user' ? l.user : message.role === 'assistant' ? l.assistant : l.system;
    const model = message.role === 'assistant' && message.model ? ` · ${message.model}` : '';
    const status = message.status !== 'done' ? ` · ${l.status[message.status] ?? message.status}` : '';
    out.push(`## ${who}${model}${status}`, '', `<sub>${isoMinute(message.createdAt)}</sub>`, '');
    for (const part of message.parts) {
      if (part.type === 'reasoning') {
        if (options.includeReasoning && part.text.trim()) out.push(`**${l.reasoning}**`, '', blockquote(part.text.trim()), '');
      } else if (part.type === 'image') {
        out.push(`![${l.image}](${options.imageLink(part.hash, part.mime)})`, '');
      } else if (part.text.trim()) {
        out.push(part.text.trim(), '');
      }
    }
    if (message.error) out.push(`> ⚠ ${message.error.message}`, '');
  }
  const hidden = messages.length - shown.length;
  if (hidden > 0) out.push('---', '', `*${l.branches(hidden)}*`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

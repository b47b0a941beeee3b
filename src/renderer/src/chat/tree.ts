// The text and reasoning of a message, as its parts hold them.
import type { Message } from '../../../shared/domain';

export function textOf(message: Pick<Message, 'parts'>): string {
  return message.parts
    .filter((part) => part.type === 'text')
    .map((part) => (part as { text: string }).text)
    .join('');
}

export function reasoningOf(message: Pick<Message, 'parts'>): { text: string; durationMs?: number } {
  const parts = message.parts.filter((part) => part.type === 'reasoning') as Array<{ text: string; durationMs?: number }>;
  return { text: parts.map((p) => p.text).join(''), durationMs: parts[parts.length - 1]?.durationMs };
}

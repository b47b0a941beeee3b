// Builds what is sent to the model: the active path of the tree up to the user's message, without reasoning
// (never sent back), without empty or failed assistant turns.
import type { Message, MessagePart } from '../../../shared/domain';
import type { ContextMessage } from '../providers';

export function contextFromPath(path: Message[]): ContextMessage[] {
  const context: ContextMessage[] = [];
  for (const message of path) {
    if (message.role === 'system') continue;
    const parts = message.parts.filter((part): part is Exclude<MessagePart, { type: 'reasoning' }> => part.type !== 'reasoning');
    const hasContent = parts.some((part) => (part.type === 'text' ? part.text.trim().length > 0 : true));
    if (!hasContent) continue;
    context.push({ role: message.role, parts });
  }
  return context;
}

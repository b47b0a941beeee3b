// chat.continue: the context that asks a model to go on with a reply it left unfinished (finish reason
// `length`), and the usage of the two requests added up.
import type { Language, Message, Protocol, Usage } from '../../../shared/domain';
import type { ContextMessage } from '../providers';
import { contextFromPath } from './context';

const continueInstruction: Record<Language, string> = {
  'zh-CN': '请从上一条回复中断的地方继续，不要重复已经写过的内容。',
  en: 'Continue exactly where your previous reply stopped, without repeating what you already wrote.',
};

/**
 * The path up to and including the unfinished reply. Anthropic continues a trailing assistant turn natively
 * (prefill; it refuses trailing whitespace there). OpenAI-style gateways answer a trailing assistant turn
 * inconsistently, so they also get a short instruction as a user turn, which is sent but never stored.
 */
export function continuationContext(path: Message[], protocol: Protocol, language: Language): ContextMessage[] {
  const context = contextFromPath(path);
  const last = context[context.length - 1];
  if (last?.role === 'assistant') {
    last.parts = last.parts.map((part) => (part.type === 'text' ? { ...part, text: part.text.trimEnd() } : part));
  }
  if (protocol === 'openai') context.push({ role: 'user', parts: [{ type: 'text', text: continueInstruction[language] }] });
  return context;
}

/** Usage of a reply and its continuation: counts, time and cost add up; time to first token is the first one. */
export function addUsage(before: Usage | null, after: Usage | null): Usage | null {
  if (!before) return after;
  if (!after) return before;
  const sum = (a?: number, b?: number) => (a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0));
  const total: Usage = {};
  const set = <K extends keyof Usage>(key: K, value: Usage[K] | undefined) => {
    if (value !== undefined) total[key] = value;
  };
  set('promptTokens', sum(before.promptTokens, after.promptTokens));
  set('completionTokens', sum(before.completionTokens, after.completionTokens));
  if (before.estimated || after.estimated) total.estimated = true;
  set('timeToFirstTokenMs', before.timeToFirstTokenMs ?? after.timeToFirstTokenMs);
  set('durationMs', sum(before.durationMs, after.durationMs));
  const cost = sum(before.costYuan, after.costYuan);
  set('costYuan', cost === undefined ? undefined : Math.round(cost * 1e6) / 1e6);
  set('tokensPerSecond', after.tokensPerSecond ?? before.tokensPerSecond);
  return total;
}

import { useTranslation } from 'react-i18next';
import type { Message, Usage } from '../../../shared/domain';
import { formatCount, formatDuration, formatYuan } from '../format';

/** model · tokens · cost · time to first token · speed · finish reason */
export function ReplyStats({ message, usage }: { message: Message; usage: Usage | null }) {
  const { t, i18n } = useTranslation();
  const items: Array<{ key: string; text: string; title?: string }> = [];
  if (message.model) items.push({ key: 'model', text: message.model });
  if (usage?.promptTokens !== undefined || usage?.completionTokens !== undefined) {
    items.push({
      key: 'tokens',
      text: t('stats.tokens', { prompt: formatCount(usage.promptTokens ?? 0, i18n.language), completion: formatCount(usage.completionTokens ?? 0, i18n.language) }),
      title: usage.estimated ? t('stats.estimated') : t('stats.tokensTitle'),
    });
  }
  if (usage?.costYuan !== undefined) items.push({ key: 'cost', text: formatYuan(usage.costYuan), title: t('stats.cost') });
  if (usage?.timeToFirstTokenMs !== undefined) items.push({ key: 'ttft', text: t('stats.ttft', { value: formatDuration(usage.timeToFirstTokenMs) }) });
  if (usage?.tokensPerSecond !== undefined) items.push({ key: 'speed', text: t('stats.speed', { value: usage.tokensPerSecond.toFixed(1) }) });
  if (message.finishReason) {
    const known = ['stop', 'length', 'content_filter', 'stop_sequence', 'stopped', 'tool_calls', 'end_turn', 'max_tokens'];
    items.push({
      key: 'finish',
      text: known.includes(message.finishReason) ? t(`stats.finish.${message.finishReason}`) : message.finishReason,
      title: t('stats.finishTitle'),
    });
  }
  if (!items.length) return null;
  return (
    <div className="reply-stats" data-testid="reply-stats">
      {items.map((item) => (
        <span key={item.key} data-stat={item.key} title={item.title}>
          {item.text}
          {item.key === 'tokens' && usage?.estimated ? '≈' : ''}
        </span>
      ))}
    </div>
  );
}

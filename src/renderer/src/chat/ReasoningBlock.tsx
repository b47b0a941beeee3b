import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../format';

/** The model's thinking, folded by default once the answer starts; open while it is still thinking. */
export function ReasoningBlock({ text, durationMs, thinking }: { text: string; durationMs?: number; thinking: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<boolean | null>(null);
  const expanded = open ?? thinking;
  const label = thinking
    ? t('msg.thinking')
    : durationMs !== undefined
      ? t('msg.thoughtFor', { duration: formatDuration(durationMs) })
      : t('msg.thought');
  return (
    <div className={`reasoning ${expanded ? 'open' : ''}`} data-testid="reasoning">
      <button type="button" className="reasoning-toggle" aria-expanded={expanded} onClick={() => setOpen(!expanded)} data-testid="reasoning-toggle">
        <span className={thinking ? 'pulse' : ''}>💭</span> {label} <span className="chevron">{expanded ? '▾' : '▸'}</span>
      </button>
      {expanded && <div className="reasoning-text">{text}</div>}
    </div>
  );
}

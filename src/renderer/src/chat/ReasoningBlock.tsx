import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../format';

/** The model's thinking, folded by default once the answer starts; open while it is still thinking. */
export const ReasoningBlock = memo(function ReasoningBlock({ text, durationMs, thinking }: { text: string; durationMs?: number | undefined; thinking: boolean }) {
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
      {expanded && (
        <div className="reasoning-text">
          {reasoningParagraphs(text).map((paragraph, i) => (
            <ReasoningParagraph key={i} text={paragraph} />
          ))}
        </div>
      )}
    </div>
  );
});

/**
 * Long thinking grows by the frame: one element per paragraph keeps the finished ones out of React's work and
 * out of the browser's line layout. Each piece keeps its blank lines (pre-wrap), so it looks like one text.
 */
export function reasoningParagraphs(text: string): string[] {
  // Copies, not slices: a memoized paragraph keeps its first props, and a slice keeps the whole text of that frame.
  return text ? text.split(/(?<=\n\n)(?=[^\n])/).map((paragraph) => (' ' + paragraph).slice(1)) : [];
}

const ReasoningParagraph = memo(function ReasoningParagraph({ text }: { text: string }) {
  return <div>{text}</div>;
});

// Text with the matched words in <mark>: React text nodes only, never HTML.
import { splitByTerms, type TextSegment } from './highlight';

/** Segments the core already cut (search snippets). */
export function SnippetText({ segments }: { segments: readonly TextSegment[] }) {
  return (
    <>
      {segments.map((segment, i) =>
        segment.match ? (
          <mark key={i} className="search-mark">
            {segment.text}
          </mark>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}

/** `text` with every occurrence of `terms` marked; plain text when there are none. */
export function HighlightedText({ text, terms }: { text: string; terms?: readonly string[] | undefined }) {
  if (!terms?.length) return <>{text}</>;
  return <SnippetText segments={splitByTerms(text, terms)} />;
}

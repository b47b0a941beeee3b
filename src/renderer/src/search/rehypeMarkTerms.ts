// A rehype plugin for Markdown replies: wraps the searched words in <mark> elements inside the rendered tree
// (so a highlight never goes through HTML strings). Rendered math is left alone: its text is layout, not words.
import { splitByTerms } from './highlight';

interface HastText {
  type: 'text';
  value: string;
}
interface HastElement {
  type: 'element';
  tagName: string;
  properties?: { className?: unknown };
  children: HastNode[];
}
type HastNode = HastText | HastElement | { type: string; children?: HastNode[] };

const skipped = (node: HastElement) => {
  const className = node.properties?.className;
  return Array.isArray(className) && className.some((name) => typeof name === 'string' && name.startsWith('katex'));
};

function mark(parent: { children?: HastNode[] }, terms: readonly string[]): void {
  if (!parent.children) return;
  parent.children = parent.children.flatMap((child): HastNode[] => {
    if (child.type === 'text') {
      const segments = splitByTerms((child as HastText).value, terms);
      if (segments.length === 1 && !segments[0]!.match) return [child];
      return segments.map((segment) =>
        segment.match
          ? { type: 'element', tagName: 'mark', properties: { className: ['search-mark'] }, children: [{ type: 'text', value: segment.text }] }
          : { type: 'text', value: segment.text },
      );
    }
    const container = child as { children?: HastNode[] };
    if (child.type !== 'element' || !skipped(child as HastElement)) mark(container, terms);
    return [child];
  });
}

export function rehypeMarkTerms(options: { terms: readonly string[] }) {
  return (tree: { children?: HastNode[] }) => {
    if (options.terms.length) mark(tree, options.terms);
  };
}

// Model output as Markdown: GFM (tables, task lists, strikethrough), highlighted code with a copy button and
// KaTeX math. Model output is untrusted: raw HTML is never rendered (react-markdown shows it as text unless
// rehype-raw is added, which it is not), URLs other than http(s) are dropped, links open externally only, and
// images are shown as links (no remote loads from a model's reply).
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type ComponentProps, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import rehypeHighlight from 'rehype-highlight';
import { useTranslation } from 'react-i18next';
import 'katex/dist/katex.min.css';
import { copyText } from '../clipboard';
import { safeHttpUrl } from './safeUrl';
import { rehypeMarkTerms } from '../search/rehypeMarkTerms';
import { MarkdownBlockSplitter, type MarkdownBlock, type MarkdownBlocks } from './blocks';
import { rehypeKatexCached } from './rehypeKatexCached';
import { FIRST_PART_CHARS, RevealPace } from './revealPace';
import type { GrowingText } from '../state/growingText';

const remarkPlugins = [remarkGfm, remarkMath];
// rehype-highlight registers all of its languages each time it is attached, and react-markdown attaches the plugins
// on every render (every frame for a streaming reply): attach it once and share its transformer.
const highlightCode = rehypeHighlight({ detect: false });
const rehypeHighlightShared = () => highlightCode;
const rehypePlugins = [rehypeKatexCached, rehypeHighlightShared] as ComponentProps<typeof ReactMarkdown>['rehypePlugins'];

function urlTransform(url: string): string {
  // Fragment links inside a reply are harmless; everything else must be absolute http(s).
  if (url.startsWith('#')) return url;
  return safeHttpUrl(url) ?? '';
}

function CodeBlock({ children, ...rest }: ComponentProps<'pre'>) {
  const { t } = useTranslation();
  const ref = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const language = languageOf(children);
  const copy = async () => {
    await copyText(ref.current?.querySelector('code')?.textContent ?? ref.current?.textContent ?? '');
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div className="code-block">
      <div className="code-toolbar">
        <span className="code-language">{language ?? t('msg.code')}</span>
        <button type="button" className="ghost small" onClick={() => void copy()} data-testid="copy-code">
          {copied ? t('msg.copied') : t('msg.copyCode')}
        </button>
      </div>
      <pre ref={ref} {...stripNode(rest)}>
        {children}
      </pre>
    </div>
  );
}

function languageOf(children: ReactNode): string | undefined {
  const child = Array.isArray(children) ? children[0] : children;
  const className = (child as { props?: { className?: string } } | undefined)?.props?.className ?? '';
  return /language-([\w+#.-]+)/.exec(className)?.[1];
}

function stripNode<T extends object>(props: T): Omit<T, 'node'> {
  const { node: _node, ...rest } = props as T & { node?: unknown };
  return rest;
}

const components: Components = {
  pre: CodeBlock,
  a: ({ href, children, ...rest }) => {
    const safe = safeHttpUrl(href);
    if (href?.startsWith('#')) return <a href={href} {...stripNode(rest)}>{children}</a>;
    if (!safe) return <span className="inert-link">{children}</span>;
    return (
      <a href={safe} target="_blank" rel="noreferrer noopener" title={safe} {...stripNode(rest)}>
        {children}
      </a>
    );
  },
  img: ({ src, alt }) => {
    const safe = safeHttpUrl(typeof src === 'string' ? src : undefined);
    const label = `🖼 ${alt || safe || ''}`;
    return safe ? (
      <a href={safe} target="_blank" rel="noreferrer noopener" className="image-link">
        {label}
      </a>
    ) : (
      <span className="inert-link">{label}</span>
    );
  },
  table: ({ children, ...rest }) => (
    <div className="table-scroll">
      <table {...stripNode(rest)}>{children}</table>
    </div>
  ),
};

type RehypePlugins = ComponentProps<typeof ReactMarkdown>['rehypePlugins'];

/** One piece of a reply, rendered without a wrapper so the pieces' elements are siblings as in one render. */
const MarkdownPiece = memo(function MarkdownPiece({ text, plugins, separated = false }: { text: string; plugins: RehypePlugins; separated?: boolean }) {
  return (
    <>
      {/* One render puts a line break between top-level elements (it shows in textContent, not on screen). */}
      {separated && '\n'}
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={plugins} components={components} urlTransform={urlTransform}>
        {text}
      </ReactMarkdown>
    </>
  );
});

/**
 * Memoized on the text: rows that did not change are never re-parsed. `highlight`: searched words to <mark>.
 * A `streaming` text (and, from then on, the same text once it is done) is rendered block by block: finished
 * blocks are memoized, so each frame parses and renders only the growing end (see blocks.ts).
 */
export const Markdown = memo(function Markdown({
  text,
  highlight,
  streaming = false,
  growing,
}: {
  text: string;
  highlight?: readonly string[] | undefined;
  streaming?: boolean;
  /** A streaming reply's text as pieces (LiveReply.growing): its unfinished end is taken from there, not sliced from `text`. */
  growing?: GrowingText | undefined;
}) {
  // The splitter is a cache of this text's finished blocks (same text → same result), kept for the row's life.
  const [splitter] = useState(() => new MarkdownBlockSplitter());
  const revealed = useRevealed(text);
  const shown = revealed < text.length ? revealedPrefix(text, revealed) : text;
  const split = streaming || splitter.used || shown !== text ? splitter.split(shown, shown === text ? growing : undefined) : null;
  // A reply that streamed in this row keeps its groups contained (see MarkdownGroup); a long stored reply revealed
  // in parts does not: there containment made the whole reply take longer to fill in (4.2 vs 2.5 s for 1,500
  // paragraphs), and it grows only once.
  const streamed = useRef(streaming);
  if (streaming) streamed.current = true;
  return <MarkdownView text={shown} split={split} highlight={highlight} contained={streamed.current} />;
});

/**
 * A long text whose row mounts (opening a conversation, scrolling back to a reply) is rendered the way a streaming
 * reply is, by blocks, a part at a time over several frames, instead of parsing and laying out 100 KB in one task (a
 * 20,000-token reply froze the window for ~0.6 s). The first part is FIRST_PART_CHARS; RevealPace sizes each next
 * one from how long the recent ones took to render and commit: prose goes in large parts, text dense with math
 * (KaTeX, ~1 ms a formula) or code in smaller ones. Returns how much of `text` to render now: all of a short text; a
 * long one grows frame by frame until it is all there.
 */
function useRevealed(text: string): number {
  const [revealed, setRevealed] = useState(() => (text.length > FIRST_PART_CHARS ? FIRST_PART_CHARS : Infinity));
  const [pace] = useState(() => new RevealPace(text.length));
  const asked = useRef<{ at: number; chars: number } | null>(null);
  const behind = revealed < text.length;
  // After a part is committed: how long it took since it was asked for, to size the next one.
  useLayoutEffect(() => {
    if (!asked.current) return;
    pace.record(asked.current.chars, performance.now() - asked.current.at);
    asked.current = null;
  }, [pace, revealed]);
  useEffect(() => {
    if (!behind) return;
    const frame = requestAnimationFrame(() => {
      const part = pace.nextPart;
      asked.current = { at: performance.now(), chars: part };
      // Once all of it is there, a text that keeps growing (streaming) is rendered in full on every frame.
      setRevealed((n) => (n + part >= text.length ? Infinity : n + part));
    });
    return () => cancelAnimationFrame(frame);
  }, [behind, pace, revealed, text.length]);
  return revealed;
}

/** The first ~`length` characters of `text`, ended at a line end when there is one (no half table row or line). */
export function revealedPrefix(text: string, length: number): string {
  const lineEnd = text.lastIndexOf('\n', length - 1);
  if (lineEnd > 0) return text.slice(0, lineEnd + 1);
  const last = text.charCodeAt(length - 1);
  // Never split a surrogate pair.
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length + 1 : length);
}

/** Per-frame work grows with the groups before the last and the blocks in the last: ~√(blocks of a long reply). */
const BLOCKS_PER_GROUP = 32;

/** `text` rendered at once, or by the blocks of its `split` (the same text). */
export function MarkdownView({
  text,
  split,
  highlight,
  contained = false,
}: {
  text: string;
  split: MarkdownBlocks | null;
  highlight?: readonly string[] | undefined;
  /** Groups contain their layout and paint, and settle (see MarkdownGroup): for a reply that grows frame by frame. */
  contained?: boolean;
}) {
  const plugins = useMemo(
    () => (highlight?.length ? ([...(rehypePlugins ?? []), [rehypeMarkTerms, { terms: highlight }]] as RehypePlugins) : rehypePlugins),
    [highlight],
  );
  if (!split || split.whole) {
    return (
      <div className="markdown">
        <MarkdownPiece key="whole" text={text} plugins={plugins} />
      </div>
    );
  }
  const firstShown = split.blocks.findIndex((block) => !block.empty);
  const piece = (block: MarkdownBlock, i: number) => (
    <MarkdownPiece key={i} text={split.definitions + block.text} plugins={plugins} separated={!block.empty && i > firstShown} />
  );
  // Blocks go in fixed groups by index (a block never moves, so its DOM stays in place). Only the last group
  // changes while a reply grows; the others are settled: off screen, the browser skips them (see .markdown-group
  // in app.css), so a frame's layout and paint do not grow with the reply.
  const groups: ReactNode[] = [];
  for (let start = 0; start < split.blocks.length; start += BLOCKS_PER_GROUP) {
    const blocks = split.blocks.slice(start, start + BLOCKS_PER_GROUP);
    const last = start + BLOCKS_PER_GROUP >= split.blocks.length;
    // A class, not :first-child on the groups, so that nothing restyles when a group is added.
    const first = firstShown >= start && firstShown < start + BLOCKS_PER_GROUP;
    groups.push(
      <MarkdownGroup key={start} first={first} last={last} contained={contained} size={blocks.reduce((sum, block) => sum + block.text.length, 0)}>
        {blocks.map((block, i) => piece(block, start + i))}
      </MarkdownGroup>,
    );
  }
  return <div className="markdown">{groups}</div>;
}

/**
 * A group of blocks. When `contained`, it contains its layout, paint and style, and it is settled
 * (content-visibility: auto) once the browser has laid out its present content, so that the size it keeps while
 * skipped is its real one (contain-intrinsic-size: auto remembers it), and only when it is not the last group: the
 * last one grows. `size` (its characters) changes whenever its content does: the block before the last can still
 * grow in the commit that starts the next group, and a group settled in that commit could be skipped off screen at
 * its old size (a CI run measured a streamed reply 31.5 px, about a paragraph, shorter than laid out).
 */
function MarkdownGroup({ first, last, contained, size, children }: { first: boolean; last: boolean; contained: boolean; size: number; children: ReactNode }) {
  const [laidOutSize, setLaidOutSize] = useState(-1);
  useEffect(() => {
    if (!contained) return;
    // Two frames: a commit outside a frame callback has its effect run before the frame that lays it out, so the
    // first callback can come before that layout; the second comes after it.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => setLaidOutSize(size));
    });
    return () => cancelAnimationFrame(frame);
  }, [contained, size]);
  const settled = contained && !last && laidOutSize === size;
  const className = `markdown-group${first ? ' first-shown' : ''}${contained ? ' contained' : ''}${settled ? ' settled' : ''}`;
  return <div className={className}>{children}</div>;
}

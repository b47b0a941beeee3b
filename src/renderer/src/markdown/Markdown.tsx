// Model output as Markdown: GFM (tables, task lists, strikethrough), highlighted code with a copy button and
// KaTeX math. Model output is untrusted: raw HTML is never rendered (react-markdown shows it as text unless
// rehype-raw is added, which it is not), URLs other than http(s) are dropped, links open externally only, and
// images are shown as links (no remote loads from a model's reply).
import { memo, useMemo, useRef, useState, type ComponentProps, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeHighlight from 'rehype-highlight';
import { useTranslation } from 'react-i18next';
import 'katex/dist/katex.min.css';
import { copyText } from '../clipboard';
import { safeHttpUrl } from './safeUrl';
import { rehypeMarkTerms } from '../search/rehypeMarkTerms';
import { MarkdownBlockSplitter, type MarkdownBlocks } from './blocks';

const remarkPlugins = [remarkGfm, remarkMath];
// rehype-highlight registers all of its languages each time it is attached, and react-markdown attaches the plugins
// on every render (every frame for a streaming reply): attach it once and share its transformer.
const highlightCode = rehypeHighlight({ detect: false });
const rehypeHighlightShared = () => highlightCode;
const rehypePlugins = [rehypeKatex, rehypeHighlightShared] as ComponentProps<typeof ReactMarkdown>['rehypePlugins'];

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
export const Markdown = memo(function Markdown({ text, highlight, streaming = false }: { text: string; highlight?: readonly string[] | undefined; streaming?: boolean }) {
  // The splitter is a cache of this text's finished blocks (same text → same result), kept for the row's life.
  const [splitter] = useState(() => new MarkdownBlockSplitter());
  const split = streaming || splitter.used ? splitter.split(text) : null;
  return <MarkdownView text={text} split={split} highlight={highlight} />;
});

/** `text` rendered at once, or by the blocks of its `split` (the same text). */
export function MarkdownView({ text, split, highlight }: { text: string; split: MarkdownBlocks | null; highlight?: readonly string[] | undefined }) {
  const plugins = useMemo(
    () => (highlight?.length ? ([...(rehypePlugins ?? []), [rehypeMarkTerms, { terms: highlight }]] as RehypePlugins) : rehypePlugins),
    [highlight],
  );
  const firstShown = split ? split.blocks.findIndex((block) => !block.empty) : -1;
  return (
    <div className="markdown">
      {split && !split.whole ? (
        split.blocks.map((block, i) => (
          <MarkdownPiece key={i} text={split.definitions + block.text} plugins={plugins} separated={!block.empty && i > firstShown} />
        ))
      ) : (
        <MarkdownPiece key="whole" text={text} plugins={plugins} />
      )}
    </div>
  );
}

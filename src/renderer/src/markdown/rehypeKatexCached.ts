// rehype-katex with its output cached by TeX source. A streaming reply re-renders its growing block every frame,
// and with it every formula in that block: KaTeX's layout and the HTML → hast parse of its output are the costly
// part, and their result depends only on the source and the mode. Each formula is rendered by rehype-katex itself
// (same markup, same error handling), alone in a small tree, and the cache hands out copies (later plugins and
// react-markdown may change the tree they are given).
import rehypeKatex from 'rehype-katex';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';

/** Formulas kept; a streaming display formula adds one entry per frame while it grows, so the oldest go first. */
export const KATEX_CACHE_LIMIT = 400;

// Never handed out: only copies leave the cache.
const cache = new Map<string, ElementContent[]>();
const renderOne = rehypeKatex() as unknown as (tree: Root, file: VFile) => void;

/** Number of formulas in the cache (for tests). */
export function katexCacheSize(): number {
  return cache.size;
}

export function clearKatexCache(): void {
  cache.clear();
}

/** Drop-in for rehype-katex (default options). */
export function rehypeKatexCached() {
  return (tree: Root, file: VFile) => {
    replaceMath(tree, file);
  };
}

function replaceMath(parent: Root | Element, file: VFile): void {
  for (let i = 0; i < parent.children.length; i++) {
    const child = parent.children[i]!;
    if (child.type !== 'element') continue;
    const math = mathScope(child);
    if (!math) {
      replaceMath(child, file);
      continue;
    }
    const rendered = renderedMath(math.scope, math.display, file);
    parent.children.splice(i, 1, ...(rendered as RootContent[]));
    i += rendered.length - 1;
  }
}

/** The node rehype-katex would replace for `element` (a ```math block's <pre>), or null when it is not math. */
function mathScope(element: Element): { scope: Element; display: boolean } | null {
  const classes = classesOf(element);
  if (classes.includes('math-display')) return { scope: element, display: true };
  if (classes.includes('math-inline') || classes.includes('language-math')) return { scope: element, display: false };
  // ```math: rehype-katex replaces the <pre> around the code, in display mode.
  const mathCode = (child: ElementContent) => child.type === 'element' && child.tagName === 'code' && classesOf(child).includes('language-math');
  if (element.tagName === 'pre' && element.children.some(mathCode)) return { scope: element, display: true };
  return null;
}

function classesOf(element: Element): readonly unknown[] {
  return Array.isArray(element.properties.className) ? element.properties.className : [];
}

/** The source text of a math element (rehype-katex renders its text; math elements hold only text). */
function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

function renderedMath(scope: Element, display: boolean, file: VFile): ElementContent[] {
  const key = `${display ? 'display' : 'inline'}:${scope.tagName}:${textOf(scope)}`;
  let rendered = cache.get(key);
  if (rendered) {
    // Most recently used last: the first entry is the one to evict.
    cache.delete(key);
  } else {
    // A formula KaTeX cannot parse is rendered as an error and reports a message to the file (react-markdown
    // ignores those): the error markup is cached like any other.
    const tree: Root = { type: 'root', children: [scope] };
    renderOne(tree, file);
    rendered = tree.children as ElementContent[];
  }
  cache.set(key, rendered);
  if (cache.size > KATEX_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return structuredClone(rendered) as ElementContent[];
}

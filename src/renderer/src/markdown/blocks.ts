// Splits a growing Markdown text (a streaming reply) into its top-level blocks, so each finished block can be
// rendered once and only the growing end is parsed and rendered again on each frame.
//
// The split uses the parser the renderer uses (remark-parse with remark-gfm and remark-math, i.e. micromark), so a
// block boundary is exactly where react-markdown starts a new top-level node. CommonMark keeps at most the last
// top-level block open; every earlier one is closed for good once the line that closed it is complete. So all
// blocks but the last are final — except the one before the last while the last block's first line is still
// partial ("1. a\n\n2" may become "1. a\n\n2. b", one list). Final blocks are kept, and only the text after them
// is parsed again: parsing a whole 80 KB reply takes hundreds of milliseconds, the growing end a millisecond or so.
//
// Cross-block references: link reference definitions are global in Markdown, so the definitions of the whole text
// are put in front of every block (they render nothing). Footnotes are numbered and collected across the whole
// text, and a definition nested in a container cannot be copied out as it stands: in those cases the text is one
// block (rendered at once, as before).
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import type { Root, RootContent } from 'mdast';
import type { GrowingText } from '../state/growingText';

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMath);

export interface MarkdownBlock {
  text: string;
  /** Only definitions or blank lines: renders nothing. */
  empty: boolean;
}

export interface MarkdownBlocks {
  /** The blocks in order; their texts joined give back the text. A finished block keeps its index and its text. */
  blocks: readonly MarkdownBlock[];
  /** Link reference definitions of the whole text (source), to put in front of every block; '' when none. */
  definitions: string;
  /** The text has footnotes or nested definitions: render it as one block. */
  whole: boolean;
}

interface BlockInfo extends MarkdownBlock {
  /** Source of the block's top-level link reference definitions. */
  definitions: string[];
  /** Footnotes or a definition inside a container (blockquote, list). */
  needsWhole: boolean;
}

/** Keeps the finished blocks of one growing text between calls; a text that is not a continuation starts over. */
export class MarkdownBlockSplitter {
  private finished: BlockInfo[] = [];
  /** Length of the text the finished blocks cover. */
  private finishedEnd = 0;
  private last: { text: string; growing: GrowingText | undefined; result: MarkdownBlocks } | null = null;

  /** Whether `split` was ever called: a text that streamed keeps being rendered by blocks once it is done. */
  get used(): boolean {
    return this.last !== null;
  }

  /**
   * `growing`: the same text as pieces (a streaming reply). When the last call had the same GrowingText and a text
   * no longer than this one, the text is a continuation, and its unfinished end is taken from the pieces: the whole
   * text is neither compared nor sliced (either would copy all of it, every frame).
   */
  split(text: string, growing?: GrowingText): MarkdownBlocks {
    if (this.last?.text === text) return this.last.result;
    const continued = growing !== undefined && this.last?.growing === growing && this.last.text.length <= text.length && growing.length >= text.length;
    // Otherwise the text must start with what the finished blocks cover (cut from the last text only now: a
    // continuation never needs it).
    if (!continued && !text.startsWith(this.last?.text.slice(0, this.finishedEnd) ?? '')) this.reset();
    const tail = splitText(continued ? growing.slice(this.finishedEnd, text.length) : text.slice(this.finishedEnd));
    // All tail blocks but the last are final, and the one before the last too once the last one's first line ends.
    const lastBlock = tail[tail.length - 1];
    const finalCount = Math.max(0, tail.length - (lastBlock && lastBlock.text.includes('\n') ? 1 : 2));
    for (const block of tail.slice(0, finalCount)) {
      this.finished.push(block);
      this.finishedEnd += block.text.length;
    }
    const all = [...this.finished, ...tail.slice(finalCount)];
    const definitions = all.flatMap((block) => block.definitions);
    const result: MarkdownBlocks = {
      blocks: all,
      definitions: definitions.length ? `${definitions.join('\n')}\n\n` : '',
      whole: all.some((block) => block.needsWhole),
    };
    this.last = { text, growing, result };
    return result;
  }

  private reset(): void {
    this.finished = [];
    this.finishedEnd = 0;
  }
}

/**
 * A copy of `text` that does not keep the string it was sliced from alive: V8 slices point into their parent, and
 * React keeps a memoized block's first props, so each block would hold on to the whole reply of that frame.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}

/** Splits a text (starting at a line start) at the lines where its top-level nodes start. */
function splitText(text: string): BlockInfo[] {
  if (!text) return [];
  const tree = parser.parse(text) as Root;
  const nodes = tree.children;
  if (!nodes.length) return [{ text, empty: true, definitions: [], needsWhole: false }];
  // A block starts at the beginning of its first node's line (so indentation keeps its meaning); blank lines
  // before the next node stay with the block they follow. Leading blank lines belong to the first block.
  const starts = nodes.map((node) => lineStart(text, node.position?.start.offset ?? 0));
  starts[0] = 0;
  const blocks: Array<BlockInfo & { start: number }> = [];
  nodes.forEach((node, i) => {
    const start = starts[i]!;
    // Top-level nodes start on lines of their own; the guard keeps blocks in order whatever the parser does.
    const previous = blocks[blocks.length - 1];
    const block = previous && start <= previous.start ? previous : { start, text: '', empty: true, definitions: [], needsWhole: false };
    if (block !== previous) blocks.push(block);
    describe(node, text, block);
  });
  return blocks.map(({ start, ...block }, i) => ({ ...block, text: detached(text.slice(start, blocks[i + 1]?.start ?? text.length)) }));
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Records what of `node` refers across blocks. */
function describe(node: RootContent, text: string, block: BlockInfo): void {
  if (node.type !== 'definition') block.empty = false;
  if (node.type === 'definition') {
    const { start, end } = node.position ?? {};
    if (start?.offset !== undefined && end?.offset !== undefined) block.definitions.push(detached(text.slice(start.offset, end.offset)));
    else block.needsWhole = true;
    return;
  }
  if (node.type === 'footnoteDefinition' || node.type === 'footnoteReference') {
    block.needsWhole = true;
    return;
  }
  if ('children' in node && containsCrossReference(node.children)) block.needsWhole = true;
}

function containsCrossReference(nodes: readonly RootContent[]): boolean {
  return nodes.some(
    (node) =>
      node.type === 'definition' ||
      node.type === 'footnoteDefinition' ||
      node.type === 'footnoteReference' ||
      ('children' in node && containsCrossReference(node.children as RootContent[])),
  );
}

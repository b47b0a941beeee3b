// Separates reasoning from the answer when a gateway puts both into `content`:
//   "<think>…</think>answer"   (DeepSeek R1 style, tags possibly split across deltas)
//   "…reasoning…</think>answer" (R1-distill served with the opening tag in the prompt: only the close tag appears)
// A small streaming state machine: feed deltas with push(), then end(). Characters that might be the start of a tag
// are held back until the next delta decides; nothing is ever emitted twice or re-classified.

export type SegmentKind = 'text' | 'reasoning';
/**
 * A piece of output, or a relabel: "everything emitted so far belongs to `as`". Relabels correct what could not be
 * known in time: a lone `</think>` shows the text before it was reasoning; an assumed-reasoning stream (R1-like model)
 * that ends without `</think>` and was not cut by the length limit was the answer all along.
 */
export type Segment = { kind: SegmentKind; text: string } | { kind: 'relabel'; as: SegmentKind; text: '' };

export interface ReasoningSplitterOptions {
  /**
   * Treat content as reasoning from the start until `</think>` (for R1-distill models whose opening tag lives in
   * the prompt). A reply that starts with `<think>` is handled either way. Switched off by noteNativeReasoning().
   */
  implicitReasoning?: boolean;
}

const OPEN = '<think>';
const CLOSE = '</think>';

type Mode = 'start' | 'reasoning' | 'text';

/** Length of the longest suffix of `s` that is a proper prefix of `tag`. */
function partialTagSuffix(s: string, tag: string): number {
  const max = Math.min(s.length, tag.length - 1);
  for (let n = max; n > 0; n--) {
    if (tag.startsWith(s.slice(s.length - n))) return n;
  }
  return 0;
}

export class ReasoningSplitter {
  private mode: Mode = 'start';
  private buf = '';
  private implicit: boolean;
  /** Strip leading whitespace of the current segment until its first visible character. */
  private trimLead = true;
  /** A tag pair (or a lone close tag) was already consumed: the rest is plain text. */
  private settled = false;
  /** Content is reasoning only by assumption (implicit mode, no `<think>` seen yet). */
  private assumed = false;
  /** Some text was emitted (a later lone `</think>` relabels it). */
  private emittedText = false;
  private emittedAny = false;

  constructor(opts: ReasoningSplitterOptions = {}) {
    this.implicit = opts.implicitReasoning === true;
  }

  /** The gateway delivers reasoning in its own field (reasoning_content / thinking): content is the answer. */
  noteNativeReasoning(): void {
    if (this.mode === 'start') this.implicit = false;
  }

  push(chunk: string): Segment[] {
    if (!chunk) return [];
    this.buf += chunk;
    const out: Segment[] = [];
    this.process(out, false);
    return out;
  }

  /**
   * Flushes whatever is held back; call once when the content has ended. `truncated`: the reply was cut by the
   * length limit, so assumed reasoning without `</think>` really was unfinished thinking.
   */
  end(opts: { truncated?: boolean } = {}): Segment[] {
    const out: Segment[] = [];
    this.process(out, true);
    const rest = this.buf;
    this.buf = '';
    if (rest) {
      if (this.mode === 'reasoning') this.emit(out, 'reasoning', rest.trimEnd());
      else if (this.mode === 'start') {
        this.assumed = this.implicit;
        this.emit(out, this.implicit ? 'reasoning' : 'text', rest);
      } else this.emit(out, 'text', rest);
    }
    if (this.assumed && !opts.truncated && this.emittedAny) out.push({ kind: 'relabel', as: 'text', text: '' });
    return out;
  }

  private emit(out: Segment[], kind: SegmentKind, text: string): void {
    let t = text;
    if (this.trimLead) {
      t = t.replace(/^\s+/, '');
      if (!t) return;
      this.trimLead = false;
    }
    if (!t) return;
    this.emittedAny = true;
    if (kind === 'text') this.emittedText = true;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += t;
    else out.push({ kind, text: t });
  }

  private process(out: Segment[], final: boolean): void {
    for (;;) {
      if (this.mode === 'start') {
        const t = this.buf.replace(/^\s+/, '');
        if (!t) return; // only whitespace so far
        if (t.startsWith(OPEN)) {
          this.buf = t.slice(OPEN.length);
          this.mode = 'reasoning';
          this.assumed = false;
          this.trimLead = true;
          continue;
        }
        if (OPEN.startsWith(t) && !final) return; // "<thi" — wait for more
        this.buf = t;
        this.mode = this.implicit ? 'reasoning' : 'text';
        this.assumed = this.implicit;
        continue;
      }
      if (this.mode === 'reasoning') {
        const idx = this.buf.indexOf(CLOSE);
        if (idx >= 0) {
          this.emit(out, 'reasoning', this.buf.slice(0, idx).trimEnd());
          this.buf = this.buf.slice(idx + CLOSE.length);
          this.mode = 'text';
          this.settled = true;
          this.assumed = false;
          this.trimLead = true;
          continue;
        }
        if (final) return;
        // Hold back a possible partial "</think" and the whitespace before it (dropped if the tag follows).
        const partial = partialTagSuffix(this.buf, CLOSE);
        let cut = this.buf.length - partial;
        while (cut > 0 && /\s/.test(this.buf[cut - 1]!)) cut--;
        this.emit(out, 'reasoning', this.buf.slice(0, cut));
        this.buf = this.buf.slice(cut);
        return;
      }
      // text
      if (!this.settled) {
        // A close tag with no opening one: what came before was reasoning we could not recognise in time
        // (already shown as text). Emit it, relabel everything so far as reasoning, drop the tag.
        const idx = this.buf.indexOf(CLOSE);
        if (idx >= 0) {
          this.emit(out, 'text', this.buf.slice(0, idx).trimEnd());
          if (this.emittedText) out.push({ kind: 'relabel', as: 'reasoning', text: '' });
          this.buf = this.buf.slice(idx + CLOSE.length);
          this.settled = true;
          this.trimLead = true;
          continue;
        }
        if (final) return;
        const partial = partialTagSuffix(this.buf, CLOSE);
        this.emit(out, 'text', this.buf.slice(0, this.buf.length - partial));
        this.buf = this.buf.slice(this.buf.length - partial);
        return;
      }
      this.emit(out, 'text', this.buf);
      this.buf = '';
      return;
    }
  }
}

/** Splits a complete (non-streamed) content string exactly: a lone `</think>` makes everything before it reasoning. */
export function splitReasoning(content: string): Segment[] {
  const s = new ReasoningSplitter({ implicitReasoning: content.includes(CLOSE) });
  return [...s.push(content), ...s.end()].reduce<Segment[]>((acc, seg) => {
    const last = acc[acc.length - 1];
    if (last && last.kind === seg.kind) last.text += seg.text;
    else acc.push({ ...seg });
    return acc;
  }, []);
}

/** Whether a model id looks like an R1-style reasoning model whose stream may omit the opening `<think>`. */
export function looksLikeReasoningModel(model: string): boolean {
  return /(^|[-_/.])(r1|qwq)([-_/.]|$)|reason|think/i.test(model);
}

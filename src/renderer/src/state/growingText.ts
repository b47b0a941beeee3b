// The text of a reply that grows by appends, kept as its pieces. A JS string built by appends is a rope (V8 cons
// string); any slice or search of it copies the whole text into a flat string first. A streaming reply's renderer
// only needs its unfinished end, once per frame: taken from the pieces, that costs the end's length, not a copy of
// the whole reply (~150 KB a frame for a 20,000-token reply, which kept V8's garbage collector busy inside frames).

export class GrowingText {
  private readonly pieces: string[] = [];
  private total = 0;

  constructor(initial = '') {
    this.append(initial);
  }

  get length(): number {
    return this.total;
  }

  append(piece: string): void {
    if (!piece) return;
    this.pieces.push(piece);
    this.total += piece.length;
  }

  /** The text from `from` to `to` (default: all of it so far), built from the pieces that cover it only. */
  slice(from: number, to = this.total): string {
    const end = Math.min(to, this.total);
    if (from >= end) return '';
    // Walk back from the last piece to the one holding `from`: the unfinished end is a few pieces.
    let pieceEnd = this.total;
    let i = this.pieces.length - 1;
    const taken: string[] = [];
    for (; i >= 0 && pieceEnd > from; i--) {
      const piece = this.pieces[i]!;
      const pieceStart = pieceEnd - piece.length;
      if (pieceStart < end) taken.push(piece.slice(Math.max(0, from - pieceStart), Math.min(piece.length, end - pieceStart)));
      pieceEnd = pieceStart;
    }
    return taken.reverse().join('');
  }
}

// Turns what the user typed into an FTS5 expression. User text never reaches FTS5 syntax: every term becomes
// a double-quoted string made only of letters and digits (what tokens.ts keeps), so `AND OR "(` or `NEAR(`
// are just words to look for. Unquoted terms are ANDed; "quoted text" (ASCII or “ ” quotes) is one phrase.
import { latinWords, normalizeText, runTokens, scriptRuns } from './tokens';

export interface ParsedQuery {
  /** The FTS5 MATCH expression over the text column, or null when nothing searchable was typed. */
  expression: string | null;
  /** Surface strings to highlight in snippets: lower-cased Latin words and CJK runs. */
  highlights: string[];
}

const MAX_TERMS = 16;
const MAX_PHRASE_TOKENS = 64;
const OPEN_QUOTES = new Set(['"', '“', '„', '「', '『']);
const CLOSE_QUOTES = new Set(['"', '”', '“', '」', '』']);

interface Term {
  quoted: boolean;
  text: string;
}

/** Splits input into whitespace-separated chunks and quoted phrases (an unclosed quote runs to the end). */
function terms(input: string): Term[] {
  const out: Term[] = [];
  let current = '';
  const flush = () => {
    if (current) out.push({ quoted: false, text: current });
    current = '';
  };
  const chars = Array.from(input);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (OPEN_QUOTES.has(char)) {
      flush();
      let phrase = '';
      for (i++; i < chars.length && !CLOSE_QUOTES.has(chars[i]!); i++) phrase += chars[i]!;
      out.push({ quoted: true, text: phrase });
    } else if (/\s/u.test(char)) flush();
    else current += char;
  }
  flush();
  return out;
}

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** An unquoted chunk: each CJK run and each Latin stretch is its own ANDed term ("Python教程" → python AND 教程). */
function chunkAtoms(text: string, highlights: string[]): string[] {
  const atoms: string[] = [];
  for (const run of scriptRuns(text)) {
    if (run.cjk) {
      const chars = Array.from(run.text);
      highlights.push(run.text);
      // One character: the prefix index finds every token starting with it (bigram or run end).
      atoms.push(chars.length === 1 ? `${quote(chars[0]!)}*` : quote(runTokens(chars, false).join(' ')));
    } else {
      const words = latinWords(run.text).map((w) => w.toLowerCase());
      if (!words.length) continue;
      highlights.push(...words);
      atoms.push(quote(words.slice(0, MAX_PHRASE_TOKENS).join(' ')));
    }
  }
  return atoms;
}

/**
 * A quoted phrase: the same tokens the indexer writes, in order. A CJK run followed by more of the phrase ends
 * there in the document too, so it keeps its last character; at the phrase's end the bigrams already cover the
 * run, and a lone final character becomes a prefix (it may continue in the document: "用 Python 写" matches 写代码).
 */
function phraseAtom(text: string, highlights: string[]): string | null {
  const runs = scriptRuns(text);
  const tokens: string[] = [];
  let prefix = false;
  runs.forEach((run, index) => {
    const last = index === runs.length - 1;
    if (run.cjk) {
      const chars = Array.from(run.text);
      highlights.push(run.text);
      if (last && chars.length === 1) {
        tokens.push(chars[0]!);
        prefix = true;
      } else tokens.push(...runTokens(chars, !last));
    } else {
      const words = latinWords(run.text).map((w) => w.toLowerCase());
      highlights.push(...words);
      tokens.push(...words);
    }
  });
  if (!tokens.length) return null;
  if (tokens.length > MAX_PHRASE_TOKENS) return quote(tokens.slice(0, MAX_PHRASE_TOKENS).join(' '));
  return `${quote(tokens.join(' '))}${prefix ? '*' : ''}`;
}

export function parseQuery(input: string): ParsedQuery {
  const highlights: string[] = [];
  const atoms: string[] = [];
  for (const term of terms(normalizeText(input))) {
    if (term.quoted) {
      const atom = phraseAtom(term.text, highlights);
      if (atom) atoms.push(atom);
    } else atoms.push(...chunkAtoms(term.text, highlights));
  }
  const kept = [...new Set(atoms)].slice(0, MAX_TERMS);
  return {
    expression: kept.length ? `text : (${kept.join(' AND ')})` : null,
    highlights: [...new Set(highlights)],
  };
}

// JSON.stringify(value, null, 2), byte for byte, in steps: a big export (10,000 messages) is serialized with a
// turn of the main process's event loop every few milliseconds, so streaming replies and IPC never stall on it.
// Arrays and objects near the top are walked here; anything deeper is one JSON.stringify call, re-indented.

import type { Stepper } from '../timeSlice';

const INDENT = '  ';

function reindent(json: string, depth: number): string {
  // String values never hold raw newlines (JSON escapes them), so every newline is structural.
  return depth === 0 ? json : json.split('\n').join(`\n${INDENT.repeat(depth)}`);
}

/** Serializes like `JSON.stringify(value, null, 2)`, walking containers down to `walkDepth` and yielding between items. */
export async function stringifyInSteps(value: unknown, stepper: Stepper, walkDepth = 4): Promise<string> {
  const out: string[] = [];
  const write = async (node: unknown, depth: number): Promise<void> => {
    const plain = node !== null && typeof node === 'object' && typeof (node as { toJSON?: unknown }).toJSON !== 'function';
    if (!plain || depth >= walkDepth) {
      out.push(reindent(JSON.stringify(node, null, 2) ?? 'null', depth));
      return;
    }
    const inner = INDENT.repeat(depth + 1);
    if (Array.isArray(node)) {
      if (!node.length) return void out.push('[]');
      out.push('[\n');
      for (let i = 0; i < node.length; i++) {
        out.push(inner);
        const item = node[i];
        // As JSON.stringify: undefined, functions and symbols in arrays become null.
        await write(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, depth + 1);
        if (i < node.length - 1) out.push(',\n');
        await stepper.maybeYield();
      }
      out.push(`\n${INDENT.repeat(depth)}]`);
      return;
    }
    const entries = Object.entries(node).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
    if (!entries.length) return void out.push('{}');
    out.push('{\n');
    for (let i = 0; i < entries.length; i++) {
      const [key, child] = entries[i]!;
      out.push(`${inner}${JSON.stringify(key)}: `);
      await write(child, depth + 1);
      if (i < entries.length - 1) out.push(',\n');
    }
    out.push(`\n${INDENT.repeat(depth)}}`);
  };
  await write(value, 0);
  return out.join('');
}

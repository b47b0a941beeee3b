// Defence in depth for exports. Keys and openids never enter conversations by construction (they live in the
// keychain; provider errors are scrubbed when they are made), but if one was ever pasted into a chat it must
// still not leave in an export file. Only secrets of 8+ characters are redacted: shorter ones (zyinfo's public
// openid "test") would shred ordinary words.
export const REDACTED = '[redacted]';

function redactString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A copy of `value` with every string (keys included) cleared of the given secrets. */
export function redactSecrets<T>(value: T, secrets: readonly (string | undefined)[]): T {
  const list = [...new Set(secrets.map((s) => s?.trim() ?? '').filter((s) => s.length >= 8))].sort((a, b) => b.length - a.length);
  if (!list.length) return value;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return redactString(node, list);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [redactString(key, list), walk(child)]));
    }
    return node;
  };
  return walk(value) as T;
}

export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  return redactSecrets(text, secrets);
}

// Small parameter checks with the wording of each protocol (OpenAI: "Invalid 'x': …"; Anthropic: "x: …").
import { isRecord } from './http';

export interface Problem {
  message: string;
  param: string;
}
export type Style = 'openai' | 'anthropic';

function problem(style: Style, param: string, openai: string, anthropic: string): Problem {
  return { param, message: style === 'openai' ? openai : `${param}: ${anthropic}` };
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Absent or null passes (both protocols treat null as "default"). */
export function checkNumber(
  style: Style,
  body: Record<string, unknown>,
  key: string,
  range: { min?: number; max?: number; integer?: boolean },
): Problem | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  const kind = range.integer ? 'integer' : 'number';
  if (typeof v !== 'number' || !Number.isFinite(v) || (range.integer && !Number.isInteger(v))) {
    return problem(style, key, `Invalid type for '${key}': expected ${kind === 'integer' ? 'an integer' : 'a number'}, but got ${typeName(v)} instead.`, `Input should be a valid ${kind}`);
  }
  const word = range.integer ? 'integer' : 'decimal';
  if (range.max !== undefined && v > range.max) {
    return problem(style, key, `Invalid '${key}': ${word} above maximum value. Expected a value <= ${range.max}, but got ${v} instead.`, `Input should be less than or equal to ${range.max}`);
  }
  if (range.min !== undefined && v < range.min) {
    return problem(style, key, `Invalid '${key}': ${word} below minimum value. Expected a value >= ${range.min}, but got ${v} instead.`, `Input should be greater than or equal to ${range.min}`);
  }
  return null;
}

export function checkType(style: Style, body: Record<string, unknown>, key: string, type: 'string' | 'boolean' | 'object' | 'array'): Problem | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  const ok = type === 'array' ? Array.isArray(v) : type === 'object' ? isRecord(v) : typeof v === type;
  if (ok) return null;
  return problem(style, key, `Invalid type for '${key}': expected ${type === 'array' || type === 'object' ? 'an' : 'a'} ${type}, but got ${typeName(v)} instead.`, `Input should be a valid ${type === 'object' ? 'dictionary' : type === 'array' ? 'list' : type}`);
}

export function missing(style: Style, key: string): Problem {
  return problem(style, key, `Missing required parameter: '${key}'.`, 'Field required');
}

export function invalid(style: Style, key: string, openai: string, anthropic = openai): Problem {
  return problem(style, key, openai, anthropic);
}

/** The first problem of a list of checks. */
export function first(...checks: (() => Problem | null)[]): Problem | null {
  for (const check of checks) {
    const p = check();
    if (p) return p;
  }
  return null;
}

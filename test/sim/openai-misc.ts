// The other OpenAI-protocol endpoints: Baystone's completions, edits, images/generations and models
// (baystone-general.md §2), zyinfo's models, szaiai's embeddings (szaiai-xiaoai-engine.md §3.3).
// Simple, plausible answers with the protocol's shapes; they use the default reply's text, not the queue.
import { isRecord, sendError, sendJson, sendSseHead, type Ctx } from './http';
import { sse } from './generation';
import { chunkText, countTokens, DEFAULT_CHUNK_SIZE, DEFAULT_REPLY_TEXT, randomId, simEmbedding, tokenize } from './text';
import { checkNumber, checkType, first, invalid, missing, type Problem } from './validate';

export const BAYSTONE_MODELS = ['deepseek-r1-distill-qwen-14b', 'llama-3.1-instruct'];
export const EMBEDDING_DIMENSIONS = 16;
/** A 1×1 PNG, served as the generated image. */
export const SIM_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const now = (): number => Math.floor(Date.now() / 1000);

async function badRequest(ctx: Ctx, problem: Problem | null): Promise<boolean> {
  if (problem === null) return false;
  await sendError(ctx, 400, { message: problem.message, param: problem.param });
  return true;
}

function jsonBody(ctx: Ctx): Record<string, unknown> | null {
  return isRecord(ctx.body.json) ? ctx.body.json : null;
}

async function requireJson(ctx: Ctx): Promise<Record<string, unknown> | null> {
  const body = jsonBody(ctx);
  if (body === null) await sendError(ctx, 400, { message: 'We could not parse the JSON body of your request; expected a JSON object.' });
  return body;
}

export async function listModels(ctx: Ctx, models: { id: string; owned_by: string; extra?: Record<string, unknown> }[]): Promise<void> {
  await sendJson(ctx, 200, {
    object: 'list',
    data: models.map((m) => ({ id: m.id, object: 'model', created: 1_700_000_000, owned_by: m.owned_by, ...m.extra })),
  });
}

export async function retrieveModel(ctx: Ctx, ids: string[], id: string, ownedBy: string): Promise<void> {
  if (!ids.includes(id)) {
    await sendError(ctx, 404, { message: `The model '${id}' does not exist`, param: 'model', type: 'invalid_request_error' });
    return;
  }
  await sendJson(ctx, 200, { id, object: 'model', created: 1_700_000_000, owned_by: ownedBy });
}

function defaultText(ctx: Ctx): string {
  return ctx.state.defaultReply.text ?? DEFAULT_REPLY_TEXT;
}

/** POST /v1/completions: the legacy text completion (logprobs: integer ≤ 5, the legacy shape). */
export async function completions(ctx: Ctx): Promise<void> {
  const b = await requireJson(ctx);
  if (b === null) return;
  const prompt = b['prompt'];
  const promptOk = prompt === undefined || typeof prompt === 'string' || (Array.isArray(prompt) && prompt.every((p) => typeof p === 'string'));
  const problem = first(
    () => (b['model'] === undefined ? missing('openai', 'model') : checkType('openai', b, 'model', 'string')),
    () => (promptOk ? null : invalid('openai', 'prompt', "Invalid type for 'prompt': expected a string or an array of strings.")),
    () => checkNumber('openai', b, 'max_tokens', { min: 0, integer: true }),
    () => checkNumber('openai', b, 'temperature', { min: 0, max: 2 }),
    () => checkNumber('openai', b, 'top_p', { min: 0, max: 1 }),
    () => checkNumber('openai', b, 'n', { min: 1, max: 128, integer: true }),
    () => checkNumber('openai', b, 'logprobs', { min: 0, max: 5, integer: true }),
    () => checkType('openai', b, 'stream', 'boolean'),
    () => checkType('openai', b, 'echo', 'boolean'),
  );
  if (await badRequest(ctx, problem)) return;
  const prompts = typeof prompt === 'string' ? [prompt] : Array.isArray(prompt) ? (prompt as string[]) : [''];
  const n = (b['n'] as number | undefined) ?? 1;
  const max = b['max_tokens'] as number | undefined;
  const full = tokenize(defaultText(ctx));
  const tokens = max === undefined ? full : full.slice(0, max);
  const finish = tokens.length < full.length ? 'length' : 'stop';
  const topN = (b['logprobs'] as number | undefined) ?? null;
  const text = tokens.join('');
  const legacyLogprobs = (toks: string[]): Record<string, unknown> | null => {
    if (topN === null) return null;
    let offset = 0;
    const offsets = toks.map((t) => ((offset += t.length), offset - t.length));
    const values = toks.map((t, i) => -0.05 - ((t.length + i) % 7) / 10);
    return {
      tokens: toks,
      token_logprobs: values,
      top_logprobs: toks.map((t, i) => (topN > 0 ? { [t]: values[i] ?? -0.1 } : null)),
      text_offset: offsets,
    };
  };
  const id = randomId('cmpl-');
  const model = b['model'] as string;
  const promptTokens = prompts.reduce((s, p) => s + countTokens(p), 0);
  const choiceCount = prompts.length * n;
  const echo = b['echo'] === true;
  if (b['stream'] === true) {
    await sendSseHead(ctx, id);
    for (let c = 0; c < choiceCount; c++) {
      const pieces = chunkText(text, DEFAULT_CHUNK_SIZE);
      for (const piece of pieces) {
        await ctx.out.write(sse.data({ id, object: 'text_completion', created: now(), model, choices: [{ text: piece, index: c, logprobs: legacyLogprobs(tokenize(piece)), finish_reason: null }] }));
      }
      await ctx.out.write(sse.data({ id, object: 'text_completion', created: now(), model, choices: [{ text: '', index: c, logprobs: null, finish_reason: finish }] }));
    }
    await ctx.out.write(sse.done);
    await ctx.out.end();
    return;
  }
  await sendJson(ctx, 200, {
    id,
    object: 'text_completion',
    created: now(),
    model,
    choices: Array.from({ length: choiceCount }, (_, index) => ({
      text: (echo ? (prompts[Math.floor(index / n)] ?? '') : '') + text,
      index,
      logprobs: legacyLogprobs(tokens),
      finish_reason: finish,
    })),
    usage: { prompt_tokens: promptTokens, completion_tokens: tokens.length * choiceCount, total_tokens: promptTokens + tokens.length * choiceCount },
  });
}

/** POST /v1/edits: {model, input?, instruction} → an "edit" object. */
export async function edits(ctx: Ctx): Promise<void> {
  const b = await requireJson(ctx);
  if (b === null) return;
  const problem = first(
    () => (b['model'] === undefined ? missing('openai', 'model') : checkType('openai', b, 'model', 'string')),
    () => (b['instruction'] === undefined ? missing('openai', 'instruction') : checkType('openai', b, 'instruction', 'string')),
    () => checkType('openai', b, 'input', 'string'),
    () => checkNumber('openai', b, 'n', { min: 1, max: 20, integer: true }),
    () => checkNumber('openai', b, 'temperature', { min: 0, max: 2 }),
    () => checkNumber('openai', b, 'top_p', { min: 0, max: 1 }),
  );
  if (await badRequest(ctx, problem)) return;
  const input = (b['input'] as string | undefined) ?? '';
  const instruction = b['instruction'] as string;
  const text = `${input}${input.endsWith('\n') || input === '' ? '' : '\n'}（已按指令修改 / edited per instruction: ${instruction}）\n`;
  const n = (b['n'] as number | undefined) ?? 1;
  const promptTokens = countTokens(input) + countTokens(instruction);
  const completion = countTokens(text) * n;
  await sendJson(ctx, 200, {
    object: 'edit',
    created: now(),
    choices: Array.from({ length: n }, (_, index) => ({ text, index })),
    usage: { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion },
  });
}

/** POST /v1/images/generations: n 1×1 PNGs, as URLs served by the simulator or as b64_json. */
export async function images(ctx: Ctx, fileUrl: (name: string) => string): Promise<void> {
  const b = await requireJson(ctx);
  if (b === null) return;
  const problem = first(
    () => (b['prompt'] === undefined ? missing('openai', 'prompt') : checkType('openai', b, 'prompt', 'string')),
    () => checkNumber('openai', b, 'n', { min: 1, max: 10, integer: true }),
    () => (b['size'] === undefined || (typeof b['size'] === 'string' && /^\d+x\d+$/.test(b['size'])) ? null : invalid('openai', 'size', "Invalid 'size': expected a value like '1024x1024'.")),
    () =>
      b['response_format'] === undefined || b['response_format'] === 'url' || b['response_format'] === 'b64_json'
        ? null
        : invalid('openai', 'response_format', "Invalid 'response_format': expected 'url' or 'b64_json'."),
  );
  if (await badRequest(ctx, problem)) return;
  const n = (b['n'] as number | undefined) ?? 1;
  const asB64 = b['response_format'] === 'b64_json';
  await sendJson(ctx, 200, {
    created: now(),
    data: Array.from({ length: n }, (_, i) =>
      asB64 ? { b64_json: SIM_PNG_BASE64, revised_prompt: b['prompt'] } : { url: fileUrl(`img-${Date.now().toString(36)}-${i}.png`), revised_prompt: b['prompt'] },
    ),
  });
}

export async function servePng(ctx: Ctx): Promise<void> {
  const png = Buffer.from(SIM_PNG_BASE64, 'base64');
  ctx.out.head(200, { 'content-type': 'image/png', 'content-length': png.length });
  await ctx.out.write(png);
  await ctx.out.end();
}

function embeddingInputs(input: unknown): string[] | null {
  const isTokens = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((t) => Number.isInteger(t));
  if (typeof input === 'string') return input === '' ? null : [input];
  if (isTokens(input)) return [JSON.stringify(input)];
  if (Array.isArray(input) && input.length > 0) {
    if (input.every((s) => typeof s === 'string' && s !== '')) return input as string[];
    if (input.every(isTokens)) return input.map((t) => JSON.stringify(t));
  }
  return null;
}

/** POST /v1/embeddings: deterministic unit vectors (16 dims, or `dimensions`); float or base64 (float32 LE). */
export async function embeddings(ctx: Ctx): Promise<void> {
  const b = await requireJson(ctx);
  if (b === null) return;
  const inputs = embeddingInputs(b['input']);
  const problem = first(
    () => (b['model'] === undefined ? missing('openai', 'model') : checkType('openai', b, 'model', 'string')),
    () => (b['input'] === undefined ? missing('openai', 'input') : null),
    () => (inputs === null ? invalid('openai', 'input', "Invalid 'input': expected a non-empty string or a non-empty array of non-empty strings.") : null),
    () =>
      b['encoding_format'] === undefined || b['encoding_format'] === 'float' || b['encoding_format'] === 'base64'
        ? null
        : invalid('openai', 'encoding_format', "Invalid 'encoding_format': expected 'float' or 'base64'."),
    () => checkNumber('openai', b, 'dimensions', { min: 1, max: 1024, integer: true }),
  );
  if (await badRequest(ctx, problem) || inputs === null) return;
  const dims = (b['dimensions'] as number | undefined) ?? EMBEDDING_DIMENSIONS;
  const base64 = b['encoding_format'] === 'base64';
  const tokens = inputs.reduce((s, t) => s + countTokens(t), 0);
  await sendJson(ctx, 200, {
    object: 'list',
    model: b['model'],
    data: inputs.map((input, index) => {
      const vector = simEmbedding(input, dims);
      return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
    }),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

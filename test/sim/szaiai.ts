// szaiai 小艾引擎 (szaiai-xiaoai-engine.md): Anthropic Messages at /v1/messages, OpenAI-compatible
// /v1/chat/completions and /v1/embeddings; X-Api-Key or Bearer; errors {"type":"error","error":{type,message}}.
import { handleMessages } from './anthropic';
import { beginChat, type Credentials } from './chat';
import { bearer, sendError, type Ctx, type Route } from './http';
import { handleChatCompletions } from './openai';
import { embeddings } from './openai-misc';

function credentials(ctx: Ctx): Credentials {
  const key = ctx.record.headers['x-api-key']?.trim() || bearer(ctx);
  return {
    who: key,
    valid: key !== undefined && ctx.state.validKeys.has(key),
    message: key === undefined ? 'API Key 缺失: send X-Api-Key or Authorization: Bearer' : 'API Key 无效 (invalid x-api-key)',
  };
}

export function routeSzaiai(method: string, path: string): Route {
  if (method === 'POST' && path === '/v1/messages') {
    return {
      kind: 'messages',
      handle: async (ctx) => {
        const reply = await beginChat(ctx, credentials(ctx));
        if (reply) await handleMessages(ctx, reply);
      },
    };
  }
  if (method === 'POST' && path === '/v1/chat/completions') {
    return {
      kind: 'chat',
      handle: async (ctx) => {
        const reply = await beginChat(ctx, credentials(ctx));
        if (reply) await handleChatCompletions(ctx, reply, { idPrefix: 'cmpl-', maxTopLogprobs: 20 });
      },
    };
  }
  if (method === 'POST' && path === '/v1/embeddings') {
    return {
      kind: 'embeddings',
      handle: async (ctx) => {
        const c = credentials(ctx);
        if (!c.valid) return sendError(ctx, 401, { message: c.message });
        const wait = ctx.state.overRateLimit('szaiai', c.who ?? '');
        if (wait !== null) return sendError(ctx, 429, { message: 'Rate limit exceeded' }, { 'retry-after': String(wait) });
        return embeddings(ctx);
      },
    };
  }
  return { kind: 'unknown', handle: (ctx) => sendError(ctx, 404, { message: `Not found: ${method} ${path}` }) };
}

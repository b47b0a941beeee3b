// Baystone 英智 (baystone-general.md, baystone-text-models.md): OpenAI protocol under /v1, Bearer keys.
import { beginChat, type Credentials } from './chat';
import { bearer, sendError, type Ctx, type Route } from './http';
import { handleChatCompletions } from './openai';
import { BAYSTONE_MODELS, completions, edits, images, listModels, retrieveModel, servePng } from './openai-misc';

export const BAYSTONE_FILES_PATH = '/sim-files/';

function credentials(ctx: Ctx): Credentials {
  const key = bearer(ctx);
  return {
    who: key,
    valid: key !== undefined && ctx.state.validKeys.has(key),
    message: key === undefined ? 'Missing API key: send the header Authorization: Bearer YOUR_API_KEY' : 'Invalid API key provided',
  };
}

/** For the non-chat endpoints: answers 401 and returns false when the key is not accepted. */
async function authorized(ctx: Ctx): Promise<boolean> {
  const c = credentials(ctx);
  if (c.valid) return true;
  await sendError(ctx, 401, { message: c.message });
  return false;
}

function withKey(handle: (ctx: Ctx) => Promise<void>): (ctx: Ctx) => Promise<void> {
  return async (ctx) => {
    if (await authorized(ctx)) await handle(ctx);
  };
}

export function routeBaystone(method: string, path: string): Route {
  if (method === 'POST' && path === '/v1/chat/completions') {
    return {
      kind: 'chat',
      handle: async (ctx) => {
        const reply = await beginChat(ctx, credentials(ctx));
        if (reply) await handleChatCompletions(ctx, reply, { idPrefix: 'chatcmpl-', maxTopLogprobs: 5 });
      },
    };
  }
  if (method === 'POST' && path === '/v1/completions') return { kind: 'completions', handle: withKey(completions) };
  if (method === 'POST' && path === '/v1/edits') return { kind: 'edits', handle: withKey(edits) };
  if (method === 'POST' && path === '/v1/images/generations') {
    return { kind: 'images', handle: withKey((ctx) => images(ctx, (name) => `${ctx.origin}/baystone${BAYSTONE_FILES_PATH}${name}`)) };
  }
  if (method === 'GET' && path === '/v1/models') {
    return { kind: 'models', handle: withKey((ctx) => listModels(ctx, BAYSTONE_MODELS.map((id) => ({ id, owned_by: 'baystone' })))) };
  }
  const model = /^\/v1\/models\/([^/]+)$/.exec(path);
  if (method === 'GET' && model) {
    return { kind: 'models', handle: withKey((ctx) => retrieveModel(ctx, BAYSTONE_MODELS, decodeURIComponent(model[1] ?? ''), 'baystone')) };
  }
  if (method === 'GET' && path.startsWith(BAYSTONE_FILES_PATH) && path.endsWith('.png')) return { kind: 'file', handle: servePng };
  return {
    kind: 'unknown',
    handle: (ctx) => sendError(ctx, 404, { message: `Unknown request URL: ${method} ${path}. Please check the URL for typos.` }),
  };
}

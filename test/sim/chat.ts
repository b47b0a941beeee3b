// What every chat request (OpenAI chat/completions, Anthropic messages) goes through before the protocol:
// take the next reply, inject a status fault, check credentials and the opt-in rate limit, check the JSON.
import { errorBody } from './errors';
import { sendError, sendJson, type Ctx } from './http';
import type { SimReply } from './types';

export interface Credentials {
  /** Who is calling (key or openid), or undefined when no credentials were sent. */
  who: string | undefined;
  valid: boolean;
  /** Error message for the 401 when not valid. */
  message: string;
}

/**
 * The queue is consumed here, once per chat request that reached a chat route (auth and validation failures
 * included; 413 bodies excluded), so a test can count replies against requests. Returns null when the request
 * was already answered (fault, 401, 429, invalid JSON).
 */
export async function beginChat(ctx: Ctx, credentials: Credentials): Promise<SimReply | null> {
  const reply = ctx.state.takeReply();
  ctx.out.byteByByte = reply.byteByByte === true;
  ctx.out.buffered = reply.bufferedWrites === true;
  if (reply.status !== undefined && reply.status >= 400) {
    await sendFault(ctx, reply);
    return null;
  }
  if (!credentials.valid) {
    await sendError(ctx, 401, { message: credentials.message });
    return null;
  }
  const wait = ctx.state.overRateLimit(ctx.gateway, credentials.who ?? '');
  if (wait !== null) {
    await sendError(ctx, 429, { message: 'Rate limit exceeded: too many requests per minute.' }, { 'retry-after': String(wait) });
    return null;
  }
  if (ctx.body.parseError !== undefined || ctx.body.json === null) {
    await sendError(ctx, 400, {
      message:
        ctx.body.json === null && ctx.body.parseError === undefined
          ? 'The request body is empty; expected a JSON object.'
          : `We could not parse the JSON body of your request. (${ctx.body.parseError ?? ''})`,
    });
    return null;
  }
  return reply;
}

/** The reply's injected status with the gateway's error body (and Retry-After when given). */
export async function sendFault(ctx: Ctx, reply: SimReply): Promise<void> {
  const status = reply.status ?? 500;
  const headers: Record<string, string> = {};
  if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter;
  await sendJson(ctx, status, errorBody(ctx.gateway, status, { message: reply.errorMessage, type: reply.errorType }), headers);
}

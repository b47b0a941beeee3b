// zyinfo 展映 (zyinfo-gateway.md): OpenAI protocol under {node}/llm_api/{openid}/{userid}/{AI_system}/v1.
// The key may be anything; the account is the openid. Two nodes: overseas streams, domestic has no native
// stream (stream:true gets one plain JSON completion). Plus {node}/llm_api/suspend_current_generate and
// {node}/api_user/info (quota), which the seed names but does not specify (shapes below are our invention).
import { beginChat } from './chat';
import { isRecord, sendError, sendJson, sendText, type Ctx, type Route } from './http';
import { handleChatCompletions, type ChatResult } from './openai';
import { listModels } from './openai-misc';
import type { SimGateway } from './types';

export interface ZyinfoModel {
  id: string;
  name: string;
  /** Context window in tokens. */
  context: number;
  /** 元 per 1K tokens, or 元 per second of processing for the `-t` models (and chat5-v). */
  price: number;
  priceUnit: 'per_1k_tokens' | 'per_second';
}

const k = 1024;
/** The seed's model table (AI_system 处理模型). */
export const ZYINFO_MODELS: ZyinfoModel[] = [
  { id: 'gpt-3.5-turbo', name: 'ChatGPT（测试用，暂不支持）', context: 4 * k, price: 0.042, priceUnit: 'per_1k_tokens' },
  { id: 'llama2-70b', name: 'LLama2 70B', context: 4 * k, price: 0.019, priceUnit: 'per_1k_tokens' },
  { id: 'qwen', name: '阿里千问2 72B', context: 32 * k, price: 0.04, priceUnit: 'per_1k_tokens' },
  { id: 'baichuan', name: '百川 53B', context: 4 * k, price: 0.04, priceUnit: 'per_1k_tokens' },
  { id: 'llama2-32k', name: 'LLAMA2 7B', context: 32 * k, price: 0.0042, priceUnit: 'per_1k_tokens' },
  { id: 'mistral', name: 'mistral 7B 语言模型', context: 4 * k, price: 0.0042, priceUnit: 'per_1k_tokens' },
  { id: 'misins', name: 'mistral chat 7B', context: 4 * k, price: 0.0042, priceUnit: 'per_1k_tokens' },
  { id: 'misorca', name: 'mistral chat +orca 7B', context: 8 * k, price: 0.0042, priceUnit: 'per_1k_tokens' },
  { id: 'misins-moe', name: 'Mixtral-8x7B Instruct 专家模型', context: 32 * k, price: 0.0084, priceUnit: 'per_1k_tokens' },
  { id: 'misins-moe2', name: 'Mixtral-8x7B Instruct 专家模型 2', context: 32 * k, price: 0.0084, priceUnit: 'per_1k_tokens' },
  { id: 'chat5-v', name: '视觉模型 5', context: 8 * k, price: 0.015, priceUnit: 'per_second' },
  { id: 'deepseek-coder-33b', name: '编程专家33b', context: 16 * k, price: 0.017, priceUnit: 'per_1k_tokens' },
  { id: 'codellama-34b', name: 'Code LLama 34b Instruct', context: 8 * k, price: 0.017, priceUnit: 'per_1k_tokens' },
  { id: 'codellama-13b', name: 'Code LLama 13b Instruct', context: 8 * k, price: 0.0063, priceUnit: 'per_1k_tokens' },
  { id: 'vicuna-16k', name: 'vicuna 13b 16k', context: 16 * k, price: 0.0063, priceUnit: 'per_1k_tokens' },
  { id: 'yi-34b', name: 'Yi 34b Chat', context: 4 * k, price: 0.011, priceUnit: 'per_1k_tokens' },
  { id: 'code3', name: '代码专家模型 AIcoder 34B', context: 16 * k, price: 0.011, priceUnit: 'per_1k_tokens' },
  { id: 'pycode3', name: '代码专家模型 AIcoder 34B', context: 16 * k, price: 0.012, priceUnit: 'per_1k_tokens' },
  { id: 'yi-34b-t', name: 'Yi 34b Chat', context: 4 * k, price: 0.019, priceUnit: 'per_second' },
  { id: 'llama2-70b-t', name: 'llama2 70b for time fee', context: 4 * k, price: 0.019, priceUnit: 'per_second' },
  { id: 'qwen-14b-t', name: 'qwen-14b-chat', context: 8 * k, price: 0.015, priceUnit: 'per_second' },
  { id: 'orca2-t', name: 'orca2 13B', context: 4 * k, price: 0.015, priceUnit: 'per_second' },
  { id: 'mistral-t', name: 'mistral 7B', context: 8 * k, price: 0.012, priceUnit: 'per_second' },
  { id: 'misorca-t', name: 'mistral chat +orca 7B', context: 8 * k, price: 0.012, priceUnit: 'per_second' },
  { id: 'misins-moe-t', name: 'Mixtral-8x7B Instruct 专家模型', context: 32 * k, price: 0.019, priceUnit: 'per_second' },
  { id: 'pycode3-t', name: 'python 代码专家模型 AIcoder 34b', context: 16 * k, price: 0.012, priceUnit: 'per_second' },
  { id: 'pycode3.1-t', name: 'python 代码专家模型 AIcoder 34b', context: 16 * k, price: 0.016, priceUnit: 'per_second' },
  { id: 'code3-t', name: '代码专家模型 AIcoder 34B', context: 16 * k, price: 0.01, priceUnit: 'per_second' },
  { id: 'code3.0-t', name: '代码专家模型 AIcoder 34B', context: 16 * k, price: 0.01, priceUnit: 'per_second' },
  { id: 'code3.1-t', name: '代码专家模型 AIcoder 34B', context: 16 * k, price: 0.019, priceUnit: 'per_second' },
  { id: 'code2-t', name: '代码专家模型 AIcoder 15B', context: 16 * k, price: 0.016, priceUnit: 'per_second' },
  { id: 'code2.1-t', name: '代码专家模型 AIcoder 15B', context: 16 * k, price: 0.016, priceUnit: 'per_second' },
  { id: 'phi2-t', name: '小模型 phi 2.7B', context: 2 * k, price: 0.0032, priceUnit: 'per_second' },
];

/** The credit every openid starts with in the simulator (元). */
export const ZYINFO_INITIAL_CREDIT = 20;

const round4 = (v: number): number => Math.round(v * 10000) / 10000;

function cost(result: ChatResult): number {
  const model = ZYINFO_MODELS.find((m) => m.id === result.model);
  if (!model) return ((result.promptTokens + result.completionTokens) / 1000) * 0.01;
  if (model.priceUnit === 'per_second') return ((result.endedAt - result.startedAt) / 1000) * model.price;
  return ((result.promptTokens + result.completionTokens) / 1000) * model.price;
}

const runningKey = (gateway: SimGateway, openid: string, userid: string): string => `${gateway}|${openid}|${userid}`;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** GET {node}/llm_api/suspend_current_generate?openid=&userid= → {"code":0,"msg":"ok","suspended":N}. */
async function suspend(ctx: Ctx): Promise<void> {
  const openid = ctx.query['openid'] ?? '';
  const userid = ctx.query['userid'];
  if (openid === '') return sendJson(ctx, 400, { code: 400, msg: 'missing openid' });
  if (!ctx.state.validOpenids.has(openid)) return sendJson(ctx, 401, { code: 401, msg: 'invalid openid' });
  let suspended = 0;
  const prefix = runningKey(ctx.gateway, openid, '');
  for (const [key, gens] of ctx.state.running) {
    // Without a userid, every generation of the openid on this node.
    const match = userid === undefined || userid === '' ? key.startsWith(prefix) : key === runningKey(ctx.gateway, openid, userid);
    if (!match) continue;
    for (const gen of gens) {
      if (!gen.suspended) suspended++;
      gen.suspend();
    }
  }
  return sendJson(ctx, 200, { code: 0, msg: 'ok', suspended });
}

/**
 * GET {node}/api_user/info?openid=&type=json. The seed only says "type 可为 json"; our invented shape:
 *   {"code":0,"openid":"test","balance":19.9876,"used":0.0124,"total":20,"unit":"元","requests":3}
 * (balance = total − used; used accumulates the simulated cost of this openid's chats on either node, priced
 * from the seed's table: per 1K tokens, or per second for the `-t` models and chat5-v).
 * Any other `type` (or none): a small HTML page with the same numbers. Unknown openid: 401 {"code":401,"msg":…}.
 */
async function quota(ctx: Ctx): Promise<void> {
  const openid = ctx.query['openid'] ?? '';
  const asJson = (ctx.query['type'] ?? '').toLowerCase() === 'json';
  if (openid === '') return sendJson(ctx, 400, { code: 400, msg: 'missing openid' });
  if (!ctx.state.validOpenids.has(openid)) return sendJson(ctx, 401, { code: 401, msg: 'invalid openid' });
  const spent = ctx.state.spent.get(openid) ?? { yuan: 0, requests: 0 };
  const info = {
    code: 0,
    openid,
    balance: round4(ZYINFO_INITIAL_CREDIT - spent.yuan),
    used: round4(spent.yuan),
    total: ZYINFO_INITIAL_CREDIT,
    unit: '元',
    requests: spent.requests,
  };
  if (asJson) return sendJson(ctx, 200, info);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>账户额度</title></head><body><p>openid: ${openid}</p><p>余额: ${info.balance} 元</p><p>已用: ${info.used} 元</p><p>请求次数: ${info.requests}</p></body></html>`;
  return sendText(ctx, 200, html, 'text/html; charset=utf-8');
}

export function routeZyinfo(gateway: SimGateway, method: string, path: string): Route {
  if ((method === 'GET' || method === 'POST') && path === '/llm_api/suspend_current_generate') return { kind: 'suspend', handle: suspend };
  if (method === 'GET' && path === '/api_user/info') return { kind: 'quota', handle: quota };

  // /llm_api/{openid}/{userid}/{AI_system}/v1/<rest>
  const parts = path.split('/');
  if (parts[1] === 'llm_api' && parts.length >= 7 && parts[5] === 'v1') {
    const openid = decode(parts[2] ?? '');
    const userid = decode(parts[3] ?? '');
    const aiSystem = decode(parts[4] ?? '');
    const rest = `/${parts.slice(5).join('/')}`;
    const zyinfo = { openid, userid, aiSystem, model: aiSystem };
    if (method === 'POST' && rest === '/v1/chat/completions') {
      return {
        kind: 'chat',
        path: rest,
        zyinfo,
        handle: async (ctx) => {
          const body = ctx.body.json;
          const bodyModel = isRecord(body) && typeof body['model'] === 'string' ? body['model'] : '';
          if (ctx.record.zyinfo && aiSystem === '') ctx.record.zyinfo.model = bodyModel;
          const reply = await beginChat(ctx, {
            who: openid,
            valid: ctx.state.validOpenids.has(openid),
            message: `Invalid openid '${openid}': 请联系我们创建 openid (微信 youkpan)`,
          });
          if (!reply) return;
          const result = await handleChatCompletions(ctx, reply, {
            idPrefix: 'chatcmpl-',
            maxTopLogprobs: 20,
            // "若 AI_system 为空，则采用 POST json中的model参数"
            model: aiSystem === '' ? undefined : aiSystem,
            noNativeStream: gateway === 'zyinfo-domestic',
            track: (gen) => ctx.state.track(runningKey(gateway, openid, userid), gen),
          });
          if (result) {
            const spent = ctx.state.spent.get(openid) ?? { yuan: 0, requests: 0 };
            ctx.state.spent.set(openid, { yuan: spent.yuan + cost(result), requests: spent.requests + 1 });
          }
        },
      };
    }
    if (method === 'GET' && rest === '/v1/models') {
      return {
        kind: 'models',
        path: rest,
        zyinfo,
        handle: async (ctx) => {
          if (!ctx.state.validOpenids.has(openid)) return sendError(ctx, 401, { message: `Invalid openid '${openid}'` });
          return listModels(
            ctx,
            ZYINFO_MODELS.map((m) => ({ id: m.id, owned_by: 'zyinfo', extra: { name: m.name, context_length: m.context, price: m.price, price_unit: m.priceUnit } })),
          );
        },
      };
    }
    return { kind: 'unknown', path: rest, zyinfo, handle: (ctx) => sendError(ctx, 404, { message: `Unknown request URL: ${method} ${rest}` }) };
  }
  return { kind: 'unknown', handle: (ctx) => sendError(ctx, 404, { message: `Unknown request URL: ${method} ${path}` }) };
}

import { describe, expect, it } from 'vitest';
import { providerSchema } from '../../../src/shared/domain';
import {
  BAYSTONE_FALLBACK_MODELS,
  GATEWAY_CATALOG,
  ZYINFO_MODELS,
  ZYINFO_NODES,
  createCustomProvider,
  defaultProviders,
  findModelInfo,
  modelContextTokens,
  modelSupportsVision,
  rateLimitPerMinute,
} from '../../../src/main/core/providers/catalog';

// The model table of seeds/zyinfo-gateway.md, copied verbatim (its non-breaking spaces made plain spaces).
const SEED_TABLE = String.raw`
|AI_system<br>处理模型| 模型名称|上下文|价格<br>元/1K token|中文能力|说明|
|:----|:----|:----|:----|:----|:----|
|gpt-3.5-turbo|ChatGPT<br>（测试用，暂不支持）|4K|0.042|良好|有使用量限制|
|llama2-70b|LLama2 70B|4k|0.019|一般|不限量|
|qwen|阿里千问2 72B|32k|0.04|优秀|不限量|
|baichuan|百川 53B|4k|0.04|优秀|限量，请求速率最多60个请求/min|
|llama2-32k|LLAMA2 7B|32K|0.0042|较差|不限量|
|mistral|mistral  7B<br>语言模型|4K|0.0042|一般|不限量，较好的7B 模型。建议内容放到第一个Message信息。该模型不遵循指令输出。|
|misins|mistral chat 7B|4K|0.0042|一般|不限量，加入指令微调|
|misorca|mistral chat +orca 7B|8K|0.0042|一般|不限量，加入大模型的指令微调，推荐用于逻辑处理环境|
|misins-moe|Mixtral-8x7B Instruct 专家模型|32K|0.0084|一般|不限量，用于专家级推理，效果较好|
|misins-moe2|Mixtral-8x7B Instruct <br>专家模型 2|32K|0.0084|一般|不限量，第三方微调版本，用于专家级推理，GSM8k效果一般。|
|chat5-v|视觉模型 5|8K|按处理时间算<br>0.015元/S|较好|不限量，用于视觉输入处理。调用前，请参考[uploadfile 接口](https://docs.qq.com/doc/DS0dWdmdNRkRWc2JJ)上传图像流，及[说明](https://docs.qq.com/doc/DS1RTcU1wRVJoRUhZ)。|
|deepseek-coder-33b|编程专家33b|16K|0.017|优秀|不限量，用于通用的软件编写交互，指令接口|
|codellama-34b|Code LLama 34b Instruct|8K|0.017|一般|不限量，用于通用的软件编写交互，指令接口|
|codellama-13b|Code LLama 13b Instruct|8K|0.0063|一般|不限量，用于通用的软件编写交互，指令接口|
|vicuna-16k|vicuna 13b 16k|16K|0.0063|一般|不限量，用于较长上下文的英文处理|
|yi-34b|Yi 34b Chat|4K|0.011|很好|不限量，用于较长上下文的中文处理，较短的输出内容。|
|code3|代码专家模型 AIcoder  34B |16K|0.011|一般|不限量，用于代码补全|
|pycode3|代码专家模型 AIcoder  34B |16K|0.012|一般|不限量，用于代码补全，指令微调|
|yi-34b-t|Yi 34b Chat|4K|0.019元/S|很好|不限量，用于较长上下文的中文处理，较短的输出内容。|
|llama2-70b-t|llama2 70b for time fee|4K|0.019元/S|一般|不限量，用于较长上下文的英文处理，较短的输出内容。|
|qwen-14b-t|qwen-14b-chat|8K|0.015元/S|很好|不限量|
|orca2-t|orca2 13B|4K|0.015元/S|一般|不限量，较好的输出逻辑|
|mistral-t|mistral 7B|8K|0.012元/S|一般|不限量|
|misorca-t|mistral chat +orca 7B|8K|0.012元/S|一般|不限量|
|misins-moe-t|Mixtral-8x7B Instruct 专家模型|32K|0.019元/S|一般|不限量，用于专家级推理，若输出较短内容，成本更低，效果较好|
|pycode3-t|python 代码专家模型 AIcoder  34b |16K|0.012元/S|一般|不限量，用于代码补全|
|pycode3.1-t|python 代码专家模型 AIcoder  34b |16K|0.016元/S|一般|不限量，用于代码补全|
|code3-t|代码专家模型 AIcoder  34B |16K|0.01元/S|一般|不限量，用于代码补全|
|code3.0-t|代码专家模型 AIcoder  34B |16K|0.01元/S|一般|不限量，用于代码补全|
|code3.1-t|代码专家模型 AIcoder  34B |16K|0.019元/S|一般|不限量，用于代码补全|
|code2-t|代码专家模型 AIcoder  15B |16K|0.016元/S|一般|不限量，用于代码补全|
|code2.1-t|代码专家模型 AIcoder  15B |16K|0.016元/S|一般|不限量，用于代码补全|
|phi2-t|小模型 phi  2.7B |2K|0.0032元/S|一般|不限量，|
`;

interface SeedRow {
  id: string;
  context: number;
  per1k?: number;
  perSecond?: number;
}

function parseSeed(): SeedRow[] {
  return SEED_TABLE.trim()
    .split('\n')
    .slice(2)
    .map((line) => {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      const [id, , ctx, price] = cells as [string, string, string, string];
      const k = Number(/^(\d+)\s*k$/i.exec(ctx)![1]);
      const perSecond = /元\/S/i.test(price) ? Number(/([\d.]+)\s*元\/S/i.exec(price)![1]) : undefined;
      return {
        id,
        context: k * 1024,
        ...(perSecond !== undefined ? { perSecond } : { per1k: Number(price) }),
      };
    });
}

describe('catalog', () => {
  it('zyinfo: every row of the seed table is in the catalog with its context and price, and nothing else', () => {
    const rows = parseSeed();
    expect(rows).toHaveLength(33);
    expect(ZYINFO_MODELS.map((m) => m.id)).toEqual(rows.map((r) => r.id));
    for (const r of rows) {
      const m = ZYINFO_MODELS.find((x) => x.id === r.id)!;
      expect(m.contextTokens, r.id).toBe(r.context);
      if (r.perSecond !== undefined) {
        expect(m.pricePerSecond, r.id).toBe(r.perSecond);
        expect(m.pricePer1kTokens, r.id).toBeUndefined();
        expect(r.id.endsWith('-t') || r.id === 'chat5-v', r.id).toBe(true);
      } else {
        expect(m.pricePer1kTokens, r.id).toBe(r.per1k);
        expect(m.pricePerSecond, r.id).toBeUndefined();
      }
      expect(m.label, r.id).toBeTruthy();
    }
  });

  it('zyinfo: chat5-v is the only vision model', () => {
    expect(ZYINFO_MODELS.filter((m) => m.vision).map((m) => m.id)).toEqual(['chat5-v']);
  });

  it('zyinfo nodes: overseas streams, domestic does not', () => {
    expect(ZYINFO_NODES.overseas).toEqual({ url: 'https://v.stylee.top:8899', nativeStream: true });
    expect(ZYINFO_NODES.domestic).toEqual({ url: 'https://ai.zyinfo.pro:8882', nativeStream: false });
  });

  it('Baystone: the seed examples are the fallback list', () => {
    expect(BAYSTONE_FALLBACK_MODELS.map((m) => m.id)).toEqual(['deepseek-r1-distill-qwen-14b', 'llama-3.1-instruct', 'gpt-4', 'gpt-3.5-turbo']);
  });

  it('default provider rows are valid Provider rows with no secrets', () => {
    const rows = defaultProviders(123);
    expect(rows.map((r) => r.id)).toEqual(['baystone', 'zyinfo', 'szaiai']);
    for (const r of rows) expect(providerSchema.parse(r)).toEqual(r);
    const [b, z, s] = rows as [typeof rows[0], typeof rows[0], typeof rows[0]];
    expect(b).toMatchObject({ kind: 'baystone', protocol: 'openai', baseUrl: 'https://api.baystoneai.cn/v1' });
    expect(z).toMatchObject({ kind: 'zyinfo', protocol: 'openai', baseUrl: 'https://v.stylee.top:8899' });
    expect(z.options).toMatchObject({ userid: 'test', node: 'overseas' });
    expect(s).toMatchObject({ kind: 'szaiai', protocol: 'anthropic', baseUrl: 'https://api1.szaiai.com' });
    expect(s.options).toMatchObject({ endpoint: 'messages' });
    expect(s.models.map((m) => m.id)).toEqual(['xiaoai-chat-v1']);
    expect(JSON.stringify(rows)).not.toMatch(/openid"|apiKey|sk-/);
    // Rows are copies: editing one does not touch the catalog.
    z.models[0]!.pricePer1kTokens = 99;
    expect(GATEWAY_CATALOG.zyinfo.models[0]!.pricePer1kTokens).toBe(0.042);
  });

  it('custom providers validate too', () => {
    const p = createCustomProvider({ id: 'local', name: 'Local', protocol: 'openai', baseUrl: 'http://127.0.0.1:8000/v1/', models: ['a', { id: 'b', vision: true }] });
    expect(providerSchema.parse(p)).toEqual(p);
    expect(p.baseUrl).toBe('http://127.0.0.1:8000/v1');
    expect(modelSupportsVision(p, 'b')).toBe(true);
    expect(modelSupportsVision(p, 'a')).toBe(false);
  });

  it('lookups: price, context, vision; the row’s own edits win', () => {
    const z = defaultProviders(0)[1]!;
    expect(findModelInfo(z, 'qwen')).toMatchObject({ pricePer1kTokens: 0.04, contextTokens: 32768 });
    expect(findModelInfo(z, 'phi2-t')).toMatchObject({ pricePerSecond: 0.0032, contextTokens: 2048 });
    expect(modelContextTokens(z, 'misins-moe')).toBe(32768);
    expect(modelSupportsVision(z, 'chat5-v')).toBe(true);
    expect(findModelInfo({ ...z, models: [{ id: 'qwen', pricePer1kTokens: 0.05 }] }, 'qwen')).toMatchObject({ pricePer1kTokens: 0.05, contextTokens: 32768 });
    expect(findModelInfo(z, 'nope')).toBeUndefined();
  });

  it('rate limits: szaiai 60/min per provider, zyinfo baichuan 60/min, options override', () => {
    const [b, z, s] = defaultProviders(0) as [ReturnType<typeof defaultProviders>[0], ReturnType<typeof defaultProviders>[0], ReturnType<typeof defaultProviders>[0]];
    expect(rateLimitPerMinute(s, 'xiaoai-chat-v1')).toEqual({ perMinute: 60, scope: 'provider' });
    expect(rateLimitPerMinute(z, 'baichuan')).toEqual({ perMinute: 60, scope: 'model' });
    expect(rateLimitPerMinute(z, 'qwen')).toBeNull();
    expect(rateLimitPerMinute(b, 'gpt-4')).toBeNull();
    expect(rateLimitPerMinute({ ...s, options: { rateLimitPerMinute: 0 } }, 'x')).toBeNull();
    expect(rateLimitPerMinute({ ...b, options: { rateLimitPerMinute: 10 } }, 'x')).toEqual({ perMinute: 10, scope: 'provider' });
  });
});

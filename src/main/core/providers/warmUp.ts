// One tiny turn through each protocol's whole client path (the gateway module, the SDK's request building, our SSE
// pipeline and its validation, the reasoning split) against canned in-memory streams, so that the first real reply
// of a session does not compile that code on the main thread: 10–30 ms of work inside the first reply otherwise
// (bench/profile-responsiveness.ts). Nothing leaves the process: fetch is a stub that answers from memory, the
// credentials are placeholders that go nowhere, the rate limiter is a private one, and nothing is stored.
import type { Provider } from '../../../shared/domain';
import { createProviderClient } from './client';
import { RateLimiter } from './rateLimiter';

const OPENAI_STREAM = [
  { id: 'warm', object: 'chat.completion.chunk', created: 0, model: 'warm-up', choices: [{ index: 0, delta: { role: 'assistant', content: '<think>a</think>b' }, finish_reason: null }] },
  { id: 'warm', object: 'chat.completion.chunk', created: 0, model: 'warm-up', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
]
  .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
  .concat('data: [DONE]\n\n')
  .join('');

const ANTHROPIC_STREAM = (
  [
    ['message_start', { type: 'message_start', message: { id: 'warm', type: 'message', role: 'assistant', model: 'warm-up', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 0 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'b' } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 1 } }],
    ['message_stop', { type: 'message_stop' }],
  ] as const
)
  .map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  .join('');

/** Answers every request with the canned stream of its protocol, from memory. */
const cannedFetch = (protocol: Provider['protocol']): typeof fetch =>
  (async () =>
    new Response(protocol === 'anthropic' ? ANTHROPIC_STREAM : OPENAI_STREAM, {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8' },
    })) as typeof fetch;

/**
 * Streams one canned turn for each (kind, protocol) among `providers`. A built-in gateway speaks the protocol its
 * documents give whatever the provider's field says, so the canned stream of the provider's protocol is tried first,
 * then the other one. Never throws: a warm-up that fails only leaves that path cold. Returns the paths warmed, as
 * kind/protocol of the stream that went through.
 */
export async function warmProviderPath(providers: readonly Provider[]): Promise<string[]> {
  const seen = new Set<string>();
  const warmed: string[] = [];
  for (const provider of providers) {
    const path = `${provider.kind}/${provider.protocol}`;
    if (seen.has(path)) continue;
    seen.add(path);
    const other: Provider['protocol'] = provider.protocol === 'openai' ? 'anthropic' : 'openai';
    for (const protocol of [provider.protocol, other]) {
      if (await cannedTurn(provider, protocol)) {
        warmed.push(`${provider.kind}/${protocol}`);
        break;
      }
    }
  }
  return warmed;
}

/** Whether a turn of `provider` against the canned stream of `protocol` went through to its text. */
async function cannedTurn(provider: Provider, protocol: Provider['protocol']): Promise<boolean> {
  try {
    const client = createProviderClient(provider, { fetch: cannedFetch(protocol), rateLimiter: new RateLimiter(), maxRetries: 0 });
    let text = '';
    for await (const batch of client.streamBatches({
      provider,
      credentials: { apiKey: 'warm-up', openid: 'warm-up' },
      model: provider.models[0]?.id ?? 'warm-up',
      system: 'warm-up',
      messages: [{ role: 'user', parts: [{ type: 'text', text: 'warm-up' }] }],
      params: {},
      signal: new AbortController().signal,
    }))
      for (const event of batch) if (event.type === 'text') text += event.text;
    return text === 'b';
  } catch {
    // Not this protocol (or a gateway that needs more than the placeholders): left cold.
    return false;
  }
}

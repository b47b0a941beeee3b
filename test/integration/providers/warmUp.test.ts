// The start-up warm-up of the request path: a canned turn per gateway kind and protocol, from memory. It must go
// through the real client path (so the first real reply finds that code compiled) and send nothing anywhere.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Provider } from '../../../src/shared/domain';
import { defaultProviders } from '../../../src/main/core/providers';
import { warmProviderPath } from '../../../src/main/core/providers/warmUp';

afterEach(() => vi.restoreAllMocks());

describe('warmProviderPath', () => {
  it('streams a canned turn through every built-in gateway, and custom ones in the protocol they speak, without touching the network', async () => {
    const realFetch = vi.spyOn(globalThis, 'fetch');
    const builtins = defaultProviders(0);
    const baystone = builtins.find((p) => p.kind === 'baystone')!;
    const custom = (id: string, protocol: Provider['protocol']): Provider => ({ ...baystone, id, kind: 'custom', protocol, baseUrl: 'https://gateway.example/v1' });
    const warmed = await warmProviderPath([...builtins, custom('c1', 'openai'), custom('c2', 'anthropic'), custom('c3', 'anthropic')]);
    // Baystone and zyinfo speak OpenAI, szaiai Anthropic (the seeds); each path once.
    expect(warmed.sort()).toEqual(['baystone/openai', 'custom/anthropic', 'custom/openai', 'szaiai/anthropic', 'zyinfo/openai']);
    expect(realFetch).not.toHaveBeenCalled();
  });
});

import { describe, expect, it } from 'vitest';
import { checkVision, imageLimitsFor, visionSupport } from '../../../src/main/core/images';
import { createCustomProvider, defaultProviders } from '../../../src/main/core/providers';
import type { Provider } from '../../../src/shared/domain';

const [baystone, zyinfo, szaiai] = defaultProviders(0) as [Provider, Provider, Provider];

describe('vision capabilities', () => {
  it('the catalog knows zyinfo chat5-v and szaiai xiaoai-chat-v1 see; zyinfo’s text models do not; the rest is unknown', () => {
    expect(visionSupport(zyinfo, 'chat5-v')).toBe(true);
    expect(visionSupport(szaiai, 'xiaoai-chat-v1')).toBe(true);
    expect(visionSupport(zyinfo, 'qwen')).toBe(false);
    expect(visionSupport(zyinfo, 'code3-t')).toBe(false);
    expect(visionSupport(baystone, 'gpt-4')).toBe('unknown');
    expect(visionSupport(zyinfo, 'a-model-added-later')).toBe('unknown');
    const custom = createCustomProvider({ id: 'local', name: 'Local', protocol: 'openai', baseUrl: 'http://127.0.0.1:1/v1', models: ['llava', { id: 'text', vision: false }] });
    expect(visionSupport(custom, 'llava')).toBe('unknown');
    expect(visionSupport(custom, 'text')).toBe(false);
  });

  it('names the provider’s vision models as alternatives; the user’s own rows count', () => {
    expect(checkVision(zyinfo, 'qwen')).toMatchObject({ providerId: 'zyinfo', model: 'qwen', vision: false, alternatives: [{ id: 'chat5-v', label: '视觉模型 5' }] });
    expect(checkVision(zyinfo, 'chat5-v').alternatives).toEqual([]);
    const edited = { ...zyinfo, models: [...zyinfo.models, { id: 'chat6-v', vision: true }] };
    expect(checkVision(edited, 'qwen').alternatives.map((m) => m.id)).toEqual(['chat5-v', 'chat6-v']);
    expect(checkVision(baystone, 'gpt-4')).toMatchObject({ vision: 'unknown', alternatives: [] });
  });

  it('image limits: 2048 px and 3.75 MB unless the model asks for less', () => {
    expect(imageLimitsFor(szaiai, 'xiaoai-chat-v1')).toEqual({ maxSide: 2048, maxBytes: 3_750_000 });
    const small = { ...zyinfo, models: [{ id: 'chat5-v', maxImageSide: 672, maxImageBytes: 500_000 }] };
    expect(imageLimitsFor(small, 'chat5-v')).toEqual({ maxSide: 672, maxBytes: 500_000 });
  });
});

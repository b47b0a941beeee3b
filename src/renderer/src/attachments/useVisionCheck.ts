// Whether the model the next message goes to can see images. Asked while images are attached (so the offer shows
// before the user sends) and again right before a send; 'unknown' (custom providers, unlisted models) just sends.
import { useCallback, useEffect, useState } from 'react';
import type { ApiOutput } from '../../../shared/contract';
import { api } from '../api';

export type VisionCheck = ApiOutput<'attachments.checkTarget'>;

/** The open conversation, or the provider and model a new chat will use. */
export interface VisionTarget {
  conversationId?: string | undefined;
  providerId?: string | null | undefined;
  model?: string | null | undefined;
}

async function check(target: VisionTarget): Promise<VisionCheck | null> {
  const { conversationId, providerId, model } = target;
  const query = conversationId ? { conversationId } : providerId && model ? { providerId, model } : null;
  if (!query) return null;
  // No provider or model yet: the send itself reports that.
  return api.attachments.checkTarget(query).catch(() => null);
}

export function useVisionCheck(target: VisionTarget, active: boolean) {
  const { conversationId, providerId, model } = target;
  const [blind, setBlind] = useState<VisionCheck | null>(null);

  useEffect(() => {
    setBlind(null);
    if (!active) return;
    let current = true;
    void check({ conversationId, providerId, model }).then((result) => current && setBlind(result?.vision === false ? result : null));
    return () => {
      current = false;
    };
  }, [active, conversationId, providerId, model]);

  /** Asks now; returns the check when the model is known not to see images (and shows the offer). */
  const recheck = useCallback(async () => {
    const result = await check({ conversationId, providerId, model });
    const notSeeing = result?.vision === false ? result : null;
    setBlind(notSeeing);
    return notSeeing;
  }, [conversationId, providerId, model]);

  /** The offer for a refusal the core made at send time, even if the check would not say so (a race). */
  const showRefusal = useCallback(async () => {
    const result = await check({ conversationId, providerId, model });
    setBlind(result ? { ...result, vision: false } : { providerId: providerId ?? '', model: model ?? '', vision: false, alternatives: [], maxImageSide: 0, maxImageBytes: 0 });
  }, [conversationId, providerId, model]);

  return { blind, recheck, showRefusal, dismiss: useCallback(() => setBlind(null), []) };
}

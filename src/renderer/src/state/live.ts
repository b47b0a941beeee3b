// The app's one LiveReplies, connected to window.api, and the hook a message row uses to follow its reply.
import { useCallback, useSyncExternalStore } from 'react';
import { api } from '../api';
import { LiveReplies, type LiveReply } from './liveReplies';
import { browserFrameClock, pacedFrames } from './framePacer';

export const liveReplies = new LiveReplies(pacedFrames(browserFrameClock()));
liveReplies.connect(api);

/** The live state of one reply; only this row re-renders when its deltas arrive. */
export function useLiveReply(messageId: string): LiveReply | undefined {
  const subscribe = useCallback((listener: () => void) => liveReplies.subscribe(messageId, listener), [messageId]);
  const snapshot = useCallback(() => liveReplies.get(messageId), [messageId]);
  return useSyncExternalStore(subscribe, snapshot);
}

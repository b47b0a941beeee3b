// Core → faces events (stream deltas, list changes). Each face subscribes and forwards to its renderer.
import type { ApiEventName } from '../../shared/methods';
import type { ApiEventPayload } from '../../shared/contract';

export type EventListener = <E extends ApiEventName>(event: E, payload: ApiEventPayload<E>) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit<E extends ApiEventName>(event: E, payload: ApiEventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}

// The images attached to a draft but not sent yet, per draft key (like the composer's text drafts): switching
// conversations keeps them, and an ingest that finishes while another conversation is open lands in its own draft.
import type { ImagePart } from '../../../shared/domain';

export type PendingImage =
  | { id: number; name: string; status: 'ingesting' }
  | { id: number; name: string; status: 'ready'; part: ImagePart };

const EMPTY: readonly PendingImage[] = [];
const drafts = new Map<string, readonly PendingImage[]>();
const listeners = new Set<() => void>();
let nextId = 1;

function write(key: string, list: readonly PendingImage[]): void {
  if (list.length) drafts.set(key, list);
  else drafts.delete(key);
  for (const listener of listeners) listener();
}

export const pendingImages = {
  get: (key: string): readonly PendingImage[] => drafts.get(key) ?? EMPTY,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  /** A placeholder shown while the file is read and checked; returns its id. */
  startIngesting(key: string, name: string): number {
    const id = nextId++;
    write(key, [...pendingImages.get(key), { id, name, status: 'ingesting' }]);
    return id;
  },
  /** The placeholder becomes the stored image, unless the same image is attached already (then it goes). */
  ready(key: string, id: number, part: ImagePart): void {
    const list = pendingImages.get(key);
    const duplicate = list.some((item) => item.status === 'ready' && item.part.hash === part.hash);
    write(key, duplicate ? list.filter((item) => item.id !== id) : list.map((item) => (item.id === id ? { id, name: item.name, status: 'ready', part } : item)));
  },
  add(key: string, name: string, part: ImagePart): void {
    pendingImages.ready(key, pendingImages.startIngesting(key, name), part);
  },
  remove(key: string, id: number): void {
    write(key, pendingImages.get(key).filter((item) => item.id !== id));
  },
  /** Everything at once (a send takes the images; a failed send puts them back). */
  set(key: string, list: readonly PendingImage[]): void {
    write(key, list);
  },
};

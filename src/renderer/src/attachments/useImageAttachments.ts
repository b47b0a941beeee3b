// The composer's attaching: files (file input, drop, paste) are read and sent to attachments.ingest one after
// another, the native dialog (Electron) goes through attachments.pick. A refused file is reported with the
// core's message, in the user's language, and leaves nothing attached.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/apiError';
import { api } from '../api';
import { useToast } from '../state/toast';
import { fileProblem, fileToBase64, MAX_IMAGES_PER_MESSAGE } from './files';
import { pendingImages, type PendingImage } from './pendingImages';

// One file at a time across the app: a batch of large photos never sits in memory (or in the core) all at once.
let ingestQueue: Promise<unknown> = Promise.resolve();

let nativeDialogs: Promise<boolean> | undefined;
function hasNativeDialogs(): Promise<boolean> {
  nativeDialogs ??= api.app.info().then(
    (info) => info.nativeDialogs,
    () => false,
  );
  return nativeDialogs;
}

export interface ImageAttachments {
  images: readonly PendingImage[];
  /** Whether the main process's dialog is used (else the page's file input). */
  native: boolean;
  picking: boolean;
  addFiles(files: File[]): void;
  pick(): Promise<void>;
  remove(id: number): void;
  set(list: readonly PendingImage[]): void;
}

export function useImageAttachments(draftKey: string): ImageAttachments {
  const { t } = useTranslation();
  const toast = useToast();
  const [native, setNative] = useState(false);
  const [picking, setPicking] = useState(false);
  const images = useSyncExternalStore(pendingImages.subscribe, () => pendingImages.get(draftKey));

  useEffect(() => {
    let current = true;
    void hasNativeDialogs().then((value) => current && setNative(value));
    return () => {
      current = false;
    };
  }, []);

  const refuse = useCallback((message: string) => toast.show(message, { tone: 'error', durationMs: 8000 }), [toast]);

  /** How many more images fit; says so once when some do not. */
  const roomFor = useCallback(
    (wanted: number) => {
      const room = Math.max(0, MAX_IMAGES_PER_MESSAGE - pendingImages.get(draftKey).length);
      if (wanted > room) refuse(t('attach.tooMany', { max: MAX_IMAGES_PER_MESSAGE }));
      return room;
    },
    [draftKey, refuse, t],
  );

  const addFiles = useCallback(
    (files: File[]) => {
      for (const file of files.slice(0, roomFor(files.length))) {
        const problem = fileProblem(file);
        if (problem) {
          refuse(t(problem.key, problem));
          continue;
        }
        const id = pendingImages.startIngesting(draftKey, file.name);
        ingestQueue = ingestQueue.then(async () => {
          try {
            const dataBase64 = await fileToBase64(file);
            const { part } = await api.attachments.ingest({ name: file.name || 'image', dataBase64 });
            pendingImages.ready(draftKey, id, part);
          } catch (error) {
            pendingImages.remove(draftKey, id);
            // The core's image refusals are already complete sentences in the user's language.
            if (error instanceof ApiError && error.code === 'validation') refuse(error.message);
            else refuse(t('attach.failed', { name: file.name, message: error instanceof Error ? error.message : String(error) }));
          }
        });
      }
    },
    [draftKey, refuse, roomFor, t],
  );

  const pick = useCallback(async () => {
    setPicking(true);
    try {
      const result = await api.attachments.pick({});
      const room = roomFor(result.images.length);
      for (const image of result.images.slice(0, room)) pendingImages.add(draftKey, image.name, image.part);
      for (const refused of result.refused) refuse(refused.message);
    } catch (error) {
      refuse(t('errors.generic', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setPicking(false);
    }
  }, [draftKey, refuse, roomFor, t]);

  const remove = useCallback((id: number) => pendingImages.remove(draftKey, id), [draftKey]);
  const set = useCallback((list: readonly PendingImage[]) => pendingImages.set(draftKey, list), [draftKey]);

  return { images, native, picking, addFiles, pick, remove, set };
}

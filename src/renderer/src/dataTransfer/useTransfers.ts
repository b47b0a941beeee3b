// Export and import with a toast for the outcome. Export goes through the main process's save dialog
// (export.toFile); import through its open dialog (import.fromFile) or a file the renderer read (import.fromJson).
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiInput, ApiOutput } from '../../../shared/contract';
import { api } from '../api';
import { useToast } from '../state/toast';

type ImportSummary = ApiOutput<'import.fromJson'>;

export function useTransfers() {
  const { t } = useTranslation();
  const toast = useToast();
  const fail = useCallback((e: unknown) => toast.show(t('data.failed', { message: e instanceof Error ? e.message : String(e) }), { tone: 'error', durationMs: 6000 }), [t, toast]);
  const imported = useCallback(
    (summary: ImportSummary) =>
      toast.show(t('data.imported', { added: summary.conversationsAdded, merged: summary.conversationsMerged, messages: summary.messagesAdded }), { durationMs: 5000 }),
    [t, toast],
  );

  const exportToFile = useCallback(
    async (input: ApiInput<'export.toFile'>) => {
      try {
        const result = await api.export.toFile(input);
        if (!result.cancelled) toast.show(t('data.exported', { conversations: result.conversations, messages: result.messages }), { durationMs: 5000 });
      } catch (e) {
        fail(e);
      }
    },
    [fail, t, toast],
  );

  const importFromDialog = useCallback(async () => {
    try {
      const result = await api.import.fromFile();
      if (!result.cancelled) imported(result);
    } catch (e) {
      fail(e);
    }
  }, [fail, imported]);

  const importFile = useCallback(
    async (file: File) => {
      try {
        imported(await api.import.fromJson({ json: await file.text() }));
      } catch (e) {
        fail(e);
      }
    },
    [fail, imported],
  );

  return { exportToFile, importFromDialog, importFile };
}

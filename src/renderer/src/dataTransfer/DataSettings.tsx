// Settings → Import and export: everything at once. (One conversation is exported from its menu in the sidebar.)
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNativeDialogs } from './useNativeDialogs';
import { useTransfers } from './useTransfers';

export function DataSettings() {
  const { t } = useTranslation();
  const native = useNativeDialogs();
  const { exportToFile, importFromDialog, importFile } = useTransfers();
  const [includeReasoning, setIncludeReasoning] = useState(false);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset data-testid="data-settings">
      <legend>{t('data.title')}</legend>
      {native ? (
        <>
          <p className="muted small">{t('data.exportHint')}</p>
          <div className="row">
            <button type="button" disabled={busy} onClick={() => void run(() => exportToFile({ all: true, format: 'json', includeReasoning }))} data-testid="export-all-json">
              {t('data.exportAllJson')}
            </button>
            <button type="button" disabled={busy} onClick={() => void run(() => exportToFile({ all: true, format: 'md', includeReasoning }))} data-testid="export-all-md">
              {t('data.exportAllMarkdown')}
            </button>
            <label className="switch">
              <input type="checkbox" checked={includeReasoning} onChange={(e) => setIncludeReasoning(e.target.checked)} data-testid="export-include-reasoning" />
              {t('data.includeReasoning')}
            </label>
          </div>
        </>
      ) : (
        native === false && <p className="muted small">{t('data.exportUnavailable')}</p>
      )}
      <p className="muted small">{t('data.importHint')}</p>
      <div className="row">
        <button
          type="button"
          disabled={busy || native === null}
          onClick={() => (native ? void run(importFromDialog) : fileInput.current?.click())}
          data-testid="import-button"
        >
          {t('data.import')}
        </button>
        {/* Without native dialogs the page reads the file itself and hands over its text. */}
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void run(() => importFile(file));
          }}
          data-testid="import-file"
        />
      </div>
    </fieldset>
  );
}

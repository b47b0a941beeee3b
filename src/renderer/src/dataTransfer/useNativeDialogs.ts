// Whether this face has native save/open dialogs (Electron) — asked once per run. Without them (the browser
// harness) exporting is hidden, since the renderer never names a path itself, and importing uses a file input.
import { useEffect, useState } from 'react';
import { api } from '../api';

let asked: Promise<boolean> | undefined;

export function useNativeDialogs(): boolean | null {
  const [value, setValue] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    asked ??= api.app.info().then(
      (info) => info.nativeDialogs,
      () => false,
    );
    void asked.then((native) => live && setValue(native));
    return () => {
      live = false;
    };
  }, []);
  return value;
}

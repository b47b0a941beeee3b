// Short notices at the bottom of the window, optionally with one action (e.g. Undo).
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

interface Toast {
  id: number;
  text: string;
  action?: { label: string; run: () => void };
  tone?: 'error';
}

interface ToastApi {
  show(text: string, options?: { action?: Toast['action']; tone?: Toast['tone']; durationMs?: number; onExpire?: () => void }): void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback<ToastApi['show']>(
    (text, options = {}) => {
      const id = nextId.current++;
      let acted = false;
      const action = options.action && {
        label: options.action.label,
        run: () => {
          acted = true;
          dismiss(id);
          options.action!.run();
        },
      };
      setToasts((list) => [...list.slice(-2), { id, text, action, tone: options.tone }]);
      setTimeout(() => {
        dismiss(id);
        if (!acted) options.onExpire?.();
      }, options.durationMs ?? 3000);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast ${toast.tone ?? ''}`} data-testid="toast">
            <span>{toast.text}</span>
            {toast.action && (
              <button type="button" className="ghost small" onClick={toast.action.run} data-testid="toast-action">
                {toast.action.label}
              </button>
            )}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToast outside ToastProvider');
  return value;
}

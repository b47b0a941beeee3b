// The preload's only job: put `window.api` (built from the contract's method list) on the page.
// It exposes named methods and `on` for events; never ipcRenderer itself, never process or env.
import { contextBridge, ipcRenderer } from 'electron';
import { buildWindowApi } from '../shared/bridge';
import { ipcChannels } from '../shared/methods';
import type { ApiResult } from '../shared/apiError';

const api = buildWindowApi({
  invoke: (method, input) => ipcRenderer.invoke(ipcChannels.invoke, method, input) as Promise<ApiResult>,
  subscribe(deliver) {
    ipcRenderer.on(ipcChannels.event, (_event, name: string, payload: unknown) => deliver(name, payload));
  },
});

contextBridge.exposeInMainWorld('api', api);

import { createTypedApi } from '../../shared/bridge';

/** The typed client over `window.api` (set by the preload in Electron, by the harness in e2e tests). */
export const api = createTypedApi(window.api);

import type { WindowApi } from '../shared/bridge';

declare global {
  interface Window {
    api: WindowApi;
  }
}

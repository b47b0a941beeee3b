// electron-vite's default entries: src/main/index.ts, src/preload/index.ts, src/renderer/index.html.
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {},
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file with no external requires.
      externalizeDeps: false,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    plugins: [react()],
  },
});

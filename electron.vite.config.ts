// electron-vite's default entries: src/main/index.ts, src/preload/index.ts, src/renderer/index.html.
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * Asks V8 to compile every function of the renderer's entry chunk while the script loads (off the main thread,
 * with streaming compilation) instead of lazily on first call: opening the first conversation after start runs
 * much of the bundle for the first time (Markdown, highlighting, KaTeX, the virtualizer), and lazy compilation
 * was a good part of that open. Costs a little memory for functions never called.
 */
function compileHints(): Plugin {
  return {
    name: 'qiao-compile-hints',
    renderChunk(code, chunk) {
      return chunk.isEntry ? { code: `//# allFunctionsCalledOnLoad\n${code}`, map: null } : null;
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        // The reader worker (src/main/core/reader) is a second entry beside index.js: reader/client.ts starts it
        // from `readerWorker.js` in the directory of the bundle it was bundled into (index.js here). Code both
        // entries use goes to shared chunks.
        input: { index: 'src/main/index.ts', readerWorker: 'src/main/core/reader/worker.ts' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file with no external requires.
      externalizeDeps: false,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    plugins: [react(), compileHints()],
  },
});

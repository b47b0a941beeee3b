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
  main: {},
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

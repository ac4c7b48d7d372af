import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// Two pages: the agent CCP (/ccp/) and the customer chat page (/chat/). Preact's JSX runtime.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { ccp: resolve(import.meta.dirname, 'ccp/index.html'), chat: resolve(import.meta.dirname, 'chat/index.html'), phone: resolve(import.meta.dirname, 'phone/index.html'), call: resolve(import.meta.dirname, 'call/index.html'),
        // Admin console (issue 18)
        admin: resolve(import.meta.dirname, 'admin/index.html'),
      },
    },
  },
});

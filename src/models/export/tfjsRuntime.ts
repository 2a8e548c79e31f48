// The runtime the studio itself runs, as the package's prebuilt script, emitted by Vite as an asset of its own:
// the standalone demo page puts it beside its index.html, so the page needs neither a CDN nor a server.
// The ES2017 build, not tf.min.js: tf.min.js carries a regenerator-runtime polyfill that calls
// Function("r", "regeneratorRuntime = r") in strict mode, which the page's Content-Security-Policy
// (no 'unsafe-eval') refuses, and tfjs then never loads. The ES2017 build has no eval and is 25 % smaller.
import runtimeUrl from '@tensorflow/tfjs/dist/tf.es2017.min.js?url';

const SOURCE_MAP_COMMENT = '\n//# sourceMappingURL=';

/** The bytes of `@tensorflow/tfjs/dist/tf.es2017.min.js`, fetched from the studio's own origin (works in the engine's worker). */
export async function loadTfjsRuntime(): Promise<Uint8Array> {
  const response = await fetch(runtimeUrl);
  if (!response.ok) throw new Error(`The TensorFlow.js runtime for the demo page could not be read (HTTP ${response.status} for ${runtimeUrl})`);
  return withoutSourceMapComment(new Uint8Array(await response.arrayBuffer()));
}

/**
 * The script without its last line when that line names a source map: the built studio serves the package's
 * file as is (its map is not shipped, so the comment points nowhere), and Vite's dev server appends the map
 * inline (22 MB for tfjs). Either way the code before it is the package's, byte for byte.
 */
export function withoutSourceMapComment(script: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(script);
  const at = text.lastIndexOf(SOURCE_MAP_COMMENT);
  if (at < 0 || text.slice(at + 1).trimEnd().includes('\n')) return script;
  return new TextEncoder().encode(`${text.slice(0, at).trimEnd()}\n`);
}

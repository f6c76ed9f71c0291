/**
 * UTF-8 conversion. Decoding is fatal: invalid UTF-8 in a token is malformed, not silently replaced.
 *
 * @module
 */

const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes a string as UTF-8 bytes. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Writes the UTF-8 form of `text` into `out` from its start and returns the number of bytes
 * written, or `undefined` when `out` is too small to hold all of it.
 */
export function utf8Into(text: string, out: Uint8Array): number | undefined {
  const { read, written } = encoder.encodeInto(text, out);
  return read === text.length ? written : undefined;
}

/** Decodes UTF-8 bytes, or returns `undefined` when they are not valid UTF-8. */
export function fromUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

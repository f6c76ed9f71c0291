/**
 * Byte-array detection that works across realms (iframes, jsdom, vm contexts), where
 * `instanceof Uint8Array` fails for arrays made by another global.
 *
 * @module
 */

/** True for a Uint8Array from any realm. */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]')
  );
}

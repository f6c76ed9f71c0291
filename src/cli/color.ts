/**
 * ANSI colours for the terminal, in the jwt.io palette: header red, payload violet, signature blue.
 * Every helper is the identity when colour is off, so output stays plain for pipes and files.
 *
 * @module
 */

/** Colour helpers bound to one on/off decision. */
export interface Palette {
  header(text: string): string;
  payload(text: string): string;
  signature(text: string): string;
  dim(text: string): string;
  good(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
}

const paint = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string): string => text;

/** A palette that colours only when `enabled`. */
export function palette(enabled: boolean): Palette {
  if (!enabled) {
    return { header: plain, payload: plain, signature: plain, dim: plain, good: plain, bad: plain, warn: plain };
  }
  return {
    header: paint(31, 39),
    payload: paint(35, 39),
    signature: paint(36, 39),
    dim: paint(2, 22),
    good: paint(32, 39),
    bad: paint(31, 39),
    warn: paint(33, 39),
  };
}

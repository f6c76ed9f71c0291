/**
 * Tiny DOM helpers. Token contents are attacker-controlled, so text only ever goes in through
 * `textContent`; nothing here touches `innerHTML`.
 *
 * @module
 */

/** The element with `id`, or an error naming it (a missing element is a bug in index.html). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`#${id} is missing`);
  return element as T;
}

/** Creates an element with a class and text. */
export function el(tag: string, className?: string, text?: string): HTMLElement {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Replaces the children of `parent`. */
export function fill(parent: HTMLElement, ...children: Node[]): void {
  parent.replaceChildren(...children);
}

/** Calls `run` once input has paused for `ms`. */
export function debounce(run: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}

/** Pretty JSON. */
export const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

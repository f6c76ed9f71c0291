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

let busy = 0;
function setBusy(delta: number): void {
  busy += delta;
  // For tests and for people: the page says when it has caught up with the input.
  document.getElementById('app')?.setAttribute('data-busy', String(busy > 0));
}

/** Runs `work` (sync or async) while the page shows itself busy. */
export async function whileBusy(work: () => unknown): Promise<void> {
  setBusy(+1);
  try {
    await work();
  } finally {
    setBusy(-1);
  }
}

/** Calls `run` once input has paused for `ms`; the page counts as busy until it has run. */
export function debounce(run: () => unknown, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer === undefined) setBusy(+1);
    else clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void whileBusy(run).finally(() => setBusy(-1));
    }, ms);
  };
}

/** Pretty JSON. */
export const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

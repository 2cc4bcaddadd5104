// Tiny DOM builder for the speed test panel. Text only ever goes in through textContent, so
// untrusted strings (target names, error messages) can never become markup.

export type Child = Node | string | null | undefined | false;

export interface Attrs {
  [name: string]: string | boolean | undefined;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    // Event handler attributes are never set from here; listeners are added with addEventListener.
    if (/^on/i.test(name)) throw new Error(`h(): refusing to set ${name}`);
    el.setAttribute(name, value === true ? '' : value);
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Replaces all children of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.textContent = '';
  append(el, ...children);
}

/** A simple table; every cell is text. */
export function table(caption: string, head: string[], rows: string[][], footer?: string[]): HTMLTableElement {
  const t = h('table', {}, h('caption', {}, caption));
  const thead = h('thead');
  const tr = h('tr');
  for (const c of head) append(tr, h('th', { scope: 'col' }, c));
  append(thead, tr);
  const tbody = h('tbody');
  for (const row of rows) {
    const r = h('tr');
    row.forEach((c, i) => append(r, i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)));
    append(tbody, r);
  }
  append(t, thead, tbody);
  if (footer) {
    const f = h('tr');
    footer.forEach((c, i) => append(f, i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)));
    append(t, h('tfoot', {}, f));
  }
  return t;
}

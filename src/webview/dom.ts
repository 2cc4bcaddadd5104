// The one element builder both panels use. Text only ever goes in as Text nodes (or textContent),
// never as markup, so untrusted strings (workspace, region and target names, errors) stay text.

type Child = Node | string | null | undefined | false;

/** Attributes by name; `true` sets an empty (boolean) attribute, `false`/`undefined` skip it. */
type Attrs = Record<string, string | boolean | undefined>;

/** The attributes `h()` would set, in order. Event handler attributes are refused: use addEventListener. */
export function attributeEntries(attrs: Attrs): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (/^on/i.test(name)) throw new Error(`h(): refusing to set ${name}`);
    out.push([name, value === true ? '' : value]);
  }
  return out;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of attributeEntries(attrs)) el.setAttribute(name, value);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces all children of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.textContent = '';
  append(el, ...children);
}

/** Sets the text of `el`, touching the DOM only when it changed (live regions announce every write). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

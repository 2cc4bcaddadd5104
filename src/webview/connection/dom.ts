// A tiny element builder. Text always goes in through textContent, never as markup.
type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.id) el.id = props.id;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function replaceChildren(el: Element, children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

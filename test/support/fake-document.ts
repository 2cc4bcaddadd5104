// Just enough of a document for the panels' builders (src/webview/dom.ts and what builds on it):
// elements keep attributes, child nodes and listeners; text nodes keep their data as given (there is
// no HTML parser here, so markup could only appear if the code under test built it).
export class FakeText {
  readonly nodeType = 3;
  constructor(readonly data: string) {}
  get textContent(): string {
    return this.data;
  }
}

export class FakeElement {
  readonly nodeType = 1;
  readonly attributes = new Map<string, string>();
  childNodes: (FakeElement | FakeText)[] = [];
  textWrites = 0;
  readonly listeners = new Map<string, (() => void)[]>();
  constructor(readonly tagName: string) {}
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  appendChild<T extends FakeElement | FakeText>(child: T): T {
    this.childNodes.push(child);
    return child;
  }
  append(...children: (FakeElement | FakeText)[]): void {
    this.childNodes.push(...children);
  }
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  /** Calls the listeners of `type`, as a user's click (or key press) would. */
  fire(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
  get children(): FakeElement[] {
    return this.childNodes.filter((c): c is FakeElement => c instanceof FakeElement);
  }
  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(text: string) {
    this.textWrites++;
    this.childNodes = text === '' ? [] : [new FakeText(text)];
  }
}

export const fakeDocument = {
  createElement: (tag: string) => new FakeElement(tag),
  createTextNode: (data: string) => new FakeText(data),
};

/** Installs the fake as `document` for the enclosing describe block, and puts back what was there. */
export function useFakeDocument(): void {
  const global = globalThis as { document?: unknown };
  let saved: unknown;
  before(() => {
    saved = global.document;
    global.document = fakeDocument;
  });
  after(() => (global.document = saved));
}

/** An element built under the fake document, seen as the fake it is. */
export const fake = (el: unknown): FakeElement => el as FakeElement;

/** A tiny element builder: the overlays are plain DOM, with text always set as textContent. */
export type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    } else if (key === 'class') {
      el.className = String(value);
    } else if (key === 'testid') {
      el.dataset['testid'] = String(value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** A keyboard hint shown inside a control, e.g. <kbd>S</kbd>. */
export function kbd(key: string): HTMLElement {
  return h('kbd', { 'aria-hidden': 'true' }, key);
}

/** Children for replaceChildren, skipping the absent ones (a conditional section). */
export function present(...children: Child[]): (Node | string)[] {
  return children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false);
}

/**
 * `parent` holds exactly `nodes`, in order, and a node already there stays attached: a button the
 * user is pressing while the page is drawn again keeps its click (replaceChildren detaches every
 * child, and a button detached between a tap's press and its release loses the click).
 */
export function keepChildren(parent: Element, nodes: readonly Node[]): void {
  const wanted = new Set(nodes);
  for (const child of [...parent.childNodes]) if (!wanted.has(child)) child.remove();
  nodes.forEach((node, i) => {
    if (parent.childNodes[i] !== node) parent.insertBefore(node, parent.childNodes[i] ?? null);
  });
}

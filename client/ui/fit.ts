/**
 * Shrink-to-fit for HTML labels marked `data-fit`: Chinese and English differ a lot in width, so a
 * label that would overflow its box steps its font size down (to 70%, never under the stage's
 * text floor), then may wrap. `overflows()`
 * is what the browser tests call to prove nothing spills out.
 */
export function fitAll(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-fit]')) fitOne(el);
}

/**
 * Fit `data-fit` labels again whenever their text changes, wherever the change is made. Screens fit
 * their labels when they are built; a label whose text changed afterwards (the composer's preview
 * line at each keystroke, a chip that ticks) was left at the old size and could run out of its box.
 * New labels added under `root` are fitted too. Only text and children are watched, not attributes,
 * so fitting (which sets an inline font size) does not wake the observer again.
 */
export function refitOnChange(root: Node): MutationObserver {
  const observer = new MutationObserver((records) => {
    const labels = new Set<HTMLElement>();
    for (const record of records) {
      const target = record.target instanceof HTMLElement ? record.target : record.target.parentElement;
      const label = target?.closest<HTMLElement>('[data-fit]');
      if (label) labels.add(label);
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        if (node.matches('[data-fit]')) labels.add(node);
        for (const inner of node.querySelectorAll<HTMLElement>('[data-fit]')) labels.add(inner);
      }
    }
    for (const label of labels) if (label.isConnected) fitOne(label);
  });
  observer.observe(root, { childList: true, characterData: true, subtree: true });
  return observer;
}

export function fitOne(el: HTMLElement): void {
  el.style.fontSize = '';
  const base = parseFloat(getComputedStyle(el).fontSize);
  if (!Number.isFinite(base) || el.clientWidth === 0) return;
  let size = base;
  // Never under the stage's text floor (a shrunk stage: client/ui/overlay.ts textFloor).
  const floor = parseFloat(getComputedStyle(el).getPropertyValue('--floor')) || 0;
  const min = Math.max(base * 0.7, Math.min(base, floor));
  while ((el.scrollWidth > el.clientWidth + 0.5 || el.scrollHeight > el.clientHeight + 0.5) && size > min) {
    size = Math.max(min, size - 0.5);
    el.style.fontSize = `${size}px`;
  }
}

export interface HtmlOverflow {
  testid: string | null;
  tag: string;
  text: string;
  scrollWidth: number;
  clientWidth: number;
  scrollHeight: number;
  clientHeight: number;
}

/** Visible elements under `root` whose content is wider or taller than their box. */
export function overflows(root: ParentNode): HtmlOverflow[] {
  const out: HtmlOverflow[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('*')) {
    // (A screen reader's text, .sr-only, is clipped to 1 px on purpose: it is not drawn.)
    if (el.clientWidth === 0 || el.offsetParent === null || el.classList.contains('sr-only')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || style.overflowY === 'auto' || style.overflowY === 'scroll') continue;
    if (el instanceof HTMLSelectElement) continue;
    // A phone held sideways docks the composer past the stage's right edge to the window's (overlay.ts
    // dock): by design its layer reaches beyond the stage. What is inside it is checked as usual.
    if (el.matches('#ui.docked > .layer')) continue;
    const wide = el.scrollWidth > el.clientWidth + 1;
    const tall = el.scrollHeight > el.clientHeight + 1 && style.overflowY !== 'visible';
    if (wide || tall) {
      out.push({
        testid: el.dataset['testid'] ?? null,
        tag: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''),
        text: (el instanceof HTMLInputElement ? el.value || el.placeholder : el.textContent ?? '').slice(0, 80),
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
        scrollHeight: el.scrollHeight,
        clientHeight: el.clientHeight,
      });
    }
  }
  return out;
}

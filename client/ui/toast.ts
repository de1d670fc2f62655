/** Short messages from scenes to the player (`feedback` on the bus), stacked at the bottom centre. */
import { bus, type Feedback } from '../events.ts';
import { t } from '../i18n/index.ts';
import { h } from './dom.ts';

export function mountToasts(root: HTMLElement): void {
  const box = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite', testid: 'toasts' });
  root.append(box);
  // A toast keeps its key, not its words: switching language while it shows re-translates it.
  const shown = new Map<HTMLElement, Feedback>();
  bus.on('feedback', (f: Feedback) => {
    const item = h('div', { class: `toast toast-${f.tone}`, testid: 'toast' }, t(f.key, f.params));
    shown.set(item, f);
    box.append(item);
    while (box.children.length > 3) {
      const first = box.firstElementChild as HTMLElement | null;
      if (!first) break;
      shown.delete(first);
      first.remove();
    }
    if (f.until !== 'done') {
      setTimeout(() => item.classList.add('toast-out'), 3800);
      setTimeout(() => {
        shown.delete(item);
        item.remove();
      }, 4300);
    }
  });
  bus.on('feedback:done', ({ key }) => {
    for (const [item, f] of shown) {
      if (f.key !== key) continue;
      shown.delete(item);
      item.remove();
    }
  });
  bus.on('language-changed', () => {
    for (const [item, f] of shown) item.textContent = t(f.key, f.params);
  });
}

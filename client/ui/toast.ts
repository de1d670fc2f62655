/** Short messages from scenes to the player (`feedback` on the bus), stacked at the bottom centre. */
import { bus, type Feedback } from '../events.ts';
import { t } from '../i18n/index.ts';
import { h } from './dom.ts';

export function mountToasts(root: HTMLElement): void {
  const box = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite', testid: 'toasts' });
  root.append(box);
  bus.on('feedback', (f: Feedback) => {
    const item = h('div', { class: `toast toast-${f.tone}`, testid: 'toast' }, t(f.key, f.params));
    box.append(item);
    while (box.children.length > 3) box.firstElementChild?.remove();
    setTimeout(() => item.classList.add('toast-out'), 3800);
    setTimeout(() => item.remove(), 4300);
  });
}

/** The menu's way to open a capture: a file picker (drops anywhere on the page work too). */
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { h } from './dom.ts';

export function captureOpener(): HTMLElement {
  const input = h('input', {
    type: 'file',
    accept: '.pcap,.pcapng,.cap,application/vnd.tcpdump.pcap',
    testid: 'menu-capture-file',
    hidden: true,
    onchange: (e) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (file) bus.emit('capture:open', { file });
    },
  });
  return h('div', { class: 'capture-open' },
    h('button', { type: 'button', testid: 'menu-open-capture', onclick: () => input.click() }, '⤒ ', t('capture.open')),
    h('span', { class: 'hint' }, t('capture.dropHint')),
    input);
}

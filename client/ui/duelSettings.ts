/**
 * The rules a player chooses for a new duel room: the wire (a preset, or loss / delay /
 * duplication / reordering of its own), coach or consequences, the TCP profile, turns or real time,
 * and the beginner's view of the whole wire. Remembered in localStorage; the room checks every
 * value again (server/rooms/messages.ts) and both players read the result before they play.
 */
import type { RoomSettingsView, WireSummary } from '../../server/rooms/roomSettings.ts';
import type { PlayMode, RoomChoice } from '../net/session.ts';
import { t } from '../i18n/index.ts';
import { bus } from '../events.ts';
import { h } from './dom.ts';
import { mountLayer } from './overlay.ts';
import { fitAll } from './fit.ts';
import { ruleLines } from './roomRules.ts';

export const WIRE_PRESETS = {
  calm: { loss: 0, delayMs: 300, duplicate: 0, reorder: 0 },
  lossy: { loss: 0.1, delayMs: 300, duplicate: 0, reorder: 0 },
  rough: { loss: 0.2, delayMs: 300, duplicate: 0.05, reorder: 0.1 },
  slow: { loss: 0.1, delayMs: 900, duplicate: 0, reorder: 0 },
} as const satisfies Record<string, WireSummary>;
export type WirePreset = keyof typeof WIRE_PRESETS | 'custom';
const PRESETS: readonly WirePreset[] = ['calm', 'lossy', 'rough', 'slow', 'custom'];

/** The room option limits (server/rooms/messages.ts RoomOptions). */
const LIMITS = { loss: [0, 0.6], delayMs: [20, 3000], duplicate: [0, 0.5], reorder: [0, 0.5] } as const;

export interface DuelSettings {
  preset: WirePreset;
  wire: WireSummary;
  mode: PlayMode;
  profile: 'rfc9293' | 'linux';
  realTime: boolean;
  showWire: boolean;
}

const KEY = 'tcp-dojo.duel-room';
/** A duel's defaults: the scenario's calm wire, consequences, RFC 9293, turns, the host's view. */
export const DEFAULT_DUEL: DuelSettings = { preset: 'calm', wire: { ...WIRE_PRESETS.calm }, mode: 'consequences', profile: 'rfc9293', realTime: false, showWire: false };

const clamp = (v: number, [lo, hi]: readonly [number, number]): number => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo);

function clean(s: Partial<DuelSettings>): DuelSettings {
  const w = s.wire ?? DEFAULT_DUEL.wire;
  return {
    preset: PRESETS.includes(s.preset as WirePreset) ? (s.preset as WirePreset) : 'calm',
    wire: { loss: clamp(w.loss, LIMITS.loss), delayMs: Math.round(clamp(w.delayMs, LIMITS.delayMs)), duplicate: clamp(w.duplicate, LIMITS.duplicate), reorder: clamp(w.reorder, LIMITS.reorder) },
    mode: s.mode === 'coach' ? 'coach' : 'consequences',
    profile: s.profile === 'linux' ? 'linux' : 'rfc9293',
    realTime: s.realTime === true,
    showWire: s.showWire === true,
  };
}

export function loadDuelSettings(): DuelSettings {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? clean(JSON.parse(raw) as Partial<DuelSettings>) : { ...DEFAULT_DUEL, wire: { ...DEFAULT_DUEL.wire } };
  } catch {
    return { ...DEFAULT_DUEL, wire: { ...DEFAULT_DUEL.wire } };
  }
}

export function saveDuelSettings(s: DuelSettings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    // Not remembered; still used for this room.
  }
}

/** The room options these settings ask for (the calm preset is the scenario's own wire). */
export function roomChoiceOf(s: DuelSettings): RoomChoice {
  const wire = s.preset === 'calm' ? {} : { loss: s.wire.loss, delayMs: s.wire.delayMs, duplicate: s.wire.duplicate, reorder: s.wire.reorder };
  return { ...wire, profile: s.profile, realTime: s.realTime, showWire: s.showWire };
}

/** What the players will read (the same lines as in the room). */
export function settingsPreview(s: DuelSettings): RoomSettingsView {
  return { mode: s.mode, realTime: s.realTime, wireShown: s.showWire, profile: s.profile, toServer: s.wire, toClient: s.wire, timeLimitMs: 0 };
}

/** The menu's two short lines for these settings (the dialog and the room show the full rules). */
export function summaryLines(s: DuelSettings): string[] {
  const pct = (p: number): string => `${Math.round(p * 100)}%`;
  const extra = s.wire.duplicate > 0 || s.wire.reorder > 0 ? t('settings.short.extra', { duplicate: pct(s.wire.duplicate), reorder: pct(s.wire.reorder) }) : '';
  return [
    t('settings.short.wire', { preset: t(`settings.preset.${s.preset}`), loss: pct(s.wire.loss), delay: s.wire.delayMs }) + extra,
    [t(`settings.short.${s.mode}`), t(`settings.profile.${s.profile}`), t(s.realTime ? 'settings.short.realTime' : 'settings.short.turns'), s.showWire ? t('settings.short.beginner') : null].filter(Boolean).join(' · '),
  ];
}

/** The settings dialog over the menu; `onDone` gets the (saved) settings. */
export function openDuelSettings(current: DuelSettings, onDone: (s: DuelSettings) => void): () => void {
  let s = clean(current);
  // A layer of its own: the menu under it re-renders (a language change) without taking it away.
  const { layer, unmount } = mountLayer('dialog', () => undefined);
  const dim = h('div', { class: 'confirm-dim', testid: 'duel-settings' });
  const close = (): void => {
    saveDuelSettings(s);
    offLang();
    unmount();
    document.removeEventListener('keydown', onKey);
    onDone(s);
  };
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') close();
  };
  const number = (field: keyof WireSummary, scale: number): HTMLInputElement =>
    h('input', {
      type: 'number',
      testid: `duel-settings-${field}`,
      min: LIMITS[field][0] * scale,
      max: LIMITS[field][1] * scale,
      step: field === 'delayMs' ? 10 : 1,
      value: String(Math.round(s.wire[field] * scale)),
      disabled: s.preset !== 'custom',
      onchange: (e) => {
        s = clean({ ...s, wire: { ...s.wire, [field]: Number((e.target as HTMLInputElement).value) / scale } });
        render();
      },
    });
  const select = <T extends string>(testid: string, values: readonly T[], label: (v: T) => string, value: T, set: (v: T) => void): HTMLSelectElement => {
    const el = h('select', { testid, onchange: (e) => set((e.target as HTMLSelectElement).value as T) });
    for (const v of values) el.append(h('option', { value: v, selected: v === value }, label(v)));
    return el;
  };
  const check = (testid: string, label: string, on: boolean, set: (v: boolean) => void): HTMLElement =>
    h('label', { class: 'check' }, h('input', { type: 'checkbox', testid, checked: on, onchange: (e) => set((e.target as HTMLInputElement).checked) }), h('span', {}, label));

  const render = (): void => {
    dim.replaceChildren(
      h('section', { class: 'panel settings-card', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'duel-settings-title' },
        h('h2', { id: 'duel-settings-title', 'data-fit': '' }, t('settings.title')),
        h('div', { class: 'field' }, h('span', {}, t('settings.wire')),
          h('div', { class: 'presets', role: 'radiogroup' }, ...PRESETS.map((p) =>
            h('button', {
              type: 'button',
              role: 'radio',
              class: p === s.preset ? 'on' : '',
              'aria-checked': String(p === s.preset),
              testid: `duel-settings-preset-${p}`,
              onclick: () => {
                s = clean({ ...s, preset: p, wire: p === 'custom' ? s.wire : { ...WIRE_PRESETS[p] } });
                render();
              },
            }, t(`settings.preset.${p}`))))),
        h('div', { class: 'numbers' },
          h('label', { class: 'field' }, h('span', {}, t('settings.loss')), number('loss', 100)),
          h('label', { class: 'field' }, h('span', {}, t('settings.delay')), number('delayMs', 1)),
          h('label', { class: 'field' }, h('span', {}, t('settings.duplicate')), number('duplicate', 100)),
          h('label', { class: 'field' }, h('span', {}, t('settings.reorder')), number('reorder', 100)),
        ),
        h('div', { class: 'numbers two' },
          h('label', { class: 'field' }, h('span', {}, t('settings.mode')), select('duel-settings-mode', ['consequences', 'coach'] as const, (v) => t(`menu.mode.${v}`), s.mode, (v) => ((s = clean({ ...s, mode: v })), render()))),
          h('label', { class: 'field' }, h('span', {}, t('settings.profile')), select('duel-settings-profile', ['rfc9293', 'linux'] as const, (v) => t(`settings.profile.${v}`), s.profile, (v) => ((s = clean({ ...s, profile: v })), render()))),
        ),
        check('duel-settings-realtime', t('settings.realTime'), s.realTime, (v) => ((s = clean({ ...s, realTime: v })), render())),
        check('duel-settings-showwire', t('settings.showWire'), s.showWire, (v) => ((s = clean({ ...s, showWire: v })), render())),
        h('p', { class: 'dim' }, t('settings.preview')),
        h('ul', { class: 'rules', testid: 'duel-settings-preview' }, ...ruleLines(settingsPreview(s)).map((r) => h('li', {}, r))),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', testid: 'duel-settings-done', onclick: close }, t('settings.done'))),
      ),
    );
    requestAnimationFrame(() => fitAll(dim));
  };
  render();
  layer.append(dim);
  const offLang = bus.on('language-changed', render);
  document.addEventListener('keydown', onKey);
  return close;
}

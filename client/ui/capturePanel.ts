/**
 * The capture's own panel in the replay view, where the composer sits in a game: the packet at
 * the current step (its capture time, addresses, flags), both hosts' states after it, what the
 * engine concluded and the rule behind every transition (from the rule catalogue, RFC section
 * first), the timers with their capture times, the file's problems, pickers for the connection
 * and the engine profile, and where the connection was captured. Everything in the current language.
 */
import { captureSiteText, lossInDoubt, noteItemText, problemText, spoken } from '../../shared/annotate/noteText.ts';
import type { AnnotatedSegment, NoteItem } from '../../shared/annotate/types.ts';
import { RULES, ruleText } from '../../shared/rules/catalogue.ts';
import type { RuleId } from '../../shared/rules/ids.ts';
import type { CaptureSession } from '../capture/openCapture.ts';
import { readCapture, showCapture } from '../capture/openCapture.ts';
import { DRAWN_AT_EACH_END } from '../capture/captureLog.ts';
import { bus } from '../events.ts';
import { currentLang, t } from '../i18n/index.ts';
import { GAME_LAYOUT } from '../scenes/gameLayout.ts';
import { h, present } from './dom.ts';
import { fitAll } from './fit.ts';
import { overlayRoot } from './overlay.ts';

const seconds = (s: number): string => s.toFixed(6);

export function mountCapturePanel(session: CaptureSession, rows: { row: AnnotatedSegment; at: number }[]): () => void {
  const L = GAME_LAYOUT.composer;
  const panel = h('aside', { class: 'panel capture-panel', testid: 'capture-panel' });
  // A screen reader hears the packet stepped to (its number, its segment, both states), once: the
  // panel itself is not live, or each step would read it all out again, file name and pickers too.
  const announce = h('p', { class: 'sr-only', testid: 'capture-announce', role: 'status' });
  panel.style.cssText = `left:${L.x}px;top:${L.y}px;width:${L.width}px;height:${L.height}px`;
  overlayRoot().querySelector('.layer.game')?.append(panel);
  let now = 0;
  let shownIndex: number | null = -2;
  // A long connection's replay draws part of it (captureLog.ts drawnRows): say so, and how much.
  const notDrawn = session.rows.reduce((n, r) => n + (r.stream === session.stream ? 1 : 0), 0) - rows.length;

  const current = (): { row: AnnotatedSegment; at: number } | null => {
    let last: { row: AnnotatedSegment; at: number } | null = null;
    for (const r of rows) if (r.at <= now) last = r;
    return last;
  };

  const ruleBlock = (who: string, id: RuleId): HTMLElement => {
    const lang = currentLang();
    const text = ruleText(id, lang);
    return h('li', { class: 'rule', testid: 'capture-rule' },
      h('b', {}, `${who} · ${text.title}`),
      h('span', { class: 'section' }, RULES[id].section),
      h('p', {}, text.explanation));
  };

  /**
   * The packet at the current step: the one part of the panel a step changes, so a step leaves the
   * pickers and the problems (and a keyboard user's focus in them) alone.
   */
  const packetPart = (): HTMLElement => {
    const lang = currentLang();
    const row = current()?.row ?? null;
    const notes: NoteItem[] = row?.notes ?? [];
    const plain = notes.filter((n) => n.code !== 'change' && n.code !== 'rule' && spoken(n));
    // Seen arriving at the host the capture was taken on, which dropped it: not lost, not taken either.
    const dropped = notes.some((n) => n.code === 'dropped-at-host');
    const roleName = (who: 'client' | 'server'): string => t(who === 'client' ? 'host.client' : 'host.server');
    const rules = notes.flatMap((n) => (n.code === 'change' ? [ruleBlock(`${roleName(n.who)} ${n.from} → ${n.to}`, n.rule)] : n.code === 'rule' ? [ruleBlock(roleName(n.who), n.rule)] : []));
    // Linux's TIME-WAIT is a fixed 60 s (TCP_TIMEWAIT_LEN), not twice an MSL.
    const timerKey = (kind: string): string => (kind === 'time-wait' && session.profile === 'linux' ? 'capture.timer.time-wait.linux' : `capture.timer.${kind}`);
    const timers = row ? row.endpoints.flatMap((e) => e.timers.map((tm) => h('li', {}, t(timerKey(tm.kind), { host: roleName(e.role), at: tm.expiresAt.toFixed(3) })))) : [];

    const flagsLine = row ? `${row.flags.join(', ') || '—'} seq=${row.seq}${row.flags.includes('ACK') ? ` ack=${row.ack}` : ''} len=${row.len} win=${row.window}` : '';
    const part = row
      ? h('section', { class: 'packet', testid: 'capture-packet' },
          h('h3', {}, t('capture.packet', { index: row.index, s: seconds(row.time) })),
          h('p', { class: 'mono' }, `${row.src} → ${row.dst}`),
          h('p', { class: 'mono' }, flagsLine),
          row.arrived ? null : h('p', { class: 'bad' }, t(lossInDoubt(notes) ? 'capture.lostInDoubt' : 'capture.lost')),
          row.arrived && dropped ? h('p', { class: 'dropped', testid: 'capture-dropped' }, t('capture.dropped')) : null,
          h('h3', {}, t('capture.states')),
          h('ul', { class: 'states', testid: 'capture-states' }, ...row.endpoints.map((e) => h('li', {}, h('span', {}, `${roleName(e.role)} ${e.endpoint}`), h('b', {}, row.states[e.endpoint] ?? e.state)))),
          plain.length ? h('h3', {}, t('capture.notes')) : null,
          plain.length ? h('ul', { class: 'notes', testid: 'capture-notes' }, ...plain.map((n) => h('li', {}, noteItemText(n, lang)))) : null,
          rules.length ? h('h3', {}, t('capture.rules')) : null,
          // Cards, not the room rules' bulleted list (ul.rules in styles.css puts a '· ' before each item).
          rules.length ? h('ul', { class: 'rule-cards', testid: 'capture-rules' }, ...rules) : null,
          h('h3', {}, t('capture.timers')),
          timers.length ? h('ul', { class: 'timers', testid: 'capture-timers' }, ...timers) : h('p', { class: 'dim' }, t('capture.noTimers')),
        )
      : h('p', { class: 'dim', testid: 'capture-before' }, t('capture.beforeFirst'));
    // The packet's heading, segment and states, read out once when the step changes.
    const zh = lang === 'zh-CN';
    const states = row ? `${t('compare.label', { label: t('capture.states') })}${row.endpoints.map((e) => `${roleName(e.role)} ${e.endpoint} ${row.states[e.endpoint] ?? e.state}`).join(zh ? '，' : ', ')}` : '';
    announce.textContent = row
      ? [t('capture.packet', { index: row.index, s: seconds(row.time) }), `${row.src} → ${row.dst}`, flagsLine, row.arrived ? (dropped ? t('capture.dropped').replace(/[.。]$/, '') : '') : t(lossInDoubt(notes) ? 'capture.lostInDoubt' : 'capture.lost').replace(/[.。]$/, ''), states].filter(Boolean).join(zh ? '；' : '; ')
      : t('capture.beforeFirst');
    return part;
  };
  let packetEl: HTMLElement = h('p');

  const render = (): void => {
    const lang = currentLang();
    packetEl = packetPart();
    const problems = session.problems.map((p) => h('li', {}, problemText(p, lang)));
    const streamPicker = h('select', {
      testid: 'capture-stream',
      'aria-label': t('capture.connection'),
      onchange: (e) => showCapture({ ...session, stream: Number((e.target as HTMLSelectElement).value) }),
    });
    for (const s of session.streams) {
      streamPicker.append(h('option', { value: String(s.stream), selected: s.stream === session.stream }, t('capture.connectionOption', { n: s.stream, client: s.client, server: s.server, count: s.segments })));
    }
    const profilePicker = h('select', {
      testid: 'capture-profile',
      'aria-label': t('capture.profile'),
      onchange: (e) => {
        const profile = (e.target as HTMLSelectElement).value === 'rfc9293' ? 'rfc9293' : 'linux';
        void readCapture(session.file, profile).then((s) => showCapture({ ...s, stream: session.streams.some((x) => x.stream === session.stream) ? session.stream : s.stream }));
      },
    });
    for (const p of ['linux', 'rfc9293'] as const) profilePicker.append(h('option', { value: p, selected: p === session.profile }, t(`capture.profile.${p}`)));
    // Where this connection was captured: what a segment seen arriving there can still have met.
    const site = session.rows.find((r) => r.stream === session.stream)?.captureSite;
    const siteText = site ? captureSiteText(site, lang) : '';

    // The panel does not scroll, its body does: an opaque scroller over the WebGL canvas makes
    // Chromium punch a hole in the canvas (a white strip over the top bar; see feedbackPanel.ts).
    panel.replaceChildren(announce, h('div', { class: 'capture-body', testid: 'capture-body' }, ...present(
      h('h2', { 'data-fit': '' }, session.file.name),
      h('p', { class: 'dim small' }, t('capture.local')),
      h('label', { class: 'field' }, h('span', {}, t('capture.connection')), streamPicker),
      h('label', { class: 'field' }, h('span', {}, t('capture.profile')), profilePicker),
      siteText ? h('p', { class: 'small', testid: 'capture-site' }, siteText.charAt(0).toUpperCase() + siteText.slice(1)) : null,
      packetEl,
      h('p', { class: 'dim small' }, t('capture.steps')),
      notDrawn > 0 ? h('p', { class: 'small', testid: 'capture-not-drawn' }, t('capture.notDrawn', { n: notDrawn, ends: DRAWN_AT_EACH_END })) : null,
      session.truncated ? h('p', { class: 'bad' }, t('capture.truncated', { n: session.rows.length })) : null,
      problems.length || session.unlisted
        ? h('details', { class: 'problems', testid: 'capture-problems' },
            h('summary', {}, t('capture.problems', { n: session.problems.length + session.unlisted })),
            h('ul', {}, ...problems))
        : null,
    )));
    requestAnimationFrame(() => fitAll(panel));
  };

  render();
  const offs = [
    bus.on('language-changed', render),
    bus.on('playback:status', (s) => {
      now = s.now;
      const idx = current()?.row.index ?? null;
      if (idx !== shownIndex) {
        shownIndex = idx;
        const next = packetPart();
        packetEl.replaceWith(next);
        packetEl = next;
        requestAnimationFrame(() => fitAll(panel));
      }
    }),
  ];
  return () => {
    offs.forEach((off) => off());
    panel.remove();
  };
}

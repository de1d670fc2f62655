/**
 * The move composer: flags, seq / ack (typed, or filled from the host's own TCB variables shown
 * by name: ISS, SND.UNA, SND.NXT, RCV.NXT, and the arrived segment's SEG.ACK, SEG.SEQ+SEG.LEN),
 * an optional payload (the application's queued bytes one tap away), the new state, then Send /
 * Wait / Retransmit. Every control has a visible key. It only proposes (`move:propose`); the
 * server's judge decides. The preview uses shared/ so the segment shown is what the engine sees.
 */
import { CONTROL_BITS, flagsLabel, MAX_SEGMENT_DATA, noFlags, segmentLength, segmentProblems, type ControlBit, type ControlBits, type Segment } from '../../shared/tcp/segment.ts';
import { isSeqNumber } from '../../shared/tcp/seq.ts';
import { TCP_STATES, type TcpState } from '../../shared/tcp/states.ts';
import type { ProposedSegment } from '../../shared/game/move.ts';
import { bus, type ComposerContext, type Helper, type MoveProposal } from '../events.ts';
import { t } from '../i18n/index.ts';
import { h, kbd } from './dom.ts';
import { fitAll } from './fit.ts';

const FLAG_KEYS: Record<ControlBit, string> = { SYN: 'S', ACK: 'A', FIN: 'F', RST: 'R' };
/** 1–9, 0, − pick the eleven states in RFC order. */
const STATE_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-'] as const;

export interface Composer {
  element: HTMLElement;
  destroy: () => void;
}

/** Helpers grouped by value (and connection), in the order their first name appears. */
function sameValue(helpers: readonly Helper[]): { names: string[]; value: number; of?: string }[] {
  const out: { names: string[]; value: number; of?: string }[] = [];
  for (const hp of helpers) {
    const same = out.find((o) => o.value === hp.value && o.of === hp.of);
    if (same) same.names.push(hp.name);
    else out.push({ names: [hp.name], value: hp.value, ...(hp.of ? { of: hp.of } : {}) });
  }
  return out;
}

/**
 * `head`: an element of the caller's kept at the composer's top, under its title, through every
 * redraw (gameHud.ts: Results on a docked phone); `note`: one kept under the prompt (gameHud.ts:
 * the latest verdict on a docked phone); `bar`: one kept above the title (gameHud.ts: the round's
 * own controls on a docked phone).
 */
export function createComposer(head: HTMLElement | null = null, note: HTMLElement | null = null, bar: HTMLElement | null = null): Composer {
  const draft = { flags: noFlags() as ControlBits, seq: '', ack: '', data: '', newState: null as TcpState | null, queued: [] as ProposedSegment[] };
  const resetDraft = (): void => {
    Object.assign(draft, { flags: noFlags(), seq: '', ack: '', data: '', newState: null, queued: [] });
  };
  let ctx: ComposerContext | null = null;
  const panel = h('aside', { class: 'panel composer', testid: 'composer' });
  // Focusable only while it holds a keyboard player's focus (keepFocus): a click on its empty
  // parts still leaves the focus on the page, as before.
  panel.addEventListener('blur', () => panel.removeAttribute('tabindex'));

  const parseSeq = (s: string): number | null => (s.trim() === '' ? null : Number(s.trim()));

  const preview = (): Segment => ({
    src: 'me',
    dst: 'peer',
    seq: parseSeq(draft.seq) ?? 0,
    ack: parseSeq(draft.ack) ?? 0,
    flags: draft.flags,
    wnd: 64_240,
    data: draft.data,
  });

  /** Live play with nothing to decide (or before the round's first view): the controls stay visible but propose nothing. */
  const idle = (): boolean => !ctx?.watchOnly && (ctx?.decisionId ?? null) === null;

  const propose = (kind: MoveProposal['kind']): void => {
    if (idle()) {
      bus.emit('feedback', { tone: 'info', key: 'feedback.noDecision' });
      return;
    }
    // Send with nothing composed: the segments already queued go alone; with none, nothing is sent
    // and the page says how to send nothing (Wait), rather than a segment no TCP would send.
    const nothingComposed = kind === 'send' && !CONTROL_BITS.some((b) => draft.flags[b]) && draft.data === '';
    if (nothingComposed && draft.queued.length === 0) {
      bus.emit('feedback', { tone: 'info', key: 'feedback.nothingToSend' });
      return;
    }
    if (kind === 'send' && !nothingComposed) {
      const problems = segmentProblems(preview());
      if (problems.length) {
        bus.emit('feedback', { tone: 'bad', key: 'feedback.invalid', params: { problems: problems.join(', ') } });
        return;
      }
    }
    if (kind === 'retransmit' && !ctx?.retransmitReady) return;
    bus.emit('move:propose', {
      kind: nothingComposed ? 'wait' : kind,
      newState: draft.newState,
      flags: { ...draft.flags },
      seq: parseSeq(draft.seq),
      ack: parseSeq(draft.ack),
      data: draft.data,
      queued: draft.queued.map((q) => ({ ...q, flags: { ...q.flags } })),
    });
  };

  /** One decision may send several segments (an ACK and a FIN): queue this one, compose the next. */
  const queueSegment = (): void => {
    if (!CONTROL_BITS.some((b) => draft.flags[b]) && draft.data === '') {
      bus.emit('feedback', { tone: 'info', key: 'feedback.nothingToSend' });
      return;
    }
    const problems = segmentProblems(preview());
    if (problems.length) {
      bus.emit('feedback', { tone: 'bad', key: 'feedback.invalid', params: { problems: problems.join(', ') } });
      return;
    }
    draft.queued.push({ flags: { ...draft.flags }, seq: parseSeq(draft.seq) ?? 0, ack: parseSeq(draft.ack) ?? 0, data: draft.data });
    Object.assign(draft, { flags: noFlags(), seq: '', ack: '', data: '' });
    render();
  };

  let refs: {
    flagButtons: Map<ControlBit, HTMLButtonElement>;
    seq: HTMLInputElement;
    ack: HTMLInputElement;
    data: HTMLInputElement;
    states: Map<TcpState, HTMLButtonElement>;
    preview: HTMLElement;
    role: HTMLElement;
    prompt: HTMLElement;
    promptText: HTMLElement;
    nudge: HTMLButtonElement;
    queue: HTMLElement;
    send: HTMLButtonElement;
    wait: HTMLButtonElement;
    retransmit: HTMLButtonElement;
    helpers: { seq: HTMLElement; ack: HTMLElement; payload: HTMLElement };
  } | null = null;
  /** What the helper rows were last built from, so they are rebuilt only when it changes. */
  let helperKey = '';

  /**
   * A keyboard player keeps their place in the composer: when the control they were on is
   * disabled (Send once the move is sent) or built again (a new decision, a language switch),
   * focus goes back to the same control if it can take it, else to the composer itself, never to
   * the page's start; from there Tab goes on through the composer and its keys work.
   */
  const keepFocus = (had: Element | null): void => {
    if (!had) return;
    const testid = had instanceof HTMLElement ? had.dataset['testid'] : undefined;
    const same = had.isConnected ? had : testid ? panel.querySelector<HTMLElement>(`[data-testid="${testid}"]`) : null;
    const target = same instanceof HTMLElement && !(same as HTMLButtonElement).disabled ? same : panel;
    if (document.activeElement === target) return;
    if (target === panel) panel.tabIndex = -1;
    target.focus({ preventScroll: true });
  };
  const focusInPanel = (): Element | null => (document.activeElement && panel.contains(document.activeElement) ? document.activeElement : null);

  const update = (): void => {
    if (!refs) return;
    const had = focusInPanel();
    for (const [bit, btn] of refs.flagButtons) {
      btn.setAttribute('aria-pressed', String(draft.flags[bit]));
      btn.classList.toggle('on', draft.flags[bit]);
    }
    for (const [state, btn] of refs.states) {
      btn.setAttribute('aria-checked', String(draft.newState === state));
      btn.classList.toggle('on', draft.newState === state);
      btn.classList.toggle('current', ctx?.ownState === state);
    }
    refs.seq.setAttribute('aria-invalid', String(draft.seq !== '' && !isSeqNumber(parseSeq(draft.seq))));
    refs.ack.setAttribute('aria-invalid', String(draft.ack !== '' && !isSeqNumber(parseSeq(draft.ack))));
    const seg = preview();
    const empty = !CONTROL_BITS.some((b) => draft.flags[b]) && draft.data === '';
    const summary = `${flagsLabel(seg.flags)} seq=${draft.seq || '?'}${seg.flags.ACK ? ` ack=${draft.ack || '?'}` : ''} len=${segmentLength({ flags: noFlags(), data: seg.data })}`;
    refs.preview.textContent = empty ? t('composer.previewNone') : summary;
    refs.preview.classList.toggle('dim', empty);
    refs.role.textContent = ctx ? t('composer.role', { role: t(ctx.role === 'client' ? 'host.client' : 'host.server'), state: ctx.hostState ?? ctx.ownState }) : '';
    refs.retransmit.disabled = !ctx?.retransmitReady;
    const live = !!ctx && !ctx.watchOnly;
    refs.prompt.hidden = !live;
    // Between decisions (and once the round is over) the box says so rather than standing empty.
    const lines = live && ctx?.prompt?.length ? ctx.prompt.map((l) => t(l.key, l.params)) : live ? [t('composer.idle')] : [];
    refs.promptText.replaceChildren(...lines.map((text, i) => h('p', { class: i === 0 ? 'event' : 'more' }, text)));
    refs.nudge.hidden = !(live && ctx?.canNudge);
    refs.prompt.classList.toggle('waiting', idle());
    panel.dataset['decision'] = String(ctx?.decisionId ?? '');
    // A value for each connection a closing listener resets: the helpers take the keyboard line's room.
    panel.classList.toggle('per-connection', !!ctx?.seqHelpers.some((hp) => hp.of));
    refs.send.disabled = idle();
    refs.wait.disabled = idle();
    refs.queue.hidden = draft.queued.length === 0;
    refs.queue.textContent = draft.queued.length
      ? t('composer.queued', { list: draft.queued.map((q) => `${flagsLabel(q.flags)} seq=${q.seq}${q.flags.ACK ? ` ack=${q.ack}` : ''}`).join(' · ') })
      : '';
    const key = JSON.stringify([ctx?.decisionId, ctx?.seqHelpers, ctx?.ackHelpers, ctx?.payloads]);
    if (key !== helperKey) {
      helperKey = key;
      refs.helpers.seq.replaceChildren(...sameValue(ctx?.seqHelpers ?? []).map((hp) => helperChip('seq', hp)));
      refs.helpers.ack.replaceChildren(...sameValue(ctx?.ackHelpers ?? []).map((hp) => helperChip('ack', hp)));
      refs.helpers.payload.replaceChildren(...(ctx?.payloads ?? []).map((bytes) =>
        h('button', { type: 'button', class: 'helper', testid: 'composer-payload-helper', title: t('composer.helper.payloadTitle'), onclick: () => setData(bytes) }, t('composer.helper.payload', { data: bytes }))));
    }
    keepFocus(had);
  };

  /**
   * TCB variables (or arrived-segment fields) by name with their value; variables that hold the
   * same number share one button ("SND.UNA = SND.NXT"). A tap puts the value in the field.
   */
  const helperChip = (field: 'seq' | 'ack', hp: { names: string[]; value: number; of?: string }): HTMLElement =>
    h('button', {
      type: 'button',
      class: 'helper tcb',
      testid: `composer-${field}-helper`,
      'data-names': hp.names.join(' '),
      'data-value': String(hp.value),
      ...(hp.of ? { 'data-of': hp.of } : {}),
      title: [...(hp.of ? [t('composer.helper.of', { remote: hp.of })] : []), ...hp.names.map((n) => t(`composer.helper.${n}`))].join('\n'),
      onclick: () => setField(field, hp.value),
    },
      h('b', {}, hp.names.join(' = ')), hp.of ? h('small', { class: 'of' }, `→ ${hp.of}`) : null, h('span', { class: 'value' }, String(hp.value)));

  const setField = (which: 'seq' | 'ack', value: number): void => {
    draft[which] = String(value);
    if (refs) refs[which].value = draft[which];
    update();
  };
  const setData = (bytes: string): void => {
    draft.data = bytes;
    if (refs) refs.data.value = bytes;
    update();
  };

  const render = (): void => {
    const flagButtons = new Map<ControlBit, HTMLButtonElement>();
    const flagRow = h('div', { class: 'flags', role: 'group', 'aria-label': t('composer.flags') });
    for (const bit of CONTROL_BITS) {
      const btn = h(
        'button',
        { type: 'button', class: `flag flag-${bit}`, testid: `composer-flag-${bit}`, onclick: () => toggle(bit) },
        h('span', { class: 'swatch', 'aria-hidden': 'true' }),
        bit,
        kbd(FLAG_KEYS[bit]),
      );
      flagButtons.set(bit, btn);
      flagRow.append(btn);
    }
    const seq = h('input', {
      id: 'composer-seq',
      testid: 'composer-seq',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      value: draft.seq,
      oninput: (e) => {
        draft.seq = (e.target as HTMLInputElement).value.replace(/[^0-9]/g, '');
        (e.target as HTMLInputElement).value = draft.seq;
        update();
      },
    });
    const ack = h('input', {
      id: 'composer-ack',
      testid: 'composer-ack',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      value: draft.ack,
      oninput: (e) => {
        draft.ack = (e.target as HTMLInputElement).value.replace(/[^0-9]/g, '');
        (e.target as HTMLInputElement).value = draft.ack;
        update();
      },
    });
    const data = h('input', {
      id: 'composer-data',
      testid: 'composer-payload',
      type: 'text',
      maxlength: MAX_SEGMENT_DATA,
      autocomplete: 'off',
      placeholder: t('composer.payloadPlaceholder'),
      value: draft.data,
      oninput: (e) => {
        draft.data = (e.target as HTMLInputElement).value;
        update();
      },
    });
    const helpers = {
      seq: h('div', { class: 'helpers', testid: 'composer-seq-helpers', 'aria-label': t('composer.helper.seqLabel') }),
      ack: h('div', { class: 'helpers', testid: 'composer-ack-helpers', 'aria-label': t('composer.helper.ackLabel') }),
      payload: h('div', { class: 'helpers', testid: 'composer-payload-helpers' }),
    };
    helperKey = '';
    const states = new Map<TcpState, HTMLButtonElement>();
    const stateGrid = h('div', { class: 'states', role: 'radiogroup', 'aria-label': t('composer.state') });
    TCP_STATES.forEach((state, i) => {
      const btn = h(
        'button',
        { type: 'button', role: 'radio', class: 'state', testid: `composer-state-${state}`, onclick: () => pickState(state) },
        // ESTABLISHED, the one long name without a hyphen, may break in two where a button is
        // too narrow for it at the stage's text floor (a tablet's four to a row).
        h('span', { 'data-fit': '' }, ...(state === 'ESTABLISHED' ? ['ESTAB', h('wbr'), 'LISHED'] : [state])),
        kbd(STATE_KEYS[i] ?? ''),
      );
      states.set(state, btn);
      stateGrid.append(btn);
    });
    const previewEl = h('output', { class: 'preview', testid: 'composer-preview', 'data-fit': '' });
    const role = h('p', { class: 'role', testid: 'composer-role', 'data-fit': '' });
    const promptText = h('div', { class: 'prompt-text', testid: 'composer-prompt-text' });
    const nudge = h('button', { type: 'button', class: 'helper nudge', testid: 'composer-nudge', hidden: true, onclick: () => bus.emit('round:nudge', {}) }, t('turn.nudge'));
    const promptEl = h('div', { class: 'prompt', testid: 'composer-prompt', role: 'status', 'aria-live': 'polite' }, promptText, nudge);
    const queueEl = h('p', { class: 'queue', testid: 'composer-queue' });
    const send = h('button', { type: 'button', class: 'primary', testid: 'composer-send', onclick: () => propose('send') }, t('composer.send'), kbd('Enter'));
    const wait = h('button', { type: 'button', testid: 'composer-wait', onclick: () => propose('wait') }, t('composer.wait'), kbd('W'));
    const retransmit = h('button', { type: 'button', class: 'warn', testid: 'composer-retransmit', onclick: () => propose('retransmit') }, t('composer.retransmit'), kbd('T'));

    const had = focusInPanel();
    panel.setAttribute('aria-label', t('composer.title'));
    panel.replaceChildren(
      ...(bar ? [bar] : []),
      h('h2', { 'data-fit': '' }, t('composer.title')),
      ...(head ? [head] : []),
      role,
      promptEl,
      ...(note ? [note] : []),
      h('div', { class: 'group' }, h('div', { class: 'label', 'data-fit': '' }, t('composer.flags')), flagRow),
      // seq and ack side by side, each with the values it may take underneath.
      h('div', { class: 'numbers' },
        h('div', { class: 'group' },
          h('label', { class: 'label', for: 'composer-seq', 'data-fit': '' }, t('composer.seq')),
          seq,
          helpers.seq,
        ),
        h('div', { class: 'group' },
          h('label', { class: 'label', for: 'composer-ack', 'data-fit': '' }, t('composer.ack')),
          ack,
          helpers.ack,
        ),
      ),
      h('div', { class: 'group payload' }, h('label', { class: 'label', for: 'composer-data', 'data-fit': '' }, t('composer.payload')), data, helpers.payload),
      // The state diagram's "States explained", beside the states to pick from: only where the composer
      // is docked on a phone (client/styles.css), where the diagram's own button is drawn at ×0.4.
      h('div', { class: 'group new-state' },
        h('div', { class: 'label', 'data-fit': '' }, t('composer.state')),
        h('button', { type: 'button', class: 'helper dock-glossary', testid: 'composer-glossary', onclick: () => bus.emit('glossary:open', {}) }, t('glossary.open')),
        stateGrid),
      h('div', { class: 'group' },
        h('div', { class: 'label row-label' }, h('span', { 'data-fit': '' }, t('composer.preview')),
          h('button', { type: 'button', class: 'helper', testid: 'composer-add-segment', onclick: queueSegment }, t('composer.addSegment'), kbd('N'))),
        previewEl,
        queueEl,
      ),
      h('div', { class: 'send-row' }, send, wait, retransmit),
      h('p', { class: 'shortcuts', testid: 'composer-shortcuts' }, t('composer.shortcuts')),
    );
    refs = { flagButtons, seq, ack, data, states, preview: previewEl, role, retransmit, helpers, prompt: promptEl, promptText, nudge, queue: queueEl, send, wait };
    helperKey = '';
    update();
    keepFocus(had);
    requestAnimationFrame(() => fitAll(panel));
  };

  const toggle = (bit: ControlBit): void => {
    draft.flags = { ...draft.flags, [bit]: !draft.flags[bit] };
    update();
  };
  /** The new state is a radio choice: clicking the chosen one again (to be sure) keeps it chosen. */
  const pickState = (state: TcpState): void => {
    draft.newState = state;
    update();
  };

  const onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
    if (e.key === 'Enter' && (typing || target === document.body || target === panel)) {
      e.preventDefault();
      propose('send');
      return;
    }
    if (typing) return;
    const key = e.key.toUpperCase();
    const bit = (Object.keys(FLAG_KEYS) as ControlBit[]).find((b) => FLAG_KEYS[b] === key);
    if (bit) {
      toggle(bit);
      e.preventDefault();
      return;
    }
    const si = (STATE_KEYS as readonly string[]).indexOf(e.key);
    const state = TCP_STATES[si];
    if (si >= 0 && state) {
      pickState(state);
      e.preventDefault();
      return;
    }
    if (key === 'N') queueSegment();
    if (key === 'W') propose('wait');
    if (key === 'T') propose('retransmit');
  };

  render();
  const offs = [
    bus.on('language-changed', render),
    bus.on('composer:context', (c) => {
      // A new decision starts from a clean draft: the last answer is not a template for the next.
      const fresh = !c.watchOnly && (c.decisionId ?? null) !== (ctx?.decisionId ?? null);
      ctx = c;
      if (fresh) {
        resetDraft();
        render();
      }
      update();
    }),
    bus.on('composer:pick-state', ({ state }) => {
      draft.newState = state;
      update();
    }),
  ];
  document.addEventListener('keydown', onKey);
  return {
    element: panel,
    destroy: () => {
      offs.forEach((off) => off());
      document.removeEventListener('keydown', onKey);
      panel.remove();
    },
  };
}

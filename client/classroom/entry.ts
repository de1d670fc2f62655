/**
 * The entry page: join a class (code + name) or open one (teacher). A join is made once per click
 * (the button waits while it is under way) with a rejoin token the page makes first and keeps, so
 * a reload, or a second click that got through, is the same student. Back on `?code=…` with a
 * remembered seat, the page goes straight to the student's place.
 */
import type { Room } from '@colyseus/sdk';
import { findScenario } from '../../shared/game/scenarios.ts';
import { MAX_OPENING_ROUNDS } from '../../shared/classroom/rounds.ts';
import { CLASS_TIME_LIMIT_MAX_S, CLASS_TIME_LIMIT_MIN_S, CLASS_TIME_LIMIT_S } from '../../shared/classroom/timeLimit.ts';
import { h } from '../ui/dom.ts';
import { lookUp, openClass } from './api.ts';
import { forgetSeat, newRejoinToken, rememberSeat, rememberTeacher, seatFor, type StudentSeat } from './memory.ts';
import { client, field, show, T } from './page.ts';
import { currentLang } from './text.ts';
import { readRefusal } from '../../shared/refusals.ts';
import { refusalText } from '../i18n/refusal.ts';

export const SCENARIO_IDS = ['handshake', 'why-three', 'lost-syn', 'lost-syn-ack', 'active-close-client', 'active-close-server', 'lost-final-ack', 'simultaneous-close', 'connection-refused'];

export interface EntryHooks {
  /** A student is in: show their page. */
  joined: (room: Room<any, any>, seat: StudentSeat) => void;
  /** A teacher opened a class: show the dashboard, with the teacher link shown this once. */
  opened: (classId: string) => void;
}

export function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12);
}

/** The server's refusal in the page's language (by its code; an older server's English as it came). */
function refusal(e: unknown): string {
  const r = readRefusal(e);
  // Colyseus' own "no such room": the class's room closed after its code was looked up.
  if (r.code === null && r.status === 522) return refusalText({ code: 'no_class' });
  return refusalText(r);
}

/** Join (or rejoin) the class with this code as this page's student. Throws the server's refusal. */
export async function joinClass(code: string, name: string): Promise<{ room: Room<any, any>; seat: StudentSeat }> {
  const found = await lookUp(code);
  const prior = seatFor(code);
  const seat: StudentSeat = { classId: found.classId, code, name, rejoinToken: prior?.classId === found.classId ? prior.rejoinToken : newRejoinToken() };
  // Kept before the join, so a reload while it is under way still has the token.
  rememberSeat(seat);
  // A removed student's seat stays: its token keeps them out of this class until the teacher lets them back in.
  const room = await client.joinById(found.roomId, { name, rejoinToken: seat.rejoinToken });
  return { room, seat };
}

/** `notice`: an error under the form (removed, a refused join); `news`: what happened, above it (not an error). */
export function entryPage(prefillCode: string, hooks: EntryHooks, notice = '', news = ''): void {
  const error = h('p', { class: 'error', testid: 'join-error' }, notice);
  const told = news ? h('p', { class: 'dim', role: 'status', testid: 'join-news' }, news) : null;
  // A phone's keyboard: capitals for the code, its Enter key labelled for what it does (next, then go).
  const code = h('input', { testid: 'join-code', maxlength: 8, value: prefillCode, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', enterkeyhint: 'next', class: 'code' }) as HTMLInputElement;
  // The server cuts names by grapheme; a browser's maxlength counts UTF-16 units and would split an emoji.
  const name = h('input', { testid: 'join-name', maxlength: 64, enterkeyhint: 'go', value: localStorage.getItem('tcp-dojo.name') ?? '' }) as HTMLInputElement;
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'join-submit' }, T.join) as HTMLButtonElement;
  const join = async (): Promise<void> => {
    if (submit.disabled) return;
    submit.disabled = true;
    submit.textContent = T.joining;
    error.textContent = '';
    try {
      const c = normaliseCode(code.value);
      localStorage.setItem('tcp-dojo.name', name.value);
      const { room, seat } = await joinClass(c, name.value);
      history.replaceState(null, '', `?code=${encodeURIComponent(c)}`);
      hooks.joined(room, seat);
    } catch (e) {
      error.textContent = refusal(e);
      submit.disabled = false;
      submit.textContent = T.join;
    }
  };
  const joinForm = h(
    'form',
    { class: 'card', testid: 'join-form', onsubmit: (e) => (e.preventDefault(), void join()) },
    h('h2', {}, T.joinTitle),
    told,
    field(T.code, code),
    field(T.name, name),
    submit,
    error,
    // Shown by CSS on a phone (classroom.css): how the game is played there. Under Join, so the
    // form itself stays short enough to show whole above a phone's keyboard.
    h('p', { class: 'small-screen-note', testid: 'join-small-screen' }, T.smallScreen),
  );
  show(h('div', { class: 'columns' }, joinForm, prefillCode ? h('div') : openForm(hooks)));
  keepInViewAboveKeyboard(joinForm, submit);
}

/**
 * A phone's on-screen keyboard takes the lower part of the window while a field is typed in (the
 * page shrinks to what is above it, or only the visual viewport does): the form's button is
 * scrolled up into what is left, so the student sees Join and can tap it.
 */
function keepInViewAboveKeyboard(form: HTMLElement, button: HTMLElement): void {
  const onResize = (): void => {
    if (!form.isConnected) {
      removeEventListener('resize', onResize);
      visualViewport?.removeEventListener('resize', onResize);
      return;
    }
    if (form.contains(document.activeElement)) button.scrollIntoView({ block: 'nearest' });
  };
  addEventListener('resize', onResize);
  visualViewport?.addEventListener('resize', onResize);
}

function openForm(hooks: EntryHooks): HTMLElement {
  const lang = currentLang();
  const className = h('input', { testid: 'class-name', maxlength: 60, value: '' }) as HTMLInputElement;
  const scenario = h('select', { testid: 'class-scenario' }, ...SCENARIO_IDS.map((id) => h('option', { value: id }, findScenario(id)?.title[lang] ?? id))) as HTMLSelectElement;
  const loss = h('input', { type: 'number', min: 0, max: 60, value: 0, testid: 'class-loss' }) as HTMLInputElement;
  const delay = h('input', { type: 'number', min: 10, max: 3000, value: 300 }) as HTMLInputElement;
  const mode = h('select', { testid: 'class-mode' }, h('option', { value: 'coach' }, T.coach), h('option', { value: 'consequences' }, T.consequences)) as HTMLSelectElement;
  // Game time, as the round counts it: why the default is what it is, said under the row (limitHint).
  const limit = h('input', { type: 'number', min: CLASS_TIME_LIMIT_MIN_S, max: CLASS_TIME_LIMIT_MAX_S, value: CLASS_TIME_LIMIT_S, testid: 'class-limit', 'aria-describedby': 'class-limit-hint' }) as HTMLInputElement;
  const limitHint = h('p', { class: 'hint', id: 'class-limit-hint', testid: 'class-limit-hint' }, T.timeLimitHint(CLASS_TIME_LIMIT_S));
  const rounds = h('input', { type: 'number', min: 1, max: MAX_OPENING_ROUNDS, value: 2, testid: 'class-rounds' }) as HTMLInputElement;
  const size = h('input', { type: 'number', min: 1, max: 120, value: 60, testid: 'class-size' }) as HTMLInputElement;
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'open-submit' }, T.open) as HTMLButtonElement;
  const error = h('p', { class: 'error', testid: 'open-error' });
  // From a finished class's "next scenario" link (teacher.ts nextClassHref): its settings, the next scenario.
  const given = new URLSearchParams(location.search);
  const take = (input: HTMLInputElement | HTMLSelectElement, key: string): void => {
    const value = given.get(key);
    if (value !== null && (!(input instanceof HTMLSelectElement) || [...input.options].some((o) => o.value === value))) input.value = value;
  };
  for (const [input, key] of [[className, 'name'], [scenario, 'scenario'], [loss, 'loss'], [delay, 'delay'], [mode, 'mode'], [limit, 'limit'], [rounds, 'rounds'], [size, 'size']] as const) take(input, key);
  return h(
    'form',
    {
      class: 'card',
      testid: 'open-form',
      onsubmit: (e) => {
        e.preventDefault();
        if (submit.disabled) return;
        submit.disabled = true;
        void openClass(className.value || 'TCP', {
          scenarioId: scenario.value,
          loss: Number(loss.value) / 100,
          delayMs: Number(delay.value),
          mode: mode.value,
          timeLimitMs: Number(limit.value) * 1000,
          rounds: Number(rounds.value),
          maxStudents: Number(size.value),
          // Every class round has its time limit and every class its podium: a "timed" checkbox here
          // changed neither, so the form has none; the setting is kept as the class had it.
          timed: given.get('timed') === '1',
        })
          .then((opened) => {
            rememberTeacher(opened.classId, opened.teacherToken);
            hooks.opened(opened.classId);
          })
          .catch((err: unknown) => {
            error.textContent = refusalText(err);
            submit.disabled = false;
          });
      },
    },
    h('h2', {}, T.openTitle),
    field(T.className, className),
    field(T.scenario, scenario),
    h('div', { class: 'row' }, field(T.loss, loss), field(T.delay, delay)),
    field(T.mode, mode),
    h('div', { class: 'row' }, field(T.timeLimit, limit), field(T.rounds, rounds), field(T.maxStudents, size)),
    limitHint,
    submit,
    error,
  );
}

/**
 * The student opened this class in another tab or window (or on another laptop), which has their
 * seat and their game now: this tab says so, not as an error, and stays put (nothing reconnects).
 * Its button takes the seat back here, the same way (the other tab is then told the same).
 */
export function elsewherePage(seat: StudentSeat, hooks: EntryHooks): void {
  const useHere = h('button', { class: 'primary', testid: 'continue-here', onclick: () => void rejoin(seat, hooks) }, T.continueHere);
  const card = h('section', { class: 'card', testid: 'opened-elsewhere', role: 'status' }, h('h2', {}, T.replacedTitle), h('p', { testid: 'opened-elsewhere-text' }, T.replaced), useHere);
  show(h('div', { class: 'columns' }, card, h('div')));
  useHere.focus();
}

/** Back on `?code=…` with a seat this browser remembers: straight to it. */
export async function rejoin(seat: StudentSeat, hooks: EntryHooks): Promise<void> {
  show(h('p', { class: 'status', testid: 'rejoining' }, T.rejoining));
  try {
    const { room, seat: kept } = await joinClass(seat.code, seat.name);
    hooks.joined(room, kept);
  } catch (e) {
    const status = (e as { status?: number }).status;
    // The class this seat was in is closed: its code opens nothing now.
    if (status === 404) forgetSeat(seat.code);
    entryPage(seat.code, hooks, status === 404 ? T.classOver : refusal(e));
  }
}

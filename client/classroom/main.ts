/**
 * The classroom pages (class.html), plain DOM over the Colyseus SDK:
 * - `class.html` / `?code=…`: open a class (teacher) or join one (student: code + name);
 * - `#class=…&token=…`: the teacher's live dashboard (QR, lobby, pairs, heatmap, spectating);
 * - `#class=…&token=…&view=results`: the class summary with podium and CSV.
 * Students play their pair's round in the real game (`/?classPair=…`) in a frame over the class page,
 * which keeps the class connection; after the round they come back to the class lobby.
 */
import { Client, type Room } from '@colyseus/sdk';
import { h } from '../ui/dom.ts';
import { classInfo, classSummary, csvUrl, lookUp, openClass } from './api.ts';
import { texts } from './text.ts';
import { CLASS_PAIR_MESSAGE, CLASS_PAIR_SEAT, type ClassPairEvent } from '../net/session.ts';
import { renderHeatmap, renderPairs, renderSpectator, type DashboardData } from './dashboard.ts';
import { renderSummary, type SummaryData } from './summary.ts';

const T = texts();
const root = document.getElementById('classroom')!;
const client = new Client(`${location.protocol}//${location.host}`);
const SCENARIO_IDS = ['handshake', 'why-three', 'lost-syn', 'lost-syn-ack', 'active-close-client', 'active-close-server', 'lost-final-ack', 'simultaneous-close', 'connection-refused'];

function show(...children: Node[]): void {
  root.replaceChildren(h('header', { class: 'bar' }, h('h1', {}, T.title)), ...children);
}

function field(label: string, input: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

// ---- entry: open or join ----------------------------------------------------------------

function entryPage(prefillCode: string): void {
  const error = h('p', { class: 'error', testid: 'join-error' });
  const code = h('input', { testid: 'join-code', maxlength: 8, value: prefillCode, autocomplete: 'off', class: 'code' }) as HTMLInputElement;
  const name = h('input', { testid: 'join-name', maxlength: 24, value: localStorage.getItem('tcp-dojo.name') ?? '' }) as HTMLInputElement;
  const joinForm = h(
    'form',
    { class: 'card', testid: 'join-form', onsubmit: (e) => (e.preventDefault(), void join(code.value, name.value, error)) },
    h('h2', {}, T.joinTitle),
    field(T.code, code),
    field(T.name, name),
    h('button', { type: 'submit', class: 'primary', testid: 'join-submit' }, T.join),
    error,
  );
  const className = h('input', { testid: 'class-name', maxlength: 60, value: '' }) as HTMLInputElement;
  const scenario = h('select', { testid: 'class-scenario' }, ...SCENARIO_IDS.map((id) => h('option', { value: id }, id))) as HTMLSelectElement;
  const loss = h('input', { type: 'number', min: 0, max: 60, value: 0, testid: 'class-loss' }) as HTMLInputElement;
  const delay = h('input', { type: 'number', min: 10, max: 3000, value: 300 }) as HTMLInputElement;
  const mode = h('select', { testid: 'class-mode' }, h('option', { value: 'coach' }, T.coach), h('option', { value: 'consequences' }, T.consequences)) as HTMLSelectElement;
  const limit = h('input', { type: 'number', min: 10, max: 1800, value: 120 }) as HTMLInputElement;
  const rounds = h('input', { type: 'number', min: 1, max: 10, value: 2, testid: 'class-rounds' }) as HTMLInputElement;
  const timed = h('input', { type: 'checkbox', testid: 'class-timed' }) as HTMLInputElement;
  const openForm = h(
    'form',
    {
      class: 'card',
      testid: 'open-form',
      onsubmit: (e) => {
        e.preventDefault();
        void openClass(className.value || 'TCP', {
          scenarioId: scenario.value,
          loss: Number(loss.value) / 100,
          delayMs: Number(delay.value),
          mode: mode.value,
          timeLimitMs: Number(limit.value) * 1000,
          rounds: Number(rounds.value),
          timed: timed.checked,
        }).then((opened) => {
          location.hash = `class=${opened.classId}&token=${opened.teacherToken}`;
          route();
        });
      },
    },
    h('h2', {}, T.openTitle),
    field(T.className, className),
    field(T.scenario, scenario),
    h('div', { class: 'row' }, field(T.loss, loss), field(T.delay, delay)),
    field(T.mode, mode),
    h('div', { class: 'row' }, field(T.timeLimit, limit), field(T.rounds, rounds)),
    h('label', { class: 'check' }, timed, h('span', {}, T.timed)),
    h('button', { type: 'submit', class: 'primary', testid: 'open-submit' }, T.open),
  );
  show(h('div', { class: 'columns' }, joinForm, prefillCode ? h('div') : openForm));
}

async function join(code: string, name: string, error: HTMLElement): Promise<void> {
  error.textContent = '';
  try {
    const found = await lookUp(code);
    localStorage.setItem('tcp-dojo.name', name);
    const rejoinToken = localStorage.getItem(`tcp-dojo.class.${found.classId}`) ?? undefined;
    const room = await client.joinById(found.roomId, rejoinToken ? { name, rejoinToken } : { name });
    studentPage(room, found.classId);
  } catch (e) {
    const status = (e as { status?: number }).status;
    error.textContent = status === 429 ? T.tooMany : status === 404 ? T.noClass : String((e as Error).message);
  }
}

// ---- student ----------------------------------------------------------------------------

function studentPage(room: Room<any, any>, classId: string): void {
  let me = '';
  let pairInfo: { side: string; partner: string; pairNo: number; roundNo: number; roomId: string } | null = null;
  /** The pair room whose game frame is (or was last) open, and whether its round is over. */
  let gameRoomId = '';
  let gameOver = false;
  const lobby = h('ul', { class: 'names', testid: 'lobby' });
  const status = h('p', { class: 'status', testid: 'student-status' }, T.waiting);
  const play = h('section', { class: 'play', testid: 'play' });
  const podium = h('section', { testid: 'student-podium' });
  const back = h('button', { class: 'primary', testid: 'back-to-class', hidden: true, onclick: () => closeGame() }, T.backToClass);
  const gameTitle = h('span', { testid: 'game-title' });
  const overlay = h('div', {
    testid: 'class-game-overlay',
    class: 'class-game',
    hidden: true,
  });
  show(
    h('div', { class: 'columns' }, h('section', { class: 'card' }, h('h2', { testid: 'class-title' }, ''), status, play, podium), h('section', { class: 'card' }, h('h2', {}, T.lobby), lobby)),
    overlay,
  );

  const openGame = (roomId: string): void => {
    gameRoomId = roomId;
    gameOver = false;
    back.hidden = true;
    const code = String(room.state.code ?? '');
    const frame = h('iframe', {
      testid: 'class-game',
      title: 'TCP Dojo',
      src: `/?classPair=${encodeURIComponent(roomId)}&code=${encodeURIComponent(code)}`,
    }) as HTMLIFrameElement;
    overlay.replaceChildren(h('div', { class: 'class-game-bar' }, gameTitle, back), frame);
    overlay.hidden = false;
    frame.addEventListener('load', () => frame.contentWindow?.focus());
    draw();
  };
  function closeGame(): void {
    overlay.hidden = true;
    overlay.replaceChildren();
    draw();
  }
  window.addEventListener('message', (e: MessageEvent) => {
    const m = e.data as { type?: string; event?: ClassPairEvent; roomId?: string } | null;
    if (e.origin !== location.origin || m?.type !== CLASS_PAIR_MESSAGE || m.roomId !== gameRoomId) return;
    if (m.event === 'finished') {
      gameOver = true;
      back.hidden = false;
    } else if (m.event === 'leave' || m.event === 'failed') {
      closeGame();
    }
  });

  room.onMessage('error', () => undefined);
  room.onMessage('spectate', () => undefined);
  room.onMessage('welcome', (m: { name: string; rejoinToken: string | null; studentId: string }) => {
    me = m.studentId;
    localStorage.setItem('tcp-dojo.name', m.name);
    if (m.rejoinToken) localStorage.setItem(`tcp-dojo.class.${classId}`, m.rejoinToken);
  });
  room.onMessage('pair', (m: { side: string; partner: string; pairNo: number; roundNo: number; roomId: string; reservation: unknown }) => {
    pairInfo = m;
    // The game page consumes the reservation (it carries this seat's key); without one, it comes
    // back to its seat with the reconnection token it kept from an earlier visit.
    if (m.reservation) sessionStorage.setItem(CLASS_PAIR_SEAT + m.roomId, JSON.stringify(m.reservation));
    if (gameRoomId === m.roomId && !overlay.hidden) return;
    openGame(m.roomId);
  });
  const resume = h('button', { class: 'primary', testid: 'resume-game', onclick: () => pairInfo && openGame(pairInfo.roomId) }, T.resume);
  const draw = (): void => {
    const s = room.state;
    (root.querySelector('[data-testid="class-title"]') as HTMLElement).textContent = `${s.name ?? ''} · ${s.code ?? ''}`;
    lobby.replaceChildren(...[...(s.students?.entries() ?? [])].map(([id, st]: [string, any]) => h('li', { class: `${st.connected ? '' : 'away'} ${id === me ? 'me' : ''}` }, st.name)));
    if (s.phase === 'lobby') status.textContent = T.waiting;
    else status.textContent = `${T.phase[s.phase] ?? s.phase} · ${T.round} ${s.roundNo}/${s.rounds}`;
    if (pairInfo) {
      const who = `${T.pair} ${pairInfo.pairNo} · ${T.round} ${pairInfo.roundNo} · ${T.youPlay} ${pairInfo.side === 'client' ? T.client : T.server} · ${T.partner}: ${pairInfo.partner}`;
      gameTitle.textContent = who;
      const current = s.phase === 'playing' && pairInfo.roundNo === s.roundNo;
      const open = !overlay.hidden;
      play.replaceChildren(
        h('p', { class: 'who' }, who),
        open ? h('p', { class: 'dim' }, T.inGame) : current && !gameOver ? resume : h('p', { class: 'dim' }, T.finished),
      );
    }
    if (s.podium) {
      const places = JSON.parse(s.podium) as { place: number; name: string; score: number }[];
      podium.replaceChildren(h('h3', {}, T.podium), h('ol', { class: 'podium' }, ...places.map((p) => h('li', {}, `${p.name} — ${p.score}`))));
    }
  };
  room.onStateChange(() => draw());
}

// ---- teacher ----------------------------------------------------------------------------

async function teacherPage(classId: string, token: string): Promise<void> {
  const info = await classInfo(classId, token);
  const room = await client.joinById(info.roomId, { teacherToken: token });
  let spectating: Room<any, any> | null = null;
  const qr = h('div', { class: 'qr', testid: 'qr' });
  qr.innerHTML = info.qrSvg; // server-made SVG of the join URL
  const lobby = h('ul', { class: 'names', testid: 'teacher-lobby' });
  const pairs = h('div', { testid: 'pairs' });
  const heat = h('div', { testid: 'heatmap' });
  const spectator = h('section', { class: 'card spectator', testid: 'spectator', hidden: true });
  const phase = h('span', { class: 'phase', testid: 'phase' });
  const btn = (label: string, type: string, testid: string) => h('button', { testid, onclick: () => room.send(type as never, {} as never) }, label);
  const controls = h(
    'div',
    { class: 'controls' },
    btn(T.start, 'start', 'start'),
    btn(T.next, 'next', 'next'),
    btn(T.stop, 'stop', 'stop'),
    btn(T.repair, 'repair', 'repair'),
    btn(T.end, 'end', 'end'),
    h('a', { href: `#class=${classId}&token=${token}&view=results`, class: 'button', testid: 'results-link', onclick: () => setTimeout(route) }, T.results),
    h('a', { href: csvUrl(classId, token), class: 'button', download: '' }, T.csv),
  );
  show(
    h(
      'div',
      { class: 'teacher' },
      h(
        'section',
        { class: 'card join-panel' },
        h('h2', { testid: 'teacher-class' }, info.name),
        h('div', { class: 'big-code', testid: 'big-code' }, info.code),
        qr,
        h('p', { class: 'url' }, `${T.joinAt} `, h('b', {}, info.joinUrl)),
        h('h3', {}, T.lobby),
        lobby,
      ),
      h('section', { class: 'main' }, h('div', { class: 'card' }, phase, controls), spectator, h('div', { class: 'card' }, h('h3', {}, T.pairs), pairs), h('div', { class: 'card' }, h('h3', {}, T.heatmap), heat)),
    ),
  );
  room.onMessage('error', () => undefined);
  room.onMessage('welcome', () => undefined);
  room.onMessage('pair', () => undefined);
  room.onMessage('spectate', async (m: { pairNo: number; roomId: string; spectatorToken: string }) => {
    await spectating?.leave().catch(() => undefined);
    spectating = await client.joinById(m.roomId, { spectatorToken: m.spectatorToken });
    for (const type of ['seat', 'notice', 'error', 'verdict', 'refused']) spectating.onMessage(type, () => undefined);
    spectator.hidden = false;
    const close = () => {
      void spectating?.leave();
      spectating = null;
      spectator.hidden = true;
    };
    spectating.onStateChange((s: any) => renderSpectator(spectator, m.pairNo, s.spectator?.view ?? '', T, close));
  });
  room.onStateChange((s: any) => {
    phase.textContent = `${T.phase[s.phase] ?? s.phase} · ${T.round} ${s.roundNo}/${s.rounds} · ${s.students?.size ?? 0} ${T.lobby}`;
    lobby.replaceChildren(...[...(s.students?.values() ?? [])].map((st: any) => h('li', { class: st.connected ? '' : 'away' }, st.name)));
    const dash = s.teacher?.dashboard ? (JSON.parse(s.teacher.dashboard) as DashboardData) : null;
    if (!dash) return;
    renderPairs(pairs, dash, T, (pairNo) => room.send('spectate' as never, { pairNo } as never));
    renderHeatmap(heat, dash.heatmap, T);
  });
}

async function resultsPage(classId: string, token: string): Promise<void> {
  const data = await classSummary<SummaryData>(classId, token);
  const page = h('div', { class: 'summary' });
  renderSummary(page, data, csvUrl(classId, token), T);
  show(page);
}

function route(): void {
  const hash = new URLSearchParams(location.hash.slice(1));
  const classId = hash.get('class');
  const token = hash.get('token');
  if (classId && token) {
    void (hash.get('view') === 'results' ? resultsPage(classId, token) : teacherPage(classId, token));
    return;
  }
  entryPage(new URLSearchParams(location.search).get('code') ?? '');
}

document.title = T.title;
route();

/**
 * The teacher's live page: join code, QR and join URL (the machine's network address when the page
 * was opened at localhost), the teacher link shown once after opening, the roster (here and away
 * apart, each removable), the controls the phase allows, the pairs, the heatmap, spectating.
 */
import type { Room } from '@colyseus/sdk';
import { findScenario } from '../../shared/game/scenarios.ts';
import { ViewReader } from '../../shared/game/viewEntries.ts';
import type { RoundView } from '../../shared/game/views.ts';
import { h } from '../ui/dom.ts';
import { classInfo, downloadCsv, type ClassInfo, type JoinLink } from './api.ts';
import { allowedControls, type ControlId } from './controls.ts';
import { fitHeatmap, renderHeatmap, renderPairs, renderSpectator, seatLabel, type DashboardData } from './dashboard.ts';
import { client, field, show, T, type Leave } from './page.ts';
import { currentLang } from './text.ts';
import { SCENARIO_IDS } from './entry.ts';
import { refusalText } from '../i18n/refusal.ts';
import { MAX_CLASS_ROUNDS, MAX_OPENING_ROUNDS } from '../../shared/classroom/rounds.ts';
import { DEFAULT_WINDOW_SECONDS, watchConnection } from '../net/reconnection.ts';

/**
 * The open form again, filled in with this class's settings and the scenario after its last one:
 * once a class is over (between rounds the teacher changes the scenario in the class itself), its
 * next level is a new class, and the students join it by its new code.
 */
export function nextClassHref(info: Pick<ClassInfo, 'name' | 'settings'>): string {
  const s = info.settings;
  const next = SCENARIO_IDS[(SCENARIO_IDS.indexOf(s.scenarioId) + 1) % SCENARIO_IDS.length]!;
  // A class that grew past what a class opens with opens the next one with as many as it may.
  const rounds = Math.min(s.rounds, MAX_OPENING_ROUNDS);
  const q = new URLSearchParams({ name: info.name, scenario: next, mode: s.mode, rounds: String(rounds), size: String(s.maxStudents), timed: s.timed ? '1' : '0' });
  if (s.loss !== undefined) q.set('loss', String(Math.round(s.loss * 100)));
  if (s.delayMs !== undefined) q.set('delay', String(s.delayMs));
  if (s.timeLimitMs !== undefined) q.set('limit', String(Math.round(s.timeLimitMs / 1000)));
  return `class.html?${q.toString()}`;
}

export function teacherLink(origin: string, classId: string, token: string): string {
  return `${origin}/class.html#class=${classId}&token=${token}`;
}

async function copy(text: string, button: HTMLButtonElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission (plain http on a LAN address): the text is selected for Ctrl+C instead.
    const area = Object.assign(document.createElement('textarea'), { value: text });
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  const label = button.textContent;
  button.textContent = T.copied;
  setTimeout(() => (button.textContent = label), 1500);
}

/** Where students join: the page's own address, or, opened at localhost, a network address. */
function joinPanel(info: ClassInfo, onOrigin: (origin: string) => void): HTMLElement {
  const qr = h('div', { class: 'qr', testid: 'qr' });
  const url = h('b', { testid: 'join-url' });
  const showLink = (link: JoinLink | { joinUrl: string; qrSvg: string; origin: string }): void => {
    qr.innerHTML = link.qrSvg; // server-made SVG of the join URL
    // The address may wrap (a narrow column), the class code never: a student copying it from the
    // projector must not read half a code at the end of a line.
    const at = link.joinUrl.lastIndexOf('?');
    url.replaceChildren(...(at < 0 ? [link.joinUrl] : [link.joinUrl.slice(0, at), h('wbr'), h('span', { class: 'nowrap', testid: 'join-url-code' }, link.joinUrl.slice(at))]));
    onOrigin(link.origin);
  };
  const parts: HTMLElement[] = [qr, h('p', { class: 'url' }, `${T.joinAt} `, url)];
  if (info.loopback) {
    if (info.network.length === 0) {
      parts.unshift(h('p', { class: 'warn', testid: 'loopback-note' }, T.noNetwork));
      showLink({ joinUrl: info.joinUrl, qrSvg: info.qrSvg, origin: location.origin });
    } else {
      const pick = h('select', { testid: 'join-address', 'aria-label': T.networkAddress }, ...info.network.map((l, i) => h('option', { value: String(i) }, l.origin.replace(/^https?:\/\//, '')))) as HTMLSelectElement;
      pick.addEventListener('change', () => showLink(info.network[Number(pick.value)]!));
      parts.unshift(h('p', { class: 'warn', testid: 'loopback-note' }, T.loopbackNote), h('label', { class: 'field' }, h('span', {}, T.networkAddress), pick));
      showLink(info.network[0]!);
    }
  } else {
    showLink({ joinUrl: info.joinUrl, qrSvg: info.qrSvg, origin: location.origin });
  }
  return h('div', { class: 'join-where' }, ...parts);
}

export async function teacherPage(classId: string, token: string, justOpened: boolean): Promise<Leave> {
  const info = await classInfo(classId, token);
  const room: Room<any, any> = await client.joinById(info.roomId, { teacherToken: token });
  let spectating: Room<any, any> | null = null;
  /** The latest dashboard: it names who plays each host of the pair the teacher watches. */
  let dashboard: DashboardData | null = null;
  let linkOrigin = location.origin;
  let closed = false;
  /** The page's own connection: away (getting back by itself: see sayNetwork below), or lost for good. */
  const connection = watchConnection(room, () => info.reconnectSeconds ?? DEFAULT_WINDOW_SECONDS, () => sayNetwork());
  let lost = false;
  /** What the teacher asks of the class; nothing while the connection is away (the class would not hear it). */
  const tell = (type: string, message: object): void => {
    if (!connection.away() && !lost) room.send(type as never, message as never);
  };
  const lang = currentLang();
  const lobby = h('ul', { class: 'names', testid: 'teacher-lobby' });
  /** Students the teacher removed: each can be let back in (their page then rejoins as them). */
  const removed = h('div', { class: 'removed', testid: 'removed-list', hidden: true });
  // Locking the class once everyone is in: the room refuses new names, keeps those already in.
  let locked = false;
  const lockButton = h('button', { testid: 'lock-class', title: T.lockTitle, onclick: () => tell('lock', { locked: !locked }) }, T.lock) as HTMLButtonElement;
  const lockNote = h('p', { class: 'dim lock-note', testid: 'lock-note', hidden: true }, T.lockedNote);
  const lockedBadge = h('span', { class: 'locked-badge', testid: 'locked-badge', hidden: true }, T.lockedBadge);
  const pairs = h('div', { testid: 'pairs' });
  const heat = h('div', { testid: 'heatmap' });
  const spectator = h('section', { class: 'card spectator', testid: 'spectator', hidden: true });
  const phase = h('span', { class: 'phase', testid: 'phase' });
  const notice = h('p', { class: 'error', testid: 'teacher-error' });
  /**
   * The page's own connection (a Wi-Fi blip, a laptop that slept): the class goes on without it, so
   * the page says so while it gets the connection back by itself (reconnection.ts; the class holds
   * a dropped connection for the server's window, as it does a student's), and offers a reload only
   * once it cannot. Meanwhile the controls wait: a press would not reach the class.
   */
  const netNote = h('p', { class: 'reconnecting', role: 'status', testid: 'teacher-reconnecting' });
  const reopen = h('button', { class: 'primary reopen', testid: 'teacher-reopen', hidden: true, onclick: () => location.reload() }, T.teacherReopen) as HTMLButtonElement;
  const buttons = {} as Record<ControlId, HTMLButtonElement>;
  // The round Start or Next opens: its scenario and, from the second round on, who plays which host.
  const scenarioTitle = (id: string): string => findScenario(id)?.title[lang] ?? id;
  const roundScenario = h('select', { testid: 'round-scenario' }, ...SCENARIO_IDS.map((id) => h('option', { value: id }, scenarioTitle(id)))) as HTMLSelectElement;
  const roundRoles = h('select', { testid: 'round-roles' }, h('option', { value: 'swap' }, T.rolesSwap), h('option', { value: 'keep' }, T.rolesKeep)) as HTMLSelectElement;
  const rolesField = field(T.roles, roundRoles);
  const setup = h('div', { class: 'row round-setup', testid: 'round-setup', hidden: true }, field(T.roundScenario, roundScenario), rolesField);
  const setupOf = (id: ControlId): Record<string, string | number> =>
    id === 'start' ? { scenarioId: roundScenario.value } : id === 'next' ? { scenarioId: roundScenario.value, roles: roundRoles.value } : id === 'addRounds' ? { count: 1 } : {};
  const btn = (label: string, id: ControlId) => (buttons[id] = h('button', { testid: id, disabled: true, onclick: () => tell(id, setupOf(id)) }, label) as HTMLButtonElement);
  const copyLink = h('button', { testid: 'copy-teacher-link', onclick: () => void copy(teacherLink(linkOrigin, classId, token), copyLink) }, T.copyTeacherLink) as HTMLButtonElement;
  const csv = h('button', { testid: 'csv-download', onclick: () => void downloadCsv(classId, token) }, T.csv);
  // Offered once the class is over: the next level is a new class.
  const nextClass = h('a', { href: nextClassHref(info), class: 'button primary', testid: 'next-class', hidden: true }, T.nextClass);
  const controls = h(
    'div',
    { class: 'controls' },
    btn(T.start, 'start'),
    btn(T.next, 'next'),
    btn(T.addRound, 'addRounds'),
    btn(T.stop, 'stop'),
    btn(T.repair, 'repair'),
    btn(T.end, 'end'),
    h('a', { href: `#class=${classId}&view=results`, class: 'button', testid: 'results-link' }, T.results),
    nextClass,
    csv,
    copyLink,
  );
  const settings = h('p', { class: 'dim', testid: 'class-settings' });
  /** The class's scenario is the current round's (the teacher may change it between rounds). */
  const showSettings = (scenarioId: string, rounds: number): void => {
    settings.textContent = T.settingsLine(scenarioTitle(scenarioId), T.modeShort[info.settings.mode] ?? info.settings.mode, rounds, info.settings.maxStudents);
  };
  showSettings(info.settings.scenarioId, info.settings.rounds);
  buttons.addRounds.title = T.addRoundTitle(MAX_CLASS_ROUNDS);
  /** The round the setup was last filled in for: a new round starts it again from the class's scenario, hosts swapped. */
  let setupFor = -1;
  const where = joinPanel(info, (origin) => (linkOrigin = origin));
  const once = justOpened
    ? h(
        'section',
        { class: 'card teacher-link', testid: 'teacher-link-panel' },
        h('h3', {}, T.teacherLinkTitle),
        h('p', {}, T.teacherLinkNote),
        h('input', { readonly: true, testid: 'teacher-link', 'aria-label': T.teacherLinkTitle, value: teacherLink(linkOrigin, classId, token), onfocus: (e) => (e.target as HTMLInputElement).select() }),
        h('div', { class: 'controls' }, h('button', { class: 'primary', testid: 'teacher-link-copy', onclick: (e) => void copy(teacherLink(linkOrigin, classId, token), e.currentTarget as HTMLButtonElement) }, T.copy), h('button', { testid: 'teacher-link-done', onclick: () => once?.remove() }, T.done)),
      )
    : null;
  const page = h(
    'div',
    { class: 'teacher' },
    h('section', { class: 'card join-panel', testid: 'join-panel' }, h('h2', { testid: 'teacher-class' }, info.name), h('div', { class: 'code-line' }, h('div', { class: 'big-code', testid: 'big-code' }, info.code), lockedBadge), where),
    h(
      'section',
      { class: 'main' },
      ...(once ? [once] : []),
      h('div', { class: 'card control-card' }, netNote, reopen, phase, settings, setup, controls, notice),
      spectator,
      h('section', { class: 'card pairs-card', 'aria-label': T.pairs }, h('h3', {}, T.pairs), pairs),
      h('section', { class: 'card heat-card', 'aria-label': T.heatmap }, h('h3', {}, T.heatmap), heat),
      // Beside the QR code, not under it: a projected lobby of thirty shows every name (classroom.css).
      h('div', { class: 'card roster' }, h('div', { class: 'roster-head' }, h('h3', {}, T.lobby), lockButton), lockNote, lobby, removed),
    ),
  );
  show(page);
  let allowed = new Set<ControlId>();
  const sayNetwork = (): void => {
    const reconnecting = connection.away() && !lost;
    const words = lost ? T.teacherLost : !reconnecting ? '' : navigator.onLine ? T.teacherReconnecting : T.teacherReconnectingOffline;
    if (netNote.textContent !== words) netNote.textContent = words;
    reopen.hidden = !lost;
    page.dataset['connection'] = lost ? 'lost' : reconnecting ? 'reconnecting' : 'live';
    for (const [id, b] of Object.entries(buttons)) b.disabled = reconnecting || lost || !allowed.has(id as ControlId);
    lockButton.disabled = reconnecting || lost;
  };
  room.onLeave(() => {
    if (closed) return;
    lost = true;
    connection.stop();
    close();
    sayNetwork();
  });
  sayNetwork();
  room.onMessage('error', (m: unknown) => (notice.textContent = refusalText(m)));
  room.onMessage('welcome', () => undefined);
  room.onMessage('pair', () => undefined);
  room.onMessage('goodbye', () => undefined);
  /** The class round of the pair room watched: a new round is new rooms, and the panel closes. */
  let spectatedRound = 0;
  const close = (): void => {
    void spectating?.leave().catch(() => undefined);
    spectating = null;
    spectator.hidden = true;
    // What it showed goes with it: opened again (next round's room, another pair) it shows nothing
    // until that room's view arrives, never the last room's names and hosts.
    spectator.replaceChildren();
  };
  room.onMessage('spectate', async (m: { pairNo: number; roomId: string; spectatorToken: string }) => {
    await spectating?.leave().catch(() => undefined);
    spectatedRound = room.state.roundNo;
    spectating = await client.joinById(m.roomId, { spectatorToken: m.spectatorToken });
    for (const type of ['seat', 'notice', 'error', 'verdict', 'refused']) spectating.onMessage(type, () => undefined);
    spectator.replaceChildren();
    spectator.hidden = false;
    const reader = new ViewReader<RoundView>();
    let shown = false;
    spectating.onStateChange((s: any) => {
      // Names from this round's dashboard only: next round, pair N is other students, or the same on swapped hosts.
      const pair = dashboard?.roundNo === spectatedRound ? dashboard.pairs.find((p) => p.pairNo === m.pairNo) : undefined;
      const names = pair ? { client: seatLabel(pair.hosts.client, T), server: seatLabel(pair.hosts.server, T) } : null;
      renderSpectator(spectator, m.pairNo, reader.read(s.spectator?.entries), T, close, names);
      // The pair the teacher tapped may be far down a long page: bring its panel into sight once.
      if (!shown) spectator.scrollIntoView({ block: 'nearest' });
      shown = true;
    });
  });
  room.onStateChange((s: any) => {
    if (closed) return;
    if (spectating && s.roundNo !== spectatedRound) close();
    const students = [...(s.students?.entries() ?? [])] as [string, { name: string; connected: boolean }][];
    const here = students.filter(([, st]) => st.connected).length;
    phase.textContent = `${T.phase[s.phase] ?? s.phase} · ${T.round} ${s.roundNo}/${s.rounds} · ${T.here(here)} · ${T.away(students.length - here)}`;
    phase.dataset['phase'] = s.phase;
    locked = s.locked === true;
    lockButton.textContent = locked ? T.unlock : T.lock;
    lockButton.setAttribute('aria-pressed', String(locked));
    lockNote.hidden = !locked;
    lockedBadge.hidden = !locked;
    page.dataset['locked'] = String(locked);
    page.dataset['phase'] = s.phase;
    nextClass.hidden = s.phase !== 'finished';
    if (s.scenarioId) {
      showSettings(s.scenarioId, s.rounds);
      // The next class's scenario follows the one this class played last, not the one it opened with.
      nextClass.setAttribute('href', nextClassHref({ name: info.name, settings: { ...info.settings, scenarioId: s.scenarioId, rounds: s.rounds } }));
    }
    setup.hidden = !(s.phase === 'lobby' || (s.phase === 'between' && s.roundNo < s.rounds));
    rolesField.hidden = s.phase === 'lobby';
    if (setupFor !== s.roundNo && s.scenarioId) {
      setupFor = s.roundNo;
      // A class opened through the API may play a scenario the form does not list: it is offered too.
      if (![...roundScenario.options].some((o) => o.value === s.scenarioId)) roundScenario.append(h('option', { value: s.scenarioId }, scenarioTitle(s.scenarioId)));
      roundScenario.value = s.scenarioId;
      roundRoles.value = 'swap';
    }
    allowed = allowedControls({ phase: s.phase, roundNo: s.roundNo, rounds: s.rounds, present: here });
    sayNetwork();
    lobby.replaceChildren(
      ...students.map(([id, st]) =>
        h(
          'li',
          { class: st.connected ? '' : 'away', testid: `student-${id}` },
          h('span', {}, st.name),
          h('button', { class: 'remove', title: `${T.remove} ${st.name}`, 'aria-label': `${T.remove} ${st.name}`, testid: `remove-${id}`, onclick: () => window.confirm(T.removeConfirm(st.name)) && tell('remove', { studentId: id }) }, '×'),
        ),
      ),
    );
    const out = s.teacher?.removed ? (JSON.parse(s.teacher.removed) as { studentId: string; name: string }[]) : [];
    removed.hidden = out.length === 0;
    removed.replaceChildren(
      h('span', { class: 'dim' }, `${T.removedList}${T.colon}`),
      ...out.map((r) => h('span', { class: 'removed-name', testid: `removed-${r.studentId}` }, h('s', {}, r.name), h('button', { testid: `readmit-${r.studentId}`, onclick: () => tell('readmit', { studentId: r.studentId }) }, T.readmit))),
    );
    const dash = s.teacher?.dashboard ? (JSON.parse(s.teacher.dashboard) as DashboardData) : null;
    if (!dash) return;
    dashboard = dash;
    renderPairs(pairs, dash, T, (pairNo) => tell('spectate', { pairNo }));
    renderHeatmap(heat, dash.heatmap, T);
    fitHeatmap(heat);
  });
  const refit = (): void => fitHeatmap(heat);
  window.addEventListener('resize', refit);
  return () => {
    closed = true;
    connection.stop();
    window.removeEventListener('resize', refit);
    void spectating?.leave().catch(() => undefined);
    void room.leave(true).catch(() => undefined);
  };
}

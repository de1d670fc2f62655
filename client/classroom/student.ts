/**
 * A student's class page: the lobby, their own pair and score, the podium at the end. The pair's
 * round is the real game (`/?classPair=…`) in a frame over the page, which keeps the class
 * connection; after the round the student comes back to the lobby. A reload comes straight back
 * here (entry.ts) and the class room sends the pair seat again, so the game reopens where it was.
 */
import type { Room } from '@colyseus/sdk';
import { h, keepChildren } from '../ui/dom.ts';
import { CLASS_PAIR_MESSAGE, CLASS_PAIR_SEAT, type ClassPairEvent } from '../net/session.ts';
import { DEFAULT_WINDOW_SECONDS, watchConnection } from '../net/reconnection.ts';
import { forgetSeat, type StudentSeat } from './memory.ts';
import { show, T, type Leave } from './page.ts';
import { playerName } from './text.ts';
import { refusalText } from '../i18n/refusal.ts';
import { readRefusal } from '../../shared/refusals.ts';
import type { ClassGoodbye, ClassWelcome, PairSeatMessage } from '../../server/rooms/ClassRoom.ts';
import type { ProtocolError } from '../../server/validate.ts';

/** How long a game parked after the class opened in another tab waits for that tab's game to take its seat. */
const PARKED_MS = 20_000;

export interface StudentHooks {
  /** This page's connection was closed: show the entry page with this message. */
  gone: (seat: StudentSeat, message: string) => void;
  /** The student opened the class in another tab or window, which has their seat now. */
  elsewhere: (seat: StudentSeat) => void;
  /**
   * The connection closed with no word from the class, and the class no longer holds it: the
   * network was away longer than the class's reconnection window, or the laptop slept past it.
   */
  lost: (seat: StudentSeat) => void;
}

export function studentPage(room: Room<any, any>, seat: StudentSeat, hooks: StudentHooks): Leave {
  let me = '';
  let pairInfo: Omit<PairSeatMessage, 'reservation'> | null = null;
  let goodbye: ClassGoodbye | null = null;
  let left = false;
  /** The pair room whose game frame is (or was last) open, and whether its round is over. */
  let gameRoomId = '';
  /** Fresh seats asked for after the game could not sit down (a reservation that ran out). */
  let reseats = 0;
  let gameOver = false;
  /** The pair round (roundNo:pairNo) this student could not get back into: the bot plays it. */
  let benchedIn = '';
  /**
   * What the class room last refused this page (a fresh seat asked for after the round ended, a
   * flood), as it came: worded when drawn. Old news once the student has a seat or a round again.
   */
  let refused: ProtocolError | null = null;
  /** The class round the refusal came in: the next one makes it old news. */
  let refusedInRound = 0;
  /**
   * The connection dropped (a Wi-Fi blip) and the SDK is getting it back: the class holds this
   * student's connection for `reconnectSeconds` (its welcome says how long), the page retries that
   * long, and the student's game does the same with its own room.
   */
  let reconnectSeconds = DEFAULT_WINDOW_SECONDS;
  const connection = watchConnection(room, () => reconnectSeconds, () => draw());
  /** Said while reconnecting, on the card and over the game (a status kept in the page, empty otherwise, so it is read out when it fills). */
  const reconnectNote = h('p', { class: 'reconnecting', role: 'status', testid: 'class-reconnecting' });
  const barReconnect = h('span', { class: 'class-game-note reconnecting', role: 'status', testid: 'game-reconnecting' });
  const lobby = h('ul', { class: 'names', testid: 'lobby' });
  const status = h('p', { class: 'status', testid: 'student-status' }, T.waiting);
  const total = h('p', { class: 'total', testid: 'student-total' });
  /** The name the class gave this student when it differs from the one typed (a name already taken). */
  let renamed = '';
  const youAre = h('p', { class: 'dim', testid: 'student-renamed', hidden: true });
  const play = h('section', { class: 'play', testid: 'play' });
  const podium = h('section', { testid: 'student-podium' });
  const back = h('button', { class: 'primary', testid: 'back-to-class', hidden: true, onclick: () => closeGame() }, T.backToClass);
  const gameTitle = h('span', { testid: 'game-title' });
  /** The refusal, under the student's pair line (the page sends only 'reseat', whose refusal closes the game first). */
  const notice = h('p', { class: 'error', testid: 'student-error', role: 'alert', hidden: true });
  /** Said once, under the partner line, when the partner leaves the round or comes back (a status: the page keeps this one node). */
  const partnerNote = h('p', { class: 'dim', role: 'status', testid: 'partner-left', hidden: true });
  /** The same words in the game's bar, over the game the partner plays in. */
  const barNote = h('span', { class: 'class-game-note', role: 'status', testid: 'game-partner-note' });
  const overlay = h('div', { testid: 'class-game-overlay', class: 'class-game', hidden: true });
  const leaveButton = h('button', { testid: 'leave-class', onclick: () => void leaveClass() }, T.leaveClass);
  show(
    h(
      'div',
      { class: 'columns' },
      // On a phone (classroom.css shows it there): turn it sideways for the round, said while waiting for it.
      h('section', { class: 'card' }, h('h2', { testid: 'class-title' }, ''), reconnectNote, youAre, status, total, play, podium, h('p', { class: 'small-screen-note', testid: 'student-small-screen' }, T.smallScreen)),
      h('section', { class: 'card' }, h('h2', {}, T.lobby), lobby, h('div', { class: 'controls' }, leaveButton)),
    ),
    overlay,
  );

  /** `over`: the round is over, the game shows its Results from the stored round (no seat to sit in). */
  const openGame = (roomId: string, over: { roundId: string; side: string } | null = null): void => {
    gameRoomId = roomId;
    gameOver = over !== null;
    refused = null;
    back.hidden = over === null;
    const results = over ? `&round=${encodeURIComponent(over.roundId)}&side=${encodeURIComponent(over.side)}` : '';
    const frame = h('iframe', {
      testid: 'class-game',
      title: 'TCP Dojo',
      src: `/?classPair=${encodeURIComponent(roomId)}&code=${encodeURIComponent(seat.code)}${results}`,
    }) as HTMLIFrameElement;
    overlay.replaceChildren(h('div', { class: 'class-game-bar' }, gameTitle, barNote, barReconnect, back), frame);
    overlay.hidden = false;
    frame.addEventListener('load', () => frame.contentWindow?.focus());
    draw();
  };
  function closeGame(): void {
    overlay.hidden = true;
    overlay.replaceChildren();
    draw();
  }
  const onFrameMessage = (e: MessageEvent): void => {
    const m = e.data as { type?: string; event?: ClassPairEvent; roomId?: string } | null;
    if (e.origin !== location.origin || m?.type !== CLASS_PAIR_MESSAGE || m.roomId !== gameRoomId) return;
    // Only this page's own game (not a game of the same room parked on the page: parkGame).
    if (e.source !== overlay.querySelector('iframe')?.contentWindow) return;
    if (m.event === 'joined') {
      reseats = 0;
    } else if (m.event === 'finished') {
      gameOver = true;
      back.hidden = false;
    } else if (m.event === 'failed' && reseats < 3) {
      // The class room sends a fresh seat for this round; the 'pair' message reopens the game.
      reseats += 1;
      gameRoomId = '';
      room.send('reseat', {});
    } else if (m.event === 'leave' || m.event === 'failed') {
      // No seat to sit in any more (held too long: the bot plays the host): say so, rather than
      // offer a button that opens the game and closes it again.
      if (m.event === 'failed') benchedIn = pairInfo ? `${pairInfo.roundNo}:${pairInfo.pairNo}` : '';
      closeGame();
    }
  };
  window.addEventListener('message', onFrameMessage);

  const stopListening = (): void => {
    window.removeEventListener('message', onFrameMessage);
    connection.stop();
  };

  const leave: Leave = () => {
    left = true;
    stopListening();
    void room.leave(true).catch(() => undefined);
  };
  async function leaveClass(): Promise<void> {
    forgetSeat(seat.code);
    leave();
    hooks.gone(seat, '');
  }

  room.onMessage('error', (m: ProtocolError) => {
    refused = m;
    refusedInRound = room.state.roundNo ?? 0;
    // A fresh seat refused (the round ended while the game was sitting down): none will come, so
    // the game that could not sit down closes and the class page says why.
    if (m.type === 'reseat' && gameRoomId === '' && !overlay.hidden) closeGame();
    else draw();
  });
  room.onMessage('spectate', () => undefined);
  room.onMessage('goodbye', (m: ClassGoodbye) => (goodbye = m));
  room.onMessage('welcome', (m: ClassWelcome) => {
    me = m.studentId;
    // (A server older than the field sends none: the default window.)
    if (typeof m.reconnectSeconds === 'number') reconnectSeconds = m.reconnectSeconds;
    // Another student has that name (or one that looks like it): the class calls this one "Alex (2)", and says so.
    // (Only a suffix the class added: a name cut to length or cleaned of invisible characters is not another's.)
    renamed = / \(\d+\)$/.test(m.name) && !/ \(\d+\)$/.test(seat.name) ? m.name : renamed;
    seat.name = m.name;
    localStorage.setItem('tcp-dojo.name', m.name);
    draw();
  });
  room.onMessage('pair', (m: PairSeatMessage) => {
    const { reservation, ...info } = m;
    pairInfo = info;
    refused = null;
    // A round over (back between rounds, or its end): the pair line and its Results, no game opened.
    if (m.over) return draw();
    // Removed during this round and let back in: the bot plays the host to the round's end; next round they play.
    if (m.benched) {
      benchedIn = `${m.roundNo}:${m.pairNo}`;
      return draw();
    }
    // The game page consumes the reservation (it carries this seat's key); without one, it comes
    // back to its seat with the reconnection token it kept from an earlier visit (a reload). A seat
    // offered again is the student's again (the bot hands a host back to its student who returns).
    if (reservation) benchedIn = '';
    if (reservation) sessionStorage.setItem(CLASS_PAIR_SEAT + m.roomId, JSON.stringify(reservation));
    if (gameRoomId === m.roomId && !overlay.hidden) return;
    openGame(m.roomId);
  });
  room.onLeave(() => {
    if (left) return;
    stopListening();
    if (goodbye?.reason === 'removed') {
      // The seat (its rejoin token) is kept: a reload, or Join again, is refused as this removed student.
      hooks.gone(seat, T.removed);
    } else if (goodbye?.reason === 'replaced') {
      parkGame();
      hooks.elsewhere(seat);
    } else {
      hooks.lost(seat);
    }
  });
  /**
   * The class opened in another tab (or on another laptop): this tab's game stays connected, out of
   * sight, until the pair room moves the seat to the other tab's game and closes this one (it then
   * says 'elsewhere'), so the seat goes from one connection to the other with no drop between: the
   * partner is told nothing, and no bot plays meanwhile. A tab that never sits down does not keep the
   * seat: after PARKED_MS this game goes, and its seat is held for the reconnection window as after
   * any dropped connection.
   */
  function parkGame(): void {
    const frame = overlay.querySelector('iframe');
    if (overlay.hidden || !frame || gameOver) return;
    overlay.hidden = true;
    overlay.dataset['parked'] = '';
    const done = (): void => {
      window.removeEventListener('message', onParked);
      clearTimeout(timer);
      overlay.remove();
    };
    const onParked = (e: MessageEvent): void => {
      const m = e.data as { type?: string; event?: ClassPairEvent } | null;
      if (e.source === frame.contentWindow && m?.type === CLASS_PAIR_MESSAGE && m.event !== 'joined') done();
    };
    window.addEventListener('message', onParked);
    const timer = setTimeout(done, PARKED_MS);
  }
  const resume = h('button', { class: 'primary', testid: 'resume-game', onclick: () => pairInfo && openGame(pairInfo.roomId) }, T.resume);
  // The bot has this student's host (they left the round, or were away too long): the class sends
  // a fresh seat in their pair room, and the bot hands the host back there as it is now.
  const takeBack = h('button', { class: 'primary', testid: 'take-host-back', onclick: () => room.send('reseat', {}) }, T.takeBack);
  // The button is kept while it opens the same Results with the same words: the page is drawn
  // again on every change of the class's state, and a button replaced between the press and the
  // release of a tap loses the click (the student tapped, and nothing opened).
  let seeResultsKept: { key: string; button: HTMLElement } | null = null;
  const seeResults = (info: NonNullable<typeof pairInfo>): HTMLElement => {
    const over = info.over;
    if (!over) return h('p', { class: 'dim' }, T.finished);
    const label = T.seeResults(info.roundNo);
    const key = JSON.stringify([info.roomId, over.roundId, info.side, label]);
    if (seeResultsKept?.key !== key) {
      seeResultsKept = { key, button: h('button', { testid: 'see-results', onclick: () => openGame(info.roomId, { roundId: over.roundId, side: info.side }) }, label) };
    }
    return seeResultsKept.button;
  };
  const draw = (): void => {
    const s = room.state;
    const reconnecting = connection.away();
    const words = !reconnecting ? '' : navigator.onLine ? T.reconnecting : T.reconnectingOffline;
    if (reconnectNote.textContent !== words) reconnectNote.textContent = words;
    if (barReconnect.textContent !== words) barReconnect.textContent = words;
    // The bar is one line over the game: on a narrow screen the whole sentence is in its tooltip.
    barReconnect.title = words;
    // Leaving needs the class to hear it: not while the connection is away (the class holds the seat).
    leaveButton.disabled = reconnecting;
    (document.querySelector('[data-testid="class-title"]') as HTMLElement | null)?.replaceChildren(`${s.name ?? ''} · ${s.code ?? ''}`);
    lobby.replaceChildren(...[...(s.students?.entries() ?? [])].map(([id, st]: [string, any]) => h('li', { class: `${st.connected ? '' : 'away'} ${id === me ? 'me' : ''}` }, st.name)));
    youAre.hidden = renamed === '';
    youAre.textContent = renamed ? T.renamed(renamed) : '';
    if (s.phase === 'lobby') status.textContent = T.waiting;
    else status.textContent = `${T.phase[s.phase] ?? s.phase} · ${T.round} ${s.roundNo}/${s.rounds}`;
    // Only this student's own seat carries its total (the others' are the teacher's to see).
    const mine = me ? s.students?.get(me) : undefined;
    total.textContent = mine && s.roundNo > 0 ? `${T.yourTotal}${T.colon}${mine.total ?? 0}` : '';
    if (refused !== null && (s.roundNo ?? 0) !== refusedInRound) refused = null;
    notice.hidden = refused === null;
    notice.textContent = refused === null ? '' : refusalText(refused);
    // The round ended before this page sat down in it: news to read, not a fault (no alarm red, not
    // read out as an alert); the next round seats the student as usual.
    const news = refused !== null && readRefusal(refused).code === 'no_round_for_you';
    notice.className = news ? 'dim' : 'error';
    notice.setAttribute('role', news ? 'status' : 'alert');
    if (pairInfo) {
      // The partner left this round: the bot plays their host on, named as the teacher's pair card
      // names it; or they came back and play it again.
      const partnerLeft = mine?.partnerLeft === true && pairInfo.roundNo === s.roundNo;
      const partnerBack = !partnerLeft && mine?.partnerBack === true && pairInfo.roundNo === s.roundNo;
      const partner = partnerLeft ? T.botFor(pairInfo.partner) : playerName(pairInfo.partner, T);
      const who = `${T.pair} ${pairInfo.pairNo} · ${T.round} ${pairInfo.roundNo} · ${T.youPlay} ${pairInfo.side === 'client' ? T.client : T.server} · ${T.partner}${T.colon}${partner}`;
      partnerNote.hidden = !partnerLeft && !partnerBack;
      const note = partnerLeft ? T.partnerLeft(pairInfo.partner) : partnerBack ? T.partnerBack(pairInfo.partner) : '';
      if (partnerNote.textContent !== note) partnerNote.textContent = note;
      if (barNote.textContent !== note) barNote.textContent = note;
      gameTitle.textContent = who;
      const current = s.phase === 'playing' && pairInfo.roundNo === s.roundNo;
      const open = !overlay.hidden;
      const benched = benchedIn === `${pairInfo.roundNo}:${pairInfo.pairNo}`;
      // No seat to go back to in this round either: the class room says the bot plays this student's
      // host to its end (they left the round, or were away longer than their seat was held). Once the
      // pair's round is over (everyone in it left, and the bots played it to its end) there is no host
      // to take back: its Results.
      const gone = !benched && mine?.left === true && pairInfo.roundNo === s.roundNo && !pairInfo.over;
      // Drawn again on every change of the class's state: what is already there stays (keepChildren).
      keepChildren(play, [
        h('p', { class: 'who', testid: 'student-partner' }, who),
        partnerNote,
        open
          ? h('p', { class: 'dim' }, T.inGame)
          : current && benched
            ? h('p', { class: 'dim', testid: 'student-benched' }, T.benched)
            : current && gone
              ? h('div', {}, h('p', { class: 'dim', testid: 'student-left-round' }, T.leftRound), takeBack)
              : current && !gameOver && !pairInfo.over
                ? resume
                : seeResults(pairInfo),
        notice,
      ]);
    } else if (play.lastChild !== notice) {
      play.append(notice);
    }
    if (s.podium) {
      const places = JSON.parse(s.podium) as { place: number; name: string; score: number }[];
      podium.replaceChildren(h('h3', {}, T.podium), h('ol', { class: 'podium' }, ...places.map((p) => h('li', { value: p.place }, `${p.name} — ${p.score}`))));
    } else {
      // The teacher added a round to a class that was over: its podium waits for the new last round.
      podium.replaceChildren();
    }
  };
  room.onStateChange(() => draw());
  return leave;
}

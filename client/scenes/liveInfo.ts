/** The live top bar's content from the session: mode and scenario, code, score, the clock's turn, plain notices. */
import { findScenario } from '../../shared/game/scenarios.ts';
import { currentLang, t } from '../i18n/index.ts';
import type { SessionState } from '../net/session.ts';
import type { RoundView } from '../../shared/game/views.ts';
import type { LiveInfo, TurnKind } from '../ui/gameHud.ts';
import { ruleLines } from '../ui/roomRules.ts';
import { seatName } from '../model/seatName.ts';

export function scenarioTitle(id: string): string {
  const s = findScenario(id);
  return s ? s.title[currentLang()] : id;
}

/** The other player's name as the room shows it ('' in a room without one). */
export function opponentName(session: SessionState): string {
  const you = session.side;
  if (!you) return '';
  return seatName(session.room?.seats[you === 'client' ? 'server' : 'client']?.name ?? '');
}

/**
 * The round is under way for this player: its host has moved (a state change, a verdict, a segment
 * sent or received), whoever moved it (the player, or the bot while it had the host). The round's
 * opening card is for a round that is not.
 */
export function roundUnderWay(view: Pick<RoundView, 'states' | 'verdicts' | 'flights'>): boolean {
  return view.states.length > 0 || view.verdicts.length > 0 || view.flights.length > 0;
}

/**
 * The opponent's seat tells what happened to them: still a human but not connected means they
 * dropped (the server holds their seat); a seat that was human and is now a bot means a bot took over.
 */
export function opponentBanner(session: SessionState): LiveInfo['banner'] {
  const you = session.side;
  const room = session.room;
  if (!you || !room || room.kind !== 'duel' || room.phase !== 'playing') return null;
  const seat = room.seats[you === 'client' ? 'server' : 'client'];
  if (!seat) return null;
  if (seat.taken && seat.controller === 'human' && !seat.connected) return { key: 'net.opponentDropped', tone: 'info' };
  if (seat.controller === 'bot' && seat.name !== '') return { key: 'net.botTookOver', tone: 'info' };
  return null;
}

/**
 * Why a class round stopped before its end: the teacher stopped it (Stop round, or End class).
 * The board stands still and the wire is revealed either way; without this the student is left
 * wondering whether the game broke.
 */
export function roundEndBanner(session: SessionState): LiveInfo['banner'] {
  const room = session.room;
  if (!session.request.classPair || room?.phase !== 'finished' || room.endReason !== 'stopped') return null;
  return { key: 'class.teacherStopped', tone: 'info' };
}

/**
 * What the game clock is doing, in the player's words. In a room that takes turns, game time
 * stands still while a player decides: if it stands still and this player has nothing to decide,
 * its opponent is deciding (the room's clock reads the same whoever decides, see
 * server/rooms/roundState.ts `speed`, so this is all a player can tell, and the game says it).
 */
export function turnOf(session: SessionState): TurnKind | null {
  const room = session.room;
  const view = session.view;
  if (!room || !view || room.phase !== 'playing' || view.finished || !session.side) return null;
  if (room.settings?.realTime) return 'real-time';
  if (view.decision) return 'yours';
  const opponent = room.seats[session.side === 'client' ? 'server' : 'client'];
  // Game time waits for a human opponent: deciding, or away (its connection dropped, its seat held).
  if (room.speed === 0 && opponent?.controller === 'human') return opponent.taken && !opponent.connected ? 'away' : 'opponent';
  return 'running';
}

export function liveInfoOf(session: SessionState, netBanner: LiveInfo['banner'], turnSince = 0): LiveInfo {
  const room = session.room;
  const view = session.view;
  const you = session.side;
  const kind = room?.kind ?? session.request.kind;
  const turn = turnOf(session);
  return {
    title: `${t(`mode.${kind}`)} · ${scenarioTitle(room?.scenarioId || view?.scenarioId || session.request.scenarioId || '')}`,
    code: room?.kind === 'duel' ? room.code : '',
    quickMatch: session.request.kind === 'duel' && !session.request.private && !session.request.code && !session.request.rejoinRoomId,
    waiting: !room || room.phase === 'waiting',
    banner: netBanner ?? opponentBanner(session) ?? roundEndBanner(session),
    score: view && you ? view.hosts[you].score : 0,
    streak: view && you ? view.hosts[you].streak : 0,
    canHint: kind === 'practice',
    hintPaid: !!view?.revealed,
    finished: room?.phase === 'finished' || !!view?.finished,
    rules: room?.settings ? ruleLines(room.settings) : [],
    turn: turn ? { kind: turn, opponent: opponentName(session) || t('turn.opponent'), since: turnSince } : null,
    challengeClock: session.challengeClock && kind === 'challenge' ? { ...session.challengeClock, finalMs: session.challenge?.timeMs ?? null } : null,
  };
}

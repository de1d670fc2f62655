/** The live top bar's content from the session: mode and scenario, code, score, plain notices. */
import { findScenario } from '../../shared/game/scenarios.ts';
import { currentLang, t } from '../i18n/index.ts';
import type { SessionState } from '../net/session.ts';
import type { LiveInfo } from '../ui/gameHud.ts';

export function scenarioTitle(id: string): string {
  const s = findScenario(id);
  return s ? s.title[currentLang()] : id;
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

export function liveInfoOf(session: SessionState, netBanner: LiveInfo['banner']): LiveInfo {
  const room = session.room;
  const view = session.view;
  const you = session.side;
  const kind = room?.kind ?? session.request.kind;
  return {
    title: `${t(`mode.${kind}`)} · ${scenarioTitle(room?.scenarioId || view?.scenarioId || session.request.scenarioId || '')}`,
    code: room?.kind === 'duel' ? room.code : '',
    waiting: !room || room.phase === 'waiting',
    banner: netBanner ?? opponentBanner(session),
    score: view && you ? view.hosts[you].score : 0,
    streak: view && you ? view.hosts[you].streak : 0,
    canHint: kind === 'practice',
    finished: room?.phase === 'finished' || !!view?.finished,
  };
}

/**
 * Which of the teacher's controls the class's phase allows (the class room refuses the others with
 * a reason; the page does not offer them): Start in the lobby once someone is here, Stop while a
 * round is played, Next and Re-pair between rounds (Next while rounds are left), End until the end,
 * and "+1 round" in the lobby, between rounds and once the class is over, while it has fewer rounds
 * than it may have (a class over is between rounds again with it). During a round the page leaves
 * "+1 round" out (classroom.css: the round's compact controls keep to one line); the room would take it.
 */
import { MAX_CLASS_ROUNDS } from '../../shared/classroom/rounds.ts';

export type ControlId = 'start' | 'next' | 'addRounds' | 'stop' | 'repair' | 'end';

export function allowedControls(s: { phase: string; roundNo: number; rounds: number; present: number }): Set<ControlId> {
  const more: ControlId[] = s.rounds < MAX_CLASS_ROUNDS ? ['addRounds'] : [];
  switch (s.phase) {
    case 'lobby':
      return new Set<ControlId>(s.present > 0 ? ['start', 'end', ...more] : ['end', ...more]);
    case 'playing':
      return new Set<ControlId>(['stop', 'end']);
    case 'between':
      return new Set<ControlId>(s.roundNo < s.rounds ? ['next', 'repair', 'end', ...more] : ['repair', 'end', ...more]);
    case 'finished':
      return new Set<ControlId>(more);
    default:
      return new Set<ControlId>();
  }
}

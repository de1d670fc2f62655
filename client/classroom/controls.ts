/**
 * Which of the teacher's controls the class's phase allows (the class room refuses the others with
 * a reason; the page does not offer them): Start in the lobby once someone is here, Stop while a
 * round is played, Next and Re-pair between rounds (Next while rounds are left), End until the end.
 */
export type ControlId = 'start' | 'next' | 'stop' | 'repair' | 'end';

export function allowedControls(s: { phase: string; roundNo: number; rounds: number; present: number }): Set<ControlId> {
  switch (s.phase) {
    case 'lobby':
      return new Set<ControlId>(s.present > 0 ? ['start', 'end'] : ['end']);
    case 'playing':
      return new Set<ControlId>(['stop', 'end']);
    case 'between':
      return new Set<ControlId>(s.roundNo < s.rounds ? ['next', 'repair', 'end'] : ['repair', 'end']);
    default:
      return new Set<ControlId>();
  }
}

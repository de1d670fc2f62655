/**
 * Where Results' replay button goes: a finished round's step-by-step replay, the capture that was
 * open (its connection again, with its panel), or else the scripted demo. A capture's Results went
 * to the demo: "Watch again" showed another connection than the one the student had opened.
 */
import type { CaptureSession } from '../capture/openCapture.ts';
import type { RoundLog } from '../model/view.ts';
import type { SessionState } from '../net/session.ts';
import type { GameSceneData } from './Game.ts';

export function replayTarget(log: RoundLog, session: SessionState | null, capture: CaptureSession | null): GameSceneData {
  if (session) return { mode: 'replay', log, player: session.side ?? 'client', scenarioId: session.room?.scenarioId || session.finalView?.scenarioId || session.request.scenarioId || '' };
  if (capture) return { mode: 'replay', log, capture };
  return { mode: 'watch' };
}

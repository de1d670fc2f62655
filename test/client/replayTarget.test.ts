/**
 * Results' replay button after a capture opened in the browser: it replays that capture's
 * connection (with its panel), not the scripted demo it used to start.
 */
import { describe, expect, it } from 'vitest';
import { replayTarget } from '../../client/scenes/replayTarget.ts';
import { demoRound } from '../../client/demo/demoTimeline.ts';
import type { CaptureSession } from '../../client/capture/openCapture.ts';

describe('Results\' replay button', () => {
  it('replays the open capture, not the demo', () => {
    const log = demoRound();
    const capture = { file: { name: 'mine.pcap' }, rows: [], stream: 0 } as unknown as CaptureSession;
    expect(replayTarget(log, null, capture)).toEqual({ mode: 'replay', log, capture });
  });
  it('with no round and no capture, plays the demo', () => {
    expect(replayTarget(demoRound(), null, null)).toEqual({ mode: 'watch' });
  });
});

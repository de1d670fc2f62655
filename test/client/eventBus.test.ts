/**
 * The overlay's event bus (client/events.ts): a scene asks whether anything listens before working
 * out what to tell (the replay's step words, Game.ts tellStep, heard only by a phone's dock).
 */
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../client/events.ts';

describe('the event bus', () => {
  it('says whether an event has a listener, until the last one unsubscribes', () => {
    const bus = new EventBus();
    expect(bus.listens('replay:step')).toBe(false);
    const heard: number[] = [];
    const off1 = bus.on('replay:step', (s) => heard.push(s.at));
    const off2 = bus.on('replay:step', (s) => heard.push(-s.at));
    expect(bus.listens('replay:step')).toBe(true);
    expect(bus.listens('playback:status')).toBe(false);
    off1();
    expect(bus.listens('replay:step')).toBe(true);
    off2();
    expect(bus.listens('replay:step')).toBe(false);
    expect(heard).toEqual([]);
  });
});

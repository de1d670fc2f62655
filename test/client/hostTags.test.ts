/** The host cards' YOU / PEER tags: the scripted demo is watched, so neither card is "YOU". */
import { describe, expect, it } from 'vitest';
import { isYouOf } from '../../client/scenes/hostTags.ts';

describe('the host cards\' YOU tag', () => {
  it('is on neither card in the scripted demo', () => {
    expect(isYouOf('watch', 'client', 'client')).toBeNull();
    expect(isYouOf('watch', 'client', 'server')).toBeNull();
  });
  it('is on the player\'s host in a round and its replay', () => {
    expect(isYouOf('live', 'server', 'server')).toBe(true);
    expect(isYouOf('replay', 'server', 'client')).toBe(false);
  });
});

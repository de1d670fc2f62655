/**
 * Which process a new room goes to, with several processes behind one Redis. Colyseus' default
 * picks the process with the fewest rooms, but each process reports its count at most once a
 * second: a class that opens twenty pair rooms at once sees the same stale counts twenty times and
 * puts every pair on one process. Here the live processes take turns instead, counted in presence,
 * so a burst from any process spreads evenly over all of them.
 */
import { matchMaker } from '@colyseus/core';

const TURN_KEY = 'tcp-dojo:room-placement-turn';

/** The live processes, in a fixed order; the n-th room goes to the (n mod count)-th. */
export function placeRoomsInTurn(): matchMaker.SelectProcessIdCallback {
  return async () => {
    const processIds = (await matchMaker.stats.fetchAll()).map((p) => p.processId).sort();
    if (processIds.length <= 1) return processIds[0] ?? matchMaker.processId;
    const turn = Number(await matchMaker.presence.incr(TURN_KEY));
    return processIds[turn % processIds.length]!;
  };
}

/**
 * One seat per student: a student who opens the class again in another tab or on another laptop
 * while the first is still open plays on in the newest one. The pair room moves the seat to the
 * newer tab's connection as it is (the same host, the same round, no bot in between), and closes
 * the older one with CLOSE_OPENED_ELSEWHERE so it does not reconnect; the class room closes the
 * older class page with the goodbye 'replaced'. Of two tabs sitting down at once, the newer holds
 * the seat whichever arrives last. A student the teacher removed gets no seat from any tab.
 */
import { describe, expect, it } from 'vitest';
import type { Room as SDKRoom } from '@colyseus/sdk';
import { CLOSE_OPENED_ELSEWHERE } from '../../shared/protocol.ts';
import { sameJson } from '../../shared/game/viewEntries.ts';
import { serverView } from '../server/gameHarness.ts';
import { refusal, refusalWire } from '../../shared/refusals.ts';
import { adaHasPlayedOnce, ClassMembers, classRoomOf, type ClassServer, classServerForFile, Member, playAllPairs, studentIdOf, twoTabsOffered, until } from './classHarness.ts';

let server: ClassServer;
const members = new ClassMembers(() => server);
const { open, track, student } = members;

classServerForFile((s) => (server = s), { members });

/** Ada and Bob seated in one pair, Ada having made her first decision in her first tab. */
const adaPlaysInHerFirstTab = () => adaHasPlayedOnce(server, members, 'Tabs 101', 1);

/** The close code a room's connection was closed with, once it is (null while open). */
function closedWith(room: SDKRoom<any, any>): () => number | null {
  let code: number | null = null;
  room.onLeave((c: number) => (code = c));
  return () => code;
}

describe('the class opened again in another tab while the first is still open', () => {
  it('the newer tab takes the seat and the host as they are, with no bot in between; the older tab is told and closed for good', async () => {
    const { opened, teacher, ada, adaToken, bob, side, pair } = await adaPlaysInHerFirstTab();
    const firstGame = closedWith(ada.pairRoom!);
    const firstPage = closedWith(ada.classRoom);
    const logBefore = pair.round!.log.length;
    const viewBefore = serverView(pair, side);

    // The second laptop opens the join link: same student (same rejoin token), her seat in the pair room.
    const second = track(await Member.join(server, opened.roomId, { name: 'Ada', rejoinToken: adaToken }));
    await until(() => second.of('welcome').length === 1, 'welcomed');
    expect(studentIdOf(second)).toBe(studentIdOf(ada));
    await until(() => second.pairRoom !== null && second.pairSide === side, 'the second tab plays Ada’s seat');
    open.push(second.pairRoom!);
    await until(() => firstGame() !== null && firstPage() !== null, 'the first tab’s connections closed');

    // The first tab: its game closed with the code that says where the game went (no reconnecting),
    // its class page said goodbye as replaced.
    expect(firstGame()).toBe(CLOSE_OPENED_ELSEWHERE);
    expect(ada.of('goodbye')).toEqual([{ reason: 'replaced' }]);

    // Nothing happened to the round: no takeover, no handback, the host still human, one connection in the seat.
    expect(pair.round!.log.length).toBe(logBefore);
    expect(pair.round!.handovers).toEqual([]);
    expect(pair.round!.hosts[side].controller).toBe('human');
    expect(pair.state.seats.get(side)).toMatchObject({ controller: 'human', taken: true, connected: true, name: 'Ada' });
    expect([...pair.seating.occupants].filter(([, s]) => s === side).map(([id]) => id)).toEqual([second.pairRoom!.sessionId]);
    expect(serverView(pair, side), 'her host as the first tab left it').toEqual(viewBefore);
    await until(() => sameJson(second.pairView(), viewBefore), 'the second tab sees her host as the first tab left it');
    // Her partner saw no drop and no bot.
    const kinds = bob.pairMessages.filter((m) => m.type === 'notice').map((m) => m.message.kind);
    expect(kinds.filter((k) => k !== 'round-started')).toEqual([]);

    // She plays on in the second tab to the end; every decision of her host is hers.
    await playAllPairs(server, [second, bob], (_s, _v, correct) => correct);
    expect(pair.round!.finished).toBe(true);
    expect(pair.round!.decisions.filter((d) => d.side === side).every((d) => d.by === 'human')).toBe(true);
    teacher.classRoom.send('end', {});
  });

  it('the older tab comes back for the seat ("use it here"): it takes it back the same way, and the newer tab is told', async () => {
    const { opened, teacher, adaToken, side, pair } = await adaPlaysInHerFirstTab();
    const second = track(await Member.join(server, opened.roomId, { name: 'Ada', rejoinToken: adaToken }));
    await until(() => second.pairRoom !== null && second.pairSide === side, 'the second tab plays');
    const secondGame = closedWith(second.pairRoom!);
    const again = track(await Member.join(server, opened.roomId, { name: 'Ada', rejoinToken: adaToken }));
    await until(() => again.pairRoom !== null && again.pairSide === side, 'the first tab plays again');
    open.push(again.pairRoom!);
    await until(() => secondGame() !== null, 'the second tab’s game closed');
    expect(secondGame()).toBe(CLOSE_OPENED_ELSEWHERE);
    expect(second.of('goodbye')).toEqual([{ reason: 'replaced' }]);
    expect([...pair.seating.occupants].filter(([, s]) => s === side).map(([id]) => id)).toEqual([again.pairRoom!.sessionId]);
    expect(pair.round!.handovers).toEqual([]);
    teacher.classRoom.send('end', {});
  });

  it('two tabs sitting down at once: the newer tab holds the seat whichever arrives last; the older is refused (seat_in_use) or closed', async () => {
    const { opened, teacher, ada, adaToken, side, pair } = await adaPlaysInHerFirstTab();
    const { tabs, reservations } = await twoTabsOffered(server, members, opened, adaToken);
    // The newer tab's reservation is used first: the older one, arriving last, must not take the seat.
    const sat = await Promise.allSettled([tabs[1]!.sdk.consumeSeatReservation(reservations[1]), tabs[0]!.sdk.consumeSeatReservation(reservations[0])]);
    expect(sat[0]!.status).toBe('fulfilled');
    const newer = (sat[0] as PromiseFulfilledResult<SDKRoom<any, any>>).value;
    open.push(newer, ada.pairRoom!);
    if (sat[1]!.status === 'rejected') {
      expect(String(sat[1].reason?.message ?? sat[1].reason)).toContain(refusalWire(refusal('seat_in_use')));
    } else {
      const older = sat[1].value;
      const code = closedWith(older);
      await until(() => code() !== null, 'the older tab closed');
      expect(code()).toBe(CLOSE_OPENED_ELSEWHERE);
    }
    expect([...pair.seating.occupants].filter(([, s]) => s === side).map(([id]) => id)).toEqual([newer.sessionId]);
    expect(pair.round!.hosts[side].controller).toBe('human');
    expect(pair.round!.handovers).toEqual([]);
    teacher.classRoom.send('end', {});
  });

  it('a student the teacher removed gets no seat from a new tab: the class refuses her, and her seat’s key opens nothing (seat_gone)', async () => {
    const { opened, teacher, ada, adaToken, side, pair } = await adaPlaysInHerFirstTab();
    const room = classRoomOf(server, opened.roomId);
    const lp = [...room.live.values()].find((p) => p.roomId === pair.roomId)!;
    teacher.classRoom.send('remove', { studentId: studentIdOf(ada) });
    await until(() => pair.round!.hosts[side].controller === 'bot', 'the bot plays her host');
    await expect(Member.join(server, opened.roomId, { name: 'Ada', rejoinToken: adaToken })).rejects.toThrow(refusalWire(refusal('removed')));
    expect(() => pair.onAuth({} as never, { role: side, seatKey: lp.seatKeys[side]!, tab: Number.MAX_SAFE_INTEGER })).toThrow(refusalWire(refusal('seat_gone')));
    expect(pair.round!.hosts[side].controller).toBe('bot');
    teacher.classRoom.send('end', {});
  });
});

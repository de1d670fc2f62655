// TCP Dojo: one human per 'practice' room, against the textbook bot, in coach mode.
// A copy of ../shared/perf/behaviours/dojo-practice.mjs for the game's protocol: the player's view
// arrives as entries (state.views.get(side).entries, shared/game/viewEntries.ts), read back with
// the game's own ViewReader, and the bytes a player receives are counted (dojo-stats.mjs).
//
// Each send() is one game action, answered by exactly one message from the room:
//   - the player's view shows an open decision and
//     this client already holds the coach's hint for that decision id  -> 'move' {decisionId, move}
//                                                                        reply: 'verdict' (or 'refused')
//   - otherwise, while the round plays                                  -> 'hint' {}
//                                                                        reply: 'hint' {decisionId, move}
//                                                                        or 'error' not_your_decision
//   - the round is over (state.phase 'finished'), once per round        -> 'rematch' {}
//                                                                        reply: 'notice' round-started
// Why hints: a practice room in coach mode gives the correct move for the open decision on request
// (RoundRoom.onHint -> hintFor), which is what a student who asks the coach does; the client
// needs no TCP engine of its own, and every move it sends is the right one (a 'refused' counts
// as an error). The price: a decision takes two sends (hint, then move), and sends made while the
// bot or the wire has the turn are hints refused with 'not_your_decision'. The mix, RTT by kind of
// send and move -> patch latency are written to the generator log at exit (see dojo-stats.mjs).
//
// Replies are matched to sends in order (one room, one socket, handled in order); an 'error'
// carries the type of the message it refuses, which is checked against the oldest pending send.
//
// Settings (environment of the generators): DOJO_SCENARIO (default active-close-client: the
// four-way close with a request and a reply, 9 decisions for the client), DOJO_ROLE (client).
import { performance } from 'node:perf_hooks';
import { makeStats } from './dojo-stats.mjs';
import { ViewReader } from '../../shared/game/viewEntries.ts';

const SCENARIO = process.env.DOJO_SCENARIO || 'active-close-client';
const ROLE = process.env.DOJO_ROLE || 'client';

// Replies that are part of normal play: a hint asked while nothing waits for this player, or
// asked in the moment between the round's end and the patch that shows it.
const EXPECTED_ERRORS = new Set(['hint:not_your_decision', 'hint:round_over', 'hint:not_playing']);

const stats = makeStats('dojo-practice');
const { counts, inc } = stats;

/** The open decision's id in this player's view, or null (only entries that changed are parsed). */
function openDecision(room, me) {
  try {
    return me.reader.read(room.state?.views?.get(me.side)?.entries)?.decision?.id ?? null;
  } catch {
    return null;
  }
}

export default {
  name: 'dojo-practice',
  groupSize: 1,
  acks: true,

  async join({ client, index }) {
    return client.create('practice', { scenarioId: SCENARIO, role: ROLE, mode: 'coach', personality: 'textbook', name: `load-${index}` });
  },

  attach(room, ctx) {
    stats.client();
    stats.countBytes(room);
    const me = { side: ROLE, q: [], hint: null, answered: new Set(), roundId: '', rematchFor: null, reader: new ViewReader(), movePatchFrom: null };
    ctx.dojo = me;
    const reply = (what, forType) => {
      const head = me.q[0];
      if (!head) { inc(counts.unexpected, `unsolicited ${what}`); ctx.error('unsolicited', `${what} with no send pending`); return null; }
      if (head.type !== forType) ctx.error('mismatch', `${what} arrived for a pending '${head.type}'`);
      me.q.shift();
      stats.rtt(head.kind, performance.now() - head.t);
      ctx.ack(head.id);
      return head;
    };
    room.onMessage('seat', (m) => { if (m?.side && m.side !== me.side) { me.side = m.side; me.reader = new ViewReader(); } });
    room.onMessage('notice', (m) => {
      if (m?.kind === 'round-finished') counts.roundsFinished++;
      if (m?.kind === 'round-started') {
        counts.roundsStarted++;
        // the round started at join comes before any send; a rematch's comes as its reply
        if (me.q[0]?.type === 'rematch') { inc(counts.replies, 'notice:round-started'); reply('notice round-started', 'rematch'); }
      }
    });
    room.onMessage('hint', (m) => {
      inc(counts.replies, 'hint');
      me.hint = { decisionId: m.decisionId, move: m.move };
      reply('hint', 'hint');
    });
    room.onMessage('verdict', (m) => {
      inc(counts.replies, 'verdict');
      me.answered.add(m.decisionId);
      counts.decisionsAnswered++;
      const head = reply('verdict', 'move');
      if (head) me.movePatchFrom = head.t; // the next patch carries the move's effect
    });
    room.onMessage('refused', (m) => {
      inc(counts.replies, 'refused');
      ctx.error('refused', `decision ${m?.decisionId} refused: the hinted move was wrong`);
      reply('refused', 'move');
    });
    room.onMessage('error', (m) => {
      const key = `${m?.type}:${m?.code}`;
      inc(counts.replies, `error ${key}`);
      if (!EXPECTED_ERRORS.has(key)) { inc(counts.unexpected, key); ctx.error('game error', `${key}: ${m?.message}`); }
      reply(`error ${key}`, m?.type);
    });
    room.onMessage('quiz-result', () => {});
    room.onStateChange(() => {
      if (me.movePatchFrom !== null) { stats.movePatch(performance.now() - me.movePatchFrom); me.movePatchFrom = null; }
      ctx.patch();
    });
  },

  send(room, id, ctx) {
    const me = ctx.dojo;
    const st = room.state;
    if (st.roundId !== me.roundId) { me.roundId = st.roundId; me.hint = null; me.answered.clear(); }
    const t = performance.now();
    if (st.phase === 'finished' && me.rematchFor !== st.roundId) {
      // (once per round: a second request while the patch of the new round is late would be refused)
      room.send('rematch', {});
      me.rematchFor = st.roundId;
      me.q.push({ id, t, type: 'rematch', kind: 'rematch' });
      inc(counts.sends, 'rematch');
      return;
    }
    const d = openDecision(room, me);
    if (d !== null && !me.answered.has(d) && me.hint?.decisionId === d) {
      room.send('move', { decisionId: d, move: me.hint.move });
      // answered as of now: while the verdict is on its way (a reply slower than the send period),
      // the next send must not repeat the move (it would be refused as stale)
      me.answered.add(d);
      me.q.push({ id, t, type: 'move', kind: 'move' });
      inc(counts.sends, 'move');
      return;
    }
    room.send('hint', {});
    const kind = d !== null && !me.answered.has(d) ? 'hint (decision open)' : 'hint (nothing open)';
    me.q.push({ id, t, type: 'hint', kind });
    inc(counts.sends, kind);
  },
};

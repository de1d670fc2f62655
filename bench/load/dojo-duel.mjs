// A copy of ../shared/perf/behaviours/dojo-duel.mjs for the game's protocol: each player's view
// arrives as entries (state.views.get(side).entries, shared/game/viewEntries.ts), read back with
// the game's own ViewReader, and the bytes a player receives are counted (dojo-stats.mjs).
//
// TCP Dojo: two humans per private 'duel' room (seat 0 creates it with { private: true } and leaves
// the room code, which is the roomId, in `group`; seat 1 joins by it). Scenario 'handshake'
// (open, then the four-way close: 6 decisions per side), consequences mode (the duel's default),
// turns (game time waits while either player thinks).
//
// Each send() is one game action, answered by one message:
//   - this player's view shows an open decision it has not answered -> 'move' with the textbook
//     answer computed from the view alone (a JS copy of the game's test/scale/textbook.ts: what a
//     student who knows RFC 9293 works out from its own state, ISN and segments; a duel gives no
//     hints)                                                           reply: 'verdict'
//   - otherwise, while the round plays                                 -> 'hint' {}
//     (duels refuse hints: this is the cheapest round trip through the room's checks)
//                                                                       reply: 'error' not_allowed
//   - the round is over and this player has not asked yet             -> 'rematch' {}
//     reply: 'notice' round-started when this request completes the pair; when it is the first of
//     the two, the room answers only through the state (this player's seat.wantsRematch turns
//     true), and that patch is taken as the reply.
// A 'refused' or an error other than the expected ones counts as a harness error. Verdicts judged
// wrong and "fallback" moves (decisions the textbook below does not cover, answered with a wait)
// are counted in the generator log at exit (`[dojo-duel <pid>] ...`, see dojo-stats.mjs), not as errors.
import { performance } from 'node:perf_hooks';
import { makeStats } from './dojo-stats.mjs';
import { ViewReader } from '../../shared/game/viewEntries.ts';

const SCENARIO = process.env.DOJO_DUEL_SCENARIO || 'handshake';

const EXPECTED_ERRORS = new Set(['hint:not_allowed', 'hint:round_over', 'hint:not_playing']);

const stats = makeStats('dojo-duel');
const { counts, inc } = stats;

// ---- textbook answers from the player's own view --------------------------------------------
// Grown from the game's test/scale/textbook.ts (a calm handshake-and-close, from the view alone).
// Under load the room's clock can step late, so several segments may have arrived at a host before
// it handles the first, and timers can expire: RCV.NXT and SND.UNA are therefore taken from the
// segments this player has already handled (`handled`: segment ids of its answered decisions),
// and duplicates, retransmission timeouts and late ACKs get their RFC 9293 answers. Anything else
// throws, and the caller falls back to a "wait" move (counted as `fallback`).
const flags = (...on) => ({ SYN: on.includes('SYN'), ACK: on.includes('ACK'), FIN: on.includes('FIN'), RST: on.includes('RST') });
const segment = (f, seq, ack) => ({ flags: f, seq, ack, data: '' });
const length = (s) => s.len + (s.flags.SYN ? 1 : 0) + (s.flags.FIN ? 1 : 0);
const mod32 = (n) => n >>> 0;
const SYNCHRONIZED = ['SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT'];

export function textbookMove(view, handled) {
  const me = view.you;
  const decision = view.decision;
  if (me === null || decision === null) throw new Error('no decision is waiting for this player');
  const state = view.hosts[me].state;
  const sent = view.flights.filter((f) => f.from === me && !f.duplicate);
  const received = view.flights.filter((f) => f.from !== me && f.fate === 'arrived' && handled.has(f.id));
  const sndNxt = sent.length ? mod32(Math.max(...sent.map((f) => f.seq + length(f)))) : (decision.yourIss ?? 0);
  const rcvNxt = received.length ? mod32(Math.max(...received.map((f) => f.seq + length(f)))) : 0;
  const prompt = decision.prompt;
  const where = `${state} / ${JSON.stringify(prompt)}`;
  const stay = (segments = []) => ({ state, segments });
  if (prompt.kind === 'app-call') {
    if (prompt.call === 'listen' && state === 'CLOSED') return { state: 'LISTEN', segments: [] };
    if (prompt.call === 'connect' && state === 'CLOSED') return { state: 'SYN-SENT', segments: [segment(flags('SYN'), decision.yourIss, 0)] };
    if (prompt.call === 'accept') return stay();
    if (prompt.call === 'close' && state === 'ESTABLISHED') return { state: 'FIN-WAIT-1', segments: [segment(flags('FIN', 'ACK'), sndNxt, rcvNxt)] };
    if (prompt.call === 'close' && state === 'CLOSE-WAIT') return { state: 'LAST-ACK', segments: [segment(flags('FIN', 'ACK'), sndNxt, rcvNxt)] };
    throw new Error(`no textbook answer for ${where}`);
  }
  if (prompt.kind === 'timer-expired') {
    if (state === 'TIME-WAIT') return { state: 'CLOSED', segments: [] };
    // RFC 6298 §5.4: resend the earliest unacknowledged segment (ACK field = RCV.NXT); state unchanged
    if (state === 'SYN-SENT') return stay([segment(flags('SYN'), mod32(sndNxt - 1), 0)]);
    if (state === 'SYN-RECEIVED') return stay([segment(flags('SYN', 'ACK'), mod32(sndNxt - 1), rcvNxt)]);
    if (state === 'FIN-WAIT-1' || state === 'CLOSING' || state === 'LAST-ACK') return stay([segment(flags('FIN', 'ACK'), mod32(sndNxt - 1), rcvNxt)]);
    throw new Error(`no textbook answer for ${where}`);
  }
  const f = prompt.flags;
  const len = (prompt.data?.length ?? 0) + (f.SYN ? 1 : 0) + (f.FIN ? 1 : 0);
  const next = mod32(prompt.seq + len);
  const acksAll = f.ACK && prompt.ack === sndNxt;
  if (state === 'LISTEN') {
    if (f.RST) return stay();
    if (f.ACK) return stay([segment(flags('RST'), prompt.ack, 0)]); // §3.10.7.2 <SEQ=SEG.ACK><CTL=RST>
    if (f.SYN) return { state: 'SYN-RECEIVED', segments: [segment(flags('SYN', 'ACK'), decision.yourIss, next)] };
  }
  if (state === 'SYN-SENT' && f.SYN && f.ACK && acksAll) return { state: 'ESTABLISHED', segments: [segment(flags('ACK'), prompt.ack, next)] };
  if (SYNCHRONIZED.includes(state)) {
    if (f.RST) { if (state === 'TIME-WAIT') return stay(); throw new Error(`no textbook answer for ${where}`); }
    // §3.10.7.4: a segment wholly before RCV.NXT (a duplicate SYN, FIN or retransmission) is answered with an ACK
    if (len > 0 && rcvNxt !== 0 && mod32(rcvNxt - next) < 0x8000_0000) return stay([segment(flags('ACK'), sndNxt, rcvNxt)]);
    if (state === 'SYN-RECEIVED' && acksAll) return f.FIN ? { state: 'CLOSE-WAIT', segments: [segment(flags('ACK'), sndNxt, next)] } : { state: 'ESTABLISHED', segments: [] };
    if (f.FIN) {
      if (state === 'ESTABLISHED') return { state: 'CLOSE-WAIT', segments: [segment(flags('ACK'), sndNxt, next)] };
      if (state === 'FIN-WAIT-1') return { state: acksAll ? 'TIME-WAIT' : 'CLOSING', segments: [segment(flags('ACK'), sndNxt, next)] };
      if (state === 'FIN-WAIT-2') return { state: 'TIME-WAIT', segments: [segment(flags('ACK'), sndNxt, next)] };
      if (state === 'TIME-WAIT') return stay([segment(flags('ACK'), sndNxt, next)]);
    } else if (len === 0 && f.ACK) {
      if (state === 'FIN-WAIT-1') return acksAll ? { state: 'FIN-WAIT-2', segments: [] } : stay();
      if (state === 'CLOSING') return acksAll ? { state: 'TIME-WAIT', segments: [] } : stay();
      if (state === 'LAST-ACK') return acksAll ? { state: 'CLOSED', segments: [] } : stay();
      if (state !== 'SYN-RECEIVED') return stay();
    }
  }
  throw new Error(`no textbook answer for ${where}`);
}

/** This player's view (only entries that changed are parsed), or null. */
function viewOf(room, me) {
  try {
    return me.reader.read(room.state?.views?.get(me.side)?.entries);
  } catch {
    return null;
  }
}

export default {
  name: 'dojo-duel',
  groupSize: 2,
  acks: true,

  async join({ client, seat, group, index }) {
    if (seat === 0) {
      const room = await client.create('duel', { scenarioId: SCENARIO, private: true, name: `load-${index}` });
      group.code = room.roomId; // the room code is the roomId of a private duel
      return room;
    }
    return client.joinById(group.code, { name: `load-${index}` });
  },

  attach(room, ctx) {
    // first come, first served: the creator plays the client, the joiner the server
    stats.client();
    stats.countBytes(room);
    const me = { side: ctx.seat === 0 ? 'client' : 'server', q: [], answered: new Set(), handled: new Set(), roundId: '', rematchFor: null, reader: new ViewReader(), movePatchFrom: null };
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
        if (me.q[0]?.type === 'rematch') { inc(counts.replies, 'notice:round-started'); reply('notice round-started', 'rematch'); }
      }
    });
    room.onMessage('verdict', (m) => {
      inc(counts.replies, 'verdict');
      me.answered.add(m.decisionId);
      counts.decisionsAnswered++;
      if (!m?.verdict?.correct) counts.incorrect++; // counted in the log; a fallback is expected to be wrong
      const head = reply('verdict', 'move');
      if (head) me.movePatchFrom = head.t; // the next patch carries the move's effect
    });
    room.onMessage('refused', (m) => {
      inc(counts.replies, 'refused');
      ctx.error('refused', `decision ${m?.decisionId} refused`);
      reply('refused', 'move');
    });
    room.onMessage('error', (m) => {
      const key = `${m?.type}:${m?.code}`;
      inc(counts.replies, `error ${key}`);
      if (!EXPECTED_ERRORS.has(key)) { inc(counts.unexpected, key); ctx.error('game error', `${key}: ${m?.message}`); }
      reply(`error ${key}`, m?.type);
    });
    room.onMessage('hint', () => {});
    room.onMessage('quiz-result', () => {});
    room.onStateChange((state) => {
      if (me.movePatchFrom !== null) { stats.movePatch(performance.now() - me.movePatchFrom); me.movePatchFrom = null; }
      // the first of the two rematch requests is answered only by this patch
      if (me.q[0]?.type === 'rematch' && state.seats?.get(me.side)?.wantsRematch === true) {
        inc(counts.replies, 'patch:wantsRematch');
        reply('patch wantsRematch', 'rematch');
      }
      ctx.patch();
    });
  },

  send(room, id, ctx) {
    const me = ctx.dojo;
    const st = room.state;
    if (st.roundId !== me.roundId) { me.roundId = st.roundId; me.answered.clear(); me.handled.clear(); }
    const t = performance.now();
    if (st.phase === 'finished' && me.rematchFor !== st.roundId) {
      room.send('rematch', {});
      me.rematchFor = st.roundId;
      me.q.push({ id, t, type: 'rematch', kind: 'rematch' });
      inc(counts.sends, 'rematch');
      return;
    }
    const view = st.phase === 'playing' ? viewOf(room, me) : null;
    const d = view?.decision ?? null;
    if (d && !view.finished && !me.answered.has(d.id)) {
      let move;
      let kind = 'move';
      try { move = textbookMove(view, me.handled); } catch (e) {
        // outside what the textbook covers: wait (no segment, state unchanged), as a stuck student would
        move = { state: view.hosts[me.side]?.state ?? 'CLOSED', segments: [] };
        kind = 'move (fallback)';
        inc(counts.unexpected, 'fallback');
        if ((counts.fallbackSamples ??= []).length < 5) counts.fallbackSamples.push(String(e?.message ?? e).slice(0, 200));
      }
      room.send('move', { decisionId: d.id, move });
      me.answered.add(d.id); // answered as of now: a slow verdict must not make the next send repeat it
      if (d.prompt?.kind === 'segment-arrived' && d.prompt.segmentId != null) me.handled.add(d.prompt.segmentId);
      me.q.push({ id, t, type: 'move', kind });
      inc(counts.sends, kind);
      return;
    }
    room.send('hint', {});
    const kind = st.phase === 'finished' ? 'hint (waiting for the rematch)' : 'hint (nothing open)';
    me.q.push({ id, t, type: 'hint', kind });
    inc(counts.sends, kind);
  },
};

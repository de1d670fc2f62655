/**
 * An independent TCP model: what a correct TCP does at one decision, from what the host knows (the
 * decision view: the event, its own TCB, its listener's queues). Written from RFC 9293 §3.3.2,
 * §3.10 (event processing), §3.8.1 (retransmission), RFC 5961 (challenge ACK), and Linux where a
 * scenario follows Linux. It imports nothing of the game's engine, judge or oracle: what it knows
 * comes in as plain data read off the player's view (test/game/independentModel.test.ts), and the
 * little a TCP remembers between events (segments held out of order, its last challenge ACK) is
 * handed back by the caller.
 */

export type State =
  | 'CLOSED' | 'LISTEN' | 'SYN-SENT' | 'SYN-RECEIVED' | 'ESTABLISHED' | 'FIN-WAIT-1' | 'FIN-WAIT-2'
  | 'CLOSE-WAIT' | 'CLOSING' | 'LAST-ACK' | 'TIME-WAIT';
export interface Flags { SYN: boolean; ACK: boolean; FIN: boolean; RST: boolean }
export interface Seg { flags: Flags; seq: number; ack: number; data: string }
export interface Move { state: State; segments: Seg[] }
export interface Answer {
  move: Move;
  why: string;
  unsure?: string;
  /** The move sends a challenge ACK (RFC 5961): the caller remembers when. */
  challenge?: boolean;
  /** The segment is held for later processing (it starts beyond RCV.NXT): the caller keeps it and passes it back in `held`. */
  hold?: Seg;
  /** A bare ACK that may be held back (§3.8.6.3 delayed ACK): in-order data, or a FIN taking the connection to CLOSE-WAIT. */
  delayable?: boolean;
  /** A simultaneous open's SYN-ACK in SYN-RECEIVED: the extra ACK may be left out, or the SYN-ACK read as unacceptable. */
  simultaneousSynAck?: boolean;
  /** A RST sent of the host's own accord: for each segment, the RCV.NXT an ACK would carry (null: not such a RST). */
  activeReset?: (number | null)[];
  /** A half-open entry given up: its TCB is deleted (CLOSED) and the listener stays (LISTEN). */
  halfOpenGivenUp?: boolean;
}

export interface Tcb {
  remote: string;
  state: State | null;
  iss: number | null;
  irs: number | null;
  sndUna: number | null;
  sndNxt: number | null;
  rcvNxt: number | null;
  sendBuffer: string;
  unread: string;
  issJustPicked: boolean;
  /** The application called close() and will never read again (an orphan); absent otherwise. */
  orphaned?: boolean;
}
export interface Queues { syn: string[]; accept: string[]; synMax: number; acceptMax: number }
export type Prompt =
  | { kind: 'segment-arrived'; from: string; flags: Flags; seq: number; ack: number; data: string }
  | { kind: 'app-call'; call: string; data: string }
  | { kind: 'timer-expired'; timer: null | { kind: 'retransmission'; rtoMs: number; retries: number; retryLimit: number; orphaned?: boolean; segment: Seg } | { kind: 'time-wait' | 'user-timeout' | 'delayed-ack' | 'fin-wait-2' } };
export interface Known {
  prompt: Prompt;
  tcb: Tcb;
  yourIss: number | null;
  others?: { remote: string; state: State; sndNxt: number; rcvNxt: number }[];
  /** The host's listener queues (null: not listening). */
  queues: Queues | null;
  linux: boolean;
  /** The host's own receive window (RCV.WND). */
  rcvWnd: number;
  /** When the decision came (game ms), and when this host last sent a challenge ACK on this connection. */
  now?: number;
  lastChallengeAckAt?: number | null;
  /** RFC 5961 §7 throttle: at most one challenge ACK per this many ms per connection (Linux tcp_invalid_ratelimit, 500 ms). */
  challengeIntervalMs?: number;
  /** Segments of this connection held earlier because they started beyond RCV.NXT (the out-of-order queue). */
  held?: Seg[];
  /** The SYN cookies this host sent (remote, seq, ack): a cookie is recognised by its ACK (Linux cookie_v4_check); a half-open entry's SYN-ACK is no cookie. */
  sentSynAcks?: { dst: string; seq: number; ack: number }[];
  /** When the host's SYN queue last overflowed (it answered a SYN with a cookie); null: never. */
  synQueueOverflowAt?: number | null;
  /** An ACK is held back on this connection already (a delayed ACK): the next one is not delayed (ACK every second segment). */
  ackOwed?: boolean;
}

const M = 2 ** 32;
const add = (a: number, b: number): number => (((a + b) % M) + M) % M;
const lt = (a: number, b: number): boolean => a !== b && ((b - a + M) % M) < 2 ** 31;
const le = (a: number, b: number): boolean => a === b || lt(a, b);

const F = (...bits: (keyof Flags)[]): Flags => ({ SYN: bits.includes('SYN'), ACK: bits.includes('ACK'), FIN: bits.includes('FIN'), RST: bits.includes('RST') });
const seg = (flags: Flags, seq: number, ack: number, data = ''): Seg => ({ flags, seq, ack: flags.ACK ? ack : 0, data });
const wait = (state: State, why: string, unsure?: string): Answer => ({ move: { state, segments: [] }, why, ...(unsure ? { unsure } : {}) });
const send = (state: State, segments: Seg[], why: string, unsure?: string): Answer => ({ move: { state, segments }, why, ...(unsure ? { unsure } : {}) });

export function decide(k: Known): Answer {
  const p = k.prompt;
  if (p.kind === 'app-call') return appCall(k, p.call, p.data);
  if (p.kind === 'timer-expired') return timer(k);
  return arrive(k, p);
}

/** With no TCB for this remote: the listener (LISTEN), else nothing (CLOSED). */
function stateOf(k: Known): State {
  return k.tcb.state ?? (k.queues ? 'LISTEN' : 'CLOSED');
}

// ---- §3.10.1–§3.10.5: the user calls -------------------------------------------------------
function appCall(k: Known, call: string, data: string): Answer {
  const s = stateOf(k);
  const t = k.tcb;
  switch (call) {
    case 'listen':
      return wait('LISTEN', '§3.10.1 OPEN (passive): CLOSED -> LISTEN');
    case 'connect': {
      const iss = k.yourIss ?? t.iss!;
      // Data given with connect() is queued until ESTABLISHED (a SYN's data is not taken, §3.10.7.3 note).
      return send('SYN-SENT', [seg(F('SYN'), iss, 0)], '§3.10.1 OPEN (active): <SEQ=ISS><CTL=SYN>, SYN-SENT');
    }
    case 'send': {
      if (s === 'ESTABLISHED' || s === 'CLOSE-WAIT') return send(s, [seg(F('ACK'), t.sndNxt!, t.rcvNxt!, data)], '§3.10.2 SEND: segmentize, <SEQ=SND.NXT><ACK=RCV.NXT>');
      return wait(s, '§3.10.2 SEND before ESTABLISHED: queue the data');
    }
    case 'receive':
    case 'accept':
      return wait(s, `§3.10.3 ${call.toUpperCase()}: nothing on the wire`);
    case 'close': {
      const buf = t.sendBuffer ?? '';
      if (s === 'LISTEN' || s === 'SYN-SENT') return wait('CLOSED', '§3.10.4 CLOSE in LISTEN/SYN-SENT: delete the TCB');
      if (k.linux && t.unread) return { ...send('CLOSED', [seg(F('RST', 'ACK'), t.sndNxt!, t.rcvNxt!)], 'Linux: close() with unread data sends RST', 'linux close-with-unread'), activeReset: [t.rcvNxt!] };
      if (s === 'SYN-RECEIVED' || s === 'ESTABLISHED') return send('FIN-WAIT-1', [seg(F('FIN', 'ACK'), t.sndNxt!, t.rcvNxt!, buf)], '§3.10.4 CLOSE: <FIN>, FIN-WAIT-1');
      if (s === 'CLOSE-WAIT') return send('LAST-ACK', [seg(F('FIN', 'ACK'), t.sndNxt!, t.rcvNxt!, buf)], '§3.10.4 CLOSE in CLOSE-WAIT: <FIN>, LAST-ACK');
      return wait(s, '§3.10.4 CLOSE: already closing');
    }
    case 'abort': {
      if (s === 'SYN-RECEIVED' || s === 'ESTABLISHED' || s === 'FIN-WAIT-1' || s === 'FIN-WAIT-2' || s === 'CLOSE-WAIT') {
        const rst = k.linux ? seg(F('RST', 'ACK'), t.sndNxt!, t.rcvNxt!) : seg(F('RST'), t.sndNxt!, 0);
        return { ...send('CLOSED', [rst], '§3.10.5 ABORT: <SEQ=SND.NXT><CTL=RST>, CLOSED'), ...(s === 'SYN-RECEIVED' ? {} : { activeReset: [t.rcvNxt!] }) };
      }
      return wait('CLOSED', '§3.10.5 ABORT: delete the TCB');
    }
    case 'unlisten': {
      // RFC 9293 §3.10.4 CLOSE in LISTEN: delete the listener's TCB. It has no accept queue: the
      // connections a passive OPEN spawned are TCBs of their own and are left alone.
      if (!k.linux) return wait('CLOSED', '§3.10.4 CLOSE in LISTEN: delete the TCB; spawned connections stay');
      // Linux inet_csk_listen_stop: request socks (SYN-RECEIVED) are dropped silently; children in
      // the accept queue are disconnected (tcp_disconnect -> tcp_send_active_reset: RST|ACK).
      const accepted = (k.others ?? []).filter((o) => o.state !== 'SYN-RECEIVED');
      const rsts = accepted.map((o) => seg(F('RST', 'ACK'), o.sndNxt, o.rcvNxt));
      const mine: Seg[] = [];
      const acks: number[] = [];
      if (t.state && t.state !== 'SYN-RECEIVED' && t.state !== 'LISTEN') { mine.push(seg(F('RST', 'ACK'), t.sndNxt!, t.rcvNxt!)); acks.push(t.rcvNxt!); }
      const answer = send('CLOSED', [...mine, ...rsts], 'Linux listener close: SYN-RECEIVED children go silently, accepted ones are reset with RST|ACK');
      return mine.length + rsts.length > 0 ? { ...answer, activeReset: [...acks, ...accepted.map((o) => o.rcvNxt)] } : answer;
    }
    case 'reboot':
      return wait('CLOSED', 'reboot: every TCB is lost');
  }
  return wait(s, `unknown call ${call}`, `unknown call ${call}`);
}

// ---- §3.10.8 timeouts, §3.8.1 retransmission -------------------------------------------------
function timer(k: Known): Answer {
  const p = k.prompt as Extract<Prompt, { kind: 'timer-expired' }>;
  const s = stateOf(k);
  const t = k.tcb;
  const tm = p.timer;
  if (!tm) return wait(s, 'timer with no description', 'timer null');
  switch (tm.kind) {
    case 'time-wait':
      return wait('CLOSED', '§3.10.8 TIME-WAIT timeout: delete the TCB, CLOSED');
    case 'user-timeout':
      return wait('CLOSED', '§3.10.8 USER TIMEOUT: flush, CLOSED');
    case 'fin-wait-2':
      // Linux only: an orphan's FIN-WAIT-2 (tcp_fin_timeout) is deleted without a word (no RST).
      return wait('CLOSED', 'Linux tcp_fin_timeout: the orphan in FIN-WAIT-2 is deleted silently');
    case 'delayed-ack':
      return send(s, [seg(F('ACK'), t.sndNxt!, t.rcvNxt!)], '§3.8.6.3 delayed ACK due');
    case 'retransmission': {
      // Linux gives a synchronized connection up by time, not by the prompt's count, worked out here
      // on its own (linuxTimedOut): tcp_retries2 = 15, or for an orphan (its application called
      // close()) tcp_orphan_retries = 0, read as 8 while the RTO is below TCP_RTO_MAX.
      const givesUp = k.linux && !isSyn(tm.segment)
        ? linuxTimedOut(tm.retries, tm.orphaned ? (tm.rtoMs < 120_000 ? 8 : 0) : 15)
        : tm.retries >= tm.retryLimit;
      if (givesUp) {
        // Give up (R2 / tcp_syn_retries / tcp_synack_retries): a passive half-open entry is dropped and
        // the listener stays; an active open or a synchronized connection is closed. No RST (Linux tcp_write_err).
        if (s === 'SYN-RECEIVED' && k.queues) return { ...wait('LISTEN', '§3.8.3 R2 for SYN-ACK: drop the half-open entry, listener stays'), halfOpenGivenUp: true };
        return wait('CLOSED', '§3.8.3 R2 reached: close the connection', 'give-up: RST or not');
      }
      const resent = tm.segment;
      return send(s, [seg(resent.flags, resent.seq, resent.flags.ACK ? t.rcvNxt ?? resent.ack : 0, resent.data)], '§3.8.1 retransmit the oldest unacknowledged segment (RTO doubles)');
    }
  }
}

/** A SYN (or a SYN-ACK) is counted, not timed: Linux tcp_syn_retries, tcp_synack_retries. */
const isSyn = (s: Seg): boolean => s.flags.SYN;

/**
 * Linux net/ipv4/tcp_timer.c tcp_write_timeout: at this expiry, with `retries` resends made,
 * retransmits_timed_out gives up once the time since the first transmission reaches
 * tcp_model_timeout(boundary, TCP_RTO_MIN = 200 ms), if the segment was resent at all. The time
 * elapsed is the RTOs waited so far, doubling from RFC 6298's 1 s up to TCP_RTO_MAX (120 s).
 */
function linuxTimedOut(retries: number, boundary: number): boolean {
  if (retries === 0) return false;
  const RTO_MIN = 200;
  const RTO_MAX = 120_000;
  let elapsed = 0;
  for (let i = 0, rto = 1_000; i <= retries; i++, rto = Math.min(rto * 2, RTO_MAX)) elapsed += rto;
  const thresh = Math.floor(Math.log2(RTO_MAX / RTO_MIN));
  const timeout = boundary <= thresh ? (2 ** (boundary + 1) - 1) * RTO_MIN : (2 ** (thresh + 1) - 1) * RTO_MIN + (boundary - thresh) * RTO_MAX;
  return elapsed >= timeout;
}

// ---- §3.10.7 SEGMENT ARRIVES -------------------------------------------------------------------
function arrive(k: Known, g: Extract<Prompt, { kind: 'segment-arrived' }>): Answer {
  const s = stateOf(k);
  const f = g.flags;
  const len = g.data.length + (f.SYN ? 1 : 0) + (f.FIN ? 1 : 0);
  const t = k.tcb;

  // §3.10.7.1 CLOSED
  if (s === 'CLOSED') {
    if (f.RST) return wait('CLOSED', '§3.10.7.1 CLOSED: a RST is discarded');
    if (f.ACK) return send('CLOSED', [seg(F('RST'), g.ack, 0)], '§3.10.7.1 CLOSED: <SEQ=SEG.ACK><CTL=RST>');
    return send('CLOSED', [seg(F('RST', 'ACK'), 0, add(g.seq, len))], '§3.10.7.1 CLOSED: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>');
  }

  // §3.10.7.2 LISTEN
  if (s === 'LISTEN') {
    if (f.RST) return wait('LISTEN', '§3.10.7.2 LISTEN: RST ignored');
    if (f.ACK) {
      // Linux with SYN cookies: an ACK whose SEG.ACK-1 is a cookie we sent to this source rebuilds the
      // connection (ESTABLISHED, into the accept queue, unless that is full: then it is dropped).
      // The cookie hashes the client's ISN: SEG.SEQ - 1 must be the ISN the cookie SYN-ACK acknowledged.
      // (Stateless: the cookie is recomputed from the segment, so the TCP knows it even for a SYN-ACK it
      // sent as a half-open entry that is gone; the decision shows it as the ISS just rebuilt.)
      // Linux cookie_v4_check runs only after a recent overflow of the SYN queue: within
      // TCP_SYNCOOKIE_VALID, two minutes (tcp_synq_no_recent_overflow).
      const overflow = k.synQueueOverflowAt ?? null;
      const recent = overflow !== null && (k.now ?? 0) - overflow <= 120_000;
      const cookieSent = recent && (k.sentSynAcks ?? []).some((s) => s.dst === g.from && add(s.seq, 1) === g.ack && s.ack === g.seq);
      const cookieKnown = t.issJustPicked && t.iss !== null && add(t.iss, 1) === g.ack;
      if (k.linux && !f.SYN && (cookieSent || cookieKnown)) {
        const q = k.queues!;
        if (q.acceptMax > 0 && q.accept.length >= q.acceptMax) return wait('LISTEN', 'Linux: valid cookie ACK but accept queue full: dropped', 'cookie ACK, accept queue full');
        const data = g.data;
        // The rebuilt connection then takes the segment's text and FIN as ESTABLISHED would (§3.10.7.4 seventh, eighth).
        if (data.length > 0 || f.FIN) return send(f.FIN ? 'CLOSE-WAIT' : 'ESTABLISHED', [seg(F('ACK'), g.ack, add(g.seq, data.length + (f.FIN ? 1 : 0)))], 'Linux cookie ACK carrying data/FIN: connection rebuilt, text taken, ACK');
        return wait('ESTABLISHED', 'Linux tcp_get_cookie_sock: the ACK carries our SYN cookie: connection rebuilt, ESTABLISHED');
      }
      return send('LISTEN', [seg(F('RST'), g.ack, 0)], '§3.10.7.2 LISTEN: ACK -> <SEQ=SEG.ACK><CTL=RST>');
    }
    if (f.SYN) {
      const q = k.queues!;
      if (k.linux && q.acceptMax > 0 && q.accept.length >= q.acceptMax) return wait('LISTEN', 'Linux tcp_conn_request: accept queue full, SYN dropped');
      const iss = k.yourIss ?? t.iss!;
      if (q.syn.length >= q.synMax) {
        if (k.linux) return send('LISTEN', [seg(F('SYN', 'ACK'), iss, add(g.seq, 1))], 'Linux: SYN queue full, answered with a SYN cookie, no state', 'syncookie');
        return wait('LISTEN', 'SYN queue full: SYN dropped (no SYN cookies)');
      }
      return send('SYN-RECEIVED', [seg(F('SYN', 'ACK'), iss, add(g.seq, 1))], '§3.10.7.2 LISTEN: SYN -> <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, SYN-RECEIVED');
    }
    return wait('LISTEN', '§3.10.7.2 LISTEN: anything else is dropped');
  }

  // §3.10.7.3 SYN-SENT
  if (s === 'SYN-SENT') {
    const iss = t.iss!;
    const sndNxt = t.sndNxt!;
    let ackOk = false;
    if (f.ACK) {
      if (le(g.ack, iss) || lt(sndNxt, g.ack)) {
        if (f.RST) return wait('SYN-SENT', '§3.10.7.3 unacceptable ACK on a RST: drop');
        return send('SYN-SENT', [seg(F('RST'), g.ack, 0)], '§3.10.7.3 unacceptable ACK: <SEQ=SEG.ACK><CTL=RST>');
      }
      ackOk = le(t.sndUna!, g.ack) && le(g.ack, sndNxt);
    }
    if (f.RST) {
      if (ackOk) return wait('CLOSED', '§3.10.7.3 RST with acceptable ACK: connection reset, CLOSED');
      return wait('SYN-SENT', '§3.10.7.3 RST without ACK: drop');
    }
    if (f.SYN) {
      const rcvNxt = add(g.seq, 1);
      if (ackOk && lt(iss, g.ack)) {
        const data = t.sendBuffer ?? '';
        return send('ESTABLISHED', [seg(F('ACK'), sndNxt, add(rcvNxt, g.data.length), data)], '§3.10.7.3 SYN-ACK: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, ESTABLISHED (queued data may ride along)');
      }
      return send('SYN-RECEIVED', [seg(F('SYN', 'ACK'), iss, rcvNxt)], '§3.10.7.3 SYN without ACK (simultaneous open): <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, SYN-RECEIVED');
    }
    return wait('SYN-SENT', '§3.10.7.3 neither SYN nor RST: drop');
  }

  // §3.10.7.4 Other states
  const rcvNxt = t.rcvNxt!;
  const sndNxt = t.sndNxt!;
  const sndUna = t.sndUna!;
  const wnd = k.rcvWnd;
  const ackNow = (state: State, why: string, unsure?: string): Answer => send(state, [seg(F('ACK'), sndNxt, rcvNxt)], why, unsure);
  const inWin = (x: number): boolean => le(rcvNxt, x) && lt(x, add(rcvNxt, wnd));
  const challenge = (why: string): Answer => {
    const last = k.lastChallengeAckAt ?? null;
    if (last !== null && k.now !== undefined && k.now - last < (k.challengeIntervalMs ?? 500)) return wait(s, `${why}, but one was sent ${k.now - last} ms ago: throttled (RFC 5961 §7)`);
    return { ...ackNow(s, why), challenge: true };
  };

  // Simultaneous open: SYN-ACK in SYN-RECEIVED (Figure 7; Linux tcp_rcv_state_process "pass"). Only
  // a connection that sent its own SYN (an active open) meets it; one born of a passive OPEN (it has
  // a listener) takes a SYN-ACK through the first check: its SEG.SEQ is below RCV.NXT, ACK and stay
  // (Linux tcp_check_req: not in window, req->rsk_ops->send_ack).
  if (s === 'SYN-RECEIVED' && !k.queues && f.SYN && f.ACK && !f.RST && add(g.seq, 1) === rcvNxt && g.ack === sndNxt) {
    return { ...ackNow('ESTABLISHED', 'Figure 7 / Linux: peer SYN-ACK in SYN-RECEIVED acknowledges our SYN: ESTABLISHED, ACK it', 'simultaneous SYN-ACK: ACK or nothing'), simultaneousSynAck: true };
  }
  // A retransmitted SYN in SYN-RECEIVED (our SYN-ACK was lost): Linux/BSD resend the SYN-ACK.
  // (RFC 9293's first check answers it with a bare ACK, below: the model follows the RFC unless the scenario is Linux's.)
  if (k.linux && s === 'SYN-RECEIVED' && f.SYN && !f.ACK && !f.RST && add(g.seq, 1) === rcvNxt) {
    // A request socket (passive: the host listens) resends it only if tcp_oow_rate_limited(...,
    // &tcp_rsk(req)->last_oow_ack_time) allows: not within sysctl_tcp_invalid_ratelimit (500 ms).
    const last = k.lastChallengeAckAt ?? null;
    if (k.queues && last !== null && k.now !== undefined && k.now - last < (k.challengeIntervalMs ?? 500)) return wait('SYN-RECEIVED', `Linux tcp_check_req: duplicate SYN, but a SYN-ACK went that way ${k.now - last} ms ago: rate-limited`);
    return { ...send('SYN-RECEIVED', [seg(F('SYN', 'ACK'), t.iss!, rcvNxt)], 'Linux tcp_check_req: duplicate SYN in SYN-RECEIVED -> resend SYN-ACK'), ...(k.queues ? { challenge: true } : {}) };
  }

  // first: sequence number
  let acceptable: boolean;
  if (len === 0) acceptable = wnd === 0 ? g.seq === rcvNxt : inWin(g.seq);
  else acceptable = wnd === 0 ? false : inWin(g.seq) || inWin(add(g.seq, len - 1));
  if (!acceptable) {
    if (f.RST) return wait(s, '§3.10.7.4 first check: unacceptable RST dropped');
    if (s === 'TIME-WAIT' && f.FIN) return ackNow('TIME-WAIT', '§3.10.7.4 TIME-WAIT: a retransmitted FIN is acknowledged, 2MSL restarted');
    // Linux tcp_validate_incoming -> tcp_oow_rate_limited(&tp->last_oow_ack_time): a segment with
    // no data and no FIN (or a SYN) gets its dupack only if none, nor a challenge ACK, went out in
    // the last sysctl_tcp_invalid_ratelimit (HZ/2 = 500 ms); "Data packets without SYNs are not
    // likely part of an ACK loop".
    if (k.linux && (len === 0 || f.SYN)) return challenge('§3.10.7.4 first check: unacceptable segment -> <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (Linux: rate-limited dupack)');
    return ackNow(s, '§3.10.7.4 first check: unacceptable segment -> <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>');
  }
  // second: RST (RFC 5961 §3)
  if (f.RST) {
    if (g.seq !== rcvNxt) return challenge('RFC 5961 §3.2: in-window RST not exact -> challenge ACK');
    if (s === 'SYN-RECEIVED') return wait(k.queues ? 'LISTEN' : 'CLOSED', '§3.10.7.4 RST in SYN-RECEIVED: passive -> LISTEN, active -> CLOSED');
    return wait('CLOSED', '§3.10.7.4 RST: connection reset, CLOSED');
  }
  // fourth: SYN (RFC 5961 §4)
  if (f.SYN) {
    if (s === 'SYN-RECEIVED' && k.queues) {
      // Linux tcp_check_req ("fourth, check the SYN bit"): embryonic_reset drops the request and
      // answers with tcp_v4_send_reset's reset for the segment.
      if (k.linux) return send('LISTEN', [f.ACK ? seg(F('RST'), g.ack, 0) : seg(F('RST', 'ACK'), 0, add(g.seq, len))], 'Linux: SYN in SYN-RECEIVED -> RST, request dropped, LISTEN');
      return wait('LISTEN', '§3.10.7.4 SYN in SYN-RECEIVED (passive): back to LISTEN', 'SYN in SYN-RECEIVED');
    }
    return challenge('RFC 5961 §4: SYN in a synchronized state -> challenge ACK');
  }
  // fifth: ACK
  if (!f.ACK) return wait(s, '§3.10.7.4 fifth: no ACK bit, drop');
  if (s === 'TIME-WAIT') {
    // "The only thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge
    // it, and restart the 2 MSL timeout." Linux tcp_timewait_state_process takes a bare ACK exactly at
    // RCV.NXT silently and ACKs everything else ("All the segments are ACKed immediately").
    if (g.seq === rcvNxt && len === 0) return wait('TIME-WAIT', 'TIME-WAIT: a bare ACK at RCV.NXT carries nothing: dropped (Linux)');
    // Linux: return tcp_timewait_check_oow_rate_limit(tw, skb, LINUX_MIB_TCPACKSKIPPEDTIMEWAIT), the
    // same tcp_oow_rate_limited test on tw_last_oow_ack_time (a FIN or data always answered).
    if (k.linux && len === 0) return challenge('§3.10.7.4 TIME-WAIT: acknowledge it, restart 2MSL (Linux: rate-limited)');
    return ackNow('TIME-WAIT', '§3.10.7.4 TIME-WAIT: acknowledge it, restart 2MSL (Linux: all other segments are ACKed)');
  }
  let st: State = s;
  let una = sndUna;
  if (s === 'SYN-RECEIVED') {
    if (lt(sndUna, g.ack) && le(g.ack, sndNxt)) {
      if (k.linux && k.queues && k.queues.acceptMax > 0 && k.queues.accept.length >= k.queues.acceptMax) {
        return wait('SYN-RECEIVED', 'Linux: accept queue full, the final ACK is dropped (tcp_abort_on_overflow=0)');
      }
      st = 'ESTABLISHED';
      una = g.ack;
    } else {
      return send(s, [seg(F('RST'), g.ack, 0)], '§3.10.7.4 SYN-RECEIVED: unacceptable ACK -> <SEQ=SEG.ACK><CTL=RST>');
    }
  } else {
    // RFC 5961 §5: SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT
    // RFC 5961 §5.2 "discarded and an ACK sent back", a challenge ACK (Linux 6.18.y tcp_ack:
    // tcp_send_challenge_ack), so RFC 5961 §7 throttles it.
    if (lt(sndNxt, g.ack)) return challenge('§3.10.7.4 ACK of something not yet sent: ACK, drop (RFC 5961 §5.2 challenge ACK)');
    if (lt(sndUna, g.ack)) una = g.ack;
  }
  const finAcked = una === sndNxt;
  // Linux tcp_rcv_state_process step 7: with the receive side shut (RCV_SHUTDOWN: close() made the
  // connection an orphan, or the peer's FIN came), a segment whose data ends past RCV.NXT, or whose
  // FIN lies beyond it, is reset: tcp_v4_send_reset answers <SEQ=SEG.ACK><CTL=RST> (the segment has an
  // ACK). CLOSE-WAIT, CLOSING and LAST-ACK check only a segment that starts below RCV.NXT, and CLOSING
  // and LAST-ACK none once their FIN is acknowledged (consumed on the way to TIME-WAIT / CLOSED).
  if (k.linux && len > 0 && lt(rcvNxt, add(g.seq, g.data.length))) {
    const orphan = (s === 'FIN-WAIT-1' || s === 'FIN-WAIT-2') && t.orphaned === true;
    const afterFin = (s === 'CLOSE-WAIT' || ((s === 'CLOSING' || s === 'LAST-ACK') && !finAcked)) && lt(g.seq, rcvNxt);
    if (orphan || afterFin) return send('CLOSED', [seg(F('RST'), g.ack, 0)], 'Linux tcp_rcv_state_process step 7: new data after the receive side is shut -> <SEQ=SEG.ACK><CTL=RST>, CLOSED (TCPAbortOnData)');
  }
  if (st === 'FIN-WAIT-1' && finAcked) st = 'FIN-WAIT-2';
  if (st === 'CLOSING') {
    if (finAcked) return wait('TIME-WAIT', '§3.10.7.4 CLOSING: FIN acknowledged -> TIME-WAIT');
    return wait('CLOSING', '§3.10.7.4 CLOSING: not yet');
  }
  if (st === 'LAST-ACK') {
    if (finAcked) return wait('CLOSED', '§3.10.7.4 LAST-ACK: FIN acknowledged -> CLOSED');
    return wait('LAST-ACK', '§3.10.7.4 LAST-ACK: not yet');
  }
  // seventh: text, and eighth: FIN, in sequence order. A segment that starts beyond RCV.NXT is held
  // (a duplicate ACK says what is missing); one that fills the gap lets the held ones in after it.
  let rcv = rcvNxt;
  let why = `§3.10.7.4 ACK processed${st !== s ? `: ${s} -> ${st}` : ''}`;
  let needAck = false;
  let filledGap = false;
  const receiving = st === 'ESTABLISHED' || st === 'FIN-WAIT-1' || st === 'FIN-WAIT-2' || st === 'SYN-RECEIVED';
  // CLOSE-WAIT: the peer's FIN is in already; no text or FIN is taken, wherever the segment starts
  // (§3.10.7.4 seventh: "This should not occur since a FIN has been received from the remote side.
  // Ignore the segment text."). A segment that passed the first check and starts below RCV.NXT
  // reaches past it, beyond the peer's FIN: still ignored, and nothing calls for an ACK.
  if (st === 'CLOSE-WAIT' && (g.data.length > 0 || f.FIN)) return wait(st, `${why}; CLOSE-WAIT: a FIN was taken already, nothing more is`);
  // §3.10.7.4 first check: "If a segment's contents straddle the boundary between old and new, only
  // the new parts are processed": a segment that starts below RCV.NXT is trimmed to start there.
  const old = lt(g.seq, rcvNxt) ? (rcvNxt - g.seq + M) % M : 0;
  const start = old > 0 ? rcvNxt : g.seq;
  const text = g.data.slice(old);
  const finIn = (): void => {
    rcv = add(rcv, 1);
    if (st === 'SYN-RECEIVED' || st === 'ESTABLISHED') st = 'CLOSE-WAIT';
    else if (st === 'FIN-WAIT-1') st = finAcked ? 'TIME-WAIT' : 'CLOSING';
    else if (st === 'FIN-WAIT-2') st = 'TIME-WAIT';
    why += `; eighth: FIN -> ${st}`;
  };
  if (g.data.length > 0 || f.FIN) {
    needAck = true;
    if (start !== rcvNxt) {
      why += '; out of order: held, duplicate ACK';
      return { ...send(st, [seg(F('ACK'), sndNxt, rcv)], why), hold: { flags: f, seq: g.seq, ack: g.ack, data: g.data } };
    }
    else if (!receiving && text.length > 0) why += '; seventh: text ignored in this state';
    else {
      rcv = add(rcv, text.length);
      if (text.length) why += '; seventh: in-order text taken';
      if (f.FIN) finIn();
      // Held segments that now start at RCV.NXT (RFC 9293 §3.10.7.4: "held for later processing").
      for (let more = true; more && !f.FIN; ) {
        more = false;
        for (const h of k.held ?? []) {
          if (h.seq !== rcv || (h.data.length === 0 && !h.flags.FIN)) continue;
          rcv = add(rcv, h.data.length);
          why += '; a held segment fits now';
          filledGap = true;
          if (h.flags.FIN) { finIn(); more = false; break; }
          more = true;
        }
      }
    }
  }
  if (needAck) {
    // §3.8.6.3: an ACK of in-order data (or of a FIN that leaves the connection in CLOSE-WAIT) may be
    // delayed, one at a time; one that fills a gap is sent at once (RFC 5681 §4.2).
    const delayable = !k.ackOwed && !filledGap && start === rcvNxt && (!f.FIN || st === 'CLOSE-WAIT') && (text.length > 0 || f.FIN);
    return { ...send(st, [seg(F('ACK'), sndNxt, rcv)], why), ...(delayable ? { delayable } : {}) };
  }
  return wait(st, why);
}

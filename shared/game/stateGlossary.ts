/**
 * The eleven states of RFC 9293 §3.3.2, each in our own words: what it means, how a connection gets
 * there and how it leaves (the events of §3.10 and the arrows of Figure 5), in both languages. The
 * state diagram's glossary shows these; the quiz over all eleven states is built from them, so the
 * two never disagree.
 */
import { TCP_STATES, type TcpState } from '../tcp/states.ts';
import type { Bilingual, QuizCard } from './scenario.ts';

export interface StateEntry {
  state: TcpState;
  meaning: Bilingual;
  enter: Bilingual[];
  leave: Bilingual[];
}

const b = (en: string, zh: string): Bilingual => ({ en, 'zh-CN': zh });

export const STATE_GLOSSARY: Readonly<Record<TcpState, StateEntry>> = {
  CLOSED: {
    state: 'CLOSED',
    meaning: b('No connection at all: there is no TCB (RFC 9293 calls it fictional, the state when no TCB exists).', '没有任何连接：不存在 TCB（RFC 9293 说它是“虚构”的状态，即没有 TCB 时的状态）。'),
    enter: [
      b('Where every host starts.', '每台主机的初始状态。'),
      b('LAST-ACK + the ACK of our FIN; TIME-WAIT after 2×MSL.', 'LAST-ACK 收到对我们 FIN 的 ACK；TIME-WAIT 等满 2×MSL。'),
      b('close() in LISTEN or SYN-SENT; in the other states a RST (a refused connect() too), abort() or giving up on retransmissions.', '在 LISTEN 或 SYN-SENT 调用 close()；其他状态下收到 RST（包括 connect() 被拒绝）、调用 abort() 或放弃重传。'),
      b('Linux also: its own RST (close() with unread data, new data after close()); an orphan\'s FIN-WAIT-2 timeout.', 'Linux 还有：自己发出 RST（close() 时有未读数据，或 close() 后又收到新数据）；孤儿连接的 FIN-WAIT-2 超时。'),
    ],
    leave: [
      b('listen() (passive OPEN) → LISTEN.', 'listen()（被动打开）→ LISTEN。'),
      b('connect() (active OPEN): send SYN → SYN-SENT.', 'connect()（主动打开）：发送 SYN → SYN-SENT。'),
    ],
  },
  LISTEN: {
    state: 'LISTEN',
    meaning: b('Waiting for a connection request (a SYN) from any remote TCP and port.', '等待任意远端 TCP 和端口发来的连接请求（SYN）。'),
    enter: [
      b('listen() (passive OPEN) from CLOSED.', '在 CLOSED 调用 listen()（被动打开）。'),
      b('SYN-RECEIVED (opened passively) + a RST, a SYN in the window, or giving up on its SYN,ACK.', '被动打开的 SYN-RECEIVED 收到 RST、收到窗口内的 SYN，或放弃重传 SYN,ACK。'),
    ],
    leave: [
      b('A SYN arrives: send SYN,ACK → SYN-RECEIVED (the listener keeps listening for others).', '收到 SYN：发送 SYN,ACK → SYN-RECEIVED（监听套接字继续等待其他连接）。'),
      b('send() to a remote socket: send SYN → SYN-SENT (RFC 9293 §3.10.2).', '调用 send() 并指定远端套接字：发送 SYN → SYN-SENT（RFC 9293 §3.10.2）。'),
      b('close() → CLOSED.', '调用 close() → CLOSED。'),
    ],
  },
  'SYN-SENT': {
    state: 'SYN-SENT',
    meaning: b('Our SYN is sent; waiting for a matching connection request (the peer\'s SYN) and the ACK of ours.', '已发出自己的 SYN，等待对方与之匹配的连接请求（对方的 SYN）以及对我们 SYN 的确认。'),
    enter: [
      b('connect() (active OPEN) from CLOSED: send SYN.', '在 CLOSED 调用 connect()（主动打开）：发送 SYN。'),
      b('send() in LISTEN to a remote socket: send SYN.', '在 LISTEN 调用 send() 并指定远端套接字：发送 SYN。'),
    ],
    leave: [
      b('A SYN,ACK that acknowledges our SYN: send ACK → ESTABLISHED.', '收到确认了我们 SYN 的 SYN,ACK：发送 ACK → ESTABLISHED。'),
      b('A SYN without ACK (simultaneous open): send SYN,ACK → SYN-RECEIVED.', '收到不带 ACK 的 SYN（同时打开）：发送 SYN,ACK → SYN-RECEIVED。'),
      b('A RST that acknowledges our SYN: connection refused → CLOSED.', '收到确认了我们 SYN 的 RST：连接被拒绝 → CLOSED。'),
      b('close(), abort(), or giving up after the last SYN retransmission → CLOSED (nothing is sent).', '调用 close()、abort()，或最后一次 SYN 重传后放弃 → CLOSED（不发送任何报文段）。'),
    ],
  },
  'SYN-RECEIVED': {
    state: 'SYN-RECEIVED',
    meaning: b('We have received a SYN and sent our own SYN (with its ACK); waiting for the ACK of our SYN.', '已收到对方的 SYN 并发出自己的 SYN（带 ACK），等待对方确认我们的 SYN。'),
    enter: [
      b('LISTEN + SYN: send SYN,ACK (the connection waits in the SYN queue).', 'LISTEN 收到 SYN：发送 SYN,ACK（连接进入半连接队列）。'),
      b('SYN-SENT + SYN (simultaneous open): send SYN,ACK.', 'SYN-SENT 收到 SYN（同时打开）：发送 SYN,ACK。'),
    ],
    leave: [
      b('The ACK of our SYN arrives → ESTABLISHED (it moves to the accept queue).', '收到对我们 SYN 的 ACK → ESTABLISHED（连接移入全连接队列）。'),
      b('close(): send FIN → FIN-WAIT-1.', 'close()：发送 FIN → FIN-WAIT-1。'),
      b('Opened passively: a RST at RCV.NXT, a SYN in the window, or giving up on the SYN,ACK → LISTEN.', '被动打开的：收到序列号等于 RCV.NXT 的 RST、窗口内的 SYN，或放弃重传 SYN,ACK → LISTEN。'),
      b('Opened actively: a RST at RCV.NXT, or giving up → CLOSED.', '主动打开的：收到序列号等于 RCV.NXT 的 RST，或放弃重传 → CLOSED。'),
      b('abort(): send RST → CLOSED. Linux: the listener\'s close() → CLOSED, silently.', 'abort()：发送 RST → CLOSED。Linux：监听套接字关闭 → CLOSED，不发任何报文段。'),
    ],
  },
  ESTABLISHED: {
    state: 'ESTABLISHED',
    meaning: b('An open connection: both sides are synchronized and data flows both ways. The normal state of the data transfer phase.', '连接已打开：双方已同步，数据可以双向传输。这是数据传输阶段的正常状态。'),
    enter: [
      b('SYN-SENT + SYN,ACK that acknowledges our SYN: send ACK.', 'SYN-SENT 收到确认我们 SYN 的 SYN,ACK：发送 ACK。'),
      b('SYN-RECEIVED + the ACK of our SYN.', 'SYN-RECEIVED 收到对我们 SYN 的 ACK。'),
    ],
    leave: [
      b('close() (we close first): send FIN → FIN-WAIT-1.', 'close()（我方先关闭）：发送 FIN → FIN-WAIT-1。'),
      b('A FIN arrives (the peer closes first): send ACK → CLOSE-WAIT.', '收到 FIN（对方先关闭）：发送 ACK → CLOSE-WAIT。'),
      b('A RST at RCV.NXT, abort() (sends RST, no FIN), or giving up on retransmissions (R2 or the user timeout) → CLOSED.', '收到序列号等于 RCV.NXT 的 RST、调用 abort()（发送 RST，不发 FIN），或放弃重传（R2 或用户超时）→ CLOSED。'),
      b('Linux: close() with unread data, or the listener\'s close() before accept(): send RST → CLOSED.', 'Linux：有未读数据时 close()，或监听套接字在 accept() 之前关闭：发送 RST → CLOSED。'),
    ],
  },
  'FIN-WAIT-1': {
    state: 'FIN-WAIT-1',
    meaning: b('We have closed: our FIN is sent; waiting for its ACK, or for the peer\'s FIN. We can still receive data.', '我方已关闭：FIN 已发出，等待对它的 ACK，或者对方的 FIN。我方仍可以接收数据。'),
    enter: [b('close() in ESTABLISHED (or SYN-RECEIVED): send FIN.', '在 ESTABLISHED（或 SYN-RECEIVED）调用 close()：发送 FIN。')],
    leave: [
      b('The ACK of our FIN → FIN-WAIT-2.', '收到对我们 FIN 的 ACK → FIN-WAIT-2。'),
      b('The peer\'s FIN, not acknowledging ours (both closed at once): send ACK → CLOSING.', '收到对方的 FIN，但它没有确认我们的 FIN（双方同时关闭）：发送 ACK → CLOSING。'),
      b('A FIN that also acknowledges ours: send ACK → TIME-WAIT.', '收到同时确认了我们 FIN 的 FIN：发送 ACK → TIME-WAIT。'),
      b('A RST at RCV.NXT, abort() (sends RST), or giving up on retransmitting the FIN → CLOSED.', '收到序列号等于 RCV.NXT 的 RST、调用 abort()（发送 RST），或放弃重传 FIN → CLOSED。'),
      b('Linux, after close(): new data arrives: send RST → CLOSED.', 'Linux，调用 close() 之后：又收到新数据，发送 RST → CLOSED。'),
    ],
  },
  'FIN-WAIT-2': {
    state: 'FIN-WAIT-2',
    meaning: b('Our FIN is acknowledged, so our direction is closed. Waiting for the peer\'s FIN; its data still arrives and is acknowledged.', '我们的 FIN 已被确认，我方这个方向已关闭。等待对方的 FIN；对方的数据仍会到达并被确认。'),
    enter: [b('FIN-WAIT-1 + the ACK of our FIN.', 'FIN-WAIT-1 收到对我们 FIN 的 ACK。')],
    leave: [
      b('The peer\'s FIN arrives: send ACK → TIME-WAIT.', '收到对方的 FIN：发送 ACK → TIME-WAIT。'),
      b('A RST at RCV.NXT, or abort() (sends RST) → CLOSED.', '收到序列号等于 RCV.NXT 的 RST，或调用 abort()（发送 RST）→ CLOSED。'),
      b('Linux, after close(): no FIN within tcp_fin_timeout (60 s) → CLOSED, silently; new data: send RST → CLOSED.', 'Linux，调用 close() 之后：tcp_fin_timeout（60 秒）内没等到 FIN → CLOSED，不发任何报文段；又收到新数据：发送 RST → CLOSED。'),
    ],
  },
  'CLOSE-WAIT': {
    state: 'CLOSE-WAIT',
    meaning: b('The peer has closed its direction (its FIN arrived and we acknowledged it). Waiting for our own application to close; we may still send data.', '对方已关闭它那个方向（它的 FIN 已到达并被我们确认）。等待我方应用调用 close()；我方仍可以发送数据。'),
    enter: [b('ESTABLISHED + FIN: send ACK. The side that receives the first FIN comes here.', 'ESTABLISHED 收到 FIN：发送 ACK。先收到 FIN 的一方进入这里。')],
    leave: [
      b('close(): send FIN → LAST-ACK.', 'close()：发送 FIN → LAST-ACK。'),
      b('A RST at RCV.NXT, abort() (sends RST), or giving up on retransmissions (R2 or the user timeout) → CLOSED.', '收到序列号等于 RCV.NXT 的 RST、调用 abort()（发送 RST），或放弃重传（R2 或用户超时）→ CLOSED。'),
      b('Linux: close() with unread data, or new data after the peer\'s FIN: send RST → CLOSED.', 'Linux：有未读数据时 close()，或在对方 FIN 之后又收到新数据：发送 RST → CLOSED。'),
    ],
  },
  CLOSING: {
    state: 'CLOSING',
    meaning: b('Both sides closed at once: we sent our FIN and received theirs, but ours is not acknowledged yet.', '双方同时关闭：我们发出了 FIN，也收到了对方的 FIN，但我们的 FIN 还没被确认。'),
    enter: [b('FIN-WAIT-1 + the peer\'s FIN that does not acknowledge ours: send ACK.', 'FIN-WAIT-1 收到对方未确认我们 FIN 的 FIN：发送 ACK。')],
    leave: [
      b('The ACK of our FIN → TIME-WAIT.', '收到对我们 FIN 的 ACK → TIME-WAIT。'),
      b('A RST at RCV.NXT, abort() (sends nothing), or giving up on retransmitting the FIN → CLOSED.', '收到序列号等于 RCV.NXT 的 RST、调用 abort()（不发送任何报文段），或放弃重传 FIN → CLOSED。'),
      b('Linux: new data after the peer\'s FIN: send RST → CLOSED.', 'Linux：在对方 FIN 之后又收到新数据：发送 RST → CLOSED。'),
    ],
  },
  'LAST-ACK': {
    state: 'LAST-ACK',
    meaning: b('We closed after the peer did: our FIN is sent; waiting for its ACK, the last segment of the connection.', '对方先关闭、我方随后关闭：我们的 FIN 已发出，等待对它的 ACK——这条连接的最后一个报文段。'),
    enter: [b('close() in CLOSE-WAIT: send FIN.', '在 CLOSE-WAIT 调用 close()：发送 FIN。')],
    leave: [
      b('The ACK of our FIN → CLOSED (the TCB is deleted; no TIME-WAIT on this side).', '收到对我们 FIN 的 ACK → CLOSED（删除 TCB；这一方没有 TIME-WAIT）。'),
      b('No ACK in time: the retransmission timer resends the FIN.', '迟迟收不到 ACK：重传定时器重发 FIN。'),
      b('A RST at RCV.NXT, abort() (sends nothing), or giving up on retransmitting the FIN → CLOSED.', '收到序列号等于 RCV.NXT 的 RST、调用 abort()（不发送任何报文段），或放弃重传 FIN → CLOSED。'),
      b('Linux: new data after the peer\'s FIN: send RST → CLOSED.', 'Linux：在对方 FIN 之后又收到新数据：发送 RST → CLOSED。'),
    ],
  },
  'TIME-WAIT': {
    state: 'TIME-WAIT',
    meaning: b('The side that closed first (both sides, after a simultaneous close) waits 2×MSL (Linux: 60 s) before deleting the TCB: to acknowledge the peer\'s FIN again if our last ACK was lost, and to let old segments of this connection die out before the same sockets are used again.', '先关闭的一方（同时关闭时则是双方）在删除 TCB 前等待 2×MSL（Linux 为 60 秒）：如果最后的 ACK 丢了，可以再次确认对方重传的 FIN；同时让这条连接的旧报文在网络中消失，之后才能再用同一对套接字。'),
    enter: [
      b('FIN-WAIT-2 + the peer\'s FIN: send ACK.', 'FIN-WAIT-2 收到对方的 FIN：发送 ACK。'),
      b('CLOSING + the ACK of our FIN.', 'CLOSING 收到对我们 FIN 的 ACK。'),
      b('FIN-WAIT-1 + a FIN that also acknowledges ours: send ACK.', 'FIN-WAIT-1 收到同时确认了我们 FIN 的 FIN：发送 ACK。'),
    ],
    leave: [
      b('2×MSL passes → CLOSED.', '等满 2×MSL → CLOSED。'),
      b('A retransmitted FIN arrives: ACK it again and restart the 2×MSL timer.', '收到重传的 FIN：再次发送 ACK，并重新开始 2×MSL 计时。'),
      b('A RST at RCV.NXT → CLOSED, in both profiles (RFC 9293 §3.10.7.4); with the RFC 1337 option on, it is ignored.', '收到序列号等于 RCV.NXT 的 RST → CLOSED，两种配置都如此（RFC 9293 §3.10.7.4）；开启 RFC 1337 选项时忽略它。'),
      b('abort() (sends nothing) → CLOSED.', '调用 abort()（不发送任何报文段）→ CLOSED。'),
    ],
  },
};

/** Three states a learner confuses with each one (the quiz's wrong choices). */
const CONFUSED_WITH: Readonly<Record<TcpState, [TcpState, TcpState, TcpState]>> = {
  CLOSED: ['LISTEN', 'TIME-WAIT', 'LAST-ACK'],
  LISTEN: ['SYN-RECEIVED', 'CLOSED', 'SYN-SENT'],
  'SYN-SENT': ['SYN-RECEIVED', 'LISTEN', 'ESTABLISHED'],
  'SYN-RECEIVED': ['SYN-SENT', 'LISTEN', 'ESTABLISHED'],
  ESTABLISHED: ['SYN-RECEIVED', 'CLOSE-WAIT', 'FIN-WAIT-2'],
  'FIN-WAIT-1': ['FIN-WAIT-2', 'CLOSING', 'LAST-ACK'],
  'FIN-WAIT-2': ['FIN-WAIT-1', 'CLOSE-WAIT', 'TIME-WAIT'],
  'CLOSE-WAIT': ['FIN-WAIT-2', 'LAST-ACK', 'CLOSING'],
  CLOSING: ['FIN-WAIT-1', 'TIME-WAIT', 'LAST-ACK'],
  'LAST-ACK': ['CLOSE-WAIT', 'CLOSING', 'TIME-WAIT'],
  'TIME-WAIT': ['CLOSING', 'FIN-WAIT-2', 'CLOSED'],
};

/**
 * One card per state, in RFC order: "Which state is this?" with the glossary's meaning. The right
 * answer's place moves from card to card.
 */
export function stateQuizCards(): QuizCard[] {
  return TCP_STATES.map((state, i) => {
    const entry = STATE_GLOSSARY[state];
    const answer = i % 4;
    const wrong = [...CONFUSED_WITH[state]];
    const order: TcpState[] = [];
    for (let k = 0; k < 4; k++) order.push(k === answer ? state : (wrong.shift() as TcpState));
    return {
      id: `state-${state}`,
      question: b(`Which state is this? “${entry.meaning.en}”`, `这是哪个状态？“${entry.meaning['zh-CN']}”`),
      choices: order.map((s) => b(s, s)),
      answer,
      explanation: b(`${state}: ${entry.meaning.en} Enter: ${entry.enter.map((e) => e.en).join(' ')}`, `${state}：${entry.meaning['zh-CN']}进入：${entry.enter.map((e) => e['zh-CN']).join('')}`),
    };
  });
}

import type { RuleId } from './ids.ts';
import { retransmissionSchedule, type RetransmissionSchedule } from '../tcp/backoff.ts';
import { configFor, LINUX_CONFIG, RFC9293_CONFIG } from '../tcp/config.ts';

/**
 * The rule catalogue: for every rule the engine applies, where it comes from (an RFC section or a
 * named Linux setting) and what a correct TCP does there and why, in English and zh-CN.
 *
 * Writing conventions (the tests in test/rules/catalogue.test.ts enforce the checkable ones):
 * - state names are spelled as RFC 9293 §3.3.2 spells them (SYN-RECEIVED, CLOSE-WAIT, TIME-WAIT);
 *   there is no "CLOSE_WAIT2" and no "SYN_REVD";
 * - the ACK of a FIN carries ack = FIN's seq + 1 in the acknowledgment number, never in the seq field;
 * - TIME-WAIT lasts 2×MSL, not one round trip;
 * - `profiles` is present only where the 'rfc9293' and 'linux' engine profiles behave differently.
 */

export interface RuleText {
  title: string;
  explanation: string;
}

export interface ProfileNote {
  en: string;
  zh: string;
}

export interface Rule {
  id: RuleId;
  /** Where the rule comes from, e.g. 'RFC 9293 §3.10.7.4', 'RFC 5961 §3.2', 'Linux tcp_syn_retries'. */
  section: string;
  en: RuleText;
  zh: RuleText;
  /** Only where the 'rfc9293' and 'linux' engine profiles differ: what each one does. */
  profiles?: { rfc9293: ProfileNote; linux: ProfileNote };
  /** A named engine setting (not a profile) that changes this rule, and what it does. */
  setting?: { name: string; en: string; zh: string };
}

/** "1, 2, 3 and 5 s" / "1、2、3、5 秒", from a schedule's retransmission times. */
function scheduleText(s: RetransmissionSchedule): { en: string; zh: string; giveUp: number; lastWait: number; count: number } {
  const secs = s.retransmitAt.map((ms) => String(ms / 1000));
  const last = s.retransmitAt[s.retransmitAt.length - 1] ?? 0;
  return {
    en: `${secs.slice(0, -1).join(', ')} and ${secs[secs.length - 1]} s`,
    zh: secs.join('、'),
    giveUp: s.giveUpAt / 1000,
    lastWait: (s.giveUpAt - last) / 1000,
    count: s.retransmitAt.length,
  };
}

/** The SYN schedules the catalogue states, computed by the engine's own backoff so text and engine agree. */
const SYN = {
  rfc9293: scheduleText(retransmissionSchedule(RFC9293_CONFIG, 'SYN')),
  linux: scheduleText(retransmissionSchedule(LINUX_CONFIG, 'SYN')),
  older: scheduleText(retransmissionSchedule(configFor('linux', { synLinearTimeouts: 0 }), 'SYN')),
};

type RuleDef = Omit<Rule, 'id'>;

const DEFS: { readonly [K in RuleId]: RuleDef } = {
  // ---------------------------------------------------------------- Opening
  'open.passive-listen': {
    section: 'RFC 9293 §3.10.1',
    en: {
      title: `Passive open: LISTEN`,
      explanation: `A server's passive OPEN (listen()) creates a TCB in LISTEN and sends nothing: it only waits for a SYN. No initial sequence number is chosen yet, because there is no peer to synchronize with.`,
    },
    zh: {
      title: `被动打开：进入 LISTEN`,
      explanation: `服务器执行被动打开（listen()）后进入 LISTEN 状态，不发送任何报文段，只等待 SYN 到来。此时还没有对端，所以也不会选取初始序列号。`,
    },
  },
  'open.active-syn': {
    section: 'RFC 9293 §3.10.1',
    en: {
      title: `Active open: send SYN, enter SYN-SENT`,
      explanation: `An active OPEN (connect()) sends <SEQ=ISS><CTL=SYN> and enters SYN-SENT, with SND.UNA = ISS and SND.NXT = ISS+1. The ACK bit is off, because nothing has been received from the peer yet.`,
    },
    zh: {
      title: `主动打开：发送 SYN，进入 SYN-SENT`,
      explanation: `主动打开（connect()）发送 <SEQ=ISS><CTL=SYN>，即第一次握手，进入 SYN-SENT，并置 SND.UNA = ISS、SND.NXT = ISS+1。此时还没收到对端的任何报文段，所以 ACK 位不置位。`,
    },
  },
  'open.listen-send-syn': {
    section: 'RFC 9293 §3.10.2',
    en: {
      title: `SEND on a listening socket: become active`,
      explanation: `When the application sends to a named peer while only listening, the RFC turns the passive open into an active one: pick an ISS, send <SEQ=ISS><CTL=SYN> and enter SYN-SENT. The data waits until the connection is ESTABLISHED; this is the LISTEN → SYN-SENT arrow of the state diagram.`,
    },
    zh: {
      title: `在监听套接字上 SEND：转为主动打开`,
      explanation: `只在监听时，应用向指定对端发送数据，RFC 规定把被动打开改为主动打开：选定 ISS，发送 <SEQ=ISS><CTL=SYN> 并进入 SYN-SENT。数据要等连接进入 ESTABLISHED 后再发；这就是状态图中 LISTEN → SYN-SENT 那条箭头。`,
    },
  },
  'open.syn-carries-iss': {
    section: 'RFC 9293 §3.4.1',
    en: {
      title: `The SYN carries a fresh ISN`,
      explanation: `The SYN's sequence number is the initial sequence number (ISN), chosen anew for every connection from a clock-driven counter plus a keyed hash of the connection's addresses (RFC 6528), never a fixed value such as 0. A fresh ISN keeps late segments of an earlier connection on the same four-tuple from being taken as new data, and makes valid sequence numbers hard for an attacker to guess.`,
    },
    zh: {
      title: `SYN 携带新选取的初始序列号`,
      explanation: `SYN 的序列号就是初始序列号（ISN），每条连接都重新选取（由时钟驱动的计数器加上对连接四元组的带密钥哈希，见 RFC 6528），绝不是 0 之类的固定值。这样既能防止同一四元组上旧连接的迟到报文段被误当成新数据，也让攻击者难以猜出有效的序列号。`,
    },
  },
  'open.listen-syn-ack': {
    section: 'RFC 9293 §3.10.7.2',
    en: {
      title: `LISTEN receives a SYN: reply SYN-ACK`,
      explanation: `On a SYN in LISTEN, record IRS = SEG.SEQ and RCV.NXT = SEG.SEQ+1, choose an ISS, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and enter SYN-RECEIVED; the new half-open connection waits in the SYN queue. The acknowledgment number is the client's ISN + 1 because the SYN itself consumes one sequence number.`,
    },
    zh: {
      title: `LISTEN 收到 SYN：回复 SYN-ACK`,
      explanation: `LISTEN 状态收到 SYN 时，记下 IRS = SEG.SEQ、RCV.NXT = SEG.SEQ+1，选取自己的 ISS，发送 <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>（第二次握手）并进入 SYN-RECEIVED，这个半连接放入半连接队列（SYN 队列）。确认号是客户端 ISN + 1，因为 SYN 本身占用一个序列号。`,
    },
  },
  'open.syn-sent-ack-of-syn-ack': {
    section: 'RFC 9293 §3.10.7.3',
    en: {
      title: `SYN-SENT receives the SYN-ACK: send the third ACK`,
      explanation: `When a SYN-ACK acknowledges our SYN (SEG.ACK = ISS+1), set IRS = SEG.SEQ and RCV.NXT = SEG.SEQ+1, enter ESTABLISHED and send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. This third segment is the server's only proof that its own SYN arrived, and it lets the server tell a live request from an old duplicate SYN.`,
    },
    zh: {
      title: `SYN-SENT 收到 SYN-ACK：发送第三次握手的 ACK`,
      explanation: `收到的 SYN-ACK 确认了我方 SYN（SEG.ACK = ISS+1）时，记下 IRS = SEG.SEQ、RCV.NXT = SEG.SEQ+1，进入 ESTABLISHED，并发送 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>，即第三次握手。服务器只有收到这个 ACK 才知道自己的 SYN 已送达，也才能把真实的连接请求和网络中滞留的旧重复 SYN 区分开。`,
    },
  },
  'open.syn-received-established': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `SYN-RECEIVED receives the ACK: ESTABLISHED`,
      explanation: `In SYN-RECEIVED, an ACK with SND.UNA < SEG.ACK ≤ SND.NXT (that is, ISS+1) completes the three-way handshake: enter ESTABLISHED and, on a listener, move the connection from the SYN queue to the accept queue. Both ISNs have now been sent and acknowledged, so both sequence spaces are synchronized.`,
    },
    zh: {
      title: `SYN-RECEIVED 收到 ACK：进入 ESTABLISHED`,
      explanation: `SYN-RECEIVED 状态收到满足 SND.UNA < SEG.ACK ≤ SND.NXT（即确认号为 ISS+1）的 ACK，三次握手完成：进入 ESTABLISHED，监听端把该连接从半连接队列移入全连接队列（accept 队列）。至此双方的 ISN 都已发出并得到确认，两个方向的序列号空间都已同步。`,
    },
  },
  'open.simultaneous-syn': {
    section: 'RFC 9293 §3.10.7.3',
    en: {
      title: `Simultaneous open: a SYN arrives in SYN-SENT`,
      explanation: `A SYN without ACK arriving in SYN-SENT means both sides opened at once: record IRS and RCV.NXT = SEG.SEQ+1, enter SYN-RECEIVED and send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. The SYN-ACK repeats our original ISS rather than choosing a new one, because our SYN has already put ISS on the wire.`,
    },
    zh: {
      title: `同时打开：SYN-SENT 收到对端的 SYN`,
      explanation: `在 SYN-SENT 状态收到不带 ACK 的 SYN，说明双方同时发起了连接：记下 IRS、RCV.NXT = SEG.SEQ+1，进入 SYN-RECEIVED，发送 <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>。这里沿用原来的 ISS，不能另选，因为我方的 SYN 已经用它发出去了。`,
    },
  },
  'open.simultaneous-syn-ack': {
    section: 'RFC 9293 §3.5',
    en: {
      title: `Simultaneous open: the peer's SYN-ACK completes it`,
      explanation: `In a simultaneous open the peer's SYN-ACK both repeats its SYN and acknowledges ours (SEG.ACK = ISS+1), so the connection goes from SYN-RECEIVED straight to ESTABLISHED (RFC 9293 Figure 7). Its SEG.SEQ is the peer's ISN, which RCV.NXT has already passed, so it looks like an old duplicate to §3.10.7.4's sequence check, but what it carries is new: the ACK of our SYN. Two SYNs and two SYN-ACKs synchronize both sides; no separate third-handshake ACK is needed.`,
    },
    zh: {
      title: `同时打开：对端的 SYN-ACK 完成连接`,
      explanation: `同时打开时，对端的 SYN-ACK 既重复了它的 SYN，又确认了我方的 SYN（SEG.ACK = ISS+1），于是连接从 SYN-RECEIVED 直接进入 ESTABLISHED（RFC 9293 图 7）。它的 SEG.SEQ 是对端的 ISN，RCV.NXT 早已越过它，所以在 §3.10.7.4 的序列号检查看来像个旧的重复报文，但它带来的是新东西：对我方 SYN 的确认。两个 SYN 加两个 SYN-ACK 就让双方完成同步，不需要单独的第三次握手 ACK。`,
    },
  },
  'open.simultaneous-extra-ack': {
    section: 'RFC 9293 §3.5',
    en: {
      title: `Simultaneous open: one more ACK or none`,
      explanation: `Whether a bare ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> follows the peer's SYN-ACK in a simultaneous open depends on the stack. Either way it is harmless: the ACK consumes no sequence number, and the peer, already ESTABLISHED, simply absorbs it.`,
    },
    zh: {
      title: `同时打开：是否再补发一个 ACK`,
      explanation: `同时打开时，收到对端 SYN-ACK 后是否再发一个纯 ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>，取决于协议栈实现。两种做法都无害：纯 ACK 不占用序列号，已处于 ESTABLISHED 的对端收下即可。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 Figure 7 shows no extra ACK: each side's SYN-ACK already acknowledges the other's SYN, so nothing more is sent.`,
        zh: `RFC 9293 图 7 中没有这个额外的 ACK：双方各自的 SYN-ACK 已经确认了对方的 SYN，无需再发。`,
      },
      linux: {
        en: `Linux sends one more bare ACK (seq = SND.NXT, ack = RCV.NXT) after the peer's SYN-ACK: that SYN-ACK repeats a SYN already received, and a segment carrying old sequence numbers is answered with an ACK.`,
        zh: `Linux 在收到对端的 SYN-ACK 后会再发一个纯 ACK（seq = SND.NXT，确认号 = RCV.NXT）：这个 SYN-ACK 重复了已收到的 SYN，而对携带旧序列号的报文段要回复 ACK。`,
      },
    },
  },
  'open.simultaneous-syn-ack-seq-check': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Simultaneous open: §3.10.7.4's sequence check, word for word`,
      explanation: `SYN-RECEIVED checks the peer's SYN-ACK like any segment: its SEG.SEQ (the peer's ISN) is below RCV.NXT, so it is not acceptable; answer <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, drop it, and stay SYN-RECEIVED until the peer's own ACK arrives. Figure 7 lets that SYN-ACK complete the connection at once (Linux does); both are right here.`,
    },
    zh: {
      title: `同时打开：逐字执行 §3.10.7.4 的序列号检查`,
      explanation: `SYN-RECEIVED 像检查其他报文段一样检查对端的 SYN-ACK（§3.10.7.4）：它的 SEG.SEQ 是对端的 ISN，低于 RCV.NXT，不可接受；回复 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>，丢弃它，留在 SYN-RECEIVED，直到对端自己的 ACK 到达。图 7 则让这个 SYN-ACK 直接完成连接（Linux 也这样做）；两种读法最后都到 ESTABLISHED，在这里都算对。`,
    },
  },
  'open.syn-data-not-accepted': {
    section: 'RFC 9293 §3.10.7.2',
    en: {
      title: `Data on a SYN is not accepted`,
      explanation: `RFC 9293 lets a SYN carry data only if the receiver holds it until the connection is ESTABLISHED; this engine, like Linux without TCP Fast Open, discards it and acknowledges only the SYN (ack = ISN+1). The sender sees that its data was not acknowledged and sends it again after the handshake, so a spoofed SYN can never make a server buffer data.`,
    },
    zh: {
      title: `SYN 携带的数据不被接收`,
      explanation: `RFC 9293 允许 SYN 携带数据，但接收方必须等连接进入 ESTABLISHED 后才能交付；本引擎与未开启 TCP Fast Open 的 Linux 一样直接丢弃这些数据，只确认 SYN 本身（确认号 = ISN+1）。发送方发现数据没有被确认，会在握手完成后重传，这样伪造的 SYN 就无法让服务器替它缓存数据。`,
    },
  },
  'open.fast-open-syn-data': {
    section: 'RFC 7413 §4.2',
    en: {
      title: `TCP Fast Open: the data on the SYN is taken`,
      explanation: `With TCP Fast Open (RFC 7413) a client holding a valid cookie from an earlier connection puts its first data on the SYN, and the server delivers it to the application at once, before the handshake completes. Its SYN-ACK acknowledges the SYN and the data (ack = ISN + 1 + the data's length), and it stays in SYN-RECEIVED until the handshake's last ACK, as in any passive open. Linux does this only where net.ipv4.tcp_fastopen turns the server side on.`,
    },
    zh: {
      title: `TCP Fast Open：SYN 携带的数据被接收`,
      explanation: `使用 TCP Fast Open（RFC 7413）时，持有之前连接所得有效 cookie 的客户端把第一批数据放在 SYN 上，服务器立即把它交给应用，不必等握手完成。它的 SYN-ACK 同时确认 SYN 和数据（确认号 = ISN + 1 + 数据长度），并且与任何被动打开一样，在收到握手的最后一个 ACK 之前处于 SYN-RECEIVED。Linux 只有在 net.ipv4.tcp_fastopen 打开服务器端时才这样做。`,
    },
  },
  'open.fast-open-data-resent': {
    section: 'RFC 7413 §4.2.2',
    en: {
      title: `TCP Fast Open: data the SYN-ACK did not acknowledge is sent again`,
      explanation: `The server acknowledged only the SYN (ack = ISN + 1): it did not take the data the SYN carried (no cookie, a stale one, or Fast Open off). The client is ESTABLISHED all the same, and sends that data again right after the handshake, as ordinary data from ISN + 1.`,
    },
    zh: {
      title: `TCP Fast Open：SYN-ACK 没有确认的数据要重发`,
      explanation: `服务器只确认了 SYN（确认号 = ISN + 1），没有接收 SYN 携带的数据（没有 cookie、cookie 过期，或没有开启 Fast Open）。客户端照样进入 ESTABLISHED，并在握手之后立刻把这些数据作为普通数据从 ISN + 1 开始重新发送。`,
    },
  },
  'open.listen-rst-ignored': {
    section: 'RFC 9293 §3.10.7.2',
    en: {
      title: `LISTEN ignores a RST`,
      explanation: `A RST arriving at a listening socket is dropped without reply: there is no connection for it to reset, and answering a RST with a RST could start an endless exchange.`,
    },
    zh: {
      title: `LISTEN 忽略 RST`,
      explanation: `监听套接字收到 RST 时直接丢弃、不作回应：这里没有可被复位的连接，而用 RST 回应 RST 可能引起无休止的往返。`,
    },
  },
  'open.listen-ack-reset': {
    section: 'RFC 9293 §3.10.7.2',
    en: {
      title: `LISTEN receives an ACK: reply RST`,
      explanation: `An ACK arriving at a listener belongs to no connection it knows (an old segment, or the third ACK of a handshake the server has forgotten), so it replies <SEQ=SEG.ACK><CTL=RST>. Taking the RST's sequence number from SEG.ACK makes it acceptable to the sender, which then clears its stale connection.`,
    },
    zh: {
      title: `LISTEN 收到 ACK：回复 RST`,
      explanation: `监听端收到 ACK，说明它属于一个本端并不知道的连接（比如旧报文段，或服务器已经遗忘的握手的第三个 ACK），于是回复 <SEQ=SEG.ACK><CTL=RST>。RST 的序列号取自对方的确认号，对方才会接受它，从而清除自己那条失效的连接。`,
    },
  },
  'open.listen-stray-segment': {
    section: 'RFC 9293 §3.10.7.2',
    en: {
      title: `Only a SYN can start a connection`,
      explanation: `In LISTEN, a segment with no SYN, ACK or RST is dropped silently. Before the handshake only a SYN can synchronize sequence numbers, so such a segment carries nothing usable.`,
    },
    zh: {
      title: `只有 SYN 才能发起连接`,
      explanation: `LISTEN 状态下，既无 SYN、也无 ACK 和 RST 的报文段被静默丢弃。握手完成前只有 SYN 能同步序列号，这类报文段没有可用的信息。`,
    },
  },
  'open.syn-sent-stray-segment': {
    section: 'RFC 9293 §3.10.7.3',
    en: {
      title: `SYN-SENT: a segment without SYN or RST is dropped`,
      explanation: `In SYN-SENT, a segment with neither SYN nor RST is dropped and nothing is sent, even when its ACK acknowledges our SYN: the peer's ISN is still unknown, so there is nothing to acknowledge and no reason to leave SYN-SENT. Such an ACK may come from a peer already in SYN-RECEIVED that answers our retransmitted SYN while its own SYN-ACK was lost; our retransmission timer keeps resending the SYN, and the handshake goes on when a SYN-ACK arrives.`,
    },
    zh: {
      title: `SYN-SENT：既无 SYN 也无 RST 的报文段被丢弃`,
      explanation: `SYN-SENT 状态下，既无 SYN 也无 RST 的报文段被丢弃，什么也不发，即使它的 ACK 确认了我们的 SYN：对端的初始序列号还不知道，没有东西可确认，也没有理由离开 SYN-SENT。这样的 ACK 可能来自已处于 SYN-RECEIVED 的对端：它的 SYN-ACK 丢了，它在回应我们重传的 SYN；我们的重传定时器会继续重发 SYN，等 SYN-ACK 到来，握手再继续。`,
    },
  },
  'open.syn-queue-full': {
    section: 'Linux listen() backlog, tcp_syncookies',
    en: {
      title: `SYN queue full: drop the SYN`,
      explanation: `When the half-open (SYN) queue is full of connections in SYN-RECEIVED and SYN cookies are off, a new SYN is dropped without any reply, neither SYN-ACK nor RST. The client's retransmission timer resends the SYN later, when there may be room; filling this queue with spoofed SYNs is the SYN flood attack that SYN cookies defend against.`,
    },
    zh: {
      title: `半连接队列已满：丢弃 SYN`,
      explanation: `半连接队列（SYN 队列）已被处于 SYN-RECEIVED 的连接占满、又没有启用 SYN cookie 时，新来的 SYN 被直接丢弃，既不回 SYN-ACK 也不回 RST。客户端会超时重传 SYN，稍后可能就有空位；用伪造的 SYN 塞满这个队列就是 SYN 洪泛攻击，SYN cookie 正是为抵御它而设计的。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 has no SYN queue and no SYN cookies; this profile bounds the half-open entries (synBacklog, as Linux bounds them by the listen backlog) and drops the SYN when they are all taken.`,
        zh: `RFC 9293 没有规定半连接队列，也没有 SYN cookie；该配置给半连接条目设上限（synBacklog，如同 Linux 用 listen 的 backlog 限定它们），占满后丢弃新的 SYN。`,
      },
      linux: {
        en: `Linux 6.18 bounds the SYN queue by the listen backlog (the value given to listen(), capped by net.core.somaxconn), not by net.ipv4.tcp_max_syn_backlog: it counts the queue full at backlog + 1 entries, and with net.ipv4.tcp_syncookies = 1 (the default) it does not drop the SYN: it answers with a SYN cookie and keeps no state. tcp_max_syn_backlog matters only with SYN cookies off: then, once the queue holds more than three quarters of it, SYNs from peers not yet known to be alive are dropped.`,
        zh: `Linux 6.18 用 listen 的 backlog（listen() 传入的值，上限为 net.core.somaxconn）限定半连接队列，而不是 net.ipv4.tcp_max_syn_backlog：半连接条目达到 backlog + 1 时认为队列已满；在默认的 net.ipv4.tcp_syncookies = 1 下它并不丢弃 SYN，而是用 SYN cookie 应答，且不保存任何状态。tcp_max_syn_backlog 只在关闭 SYN cookie 时起作用：队列中的条目超过它的四分之三后，来自尚未确认存活的对端的 SYN 会被丢弃。`,
      },
    },
  },
  'open.accept-queue-full': {
    section: 'Linux listen() backlog, tcp_abort_on_overflow',
    en: {
      title: `Accept queue full: the handshake's last ACK is dropped`,
      explanation: `When the accept queue is full, Linux drops a new SYN and also the final ACK of a handshake (tcp_abort_on_overflow = 0), so that connection stays in SYN-RECEIVED while the client, which got the SYN-ACK, is already ESTABLISHED. The server's SYN-ACK timer keeps resending the SYN-ACK (1 s, then 2 s, 4 s...), the client acknowledges each copy, and the ACK that arrives after accept() has made room completes the handshake.`,
    },
    zh: {
      title: `全连接队列已满：握手的最后一个 ACK 被丢弃`,
      explanation: `全连接队列（accept 队列）已满时，Linux 丢弃新的 SYN，也丢弃握手的第三个 ACK（tcp_abort_on_overflow = 0），于是该连接停留在 SYN-RECEIVED，而收到了 SYN-ACK 的客户端已经进入 ESTABLISHED。服务器的 SYN-ACK 定时器不断重发 SYN-ACK（1 秒、2 秒、4 秒……），客户端对每一份都回 ACK，等应用 accept() 腾出位置后到达的那个 ACK 才完成握手。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 has no accept queue and no listen backlog: the final ACK always completes the handshake, and established connections wait for the application however many there are.`,
        zh: `RFC 9293 没有全连接队列，也没有 listen backlog：第三个 ACK 总能完成握手，已建立的连接不论多少都等着应用来取。`,
      },
      linux: {
        en: `Linux counts the accept queue full at listen backlog + 1 connections (sk_acceptq_is_full: more than the backlog), drops the ACK silently and counts it in ListenOverflows; with tcp_abort_on_overflow = 1 it would answer with a RST instead.`,
        zh: `Linux 在全连接队列达到 listen backlog + 1 个连接时认为已满（sk_acceptq_is_full：超过 backlog），悄悄丢弃这个 ACK 并计入 ListenOverflows；若 tcp_abort_on_overflow = 1，则改为回复 RST。`,
      },
    },
  },
  'open.syn-cookie': {
    section: 'RFC 4987 §3.6',
    en: {
      title: `SYN queue full: answer with a SYN cookie`,
      explanation: `With SYN cookies on, a SYN that finds the SYN queue full is still answered with a SYN-ACK, but the server keeps no state: the ISN of that SYN-ACK is a cookie computed from the connection's addresses and ports and the client's ISN with a secret key. The listener stays in LISTEN for this client and never retransmits this SYN-ACK, because nothing remembers it; a SYN flood can no longer crowd real clients out.`,
    },
    zh: {
      title: `半连接队列已满：用 SYN cookie 应答`,
      explanation: `启用 SYN cookie 时，遇到半连接队列已满的 SYN 仍会得到 SYN-ACK，但服务器不保存任何状态：这个 SYN-ACK 的 ISN 就是 cookie，由连接的地址、端口和客户端 ISN 加上密钥算出。监听端对这个客户端仍处于 LISTEN，也不会重传这个 SYN-ACK，因为没有任何状态记着它；这样 SYN 洪泛就挤不掉真正的客户端了。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 does not specify SYN cookies (RFC 4987 describes them); this profile has none and drops the SYN instead.`,
        zh: `RFC 9293 没有规定 SYN cookie（RFC 4987 对其有描述）；该配置不使用 SYN cookie，而是丢弃这个 SYN。`,
      },
      linux: {
        en: `Linux sends a cookie when net.ipv4.tcp_syncookies = 1 (the default) and the SYN queue holds more than the listen backlog; a full accept queue still drops the SYN.`,
        zh: `Linux 在 net.ipv4.tcp_syncookies = 1（默认值）且半连接队列超过 listen backlog 时发送 cookie；全连接队列已满时 SYN 仍会被丢弃。`,
      },
    },
  },
  'open.syn-cookie-ack': {
    section: 'RFC 4987 §3.6',
    en: {
      title: `An ACK carrying a SYN cookie creates the connection`,
      explanation: `An ACK at the listener whose SEG.ACK − 1 is a cookie the listener issued for this client (with SEG.SEQ − 1 as the client's ISN) stands in for the SYN-RECEIVED state that was never kept: the connection is created and enters ESTABLISHED at once, in the accept queue. If the accept queue is full the ACK is dropped and, with no state kept, no SYN-ACK will ever be retransmitted.`,
    },
    zh: {
      title: `携带 SYN cookie 的 ACK 建立连接`,
      explanation: `监听端收到的 ACK 若满足 SEG.ACK − 1 正是它为这个客户端发出的 cookie（以 SEG.SEQ − 1 作为客户端 ISN 计算），它就代替了当初没有保存的 SYN-RECEIVED 状态：连接被创建并立即进入 ESTABLISHED，放入全连接队列。若全连接队列已满，这个 ACK 被丢弃，而且由于没有保存状态，SYN-ACK 也永远不会重传。`,
    },
    profiles: {
      rfc9293: {
        en: `This profile sends no SYN cookies, so an ACK at the listener always belongs to no connection and is answered with a RST.`,
        zh: `该配置不发送 SYN cookie，所以到达监听端的 ACK 一律不属于任何连接，回复 RST。`,
      },
      linux: {
        en: `Linux checks the cookie (cookie_v4_check) only within about 2 minutes of the last SYN queue overflow; otherwise the ACK is answered with a RST.`,
        zh: `Linux 只在最近一次半连接队列溢出后约 2 分钟内校验 cookie（cookie_v4_check）；超过这段时间，这样的 ACK 会收到 RST。`,
      },
    },
  },
  'open.accept': {
    section: 'Linux accept(2)',
    en: {
      title: `accept() takes an established connection`,
      explanation: `accept() removes one ESTABLISHED connection from the accept queue and hands it to the application; it sends no segment. The kernel finishes the three-way handshake before accept() is called, so a client can be ESTABLISHED, and even send data, while the server application has not accepted it yet.`,
    },
    zh: {
      title: `accept() 取出已建立的连接`,
      explanation: `accept() 从全连接队列取出一条处于 ESTABLISHED 的连接交给应用，本身不发送任何报文段。三次握手在 accept() 之前就由内核完成了，所以服务器应用尚未 accept 时，客户端可能早已进入 ESTABLISHED，甚至已经发出数据。`,
    },
  },
  'open.refused-rst': {
    section: 'RFC 9293 §3.10.7.1',
    en: {
      title: `Connection refused: a RST answers the SYN`,
      explanation: `A SYN to a port with no listener finds no connection (state CLOSED) and is answered with <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>: the SYN carried no ACK, so the RST takes sequence number zero, and it acknowledges the SYN (ack = the SYN's seq + 1 when the SYN carries no data). Those numbers make the RST acceptable to the client in SYN-SENT, which learns at once that the connection is refused. No TCB is created for it on this side.`,
    },
    zh: {
      title: `连接被拒绝：用 RST 回应 SYN`,
      explanation: `发往无人监听端口的 SYN 找不到连接（CLOSED 状态），会收到 <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>：SYN 不带 ACK，所以 RST 的序列号取 0，并确认这个 SYN（SYN 不带数据时，确认号 = SYN 的 seq + 1）。这样取值能让处于 SYN-SENT 的客户端接受这个 RST，立即得知连接被拒绝。本端不会为它建立 TCB。`,
    },
  },
  'open.syn-sent-rst-refused': {
    section: 'RFC 9293 §3.10.7.3',
    en: {
      title: `RST in SYN-SENT: connection refused`,
      explanation: `In SYN-SENT a RST counts only if its ACK acknowledges our SYN (SND.UNA < SEG.ACK ≤ SND.NXT, that is ISS+1); then the peer has refused the connection: delete the TCB, enter CLOSED, send nothing (a RST is never answered) and stop retransmitting the SYN. RFC 9293 §3.10.7.3 words the signal to the application "error: connection reset"; the sockets API, Linux's included, reports it as "connection refused" (ECONNREFUSED).`,
    },
    zh: {
      title: `SYN-SENT 收到 RST：连接被拒绝`,
      explanation: `在 SYN-SENT 状态，只有确认了我方 SYN 的 RST 才算数（SND.UNA < SEG.ACK ≤ SND.NXT，即 ISS+1）；这说明对端拒绝了连接：删除 TCB，进入 CLOSED，什么也不发（RST 从不被回应），也不再重传 SYN。RFC 9293 §3.10.7.3 把给应用的通知写作“error: connection reset”（连接被重置）；套接字 API（包括 Linux）报告为“连接被拒绝”（ECONNREFUSED）。`,
    },
  },
  'open.syn-sent-bad-ack-reset': {
    section: 'RFC 9293 §3.10.7.3',
    en: {
      title: `SYN-SENT receives a wrong ACK: reply RST`,
      explanation: `In SYN-SENT, an ACK with SEG.ACK ≤ ISS or SEG.ACK > SND.NXT does not acknowledge our SYN and belongs to some old connection: reply <SEQ=SEG.ACK><CTL=RST> (unless it is itself a RST) and stay in SYN-SENT. This clears an old duplicate SYN-ACK without disturbing the new handshake.`,
    },
    zh: {
      title: `SYN-SENT 收到错误的 ACK：回复 RST`,
      explanation: `SYN-SENT 状态收到的 ACK 若 SEG.ACK ≤ ISS 或 SEG.ACK > SND.NXT，说明它确认的不是我方的 SYN，而是属于某个旧连接：回复 <SEQ=SEG.ACK><CTL=RST>（它本身是 RST 时则不回），自己仍留在 SYN-SENT。旧的重复 SYN-ACK 就这样被清除，不会干扰新的握手。`,
    },
  },
  'open.syn-received-bad-ack-reset': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `SYN-RECEIVED receives a wrong ACK: reply RST`,
      explanation: `In SYN-RECEIVED, an ACK outside SND.UNA < SEG.ACK ≤ SND.NXT does not acknowledge our SYN-ACK: reply <SEQ=SEG.ACK><CTL=RST> and keep waiting for the right ACK. The sender of that stale ACK learns that its connection does not exist here.`,
    },
    zh: {
      title: `SYN-RECEIVED 收到错误的 ACK：回复 RST`,
      explanation: `SYN-RECEIVED 状态收到的 ACK 不满足 SND.UNA < SEG.ACK ≤ SND.NXT，说明它没有确认我方的 SYN-ACK：回复 <SEQ=SEG.ACK><CTL=RST>，继续等待正确的 ACK。发出这个过时 ACK 的一方由此得知，它以为存在的连接在这里并不存在。`,
    },
  },
  'open.syn-received-rst-back-to-listen': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `RST in SYN-RECEIVED (passive open): back to LISTEN`,
      explanation: `A valid RST (SEG.SEQ = RCV.NXT) on a connection that came from LISTEN removes that half-open connection from the SYN queue; the listener stays in LISTEN and the application is not told. The usual cause is a client rejecting a SYN-ACK it never asked for, such as one answering an old duplicate SYN.`,
    },
    zh: {
      title: `被动打开的 SYN-RECEIVED 收到 RST：回到 LISTEN`,
      explanation: `由 LISTEN 派生出的半连接收到合法 RST（SEG.SEQ = RCV.NXT），就把它从半连接队列中删除，监听套接字仍处于 LISTEN，也不必通知应用。常见原因是客户端拒绝了一个它从未请求过的 SYN-ACK，例如回应旧重复 SYN 的那个。`,
    },
  },
  'open.syn-received-rst-refused': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `RST in SYN-RECEIVED (active open): connection refused`,
      explanation: `If the connection reached SYN-RECEIVED from an active open (a simultaneous open), a valid RST means the peer refused it: delete the TCB, enter CLOSED and report "connection refused" to the application.`,
    },
    zh: {
      title: `主动打开的 SYN-RECEIVED 收到 RST：连接被拒绝`,
      explanation: `如果连接是经主动打开（同时打开）进入 SYN-RECEIVED 的，收到合法 RST 就表示对端拒绝了连接：删除 TCB，进入 CLOSED，并向应用报告“连接被拒绝”。`,
    },
  },
  'open.syn-received-dup-syn': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `SYN-RECEIVED receives the same SYN again`,
      explanation: `A retransmitted SYN (SEG.SEQ = IRS) in SYN-RECEIVED means the client has not seen our SYN-ACK, which may have been lost; the connection stays in SYN-RECEIVED and no second connection is created. Its sequence number is already acknowledged (RCV.NXT = IRS+1), so it is not a new request.`,
    },
    zh: {
      title: `SYN-RECEIVED 再次收到同一个 SYN`,
      explanation: `SYN-RECEIVED 状态收到重传的 SYN（SEG.SEQ = IRS），说明客户端还没看到我方的 SYN-ACK，它可能丢了；连接仍留在 SYN-RECEIVED，也不会再建第二个连接。这个 SYN 的序列号已经被确认过（RCV.NXT = IRS+1），它不是新的连接请求。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293's first check treats the repeated SYN as an old, unacceptable segment and answers with a bare ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, that is seq = ISS+1 and ack = IRS+1; the SYN-ACK itself is resent only when the retransmission timer expires.`,
        zh: `RFC 9293 的第一步检查把重复的 SYN 当作不可接受的旧报文段，回复纯 ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>，即 seq = ISS+1、确认号 = IRS+1；SYN-ACK 本身只在重传定时器超时时才重发。`,
      },
      linux: {
        en: `Linux answers the repeated SYN by sending the SYN-ACK again at once (<SEQ=ISS><ACK=IRS+1><CTL=SYN,ACK>), since the likely cause is a lost SYN-ACK that the client needs to finish the handshake.`,
        zh: `Linux 收到重复的 SYN 会立即重发 SYN-ACK（<SEQ=ISS><ACK=IRS+1><CTL=SYN,ACK>），因为最可能的原因是 SYN-ACK 丢失了，而客户端需要它才能完成握手。`,
      },
    },
  },
  'open.old-duplicate-syn': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Old duplicate SYN: back to LISTEN`,
      explanation: `In SYN-RECEIVED from a passive open, an in-window SYN with a different sequence number shows that the half-open connection was started by an old duplicate: drop it and let the listener return to LISTEN. RFC 9293 §3.5 gives this as the main reason for the three-way handshake: each side must see its own ISN acknowledged before data flows, so a stale SYN cannot open a connection.`,
    },
    zh: {
      title: `旧的重复 SYN：回到 LISTEN`,
      explanation: `由被动打开进入 SYN-RECEIVED 的连接，若收到窗口内、序列号不同的 SYN，说明这个半连接是由旧的重复 SYN 建起来的：删除它，监听端回到 LISTEN。RFC 9293 §3.5 指出，三次握手的首要目的正是防止旧的重复连接请求造成混乱：双方都要看到自己的 ISN 被确认后才开始传数据，过时的 SYN 就无法建立连接。`,
    },
  },
  'open.old-duplicate-syn-reset': {
    section: 'Linux tcp_check_req',
    en: {
      title: `Linux: an in-window SYN in SYN-RECEIVED is answered with RST`,
      explanation: `Linux drops a half-open connection that an in-window SYN shows to be a false start, as RFC 9293 does, and also answers that SYN with a reset built from it alone: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (or <SEQ=SEG.ACK><CTL=RST> if it carries an ACK). The listener stays in LISTEN.`,
    },
    zh: {
      title: `Linux：SYN-RECEIVED 收到窗口内的 SYN，回以 RST`,
      explanation: `窗口内的 SYN 表明这个半连接是一次错误的开始，Linux 与 RFC 9293 一样删除它，还会仅凭这个 SYN 构造一个复位来回答它：<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>（若它带有 ACK，则为 <SEQ=SEG.ACK><CTL=RST>）。监听端仍在 LISTEN。`,
    },
  },

  // ---------------------------------------------------------------- Closed port
  'closed.reset-reply': {
    section: 'RFC 9293 §3.10.7.1',
    en: {
      title: `No connection: reply RST`,
      explanation: `A segment (other than a RST) for a connection that does not exist is answered with a RST: <SEQ=SEG.ACK><CTL=RST> if it carried an ACK, otherwise <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. These numbers make the RST acceptable to the sender, which learns that the connection is gone.`,
    },
    zh: {
      title: `连接不存在：回复 RST`,
      explanation: `发往不存在连接的报文段（RST 除外）一律回复 RST：若它带 ACK，回 <SEQ=SEG.ACK><CTL=RST>；否则回 <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>。这样取值能让对方接受这个 RST，从而得知连接已不存在。`,
    },
  },
  'closed.rst-ignored': {
    section: 'RFC 9293 §3.10.7.1',
    en: {
      title: `A RST is never answered`,
      explanation: `A RST that matches no connection, or one that does not acknowledge our SYN in SYN-SENT, is discarded without reply. Answering a RST with a RST could make two hosts bounce resets forever.`,
    },
    zh: {
      title: `RST 永远不被回应`,
      explanation: `找不到对应连接的 RST，或在 SYN-SENT 状态下没有确认我方 SYN 的 RST，一律丢弃、不作回应。如果用 RST 回应 RST，两台主机可能无休止地互发复位。`,
    },
  },

  // ---------------------------------------------------------------- Sequence numbers
  'seq.unacceptable-ack': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Unacceptable segment: reply with an ACK`,
      explanation: `A segment whose sequence numbers fall outside the receive window (RCV.NXT to RCV.NXT+RCV.WND), such as an old duplicate, is dropped and answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, unless it is a RST. The ACK tells the peer exactly which byte we expect next, which resynchronizes a confused sender.`,
    },
    zh: {
      title: `不可接受的报文段：回复 ACK`,
      explanation: `序列号落在接收窗口（RCV.NXT 到 RCV.NXT+RCV.WND）之外的报文段，例如旧的重复报文段，会被丢弃，并回复 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>（RST 除外）。这个 ACK 明确告诉对端我方期望的下一个字节，帮助对端重新同步。`,
    },
  },
  'seq.segment-seq-is-snd-nxt': {
    section: 'RFC 9293 §3.3.1',
    en: {
      title: `A new segment's seq is SND.NXT`,
      explanation: `Every new segment we send carries seq = SND.NXT, the next sequence number not yet used; afterwards SND.NXT advances by SEG.LEN (the data bytes, plus one for a SYN and one for a FIN). A bare ACK also carries seq = SND.NXT but does not advance it; only a retransmission reuses an older number.`,
    },
    zh: {
      title: `新报文段的序列号是 SND.NXT`,
      explanation: `我方发送的每个新报文段都使用 seq = SND.NXT，即下一个尚未使用的序列号；发出后 SND.NXT 增加 SEG.LEN（数据字节数，SYN 或 FIN 各再加 1）。纯 ACK 同样使用 seq = SND.NXT，但不推进它；只有重传才会再次使用旧的序列号。`,
    },
  },
  'seq.ack-is-rcv-nxt': {
    section: 'RFC 9293 §3.3.1',
    en: {
      title: `The acknowledgment number is RCV.NXT`,
      explanation: `Whenever the ACK bit is set, the acknowledgment number is RCV.NXT: the next sequence number we expect, meaning every byte before it has arrived. Acknowledgments are cumulative, so ack = the peer's seq + SEG.LEN of the last in-order segment, never a copy of the peer's sequence number.`,
    },
    zh: {
      title: `确认号是 RCV.NXT`,
      explanation: `只要 ACK 位置位，确认号就等于 RCV.NXT，即期望收到的下一个序列号，表示它之前的所有字节都已收到。确认是累积的：确认号 = 最近一个按序到达报文段的 seq + SEG.LEN，而不是照抄对方的序列号。`,
    },
  },
  'seq.syn-consumes-one': {
    section: 'RFC 9293 §3.4',
    en: {
      title: `A SYN consumes one sequence number`,
      explanation: `A SYN occupies one sequence number, the ISN itself, so it is acknowledged with ack = ISN+1 and the first data byte carries seq = ISN+1. Because it consumes a sequence number, a SYN can be acknowledged and retransmitted reliably, like data.`,
    },
    zh: {
      title: `SYN 占用一个序列号`,
      explanation: `SYN 占用一个序列号（就是 ISN 本身），因此对它的确认号是 ISN+1，第一个数据字节的 seq 也是 ISN+1。正因为占用序列号，SYN 才能像数据一样被确认、被可靠地重传。`,
    },
  },
  'seq.fin-consumes-one': {
    section: 'RFC 9293 §3.4',
    en: {
      title: `A FIN consumes one sequence number`,
      explanation: `A FIN occupies one sequence number after the last data byte, so it is acknowledged with ack = the FIN's seq + 1. That lets the FIN be acknowledged and retransmitted reliably; a pure ACK consumes none, which is why ACKs themselves are never acknowledged.`,
    },
    zh: {
      title: `FIN 占用一个序列号`,
      explanation: `FIN 在最后一个数据字节之后占用一个序列号，所以对它的确认号是 FIN 的 seq + 1。这样 FIN 就能被可靠地确认和重传；纯 ACK 不占用序列号，所以 ACK 本身从不需要被确认。`,
    },
  },
  'seq.wrap-around': {
    section: 'RFC 9293 §3.4',
    en: {
      title: `Sequence numbers wrap around modulo 2^32`,
      explanation: `Sequence numbers are 32 bits wide and wrap: after 4294967295 comes 0, so every comparison is made modulo 2^32 (a comes before b when (b - a) mod 2^32 is below 2^31). A segment whose seq is just below 2^32 may be followed, in order, by one whose seq is a small number.`,
    },
    zh: {
      title: `序列号按模 2^32 回绕`,
      explanation: `序列号是 32 位的，会回绕：4294967295 之后是 0，因此所有比较都按模 2^32 进行（若 (b - a) mod 2^32 小于 2^31，则 a 在 b 之前）。seq 接近 2^32 的报文段后面紧跟一个 seq 很小的报文段，这仍然是按序的。`,
    },
  },

  // ---------------------------------------------------------------- Resets and security checks
  'rst.exact-resets': {
    section: 'RFC 5961 §3.2',
    en: {
      title: `Only a RST with seq = RCV.NXT resets`,
      explanation: `A RST resets the connection only if its sequence number is exactly RCV.NXT. Requiring an exact match rather than anywhere in the window means a blind attacker must hit one value out of 2^32 instead of any value in a window-sized range.`,
    },
    zh: {
      title: `只有 seq = RCV.NXT 的 RST 才能复位`,
      explanation: `只有序列号恰好等于 RCV.NXT 的 RST 才会复位连接。要求精确匹配而不是“落在窗口内即可”，盲攻击者就必须从 2^32 个值中猜中唯一一个，而不是只要落进窗口范围。`,
    },
  },
  'rst.in-window-challenge-ack': {
    section: 'RFC 5961 §3.2',
    en: {
      title: `In-window RST: send a challenge ACK`,
      explanation: `A RST whose seq is inside the receive window but not exactly RCV.NXT does not reset the connection; instead send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. A genuine peer that really lost the connection answers with a RST carrying seq = RCV.NXT, while a blind attacker never sees the ACK.`,
    },
    zh: {
      title: `窗口内的 RST：发送挑战 ACK`,
      explanation: `序列号在接收窗口内、但不等于 RCV.NXT 的 RST 不会复位连接，而是回复挑战 ACK（challenge ACK）<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>。真正丢失了连接的对端会据此回一个 seq = RCV.NXT 的 RST，而看不到这个 ACK 的盲攻击者无从得逞。`,
    },
  },
  'rst.out-of-window-ignored': {
    section: 'RFC 5961 §3.2',
    en: {
      title: `Out-of-window RST: drop it silently`,
      explanation: `A RST whose seq is outside the receive window (or, in SYN-SENT, one that does not acknowledge our SYN) is dropped silently, with no reply. It is most likely old or forged, and answering it would only give an attacker feedback or start an exchange of resets.`,
    },
    zh: {
      title: `窗口外的 RST：静默丢弃`,
      explanation: `序列号在接收窗口之外的 RST（或在 SYN-SENT 状态下没有确认我方 SYN 的 RST）被静默丢弃，不作任何回应。它多半是旧的或伪造的，回应只会给攻击者提供反馈，或引发来回复位。`,
    },
  },
  'rst.time-wait-rfc1337': {
    section: 'RFC 1337 §3',
    en: {
      title: `RFC 1337 option on: a RST in TIME-WAIT is ignored`,
      explanation: `With the RFC 1337 option on, a RST arriving in TIME-WAIT is dropped and TIME-WAIT runs its full 2×MSL. TIME-WAIT exists partly to let old duplicates of this connection die out; if a stray RST ended it early (TIME-WAIT assassination), those duplicates could corrupt the next connection on the same four-tuple.`,
    },
    zh: {
      title: `开启 RFC 1337 选项：TIME-WAIT 忽略 RST`,
      explanation: `开启 RFC 1337 选项后，TIME-WAIT 状态收到的 RST 会被丢弃，TIME-WAIT 照常持续满 2×MSL。TIME-WAIT 的作用之一是让本连接的旧重复报文段在网络中消亡；若被游离的 RST 提前终止（即“TIME-WAIT 暗杀”），这些旧报文段就可能扰乱同一四元组上的下一条连接。`,
    },
    setting: {
      name: 'rfc1337 (Linux net.ipv4.tcp_rfc1337)',
      en: `RFC 1337 is Informational and its fix F1 is an option, off in both profiles (Linux's default tcp_rfc1337 = 0). Where a round turns it on, the judge accepts either answer to that RST: staying in TIME-WAIT (RFC 1337) or closing (RFC 9293 §3.10.7.4).`,
      zh: `RFC 1337 只是信息性文档，其修正方案 F1 是一个可选项，两种配置默认都关闭（Linux 默认 tcp_rfc1337 = 0）。某一局若开启了它，评判对这个 RST 的两种回答都接受：留在 TIME-WAIT（RFC 1337），或关闭连接（RFC 9293 §3.10.7.4）。`,
    },
  },
  'rst.time-wait-assassination': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `A RST in TIME-WAIT closes the connection`,
      explanation: `RFC 9293's second check reads "CLOSING STATE, LAST-ACK STATE, TIME-WAIT STATE: If the RST bit is set, then enter the CLOSED state, delete the TCB, and return", so a valid RST (seq = RCV.NXT) ends TIME-WAIT before 2×MSL has passed. RFC 1337 calls this TIME-WAIT assassination: old duplicates of the connection may still be in the network when the four-tuple is reused, which is why RFC 1337 offers an option to ignore such a RST.`,
    },
    zh: {
      title: `TIME-WAIT 收到 RST：关闭连接`,
      explanation: `RFC 9293 的第二步检查写道：“CLOSING、LAST-ACK、TIME-WAIT 状态：若 RST 位置位，则进入 CLOSED 状态，删除 TCB 并返回”，因此合法的 RST（seq = RCV.NXT）会在 2×MSL 到期之前结束 TIME-WAIT。RFC 1337 称之为“TIME-WAIT 暗杀”：四元组被复用时，网络中可能还残留着本连接的旧重复报文段，所以 RFC 1337 提供了一个忽略这种 RST 的选项。`,
    },
    setting: {
      name: 'rfc1337 (Linux net.ipv4.tcp_rfc1337)',
      en: `Both profiles close here: RFC 9293 says so, and Linux's default is tcp_rfc1337 = 0. Only with the RFC 1337 option on is the RST ignored instead.`,
      zh: `两种配置在这里都会关闭连接：RFC 9293 如此规定，Linux 默认 tcp_rfc1337 = 0。只有开启 RFC 1337 选项时，这个 RST 才会被忽略。`,
    },
  },
  'syn.synchronized-challenge-ack': {
    section: 'RFC 5961 §4.2',
    en: {
      title: `SYN on a synchronized connection: challenge ACK`,
      explanation: `A SYN arriving in a synchronized state (ESTABLISHED through TIME-WAIT) never resets the connection, whatever its sequence number: reply with a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it. If the peer really restarted, it answers that ACK with a RST carrying the exact sequence number; a blind attacker cannot.`,
    },
    zh: {
      title: `已同步的连接收到 SYN：挑战 ACK`,
      explanation: `在已同步状态（从 ESTABLISHED 到 TIME-WAIT）收到 SYN，无论其序列号如何都不会复位连接，而是回复挑战 ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> 并丢弃该 SYN。如果对端确实重启过，它会用序列号精确的 RST 回应这个 ACK，而盲攻击者做不到。`,
    },
  },
  'ack.challenge-throttled': {
    section: 'RFC 5961 §7',
    en: {
      title: `Challenge ACKs are rate-limited`,
      explanation: `A challenge ACK (the answer to an inexact RST, a SYN, or an ACK of data never sent, RFC 5961 §5.2) went out on this connection less than 500 ms ago, so this one is held back and the segment is simply dropped. Throttling stops a peer that keeps answering them from turning the two hosts into an endless ping-pong. Sending the ACK anyway is also right: RFC 5961 asks for throttling with a SHOULD.`
    },
    zh: {
      title: `挑战 ACK 需要限速`,
      explanation: `这条连接在 500 毫秒内刚发过一个挑战 ACK（用来回应不精确的 RST、SYN，或确认了从未发送数据的 ACK，RFC 5961 §5.2），所以这次不再回复，直接丢弃该报文段。限速可以防止对端不断回应，使双方陷入无休止的来回。照样回复 ACK 也算正确：RFC 5961 对限速用的是 SHOULD。`
    },
  },
  'ack.out-of-window-rate-limited': {
    section: 'Linux tcp_invalid_ratelimit (RFC 9293 §3.10.7.4)',
    en: {
      title: `Duplicate ACKs for unacceptable segments are rate-limited`,
      explanation: `RFC 9293 §3.10.7.4 says an unacceptable segment "should" be answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, but when two hosts no longer agree on the sequence numbers, each such ACK is unacceptable to the other, which answers it with another: an ACK loop. So Linux sends at most one of these duplicate ACKs per 500 ms on a connection, challenge ACKs included, and in SYN-RECEIVED the SYN-ACK it resends for a repeated SYN (net.ipv4.tcp_invalid_ratelimit); a segment without data or FIN that arrives sooner is dropped with no reply. Sending the RFC's ACK is right too.`,
    },
    zh: {
      title: `对不可接受报文段的重复 ACK 要限速`,
      explanation: `RFC 9293 §3.10.7.4 说，对不可接受的报文段“应当”回复 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>；但当两台主机对序列号的认识不再一致时，这样的每个 ACK 对另一方也不可接受，对方又回一个 ACK，形成 ACK 循环。所以 Linux 在一条连接上每 500 毫秒最多发送一个这样的重复 ACK，挑战 ACK 以及 SYN-RECEIVED 状态下为重复 SYN 重发的 SYN-ACK 也计算在内（net.ipv4.tcp_invalid_ratelimit），在此之前到达、不带数据也不带 FIN 的报文段被直接丢弃，不作回复。按 RFC 回复 ACK 也算正确。`,
    },
  },
  'ack.missing-ack-dropped': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `No ACK bit: drop the segment`,
      explanation: `Once a connection is past LISTEN and SYN-SENT, every valid segment has the ACK bit set; a segment without it (and without RST or SYN) is dropped silently. Only the SYN that opens a connection (each side's, in a simultaneous open) is sent without an ACK.`,
    },
    zh: {
      title: `未置 ACK 位：丢弃报文段`,
      explanation: `连接一旦越过 LISTEN 和 SYN-SENT，所有合法报文段都会置 ACK 位；不带 ACK（也不带 RST、SYN）的报文段被静默丢弃。整条连接中只有发起连接的 SYN（同时打开时双方各一个）不带 ACK。`,
    },
  },
  'ack.future-ack': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `ACK of data never sent: reply with an ACK`,
      explanation: `If SEG.ACK > SND.NXT, the peer acknowledges bytes we never sent: drop the segment and reply <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. The reply shows our real position, so a confused or forged sender is corrected rather than believed. RFC 5961 §5.2 makes this reply a challenge ACK, rate-limited like the others (Linux: at most one per 500 ms per connection).`,
    },
    zh: {
      title: `确认了尚未发送的数据：回复 ACK`,
      explanation: `若 SEG.ACK > SND.NXT，说明对方确认了我方根本没发过的字节：丢弃该报文段，并回复 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>。这个回复表明我方的真实位置，混乱或伪造的发送方会被纠正，而不会被采信。RFC 5961 §5.2 把这个回复算作挑战 ACK，与其他挑战 ACK 一样限速（Linux：每条连接每 500 毫秒最多一个）。`,
    },
  },
  'ack.duplicate-ignored': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Old ACK: ignore it`,
      explanation: `An ACK with SEG.ACK ≤ SND.UNA acknowledges nothing new, so it changes nothing and gets no reply. Acknowledgments are cumulative, so the newer ACK we already processed said everything this one says.`,
    },
    zh: {
      title: `旧的 ACK：忽略`,
      explanation: `SEG.ACK ≤ SND.UNA 的 ACK 没有确认任何新数据，不改变状态，也不需要回复。确认是累积的，之前处理过的更新的 ACK 已经包含了它的全部含义。`,
    },
  },

  // ---------------------------------------------------------------- Data
  'data.send': {
    section: 'RFC 9293 §3.10.2',
    en: {
      title: `Send data: seq = SND.NXT, ACK on`,
      explanation: `Data goes out in segments of at most MSS bytes, each with seq = SND.NXT, the ACK bit set and ack = RCV.NXT; SND.NXT then advances by the number of bytes sent. Each segment stays in the retransmission queue, watched by the retransmission timer, until an ACK covers it.`,
    },
    zh: {
      title: `发送数据：seq = SND.NXT，置 ACK 位`,
      explanation: `数据按不超过 MSS 的大小分段发出，每段 seq = SND.NXT、置 ACK 位且确认号 = RCV.NXT；发出后 SND.NXT 增加相应的字节数。每个报文段都留在重传队列中、由重传定时器看管，直到被 ACK 覆盖。`,
    },
  },
  'data.send-state-stays': {
    section: 'RFC 9293 §3.10.2',
    en: {
      title: `send() does not change the state`,
      explanation: `A SEND in ESTABLISHED or CLOSE-WAIT only segmentizes the data and sends it (seq = SND.NXT, ack = RCV.NXT): RFC 9293 names no change of state. Waiting for its ACK is no state, and CLOSE-WAIT may still send: the peer's FIN closed only the peer's direction. Only close(), the peer's FIN, or the connection's end (RST, abort(), retransmission timeout) change these states.`,
    },
    zh: {
      title: `send() 不会改变状态`,
      explanation: `在 ESTABLISHED 或 CLOSE-WAIT 中执行 SEND，只是把数据分段发出（seq = SND.NXT，确认号 = RCV.NXT）；RFC 9293 没有规定状态变化。等待 ACK 不是一个状态，CLOSE-WAIT 也仍可发送：对端的 FIN 只关闭了从对端到本端的方向。只有 close()、对端的 FIN 或连接终止（RST、abort()、重传超时）才会改变这些状态。`,
    },
  },

  'data.piggyback-third-segment': {
    section: 'RFC 9293 §3.10.7.3',
    en: {
      title: `Data may ride on the third handshake segment`,
      explanation: `The client becomes ESTABLISHED as soon as it receives the SYN-ACK, so the third segment of the handshake may already carry queued data: seq = ISS+1, ack = the server's ISN+1, ACK bit on. Both ISNs are known by then, so the data has no reason to wait.`,
    },
    zh: {
      title: `第三次握手可以携带数据`,
      explanation: `客户端一收到 SYN-ACK 就进入 ESTABLISHED，所以第三次握手的报文段可以顺带已排队的数据：seq = ISS+1，确认号 = 服务器 ISN+1，置 ACK 位。此时双方的 ISN 都已确定，数据没有理由再等。`,
    },
  },
  'data.in-order-ack': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `In-order data: deliver and acknowledge`,
      explanation: `Data that starts at RCV.NXT is delivered to the application, RCV.NXT advances by its length (never beyond the receive window), and an ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> goes back. The new acknowledgment number tells the sender which bytes it may remove from its retransmission queue.`,
    },
    zh: {
      title: `按序到达的数据：交付并确认`,
      explanation: `从 RCV.NXT 开始的数据按序交付给应用，RCV.NXT 增加相应长度（不超出接收窗口），并回复 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>。新的确认号告诉发送方哪些字节可以从重传队列中移除。`,
    },
  },
  'data.out-of-order-dup-ack': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Out-of-order data: hold it, repeat the same ACK`,
      explanation: `A segment whose data (or FIN) starts beyond RCV.NXT leaves a gap: its ACK field is processed at once, its data and FIN are held in the reassembly (out-of-order) queue, and the reply repeats ack = RCV.NXT, a duplicate ACK. RFC 9293 lets a receiver hold such segments "for later processing", and every common stack does; the repeated acknowledgment number tells the sender exactly where the missing bytes begin.`,
    },
    zh: {
      title: `乱序数据：先保存，重复发送相同的 ACK`,
      explanation: `数据（或 FIN）从 RCV.NXT 之后才开始的报文段说明中间有空缺：它的 ACK 字段立即处理，数据和 FIN 放进重组队列（乱序队列）保存，回复的仍是确认号为 RCV.NXT 的 ACK，即重复 ACK。RFC 9293 允许接收方把这类报文段“留待以后处理”，常见的协议栈都会保存；重复的确认号正好告诉发送方缺失的数据从哪里开始。`,
    },
  },
  'data.reassembled': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `The gap is filled: deliver the held data in order`,
      explanation: `When the missing segment arrives, its data is delivered and so is every held segment that now follows RCV.NXT without a gap, in sequence order; a held FIN is processed last, once every byte before it has arrived. One ACK then acknowledges all of it (ack = the new RCV.NXT), so the sender does not have to retransmit what was held.`,
    },
    zh: {
      title: `空缺补齐：按序交付保存的数据`,
      explanation: `缺失的报文段到达后，先交付它的数据，再按序列号顺序交付重组队列中紧接在 RCV.NXT 之后、没有空缺的所有数据；保存的 FIN 最后处理，前提是它之前的每个字节都已到达。随后一个 ACK 确认全部内容（确认号 = 新的 RCV.NXT），发送方无需重传那些已被保存的数据。`,
    },
  },
  'data.after-fin-ignored': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Data after the peer's FIN is ignored`,
      explanation: `In CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT the peer has already sent its FIN, which marks the end of its data, so any new data is ignored. The FIN's sequence number was the last one the peer may use.`,
    },
    zh: {
      title: `对端 FIN 之后的数据被忽略`,
      explanation: `在 CLOSE-WAIT、CLOSING、LAST-ACK 和 TIME-WAIT 状态，对端已经发过 FIN，FIN 标志着它的数据到此为止，之后再来的数据一律忽略。FIN 所占的序列号就是对端能使用的最后一个序列号。`,
    },
  },
  'data.window-limit': {
    section: 'RFC 9293 §3.8.6',
    en: {
      title: `Never send beyond the peer's window`,
      explanation: `The bytes in flight, SND.NXT - SND.UNA, must never exceed SND.WND, the window the peer last advertised; data beyond it waits in the send buffer. The window is the receiver's promise of buffer space, so sending past it would only force the receiver to drop data.`,
    },
    zh: {
      title: `发送不得超出对端窗口`,
      explanation: `在途字节数 SND.NXT - SND.UNA 不得超过 SND.WND，即对端最近通告的窗口；超出部分留在发送缓冲区里等待。窗口是接收方承诺的缓冲空间，超出它发送只会逼得接收方丢弃数据。`,
    },
  },
  'ack.new-data-acked': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `New data acknowledged: advance SND.UNA`,
      explanation: `An ACK with SND.UNA < SEG.ACK ≤ SND.NXT sets SND.UNA = SEG.ACK, removes the fully acknowledged segments from the retransmission queue and updates SND.WND. The retransmission timer restarts (RFC 6298 §5.3), or stops when nothing is left outstanding; its backed-off RTO comes back down to the base value, as it does in RFC 6298 once a new round-trip measurement is taken (this game measures none, and Linux resets the backoff with each one).`,
    },
    zh: {
      title: `新数据被确认：推进 SND.UNA`,
      explanation: `满足 SND.UNA < SEG.ACK ≤ SND.NXT 的 ACK 使 SND.UNA = SEG.ACK，把已完全确认的报文段移出重传队列，并更新 SND.WND。重传定时器随之重启（RFC 6298 §5.3）；若已没有未确认的数据，则停止定时器。退避过的 RTO 恢复为初始值，RFC 6298 中这发生在取得新的往返时间测量值之后（本游戏不测量往返时间；Linux 每取得一个测量值就清除退避）。`,
    },
  },
  'ack.state-stays': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `An ACK or data does not change the state`,
      explanation: `ESTABLISHED, CLOSE-WAIT and FIN-WAIT-2 wait for no ACK to move on: an acceptable segment's ACK only advances SND.UNA and updates the send window, and its data (in ESTABLISHED and FIN-WAIT-2) only advances RCV.NXT, so the state stays as it is. FIN-WAIT-2 keeps its TCB even when everything it sent is acknowledged, because it is waiting for the peer's FIN. The state changes only on the peer's FIN (ESTABLISHED → CLOSE-WAIT, FIN-WAIT-2 → TIME-WAIT), on the application's close() (ESTABLISHED → FIN-WAIT-1, CLOSE-WAIT → LAST-ACK), or when the connection ends by a RST, abort() or a retransmission timeout.`,
    },
    zh: {
      title: `ACK 和数据不会改变状态`,
      explanation: `ESTABLISHED、CLOSE-WAIT 和 FIN-WAIT-2 都不是靠某个 ACK 进入下一个状态的：可接受的报文段，其 ACK 只推进 SND.UNA 并更新发送窗口，其数据（在 ESTABLISHED 和 FIN-WAIT-2 中）只推进 RCV.NXT，所以状态保持不变。即使本端发出的一切都已被确认，FIN-WAIT-2 也保留 TCB，因为它还在等对端的 FIN。只有收到对端的 FIN（ESTABLISHED → CLOSE-WAIT，FIN-WAIT-2 → TIME-WAIT）、应用调用 close()（ESTABLISHED → FIN-WAIT-1，CLOSE-WAIT → LAST-ACK），或连接因 RST、abort() 或重传超时而终止，状态才会改变。`,
    },
  },

  // ---------------------------------------------------------------- Closing
  'close.active-fin': {
    section: 'RFC 9293 §3.10.4',
    en: {
      title: `Active close: send FIN, enter FIN-WAIT-1`,
      explanation: `When the application calls close() in ESTABLISHED, the connection enters FIN-WAIT-1 and, once all queued data has gone out, sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>. The FIN consumes one sequence number and only means "I will send no more data": this side can still receive.`,
    },
    zh: {
      title: `主动关闭：发送 FIN，进入 FIN-WAIT-1`,
      explanation: `应用在 ESTABLISHED 状态调用 close() 后，连接进入 FIN-WAIT-1，待已排队的数据全部发出，再发送 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>，即四次挥手的第一次。FIN 占用一个序列号，它只表示“我不再发送数据”，本端仍可继续接收。`,
    },
  },
  'close.fin-wait-1-ack': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Our FIN acknowledged: FIN-WAIT-1 to FIN-WAIT-2`,
      explanation: `In FIN-WAIT-1, an ACK with SEG.ACK = our FIN's seq + 1 acknowledges the FIN, so enter FIN-WAIT-2. Our sending direction is now closed; the peer's FIN may come much later, because the peer can keep sending data.`,
    },
    zh: {
      title: `我方 FIN 被确认：FIN-WAIT-1 进入 FIN-WAIT-2`,
      explanation: `在 FIN-WAIT-1 状态收到 SEG.ACK = 我方 FIN 的 seq + 1 的 ACK，说明 FIN 已被确认，进入 FIN-WAIT-2。此时我方的发送方向已关闭；对端仍可继续发数据，所以它的 FIN 可能要过很久才到。`,
    },
  },
  'close.fin-not-acked-yet': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Our FIN not acknowledged yet: the state stays`,
      explanation: `FIN-WAIT-1, CLOSING and LAST-ACK each wait for the ACK of our FIN (SEG.ACK = the FIN's seq + 1, which is SND.NXT); only that ACK moves the connection on, to FIN-WAIT-2, TIME-WAIT or CLOSED. An ACK of the data sent before the FIN acknowledges those bytes only: the FIN is still unacknowledged, so the state stays and the retransmission timer keeps guarding the FIN.`,
    },
    zh: {
      title: `我方 FIN 尚未被确认：状态不变`,
      explanation: `FIN-WAIT-1、CLOSING 和 LAST-ACK 都在等对我方 FIN 的确认（SEG.ACK = FIN 的 seq + 1，即 SND.NXT）；只有这个 ACK 才让连接往下走，分别进入 FIN-WAIT-2、TIME-WAIT 或 CLOSED。只确认了 FIN 之前所发数据的 ACK，确认的只是那些字节：FIN 仍未被确认，所以状态不变，重传定时器继续看管这个 FIN。`,
    },
  },
  'close.passive-close-wait': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Peer's FIN received: ACK it, enter CLOSE-WAIT`,
      explanation: `When the peer's FIN arrives in order in ESTABLISHED, set RCV.NXT = the FIN's seq + 1, acknowledge it with ack = RCV.NXT, enter CLOSE-WAIT and tell the application end of file (read() returns 0). The connection is now half-closed: this side may still send data until its application calls close().`,
    },
    zh: {
      title: `收到对端 FIN：确认并进入 CLOSE-WAIT`,
      explanation: `在 ESTABLISHED 状态按序收到对端的 FIN 时，置 RCV.NXT = FIN 的 seq + 1，回复确认号为 RCV.NXT 的 ACK（四次挥手的第二次），进入 CLOSE-WAIT，并通知应用数据已读完（read() 返回 0）。此时连接处于半关闭状态：在本端应用调用 close() 之前，我方仍可继续发送数据。`,
    },
  },
  'close.close-wait-fin': {
    section: 'RFC 9293 §3.10.4',
    en: {
      title: `Close in CLOSE-WAIT: send FIN, enter LAST-ACK`,
      explanation: `When the application in CLOSE-WAIT calls close(), send any remaining data, then <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>, and enter LAST-ACK. This is the third segment of the four-way close, and this FIN also consumes one sequence number.`,
    },
    zh: {
      title: `CLOSE-WAIT 中关闭：发送 FIN，进入 LAST-ACK`,
      explanation: `处于 CLOSE-WAIT 的应用调用 close() 后，先发完剩余数据，再发送 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK> 并进入 LAST-ACK，这是四次挥手的第三次。这个 FIN 同样占用一个序列号。`,
    },
  },
  'close.last-ack-closed': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Our FIN acknowledged in LAST-ACK: CLOSED`,
      explanation: `In LAST-ACK, the ACK of our FIN (SEG.ACK = our FIN's seq + 1) means both directions are closed and acknowledged: delete the TCB and enter CLOSED. The passive closer needs no TIME-WAIT, because it sent the last FIN and has now seen it acknowledged.`,
    },
    zh: {
      title: `LAST-ACK 收到对 FIN 的确认：CLOSED`,
      explanation: `在 LAST-ACK 状态收到对我方 FIN 的确认（SEG.ACK = 我方 FIN 的 seq + 1），说明两个方向都已关闭并得到确认：删除 TCB，进入 CLOSED。被动关闭方不需要 TIME-WAIT，因为最后一个 FIN 是它发的，而且已经确认送达。`,
    },
  },
  'close.fin-wait-2-time-wait': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Peer's FIN in FIN-WAIT-2: ACK it, enter TIME-WAIT`,
      explanation: `In FIN-WAIT-2, the peer's FIN is acknowledged with <SEQ=SND.NXT><ACK=FIN's seq + 1><CTL=ACK>, the fourth segment of the close, and the connection enters TIME-WAIT with a 2×MSL timer. It must wait because this last ACK may be lost, and only a connection that is still there can acknowledge the retransmitted FIN.`,
    },
    zh: {
      title: `FIN-WAIT-2 收到对端 FIN：确认并进入 TIME-WAIT`,
      explanation: `在 FIN-WAIT-2 状态收到对端 FIN，回复 <SEQ=SND.NXT><ACK=FIN 的 seq + 1><CTL=ACK>（四次挥手的第四次），进入 TIME-WAIT 并启动 2×MSL 定时器。之所以要等，是因为这最后一个 ACK 可能丢失，只有连接还在，才能对重传的 FIN 再次确认。`,
    },
  },
  'close.fin-wait-1-fin-ack-time-wait': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `A FIN that also acknowledges ours: straight to TIME-WAIT`,
      explanation: `In FIN-WAIT-1, if the peer's FIN arrives on a segment whose ACK also covers our FIN, acknowledge the FIN (ack = its seq + 1) and go directly to TIME-WAIT, skipping FIN-WAIT-2. This happens when the peer closes at once and puts its ACK and its FIN in one segment, so the close takes three segments instead of four.`,
    },
    zh: {
      title: `FIN 同时确认了我方 FIN：直接进入 TIME-WAIT`,
      explanation: `在 FIN-WAIT-1 状态，若对端 FIN 所在报文段的确认号同时覆盖了我方 FIN，就确认这个 FIN（确认号 = 其 seq + 1），直接进入 TIME-WAIT，跳过 FIN-WAIT-2。对端收到我方 FIN 后立即关闭、把 ACK 和 FIN 合并在一个报文段里时就会这样，挥手只需三个报文段。`,
    },
  },
  'close.simultaneous-closing': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Simultaneous close: FIN-WAIT-1 to CLOSING`,
      explanation: `In FIN-WAIT-1, a FIN from the peer that does not yet acknowledge our FIN means both sides closed at once: acknowledge it (ack = its seq + 1) and enter CLOSING. Now we wait only for the ACK of our own FIN.`,
    },
    zh: {
      title: `同时关闭：FIN-WAIT-1 进入 CLOSING`,
      explanation: `在 FIN-WAIT-1 状态收到对端 FIN，但它还没有确认我方 FIN，说明双方同时关闭：确认对端 FIN（确认号 = 其 seq + 1），进入 CLOSING。接下来只需等待对我方 FIN 的确认。`,
    },
  },
  'close.closing-ack-time-wait': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Our FIN acknowledged in CLOSING: TIME-WAIT`,
      explanation: `In CLOSING, the ACK of our FIN completes a simultaneous close: enter TIME-WAIT and start the 2×MSL timer. In a simultaneous close both sides pass through TIME-WAIT, because each one sent a final ACK that might be lost.`,
    },
    zh: {
      title: `CLOSING 收到对 FIN 的确认：进入 TIME-WAIT`,
      explanation: `在 CLOSING 状态收到对我方 FIN 的确认，同时关闭完成：进入 TIME-WAIT 并启动 2×MSL 定时器。同时关闭时双方都会经过 TIME-WAIT，因为双方各自发出的最后一个 ACK 都可能丢失。`,
    },
  },
  'close.ack-of-fin': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Acknowledging a FIN: ack = FIN's seq + 1`,
      explanation: `A received FIN is acknowledged by a segment whose acknowledgment number is the FIN's sequence number + 1, because the FIN consumes one sequence number; the sequence number of that ACK is our own SND.NXT. Putting "FIN's seq + 1" in the seq field is a common mistake: seq counts our own bytes, the acknowledgment number counts the peer's.`,
    },
    zh: {
      title: `确认 FIN：确认号 = FIN 的 seq + 1`,
      explanation: `对收到的 FIN 进行确认时，确认号（ack 字段）是该 FIN 的序列号 + 1，因为 FIN 占用一个序列号；而这个 ACK 自己的序列号是我方的 SND.NXT。把“FIN 的序列号 + 1”填进 seq 字段是常见错误：seq 计的是我方自己的字节，确认号计的是对方的字节。`,
    },
  },
  'close.time-wait-expired': {
    section: 'RFC 9293 §3.10.8',
    en: {
      title: `TIME-WAIT ends after 2×MSL`,
      explanation: `When the 2×MSL timer (twice the Maximum Segment Lifetime) expires, delete the TCB and enter CLOSED. The wait is far longer than a round trip on purpose: 2×MSL gives a lost final ACK time to be repaired when the FIN is retransmitted, and lets every old duplicate segment of this connection die out before the same four-tuple can be reused.`,
    },
    zh: {
      title: `TIME-WAIT 在 2×MSL 后结束`,
      explanation: `2×MSL（两倍最大报文段生存时间）定时器到期后，删除 TCB，进入 CLOSED。这段等待有意远长于一个往返时间：2×MSL 既让丢失的最后一个 ACK 能借助对端重传的 FIN 得到补发，也让本连接的所有旧重复报文段在网络中消亡，之后同一四元组才能被复用。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 takes MSL = 2 minutes, so TIME-WAIT lasts 2×MSL = 4 minutes.`,
        zh: `RFC 9293 取 MSL = 2 分钟，因此 TIME-WAIT 持续 2×MSL = 4 分钟。`,
      },
      linux: {
        en: `Linux uses a fixed TIME-WAIT of 60 s (TCP_TIMEWAIT_LEN, that is MSL = 30 s), compiled into the kernel rather than set by a sysctl.`,
        zh: `Linux 的 TIME-WAIT 固定为 60 秒（TCP_TIMEWAIT_LEN，相当于 MSL = 30 秒），写死在内核中，不能通过 sysctl 调整。`,
      },
    },
  },
  'close.fin-wait-2-timeout': {
    section: 'Linux net.ipv4.tcp_fin_timeout',
    en: {
      title: `An orphan waits in FIN-WAIT-2 for 60 s, then is deleted`,
      explanation: `In FIN-WAIT-2 our FIN is acknowledged and we wait for the peer's FIN, which may never come; RFC 9293 sets no timer there. Linux does, for an orphan only, a connection whose application called close() (not shutdown(SHUT_WR)) and will never read it again: after net.ipv4.tcp_fin_timeout (60 s, at least 3.5 RTO) it is deleted silently, with no RST. A segment that comes later finds no connection and is answered with a RST.`,
    },
    zh: {
      title: `孤儿连接在 FIN-WAIT-2 等待 60 秒后被删除`,
      explanation: `在 FIN-WAIT-2 状态，我方的 FIN 已被确认，正在等待对端的 FIN，而它可能永远不会来；RFC 9293 在这里没有定时器。Linux 有，但只针对孤儿连接，即应用已调用 close()（而不是 shutdown(SHUT_WR)）、再也不会读取它的连接：经过 net.ipv4.tcp_fin_timeout（60 秒，且至少 3.5 个 RTO）后，连接被悄悄删除，不发送 RST。之后到达的报文段找不到连接，会得到一个 RST。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 has no FIN-WAIT-2 timer: the connection waits for the peer's FIN as long as it takes.`,
        zh: `RFC 9293 没有 FIN-WAIT-2 定时器：连接会一直等待对端的 FIN。`,
      },
      linux: {
        en: `Linux hands an orphan's FIN-WAIT-2 to a timewait socket that lives tcp_fin_timeout = 60 s (tcp_rcv_state_process, tcp_fin_time), then deletes it.`,
        zh: `Linux 把孤儿连接的 FIN-WAIT-2 交给一个存活 tcp_fin_timeout = 60 秒的 timewait 套接字（tcp_rcv_state_process、tcp_fin_time），到期后删除。`,
      },
    },
  },
  'close.time-wait-fin-reacked': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Retransmitted FIN in TIME-WAIT: ACK again, restart 2×MSL`,
      explanation: `A FIN arriving again in TIME-WAIT means our last ACK was lost and the peer, still in LAST-ACK, retransmitted its FIN: send the ACK again (ack = the FIN's seq + 1) and restart the 2×MSL timer. This is exactly why the active closer waits in TIME-WAIT instead of closing at once.`,
    },
    zh: {
      title: `TIME-WAIT 收到重传的 FIN：再次确认并重启 2×MSL`,
      explanation: `在 TIME-WAIT 状态再次收到 FIN，说明我方最后一个 ACK 丢失了，仍处于 LAST-ACK 的对端重传了 FIN：再次发送 ACK（确认号 = FIN 的 seq + 1），并重新启动 2×MSL 定时器。主动关闭方之所以要在 TIME-WAIT 等待而不是立即关闭，正是为了这种情况。`,
    },
  },
  'close.time-wait-segment-acked': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `A segment in TIME-WAIT: acknowledge it, restart 2×MSL`,
      explanation: `In TIME-WAIT, RFC 9293 says, the only thing that can arrive is a retransmission of the remote FIN: "acknowledge it, and restart the 2 MSL timeout". So a segment that passes the sequence check and is not a bare ACK at RCV.NXT (it carries data or a FIN, or starts past RCV.NXT) is answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, RCV.NXT stays, and TIME-WAIT starts over. Linux does the same ("all the segments are ACKed immediately"), but answers a segment without data or FIN at most once per 500 ms (net.ipv4.tcp_invalid_ratelimit).`,
    },
    zh: {
      title: `TIME-WAIT 收到报文段：确认它，并重启 2×MSL`,
      explanation: `RFC 9293 说，在 TIME-WAIT 状态唯一可能到达的是对端 FIN 的重传：“确认它，并重新启动 2 MSL 超时”。所以一个通过序列号检查、又不是位于 RCV.NXT 的纯 ACK 的报文段（它带有数据或 FIN，或者起始序列号超过 RCV.NXT），要回复 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>，RCV.NXT 不变，并重新开始 TIME-WAIT 计时。Linux 也是这样（“所有报文段都立即确认”），只是对不带数据也不带 FIN 的报文段每 500 毫秒最多回复一次（net.ipv4.tcp_invalid_ratelimit）。`,
    },
  },
  'close.syn-sent-close': {
    section: 'RFC 9293 §3.10.4',
    en: {
      title: `Close in SYN-SENT: just delete the TCB`,
      explanation: `Closing a connection still in SYN-SENT deletes the TCB and returns to CLOSED without sending a FIN or a RST: no sequence numbers have been synchronized, so there is nothing to close on the wire. A SYN-ACK that arrives later finds no connection and is answered with a RST.`,
    },
    zh: {
      title: `SYN-SENT 中关闭：直接删除 TCB`,
      explanation: `在 SYN-SENT 状态关闭连接，直接删除 TCB、回到 CLOSED，既不发 FIN 也不发 RST：双方的序列号还没有同步，线路上没有需要关闭的东西。之后若有 SYN-ACK 到达，会因找不到连接而收到 RST。`,
    },
  },
  'close.listen-close': {
    section: 'RFC 9293 §3.10.4',
    en: {
      title: `Close a listener: delete it`,
      explanation: `Closing a listening socket deletes its TCB and returns to CLOSED; nothing is sent for the listener itself, because a listener has no peer. From then on a SYN to that port finds no listener and is refused with a RST.`,
    },
    zh: {
      title: `关闭监听套接字：直接删除`,
      explanation: `关闭监听套接字会删除其 TCB，回到 CLOSED；监听端本身没有对端，因此不为它发送任何报文段。此后发往该端口的 SYN 找不到监听者，会被 RST 拒绝。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 has no accept queue: each connection the passive OPEN spawned is a TCB of its own and carries on when the listening TCB is deleted.`,
        zh: `RFC 9293 没有全连接队列：被动打开派生出的每条连接都有自己的 TCB，删除监听 TCB 后它们照常存在。`,
      },
      linux: {
        en: `Linux's half-open connections die silently with their listener (no RST): their client, already ESTABLISHED, finds out only when its next segment, such as its FIN, meets no socket and is answered with <SEQ=SEG.ACK><CTL=RST>.`,
        zh: `Linux 中的半连接随监听套接字一起悄悄消失（不发 RST）：已经处于 ESTABLISHED 的客户端要等到下一个报文段（例如它的 FIN）找不到套接字、收到 <SEQ=SEG.ACK><CTL=RST> 时才会知道。`,
      },
    },
  },
  'close.listen-close-reset': {
    section: 'Linux inet_csk_listen_stop',
    en: {
      title: `Listener closed: unaccepted connections are reset`,
      explanation: `When a listening socket is closed, Linux aborts every ESTABLISHED connection still waiting in its accept queue: it sends a RST (<SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>, tcp_send_active_reset; a bare <SEQ=SND.NXT><CTL=RST> is as good) and deletes the TCB, because no application will ever read from it. The client sees "connection reset" even though the handshake had completed.`,
    },
    zh: {
      title: `关闭监听套接字：未被 accept 的连接被复位`,
      explanation: `关闭监听套接字时，Linux 会中止仍在全连接队列中等待的每条 ESTABLISHED 连接：发送 RST（<SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>，即 tcp_send_active_reset；不带 ACK 的 <SEQ=SND.NXT><CTL=RST> 同样正确）并删除 TCB，因为再也不会有应用来读取它。客户端会看到“连接被重置”，尽管握手早已完成。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 has no accept queue, so closing the listener leaves established connections alone; nothing is reset.`,
        zh: `RFC 9293 没有全连接队列，关闭监听端不影响已建立的连接，不会复位任何连接。`,
      },
      linux: {
        en: `Linux (tcp_disconnect on each child in the accept queue) resets them at once; half-open ones in the SYN queue are dropped without a RST.`,
        zh: `Linux（对全连接队列中的每个子连接调用 tcp_disconnect）会立即复位它们；半连接队列中的连接则不发 RST，直接丢弃。`,
      },
    },
  },
  'close.unread-data-rst': {
    section: 'RFC 9293 §3.6.1',
    en: {
      title: `Closing with unread received data`,
      explanation: `If the application closes a connection while received data is still unread, that data can never be delivered. RFC 9293 §3.6.1 allows a host whose close also ends reading (a "half-duplex" close) to report the loss with a RST instead of a FIN; an ordinary close still sends a FIN.`,
    },
    zh: {
      title: `接收缓冲区仍有未读数据时关闭`,
      explanation: `如果应用在接收缓冲区里还有未读数据时关闭连接，这些数据就永远无法交付了。RFC 9293 §3.6.1 允许关闭后也不再读取的主机（“半双工”关闭）改用 RST 而不是 FIN 来告知对端数据丢失；普通的关闭仍然发送 FIN。`,
    },
    profiles: {
      rfc9293: {
        en: `This profile follows the ordinary CLOSE processing of RFC 9293 §3.10.4: queued data is sent, then a FIN, and the connection enters FIN-WAIT-1; the unread data is simply discarded.`,
        zh: `该配置按 RFC 9293 §3.10.4 的普通 CLOSE 处理：先发完排队的数据，再发 FIN，进入 FIN-WAIT-1；未读数据被直接丢弃。`,
      },
      linux: {
        en: `Linux sends a RST instead of a FIN when close() finds unread data in the receive buffer, and the connection goes straight to CLOSED with no TIME-WAIT; the peer sees "connection reset".`,
        zh: `Linux 在 close() 时若发现接收缓冲区中有未读数据，会发送 RST 而不是 FIN，连接直接进入 CLOSED，不经过 TIME-WAIT；对端看到的是“连接被重置”。`,
      },
    },
  },

  'close.abort-on-data': {
    section: 'RFC 9293 §3.6.1',
    en: {
      title: `New data after the receive side is shut: RST`,
      explanation: `A host may implement a "half-duplex" close, after which an application that called CLOSE can read no more, and RFC 9293 §3.6.1 says such a host SHOULD send a RST when new data arrives after CLOSE, to show that the data was lost. Linux does: for an orphan (its application called close(), not shutdown(SHUT_WR)) in FIN-WAIT-1 or FIN-WAIT-2, and, once the peer's FIN has shut the receive side (CLOSE-WAIT, CLOSING, LAST-ACK), for a segment that starts below RCV.NXT and carries data past it, it answers <SEQ=SEG.ACK><CTL=RST> and deletes the connection.`,
    },
    zh: {
      title: `接收方向已关闭后又来新数据：回复 RST`,
      explanation: `主机可以实现“半双工”关闭：调用 CLOSE 的应用之后不能再读取数据；RFC 9293 §3.6.1 规定，这样的主机在 CLOSE 之后又收到新数据时，应当（SHOULD）发送 RST，表明数据已经丢失。Linux 正是这样做的：对处于 FIN-WAIT-1 或 FIN-WAIT-2 的孤儿连接（应用调用的是 close() 而不是 shutdown(SHUT_WR)），以及在对端的 FIN 已关闭接收方向之后（CLOSE-WAIT、CLOSING、LAST-ACK）起始序列号低于 RCV.NXT、数据却越过 RCV.NXT 的报文段，它回复 <SEQ=SEG.ACK><CTL=RST> 并删除连接。`,
    },
    profiles: {
      rfc9293: {
        en: `This profile follows RFC 9293 §3.10.7.4 as written: in FIN-WAIT-1 and FIN-WAIT-2 the data is delivered and acknowledged even after close(), and in CLOSE-WAIT, CLOSING and LAST-ACK the text is ignored ("a FIN has been received") and nothing is sent.`,
        zh: `该配置按 RFC 9293 §3.10.7.4 的原文处理：在 FIN-WAIT-1 和 FIN-WAIT-2，即使已经 close()，数据仍被交付并确认；在 CLOSE-WAIT、CLOSING 和 LAST-ACK，报文段中的数据被忽略（“已经收到了 FIN”），也不发送任何报文段。`,
      },
      linux: {
        en: `Linux tcp_rcv_state_process, step 7 ("RFC 793 says to queue data in these states, RFC 1122 says we MUST send a reset"): with RCV_SHUTDOWN set, a segment whose data ends past rcv_nxt is reset (tcp_reset; tcp_v4_send_reset answers it; nstat counts TCPAbortOnData), and an orphan's FIN-WAIT-2 timewait socket does the same ("If new data arrive after half-duplex close, reset").`,
        zh: `Linux tcp_rcv_state_process 第 7 步（“RFC 793 说在这些状态下把数据排队，RFC 1122 说必须发送 reset”）：设置了 RCV_SHUTDOWN 时，数据结束位置越过 rcv_nxt 的报文段会导致连接被重置（tcp_reset；由 tcp_v4_send_reset 回复；nstat 计入 TCPAbortOnData）；孤儿连接在 FIN-WAIT-2 的 timewait 套接字也是这样（“半双工关闭后又来新数据，就 reset”）。`,
      },
    },
  },

  // ---------------------------------------------------------------- Abort and errors
  'abort.rst': {
    section: 'RFC 9293 §3.10.5',
    en: {
      title: `Abort: send a RST`,
      explanation: `An ABORT (for example close() with SO_LINGER set to 0) in SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2 or CLOSE-WAIT sends <SEQ=SND.NXT><CTL=RST>, discards all queued data and deletes the TCB at once, with no TIME-WAIT. Unlike a FIN, a RST guarantees no delivery: it only tells the peer that the connection is gone.`,
    },
    zh: {
      title: `中止：发送 RST`,
      explanation: `在 SYN-RECEIVED、ESTABLISHED、FIN-WAIT-1、FIN-WAIT-2 或 CLOSE-WAIT 状态执行 ABORT（例如把 SO_LINGER 设为 0 后调用 close()），发送 <SEQ=SND.NXT><CTL=RST>，丢弃所有排队数据并立即删除 TCB，不经过 TIME-WAIT。RST 与 FIN 不同，它不保证任何数据送达，只是告诉对端连接已经不存在。`,
    },
  },
  'abort.silent': {
    section: 'RFC 9293 §3.10.5',
    en: {
      title: `Abort without a RST`,
      explanation: `An ABORT in LISTEN, SYN-SENT, CLOSING, LAST-ACK or TIME-WAIT deletes the TCB and sends nothing. In LISTEN and SYN-SENT no connection is synchronized yet; in CLOSING, LAST-ACK and TIME-WAIT both sides have already sent their FIN, so nothing is left to tell the peer.`,
    },
    zh: {
      title: `中止但不发 RST`,
      explanation: `在 LISTEN、SYN-SENT、CLOSING、LAST-ACK 或 TIME-WAIT 状态执行 ABORT，只删除 TCB，不发送任何报文段。LISTEN 和 SYN-SENT 时连接尚未同步；CLOSING、LAST-ACK 和 TIME-WAIT 时双方都已发过 FIN，没有什么需要再告知对端。`,
    },
  },
  'reset.connection-reset': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Valid RST: the connection is reset`,
      explanation: `A RST with seq = RCV.NXT in ESTABLISHED or a closing state (FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK) ends the connection: queued data is flushed, the application is told "connection reset" (ECONNRESET) and the TCB is deleted. A RST is never acknowledged, and the connection skips TIME-WAIT.`,
    },
    zh: {
      title: `合法的 RST：连接被重置`,
      explanation: `在 ESTABLISHED 或关闭过程中的状态（FIN-WAIT-1、FIN-WAIT-2、CLOSE-WAIT、CLOSING、LAST-ACK）收到 seq = RCV.NXT 的 RST，连接立即终止：清空排队数据，通知应用“连接被重置”（ECONNRESET），删除 TCB。RST 不需要确认，连接也不经过 TIME-WAIT。`,
    },
  },

  // ---------------------------------------------------------------- Timers
  'timer.retransmit-syn': {
    section: 'RFC 9293 §3.8.1',
    en: {
      title: `SYN not answered: retransmit it`,
      explanation: `If no SYN-ACK arrives before the retransmission timer expires (initial RTO 1 s, RFC 6298 §2.1), send the same SYN again with the same ISN (seq = ISS) and restart the timer with a backed-off RTO. The SYN consumed a sequence number and sits in the retransmission queue like data, so the same SYN is resent rather than a new one with a new ISN.`,
    },
    zh: {
      title: `SYN 未获应答：重传 SYN`,
      explanation: `重传定时器超时（初始 RTO 为 1 秒，RFC 6298 §2.1）仍未收到 SYN-ACK，就用同一个 ISN（seq = ISS）重发同一个 SYN，并以退避后的 RTO 重启定时器。SYN 占用了序列号，和数据一样留在重传队列里，所以重传的是原来的 SYN，而不是换一个新 ISN。`,
    },
    profiles: {
      rfc9293: {
        en: `The RTO doubles after every retransmission (RFC 6298 §5.5) up to 60 s: the SYN is resent at ${SYN.rfc9293.en}.`,
        zh: `每次重传后 RTO 加倍（RFC 6298 §5.5），上限 60 秒：SYN 在第 ${SYN.rfc9293.zh} 秒重传。`,
      },
      linux: {
        en: `Linux 6.18 does not double the RTO after the first ${LINUX_CONFIG.synLinearTimeouts} retransmissions (tcp_syn_linear_timeouts = ${LINUX_CONFIG.synLinearTimeouts}), so the first ${LINUX_CONFIG.synLinearTimeouts + 1} go out 1 s apart, and doubles it after each one from then on: the SYN is resent at ${SYN.linux.en}.`,
        zh: `Linux 6.18 在前 ${LINUX_CONFIG.synLinearTimeouts} 次重传之后都不把 RTO 加倍（tcp_syn_linear_timeouts = ${LINUX_CONFIG.synLinearTimeouts}），所以前 ${LINUX_CONFIG.synLinearTimeouts + 1} 次重传间隔都是 1 秒，此后每次重传后才加倍：SYN 在第 ${SYN.linux.zh} 秒重传。`,
      },
    },
  },
  'timer.retransmit-syn-ack': {
    section: 'RFC 9293 §3.8.1',
    en: {
      title: `SYN-ACK not answered: retransmit it`,
      explanation: `If the third-handshake ACK does not arrive before the timer expires, the server resends the same SYN-ACK (<SEQ=ISS><ACK=IRS+1><CTL=SYN,ACK>) and doubles the RTO, keeping the connection in the SYN queue meanwhile. Either the SYN-ACK or the client's ACK may have been lost, and resending the SYN-ACK recovers from both.`,
    },
    zh: {
      title: `SYN-ACK 未获应答：重传 SYN-ACK`,
      explanation: `超时前没收到第三次握手的 ACK，服务器就重发同一个 SYN-ACK（<SEQ=ISS><ACK=IRS+1><CTL=SYN,ACK>），RTO 加倍，该连接在此期间仍留在半连接队列中。丢的可能是 SYN-ACK，也可能是客户端的 ACK，重发 SYN-ACK 对两种情况都能补救。`,
    },
  },
  'timer.retransmit-data': {
    section: 'RFC 6298 §5.4',
    en: {
      title: `Data not acknowledged: retransmit the oldest segment`,
      explanation: `When the retransmission timer expires, resend the earliest unacknowledged segment with its original sequence number, double the RTO (RFC 6298 §5.5) and restart the timer. Only the oldest segment is resent; once it is acknowledged, the cumulative ACK shows what else is still missing.`,
    },
    zh: {
      title: `数据未被确认：重传最早的报文段`,
      explanation: `重传定时器到期时，用原来的序列号重传最早的那个未确认报文段，RTO 加倍（RFC 6298 §5.5）并重启定时器。只重传最早的一个；它被确认后，累积确认号会表明还缺哪些数据。`,
    },
  },
  'timer.retransmit-fin': {
    section: 'RFC 6298 §5.4',
    en: {
      title: `FIN not acknowledged: retransmit it`,
      explanation: `A FIN consumes a sequence number, so it waits in the retransmission queue like data; if its ACK has not come when the timer expires, the same FIN (same seq) is sent again and the RTO doubles. This is why a peer in LAST-ACK retransmits its FIN when the final ACK is lost, and why TIME-WAIT must still be there to answer it.`,
    },
    zh: {
      title: `FIN 未被确认：重传 FIN`,
      explanation: `FIN 占用序列号，所以像数据一样留在重传队列里；定时器到期仍未收到确认，就用同一个序列号重发该 FIN，RTO 加倍。正因如此，最后一个 ACK 丢失时处于 LAST-ACK 的对端会重传 FIN，也因此需要 TIME-WAIT 留下来回应它。`,
    },
  },
  'timer.backoff-doubles': {
    section: 'RFC 6298 §5.5',
    en: {
      title: `Exponential backoff: each timeout doubles the RTO`,
      explanation: `Each time the retransmission timer expires, RTO = RTO × 2 (1 s, 2 s, 4 s, 8 s and so on) up to a maximum, and a new ACK of data brings it back down. Backing off keeps a host from flooding a congested or broken path and gives each new try more time.`,
    },
    zh: {
      title: `指数退避：每次超时 RTO 加倍`,
      explanation: `重传定时器每超时一次，RTO = RTO × 2（1 秒、2 秒、4 秒、8 秒……），直到上限，这就是指数退避；收到对新数据的确认后 RTO 才恢复。退避能避免主机向拥塞或中断的路径狂发报文段，也给每次新的尝试留出更多时间。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 6298 §2.5 allows an upper bound on the RTO as long as it is at least 60 s; this profile caps the RTO at 60 s.`,
        zh: `RFC 6298 §2.5 允许给 RTO 设上限，但上限不得低于 60 秒；该配置把 RTO 上限设为 60 秒。`,
      },
      linux: {
        en: `Linux caps the RTO at 120 s (TCP_RTO_MAX).`,
        zh: `Linux 的 RTO 上限为 120 秒（TCP_RTO_MAX）。`,
      },
    },
  },
  'timer.syn-give-up': {
    section: 'RFC 9293 §3.8.3',
    en: {
      title: `Too many SYN retransmissions: connect() fails`,
      explanation: `When the allowed SYN retransmissions all go unanswered, the connection attempt is abandoned: delete the TCB and report "connection timed out" (ETIMEDOUT) to the application. No RST is sent, because the peer never synchronized with us.`,
    },
    zh: {
      title: `SYN 重传次数用尽：connect() 失败`,
      explanation: `允许的 SYN 重传全部得不到应答时，放弃这次连接：删除 TCB，向应用报告“连接超时”（ETIMEDOUT）。不发送 RST，因为对端从未与我方同步。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 §3.8.3 (MUST-23) requires retransmitting a SYN for at least 3 minutes. This profile resends it ${RFC9293_CONFIG.synRetries} times, at ${SYN.rfc9293.en}, so the last SYN goes out after 3 minutes and connect() fails at ${SYN.rfc9293.giveUp} s.`,
        zh: `RFC 9293 §3.8.3（MUST-23）要求 SYN 至少重传 3 分钟。该配置重传 ${RFC9293_CONFIG.synRetries} 次，分别在第 ${SYN.rfc9293.zh} 秒，最后一个 SYN 在 3 分钟之后发出，connect() 在第 ${SYN.rfc9293.giveUp} 秒失败。`,
      },
      linux: {
        en: `Linux 6.18 resends the SYN tcp_syn_retries + tcp_syn_linear_timeouts = ${LINUX_CONFIG.synRetries} + ${LINUX_CONFIG.synLinearTimeouts} = ${LINUX_CONFIG.synRetries + LINUX_CONFIG.synLinearTimeouts} times, at ${SYN.linux.en}, and waits ${SYN.linux.lastWait} s after the last: connect() fails at ${SYN.linux.giveUp} s. Before Linux 6.5 (tcp_syn_linear_timeouts = 0) it was ${SYN.older.count} resends, at ${SYN.older.en}, failing at ${SYN.older.giveUp} s.`,
        zh: `Linux 6.18 重传 SYN tcp_syn_retries + tcp_syn_linear_timeouts = ${LINUX_CONFIG.synRetries} + ${LINUX_CONFIG.synLinearTimeouts} = ${LINUX_CONFIG.synRetries + LINUX_CONFIG.synLinearTimeouts} 次，分别在第 ${SYN.linux.zh} 秒，最后一次之后再等 ${SYN.linux.lastWait} 秒：connect() 在第 ${SYN.linux.giveUp} 秒失败。Linux 6.5 之前（tcp_syn_linear_timeouts = 0）只重传 ${SYN.older.count} 次，分别在第 ${SYN.older.zh} 秒，第 ${SYN.older.giveUp} 秒失败。`,
      },
    },
  },
  'timer.syn-ack-give-up': {
    section: 'Linux tcp_synack_retries',
    en: {
      title: `Too many SYN-ACK retransmissions: drop the half-open connection`,
      explanation: `After tcp_synack_retries unanswered SYN-ACK retransmissions (Linux default 5: 1, 2, 4, 8, 16 s apart, then a last 32 s wait, about 63 s; this round's limit is its timer prompt's "at most N"), the half-open connection is silently removed from the SYN queue, and what is left for that client is the listener, still in LISTEN. No RST is sent; if the client later sends an ACK or data, the listener answers it with a RST.`,
    },
    zh: {
      title: `SYN-ACK 重传次数用尽：丢弃半连接`,
      explanation: `SYN-ACK 重传 tcp_synack_retries 次仍无应答（Linux 默认 5 次：间隔 1、2、4、8、16 秒，再等最后 32 秒，共约 63 秒；回合可以设得更少，定时器提示里的“最多 N 次”就是本回合的上限），该半连接就被悄悄移出半连接队列，对这个客户端而言只剩仍处于 LISTEN 的监听端。此时不发 RST；客户端之后若再发来 ACK 或数据，监听端会回复 RST。`,
    },
  },
  'timer.half-open-tcb-deleted': {
    section: 'RFC 9293 §3.10.8',
    en: {
      title: `A half-open connection given up: LISTEN or CLOSED`,
      explanation: `When a half-open connection is given up, its TCB is deleted, and RFC 9293 §3.10.8 calls a deleted TCB CLOSED. The listening socket it came from is not touched: it stays in LISTEN and goes on taking SYNs, and that is what is left for this client. So either name is right here, CLOSED for the connection or LISTEN for what answers that client now; nothing is sent either way.`,
    },
    zh: {
      title: `放弃半连接：LISTEN 或 CLOSED`,
      explanation: `放弃一个半连接时，它的 TCB 被删除；RFC 9293 §3.10.8 把被删除的 TCB 称为 CLOSED。它所来自的监听套接字不受影响：仍处于 LISTEN，继续接收 SYN，这也是此后对这个客户端而言仅剩的东西。所以这里两种说法都对：对这条连接说 CLOSED，或者对现在应答该客户端的监听端说 LISTEN；两种情况下都不发送任何报文段。`,
    },
  },
  'timer.data-give-up': {
    section: 'RFC 9293 §3.8.3',
    en: {
      title: `Too many data retransmissions: the connection is dropped`,
      explanation: `If the same segment has been retransmitted too many times without an ACK (Linux tcp_retries2 = 15), TCP gives up: it deletes the TCB and reports "connection timed out" (ETIMEDOUT). RFC 9293 §3.8.3 says this threshold (R2) SHOULD correspond to at least 100 seconds, so that a short outage does not kill connections.`,
    },
    zh: {
      title: `数据重传次数用尽：连接被放弃`,
      explanation: `同一个报文段重传过多次仍未被确认（Linux 为 tcp_retries2 = 15 次），TCP 就放弃：删除 TCB，向应用报告“连接超时”（ETIMEDOUT）。RFC 9293 §3.8.3 规定这个阈值（R2）应当（SHOULD）至少对应 100 秒，以免短暂的网络中断就断开连接。`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 bounds every connection the same way, whether or not its application still holds it: R2 (here 15 retransmissions) or the user timeout (5 minutes), whichever comes first.`,
        zh: `RFC 9293 对每条连接都一样处理，不管应用是否还持有它：R2（这里是 15 次重传）或用户超时（5 分钟），先到者为准。`,
      },
      linux: {
        en: `Linux: tcp_retries2 = 15 bounds a connection its application still holds, read as a time (tcp_model_timeout: 924.6 s; with a 1 s first RTO, the expiry at 967 s, after 13 retransmissions). A connection whose application called close() is an orphan, and tcp_orphan_retries bounds it instead (0, read as 8 → 102.2 s; with a 1 s first RTO its FIN is given up at 127 s, after 6 retransmissions). No RST is sent; the TCB is simply deleted.`,
        zh: `Linux：应用仍持有的连接由 tcp_retries2 = 15 限定，按时间计算（tcp_model_timeout：924.6 秒；首个 RTO 为 1 秒时，在 967 秒、重传 13 次后放弃）。应用已调用 close() 的连接是孤儿连接，改由 tcp_orphan_retries 限定（取 0，按 8 计 → 102.2 秒；首个 RTO 为 1 秒时，它的 FIN 在 127 秒、重传 6 次后被放弃）。不发送 RST，只是删除 TCB。`,
      },
    },
  },
  'timer.keepalive-give-up': {
    section: 'RFC 9293 §3.8.4',
    en: {
      title: `Keep-alive probes unanswered: the connection is dropped`,
      explanation: `Keep-alives are optional (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6): after a long idle time the TCP sends a probe, SEG.SEQ = SND.NXT − 1, that the peer must answer with an ACK. When several probes in a row go unanswered (Linux: tcp_keepalive_probes = 9, tcp_keepalive_intvl = 75 s apart after tcp_keepalive_time = 2 h idle, or TCP_KEEPCNT, TCP_KEEPINTVL and TCP_KEEPIDLE on the socket), it takes the peer for gone and deletes the TCB. Linux sends a RST as it does so, and the application gets "connection timed out" (ETIMEDOUT).`,
    },
    zh: {
      title: `保活探测无人回应：连接被放弃`,
      explanation: `保活机制是可选的（RFC 9293 §3.8.4、RFC 1122 §4.2.3.6）：连接空闲很久之后，TCP 发送一个 SEG.SEQ = SND.NXT − 1 的探测报文，对端必须回 ACK。连续多个探测都没有回应时（Linux：空闲 tcp_keepalive_time = 2 小时后，每隔 tcp_keepalive_intvl = 75 秒一个，共 tcp_keepalive_probes = 9 个；也可在套接字上用 TCP_KEEPIDLE、TCP_KEEPINTVL、TCP_KEEPCNT 设置），它就认为对端已经不在了，删除 TCB。Linux 在删除时会发送一个 RST，应用得到“连接超时”（ETIMEDOUT）。`,
    },
  },
  'timer.user-timeout': {
    section: 'RFC 9293 §3.10.8',
    en: {
      title: `User timeout: abort when data stays unacknowledged`,
      explanation: `If sent data stays unacknowledged for the whole user timeout, flush all queues, report that the connection was aborted because of the user timeout, and delete the TCB. It bounds how long an application waits on a vanished peer, however many retransmissions that takes.`,
    },
    zh: {
      title: `用户超时：数据长期未被确认则终止连接`,
      explanation: `已发送的数据在整个用户超时时间内都未被确认，就清空所有队列，报告连接因用户超时而终止，并删除 TCB。它限定了应用等待一个已消失对端的最长时间，与重传了多少次无关。`,
    },
    profiles: {
      rfc9293: {
        en: `This profile uses the RFC's suggested default user timeout of 5 minutes.`,
        zh: `该配置采用 RFC 建议的默认用户超时：5 分钟。`,
      },
      linux: {
        en: `Linux has no user timeout unless the application sets TCP_USER_TIMEOUT; by default only the tcp_retries2 limit ends such a connection.`,
        zh: `Linux 默认没有用户超时，除非应用设置了 TCP_USER_TIMEOUT；默认情况下只有 tcp_retries2 的上限会终止这种连接。`,
      },
    },
  },

  // ---------------------------------------------------------------- Waiting
  'wait.nothing-to-do': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Nothing to send`,
      explanation: `When an arriving segment needs no reply, such as a pure ACK of new data or the third ACK of the handshake, a correct TCP sends nothing. A pure ACK consumes no sequence number and is never acknowledged itself; replying to it would start an endless exchange of ACKs.`,
    },
    zh: {
      title: `无需发送任何报文段`,
      explanation: `当到达的报文段不需要回应时，例如确认新数据的纯 ACK、或握手的第三个 ACK，正确的 TCP 什么也不发。纯 ACK 不占用序列号，本身从不被确认；对它回应只会引发没完没了的 ACK 往返。`,
    },
  },
  'wait.duplicate-ignored': {
    section: 'RFC 9293 §3.10.7.4',
    en: {
      title: `Duplicate ignored`,
      explanation: `A duplicate that carries nothing new, such as a repeated bare ACK at RCV.NXT arriving in TIME-WAIT, is dropped without reply and changes no state: it is an old copy waiting to die out, and the connection stays in TIME-WAIT. (A retransmitted FIN, or any other segment that carries something, is acknowledged and the 2×MSL timer restarts.)`,
    },
    zh: {
      title: `忽略重复报文段`,
      explanation: `不带新信息的重复报文段（例如在 TIME-WAIT 状态收到的、位于 RCV.NXT 的重复纯 ACK）被丢弃，不作回复，也不改变状态：它是等待在网络中消亡的旧副本，连接仍留在 TIME-WAIT。（重传的 FIN，或其他带有内容的报文段，则要确认，并重新启动 2×MSL 定时器。）`,
    },
    profiles: {
      rfc9293: {
        en: `RFC 9293 restarts the 2×MSL timer only for a segment it acknowledges (§3.10.7.4, TIME-WAIT): a bare ACK at RCV.NXT leaves the timer running as it was.`,
        zh: `RFC 9293 只在确认一个报文段时才重新启动 2×MSL 定时器（§3.10.7.4，TIME-WAIT）：位于 RCV.NXT 的纯 ACK 不改变正在运行的定时器。`,
      },
      linux: {
        en: `Linux 6.18 also drops such a bare ACK without reply, but restarts the 60 s TIME-WAIT timer for it (tcp_timewait_state_process: inet_twsk_reschedule).`,
        zh: `Linux 6.18 同样不作回复地丢弃这种纯 ACK，但会为它重新启动 60 秒的 TIME-WAIT 定时器（tcp_timewait_state_process：inet_twsk_reschedule）。`,
      },
    },
  },
  // ---------------------------------------------------------------- The judge's own citations
  'seq.syn-is-iss': {
    section: 'RFC 9293 §3.4.1',
    en: {
      title: `A SYN, and a SYN-ACK, carries seq = ISS`,
      explanation: `The sequence number of a SYN is the connection's initial send sequence number, ISS, whether it is the first SYN, a SYN-ACK, or a SYN-ACK answering a SYN that crossed ours (simultaneous open): a TCP has one ISS per connection and never picks a second. Once the SYN is out, SND.NXT is already ISS+1, so "my next seq" is the wrong number for a SYN-ACK that follows our own SYN.`,
    },
    zh: {
      title: `SYN 和 SYN-ACK 的序列号都是 ISS`,
      explanation: `SYN 的序列号就是本连接的初始发送序列号 ISS：无论是第一个 SYN、SYN-ACK，还是同时打开时回应交错 SYN 的 SYN-ACK，都一样；一条连接只有一个 ISS，绝不会再选第二个。我方的 SYN 发出后 SND.NXT 已经是 ISS+1，所以紧随自己 SYN 之后的 SYN-ACK 不能用 SND.NXT 作序列号。`,
    },
  },
  'ack.delayed': {
    section: 'RFC 9293 §3.8.6.3',
    en: {
      title: `This ACK may be sent now or delayed`,
      explanation: `Two answers are right here: acknowledge at once, or hold the ACK back (a delayed ACK) so that it can ride on the data or FIN your application may send next (Linux does this after a FIN that puts it in CLOSE-WAIT). RFC 9293 says a TCP SHOULD delay ACKs but MUST send one within 0.5 s and SHOULD acknowledge at least every second full-sized segment. Hold it back and your delayed-ACK timer (200 ms in this game, Linux's longest delay) asks for it unless another segment carries it first.`,
    },
    zh: {
      title: `这个 ACK 可以立即发，也可以延迟发`,
      explanation: `这里有两个正确答案：立即确认，或者先不发（延迟确认），让这个 ACK 搭上应用接下来可能发送的数据或 FIN 一起走（Linux 收到使自己进入 CLOSE-WAIT 的 FIN 后就会这样做）。RFC 9293 规定 TCP 应当（SHOULD）延迟确认，但必须（MUST）在 0.5 秒内发出，并且至少每收到两个满长报文段就确认一次。若选择延迟，除非期间有别的报文段带上了这个确认，否则延迟确认定时器（本游戏中为 200 毫秒，即 Linux 的最长延迟）到期时会提醒你发送。`,
    },
  },
  'abort.rst-ack-optional': {
    section: 'RFC 9293 §3.10.5',
    en: {
      title: `This RST may carry an ACK or not`,
      explanation: `Two answers are right here. RFC 9293 writes the reset a TCP sends of its own accord (an ABORT, close() with data left unread, a listener closed over its accept queue) as <SEQ=SND.NXT><CTL=RST>; Linux (tcp_send_active_reset) sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>. The peer checks only the RST's sequence number (RFC 9293 §3.10.7.4, RFC 5961 §3.2), so either one resets the connection.`,
    },
    zh: {
      title: `这个 RST 可以带 ACK，也可以不带`,
      explanation: `这里有两个正确答案。TCP 主动发出的复位（ABORT、带着未读数据调用 close()、关闭仍有全连接队列的监听套接字），RFC 9293 写作 <SEQ=SND.NXT><CTL=RST>；Linux（tcp_send_active_reset）发送 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>。对端只检查 RST 的序列号（RFC 9293 §3.10.7.4、RFC 5961 §3.2），所以两者都会复位连接。`,
    },
  },
  'ack.delayed-ack-timer': {
    section: 'RFC 9293 §3.8.6.3',
    en: {
      title: `Delayed-ACK timer: send the ACK now`,
      explanation: `You held an ACK back and no segment has carried it since, so when the delayed-ACK timer fires, send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> at once. An ACK may wait at most 0.5 s; waiting longer makes the peer's retransmission timer fire and resend data that had in fact arrived.`,
    },
    zh: {
      title: `延迟确认定时器到期：立即发送 ACK`,
      explanation: `你先前延迟了一个 ACK，此后也没有别的报文段捎带它，所以延迟确认定时器到期时要立即发送 <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>。ACK 最多只能等 0.5 秒；再等下去，对端的重传定时器就会到期，把其实早已送达的数据重发一遍。`,
    },
  },
};

function build(defs: { readonly [K in RuleId]: RuleDef }): Readonly<Record<RuleId, Rule>> {
  const out: Partial<Record<RuleId, Rule>> = {};
  for (const id of Object.keys(defs) as RuleId[]) out[id] = { id, ...defs[id] };
  return Object.freeze(out as Record<RuleId, Rule>);
}

/** Every rule id with its section and texts; the mapped type above makes a missing id a type error. */
export const RULES: Readonly<Record<RuleId, Rule>> = build(DEFS);

export function ruleText(id: RuleId, lang: 'en' | 'zh-CN'): RuleText {
  const rule = RULES[id];
  return lang === 'zh-CN' ? rule.zh : rule.en;
}

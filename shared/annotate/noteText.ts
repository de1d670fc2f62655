/**
 * The annotator's conclusions in words, English and zh-CN, and the capture problems likewise. The
 * command line prints the English; the replay view shows either language.
 */
import type { CaptureProblem } from '../pcap/problems.ts';
import { ruleText } from '../rules/catalogue.ts';
import type { CaptureSiteInfo, LostNote, NoteItem, Role } from './types.ts';

export type NoteLang = 'en' | 'zh-CN';

const ROLE: Record<NoteLang, Record<Role, string>> = {
  en: { client: 'client', server: 'server' },
  'zh-CN': { client: '客户端', server: '服务器' },
};

const frame = (index: number): string => `#${index}`;

export function noteItemText(n: NoteItem, lang: NoteLang): string {
  const en = lang === 'en';
  switch (n.code) {
    case 'connect':
      return en ? `${ROLE.en[n.who]}'s application called connect()` : `${ROLE[lang][n.who]}的应用调用了 connect()`;
    case 'close':
      return en ? `${ROLE.en[n.who]}'s application called close()` : `${ROLE[lang][n.who]}的应用调用了 close()`;
    case 'fin-not-captured':
      return en
        ? `the ${ROLE.en[n.who]} had already called close(): its FIN is not in the capture (lost before the capture point), but its next segment (${frame(n.by)}) starts one past it and it sends that FIN again (${frame(n.resent)})`
        : `${ROLE[lang][n.who]}已经调用了 close()：它的 FIN 不在抓包里（在抓包点之前丢失），但它的下一个报文段（${frame(n.by)}）从 FIN 之后一位开始，并且它后来重发了这个 FIN（${frame(n.resent)}）`;
    case 'shutdown-write':
      return en
        ? `${ROLE.en[n.who]}'s application called shutdown(SHUT_WR): it sends no more but reads on (its ACK ${frame(n.by)} takes data that came after this FIN; after close() Linux would have answered that data with RST)`
        : `${ROLE[lang][n.who]}的应用调用了 shutdown(SHUT_WR)：不再发送，但继续读取（它的 ACK ${frame(n.by)} 确认了这个 FIN 之后到达的数据；若是 close()，Linux 会以 RST 回应那些数据）`;
    case 'close-after-read':
      return en ? `${ROLE.en[n.who]}'s application read the data, then called close()` : `${ROLE[lang][n.who]}的应用先读完数据，再调用 close()`;
    case 'close-unread-rst':
      return en
        ? `${ROLE.en[n.who]}'s application called close() with data still unread: Linux sends RST instead of FIN (a capture cannot tell this from an abort with SO_LINGER 0, which sends the same RST)`
        : `${ROLE[lang][n.who]}的应用在还有数据未读时调用了 close()：Linux 发送 RST 而不是 FIN（抓包无法把它与 SO_LINGER 为 0 的中止区分开，二者发出的 RST 相同）`;
    case 'abort':
      return en ? `${ROLE.en[n.who]}'s application aborted the connection (RST)` : `${ROLE[lang][n.who]}的应用中止了连接（RST）`;
    case 'keep-alive-timeout':
      return en
        ? `the ${ROLE.en[n.who]}'s keep-alive probes went unanswered: its TCP gives up on the connection, and Linux resets it (RST)`
        : `${ROLE[lang][n.who]}的保活探测一直没有得到回应：它的 TCP 放弃这条连接，Linux 发送 RST 复位它`;
    case 'abort-silent':
      return en ? `${ROLE.en[n.who]} gave up the connection` : `${ROLE[lang][n.who]}放弃了连接`;
    case 'send':
      return en ? `${ROLE.en[n.who]}'s application sent ${n.bytes} new byte${n.bytes === 1 ? '' : 's'}` : `${ROLE[lang][n.who]}的应用发送了 ${n.bytes} 字节新数据`;
    case 'listen-assumed':
      return en ? `${ROLE.en[n.who]} never answered: taken as listening (a closed port answers with RST)` : `${ROLE[lang][n.who]}始终没有回应：按正在监听处理（没有监听的端口会回 RST）`;
    case 'listen-until-refused':
      if (n.seen) {
        return en
          ? `the ${ROLE.en[n.who]} is taken as listening until ${frame(n.refused)}: a closed port answers every SYN at once with a RST (RFC 9293 §3.10.7.1), and only the later copy ${frame(n.refused)} was refused (${frame(n.by)}). This capture, taken at the ${ROLE.en[n.who]}, saw the copies before it arrive, so they met its listener, which dropped them (on the ${ROLE.en[n.who]}, nstat's ListenOverflows counts the SYNs a full accept queue dropped)`
          : `按${ROLE[lang][n.who]}在 ${frame(n.refused)} 之前一直在监听处理：没有监听的端口会对每个 SYN 立即回 RST（RFC 9293 §3.10.7.1），而被拒绝的只有后来的副本 ${frame(n.refused)}（RST 见 ${frame(n.by)}）。这份抓包是在${ROLE[lang][n.who]}上抓的，看到之前的副本都到达了，所以它们遇到的是监听套接字，并被它丢弃了（在${ROLE[lang][n.who]}上，nstat 的 ListenOverflows 会统计因全连接队列已满而被丢弃的 SYN）`;
      }
      return en
        ? `the ${ROLE.en[n.who]} is taken as listening until ${frame(n.refused)}: a closed port answers every SYN at once with a RST (RFC 9293 §3.10.7.1), and only the later copy ${frame(n.refused)} was refused (${frame(n.by)}). If every copy before it was lost on the way, the port may have been closed all along: this capture cannot tell (on the ${ROLE.en[n.who]}, nstat's ListenOverflows counts the SYNs a full accept queue dropped)`
        : `${ROLE[lang][n.who]}在 ${frame(n.refused)} 之前按正在监听处理：没有监听的端口会对每个 SYN 立即回 RST（RFC 9293 §3.10.7.1），而被拒绝的只有后来的副本 ${frame(n.refused)}（RST 见 ${frame(n.by)}）。若 ${frame(n.refused)} 之前的副本都在途中丢失了，这个端口也可能一直没有监听：这份抓包无法区分（在${ROLE[lang][n.who]}上，nstat 的 ListenOverflows 会统计因全连接队列已满而被丢弃的 SYN）`;
    case 'listener-gone':
      return en
        ? `the ${ROLE.en[n.who]} no longer listened when this copy came: its TCP refuses it with a RST (${frame(n.by)}) as a closed port does (RFC 9293 §3.10.7.1), where it had left the earlier copies unanswered; its listening socket was closed in between (on Linux also when its process exits)`
        : `这个副本到达时${ROLE[lang][n.who]}已经不再监听：它的 TCP 像没有监听的端口一样以 RST 拒绝了它（${frame(n.by)}，RFC 9293 §3.10.7.1），而之前的副本都没有得到回应；监听套接字在这期间被关闭了（在 Linux 上，进程退出时也会关闭它）`;
    case 'old-duplicate':
      return en
        ? `an old duplicate SYN: the ${ROLE.en[n.who]}'s TCP resets the SYN-ACK that answers it, so it never sent this SYN (RFC 9293 §3.5)`
        : `过期的重复 SYN：${ROLE[lang][n.who]}的 TCP 用 RST 回应了对它的 SYN-ACK，说明它并没有发送这个 SYN（RFC 9293 §3.5）`;
    case 'outside-sequence-space':
      return en
        ? `not sent by the ${ROLE.en[n.who]}'s TCP: seq ${n.seq} lies outside the sequence space it uses in this connection (an old duplicate, or a forged segment)`
        : `并非${ROLE[lang][n.who]}的 TCP 发出：seq ${n.seq} 不在它在这条连接中使用的序列号空间内（旧的重复报文，或伪造的报文）`;
    case 'not-own':
      if (n.what === 'RST') {
        return en
          ? `not sent by the ${ROLE.en[n.who]}'s TCP: it goes on acknowledging new data afterwards (${frame(n.by)}), so it never reset the connection (a forged or injected RST)`
          : `并非${ROLE[lang][n.who]}的 TCP 发出：它之后还在确认新的数据（${frame(n.by)}），说明它从未复位这条连接（伪造或被注入的 RST）`;
      }
      return en
        ? `not sent by the ${ROLE.en[n.who]}'s TCP: it goes on with this connection afterwards (${frame(n.by)}), so it did not open a new one (a forged or injected SYN)`
        : `并非${ROLE[lang][n.who]}的 TCP 发出：它之后仍在继续这条连接（${frame(n.by)}），说明它并没有发起新连接（伪造或被注入的 SYN）`;
    case 'not-listening':
      return en ? `nobody listens on the ${ROLE.en[n.who]}'s port` : `${ROLE[lang][n.who]}的端口上没有进程监听`;
    case 'retransmission':
      return en ? `retransmission${n.first === null ? '' : ` of ${frame(n.first)}`}` : `重传${n.first === null ? '' : `（原报文 ${frame(n.first)}）`}`;
    case 'reordered':
      if (n.clock === 'ip-id') {
        return en
          ? `sent before ${frame(n.newer)} (a lower IP ID from its sender's counter: no TCP timestamps here), captured after it: reordered on the way, not a retransmission`
          : `比 ${frame(n.newer)} 先发出（发送方计数器给出的 IP ID 更小：这里没有 TCP 时间戳），却在它之后才被抓到：途中乱序，并非重传`;
      }
      return en
        ? `sent before ${frame(n.newer)} (an older timestamp, RFC 7323), captured after it: reordered on the way, not a retransmission`
        : `比 ${frame(n.newer)} 先发出（时间戳更早，RFC 7323），却在它之后才被抓到：途中乱序，并非重传`;
    case 'no-room':
      return en
        ? `reached the ${ROLE.en[n.who]}, which had no room for it and dropped it: its answer (${frame(n.by)}) takes none of it and offers a window of 0 (an unacceptable segment is answered with an ACK, RFC 9293 §3.10.7.4)`
        : `到达了${ROLE[lang][n.who]}，但它没有空间容纳而丢弃了：它的回应（${frame(n.by)}）没有确认其中任何数据，并通告窗口为 0（不可接受的报文段以 ACK 回应，RFC 9293 §3.10.7.4）`;
    case 'paws':
      return en
        ? `thrown away by the ${ROLE.en[n.who]} on arrival: its timestamp is older than the newest the ${ROLE.en[n.who]} had taken (PAWS, RFC 7323 §5), so its TCP answers with a duplicate ACK and waits for it again`
        : `${ROLE[lang][n.who]}收到后即丢弃：它的时间戳比${ROLE[lang][n.who]}已接受的最新时间戳还旧（PAWS，RFC 7323 §5），其 TCP 回一个重复 ACK，等它再发一次`;
    case 'wire-duplicate':
      return en ? `an identical copy of ${frame(n.of)}` : `与 ${frame(n.of)} 完全相同的副本`;
    case 'keep-alive':
      return en ? 'keep-alive probe' : '保活探测（keep-alive）';
    case 'delayed-ack':
      return en
        ? `a delayed ACK: held back ${n.ms} ms after the data (RFC 9293 §3.8.6.3 allows up to 0.5 s; Linux's delayed-ACK timer waits at least 40 ms)`
        : `延迟确认：在数据到达后推迟了 ${n.ms} 毫秒才发出（RFC 9293 §3.8.6.3 允许最多 0.5 秒；Linux 的延迟确认定时器至少等 40 毫秒）`;
    case 'window-probe':
      return en ? 'zero-window probe' : '零窗口探测';
    case 'zero-window':
      return en ? 'zero window: the receiver has no room' : '零窗口：接收方没有空间了';
    case 'window-update':
      return en ? 'window update' : '窗口更新';
    case 'dup-ack':
      return en ? `duplicate ACK #${n.count} (ack=${n.ack} again)` : `重复 ACK #${n.count}（再次 ack=${n.ack}）`;
    case 'rule':
      return `${ROLE[lang][n.who]}${en ? ': ' : '：'}${ruleText(n.rule, lang).title}`;
    case 'lost-retransmitted':
      return en ? `lost on the way: its sender retransmitted it (${frame(n.by)}) before anything acknowledged it` : `在途中丢失：发送方在收到确认之前重传了它（${frame(n.by)}）`;
    case 'lost-peer-retransmitted':
      return en ? `did not reach its receiver: the receiver later retransmitted what this segment acknowledged (${frame(n.by)})` : `没有到达接收方：接收方后来重传了这个报文段已确认的内容（${frame(n.by)}）`;
    case 'lost-rst-ignored':
      return en ? `did not take effect: the receiver kept sending afterwards (${frame(n.by)})` : `没有生效：接收方之后仍在发送（${frame(n.by)}）`;
    case 'lost-answered-later':
      return en ? `did not reach its receiver: it answered only the later SYN-ACK (${frame(n.by)}), with a bare ACK` : `没有到达接收方：接收方只回应了后来的 SYN-ACK（${frame(n.by)}），回的是纯 ACK`;
    case 'or-accept-queue-full':
      return en
        ? `or the ${ROLE.en[n.who]} dropped it: Linux drops a SYN while the listener's accept queue is full, and the capture looks the same`
        : `也可能是${ROLE[lang][n.who]}丢弃了它：监听套接字的全连接队列已满时 Linux 会丢弃 SYN，抓包看起来完全一样`;
    case 'or-ack-lost':
      return en
        ? `or it arrived and the ${ROLE.en[n.who]}'s ACK of it was lost on the way back: with no word from the ${ROLE.en[n.who]} before the FIN came again, a capture that never saw that ACK cannot tell which`
        : `也可能它已经到达，是${ROLE[lang][n.who]}对它的 ACK 在返回途中丢失了：FIN 重发之前${ROLE[lang][n.who]}没有任何报文，没有抓到那个 ACK 的抓包无法区分这两种情况`;
    case 'or-copy-late':
      return en
        ? `or it arrived late: of the ${n.copies} copies of these bytes sent from this one on, the receiver reported ${n.reports} as duplicates (D-SACK, RFC 2883), so at least ${n.reports + 1} arrived, some after copies sent later (reordering); which ones did not, this capture cannot tell`
        : `也可能它只是迟到了：从这一份起这些字节共发送了 ${n.copies} 份，接收方报告了其中 ${n.reports} 份是重复的（D-SACK，RFC 2883），所以至少 ${n.reports + 1} 份到达了，有的比后发的副本更晚到达（乱序）；究竟哪几份没有到达，这份抓包无法确定`;
    case 'or-paws-late':
      return en
        ? `or it arrived after a later copy and was thrown away unreported: this path delivers out of order (${frame(n.by)} took bytes never sent again only after later ones), and a copy with an older timestamp than one the receiver already took is discarded (PAWS, RFC 7323 §5; Linux reports it as a duplicate only below its cumulative ACK); not taken either way, but this capture cannot tell if it was lost`
        : `也可能它在后发的副本之后才到达，被丢弃且没有报告：这条路径会乱序（${frame(n.by)} 表明从未重发过的字节在更晚发出的字节之后才被收下），而时间戳比接收方已收下的副本更旧的副本会被丢弃（PAWS，RFC 7323 §5；Linux 只对累计确认号之下的重复发 D-SACK）；两种情况下它都没有被收下，但这份抓包无法确定它是否丢失`;
    case 'or-syn-ack-lost':
      return en
        ? `or it arrived and the ${ROLE.en[n.who]}'s SYN-ACK was lost on the way back: a capture that never saw that SYN-ACK cannot tell which`
        : `也可能它已经到达，是${ROLE[lang][n.who]}回的 SYN-ACK 在返回途中丢失了：没有抓到那个 SYN-ACK 的抓包无法区分这两种情况`;
    case 'syn-ack-not-captured': {
      const proof = n.by === 'echo'
        ? en ? `its timestamp echo is ${frame(n.syn)}'s TSval, RFC 7323 §4.3` : `它的时间戳回显正是 ${frame(n.syn)} 的 TSval，RFC 7323 §4.3`
        : en ? 'it comes twice at once: once from its own retransmission timer, which runs only after it answered a SYN, and once for the repeated SYN' : '它几乎同时来了两次：一次来自它自己的重传定时器（只有回应过一个 SYN 之后才会启动），一次回应重复的 SYN';
      return en
        ? `the server took ${frame(n.syn)} (${proof}) and sent this SYN-ACK again; the client sent its SYN again (${frame(n.resent)}) without having got one, so the server's first SYN-ACK was lost on the way, or ${frame(n.resent)} crossed it`
        : `服务器已经收到 ${frame(n.syn)}（${proof}），这是它再次发送的 SYN-ACK；客户端没有收到 SYN-ACK 就重发了 SYN（${frame(n.resent)}），所以服务器的第一个 SYN-ACK 在途中丢失了，或者与 ${frame(n.resent)} 在途中交错`;
    }
    case 'lost-unanswered':
      return en
        ? `did not reach its receiver: the SYN's sender never answered it (an ACK, or a RST had it not sent that SYN) in the ${n.seconds} s the capture goes on: lost, or nobody is there (a spoofed source)`
        : `没有到达接收方：SYN 的发送方在抓包随后的 ${n.seconds} 秒内始终没有回应它（本应回 ACK；若它没发过那个 SYN 则回 RST）：报文丢失，或者那里根本没有主机（伪造的源地址）`;
    case 'lost-syn-unanswered':
      return en
        ? `did not reach the listener's TCP: a listener answers a SYN at once (a SYN-ACK, or a RST if nobody listens), and nothing came back in the ${n.seconds} s the capture goes on: lost on the way`
        : `没有到达监听方的 TCP：监听方收到 SYN 会立即回应（SYN-ACK；若没有进程监听则回 RST），而抓包随后的 ${n.seconds} 秒内什么也没有回来：在途中丢失`;
    case 'lost-not-acknowledged':
      return en
        ? `did not reach its receiver: its next segment (${frame(n.by)}), sent well after this one would have arrived, still acknowledges only up to this one's start`
        : `没有到达接收方：接收方的下一个报文段（${frame(n.by)}）是在它本应到达之后很久才发出的，却仍然只确认到它的起始序列号`;
    case 'lost-keepalive-timeout':
      return en
        ? `did not reach its receiver: the keep-alive timeout's reset that follows (${frame(n.by)}) shows its probes went unanswered`
        : `没有到达接收方：随后因保活超时发出的 RST（${frame(n.by)}）表明它的探测没有得到回应`;
    case 'accept-queue-drop':
      if (n.seen) {
        return en
          ? `the ${ROLE.en[n.who]} did not take this ACK: its next segment here (${frame(n.by)}) shows it still in SYN-RECEIVED. Linux drops the handshake's last ACK while the listener's accept queue is full (this capture, taken at the ${ROLE.en[n.who]}, saw it arrive: it was not lost on the way)`
          : `${ROLE[lang][n.who]}没有接受这个 ACK：它在这条连接上的下一个报文段（${frame(n.by)}）表明它仍处于 SYN-RECEIVED。监听套接字的全连接队列已满时，Linux 会丢弃握手的最后一个 ACK（这份抓包是在${ROLE[lang][n.who]}上抓的，看到它到达了：它没有在途中丢失）`;
      }
      return en
        ? `the ${ROLE.en[n.who]} did not take this ACK: its next segment here (${frame(n.by)}) shows it still in SYN-RECEIVED. Linux drops the handshake's last ACK while the listener's accept queue is full (or the ACK was lost)`
        : `${ROLE[lang][n.who]}没有接受这个 ACK：它在这条连接上的下一个报文段（${frame(n.by)}）表明它仍处于 SYN-RECEIVED。监听套接字的全连接队列已满时，Linux 会丢弃握手的最后一个 ACK（也可能是这个 ACK 丢失了）`;
    case 'dropped-at-host': {
      const who = en ? ROLE.en[n.who] : ROLE[lang][n.who];
      const cause = n.cause === 'accept-queue'
        ? en
          ? `Dropped at the ${who}: Linux drops a SYN while the listener's accept queue is full (nstat ListenOverflows), or a firewall rule after the capture point did (or, if the capture was taken on the link rather than on the host itself, the last stretch of the way)`
          : `是${who}丢弃了它：监听套接字的全连接队列已满时 Linux 会丢弃 SYN（nstat ListenOverflows），或者是抓包点之后的防火墙规则丢弃了它（如果抓包不是在这台主机上、而是在它所在的链路上做的，也可能丢在最后一段路上）`
        : en
          ? `Dropped at the ${who}'s host: a bad checksum, no memory for it, or a firewall rule after the capture point (or, if the capture was taken on the link rather than on the host itself, the last stretch of the way)`
          : `是${who}的主机丢弃了它：校验和错误、没有内存容纳它，或者抓包点之后的防火墙规则（如果抓包不是在这台主机上、而是在它所在的链路上做的，也可能丢在最后一段路上）`;
      return en
        ? `reached the ${who}, where this capture was taken, so it was not lost on the way; yet its TCP never took it: ${lostEvidence(n.why, n.who, lang)}. ${cause}`
        : `到达了${who}（抓包就在这里），所以并非在途中丢失；但它的 TCP 没有接收它：${lostEvidence(n.why, n.who, lang)}。${cause}`;
    }
    case 'crossed':
      return en ? `crossed on the wire: arrives after ${frame(n.after)}` : `在线路上交错：在 ${frame(n.after)} 之后才到达`;
    case 'arrives-now':
      return en ? `${frame(n.index)} arrives now` : `${frame(n.index)} 此时到达`;
    case 'half-open':
      return en
        ? `the ${ROLE.en[n.who]} no longer had this connection (it answers like a closed port): a half-open connection`
        : `${ROLE[lang][n.who]}已经没有这条连接了（它像关闭的端口一样回应）：半开连接`;
    case 'syn-cookie':
      return en
        ? `the ${ROLE.en[n.who]} kept no state for this SYN: it never resent its SYN-ACK, unanswered past Linux's first SYN-ACK timeout (1 s). A SYN cookie: Linux answers that way when its SYN queue is full, and stays in LISTEN`
        : `${ROLE[lang][n.who]}没有为这个 SYN 保存任何状态：它的 SYN-ACK 无人回应，超过 Linux 第一次重传 SYN-ACK 的时间（1 秒）也没有重传。这是 SYN cookie：Linux 在半连接队列已满时这样应答，并保持 LISTEN`;
    case 'data-after-close':
      return en
        ? `the ${ROLE.en[n.who]}'s application had closed the connection for reading too (close(), not shutdown()): new data after that can never be read, so its TCP answers with RST (RFC 9293 §3.6.1; Linux does)`
        : `${ROLE[lang][n.who]}的应用已经连读取一并关闭（调用的是 close() 而不是 shutdown()）：之后到达的新数据再也无法被读取，所以它的 TCP 以 RST 回应（RFC 9293 §3.6.1；Linux 就是这样做的）`;
    case 'mid-stream':
      return en ? 'the capture starts after the handshake: both ends taken as ESTABLISHED' : '抓包开始于握手之后：两端按 ESTABLISHED 处理';
    case 'after-syn':
      return en ? 'the capture starts after the SYN' : '抓包开始于 SYN 之后';
    case 'new-incarnation':
      return en ? 'a new SYN on the same 4-tuple: a new connection' : '同一个四元组上的新 SYN：一条新连接';
    case 'gap':
      return en ? `${n.bytes} earlier byte${n.bytes === 1 ? ' was' : 's were'} not captured` : `之前有 ${n.bytes} 字节没有被抓到`;
    case 'not-sendable':
      return en ? `the ${ROLE.en[n.who]} sends data in ${n.state}, where TCP no longer sends new data` : `${ROLE[lang][n.who]}在 ${n.state} 状态下发送数据，而此时 TCP 不应再发送新数据`;
    case 'no-connection':
      return en ? `the ${ROLE.en[n.who]} has no connection that would send this` : `${ROLE[lang][n.who]}没有会发出这个报文段的连接`;
    case 'engine-refused':
      return en ? `the engine could not apply it for the ${ROLE.en[n.who]}: ${n.detail}` : `引擎无法为${ROLE[lang][n.who]}应用它：${n.detail}`;
    case 'change':
      return `${ROLE[lang][n.who]} ${n.from} → ${n.to} (${n.rule})`;
    default: {
      const unreachable: never = n;
      return String(unreachable);
    }
  }
}

/** What showed that a segment the capture saw arrive never reached its receiver's TCP (`who`: that receiver). */
function lostEvidence(n: LostNote, who: Role, lang: NoteLang): string {
  const en = lang === 'en';
  const r = en ? ROLE.en[who] : ROLE[lang][who];
  switch (n.code) {
    case 'lost-retransmitted':
      return en ? `its sender sent it again (${frame(n.by)}) before anything acknowledged it` : `发送方在收到确认之前重传了它（${frame(n.by)}）`;
    case 'lost-peer-retransmitted':
      return en ? `the ${r} later sent again what this segment acknowledged (${frame(n.by)})` : `${r}后来重传了这个报文段已确认的内容（${frame(n.by)}）`;
    case 'lost-rst-ignored':
      return en ? `the ${r} kept sending afterwards (${frame(n.by)})` : `${r}之后仍在发送（${frame(n.by)}）`;
    case 'lost-answered-later':
      return en ? `the ${r} answered only the later SYN-ACK (${frame(n.by)}), with a bare ACK` : `${r}只回应了后来的 SYN-ACK（${frame(n.by)}），回的是单纯的 ACK`;
    case 'lost-keepalive-timeout':
      return en ? `the ${r}'s keep-alive reset that follows (${frame(n.by)}) shows its probes went unanswered` : `随后${r}因保活超时发出的 RST（${frame(n.by)}）表明它的探测没有得到回应`;
    case 'lost-not-acknowledged':
      return en ? `the ${r}'s next segment (${frame(n.by)}), sent well after, still acknowledges only up to this one's start` : `${r}的下一个报文段（${frame(n.by)}）在很久之后才发出，却仍然只确认到它的起始序列号`;
    case 'lost-unanswered':
      return en ? `the ${r} never answered it in the ${n.seconds} s the capture goes on` : `抓包随后的 ${n.seconds} 秒内${r}始终没有回应它`;
    case 'lost-syn-unanswered':
      return en ? `the ${r} never answered it (a SYN-ACK, or a RST if nobody listens) in the ${n.seconds} s the capture goes on` : `抓包随后的 ${n.seconds} 秒内${r}始终没有回应它（本应回 SYN-ACK；若没有进程监听则回 RST）`;
    default: {
      const unreachable: never = n;
      return String(unreachable);
    }
  }
}

const micros = (seconds: number, lang: NoteLang): string => {
  const us = Math.round(seconds * 1e6);
  return lang === 'en' ? (us < 10_000 ? `${us} µs` : `${Math.round(us / 1000)} ms`) : us < 10_000 ? `${us} 微秒` : `${Math.round(us / 1000)} 毫秒`;
};

/** Where the capture of a connection was taken, and what shows it (the ladder's header, the capture panel). */
export function captureSiteText(info: CaptureSiteInfo, lang: NoteLang): string {
  const en = lang === 'en';
  const { site, ttl, answers } = info;
  if (site === 'both') return en ? 'captured on one host, at both ends (the loopback): every segment leaves and arrives there' : '在同一台主机上抓包，两端都在这里（环回接口）：每个报文段的发出和到达都在这里';
  if (site === 'unknown') {
    if (ttl) {
      return en
        ? `capture point unknown: both ends' segments passed routers (TTL ${ttl.client} from the client, ${ttl.server} from the server), so it was taken in the middle`
        : `抓包点未知：两端的报文段都经过了路由器（客户端的 TTL 为 ${ttl.client}，服务器的为 ${ttl.server}），抓包点在中间`;
    }
    return en ? 'capture point unknown: the capture does not show which end it was taken at' : '抓包点未知：这份抓包看不出是在哪一端抓的';
  }
  const far: Role = site === 'client' ? 'server' : 'client';
  const why: string[] = [];
  if (ttl) {
    why.push(en
      ? `its segments carry TTL ${ttl[site]} as they leave a host, the ${far}'s ${ttl[far]}: routers lie between the capture and the ${far}`
      : `它的报文段带着主机发出时的 TTL ${ttl[site]}，${ROLE[lang][far]}的则是 ${ttl[far]}：抓包点与${ROLE[lang][far]}之间隔着路由器`);
  }
  if (answers) {
    why.push(en
      ? `it answers within ${micros(answers[site], lang)}, the ${far} only after ${micros(answers[far], lang)}, a round trip`
      : `它在 ${micros(answers[site], lang)}内就作出回应，${ROLE[lang][far]}则要 ${micros(answers[far], lang)}，一个往返`);
  }
  return en ? `captured at the ${site}${why.length ? ` (${why.join('; ')})` : ''}` : `在${ROLE[lang][site]}上抓包${why.length ? `（${why.join('；')}）` : ''}`;
}

/** Notes a reader sees: not the quiet arrivals of a routine crossing (they only time the replay). */
export function spoken(n: NoteItem): boolean {
  return !(n.code === 'arrives-now' && n.quiet);
}

/**
 * A segment taken as lost that may have arrived: a client's capture cannot tell its lost SYN from the
 * server's lost SYN-ACK; a FIN sent again with no word from its receiver may have arrived and its
 * ACK been lost; on a reordering path, a sender's capture cannot tell which of several copies the
 * receiver's duplicate reports were for. The engine plays it as lost, but a reader
 * should not be told so flatly. (A SYN a full accept queue dropped never reached the receiver's TCP
 * either: that doubt is no doubt.)
 */
export function lossInDoubt(notes: readonly NoteItem[]): boolean {
  return notes.some((n) => n.code === 'or-syn-ack-lost' || n.code === 'or-ack-lost' || n.code === 'or-copy-late' || n.code === 'or-paws-late');
}

export function noteText(items: readonly NoteItem[], lang: NoteLang): string {
  return items.filter(spoken).map((n) => noteItemText(n, lang)).join(lang === 'en' ? '; ' : '；');
}

export function problemText(p: CaptureProblem, lang: NoteLang): string {
  const en = lang === 'en';
  const q = p.params;
  const at = p.index === null ? '' : en ? `packet ${p.index}: ` : `第 ${p.index} 个包：`;
  const body = ((): string => {
    switch (p.code) {
      case 'not-a-capture':
        return en ? `not a pcap or pcapng file (it starts with ${q['magic']})` : `不是 pcap 或 pcapng 文件（开头是 ${q['magic']}）`;
      case 'truncated-header':
        return en ? `the file ends inside its header (${q['bytes']} bytes)` : `文件在文件头中间就结束了（${q['bytes']} 字节）`;
      case 'truncated-packet':
        return en ? `the file ends in the middle of this packet (only ${q['have']} bytes of it are there): the file was cut short` : `文件在这个包中间结束（只有 ${q['have']} 字节）：文件被截断了`;
      case 'corrupt-record':
        return en ? `corrupt record at byte ${q['offset']}: nothing after it can be read` : `第 ${q['offset']} 字节处的记录已损坏：其后的内容都无法读取`;
      case 'unknown-interface':
        return en ? `names interface ${q['interface']}, which the file never describes` : `引用了文件中未描述的接口 ${q['interface']}`;
      case 'unsupported-link-type':
        return en ? `${q['linkType']} is not a link type this reader knows (Ethernet, Linux cooked SLL/SLL2, raw IP, loopback)` : `不支持的链路类型 ${q['linkType']}（支持 Ethernet、Linux cooked SLL/SLL2、原始 IP、loopback）`;
      case 'not-ip':
        return en ? `not IP (${q['etherType']})` : `不是 IP 包（${q['etherType']}）`;
      case 'not-tcp':
        return en ? `not TCP (${q['protocol']})` : `不是 TCP（${q['protocol']}）`;
      case 'ip-fragment':
        return en
          ? `an IP fragment (${q['src']} → ${q['dst']}, offset ${q['offset']}): fragments are not reassembled, so this piece is skipped`
          : `IP 分片（${q['src']} → ${q['dst']}，偏移 ${q['offset']}）：不做分片重组，跳过这一片`;
      case 'snaplen-short':
        return en
          ? `only ${q['have']} bytes were captured, but the ${q['layer']} header needs ${q['need']}: the snap length was too short`
          : `只抓到了 ${q['have']} 字节，而 ${q['layer']} 头需要 ${q['need']} 字节：抓包长度（snaplen）太短`;
      case 'bad-ip-header':
        return en ? `malformed IP header (${q['detail']})` : `IP 头格式错误（${q['detail']}）`;
      case 'bad-tcp-header':
        return en ? `malformed TCP header (${q['detail']})` : `TCP 头格式错误（${q['detail']}）`;
      case 'bad-tcp-option':
        return en ? `malformed TCP option (${q['detail']}); the segment is still used` : `TCP 选项格式错误（${q['detail']}）；报文段仍然使用`;
      case 'payload-not-captured':
        return en ? `${q['have']} of ${q['len']} payload bytes captured; the length is taken from the IP header` : `只抓到 ${q['len']} 字节负载中的 ${q['have']} 字节；长度按 IP 头计算`;
      case 'time-went-backwards':
        return en ? `its timestamp is earlier than the previous packet's; taken as simultaneous` : `时间戳早于前一个包；按同时处理`;
      case 'too-many-connections':
        return en ? `more than ${q['max']} connections at once: the least recently seen ones are forgotten` : `同时超过 ${q['max']} 条连接：最久未见的连接被遗忘`;
      default: {
        const unreachable: never = p.code;
        return String(unreachable);
      }
    }
  })();
  return at + body;
}

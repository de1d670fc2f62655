import { symmetricWire, type ScriptedFault } from '../tcp/wire.ts';
import type { AppStep, Scenario } from './scenario.ts';
import { QUIZ } from './quiz.ts';

/** The scenario catalogue: data, not code. Times are engine milliseconds. */

const CLIENT = '10.0.0.2';
const SERVER = '10.0.0.1';
const ports = { client: 49_152, server: 80 };
const addresses = { client: CLIENT, server: SERVER };
const calm = symmetricWire({ delayMs: 300 });

const clientRequest: AppStep[] = [
  { call: 'connect', when: 'start' },
  { call: 'send', when: 'established', data: 'GET /' },
  { call: 'receive', when: 'data-arrived' },
  { call: 'close', when: 'start', afterMs: 200 },
];
const serverReply: AppStep[] = [
  { call: 'listen', when: 'start' },
  { call: 'accept', when: 'acceptable' },
  { call: 'receive', when: 'data-arrived' },
  { call: 'send', when: 'start', data: '200 OK' },
  { call: 'close', when: 'peer-closed' },
];
const handshakeOnlyClient: AppStep[] = [
  { call: 'connect', when: 'start' },
  { call: 'close', when: 'established', afterMs: 400 },
];
const handshakeOnlyServer: AppStep[] = [
  { call: 'listen', when: 'start' },
  { call: 'accept', when: 'acceptable' },
  { call: 'close', when: 'peer-closed' },
];

const drop = (from: 'client' | 'server', withFlags: ScriptedFault['withFlags'], count = 1, skip = 0): ScriptedFault => ({
  action: 'drop',
  from,
  withFlags,
  exact: true,
  count,
  skip,
});

/**
 * Two other clients of the server, each completing its handshake (their SYN-ACKs go to hosts the
 * game does not show): A's SYN arrives before our client's, B's just after, and both their ACKs
 * before our client's ACK, so with listen(backlog = 1) the accept queue holds two connections — full
 * on Linux, which counts it full at backlog + 1 — when our client's ACK arrives. At 9 s both abort.
 */
const NEIGHBOUR_A = '10.0.0.3:50001';
const NEIGHBOUR_B = '10.0.0.4:50002';
const neighbours: Scenario['injections'] = [
  { at: 0, from: 'client', src: NEIGHBOUR_A, seq: 70_000, ack: 0, flags: ['SYN'], data: '', delayMs: 100 },
  { at: 300, from: 'client', src: NEIGHBOUR_A, seq: 70_001, ack: 0, flags: ['ACK'], data: '', delayMs: 100, acksSynAck: true },
  { at: 350, from: 'client', src: NEIGHBOUR_B, seq: 80_000, ack: 0, flags: ['SYN'], data: '', delayMs: 100 },
  { at: 500, from: 'client', src: NEIGHBOUR_B, seq: 80_001, ack: 0, flags: ['ACK'], data: '', delayMs: 100, acksSynAck: true },
  { at: 9_000, from: 'client', src: NEIGHBOUR_A, seq: 70_001, ack: 0, flags: ['RST'], data: '', delayMs: 100 },
  { at: 9_000, from: 'client', src: NEIGHBOUR_B, seq: 80_001, ack: 0, flags: ['RST'], data: '', delayMs: 100 },
];

function scenario(s: Omit<Scenario, 'addresses' | 'ports' | 'wire' | 'faults' | 'injections' | 'roles' | 'profile' | 'timeLimitMs' | 'quiz'> & Partial<Scenario>): Scenario {
  return {
    addresses,
    ports,
    wire: calm,
    faults: [],
    injections: [],
    roles: ['client', 'server'],
    profile: 'rfc9293',
    timeLimitMs: 900_000,
    quiz: QUIZ[s.id] ?? [],
    ...s,
  };
}

export const SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'handshake',
    title: { en: 'The three-way handshake', 'zh-CN': '三次握手' },
    goal: { en: 'Open a connection with SYN, SYN-ACK, ACK, then close it cleanly.', 'zh-CN': '用 SYN、SYN-ACK、ACK 建立连接，然后干净地关闭它。' },
    question: { en: 'Walk through the handshake: which states does each side pass?', 'zh-CN': '讲讲三次握手的过程：双方各经过哪些状态？' },
    apps: { client: handshakeOnlyClient, server: handshakeOnlyServer },
  }),
  scenario({
    id: 'why-three',
    title: { en: 'Why three, not two: an old duplicate SYN', 'zh-CN': '为什么是三次而不是两次：过期的重复 SYN' },
    goal: { en: 'A stale SYN from an earlier attempt reaches the server first. Reset the false start, then connect.', 'zh-CN': '一个早先遗留的 SYN 先到达服务器。复位这次错误的开始，然后正常建立连接。' },
    question: { en: 'Why does TCP need a third handshake segment?', 'zh-CN': '为什么握手需要三次，两次不行吗？' },
    faults: [{ action: 'delay', from: 'client', withFlags: ['SYN'], exact: true, count: 1, extraDelayMs: 1_200 }],
    injections: [{ at: 0, from: 'client', src: `${CLIENT}:${ports.client}`, seq: 90_000, ack: 0, flags: ['SYN'], data: '', delayMs: 100 }],
    apps: { client: handshakeOnlyClient, server: handshakeOnlyServer },
  }),
  scenario({
    id: 'data-on-third',
    title: { en: 'Data on the third segment', 'zh-CN': '第三次握手携带数据' },
    goal: { en: 'The client sends its request on the ACK that completes the handshake.', 'zh-CN': '客户端把请求数据放在完成握手的那个 ACK 上一起发出。' },
    question: { en: 'Can handshake segments carry data? Which ones?', 'zh-CN': '三次握手的报文可以携带数据吗？哪一次可以？' },
    apps: {
      client: [{ call: 'connect', when: 'start', data: 'GET /' }, { call: 'receive', when: 'data-arrived' }, { call: 'close', when: 'start', afterMs: 200 }],
      server: serverReply,
    },
  }),
  scenario({
    id: 'lost-syn',
    title: { en: 'A lost SYN', 'zh-CN': 'SYN 丢失' },
    goal: { en: 'The first SYN never arrives. Retransmit it when the timer fires.', 'zh-CN': '第一个 SYN 丢了。重传定时器到期时重发它。' },
    question: { en: 'What happens if the first handshake segment is lost?', 'zh-CN': '第一次握手的 SYN 丢失了会怎样？' },
    faults: [drop('client', ['SYN'])],
    apps: { client: handshakeOnlyClient, server: handshakeOnlyServer },
  }),
  scenario({
    id: 'lost-syn-ack',
    title: { en: 'Lost SYN-ACKs and exponential backoff', 'zh-CN': 'SYN-ACK 丢失与指数退避' },
    goal: { en: 'Two SYN-ACKs are lost. Both sides retransmit, each on its own timer: the server\'s SYN-ACK timer doubles each time; so does the client\'s SYN timer under RFC 9293 rules, while Linux resends its first SYNs 1 s apart.', 'zh-CN': '两个 SYN-ACK 丢失。双方都要重传，各用各的定时器：服务器的 SYN-ACK 定时器每次翻倍；按 RFC 9293 规则，客户端的 SYN 定时器也每次翻倍，而 Linux 最初几次 SYN 重传每隔 1 秒一次。' },
    question: { en: 'If the SYN-ACK is lost, who retransmits, and how often?', 'zh-CN': '第二次握手的 SYN-ACK 丢了，谁来重传？间隔如何变化？' },
    faults: [drop('server', ['SYN', 'ACK'], 2)],
    apps: { client: handshakeOnlyClient, server: handshakeOnlyServer },
  }),
  scenario({
    id: 'syn-flood',
    title: { en: 'SYN flood and the half-open queue', 'zh-CN': 'SYN 洪泛与半连接队列' },
    goal: { en: 'Spoofed SYNs fill the SYN queue. Under RFC 9293 rules the real client must wait until half-open entries time out; under Linux rules a SYN cookie answers it at once.', 'zh-CN': '伪造源地址的 SYN 塞满了半连接队列。按 RFC 9293 规则，真正的客户端只能等半连接条目超时后才能进来；按 Linux 规则，SYN cookie 会立即应答它。' },
    question: { en: 'What is the half-open (SYN) queue, and what happens when it is full?', 'zh-CN': '什么是半连接队列？队列满了会发生什么？' },
    config: { synBacklog: 4, synAckRetries: 2 },
    roles: ['server', 'client'],
    injections: [0, 1, 2, 3, 4].map((i) => ({ at: 20 * i, from: 'client' as const, src: `198.51.100.${20 + i}:${41_000 + i}`, seq: 7_000 * (i + 1), ack: 0, flags: ['SYN' as const], data: '', delayMs: 200 })),
    apps: {
      client: [{ call: 'connect', when: 'start', afterMs: 400 }, { call: 'close', when: 'established', afterMs: 400 }],
      server: handshakeOnlyServer,
    },
  }),
  scenario({
    id: 'accept-queue-full',
    title: { en: 'A full accept queue', 'zh-CN': '全连接队列已满' },
    goal: {
      en: 'listen(backlog = 1), and two other clients already wait for accept(): on Linux the accept queue is full. The server drops the handshake\'s last ACK and stays SYN-RECEIVED, retransmitting its SYN-ACK, while the client believes it is ESTABLISHED. Once accept() frees a slot, the ACK of the next SYN-ACK completes the handshake. (RFC 9293 has no accept queue: under its rules the server takes the ACK at once.)',
      'zh-CN': 'listen(backlog = 1)，另有两个客户端已在等待 accept()：在 Linux 上全连接队列满了。服务器丢弃握手的最后一个 ACK，停在 SYN-RECEIVED 并重传 SYN-ACK，而客户端以为自己已经 ESTABLISHED。accept() 腾出位置后，对下一个 SYN-ACK 的 ACK 才完成握手。（RFC 9293 没有全连接队列：按它的规则，服务器会立即接受这个 ACK。）',
    },
    question: { en: 'What is the accept (full-connection) queue, and what happens when it is full?', 'zh-CN': '什么是全连接队列（accept 队列）？队列满了会发生什么？' },
    profile: 'linux',
    config: { acceptBacklog: 1 },
    injections: neighbours,
    apps: {
      client: [{ call: 'connect', when: 'start' }, { call: 'close', when: 'established', afterMs: 4_000 }],
      server: [
        { call: 'listen', when: 'start' },
        // The application is busy: it calls accept() only 2.5 s after the first connection is
        // waiting (A's, at 400 ms), then takes every waiting connection.
        { call: 'accept', when: 'acceptable', afterMs: 2_500 },
        { call: 'accept', when: 'acceptable' },
        { call: 'accept', when: 'acceptable' },
        { call: 'close', when: 'peer-closed' },
      ],
    },
  }),
  scenario({
    id: 'accept-queue-closed',
    title: { en: 'The listener closes before accept()', 'zh-CN': '未 accept 就关闭监听套接字' },
    goal: {
      en: 'The accept queue is full again, and this time the application closes its listening socket instead of calling accept(). On Linux the connection still in SYN-RECEIVED dies with the listener, silently; the client, ESTABLISHED all along, learns it only when its FIN is answered with a RST. (RFC 9293 has no accept queue: under its rules the connection is ESTABLISHED before the listener closes, outlives it, and closes normally.)',
      'zh-CN': '全连接队列又满了，这次应用没有调用 accept()，而是关闭了监听套接字。在 Linux 上，仍处于 SYN-RECEIVED 的连接随监听套接字一起悄悄消失；一直以为自己 ESTABLISHED 的客户端，要等它的 FIN 收到 RST 时才知道。（RFC 9293 没有全连接队列：按它的规则，连接在监听套接字关闭前就已 ESTABLISHED，不受其影响，最后正常关闭。）',
    },
    question: { en: 'The client thinks it is connected, but the server never accepted it. What happens when the client closes?', 'zh-CN': '客户端以为连接已建立，但服务器从未 accept 它。客户端关闭时会怎样？' },
    profile: 'linux',
    config: { acceptBacklog: 1 },
    injections: neighbours,
    apps: {
      client: [{ call: 'connect', when: 'start' }, { call: 'close', when: 'established', afterMs: 4_000 }],
      server: [
        { call: 'listen', when: 'start' },
        { call: 'unlisten', when: 'start', afterMs: 2_500 },
        // Where the connection outlived the listener (RFC 9293 has no accept queue), it is closed when the client closes.
        { call: 'close', when: 'peer-closed' },
      ],
    },
  }),
  scenario({
    id: 'active-close-client',
    title: { en: 'Four-way close, client first', 'zh-CN': '四次挥手：客户端先关闭' },
    goal: { en: 'A request, a reply, then the client closes: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT on one side; CLOSE-WAIT, LAST-ACK on the other.', 'zh-CN': '一次请求、一次应答，然后客户端先关闭：一方经过 FIN-WAIT-1、FIN-WAIT-2、TIME-WAIT，另一方经过 CLOSE-WAIT、LAST-ACK。' },
    question: { en: 'Walk through the four-way close and name every state.', 'zh-CN': '讲讲四次挥手的过程，说出每个状态。' },
    apps: { client: clientRequest, server: serverReply },
  }),
  scenario({
    id: 'active-close-server',
    title: { en: 'Four-way close, server first', 'zh-CN': '四次挥手：服务器先关闭' },
    goal: { en: 'The server replies and closes first, so the server waits in TIME-WAIT.', 'zh-CN': '服务器回复后先关闭，所以由服务器进入 TIME-WAIT。' },
    question: { en: 'Which side ends up in TIME-WAIT?', 'zh-CN': '哪一方会进入 TIME-WAIT？' },
    apps: {
      client: [{ call: 'connect', when: 'start' }, { call: 'send', when: 'established', data: 'GET /' }, { call: 'receive', when: 'data-arrived' }, { call: 'close', when: 'peer-closed' }],
      server: [{ call: 'listen', when: 'start' }, { call: 'accept', when: 'acceptable' }, { call: 'receive', when: 'data-arrived' }, { call: 'send', when: 'start', data: '200 OK' }, { call: 'close', when: 'start', afterMs: 100 }],
    },
  }),
  scenario({
    id: 'lost-final-ack',
    title: { en: 'The last ACK is lost: why TIME-WAIT exists', 'zh-CN': '最后一个 ACK 丢失：TIME-WAIT 为什么存在' },
    goal: { en: 'The final ACK is lost. The server retransmits its FIN; the client, still in TIME-WAIT, acknowledges it again.', 'zh-CN': '最后一个 ACK 丢了。服务器重传 FIN；仍在 TIME-WAIT 的客户端再次确认它。' },
    question: { en: 'Why wait in TIME-WAIT, and for how long?', 'zh-CN': '为什么要有 TIME-WAIT？要等多久？' },
    profile: 'linux',
    faults: [drop('client', ['ACK'], 1, 1)],
    apps: { client: handshakeOnlyClient, server: handshakeOnlyServer },
  }),
  scenario({
    id: 'simultaneous-close',
    title: { en: 'Simultaneous close', 'zh-CN': '同时关闭' },
    goal: { en: 'Both FINs cross on the wire: both sides pass CLOSING, then TIME-WAIT.', 'zh-CN': '两个 FIN 在线路上交错：双方都经过 CLOSING，再进入 TIME-WAIT。' },
    question: { en: 'What if both sides close at the same moment?', 'zh-CN': '如果双方同时发起关闭会怎样？' },
    // Both close at 1.4 s: the client is ESTABLISHED at 600 ms (its SYN-ACK back), the server at
    // 900 ms (the ACK arrives) and accepts then, so 600 + 800 = 900 + 500 and the FINs cross.
    apps: {
      client: [{ call: 'connect', when: 'start' }, { call: 'close', when: 'established', afterMs: 800 }],
      server: [{ call: 'listen', when: 'start' }, { call: 'accept', when: 'acceptable' }, { call: 'close', when: 'start', afterMs: 500 }],
    },
  }),
  scenario({
    id: 'simultaneous-open',
    title: { en: 'Simultaneous open', 'zh-CN': '同时打开' },
    goal: { en: 'Both hosts connect to each other at once: SYNs cross, both pass SYN-RECEIVED.', 'zh-CN': '两台主机同时向对方发起连接：SYN 交错，双方都经过 SYN-RECEIVED。' },
    question: { en: 'Can two SYNs cross? What states do the hosts pass?', 'zh-CN': '两个 SYN 可以交错吗？主机会经过哪些状态？' },
    ports: { client: 5_000, server: 6_000 },
    apps: {
      client: [{ call: 'connect', when: 'start' }, { call: 'close', when: 'peer-closed' }],
      server: [{ call: 'connect', when: 'start' }, { call: 'close', when: 'established', afterMs: 600 }],
    },
  }),
  scenario({
    id: 'connection-refused',
    title: { en: 'Connection refused', 'zh-CN': '连接被拒绝' },
    goal: { en: 'Nobody listens on the port: the SYN is answered with RST.', 'zh-CN': '端口上没有进程监听：SYN 得到的回答是 RST。' },
    question: { en: 'What does a host answer to a SYN for a closed port?', 'zh-CN': '向一个没有监听的端口发 SYN，对方会回什么？' },
    apps: { client: [{ call: 'connect', when: 'start' }], server: [] },
  }),
  scenario({
    id: 'abort-rst',
    title: { en: 'Abort with RST', 'zh-CN': '用 RST 中止连接' },
    goal: { en: 'The client aborts instead of closing: one RST, no FIN handshake, no TIME-WAIT.', 'zh-CN': '客户端直接中止而不是关闭：一个 RST，没有 FIN 挥手，也没有 TIME-WAIT。' },
    question: { en: 'How is an abort different from a close?', 'zh-CN': '中止（RST）和正常关闭（FIN）有什么区别？' },
    apps: {
      client: [{ call: 'connect', when: 'start' }, { call: 'send', when: 'established', data: 'GET /' }, { call: 'abort', when: 'start', afterMs: 900 }],
      server: [{ call: 'listen', when: 'start' }, { call: 'accept', when: 'acceptable' }, { call: 'receive', when: 'data-arrived' }],
    },
  }),
  scenario({
    id: 'half-open',
    title: { en: 'Discovering a half-open connection', 'zh-CN': '发现半开连接' },
    goal: { en: 'The server reboots and forgets the connection. The client’s next data is answered with RST.', 'zh-CN': '服务器重启，忘掉了这条连接。客户端再发数据时，得到的回答是 RST。' },
    question: { en: 'What happens when one side crashes and the other keeps sending?', 'zh-CN': '一方崩溃重启后，另一方继续发数据会怎样？' },
    apps: {
      client: [{ call: 'connect', when: 'start' }, { call: 'send', when: 'established', afterMs: 1_500, data: 'ping' }],
      server: [{ call: 'listen', when: 'start' }, { call: 'accept', when: 'acceptable' }, { call: 'reboot', when: 'start', afterMs: 300 }],
    },
  }),
  // The article's "is the ISN fixed?": the same old segment meets a connection whose ISNs are
  // fixed (it fits the window and is taken as data) and one whose ISNs are random (it does not).
  scenario({
    id: 'isn-fixed',
    title: { en: 'A fixed ISN lets an old segment in', 'zh-CN': '固定的 ISN：旧报文混进了新连接' },
    goal: {
      en: 'Both hosts start every connection at the same ISN (client 1000, server 5000), as the previous connection between these sockets did. Its delayed request "DEL /" (seq 1001, ack 5001) reaches the server in SYN-RECEIVED, just before the client\'s own ACK and "GET /": it fits the new connection exactly. Play the round by the rules and see which request the server\'s application gets.',
      'zh-CN': '两台主机每次建立连接都使用相同的 ISN（客户端 1000，服务器 5000），这两个套接字之间的上一条连接也是如此。上一条连接迟到的请求 "DEL /"（seq 1001，ack 5001）在服务器处于 SYN-RECEIVED 时到达，恰好赶在客户端自己的 ACK 和 "GET /" 之前：它与新连接严丝合缝。按规则把这一局打完，看看服务器的应用收到的是哪个请求。',
    },
    question: { en: 'Is the ISN fixed? What goes wrong if it is?', 'zh-CN': 'ISN 是固定的吗？如果固定会出什么问题？' },
    iss: { client: 1_000, server: 5_000 },
    // It arrives while the server is still in SYN-RECEIVED, just before the client's own ACK and request.
    injections: [{ at: 700, from: 'client', src: `${CLIENT}:${ports.client}`, seq: 1_001, ack: 5_001, flags: ['ACK'], data: 'DEL /', delayMs: 100, kind: 'old-duplicate' }],
    apps: { client: clientRequest, server: serverReply },
  }),
  scenario({
    id: 'isn-random',
    title: { en: 'A random ISN keeps old and forged segments out', 'zh-CN': '随机的 ISN：旧报文和伪造报文进不来' },
    goal: {
      en: 'The same delayed "DEL /" (seq 1001, ack 5001) arrives, and a blind attacker who guessed the old numbers sends a RST with seq 1006. This time each TCP picked its ISN at random (RFC 9293 §3.4.1, RFC 6528): neither fits the window. Answer each by the rules.',
      'zh-CN': '同样迟到的 "DEL /"（seq 1001，ack 5001）又来了，还有一个按旧序列号盲猜的攻击者发来 seq 1006 的 RST。这一次双方的 TCP 都随机选择 ISN（RFC 9293 §3.4.1、RFC 6528）：两者都落不进窗口。按规则逐一应对。',
    },
    question: { en: 'Why is the ISN chosen at random, not fixed?', 'zh-CN': '为什么 ISN 要随机选取，而不是固定的？' },
    injections: [
      { at: 700, from: 'client', src: `${CLIENT}:${ports.client}`, seq: 1_001, ack: 5_001, flags: ['ACK'], data: 'DEL /', delayMs: 100, kind: 'old-duplicate' },
      { at: 1_100, from: 'client', src: `${CLIENT}:${ports.client}`, seq: 1_006, ack: 0, flags: ['RST'], data: '', delayMs: 100, kind: 'spoofed' },
    ],
    apps: { client: clientRequest, server: serverReply },
  }),
  // The article's "what does each state mean?": a half-close, where the states' meanings show.
  // The client closes right after its request; the server still answers from CLOSE-WAIT, and the
  // client, in FIN-WAIT-2, still receives and acknowledges that data.
  scenario({
    id: 'half-close',
    title: { en: 'Half-close: what each state means', 'zh-CN': '半关闭：每个状态的含义' },
    goal: {
      en: 'The client sends its request and closes at once. The server, now in CLOSE-WAIT, still sends its reply; the client, in FIN-WAIT-2, still receives it. Name every state you pass: hover a state on the diagram to read what it means.',
      'zh-CN': '客户端发出请求后立刻关闭。进入 CLOSE-WAIT 的服务器仍然发送它的应答；处于 FIN-WAIT-2 的客户端仍然接收它。说出你经过的每一个状态：把鼠标移到状态图上即可查看状态的含义。',
    },
    question: { en: 'What does each TCP state mean?', 'zh-CN': 'TCP 的每个状态分别是什么含义？' },
    apps: {
      client: [{ call: 'connect', when: 'start' }, { call: 'send', when: 'established', data: 'GET /' }, { call: 'close', when: 'start', afterMs: 100 }, { call: 'receive', when: 'data-arrived' }],
      server: [{ call: 'listen', when: 'start' }, { call: 'accept', when: 'acceptable' }, { call: 'receive', when: 'data-arrived' }, { call: 'send', when: 'peer-closed', data: '200 OK' }, { call: 'close', when: 'start', afterMs: 300 }],
    },
  }),
];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

/** The classroom pages' words, in both languages (the language choice is the game's own). */
import { HEAT_WORDS, type HeatWord } from '../../shared/classroom/heatWords.ts';
import { BOT_NAME } from '../../shared/classroom/botName.ts';
import { spacedAfterHan, spacedBeforeHan } from '../i18n/hanSpacing.ts';

export type Lang = 'en' | 'zh-CN';

const EN = {
  title: 'TCP Dojo · Classroom',
  openTitle: 'Open a class',
  className: 'Class name',
  scenario: 'Scenario',
  loss: 'Wire loss (%)',
  delay: 'Wire delay (ms)',
  mode: 'Mode',
  coach: 'Coach (wrong moves are explained, try again)',
  consequences: 'Consequences (wrong segments go on the wire)',
  timeLimit: 'Round time limit (s)',
  /** Under the time limit: what it counts, and why its default is what it is (shared/classroom/timeLimit.ts). */
  timeLimitHint: (s: number) =>
    `Game time: its clock stops while students think and skips quiet waits, so a longer limit costs little real time. ${s} s lets TIME-WAIT (RFC 9293: 2×MSL = 240 s) run out, and students make its last move; with less, a round may end while TIME-WAIT still runs.`,
  rounds: 'Rounds',
  open: 'Open the class',
  joinTitle: 'Join a class',
  smallScreen: 'On a phone, the game is played held sideways: turn your phone when your round starts.',
  code: 'Class code',
  name: 'Your name',
  join: 'Join',
  lobby: 'In the class',
  waiting: 'Waiting for the teacher to start…',
  joinAt: 'Join at',
  teacherLink: 'Keep this teacher link private:',
  start: 'Start',
  next: 'Next round',
  addRound: '+1 round',
  addRoundTitle: (max: number) => `Add a round to this class, the students staying joined (at most ${max} rounds)`,
  stop: 'Stop round',
  repair: 'Re-pair',
  end: 'End class',
  results: 'Results',
  csv: 'Download CSV',
  pairs: 'Pairs',
  pair: 'Pair',
  round: 'Round',
  heatmap: 'Misconceptions: what the class chose at each decision point',
  expected: 'correct',
  /** Between two right answers of one heatmap cell. */
  or: ' or ',
  heatWords: HEAT_WORDS as Readonly<Record<HeatWord, string>>,
  /** A pair's card is a button: its title says so, and what the “…” after a name means. */
  spectate: 'Click to watch this pair. “…” after a name: that student is deciding now.',
  spectating: (n: number): string => `Spectating pair ${n}`,
  closeSpectate: 'Close',
  pcapTitle: 'Download what this pair has sent so far as a .pcap (opens in Wireshark)',
  youPlay: 'You play the',
  client: 'client host',
  server: 'server host',
  partner: 'Partner',
  renamed: (name: string) => `Another student already has that name: in this class you are “${name}”.`,
  benched: 'Your seat in this round was not held any longer: the bot plays your host until the round ends. You play again in the next round.',
  /** The student left this round (from the game, or away longer than their seat was held): the bot has their host until they take it back. */
  leftRound: 'You left this round, or were away too long: the bot plays your host for now. Take it back to play on from where it is now.',
  /** The button that takes the host back from the bot (the class sends a fresh seat, and the game opens). */
  takeBack: 'Take my host back',
  bot: 'Bot',
  /** A host the bot took over from a student (who left, or whose seat was not held): the teacher sees both. */
  botFor: (name: string) => `Bot (for ${name})`,
  /** Under a student's partner line: their partner left this round (or lost the connection for good) and the bot plays on. */
  partnerLeft: (name: string) => `${name} left the round: the bot has taken over their host.`,
  /** Under a student's partner line: the partner who left came back and plays their host again. */
  partnerBack: (name: string) => `${name} is back: they play their host again, the bot no longer does.`,
  /** On the teacher's pair card, beside a student who took their host back from the bot, and its words in full. */
  backMark: 'back',
  backMarkTitle: (name: string, left: string, back: string) => `${name} left in ${left}; the bot played their host until they came back and took it back in ${back}.`,
  /** The summary's marker on the row of a student the bot took over from, with the state it took their host over in. */
  leftMark: (state: string, back?: string) => (back === undefined ? `left · bot from ${state}` : `left · bot from ${state} · back in ${back}`),
  /** The marker's words in full (its tooltip and accessible description). */
  leftMarkTitle: (name: string, round: number, state: string, decisions: number, back?: string) =>
    back !== undefined
      ? `${name} left round ${round} with their host in ${state}; the bot played it until ${name} came back and took it back in ${back}, and ${name} played it on to the end. The bot scored nothing: this score is ${name}’s own ${decisions} decision${decisions === 1 ? '' : 's'}, before leaving and after coming back.`
      : decisions === 0
      ? `${name} made no decision in round ${round}: the bot played their host from ${state} to the end, and scored nothing.`
      : `${name} left round ${round} after ${decisions} decision${decisions === 1 ? '' : 's'} of their own, their host in ${state}: the bot played it on to the end, and scored nothing. This score is ${name}’s own.`,
  /** The podium's mark beside a student who left rounds (the bot played their host on), and its words in full. */
  leftRounds: (rounds: readonly number[]) => (rounds.length === 1 ? `left round ${rounds[0]}` : `left rounds ${rounds.join(', ')}`),
  leftRoundsTitle: (name: string, rounds: readonly number[]) =>
    `${name} left ${rounds.length === 1 ? `round ${rounds[0]}` : `rounds ${rounds.join(', ')}`} before the end: the bot played their host on and scored nothing, so this total counts only ${name}’s own decisions there.`,
  /** Beside a student who left rounds and came back to take their host back (the bot played it meanwhile). */
  awayRounds: (rounds: readonly number[]) => (rounds.length === 1 ? `away in round ${rounds[0]}` : `away in rounds ${rounds.join(', ')}`),
  awayRoundsTitle: (name: string, rounds: readonly number[]) =>
    `${name} left ${rounds.length === 1 ? `round ${rounds[0]}` : `rounds ${rounds.join(', ')}`} and came back to take their host back: the bot played it meanwhile and scored nothing, so this total counts only ${name}’s own decisions, before leaving and after coming back.`,
  /** Under the results table when some row has the marker. */
  leftNote: '“left · bot from …”: the student left the round (closed the page, lost the connection for good, or was removed) and the bot played their host on from that state to the end, or, with “back in …”, until the student came back to the class and took their host back in that state. The bot scores nothing: that row’s score and accuracy are the student’s own decisions.',
  /** A label's colon: ': ' in English, the full-width '：' in Chinese. */
  colon: ': ',
  yourState: 'Your state',
  decide: 'Your decision',
  newState: 'New state',
  send: 'Send',
  wait: 'Send nothing',
  podium: 'Class podium',
  score: 'Score',
  app: 'Application',
  accuracy: 'Accuracy',
  host: 'Host',
  ended: 'Ended',
  student: 'Student',
  weakest: 'Rules to revisit',
  summary: 'Class summary',
  finished: 'Round over',
  backToClass: '⟵ Back to class',
  resume: 'Back to my game',
  inGame: 'Your game is open',
  /** A round over: its Results (the stored round) open in the game again. */
  seeResults: (round: number) => `Results of round ${round}`,
  phase: { lobby: 'Lobby', playing: 'Playing', between: 'Between rounds', finished: 'Finished' } as Record<string, string>,
  classOver: 'This class has finished.',
  removed: 'The teacher removed you from this class. Ask your teacher if you should be in it.',
  connectionLost: 'The connection to the class was lost (the network dropped, or the laptop slept). Join again: you come back as yourself, with your score.',
  /** The connection dropped and the page is getting it back by itself (client/net/reconnection.ts). */
  reconnecting: 'Reconnecting… Your place in the class is kept: nothing to do.',
  /** The same, while the browser says it has no network at all. */
  reconnectingOffline: 'Offline. Your place in the class is kept: the page reconnects by itself when the network is back.',
  /** The teacher's page lost its connection and is getting it back by itself: the class goes on meanwhile. */
  teacherReconnecting: 'Reconnecting to the class… The class goes on meanwhile: the students keep playing.',
  teacherReconnectingOffline: 'Offline. The class goes on meanwhile; this page reconnects by itself when the network is back.',
  /** The teacher's page could not get its connection back in time (the laptop slept, the network stayed away). */
  teacherLost: 'This page lost its connection to the class. The class itself goes on: reload the page to see it live again.',
  teacherReopen: 'Reload the page',
  removedList: 'Removed',
  readmit: 'Let back in',
  lock: 'Lock the class',
  unlock: 'Unlock',
  lockTitle: 'Once everyone is in: nobody new joins with the code, and a removed student cannot come back under another name. Students already in the class can always come back.',
  lockedNote: 'Locked: nobody new can join. Students already in the class can come back.',
  lockedBadge: 'Locked',
  replacedTitle: 'Open in another tab',
  replaced: 'You opened this class in another tab or window: your game goes on there, just as you left it. This tab no longer plays.',
  continueHere: 'Use it here instead',
  joining: 'Joining…',
  rejoining: 'Back to your class…',
  leaveClass: 'Leave the class',
  yourTotal: 'Your score in this class',
  here: (n: number) => `${n} here`,
  away: (n: number) => `${n} away`,
  maxStudents: 'Most students',
  remove: 'Remove',
  removeConfirm: (name: string) => `Remove ${name} from the class? Their page closes, their place is freed, and they cannot join again until you let them back in.`,
  teacherLinkTitle: 'Your teacher link',
  teacherLinkNote: 'Keep it private: whoever has it runs this class. It is shown only now; copy it to open the class on another device.',
  copy: 'Copy',
  copied: 'Copied',
  copyTeacherLink: 'Copy teacher link',
  nextClass: 'New class: next scenario',
  roundScenario: 'Scenario of the next round',
  roles: 'Hosts in the next round',
  rolesSwap: 'Swap: each student plays the other host',
  rolesKeep: 'Keep: each student plays the same host again',
  scenarios: 'Scenarios',
  done: 'Done',
  loopbackNote: 'This page is open at localhost, which students’ devices cannot reach: they join at this computer’s network address.',
  noNetwork: 'This page is open at localhost and this computer has no network address: connect it to the classroom’s network.',
  networkAddress: 'Network address',
  backToDashboard: '⟵ Back to the class',
  waitingPair: 'waiting for students',
  /** A finished pair's real time: start to last decision (TIME-WAIT's fast-forwarded wait is not theirs). */
  took: (seconds: number) => `took ${seconds.toFixed(1)} s`,
  /** A pair still playing: real time since its round started, as `took` will read once it finishes. */
  soFar: (seconds: number) => `${seconds.toFixed(1)} s so far`,
  endReason: { complete: 'complete', 'time-up': 'time up', resigned: 'resigned', stopped: 'stopped', 'ack-loop': 'ACK loop', idle: 'idle' } as Record<string, string>,
  csvColumns: 'What each CSV column means',
  /** A heatmap cell shown compact during a round: the wrong answers it leaves out. */
  moreWrong: (n: number) => `+${n} more wrong`,
  /** A heatmap cell's count: its answers and how many of them were wrong. */
  wrongOf: (wrong: number, total: number) => `${wrong} of ${total} wrong`,
  nothingToRevisit: (anyJudged: boolean): string => (anyJudged ? 'Nothing to revisit: every judged answer was right.' : 'No answer has been judged yet.'),
  noTeacherToken: 'This page needs the class’s teacher link.',
  settingsLine: (scenario: string, mode: string, rounds: number, max: number) => `${scenario} · ${mode} · ${rounds} ${rounds === 1 ? 'round' : 'rounds'} · up to ${max} students`,
  modeShort: { coach: 'coach', consequences: 'consequences' } as Record<string, string>,
};

/** A student's name amid Han text: a space on each side only where the name's own edge is Latin (hanSpacing.ts). */
const amidHan = (name: string): string => spacedAfterHan(spacedBeforeHan(name));

const ZH: typeof EN = {
  title: 'TCP 道场 · 课堂',
  openTitle: '开设课堂',
  className: '课堂名称',
  scenario: '场景',
  loss: '线路丢包率（%）',
  delay: '线路时延（毫秒）',
  mode: '模式',
  coach: '教练模式（错误会被讲解，可重试）',
  consequences: '后果模式（错误的报文段真的会发出）',
  timeLimit: '每轮时限（秒）',
  timeLimitHint: (s: number) =>
    `按游戏时间计：学生思考时游戏时钟暂停，空闲的等待会被跳过，所以时限长一些几乎不多花真实时间。${s} 秒能让 TIME-WAIT（RFC 9293：2×MSL = 240 秒）走完，学生能做出它的最后一步；时限更短，回合可能在 TIME-WAIT 还没结束时就收场。`,
  rounds: '轮数',
  open: '开设课堂',
  joinTitle: '加入课堂',
  smallScreen: '在手机上，游戏要横着玩：你的回合开始时，把手机横过来。',
  code: '课堂码',
  name: '你的名字',
  join: '加入',
  lobby: '已加入的同学',
  waiting: '等待老师开始……',
  joinAt: '加入地址',
  teacherLink: '请妥善保管教师链接：',
  start: '开始',
  next: '下一轮',
  addRound: '加一轮',
  addRoundTitle: (max: number) => `为本课堂增加一轮，学生无需重新加入（最多 ${max} 轮）`,
  stop: '结束本轮',
  repair: '重新配对',
  end: '结束课堂',
  results: '成绩',
  csv: '下载 CSV',
  pairs: '各组',
  pair: '组',
  round: '轮次',
  heatmap: '误区热力图：全班在每个决策点的选择',
  expected: '正确',
  or: ' 或 ',
  heatWords: { arrives: '到达', data: '数据', timerExpires: '定时器到期', wait: '等待', noFlags: '无标志位', extraSegment: '多余的报文段', numbersWrong: '（序列号或确认号不对）' },
  spectate: '点击观看这一组。名字后的“…”：该同学正在做决定。',
  spectating: (n: number): string => `正在观看：组 ${n}`,
  closeSpectate: '关闭',
  pcapTitle: '把这一组到目前为止发出的报文段下载为 .pcap（可用 Wireshark 打开）',
  youPlay: '你扮演',
  client: '客户端主机',
  server: '服务器主机',
  partner: '搭档',
  renamed: (name: string) => `已有同学使用这个名字：在本课堂中你叫“${name}”。`,
  benched: '本轮你的座位没有再保留：机器人会替你操作到本轮结束。下一轮你会继续参加。',
  leftRound: '你离开了本轮，或离开太久：机器人暂时替你操作主机。取回主机后，你将从它现在的状态继续。',
  takeBack: '取回我的主机',
  bot: '机器人',
  botFor: (name: string) => `机器人（代替${spacedAfterHan(name)}）`,
  partnerLeft: (name: string) => `${spacedBeforeHan(name)}已离开本轮，由机器人接管其主机。`,
  partnerBack: (name: string) => `${spacedBeforeHan(name)}回来了：重新操作自己的主机，不再由机器人代替。`,
  backMark: '已回来',
  backMarkTitle: (name: string, left: string, back: string) => `${spacedBeforeHan(name)}在 ${left} 时离开；机器人操作其主机，直到${amidHan(name)}回来并在 ${back} 时取回。`,
  leftMark: (state: string, back?: string) => (back === undefined ? `已离开 · 机器人从 ${state} 起接管` : `已离开 · 机器人从 ${state} 起接管 · 于 ${back} 取回`),
  leftMarkTitle: (name: string, round: number, state: string, decisions: number, back?: string) =>
    back !== undefined
      ? `${spacedBeforeHan(name)}在第 ${round} 轮离开时其主机处于 ${state}；机器人操作它，直到${amidHan(name)}回来并在 ${back} 时取回，之后由${amidHan(name)}自己操作到本轮结束。机器人不得分：这个得分是${amidHan(name)}离开前和回来后自己的 ${decisions} 个决策。`
      : decisions === 0
      ? `${spacedBeforeHan(name)}在第 ${round} 轮中没有做出任何决策：机器人从 ${state} 起操作其主机到本轮结束，机器人不得分。`
      : `${spacedBeforeHan(name)}在第 ${round} 轮做了 ${decisions} 个决策后离开，当时其主机处于 ${state}：之后由机器人操作到本轮结束，机器人不得分。这个得分是${amidHan(name)}自己的。`,
  leftRounds: (rounds: readonly number[]) => `第 ${rounds.join('、')} 轮中途离开`,
  leftRoundsTitle: (name: string, rounds: readonly number[]) => `${spacedBeforeHan(name)}在第 ${rounds.join('、')} 轮结束前离开：之后由机器人操作其主机且不得分，所以这个总分只计算${amidHan(name)}在这些轮次中自己的决策。`,
  awayRounds: (rounds: readonly number[]) => `第 ${rounds.join('、')} 轮离开后回来`,
  awayRoundsTitle: (name: string, rounds: readonly number[]) => `${spacedBeforeHan(name)}在第 ${rounds.join('、')} 轮中途离开，之后回来取回了主机：离开期间由机器人操作其主机且不得分，所以这个总分只计算${amidHan(name)}离开前和回来后自己的决策。`,
  leftNote: '“已离开 · 机器人从……起接管”：学生离开了本轮（关闭了页面、连接断开后没有回来，或被老师移出），之后由机器人从所示状态起操作其主机到本轮结束；若还有“于……取回”，则学生回到课堂并在该状态取回了主机。机器人不得分：该行的得分和正确率只来自学生自己的决策。',
  colon: '：',
  yourState: '你的状态',
  decide: '请做出决定',
  newState: '新状态',
  send: '发送',
  wait: '不发送',
  podium: '全班领奖台',
  score: '得分',
  app: '应用',
  accuracy: '正确率',
  host: '主机',
  ended: '结束方式',
  student: '学生',
  weakest: '需要复习的规则',
  summary: '课堂总结',
  finished: '本轮结束',
  backToClass: '⟵ 返回课堂',
  resume: '回到我的对局',
  inGame: '你的对局已打开',
  seeResults: (round: number) => `第 ${round} 轮成绩`,
  phase: { lobby: '等待中', playing: '进行中', between: '轮次间', finished: '已结束' },
  classOver: '这个课堂已经结束。',
  removed: '老师已将你移出这个课堂。如果你应该在这个课堂里，请询问老师。',
  connectionLost: '与课堂的连接已断开（网络中断，或电脑进入了睡眠）。再次加入即可：你仍是原来的你，得分保留。',
  reconnecting: '正在重新连接……你在课堂中的位置会保留，无需任何操作。',
  reconnectingOffline: '已断网。你在课堂中的位置会保留：网络恢复后，页面会自动重新连接。',
  teacherReconnecting: '正在重新连接课堂……课堂照常进行，学生们继续对局。',
  teacherReconnectingOffline: '已断网。课堂照常进行；网络恢复后，本页面会自动重新连接。',
  teacherLost: '本页面与课堂的连接已断开。课堂本身仍在进行：重新加载页面即可继续实时查看。',
  teacherReopen: '重新加载页面',
  removedList: '已移出',
  readmit: '允许返回',
  lock: '锁定课堂',
  unlock: '解除锁定',
  lockTitle: '所有人都进来之后锁定：新同学不能再用课堂码加入，被移出的同学也不能换个名字回来。已在课堂里的同学随时可以回来。',
  lockedNote: '已锁定：新同学无法加入。已在课堂里的同学可以随时回来。',
  lockedBadge: '已锁定',
  replacedTitle: '已在另一个标签页中打开',
  replaced: '你在另一个标签页或窗口中打开了这个课堂：游戏在那里继续，和你离开时一样。这个标签页不再参与。',
  continueHere: '改在这里使用',
  joining: '正在加入……',
  rejoining: '正在回到你的课堂……',
  leaveClass: '离开课堂',
  yourTotal: '你在本课堂的得分',
  here: (n: number) => `在线 ${n} 人`,
  away: (n: number) => `离开 ${n} 人`,
  maxStudents: '人数上限',
  remove: '移出',
  removeConfirm: (name: string) => `把${amidHan(name)}移出课堂？其页面将关闭，名额将空出；在你允许之前，该学生无法再次加入。`,
  teacherLinkTitle: '你的教师链接',
  teacherLinkNote: '请妥善保管：持有它的人可以主持这个课堂。它只在此时显示一次；复制它即可在其他设备上打开课堂。',
  copy: '复制',
  copied: '已复制',
  copyTeacherLink: '复制教师链接',
  nextClass: '新课堂：下一个场景',
  roundScenario: '下一轮的场景',
  roles: '下一轮的主机分配',
  rolesSwap: '交换：每位学生改扮另一台主机',
  rolesKeep: '保持：每位学生继续扮演同一台主机',
  scenarios: '各轮场景',
  done: '好的',
  loopbackNote: '本页通过 localhost 打开，学生的设备无法访问；他们需要通过这台电脑的网络地址加入。',
  noNetwork: '本页通过 localhost 打开，而这台电脑没有网络地址：请把它连接到教室的网络。',
  networkAddress: '网络地址',
  backToDashboard: '⟵ 返回课堂',
  waitingPair: '等待学生入座',
  took: (seconds: number) => `用时 ${seconds.toFixed(1)} 秒`,
  soFar: (seconds: number) => `已用 ${seconds.toFixed(1)} 秒`,
  endReason: { complete: '完成', 'time-up': '超时', resigned: '认输', stopped: '老师结束', 'ack-loop': 'ACK 循环', idle: '空闲' },
  csvColumns: 'CSV 各列的含义',
  moreWrong: (n: number) => `另有 ${n} 个错误答案`,
  wrongOf: (wrong: number, total: number) => `${total} 次中错 ${wrong} 次`,
  nothingToRevisit: (anyJudged: boolean) => (anyJudged ? '没有需要复习的规则：判定过的答案全部正确。' : '还没有判定过的答案。'),
  noTeacherToken: '此页面需要课堂的教师链接。',
  settingsLine: (scenario: string, mode: string, rounds: number, max: number) => `${scenario} · ${mode} · 共 ${rounds} 轮 · 最多 ${max} 名学生`,
  modeShort: { coach: '教练模式', consequences: '后果模式' },
};

export function currentLang(): Lang {
  const saved = localStorage.getItem('tcp-dojo.lang');
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/**
 * A player's name as shown: the server names a host the bot plays "Bot" (a name no student may
 * take, server/classroom/names.ts), which reads in the page's language.
 */
export function playerName(name: string, t: typeof EN = texts()): string {
  return name === BOT_NAME ? t.bot : name;
}

export function texts(lang: Lang = currentLang()): typeof EN {
  return lang === 'zh-CN' ? ZH : EN;
}

/**
 * Class results: one row per student per class round (score, accuracy, accuracy per rule, time),
 * the CSV export, and the podium of a timed class round. Derived from the pairs' finished progress,
 * which is derived from their rounds (STYLE.md §5: results come from the log).
 */
import type { PairProgress } from './progress.ts';
import { SIDES } from '../../shared/tcp/wire.ts';
import type { TcpState } from '../../shared/tcp/states.ts';

export interface StudentRoundResult {
  readonly classId: string;
  readonly roundNo: number;
  readonly studentId: string;
  readonly name: string;
  readonly pairNo: number;
  readonly side: string;
  readonly partner: string;
  readonly scenarioId: string;
  readonly score: number;
  readonly judged: number;
  readonly correct: number;
  /** Game-clock ms the round lasted for this pair (game time waits while players decide; TIME-WAIT is fast-forwarded to the limit). */
  readonly roundMs: number;
  /** Real ms the pair took (pairTime.ts). Absent in rows stored before it was recorded. */
  readonly takenMs?: number;
  /** Wall-clock ms the student's decisions were open, summed (their real thinking time). */
  readonly thinkMs: number;
  readonly endReason: string;
  /**
   * The student did not play their host to the round's end: the bot played it on from this state
   * (progress.ts botFrom), earning nothing, so the score is the student's own decisions only.
   * Absent when they played it to the end (and in rows stored before it was recorded).
   */
  readonly botFrom?: TcpState;
  /**
   * The student came back during the round and played their host to its end from this state (the
   * one the bot handed it back in; progress.ts backIn): the score is theirs, before they left and
   * after they came back. Absent otherwise.
   */
  readonly backIn?: TcpState;
  readonly roundId: string;
  readonly rules: Record<string, { judged: number; correct: number }>;
}

export function resultsOfPair(p: PairProgress): StudentRoundResult[] {
  const out: StudentRoundResult[] = [];
  for (const side of SIDES) {
    const host = p.hosts[side];
    if (host.studentId === null) continue;
    const other = p.hosts[side === 'client' ? 'server' : 'client'];
    const mine = p.samples.filter((s) => s.studentId === host.studentId);
    const rules: Record<string, { judged: number; correct: number }> = {};
    for (const s of mine) {
      for (const [rule, r] of Object.entries(s.rules)) {
        const acc = (rules[rule] ??= { judged: 0, correct: 0 });
        acc.judged += r.judged;
        acc.correct += r.correct;
      }
    }
    out.push({
      classId: p.classId,
      roundNo: p.roundNo,
      studentId: host.studentId,
      name: host.name,
      pairNo: p.pairNo,
      side,
      partner: other.name,
      scenarioId: p.scenarioId,
      score: host.score,
      judged: host.judged,
      correct: host.correct,
      roundMs: p.now,
      takenMs: p.takenMs,
      thinkMs: mine.reduce((n, s) => n + s.thinkMs, 0),
      endReason: p.endReason ?? '',
      ...(host.botFrom === undefined ? {} : { botFrom: host.botFrom }),
      ...(host.backIn === undefined ? {} : { backIn: host.backIn }),
      roundId: p.roundId,
      rules,
    });
  }
  return out;
}

export function accuracy(judged: number, correct: number): number {
  return judged === 0 ? 0 : Math.round((correct / judged) * 1000) / 10;
}

/** RFC 4180: quote every field that needs it; a leading =,+,-,@ is defused for spreadsheets. */
function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** What each CSV column holds, for the teacher (the summary page and the README show this). */
export const CSV_COLUMNS = [
  { name: 'round', en: 'Class round number (1, 2, …).', zh: '课堂轮次（1、2……）。' },
  { name: 'student', en: 'The student’s display name in the class.', zh: '学生在课堂中的显示名。' },
  { name: 'pair', en: 'Pair number in that round.', zh: '该轮的组号。' },
  { name: 'side', en: 'Which host the student played: client or server.', zh: '学生扮演的主机：client（客户端）或 server（服务器）。' },
  { name: 'partner', en: 'The other host’s player (Bot when the bot played it).', zh: '另一台主机的玩家（由机器人扮演时为 Bot）。' },
  { name: 'scenario', en: 'Scenario id of that round (the teacher may change it between rounds; titles are on the summary page).', zh: '该轮场景的编号（老师可在两轮之间更换场景；标题见课堂总结页）。' },
  { name: 'score', en: 'Points scored in the round.', zh: '本轮得分。' },
  { name: 'decisions', en: 'Decisions the student made (each judged on its first try).', zh: '学生做出的决策数（每个按第一次作答评判）。' },
  { name: 'correct', en: 'Decisions right on the first try (state, flags, seq, ack, data all right).', zh: '第一次就完全正确的决策数（状态、标志位、seq、ack、数据全对）。' },
  { name: 'accuracy_pct', en: 'correct ÷ decisions, in percent; empty when the student made no decision.', zh: 'correct ÷ decisions，百分比；学生没有做任何决策时为空。' },
  { name: 'time_taken_ms', en: 'Real milliseconds the pair took: from the round’s start to its last decision when it was completed, or to its end when time ran out, a player resigned or the teacher stopped it.', zh: '该组用时（真实毫秒）：本轮完成时从开始到最后一个决策；超时、认输或老师结束时从开始到结束。' },
  { name: 'think_ms', en: 'Real (wall-clock) milliseconds the student’s decisions were open, summed: their thinking time.', zh: '学生各决策处于待决状态的真实时间（挂钟毫秒）之和，即思考时间。' },
  { name: 'end', en: 'How the round ended: complete, time-up, resigned (a player gave up), stopped (the teacher stopped it), ack-loop (the two hosts were left acknowledging each other\'s unacceptable ACKs, and the game ended it) or idle (a connection was left open with no timer running and nothing more could happen, as a correct TCP would keep it; the game ended it).', zh: '本轮如何结束：complete（完成）、time-up（超时）、resigned（玩家认输）、stopped（老师结束）、ack-loop（两台主机陷入互相确认对方不可接受的 ACK 的循环，由游戏结束）或 idle（有连接仍然打开但没有定时器在运行，之后不会再发生任何事，正确的 TCP 也会让它一直打开；由游戏结束）。' },
  { name: 'bot_from', en: 'Empty when the student played their host through the whole round. Otherwise the TCP state their host was in when the bot took it over (they left the round, lost their connection past the reconnection window or were removed by the teacher; CLOSED if they never sat down). The bot scores nothing: score, decisions and correct are the student’s own decisions only (see back_in).', zh: '学生自始至终自己操作主机时为空。否则为机器人接管其主机时该主机所处的 TCP 状态（学生离开了本轮、断线超过重连时限，或被老师移出；从未入座则为 CLOSED）。机器人不得分：score、decisions 和 correct 只计算学生自己的决策（见 back_in）。' },
  { name: 'back_in', en: 'Empty unless the student came back to the class during the round and took their host back from the bot: the TCP state the bot handed it back in. They played it on from there to the end, so their score counts their decisions before they left and after they came back, not the bot’s in between. A student removed by the teacher does not get their host back in that round.', zh: '只有当学生在本轮中回到课堂、从机器人手中取回自己的主机时才有值：机器人交还主机时该主机所处的 TCP 状态。之后由学生继续操作到本轮结束，所以得分计算其离开前和回来后的决策，不计算中间机器人的决策。被老师移出的学生在该轮中不会取回主机。' },
  { name: 'rule_accuracy', en: 'Per rule, named by its id in the rule catalogue (such as close.passive-close-wait; the class summary shows its title and RFC section or Linux setting): rule=fields right/fields judged, space-separated.', zh: '按规则，以规则目录中的编号表示（例如 close.passive-close-wait；课堂总结页会显示它的标题和 RFC 章节或 Linux 设置）：规则=正确字段数/评判字段数，以空格分隔。' },
] as const;

export const CSV_HEADER: string[] = CSV_COLUMNS.map((c) => c.name);

export function resultsCsv(rows: readonly StudentRoundResult[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    const ruleText = Object.entries(r.rules)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([rule, x]) => `${rule}=${x.correct}/${x.judged}`)
      .join(' ');
    lines.push(
      // No decision, no accuracy: an empty cell, not 0 (a class average taken from the file would drop).
      [r.roundNo, r.name, r.pairNo, r.side, r.partner, r.scenarioId, r.score, r.judged, r.correct, r.judged === 0 ? '' : accuracy(r.judged, r.correct), r.takenMs ?? '', r.thinkMs, r.endReason, r.botFrom ?? '', r.backIn ?? '', ruleText]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

export interface PodiumPlace {
  readonly place: number;
  readonly name: string;
  readonly score: number;
  /** Of the student's own decisions, how many were judged: 0 means no accuracy to show (not 0%). */
  readonly judged: number;
  readonly accuracyPct: number;
  readonly thinkMs: number;
}

/**
 * Total score over the class's rounds. Equal totals share a place and the next place is skipped
 * (10, 10, 8 are places 1, 1, 3), so everyone on a place up to `size` is on the podium; within a
 * place, higher accuracy then less thinking time come first (the order only, not the place).
 */
export function podium(rows: readonly StudentRoundResult[], size = 3): PodiumPlace[] {
  const by = new Map<string, { name: string; score: number; judged: number; correct: number; thinkMs: number }>();
  for (const r of rows) {
    const s = by.get(r.studentId) ?? { name: r.name, score: 0, judged: 0, correct: 0, thinkMs: 0 };
    s.score += r.score;
    s.judged += r.judged;
    s.correct += r.correct;
    s.thinkMs += r.thinkMs;
    by.set(r.studentId, s);
  }
  const ranked = [...by.values()].map((s) => ({ name: s.name, score: s.score, judged: s.judged, accuracyPct: accuracy(s.judged, s.correct), thinkMs: s.thinkMs }));
  ranked.sort((a, b) => b.score - a.score || b.accuracyPct - a.accuracyPct || a.thinkMs - b.thinkMs || a.name.localeCompare(b.name));
  const placed = ranked.map((s) => ({ place: 1 + ranked.filter((o) => o.score > s.score).length, ...s }));
  return placed.filter((s) => s.place <= size);
}

/** Per-rule accuracy over the whole class, weakest first: what to re-teach. */
export function ruleSummary(rows: readonly StudentRoundResult[]): { rule: string; judged: number; correct: number; accuracyPct: number }[] {
  const by = new Map<string, { judged: number; correct: number }>();
  for (const r of rows) {
    for (const [rule, x] of Object.entries(r.rules)) {
      const acc = by.get(rule) ?? { judged: 0, correct: 0 };
      acc.judged += x.judged;
      acc.correct += x.correct;
      by.set(rule, acc);
    }
  }
  return [...by]
    .map(([rule, x]) => ({ rule, ...x, accuracyPct: accuracy(x.judged, x.correct) }))
    .sort((a, b) => a.accuracyPct - b.accuracyPct || b.judged - a.judged);
}

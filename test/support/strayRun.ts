/**
 * A stray segment (RST, RST|ACK, SYN, bare ACK) arriving at every moment of the scenarios, with
 * sequence numbers around the sender's, so it meets every state a round reaches, exact or not:
 *   node test/support/strayRun.ts <bot> <otherRate> [stepMs]
 */
import type { ControlBit } from '../../shared/tcp/segment.ts';
import { playModel, STRAY_ISS, withStray } from './modelRound.ts';

const [bot = 'textbook', rateArg = '0', stepArg = '150', filter] = process.argv.slice(2);
const BASES = ['handshake', 'data-on-third', 'active-close-client', 'active-close-server', 'simultaneous-close', 'simultaneous-open', 'half-close', 'lost-final-ack', 'abort-rst', 'lost-syn-ack'];
const KINDS: ControlBit[][] = [['RST'], ['RST', 'ACK'], ['SYN'], ['ACK'], ['FIN', 'ACK']];
const OFFSETS = [0, 1, 2, 6, 7, 8, 13, 14, 100, 5_000];
const seen = new Map<string, { n: number; example: string }>();
const counts: Record<string, { rounds: number; decisions: number; refused: number }> = {};
let crashes = 0;
for (const baseId of BASES) {
  if (filter && filter !== baseId) continue;
  for (let at = 0; at <= 4_000; at += Number(stepArg)) {
    for (const from of ['client', 'server'] as const) {
      for (const flags of KINDS) {
        const offset = OFFSETS[(at / Number(stepArg) + flags.length + (from === 'client' ? 0 : 3)) % OFFSETS.length]!;
        const other = from === 'client' ? 'server' : 'client';
        const inj = { at, from, flags, seq: STRAY_ISS[from] + offset, ack: flags.includes('ACK') ? STRAY_ISS[other] + 1 + (offset % 7) : 0 };
        withStray(baseId, inj, (id) => {
          for (const profile of ['rfc9293', 'linux'] as const) {
            for (const side of ['client', 'server'] as const) {
              const key = `${baseId} ${profile}`;
              const c = (counts[key] ??= { rounds: 0, decisions: 0, refused: 0 });
              try {
                const run = playModel(id, side, { seed: 7 + at, personality: bot as 'textbook', profile }, Number(rateArg));
                c.rounds++;
                c.decisions += run.decisions;
                for (const r of run.refused) {
                  c.refused++;
                  const shape = `${baseId} ${profile} ${side} [${flags.join(',')} from ${from}]: ${r.replace(/^#\d+: /, '').replace(/; prompt.*?; judge/, '; judge').slice(0, 300)}`;
                  const prev = seen.get(shape);
                  seen.set(shape, { n: (prev?.n ?? 0) + 1, example: prev?.example ?? `at ${at} seq ${inj.seq} ack ${inj.ack}: ${r}` });
                }
              } catch (e) {
                crashes++;
                const k = `CRASH ${baseId} ${String(e).slice(0, 200)}`;
                seen.set(k, { n: (seen.get(k)?.n ?? 0) + 1, example: `${at} ${from} ${flags} ${profile} ${side}` });
              }
            }
          }
        });
      }
    }
  }
}
console.log(JSON.stringify({ bot, otherRate: Number(rateArg), crashes, counts }));
for (const [shape, { n, example }] of seen) console.log(`\n[${n}x] ${shape}\n  e.g. ${example.slice(0, 1500)}`);

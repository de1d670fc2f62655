import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configFor } from '../../shared/tcp/config.ts';
import { createHost, step } from '../../shared/tcp/host.ts';
import type { Host, HostEvent } from '../../shared/tcp/types.ts';
import { illegalChange } from './rfc9293-diagram.ts';

const HOST = '10.0.0.1';
const sockets = fc.constantFrom('10.0.0.2:49152', '10.0.0.2:5000', `${HOST}:80`, `${HOST}:49152`, 'nonsense', '', '10.0.0.9:1');
const anySeq = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(-1, 2 ** 32, 1.5, Number.NaN));
const bits = fc.record({ SYN: fc.boolean(), ACK: fc.boolean(), FIN: fc.boolean(), RST: fc.boolean() });

/** An event, with `dt` to move time on (sometimes backwards) and `reply` to answer the host's last segment. */
const command = fc.record({
  dt: fc.integer({ min: -50, max: 5_000 }),
  reply: fc.boolean(),
  seqOffset: fc.integer({ min: -3, max: 3 }),
  event: fc.oneof(
    fc.record({ kind: fc.constant('listen' as const), port: fc.constantFrom(80, 0, 70_000) }),
    fc.record({ kind: fc.constant('connect' as const), remote: sockets }),
    fc.record({ kind: fc.constant('send' as const), remote: sockets, data: fc.string({ maxLength: 8 }) }),
    fc.record({ kind: fc.constantFrom('receive' as const, 'close' as const, 'abort' as const), remote: sockets }),
    fc.record({ kind: fc.constantFrom('accept' as const, 'unlisten' as const, 'tick' as const) }),
    fc.record({
      kind: fc.constant('segment' as const),
      segment: fc.record({ src: sockets, dst: sockets, seq: anySeq, ack: anySeq, flags: bits, wnd: fc.constantFrom(0, 1, 4_096, 65_535, 70_000, -1), data: fc.string({ maxLength: 6 }) }),
    }),
  ),
});

describe('bad input never throws and a rejection changes nothing', () => {
  it('random user calls and random (even garbage) segments: no throw, pure, rejections leave the host deep-equal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000 }), fc.constantFrom('rfc9293' as const, 'linux' as const), fc.array(command, { maxLength: 40 }), (seed, profile, commands) => {
        let host: Host = createHost({ address: HOST, seed, config: configFor(profile) });
        let last: { src: string; dst: string; seq: number; ack: number; len: number } | null = null;
        let t = 0;
        for (const c of commands) {
          t += c.dt;
          let event = { ...c.event, at: t } as HostEvent;
          if (event.kind === 'segment' && c.reply && last) {
            // Answer the host's own last segment, a little off now and then: the cases that matter.
            event = { ...event, segment: { ...event.segment, src: last.dst, dst: last.src, seq: (last.ack + c.seqOffset + 2 ** 32) % 2 ** 32, ack: (last.seq + last.len) % 2 ** 32 } };
          }
          const before = structuredClone(host);
          const r = step(host, event);
          expect(host).toEqual(before); // the engine never mutates its input
          if (!r.ok) {
            expect(r.host).toEqual(before);
            expect(typeof r.rejection.code).toBe('string');
            continue;
          }
          expect(r.host.now).toBe(t);
          for (const o of r.outputs) {
            if (o.kind === 'state') expect(illegalChange(o)).toBeNull();
            if (o.kind === 'segment') last = { src: o.segment.src, dst: o.segment.dst, seq: o.segment.seq, ack: o.segment.ack, len: o.segment.data.length + (o.segment.flags.SYN ? 1 : 0) + (o.segment.flags.FIN ? 1 : 0) };
          }
          host = r.host;
        }
      }),
      { seed: 42, numRuns: 400 },
    );
  });
});

/**
 * What the flow-graph tests check a layout for, shared by the tests of a layout made anew and of
 * one that goes on from the previous update's: the Chinese words its labels carry, the label boxes
 * on it, and which of them overlap.
 */
import type { LabelBox, LadderLayout, LadderText } from '../../client/components/ladderLayout.ts';

export const CHINESE_LADDER_TEXT: LadderText = {
  lost: '在网线上丢失',
  retransmission: '重传',
  duplicate: '重复',
  oldDuplicate: '早先连接遗留的旧重复报文',
  spoofedFrom: (a) => `伪造源地址 ${a}`,
  toForged: (a) => `发往伪造的 ${a}`,
  otherClientFrom: (a) => `另一个客户端 ${a}`,
  toOtherClient: (a) => `发往另一个客户端 ${a}`,
  toAddress: (a) => `发往 ${a}`,
  laneSpoofed: '伪造的源地址',
  laneOldDuplicate: '旧的重复报文',
  laneMixed: '旧重复报文与伪造报文',
  laneOtherClient: '另一个客户端',
  sent: '已发送',
  awaitingAck: '已发送，尚未确认',
  acked: '已被确认',
};

/** The labels shown (their arrow's head has passed them) and the lane's title. */
export function labelBoxes(layout: LadderLayout): LabelBox[] {
  const boxes = layout.arrows.filter((a) => a.labelShown).map((a) => a.labelBox);
  if (layout.lane) boxes.push(layout.lane.titleBox);
  return boxes;
}

/** Each pair of boxes that overlap (touching does not count), by their words. */
export function overlapping(boxes: LabelBox[]): [string, string][] {
  const out: [string, string][] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push([a.lines.join(' '), b.lines.join(' ')]);
    }),
  );
  return out;
}

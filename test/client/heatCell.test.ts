/** A heatmap cell's "correct:" line (client/classroom/heatCell.ts). */
import { describe, expect, it } from 'vitest';
import { rightAnswers } from '../../client/classroom/heatCell.ts';

describe('a heatmap cell’s right answers', () => {
  it('names a delayed ACK of the FIN (RFC 9293 §3.8.6.3) beside the engine’s ACK when a student chose it and was judged right', () => {
    const cell = {
      expected: 'CLOSE-WAIT · ACK',
      choices: [
        { label: 'CLOSE-WAIT · ACK', correct: true },
        { label: 'CLOSE-WAIT · wait', correct: true },
        { label: 'ESTABLISHED · wait', correct: false },
      ],
    };
    expect(rightAnswers(cell)).toEqual(['CLOSE-WAIT · ACK', 'CLOSE-WAIT · wait']);
  });

  it('names the expected answer alone when nobody chose it and every choice was wrong', () => {
    expect(rightAnswers({ expected: 'SYN-RECEIVED · SYN+ACK', choices: [{ label: 'SYN-RECEIVED · wait', correct: false }] })).toEqual(['SYN-RECEIVED · SYN+ACK']);
  });
});

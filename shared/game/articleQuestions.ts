/**
 * The ten interview questions of the source article (/work/shared/seeds, a common Chinese study
 * guide to the handshake and the close), and where the game teaches each: the levels that play it
 * out and the quiz cards that ask it. The article gets several answers wrong (CLOSE-WAIT, not
 * "CLOSE_WAIT2"; TIME-WAIT lasts 2×MSL, not one round trip); the levels and cards teach RFC 9293.
 */
import type { Bilingual } from './scenario.ts';

export interface ArticleQuestion {
  n: number;
  question: Bilingual;
  /** Scenario ids that play it out. */
  levels: string[];
  /** Quiz card ids (in those levels' quizzes) that ask it. */
  cards: string[];
}

const q = (n: number, en: string, zh: string, levels: string[], cards: string[]): ArticleQuestion => ({ n, question: { en, 'zh-CN': zh }, levels, cards });

export const ARTICLE_QUESTIONS: readonly ArticleQuestion[] = [
  q(1, 'Walk through the three-way handshake and its states.', '讲讲三次握手的过程和状态。', ['handshake'], ['handshake-1', 'handshake-2']),
  q(2, 'Why three segments, not two?', '为什么需要三次握手，两次不行吗？', ['why-three'], ['why-three-1', 'why-three-2']),
  q(3, 'What is the handshake for?', '三次握手的作用是什么？', ['handshake', 'why-three'], ['handshake-purpose-1', 'handshake-purpose-2']),
  q(4, 'Is the ISN fixed?', 'ISN 是固定的吗？', ['isn-fixed', 'isn-random'], ['isn-fixed-1', 'isn-fixed-2', 'isn-random-1', 'isn-random-2', 'isn-random-3', 'handshake-3']),
  q(5, 'What is the half-open (SYN) queue? And the accept (full) queue?', '什么是半连接队列？全连接队列呢？', ['syn-flood', 'accept-queue-full', 'accept-queue-closed'], ['syn-flood-1', 'syn-flood-2', 'syn-flood-3', 'accept-queue-full-1', 'accept-queue-full-2', 'accept-queue-full-3', 'accept-queue-closed-1', 'accept-queue-closed-2']),
  q(6, 'How often is a lost SYN-ACK retransmitted?', 'SYN-ACK 丢失后重传几次、间隔多久？', ['lost-syn-ack', 'lost-syn'], ['lost-syn-ack-1', 'lost-syn-ack-2', 'lost-syn-2']),
  q(7, 'Can handshake segments carry data?', '三次握手过程中可以携带数据吗？', ['data-on-third'], ['data-on-third-1', 'data-on-third-2']),
  q(8, 'Walk through the four-way close and its states.', '讲讲四次挥手的过程和状态。', ['active-close-client', 'active-close-server', 'simultaneous-close'], ['active-close-client-1', 'active-close-client-2', 'active-close-client-3', 'active-close-server-2']),
  q(9, 'Why TIME-WAIT, and for how long?', '为什么要有 TIME-WAIT？持续多久？', ['lost-final-ack', 'active-close-server'], ['lost-final-ack-1', 'lost-final-ack-2', 'lost-final-ack-3', 'active-close-server-1']),
  q(10, 'What does each state mean?', '每个状态分别是什么含义？', ['half-close', 'simultaneous-close'], ['state-CLOSED', 'state-LISTEN', 'state-SYN-SENT', 'state-SYN-RECEIVED', 'state-ESTABLISHED', 'state-FIN-WAIT-1', 'state-FIN-WAIT-2', 'state-CLOSE-WAIT', 'state-CLOSING', 'state-LAST-ACK', 'state-TIME-WAIT', 'half-close-1']),
];

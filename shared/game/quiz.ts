import type { QuizCard } from './scenario.ts';

/** Quiz cards per scenario id, asked after the round (our own words, both languages). */
export const QUIZ: Readonly<Record<string, QuizCard[]>> = {};

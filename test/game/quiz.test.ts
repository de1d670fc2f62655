/**
 * Quiz cards that state how a stack behaves where the profiles differ (a retransmission schedule, a
 * queue limit) name the profile they describe, and their numbers are the engine's.
 */
import { describe, expect, it } from 'vitest';
import { QUIZ } from '../../shared/game/quiz.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import { retransmissionSchedule } from '../../shared/tcp/backoff.ts';
import { configFor } from '../../shared/tcp/config.ts';

const cards = Object.values(QUIZ).flat();
const byId = (id: string) => cards.find((c) => c.id === id)!;
/** Text that gives times of a retransmission schedule ("1 s, 3 s, 7 s", "after 131 s"). */
const SCHEDULE = /(\d+ s, \d+ s)|(\d+ s\b.*(retransmi|resen|connect\(\)))|((retransmi|resen|connect\(\)).*\b\d+ s\b)/;

/** A profile as the Settings screen names it ("Rules: RFC 9293 / Linux"), not by its id. */
const RULES = { rfc9293: { en: 'RFC 9293 rules', 'zh-CN': 'RFC 9293 规则' }, linux: { en: 'Linux rules', 'zh-CN': 'Linux 规则' } } as const;

describe('quiz cards and profiles', () => {
  it('a card that states a profile\'s behaviour names that profile in its question, in both languages', () => {
    for (const c of cards.filter((c) => c.profile)) {
      expect(c.question.en, c.id).toContain(RULES[c.profile!].en);
      expect(c.question['zh-CN'], c.id).toContain(RULES[c.profile!]['zh-CN']);
    }
  });

  it('every card that states a SYN or SYN-ACK schedule names its profile (or both)', () => {
    const stating = cards.filter((c) => [c.question.en, c.explanation.en, ...c.choices.map((x) => x.en)].some((t) => SCHEDULE.test(t)));
    expect(stating.map((c) => c.id)).toEqual(expect.arrayContaining(['lost-syn-2', 'lost-syn-3', 'lost-syn-4']));
    for (const c of stating) {
      const all = [c.question.en, ...c.choices.map((x) => x.en)].join(' ');
      expect(c.profile !== undefined || (all.includes(RULES.rfc9293.en) && all.includes(RULES.linux.en)), c.id).toBe(true);
    }
  });

  it('the schedules the cards give as right are the engine\'s', () => {
    const rfc = retransmissionSchedule(configFor('rfc9293'), 'SYN');
    const linux = retransmissionSchedule(configFor('linux'), 'SYN');
    const first3 = (ms: number[]) => ms.slice(0, 3).map((t) => `${t / 1000} s`).join(', ');
    const answer = (id: string) => byId(id).choices[byId(id).answer]!.en;
    expect(answer('lost-syn-2')).toBe(first3(rfc.retransmitAt));
    expect(answer('lost-syn-3')).toBe(first3(linux.retransmitAt));
    expect(answer('lost-syn-4')).toContain(`${RULES.rfc9293.en}: after ${rfc.giveUpAt / 1000} s`);
    expect(answer('lost-syn-4')).toContain(`${RULES.linux.en}: after ${linux.giveUpAt / 1000} s`);
  });

  it('each level has cards, and the accept-queue levels ask about both stacks', () => {
    for (const s of SCENARIOS) expect(s.quiz.length, s.id).toBeGreaterThanOrEqual(2);
    expect(QUIZ['accept-queue-full']!.map((c) => c.profile)).toEqual(['linux', undefined, 'linux', 'rfc9293']);
  });
});

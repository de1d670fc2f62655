import { describe, it, expect } from 'vitest';
import { RULES, ruleText, type Rule } from '../../shared/rules/catalogue.ts';
import { RULE_IDS, type RuleId } from '../../shared/rules/ids.ts';
import { TCP_STATES } from '../../shared/tcp/states.ts';
import { retransmissionSchedule } from '../../shared/tcp/backoff.ts';
import { configFor } from '../../shared/tcp/config.ts';

const HAN = /\p{Script=Han}/u;
/** Han characters plus CJK and full-width punctuation (，。：“” are fine in Chinese, never in English). */
const CJK_ANY = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** Every piece of English a learner can read for one rule. */
function englishTexts(rule: Rule): string[] {
  const t = [rule.en.title, rule.en.explanation];
  if (rule.profiles) t.push(rule.profiles.rfc9293.en, rule.profiles.linux.en);
  return t;
}

function chineseTexts(rule: Rule): string[] {
  const t = [rule.zh.title, rule.zh.explanation];
  if (rule.profiles) t.push(rule.profiles.rfc9293.zh, rule.profiles.linux.zh);
  return t;
}

const all = RULE_IDS.map((id) => RULES[id]);

/** The rules whose engine behaviour differs between the 'rfc9293' and 'linux' profiles. */
const PROFILE_RULES: RuleId[] = [
  'open.syn-received-dup-syn',
  'open.simultaneous-extra-ack',
  'open.syn-queue-full',
  'open.accept-queue-full',
  'open.syn-cookie',
  'open.syn-cookie-ack',
  'close.time-wait-expired',
  'close.unread-data-rst',
  'close.abort-on-data',
  'close.listen-close',
  'close.listen-close-reset',
  'timer.retransmit-syn',
  'timer.syn-give-up',
  'timer.data-give-up',
  'close.fin-wait-2-timeout',
];

describe('rule catalogue: coverage', () => {
  it('has exactly one entry per rule id, keyed by its own id', () => {
    expect(Object.keys(RULES).sort()).toEqual([...RULE_IDS].sort());
    for (const id of RULE_IDS) expect(RULES[id].id).toBe(id);
  });

  it('gives every rule a section naming an RFC section or a Linux setting', () => {
    for (const rule of all) {
      expect(rule.section, rule.id).toMatch(/^(RFC \d{3,4} §\d+(\.\d+)*|Linux \S.*)$/);
    }
  });

  it('gives every rule non-empty titles and explanations in both languages', () => {
    for (const rule of all) {
      for (const text of [rule.en.title, rule.en.explanation, rule.zh.title, rule.zh.explanation]) {
        expect(text.trim().length, rule.id).toBeGreaterThan(0);
      }
      expect(rule.en.explanation.length, rule.id).toBeGreaterThan(rule.en.title.length);
      expect(rule.zh.explanation.length, rule.id).toBeGreaterThan(rule.zh.title.length);
    }
  });

  it('keeps explanations to at most three sentences', () => {
    for (const rule of all) {
      const en = rule.en.explanation.split(/(?<=[.!?])\s+(?=[A-Z])/);
      expect(en.length, `${rule.id} en`).toBeLessThanOrEqual(3);
      const zh = rule.zh.explanation.split('。').filter((s) => s.trim().length > 0);
      expect(zh.length, `${rule.id} zh`).toBeLessThanOrEqual(3);
    }
  });

  it('ruleText returns the text of the requested language', () => {
    for (const id of RULE_IDS) {
      expect(ruleText(id, 'en')).toBe(RULES[id].en);
      expect(ruleText(id, 'zh-CN')).toBe(RULES[id].zh);
    }
  });
});

describe('rule catalogue: languages', () => {
  it('writes every Chinese text with Chinese characters', () => {
    for (const rule of all) for (const t of chineseTexts(rule)) expect(t, rule.id).toMatch(HAN);
  });

  it('keeps CJK characters and full-width punctuation out of every English text', () => {
    for (const rule of all) for (const t of englishTexts(rule)) expect(t, rule.id).not.toMatch(CJK_ANY);
  });
});

describe('rule catalogue: no misconceptions from common study material', () => {
  const everything = all.flatMap((r) => [...englishTexts(r), ...chineseTexts(r)].map((text) => ({ id: r.id, text })));

  it('never uses invented or misspelled state names', () => {
    const forbidden = /CLOSE[_-]?WAIT[_-]?2|SYN[_-]REVD|SYN[_-]RCVD|SYN[_-]SEND\b|SYN_Send|FIN_WAIT|TIME_WAIT|LAST_ACK|CLOSE_WAIT|establised/i;
    for (const { id, text } of everything) expect(text, id).not.toMatch(forbidden);
  });

  it('spells every state-like name exactly as RFC 9293 does', () => {
    const states = new Set<string>(TCP_STATES);
    const allowed = new Set(['SYN-ACK', 'SYN-ACKs']);
    for (const { id, text } of everything) {
      for (const m of text.matchAll(/\b(?:SYN|FIN|CLOSE|TIME|LAST)[-_][A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*/g)) {
        const name = m[0];
        expect(states.has(name) || allowed.has(name), `${id}: ${name}`).toBe(true);
      }
    }
  });

  it('puts the ACK of a FIN in the acknowledgment number, not the sequence number', () => {
    const rule = RULES['close.ack-of-fin'];
    expect(rule.en.explanation).toMatch(/acknowledgment number is the FIN's sequence number \+ 1/);
    expect(rule.zh.explanation).toMatch(/确认号/);
    for (const { id, text } of everything) {
      expect(text, id).not.toMatch(/ACK\s*报文的序列号/);
      expect(text, id).not.toMatch(/序列号值\s*\+\s*1\s*作为/);
    }
  });

  it('says the receiver of the first FIN goes to CLOSE-WAIT and the closer through FIN-WAIT-1 then FIN-WAIT-2', () => {
    expect(RULES['close.passive-close-wait'].en.explanation).toMatch(/CLOSE-WAIT/);
    expect(RULES['close.passive-close-wait'].zh.explanation).toMatch(/CLOSE-WAIT/);
    expect(RULES['close.active-fin'].en.title).toMatch(/FIN-WAIT-1/);
    for (const lang of ['en', 'zh'] as const) {
      const t = RULES['close.fin-wait-1-ack'][lang];
      expect(t.title.indexOf('FIN-WAIT-1')).toBeGreaterThanOrEqual(0);
      expect(t.title.indexOf('FIN-WAIT-2')).toBeGreaterThan(t.title.indexOf('FIN-WAIT-1'));
    }
  });

  it('gives TIME-WAIT 2×MSL, never one round trip', () => {
    const rule = RULES['close.time-wait-expired'];
    expect(rule.en.explanation).toMatch(/2×MSL/);
    expect(rule.zh.explanation).toMatch(/2×MSL/);
    expect(rule.profiles?.rfc9293.en).toMatch(/4 minutes/);
    expect(rule.profiles?.rfc9293.zh).toMatch(/4 分钟/);
    expect(rule.profiles?.linux.en).toMatch(/60 s/);
    expect(rule.profiles?.linux.zh).toMatch(/60 秒/);
    for (const { id, text } of everything) {
      expect(text, id).not.toMatch(/TIME-WAIT (lasts|is) (one|a) round[- ]trip/i);
      expect(text, id).not.toMatch(/一个(报文的)?来回时间/);
    }
  });

  it('names SYN-RECEIVED, not SYN_REVD, in the handshake rules', () => {
    expect(RULES['open.listen-syn-ack'].en.explanation).toMatch(/SYN-RECEIVED/);
    expect(RULES['open.listen-syn-ack'].zh.explanation).toMatch(/SYN-RECEIVED/);
  });
});

describe('rule catalogue: profiles', () => {
  it('describes both profiles, differently, for every rule where they differ', () => {
    for (const id of PROFILE_RULES) {
      const p = RULES[id].profiles;
      expect(p, id).toBeDefined();
      if (!p) continue;
      for (const text of [p.rfc9293.en, p.rfc9293.zh, p.linux.en, p.linux.zh]) expect(text.trim().length, id).toBeGreaterThan(0);
      expect(p.rfc9293.en, id).not.toBe(p.linux.en);
      expect(p.rfc9293.zh, id).not.toBe(p.linux.zh);
    }
  });

  it('states the profile differences concretely', () => {
    expect(RULES['open.syn-received-dup-syn'].profiles?.linux.en).toMatch(/SYN-ACK/);
    expect(RULES['open.syn-received-dup-syn'].profiles?.rfc9293.en).toMatch(/bare ACK/);
    expect(RULES['open.accept-queue-full'].profiles?.linux.en).toMatch(/backlog \+ 1/);
    expect(RULES['open.accept-queue-full'].profiles?.rfc9293.en).toMatch(/no accept queue/);
    expect(RULES['open.syn-cookie'].profiles?.linux.en).toMatch(/tcp_syncookies = 1/);
    expect(RULES['close.listen-close-reset'].profiles?.rfc9293.en).toMatch(/nothing is reset/);
    expect(RULES['close.unread-data-rst'].profiles?.linux.en).toMatch(/RST instead of a FIN/);
    expect(RULES['close.unread-data-rst'].profiles?.rfc9293.en).toMatch(/FIN/);
    expect(RULES['open.simultaneous-extra-ack'].profiles?.rfc9293.en).toMatch(/no extra ACK/);
    expect(RULES['timer.data-give-up'].profiles?.linux.en).toMatch(/close\(\) is an orphan, and tcp_orphan_retries bounds it/);
    expect(RULES['timer.data-give-up'].profiles?.rfc9293.en).toMatch(/R2 .* or the user timeout/);
  });
});

describe('rule catalogue: RST in TIME-WAIT and the RFC 1337 option', () => {
  it('quotes RFC 9293 §3.10.7.4: TIME-WAIT closes on a RST, in both profiles (no profile note)', () => {
    const rule = RULES['rst.time-wait-assassination'];
    expect(rule.section).toBe('RFC 9293 §3.10.7.4');
    expect(rule.en.explanation).toMatch(/TIME-WAIT STATE: If the RST bit is set, then enter the CLOSED state, delete the TCB, and return/);
    expect(rule.profiles).toBeUndefined();
  });

  it('explains RFC 1337 as an explicit option, off by default, and says the judge then accepts either answer', () => {
    for (const id of ['rst.time-wait-rfc1337', 'rst.time-wait-assassination'] as const) {
      const s = RULES[id].setting;
      expect(s?.name, id).toMatch(/tcp_rfc1337/);
      expect(s?.zh, id).toMatch(HAN);
      expect(s?.en, id).not.toMatch(CJK_ANY);
    }
    expect(RULES['rst.time-wait-rfc1337'].setting?.en).toMatch(/off in both profiles/);
    expect(RULES['rst.time-wait-rfc1337'].setting?.en).toMatch(/accepts either answer/);
  });
});

describe('rule catalogue: the SYN schedules are the engine\'s', () => {
  const secs = (ms: readonly number[]): string[] => ms.map((t) => String(t / 1000));

  it('rfc9293: at least 3 minutes of SYN retransmission (MUST-23), and the times the engine uses', () => {
    const s = retransmissionSchedule(configFor('rfc9293'), 'SYN');
    expect(s.retransmitAt.at(-1)).toBeGreaterThanOrEqual(180_000);
    const text = RULES['timer.syn-give-up'].profiles!.rfc9293;
    expect(text.en).toContain(`${secs(s.retransmitAt).slice(0, -1).join(', ')} and ${secs(s.retransmitAt).at(-1)} s`);
    expect(text.en).toContain(`fails at ${s.giveUpAt / 1000} s`);
    expect(text.zh).toContain(secs(s.retransmitAt).join('、'));
    expect(text.en).toMatch(/MUST-23/);
  });

  it('linux: tcp_syn_linear_timeouts = 4, the schedule observed on Linux 6.18 (1, 1, 1, 1, 1, 2, 4, 8, 16, 32 s apart), connect() failing 64 s after the last SYN', () => {
    const s = retransmissionSchedule(configFor('linux'), 'SYN');
    expect(secs(s.retransmitAt)).toEqual(['1', '2', '3', '4', '5', '7', '11', '19', '35', '67']);
    expect(s.giveUpAt).toBe(131_000);
    for (const id of ['timer.syn-give-up', 'timer.retransmit-syn'] as const) {
      const text = RULES[id].profiles!.linux;
      expect(text.en, id).toContain('1, 2, 3, 4, 5, 7, 11, 19, 35 and 67 s');
      expect(text.zh, id).toContain('1、2、3、4、5、7、11、19、35、67');
      expect(text.en, id).toMatch(/tcp_syn_linear_timeouts (= 4|= 6 \+ 4)/);
    }
    expect(RULES['timer.syn-give-up'].profiles!.linux.en).toContain('fails at 131 s');
    // The older schedule stays named: tcp_syn_linear_timeouts = 0.
    expect(RULES['timer.syn-give-up'].profiles!.linux.en).toContain('1, 3, 7, 15, 31 and 63 s, failing at 127 s');
  });
});

describe('rule catalogue: a give-up explained where a round sets its own limit', () => {
  it('SYN-ACK give-up: the SYN flood resends a SYN-ACK at most 2 times, not Linux\'s 5, so the explanation sends the learner to the limit the timer prompt names, in the prompt\'s own words', async () => {
    const { SCENARIOS } = await import('../../shared/game/scenarios.ts');
    const flood = SCENARIOS.find((s) => s.id === 'syn-flood')!;
    expect(flood.config?.synAckRetries).toBe(2);
    expect(configFor('linux').synAckRetries).toBe(5);
    const { en } = await import('../../client/i18n/en.ts');
    const { zhCN } = await import('../../client/i18n/zh-CN.ts');
    // The prompt's words for the limit ("at most {{limit}}" / "最多 {{limit}} 次"), as the explanation quotes them.
    expect(en['prompt.timer.retransmission']).toContain('at most {{limit}}');
    expect(zhCN['prompt.timer.retransmission']).toContain('最多 {{limit}} 次');
    const rule = RULES['timer.syn-ack-give-up'];
    expect(rule.en.explanation).toContain('"at most N"');
    expect(rule.zh.explanation).toContain('“最多 N 次”就是本回合的上限');
    expect(rule.en.explanation).toContain('Linux default 5');
    expect(rule.zh.explanation).toContain('Linux 默认 5 次');
  });
});

describe('rule catalogue: the simultaneous open\'s SYN-ACK, for a learner who knows §3.10.7.4', () => {
  it('says why its old sequence number (the peer\'s ISN, already acknowledged) does not make it a duplicate to drop: it carries the ACK of our SYN', () => {
    const rule = RULES['open.simultaneous-syn-ack'];
    expect(rule.en.explanation).toMatch(/SEG\.SEQ is the peer's ISN.*§3\.10\.7\.4.*the ACK of our SYN/);
    expect(rule.zh.explanation).toMatch(/SEG\.SEQ 是对端的 ISN.*§3\.10\.7\.4.*对我方 SYN 的确认/);
  });
});

/**
 * Every number the engine uses is a named setting. Two profiles where real stacks and the RFC
 * text differ: 'rfc9293' follows the RFC's words, 'linux' follows Linux's defaults.
 */
export type Profile = 'rfc9293' | 'linux';

export interface TcpConfig {
  profile: Profile;
  /** RFC 6298 §2.1: the RTO before any RTT sample is 1 second. */
  initialRtoMs: number;
  /** RFC 6298 §2.5: an upper bound on the RTO may be placed (at least 60 s). Linux: 120 s. */
  maxRtoMs: number;
  /** Linux net.ipv4.tcp_syn_retries (default 6): SYN retransmissions before connect() gives up. */
  synRetries: number;
  /** Linux net.ipv4.tcp_synack_retries (default 5): SYN-ACK retransmissions before the half-open entry is dropped. */
  synAckRetries: number;
  /** Linux net.ipv4.tcp_retries2 (default 15): retransmissions of data/FIN before the connection is dropped. */
  dataRetries: number;
  /** Maximum Segment Lifetime. TIME-WAIT lasts 2×MSL (RFC 9293 §3.3.2). */
  mslMs: number;
  /** RFC 9293 §3.8.3 user timeout (0 = off): abort if sent data stays unacknowledged this long. */
  userTimeoutMs: number;
  /** The receive window this endpoint advertises (fixed; no congestion control in this game). */
  receiveWindow: number;
  /** Largest payload per segment. */
  mss: number;
  /** Linux tcp_max_syn_backlog: how many half-open (SYN-RECEIVED) entries a listener keeps. */
  synBacklog: number;
  /** listen(backlog): how many established connections may wait for accept(). */
  acceptBacklog: number;
  /** RFC 1337: ignore a RST in TIME-WAIT instead of letting it end TIME-WAIT early. */
  rfc1337: boolean;
  /** RFC 5961 §7: at most one challenge ACK per this many ms per connection. */
  challengeAckIntervalMs: number;
}

export const RFC9293_CONFIG: TcpConfig = {
  profile: 'rfc9293',
  initialRtoMs: 1_000,
  maxRtoMs: 60_000,
  synRetries: 6,
  synAckRetries: 5,
  dataRetries: 15,
  mslMs: 120_000,
  userTimeoutMs: 300_000,
  receiveWindow: 4_096,
  mss: 536,
  synBacklog: 4,
  acceptBacklog: 2,
  rfc1337: true,
  challengeAckIntervalMs: 500,
};

/** Linux: TCP_TIMEWAIT_LEN is 60 s, i.e. 2×MSL with MSL = 30 s; RTO capped at 120 s. */
export const LINUX_CONFIG: TcpConfig = {
  ...RFC9293_CONFIG,
  profile: 'linux',
  maxRtoMs: 120_000,
  mslMs: 30_000,
  userTimeoutMs: 0,
  rfc1337: false,
};

export function configFor(profile: Profile, overrides: Partial<TcpConfig> = {}): TcpConfig {
  return { ...(profile === 'linux' ? LINUX_CONFIG : RFC9293_CONFIG), ...overrides, profile };
}

export function timeWaitMs(config: TcpConfig): number {
  return 2 * config.mslMs;
}

export type ConfigProblem = { field: keyof TcpConfig; message: string };

/** A bad configuration is reported field by field, never thrown. */
export function configProblems(config: TcpConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const positive: (keyof TcpConfig)[] = ['initialRtoMs', 'maxRtoMs', 'mslMs', 'receiveWindow', 'mss'];
  for (const field of positive) {
    const v = config[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) problems.push({ field, message: 'must be a positive number' });
  }
  const counts: (keyof TcpConfig)[] = ['synRetries', 'synAckRetries', 'dataRetries', 'synBacklog', 'acceptBacklog'];
  for (const field of counts) {
    const v = config[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 64) problems.push({ field, message: 'must be a whole number from 0 to 64' });
  }
  if (typeof config.challengeAckIntervalMs !== 'number' || !(config.challengeAckIntervalMs >= 0)) problems.push({ field: 'challengeAckIntervalMs', message: 'must be 0 or more' });
  if (typeof config.userTimeoutMs !== 'number' || config.userTimeoutMs < 0) problems.push({ field: 'userTimeoutMs', message: 'must be 0 (off) or a positive number' });
  if (config.receiveWindow > 65_535) problems.push({ field: 'receiveWindow', message: 'must fit in 16 bits (at most 65535)' });
  if (config.maxRtoMs < config.initialRtoMs) problems.push({ field: 'maxRtoMs', message: 'must not be below initialRtoMs' });
  return problems;
}

/** One colour per phase of a connection, so a state badge reads at a glance (its name is always written too). */
import type { TcpState } from '../../shared/tcp/states.ts';

export function stateColor(state: TcpState): number {
  switch (state) {
    case 'CLOSED':
      return 0x6b7896;
    case 'LISTEN':
    case 'SYN-SENT':
    case 'SYN-RECEIVED':
      return 0x56b4e9; // opening
    case 'ESTABLISHED':
      return 0x35c28f;
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
    case 'CLOSING':
    case 'CLOSE-WAIT':
    case 'LAST-ACK':
      return 0xe69f00; // closing
    case 'TIME-WAIT':
      return 0xf0e442;
    default: {
      const never: never = state;
      return never;
    }
  }
}

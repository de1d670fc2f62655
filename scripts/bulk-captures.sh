#!/usr/bin/env bash
# Record a real Linux bulk transfer (test/pcap/linuxBulk.test.ts rebuilds parts of such recordings).
# Root only. Three network namespaces, isolated from the machine's loopback: server (10.88.1.2) --
# router -- client (10.88.2.2). The router's queue toward the client is the path: an HTB
# bottleneck with a tail-drop FIFO, random loss and random reordering chosen per packet by a
# classic-BPF classifier ('ld rand'), because this kernel has no netem. dumpcap captures at both
# ends; `ss -tanoi` and nstat (SACK recoveries, loss probes, D-SACKs) are saved as ground truth.
#
#   scripts/bulk-captures.sh NAME BYTES CLOSE RATE_MBIT QUEUE LOSS_PCT REORDER_PCT [gso-off]
#   CLOSE: server-first | client-first | rst (the client closes with unread data)
#   e.g.   scripts/bulk-captures.sh loss2 5000000 server-first 50 100 2 0
#          scripts/bulk-captures.sh reorder10 5000000 server-first 50 100 0 10
# Writes NAME-srv.pcapng, NAME-cli.pcapng, NAME-ss.txt, NAME-nstat.txt in the current directory.
set -euo pipefail
name=$1 bytes=$2 mode=$3 rate=$4 queue=$5 loss=$6 reorder=$7 gso=${8:-}
. "$(dirname "$0")/capture-lab.sh"
lab_up b
if [ "$gso" = gso-off ]; then for p in "bsrv bs0" "bcli bc0" "brtr bs1" "brtr bc1"; do set -- $p; ip -n $1 link set dev $2 gso_max_segs 1; done; fi
# The path: 1:10 the bottleneck, 1:20 a black hole (a FIFO of 0 packets), 1:30 a slower lane (reordering).
tc() { ns brtr tc "$@" 2>/dev/null; }
tc qdisc add dev bc1 root handle 1: htb default 10
tc class add dev bc1 parent 1: classid 1:1 htb rate ${rate}mbit ceil ${rate}mbit
tc class add dev bc1 parent 1:1 classid 1:10 htb rate ${rate}mbit ceil ${rate}mbit
tc class add dev bc1 parent 1: classid 1:20 htb rate 8bit ceil 8bit
tc class add dev bc1 parent 1:1 classid 1:30 htb rate $((rate / 4 + 1))mbit ceil $((rate / 4 + 1))mbit
tc qdisc add dev bc1 parent 1:10 pfifo limit $queue
tc qdisc add dev bc1 parent 1:20 pfifo limit 0
tc qdisc add dev bc1 parent 1:30 pfifo limit $queue
# r = a random u32: r < loss → 1:20 (0x10020); r < loss + reorder → 1:30 (0x10030); else 1:10 (0x10010).
l=$(( loss * 42949672 )); r=$(( (loss + reorder) * 42949672 ))
tc filter add dev bc1 parent 1: bpf bytecode "6,32 0 0 4294963256,53 1 0 $l,6 0 0 65568,53 1 0 $r,6 0 0 65584,6 0 0 65552" classid 1:10
ip netns exec bsrv dumpcap -q -i bs0 -f 'tcp port 5001' -w "$name-srv.pcapng" 2>/dev/null & d1=$!
ip netns exec bcli dumpcap -q -i bc0 -f 'tcp port 5001' -w "$name-cli.pcapng" 2>/dev/null & d2=$!
sleep 1
ns bsrv python3 - "$bytes" "$mode" <<'PY' &
import socket, sys, time
nbytes, mode = int(sys.argv[1]), sys.argv[2]
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); ls.bind(('0.0.0.0', 5001)); ls.listen(8)
c, _ = ls.accept(); c.recv(1000)
c.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n' % nbytes)
try:
    left = nbytes
    while left > 0: n = min(left, 65536); c.sendall(b'x' * n); left -= n
    if mode != 'server-first':
        while c.recv(65536): pass  # the client closes first
        time.sleep(0.05)
    c.close()
except OSError as e: print('server:', e)
PY
sp=$!
sleep 0.5
ns bcli python3 - "$bytes" "$mode" <<'PY'
import socket, sys, time
nbytes, mode = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(('10.88.1.2', 5001)); s.sendall(b'GET /file HTTP/1.1\r\nHost: x\r\n\r\n')
want = {'server-first': None, 'client-first': nbytes + 45, 'rst': nbytes // 4}[mode]
got = 0
while want is None or got < want:
    d = s.recv(262144)
    if not d: break
    got += len(d)
if mode == 'rst': time.sleep(0.02)  # data still arriving: close() with unread data sends RST
s.close(); print('client read', got)
PY
wait $sp || true
sleep 0.3
{ echo '# server'; ns bsrv ss -tanoi; echo '# client'; ns bcli ss -tanoi; } > "$name-ss.txt"
sleep 1.5
kill -TERM $d1 $d2; wait $d1 $d2 || true  # TERM: a background job of a script ignores SIGINT
ns bsrv nstat -az TcpRetransSegs TcpExtTCPSackRecovery TcpExtTCPFastRetrans TcpExtTCPLossProbes TcpExtTCPTimeouts TcpExtTCPDSACKRecv | grep -v '^#' > "$name-nstat.txt"
ns brtr tc -s class show dev bc1 >> "$name-nstat.txt"
lab_down b

#!/usr/bin/env bash
# Record a real Linux handshake that loses its first SYN or SYN-ACK on the path
# (test/pcap/linuxHandshakeLoss.test.ts rebuilds such recordings). Root only. Three network
# namespaces as in bulk-captures.sh: server (10.88.1.2) -- router -- client (10.88.2.2). For the
# first DROP_SECONDS the router sends every segment with exactly these TCP flags (0x12 SYN-ACK
# toward the client, 0x02 SYN toward the server) to a black hole (an HTB class whose FIFO holds 0
# packets), after dumpcap at the sender has seen it and before dumpcap at the receiver could.
#
#   scripts/handshake-captures.sh NAME synack|syn DROP_SECONDS [no-timestamps]
#   e.g.   scripts/handshake-captures.sh synack1 synack 0.5
# Writes NAME-srv.pcapng, NAME-cli.pcapng and NAME-nstat.txt in the current directory.
set -euo pipefail
name=$1 what=$2 secs=$3 ts=${4:-}
. "$(dirname "$0")/capture-lab.sh"
lab_up h
if [ "$ts" = no-timestamps ]; then ns hcli sysctl -qw net.ipv4.tcp_timestamps=0; fi
case $what in synack) dev=hc1 flags=0x12 ;; syn) dev=hs1 flags=0x02 ;; *) echo "synack or syn" >&2; exit 2 ;; esac
tc() { ns hrtr tc "$@" 2>/dev/null; }
tc qdisc add dev $dev root handle 1: htb default 10
tc class add dev $dev parent 1: classid 1:10 htb rate 1000mbit
tc class add dev $dev parent 1: classid 1:20 htb rate 8bit
tc qdisc add dev $dev parent 1:20 pfifo limit 0
ns hsrv dumpcap -q -i hs0 -f 'tcp port 5001' -w "$name-srv.pcapng" 2>/dev/null & d1=$!
ns hcli dumpcap -q -i hc0 -f 'tcp port 5001' -w "$name-cli.pcapng" 2>/dev/null & d2=$!
sleep 1
ns hsrv python3 -c '
import socket
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); ls.bind(("0.0.0.0", 5001)); ls.listen(8)
c, _ = ls.accept(); c.recv(1000); c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"); c.recv(1000); c.close()
' & sp=$!
sleep 0.3
# IPv4 without options: the TCP flags byte is the packet's byte 33.
tc filter add dev $dev parent 1: protocol ip prio 1 u32 match u8 $flags 0xff at 33 classid 1:20
ns hcli python3 -c '
import socket, time
s = socket.create_connection(("10.88.1.2", 5001)); s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
got = b""
while len(got) < 40: got += s.recv(1000)
s.close()
' & cp=$!
sleep "$secs"
tc filter del dev $dev parent 1: prio 1
wait $cp $sp || true
sleep 1.5
kill -TERM $d1 $d2; wait $d1 $d2 || true  # TERM: a background job of a script ignores SIGINT
ns hrtr tc -s class show dev $dev > "$name-nstat.txt"
# The black hole must have taken the segment (once in a few runs here it took none: the filter came too late).
grep -A1 'class htb 1:20' "$name-nstat.txt" | grep -q 'dropped [1-9]' || echo "$0: nothing was dropped in $name: record it again" >&2
lab_down h

# Sourced by the capture scripts (bulk-captures.sh, handshake-captures.sh). Root only.
# lab_up P: three network namespaces, isolated from the machine's loopback, P naming them apart:
# ${P}srv (10.88.1.2 on ${P}s0) -- ${P}rtr (forwarding; ${P}s1, ${P}c1) -- ${P}cli (10.88.2.2 on ${P}c0).
# lab_down P removes them. ns NAME CMD… runs a command in one.
ns() { ip netns exec "$@"; }
lab_up() {
  local p=$1 n
  for n in ${p}srv ${p}rtr ${p}cli; do ip netns del "$n" 2>/dev/null || true; ip netns add "$n"; ip -n "$n" link set lo up; done
  ip link add ${p}s0 netns ${p}srv type veth peer name ${p}s1 netns ${p}rtr
  ip link add ${p}c0 netns ${p}cli type veth peer name ${p}c1 netns ${p}rtr
  ip -n ${p}srv addr add 10.88.1.2/24 dev ${p}s0; ip -n ${p}srv link set ${p}s0 up; ip -n ${p}srv route add default via 10.88.1.1
  ip -n ${p}rtr addr add 10.88.1.1/24 dev ${p}s1; ip -n ${p}rtr link set ${p}s1 up
  ip -n ${p}rtr addr add 10.88.2.1/24 dev ${p}c1; ip -n ${p}rtr link set ${p}c1 up
  ip -n ${p}cli addr add 10.88.2.2/24 dev ${p}c0; ip -n ${p}cli link set ${p}c0 up; ip -n ${p}cli route add default via 10.88.2.1
  ns ${p}rtr sysctl -qw net.ipv4.ip_forward=1
}
lab_down() {
  local p=$1 n
  for n in ${p}srv ${p}rtr ${p}cli; do ip netns del "$n"; done
}

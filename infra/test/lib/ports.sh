#!/usr/bin/env bash
# Sourced by the bats tests: test_port prints a TCP port for a server a test starts, chosen so that
# nothing else takes it between the choice and the bind. A port the kernel hands out (bind to port 0)
# lies in its ephemeral range (net.ipv4.ip_local_port_range), which any outgoing connection or
# other bind on the machine may be given once the picking socket is closed; these come from below
# that range (20000 up to its low end, as the Java tests' TestPorts), where the kernel never hands
# out a port by itself, at random, and each is checked free (nothing bound to it, on any address).

test_port() {
  local low port i
  # In one read: a sysctl file answers a read past its start with nothing, and bash may read byte by byte.
  low="$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range)"
  if ((low <= 20100)); then
    echo "test_port: the ephemeral port range starts at $low; the tests need it to start above 20100 (Linux's default is 32768)" >&2
    return 1
  fi
  for ((i = 0; i < 100; i++)); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % (low - 20000)))
    if /usr/bin/python3 - "$port" 2>/dev/null <<'PY'; then
import socket, sys
port = int(sys.argv[1])
try:  # the wildcard of both families: nothing bound to the port on any address
    s, address = socket.socket(socket.AF_INET6), ("::", port)
except OSError:  # no IPv6 here
    s, address = socket.socket(), ("0.0.0.0", port)
s.bind(address)
PY
      echo "$port"
      return 0
    fi
  done
  echo "test_port: no free port found below $low in 100 tries" >&2
  return 1
}

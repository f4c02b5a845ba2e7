#!/usr/bin/env bats
# infra/scripts/setup-pi.sh run for real on a fresh Debian bookworm arm64 system: a container of
# the arm64 stand-in base image (debootstrap, run through qemu-user-static), on the host's network
# so that apt installs Debian's packages from the mirror the image was made from. The repository
# is mounted read-only; a bare clone of it stands in for GitHub; only systemctl is stubbed (no
# systemd in a container): the stub records each call and answers as a Pi's systemd would. The
# container is kept from one test to the next (they run in order). The first run's apt-get under
# emulation takes most of the 3 to 5 minutes. Needs the Docker engine (run-tests.sh starts it).

C=bakeshop-setup-pi-test
IMAGE=bakeshop-standin-base:bookworm-arm64
STUB_PATH=/opt/stubs:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
DIR=/home/pi/all-the-much-bake-shop

setup_file() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)" && export ROOT
  "$ROOT/infra/docker/build-standins.sh" --arch arm64 >&3 2>&1
  docker rm -f -v "$C" >/dev/null 2>&1 || true
  git clone --quiet --bare "$ROOT" "$BATS_FILE_TMPDIR/bakeshop.git"
  docker run -d --name "$C" --platform linux/arm64 --network host -v "$ROOT:/src:ro" "$IMAGE" sleep infinity >/dev/null
  docker cp "$BATS_FILE_TMPDIR/bakeshop.git" "$C:/srv/bakeshop.git"
  # The Pi's user, made as Raspberry Pi Imager makes it, and a daemon.json with keys of its own.
  docker exec "$C" sh -c 'useradd -m -s /bin/bash pi && chown -R pi: /srv/bakeshop.git
    mkdir -p /etc/docker && printf "{\"debug\": false, \"log-opts\": {\"max-size\": \"20m\"}}\n" >/etc/docker/daemon.json'
  # systemctl: ssh and journald run, a unit is enabled and active once `enable --now` started it.
  docker exec -i "$C" sh -c 'mkdir -p /opt/stubs && cat >/opt/stubs/systemctl && chmod 755 /opt/stubs/systemctl' <<'STUB'
#!/bin/sh
echo "$*" >>/var/log/systemctl-calls.log
case "$1" in
  is-enabled | is-active)
    [ "$2" = --quiet ] && shift
    case "$2" in ssh | systemd-journald) exit 0 ;; esac
    grep -qx "enable --now $2" /var/log/systemctl-calls.log ;;
  *) exit 0 ;;
esac
STUB
}

teardown_file() {
  docker rm -f -v "$C" >/dev/null 2>&1 || true
}

on_pi() {
  docker exec "$C" "$@"
}

setup_pi() {
  docker exec -e PATH="$STUB_PATH" "$C" /src/infra/scripts/setup-pi.sh --user pi --repo-url /srv/bakeshop.git "$@"
}

@test "the first run sets everything up, but without a key it leaves SSH passwords on, says how to add one, exits 2" {
  run setup_pi
  echo "$output"
  [ "$status" -eq 2 ]
  [[ "$output" == *"Changed: installed docker.io"* ]]
  [[ "$output" == *"SSH password logins left on: pi has no key in /home/pi/.ssh/authorized_keys"* ]]
  [[ "$output" == *"ssh-copy-id pi@"* ]]
  run on_pi test -e /etc/ssh/sshd_config.d/50-bakeshop.conf
  [ "$status" -ne 0 ] # no drop-in: sshd as it was
  run on_pi sh -c 'mkdir -p /run/sshd && sshd -T' # /run/sshd: what ssh.service makes when it runs
  [[ "$output" == *"passwordauthentication yes"* ]]
}

@test "Debian's packages are installed from Debian alone, Docker starts at boot, pi is in the docker group" {
  on_pi dpkg -s docker.io docker-compose rclone git curl perl procps ca-certificates openssh-server unattended-upgrades >/dev/null
  run on_pi docker-compose version --short
  [[ "$output" == 1.29.* ]] || { echo "$output"; false; } # bookworm's Compose
  run on_pi find /etc/apt/sources.list.d -type f
  [ -z "$output" ] # no other apt repository
  run on_pi cat /var/log/systemctl-calls.log
  [[ "$output" == *"enable --now docker"* ]]
  run on_pi id -nG pi
  [[ " $output " == *" docker "* ]]
}

@test "the project directory is a clone of the repository, owned by pi, whose git pull only fast-forwards" {
  [ "$(on_pi runuser -u pi -- git -C /srv/bakeshop.git rev-parse HEAD)" = "$(on_pi runuser -u pi -- git -C "$DIR" rev-parse HEAD)" ]
  [ "$(on_pi runuser -u pi -- git -C "$DIR" remote get-url origin)" = /srv/bakeshop.git ]
  [ "$(on_pi runuser -u pi -- git -C "$DIR" config pull.ff)" = only ]
  run on_pi find "$DIR" ! -user pi
  [ -z "$output" ] || { echo "not pi's: $output"; false; }
  on_pi test -x "$DIR/infra/scripts/bakeshop"
}

@test "security updates: daily, from Debian-Security and Raspberry Pi OS's archive, at 04:30, never an automatic reboot" {
  run on_pi apt-config dump
  [[ "$output" == *'APT::Periodic::Unattended-Upgrade "1";'* ]]
  [[ "$output" == *'APT::Periodic::Update-Package-Lists "1";'* ]]
  [[ "$output" == *'Unattended-Upgrade::Automatic-Reboot "false";'* ]]
  # unattended-upgrade itself reads the configuration and names the origins it will take.
  run on_pi unattended-upgrade --dry-run --debug
  [[ "$output" == *"Allowed origins are:"*"origin=Debian,codename=bookworm-security,label=Debian-Security"* ]] || { echo "$output" | tail -20; false; }
  [[ "$output" == *"origin=Raspberry Pi Foundation,codename=bookworm"* ]]
  run on_pi cat /etc/systemd/system/apt-daily-upgrade.timer.d/50-bakeshop.conf
  [[ "$output" == *"OnCalendar=*-*-* 04:30"* ]]
}

@test "log limits: daemon.json merged with the keys it had, the journal capped, swap only when memory runs short" {
  run on_pi python3 -c 'import json; c = json.load(open("/etc/docker/daemon.json")); print(c["debug"], c["log-driver"], c["log-opts"]["max-size"], c["log-opts"]["max-file"], c["live-restore"])'
  [ "$output" = "False json-file 20m 3 True" ] # debug and the 20m already there kept
  run on_pi cat /etc/systemd/journald.conf.d/50-bakeshop.conf
  [[ "$output" == *"[Journal]"*"SystemMaxUse=100M"* ]]
  run on_pi cat /etc/sysctl.d/60-bakeshop.conf
  [[ "$output" == *"vm.swappiness=10"* ]]
  run on_pi cat /var/log/systemctl-calls.log
  [[ "$output" == *"restart systemd-journald"* && "$output" == *"restart docker"* ]]
}

@test "with a key in authorized_keys, SSH goes key-only: the drop-in, sshd -t passes, sshd reloaded" {
  on_pi runuser -u pi -- sh -c 'ssh-keygen -q -t ed25519 -N "" -C gerell@laptop -f /tmp/laptop_key
    mkdir -m 700 -p ~/.ssh && { echo "# Gerell laptop"; cat /tmp/laptop_key.pub; } >~/.ssh/authorized_keys && chmod 600 ~/.ssh/authorized_keys'
  run setup_pi
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"Changed: /etc/ssh/sshd_config.d/50-bakeshop.conf"* ]]
  on_pi sshd -t
  run on_pi sshd -T
  [[ "$output" == *"passwordauthentication no"* && "$output" == *"kbdinteractiveauthentication no"* ]]
  [[ "$output" == *"permitrootlogin no"* && "$output" == *"pubkeyauthentication yes"* ]]
  run on_pi tail -1 /var/log/systemctl-calls.log
  [ "$output" = "reload ssh" ]
}

@test "the real sshd then refuses a password without asking for one, and lets the key in" {
  on_pi sh -c 'mkdir -p /run/sshd && /usr/sbin/sshd -p 22022 -o ListenAddress=127.0.0.1'
  local ssh="ssh -p 22022 -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=60"
  run on_pi runuser -u pi -- sh -c "$ssh -o PubkeyAuthentication=no -o PreferredAuthentications=password,keyboard-interactive pi@127.0.0.1 true"
  [ "$status" -eq 255 ] && [[ "$output" == *"Permission denied (publickey)"* ]] || { echo "$output"; on_pi pkill -f 'sshd -p 22022'; false; }
  run on_pi runuser -u pi -- sh -c "$ssh -i /tmp/laptop_key pi@127.0.0.1 echo signed in with the key"
  on_pi pkill -f 'sshd -p 22022' || true
  [[ "$output" == *"signed in with the key"* ]] || { echo "$output"; false; }
}

@test "a daemon.json that is not JSON is left as it is, named, and the run exits 2" {
  on_pi cp -p /etc/docker/daemon.json /tmp/daemon.json.good
  on_pi sh -c 'printf "{ \"debug\": false,\n" >/etc/docker/daemon.json'
  run setup_pi
  on_pi cp -p /tmp/daemon.json.good /etc/docker/daemon.json # as before, for the tests after this one
  echo "$output"
  [ "$status" -eq 2 ]
  [[ "$output" == *"/etc/docker/daemon.json left as it is: it is not valid JSON"* ]]
  [[ "$output" == *"Not done: /etc/docker/daemon.json"* ]]
}

@test "an existing clone is only fetched: local changes and the working tree are kept, files given to root given back" {
  local head new
  head="$(on_pi runuser -u pi -- git -C "$DIR" rev-parse HEAD)"
  # A new commit upstream, a local change, and a file that a root shell made root's.
  on_pi runuser -u pi -- sh -c 'git clone -q /srv/bakeshop.git /tmp/upstream && cd /tmp/upstream &&
    echo "upstream change" >>README.md && git -c user.name=ci -c user.email=ci@example.invalid commit -qam "upstream change" &&
    git push -q origin HEAD'
  new="$(on_pi runuser -u pi -- git -C /srv/bakeshop.git rev-parse HEAD)"
  on_pi runuser -u pi -- sh -c "echo 'local change' >>$DIR/docs/backups.md"
  on_pi chown root: "$DIR/README.md"
  run setup_pi
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"Changed: fetched new commits into $DIR"* && "$output" == *"1 commit(s) behind origin"* ]]
  [[ "$output" == *"Changed: gave the clone's files in $DIR to pi"* ]]
  [ "$(on_pi runuser -u pi -- git -C "$DIR" rev-parse HEAD)" = "$head" ]
  [ "$(on_pi runuser -u pi -- git -C "$DIR" rev-parse origin/HEAD)" = "$new" ]
  on_pi grep -qx 'local change' "$DIR/docs/backups.md"
  run on_pi grep -c 'upstream change' "$DIR/README.md"
  [ "$output" = 0 ]
  run on_pi find "$DIR" ! -user pi
  [ -z "$output" ]
}

@test "a second run changes nothing: every file under /etc and the project directory the same, and it says so" {
  # Content, mode and owner of every file. Nothing needs leaving out: a run with nothing to
  # change installs nothing (no apt, no ldconfig) and writes no file.
  local list='find /etc /home/pi/all-the-much-bake-shop -type f -exec sha256sum {} + | sort -k 2; find /etc /home/pi/all-the-much-bake-shop -printf "%m %u:%g %p\n" | sort -k 3'
  on_pi sh -c "$list" >"$BATS_TEST_TMPDIR/before"
  local calls
  calls="$(on_pi sh -c 'wc -l </var/log/systemctl-calls.log')"
  run setup_pi
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"nothing to change"* && "$output" != *"Changed:"* ]]
  on_pi sh -c "$list" >"$BATS_TEST_TMPDIR/after"
  diff "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
  [ "$(wc -l <"$BATS_TEST_TMPDIR/before")" -gt 500 ]
  # Only questions to systemd: nothing enabled, restarted or reloaded.
  run on_pi sh -c "tail -n +$((calls + 1)) /var/log/systemctl-calls.log | grep -v '^is-'"
  [ -z "$output" ] || { echo "systemctl calls: $output"; false; }
}

@test "with no systemctl at all (a chroot, a container), it still runs, says what it skipped, and changes nothing" {
  run docker exec "$C" /src/infra/scripts/setup-pi.sh --user pi --repo-url /srv/bakeshop.git
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"No systemctl here (not running under systemd): skipped 'systemctl enable --now docker'"* ]]
  [[ "$output" == *"nothing to change"* && "$output" != *"Changed:"* ]]
}

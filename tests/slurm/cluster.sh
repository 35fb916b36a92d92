#!/usr/bin/env bash
# A single-node Slurm cluster for the tests (issue 14): Debian's slurm-wlm and munge, slurmctld + slurmd on this
# machine, every state, spool, log and pid file under one folder.
#   sudo bash tests/slurm/cluster.sh setup     # once per machine (.ci/run does it): installs slurm-wlm and munge,
#                                              # writes /etc/munge/munge.key; needs root
#   bash tests/slurm/cluster.sh start DIR      # prints the SLURM_CONF to export; waits until the node is idle
#   bash tests/slurm/cluster.sh stop DIR
#   bash tests/slurm/cluster.sh restart-controller DIR [SECONDS]   # slurmctld stopped (saving its state), left down
#                                              # SECONDS (5), started again: a lab's maintenance restart, for the tests
# Every Slurm command (and every process that calls one) needs SLURM_CONF=DIR/slurm.conf in its environment.
set -euo pipefail
command=${1:?setup, start or stop}
sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"

if [[ $command == setup ]]; then
  if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq slurm-wlm munge > /dev/null
  fi
  # Munge: a key of 1024 random bytes, owned by munge, mode 400.
  if ! $sudo test -s /etc/munge/munge.key; then
    $sudo dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    $sudo chown munge:munge /etc/munge/munge.key && $sudo chmod 400 /etc/munge/munge.key
  fi
  exit 0
fi

dir=$(mkdir -p "${2:?a folder for the cluster}" && cd "$2" && pwd)
conf="$dir/slurm.conf"

stop() {
  for pid in "$dir"/slurmd.pid "$dir"/slurmctld.pid; do
    [[ -f $pid ]] && kill "$(cat "$pid")" 2> /dev/null || true
  done
  sleep 1
}

# SIGTERM: slurmctld saves its state (jobs, dependencies) and exits; started again, it recovers them from StateSaveLocation.
restart_controller() {
  local down=$1 pid
  pid=$(cat "$dir/slurmctld.pid")
  $sudo kill "$pid"
  while $sudo kill -0 "$pid" 2> /dev/null; do sleep 0.2; done
  sleep "$down"
  $sudo env SLURM_CONF="$conf" slurmctld -f "$conf"
  for _ in $(seq 1 60); do
    SLURM_CONF=$conf scontrol ping 2> /dev/null | grep -q 'is UP' && return 0
    sleep 0.5
  done
  echo "slurmctld did not come back in 30 s; see $dir/log/slurmctld.log" >&2
  return 1
}

case $command in
  stop) stop; exit 0 ;;
  start) ;;
  restart-controller) restart_controller "${3:-5}"; exit $? ;;
  *) echo "usage: $0 setup | start DIR | stop DIR | restart-controller DIR [SECONDS]" >&2; exit 2 ;;
esac

if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null || ! $sudo test -s /etc/munge/munge.key; then
  echo "Slurm is not set up on this machine: run 'sudo bash tests/slurm/cluster.sh setup' once (bash .ci/run does);" \
       "it installs Debian's slurm-wlm and munge and writes /etc/munge/munge.key" >&2
  exit 1
fi

# Without systemd nothing makes munged's folders: make them as the package's unit would.
$sudo install -d -o munge -g munge -m 0755 /run/munge
$sudo install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge /etc/munge
# A munged without its socket (its files removed under it) answers nobody: start a new one.
if ! pgrep -x munged > /dev/null || [[ ! -S /run/munge/munge.socket.2 ]]; then
  $sudo pkill -x munged 2> /dev/null || true
  $sudo /usr/sbin/munged --force
fi

host=$(hostname -s)
cpus=$(getconf _NPROCESSORS_ONLN)   # not nproc: it answers OMP_NUM_THREADS, which the test processes set to 1
memory=$(( $(free -m | awk '/^Mem:/ { print $2 }') * 9 / 10 ))
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
cat > "$conf" <<CONF
ClusterName=ensdsl-tests
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobs.txt
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=tests Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
: > "$dir/cgroup.conf"          # must exist and be empty (22.05 refuses CgroupPlugin=disabled)

stop
export SLURM_CONF=$conf
slurmctld -f "$conf"
slurmd -f "$conf"
for _ in $(seq 1 30); do
  if sinfo -h -o %T 2> /dev/null | grep -qx idle; then
    echo "SLURM_CONF=$conf"
    exit 0
  fi
  sleep 1
done
echo "the Slurm node did not become idle in 30 s; see $dir/log" >&2
sinfo >&2 || true
exit 1

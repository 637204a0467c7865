#!/usr/bin/env bash
# Runs a throwaway local Kubernetes cluster for end-to-end tests: real etcd,
# kube-apiserver, kube-controller-manager and kube-scheduler; one real node
# (containerd + runc, a CNI bridge, kubelet, kube-proxy: pods run for real, see
# node.sh); a PostgreSQL server that pods reach; and kwok, which simulates one
# more node, tainted, for the few tests that want a pod that never runs.
#
# Usage:
#   it-tests/cluster/cluster.sh up      start (idempotent: a healthy cluster is kept);
#                                       prints `export KUBECONFIG=...` on stdout
#   it-tests/cluster/cluster.sh down    stop everything and remove the state dir
#   it-tests/cluster/cluster.sh env     print `export KUBECONFIG=...`
#   it-tests/cluster/cluster.sh status  print pids/ports and whether /readyz is ok;
#                                       exit status 0 only if all of it is up
#
# Everything listens on 127.0.0.1 or on the pod bridge's own address (10.213.0.1),
# on free ports picked at `up`; the bridge, iptables chains, cgroups and mounts are
# host-global and are removed by `down`, or by the next `up` after a crash.
# State (certs, etcd data, logs, pids, kubeconfig) lives in
#   ${MIGRATION_CHART_CLUSTER_STATE:-${TMPDIR:-/tmp}/migration-chart-cluster}
# (one cluster per machine: the real node's bridge, subnet and image store are fixed).
#
# Binaries come from install.sh (run by every fresh `up`; cheap when cached).
# Pods land on the real node unless they tolerate the kwok node's taint
# migration-chart.test/simulated=true:NoSchedule and select it (see README.md).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$HERE/../lib.sh" "[cluster]"
K8S_VERSION="${K8S_VERSION:-v1.34.4}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
CACHE_ROOT="$MC_CACHE"
CLUSTER_DIR="$CACHE_ROOT/cluster/$K8S_VERSION"
BIN_DIR="$CLUSTER_DIR/bin"
KWOK_ASSETS="$CLUSTER_DIR/kwok-$KWOK_VERSION"
STATE="${MIGRATION_CHART_CLUSTER_STATE:-${TMPDIR:-/tmp}/migration-chart-cluster}"
KUBECONFIG_PATH="$STATE/kubeconfig"
NODE_NAME="kwok-node-0"
KWOK_TAINT_KEY="migration-chart.test/simulated"
SERVICE_CIDR="10.96.0.0/16"
# Fake pod IPs handed out by kwok. Nothing routes to them (no kube-proxy, no
# CNI): they only appear in pod status.
POD_CIDR="10.0.0.1/16"
# Components started, in start order (stopped in reverse order).
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok containerd kubelet kube-proxy)
PG_STATE="$STATE-pg"
REPO_IT_TESTS="$(cd "$HERE/.." && pwd)"

# shellcheck source=node.sh
. "$HERE/node.sh"

kubectl_bin() {
  if [[ -x "$CACHE_ROOT/tools/bin/kubectl" ]]; then echo "$CACHE_ROOT/tools/bin/kubectl"; else echo "$BIN_DIR/kubectl"; fi
}
# Own discovery cache: each `up` picks new ports, which would leave one more
# directory in ~/.kube/cache per run.
kc() { "$(kubectl_bin)" --kubeconfig "$KUBECONFIG_PATH" --cache-dir "$STATE/kubectl-cache" "$@"; }

# ---- processes ---------------------------------------------------------------

pid_of() { cat "$STATE/pids/$1.pid" 2>/dev/null || true; }

# True if the process exists and is not a zombie. The daemons are re-parented to
# pid 1 once `up` exits, and pid 1 may reap them only seconds after they exit.
alive() { # pid
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ -n "$stat" ]] || return 1
  stat="${stat##*) }"  # the field after "(comm)" is the state
  [[ "${stat%% *}" != Z ]]
}

# True if the recorded pid is alive AND still runs a binary of that name
# (guards against pid reuse; the directory is not compared, so a cluster started
# with another MIGRATION_CHART_CACHE is still recognized and can be stopped).
is_running() {
  local pid argv0; pid="$(pid_of "$1")"
  [[ -n "$pid" ]] && alive "$pid" || return 1
  argv0="$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -n 1)" || return 1
  [[ "$argv0" == */"$1" ]]
}

# Starts a component detached from this shell (setsid+nohup) so it outlives `up`.
# fd 9 (the lock of with_lock) is closed, or the daemon would hold the lock.
start() { # name args...
  local name="$1"; shift
  start_exe "$name" "$BIN_DIR/$name" "$@"
}
start_exe() { # name executable args...
  local name="$1" exe="$2"; shift 2
  setsid nohup "$exe" "$@" >"$STATE/logs/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$STATE/pids/$name.pid"
}

stop() { # name [seconds to wait after TERM, default 10]
  local name="$1" grace="${2:-10}" pid i
  is_running "$name" || return 0
  pid="$(pid_of "$name")"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  [[ "$grace" -lt 10 ]] || log "$name (pid $pid) did not stop on TERM, killing"
  kill -KILL "$pid" 2>/dev/null || true
}

# Waits until cmd succeeds; on timeout shows the component's log tail.
wait_for() { # seconds what component cmd...
  local secs="$1" what="$2" comp="$3"; shift 3
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$comp" ]] && ! is_running "$comp"; then
      grep -v " flags.go:[0-9]*\] FLAG: " "$STATE/logs/$comp.log" | tail -n 30 >&2 || true
      die "$comp exited while waiting for $what"
    fi
    ((SECONDS < deadline)) || {
      [[ -n "$comp" ]] && tail -n 30 "$STATE/logs/$comp.log" >&2
      die "timed out after ${secs}s waiting for $what"
    }
    sleep 0.2
  done
}

# ---- ports ---------------------------------------------------------------------

# Ports are drawn at random from below the kernel's ephemeral range (32768+ by
# default), so that no outgoing connection of this machine can hold one of them
# between the pick and the daemon's bind. A port is skipped if any TCP socket
# uses it (/proc/net/tcp*) or something accepts connections on it.
port_in_use() { # port
  local hex; hex="$(printf ':%04X ' "$1")"
  grep -qi -- "$hex" /proc/net/tcp /proc/net/tcp6 2>/dev/null && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

TAKEN_PORTS=" "
pick_port() { # variable-name
  local lo=10000 hi p i
  hi="$(awk '{print $1 - 1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32767)"
  ((hi > lo + 1000)) || { lo=20000; hi=29999; }
  for ((i = 0; i < 500; i++)); do
    p=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
    [[ "$TAKEN_PORTS" == *" $p "* ]] && continue
    port_in_use "$p" && continue
    TAKEN_PORTS+="$p "
    printf -v "$1" '%s' "$p"
    return 0
  done
  die "no free port found in $lo-$hi"
}

pick_ports() {
  pick_port ETCD_PORT; pick_port ETCD_PEER_PORT; pick_port API_PORT
  pick_port KCM_PORT; pick_port SCHED_PORT; pick_port KWOK_PORT
  pick_port KUBELET_PORT; pick_port KUBELET_HEALTHZ_PORT
  pick_port KUBE_PROXY_HEALTHZ_PORT; pick_port KUBE_PROXY_METRICS_PORT
  cat >"$STATE/ports.env" <<EOF
ETCD_PORT=$ETCD_PORT
ETCD_PEER_PORT=$ETCD_PEER_PORT
API_PORT=$API_PORT
KCM_PORT=$KCM_PORT
SCHED_PORT=$SCHED_PORT
KWOK_PORT=$KWOK_PORT
KUBELET_PORT=$KUBELET_PORT
KUBELET_HEALTHZ_PORT=$KUBELET_HEALTHZ_PORT
KUBE_PROXY_HEALTHZ_PORT=$KUBE_PROXY_HEALTHZ_PORT
KUBE_PROXY_METRICS_PORT=$KUBE_PROXY_METRICS_PORT
EOF
}

# ---- certificates and kubeconfigs ------------------------------------------------
# A throwaway CA signs everything; EC P-256 keys because they are generated in
# milliseconds. Identities follow kubeadm, so the built-in RBAC roles apply:
#   admin (O=system:masters) for kubectl/Helm/kwok,
#   system:kube-controller-manager, system:kube-scheduler for those components,
#   system:node:node-0 (O=system:nodes) for the kubelet, system:kube-proxy.

sign() { # name subject extensions
  local d="$STATE/pki"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$d/$1.key" -out "$d/$1.csr" -subj "$2" 2>/dev/null
  printf '%s\n' "$3" >"$d/$1.ext"
  openssl x509 -req -in "$d/$1.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
    -set_serial "0x$(openssl rand -hex 8)" -days 30 -extfile "$d/$1.ext" -out "$d/$1.crt" 2>/dev/null
}

make_pki() {
  local d="$STATE/pki" client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  mkdir -p "$d"
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$d/ca.key" -out "$d/ca.crt" -days 30 -subj "/CN=migration-chart-test-ca" 2>/dev/null
  # Serving cert of the apiserver, reused by kwok's fake kubelet server.
  sign server "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:$NODE_IP,IP:${SERVICE_CIDR%.0/*}.1"
  sign kubelet-serving "/CN=$REAL_NODE_NAME" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:$REAL_NODE_NAME,IP:$NODE_IP"
  sign kubelet "/O=system:nodes/CN=system:node:$REAL_NODE_NAME" "$client"
  sign kube-proxy "/CN=system:kube-proxy" "$client"
  sign admin "/O=system:masters/CN=migration-chart-admin" "$client"
  sign kcm "/CN=system:kube-controller-manager" "$client"
  sign scheduler "/CN=system:kube-scheduler" "$client"
  # Service account token signing key pair.
  openssl ecparam -name prime256v1 -genkey -noout -out "$d/sa.key" 2>/dev/null
  openssl ec -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
  chmod 600 "$d"/*.key
}

b64() { base64 -w0 <"$1"; }

write_kubeconfig() { # file cert-name
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: migration-chart-test
  cluster:
    server: https://$NODE_IP:$API_PORT
    certificate-authority-data: $(b64 "$STATE/pki/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(b64 "$STATE/pki/$2.crt")
    client-key-data: $(b64 "$STATE/pki/$2.key")
contexts:
- name: migration-chart-test
  context: {cluster: migration-chart-test, user: $2, namespace: default}
current-context: migration-chart-test
EOF
  chmod 600 "$1"
}

# ---- components ------------------------------------------------------------------

start_etcd() {
  # --unsafe-no-fsync: the data is thrown away anyway, and fsync is the slow part.
  start etcd --name=mc --data-dir="$STATE/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="mc=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls="" \
    --unsafe-no-fsync --log-level=warn
  wait_for 30 "etcd health" etcd curl -fsS "http://127.0.0.1:$ETCD_PORT/health"
}

start_apiserver() {
  local p="$STATE/pki"
  # PodSecurity is in the default admission set; it is listed to make it
  # explicit: namespaces labelled pod-security.kubernetes.io/enforce=... are enforced.
  # --kubelet-client-*: lets `kubectl logs` reach the kubelet (and kwok's fake one).
  # Bound to the pod bridge's address only: the "kubernetes" Service's endpoint,
  # which pods reach through kube-proxy (the wait-for-migration init containers).
  start kube-apiserver \
    --bind-address="$NODE_IP" --advertise-address="$NODE_IP" --secure-port="$API_PORT" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --tls-cert-file="$p/server.crt" --tls-private-key-file="$p/server.key" \
    --client-ca-file="$p/ca.crt" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$p/sa.pub" --service-account-signing-key-file="$p/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,PodSecurity,DefaultTolerationSeconds,ResourceQuota,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy \
    --allow-privileged=true \
    --kubelet-client-certificate="$p/admin.crt" --kubelet-client-key="$p/admin.key" \
    --kubelet-preferred-address-types=InternalIP \
    --profiling=false --v=1
  wait_for 90 "kube-apiserver /readyz" kube-apiserver kc get --raw=/readyz
}

start_controller_manager() {
  local p="$STATE/pki" kcfg="$STATE/kcm.kubeconfig"
  # Default controller set ("*"): job, deployment, replicaset, namespace,
  # serviceaccount(-token), garbage collector, ttl-after-finished, nodelifecycle...
  # --use-service-account-credentials: each controller acts as its own service
  # account, as in kubeadm clusters, so RBAC is exercised like in production.
  # --kube-api-qps/burst: with the default 20/30 the client-side rate limiter
  # alone stretches the start of the ~40 controllers to 4-5 s.
  # --node-monitor-period=1s: the fake node's not-ready taint (added on
  # creation by the TaintNodesByCondition admission) goes away sooner.
  start kube-controller-manager \
    --kubeconfig="$kcfg" --authentication-kubeconfig="$kcfg" --authorization-kubeconfig="$kcfg" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --cert-dir="$STATE/kcm" \
    --controllers='*' --use-service-account-credentials=true \
    --service-account-private-key-file="$p/sa.key" --root-ca-file="$p/ca.crt" \
    --cluster-signing-cert-file="$p/ca.crt" --cluster-signing-key-file="$p/ca.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --node-monitor-period=1s \
    --kube-api-qps=200 --kube-api-burst=400 \
    --leader-elect=false --profiling=false --v=1
}

start_scheduler() {
  local kcfg="$STATE/scheduler.kubeconfig"
  start kube-scheduler \
    --kubeconfig="$kcfg" --authentication-kubeconfig="$kcfg" --authorization-kubeconfig="$kcfg" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --cert-dir="$STATE/scheduler" \
    --leader-elect=false --profiling=false --v=1
}

# kwok's Logs/ClusterLogs API is served through CRDs so that a test can point
# `kubectl logs` of its pods at a file (see README.md). Applied before kwok starts.
apply_kwok_crds() {
  kc apply -f "$KWOK_ASSETS/crds/" >/dev/null
  # Polled rather than `kubectl wait`, which fails at once if the CRD has no
  # status.conditions yet.
  wait_for 30 "kwok CRDs Established" kube-apiserver crds_established
}
crds_established() {
  local crd
  for crd in logs.kwok.x-k8s.io clusterlogs.kwok.x-k8s.io; do
    [[ "$(kc get crd "$crd" -o jsonpath='{.status.conditions[?(@.type=="Established")].status}')" == True ]] || return 1
  done
}

# A catch-all ClusterLogs rule, so that `kubectl logs` of every pod returns a
# line instead of an error. kwok reads the file (CRI log format) on each
# request. When several ClusterLogs match a pod kwok uses one of them in no
# defined order, so tests override this with a namespaced `Logs` object named
# exactly like the pod (always checked first), not with another ClusterLogs.
DEFAULT_LOGS_NAME="migration-chart-default"
apply_default_logs() {
  printf '%s stdout F %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.000000000Z)" \
    "kwok: simulated container, nothing ran (log lines come from a kwok Logs/ClusterLogs rule)" \
    >"$STATE/kwok/default-container.log"
  # Posted raw: no discovery round trips for the just-established CRD.
  cat >"$STATE/kwok/default-clusterlogs.json" <<EOF
{"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": "ClusterLogs",
 "metadata": {"name": "$DEFAULT_LOGS_NAME"},
 "spec": {"selector": {}, "logs": [{"logsFile": "$STATE/kwok/default-container.log"}]}}
EOF
  wait_for 30 "default kwok ClusterLogs created" kube-apiserver create_default_logs
}
create_default_logs() { # idempotent, as wait_for may retry it
  local api=/apis/kwok.x-k8s.io/v1alpha1/clusterlogs
  kc get --raw "$api/$DEFAULT_LOGS_NAME" >/dev/null 2>&1 ||
    kc create --raw "$api" -f "$STATE/kwok/default-clusterlogs.json"
}

start_kwok() {
  local p="$STATE/pki"
  # KWOK_WORKDIR: keep kwok from reading a user's ~/.kwok/kwok.yaml.
  # --node-ip/--node-port: the fake node's kubelet endpoint = kwok's own server,
  # so the apiserver's log requests reach kwok on 127.0.0.1.
  KWOK_WORKDIR="$STATE/kwok" start kwok \
    --kubeconfig="$STATE/admin.kubeconfig" \
    --config="$KWOK_ASSETS/stages.yaml" --enable-crds=Logs,ClusterLogs \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-ip=127.0.0.1 --node-port="$KWOK_PORT" --server-address="127.0.0.1:$KWOK_PORT" \
    --tls-cert-file="$p/server.crt" --tls-private-key-file="$p/server.key" \
    --node-lease-duration-seconds=40 --cidr="$POD_CIDR"
}

# One fake node, managed by kwok because of its annotation. Tainted, so that
# pods land on the real node unless a test asks for the simulated one.
create_node() {
  kc apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $NODE_NAME
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: $NODE_NAME
    kubernetes.io/os: linux
    kubernetes.io/role: agent
    type: kwok
spec:
  taints:
  - {key: $KWOK_TAINT_KEY, value: "true", effect: NoSchedule}
status:
  allocatable: {cpu: "32", memory: 256Gi, ephemeral-storage: 500Gi, pods: "1000"}
  capacity: {cpu: "32", memory: 256Gi, ephemeral-storage: 500Gi, pods: "1000"}
EOF
}

# Ready, and no taint but its own (the not-ready taint goes once kwok reports Ready).
node_schedulable() {
  [[ "$(kc get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]] &&
    [[ "$(kc get node "$NODE_NAME" -o jsonpath='{.spec.taints[*].key}')" == "$KWOK_TAINT_KEY" ]]
}

# ---- commands ------------------------------------------------------------------------

all_running() {
  local c
  for c in "${COMPONENTS[@]}"; do is_running "$c" || return 1; done
}

# install.sh is cheap when everything is cached (stamp files, ~0.3 s) and
# rebuilds whatever a version bump made stale, so it runs on every fresh `up`.
ensure_binaries() {
  "$HERE/install.sh" >/dev/null || die "install.sh failed"
  install_node_packages
  "$REPO_IT_TESTS/images/build-images.sh" >/dev/null || die "it-tests/images/build-images.sh failed"
  [[ -x "$(kubectl_bin)" ]] || die "no kubectl at $(kubectl_bin)"
}

# What a running cluster was started from: versions, kwok stages, this script.
# A cluster started from something else is restarted by `up`.
fingerprint() {
  printf '%s %s %s %s %s %s\n' "$K8S_VERSION" "$KWOK_VERSION" \
    "$(cksum <"$KWOK_ASSETS/stages.yaml" 2>/dev/null || echo none)" "$(cksum <"${BASH_SOURCE[0]}")" \
    "$(cksum <"$HERE/node.sh")" "$(cksum <"$CACHE_ROOT/images/images.list" 2>/dev/null || echo none)"
}

cmd_up() {
  local start=$SECONDS
  if [[ -f "$KUBECONFIG_PATH" ]] && all_running && kc get --raw=/readyz >/dev/null 2>&1; then
    if [[ "$(cat "$STATE/fingerprint" 2>/dev/null)" == "$(fingerprint)" ]]; then
      log "already up"; cmd_env; return 0
    fi
    log "running cluster was started from other versions, stages or script: restarting it"
  fi
  [[ -d "$STATE" ]] && { log "removing stale state in $STATE"; cmd_down >/dev/null; }
  # A crashed run may have left pods, mounts, the bridge or iptables chains behind.
  node_cleanup
  ensure_binaries
  command -v openssl >/dev/null || die "openssl missing (run install.sh)"
  command -v curl >/dev/null || die "curl missing"

  UP_STARTING=1
  on_exit up_failed
  mkdir -p "$STATE"/{pids,logs,kwok,kcm,scheduler}
  chmod 700 "$STATE"
  pick_ports
  make_pki
  write_kubeconfig "$STATE/admin.kubeconfig" admin
  cp "$STATE/admin.kubeconfig" "$KUBECONFIG_PATH"
  write_kubeconfig "$STATE/kcm.kubeconfig" kcm
  write_kubeconfig "$STATE/scheduler.kubeconfig" scheduler
  write_kubeconfig "$STATE/kubelet.kubeconfig" kubelet
  write_kubeconfig "$STATE/kube-proxy.kubeconfig" kube-proxy
  create_bridge
  write_cni_config

  start_etcd
  start_apiserver
  apply_kwok_crds
  create_node
  start_controller_manager
  start_scheduler
  start_kwok
  start_containerd
  import_images
  start_kubelet
  start_kube_proxy
  start_postgres
  # kwok watches ClusterLogs, so the rule may come after it; the first write to
  # a fresh CRD takes ~2 s, overlapping with the node becoming Ready.
  apply_default_logs
  wait_for 90 "node $NODE_NAME Ready" kwok node_schedulable
  wait_for 90 "node $REAL_NODE_NAME Ready and untainted" kubelet real_node_ready
  # Pods are rejected until the namespace's "default" service account exists.
  wait_for 60 "default service account" kube-controller-manager kc -n default get serviceaccount default
  fingerprint >"$STATE/fingerprint"
  UP_STARTING=0
  log "up in $((SECONDS - start)) s (state: $STATE)"
  cmd_env
}

stop_all() {
  local i
  stop_node
  stop_postgres
  # The API server's graceful shutdown waits ~10 s to remove its endpoint from the
  # "kubernetes" Service, which is thrown away with the rest: 2 s are enough.
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
    if [[ "${COMPONENTS[i]}" == kube-apiserver ]]; then stop kube-apiserver 2; else stop "${COMPONENTS[i]}"; fi
  done
  delete_bridge_rules
  ip link delete "$NODE_BRIDGE" 2>/dev/null || true
}

# The database the pods migrate: Debian's PostgreSQL (it-tests/db/postgres.sh), listening on
# 127.0.0.1 for the tests and on the bridge's address for the pods.
start_postgres() {
  MIGRATION_CHART_PG_STATE="$PG_STATE" MIGRATION_CHART_PG_LISTEN="$NODE_IP" MIGRATION_CHART_PG_CLIENTS="$NODE_SUBNET" \
    "$REPO_IT_TESTS/db/postgres.sh" up 9>&- >/dev/null || die "PostgreSQL for the pods did not start (it-tests/db/postgres.sh)"
}
stop_postgres() {
  [[ -d "$PG_STATE" ]] || return 0
  MIGRATION_CHART_PG_STATE="$PG_STATE" "$REPO_IT_TESTS/db/postgres.sh" down >/dev/null 2>&1 || true
}

# Exit handler of `up` (on_exit, ../lib.sh): if the script exits before the
# cluster is up, no half-started cluster is left running; the state dir stays
# for its logs (the next up/down removes it).
UP_STARTING=0
up_failed() {
  local rc=$?
  [[ $rc -ne 0 && $UP_STARTING == 1 ]] || return 0
  log "up failed: stopping the components started so far; logs are in $STATE/logs"
  stop_all
}

cmd_down() {
  stop_all
  # Only ever delete our own state dir (guard against an empty/odd variable).
  if [[ -d "$STATE" && -d "$STATE/pids" ]]; then rm -rf "$STATE"; fi
  log "down"
}

# KUBECONFIG, then the database the pods use: PGHOST/PGPORT/... for the tests (127.0.0.1), and
# MIGRATION_CHART_PG_LISTEN, the address pods connect to.
cmd_env() {
  echo "export KUBECONFIG=$KUBECONFIG_PATH"
  [[ -f "$PG_STATE/env" ]] && sed 's/^/export /' "$PG_STATE/env"
  return 0
}

# Exit status 0 only if every component runs and /readyz answers ok.
cmd_status() {
  local c rc=0
  echo "state: $STATE"
  [[ -f "$STATE/ports.env" ]] && cat "$STATE/ports.env"
  for c in "${COMPONENTS[@]}"; do
    if is_running "$c"; then echo "$c: running (pid $(pid_of "$c"))"; else echo "$c: not running"; rc=1; fi
  done
  if [[ -f "$KUBECONFIG_PATH" ]] && kc get --raw=/readyz >/dev/null 2>&1; then echo "readyz: ok"; else echo "readyz: not ok"; rc=1; fi
  return "$rc"
}

# up/down of one state dir are serialized (e.g. several test JVMs that all call
# `up`); the lock file sits next to the state dir, which `down` removes.
with_lock() {
  command -v flock >/dev/null || die "flock (util-linux) is required"
  mkdir -p "$(dirname "$STATE")"
  exec 9>"$STATE.lock"
  flock -w 300 9 || die "timed out after 300 s waiting for the lock $STATE.lock"
  "$@"
}

case "${1:-}" in
  up) with_lock cmd_up ;;
  down) with_lock cmd_down ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|env|status" >&2; exit 2 ;;
esac

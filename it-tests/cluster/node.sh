# shellcheck shell=bash
# The real node of the test cluster, sourced by cluster.sh: containerd + runc (Debian's
# packages), a CNI bridge (Debian's containernetworking-plugins: bridge, host-local, loopback),
# kubelet and kube-proxy built by install.sh from k8s.io/kubernetes, and the pause image built
# by it-tests/images/build-images.sh. Pods run for real: images, seccomp, capabilities,
# non-root users, read-only root filesystems, probes, logs.
#
# Everything here is host-global (network bridge, iptables chains, mounts, cgroups), so every
# path and name is our own (prefix "mc"), and `node_cleanup` removes what a previous run left
# behind after a crash before anything starts.
#
# Needs from cluster.sh: STATE, BIN_DIR, CACHE_ROOT, start, stop, is_running, wait_for, kc; and
# log, die, apt_install from ../lib.sh, which cluster.sh sources.

NODE_BRIDGE="mcbr0"
NODE_BRIDGE_MAC="02:6d:63:00:00:01"   # locally administered; "mc"
# The pod subnet of the real node. The bridge's address is the node's InternalIP, the address
# the API server advertises to pods (through the "kubernetes" Service and kube-proxy), and the
# address PostgreSQL listens on for pods: every packet stays on this machine.
NODE_SUBNET="10.213.0.0/24"
NODE_IP="10.213.0.1"
REAL_NODE_NAME="node-0"
CONTAINERD_DIR="$STATE/containerd"
CONTAINERD_SOCK="$CONTAINERD_DIR/containerd.sock"
# Images survive `down` (importing them again would cost every run ~20 s); containers do not.
CONTAINERD_ROOT="$CACHE_ROOT/node/containerd-root"
CNI_BIN_DIR="/usr/lib/cni"
# Every test image, built by build-images.sh, is imported under this prefix.
IMAGE_PREFIX="migration-chart.local"
PAUSE_IMAGE="$IMAGE_PREFIX/pause:1"
NODE_PACKAGES=(containerd runc containernetworking-plugins iptables iproute2 mmdebstrap)

ctr_k8s() { ctr --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }

install_node_packages() {
  local missing=() p
  for p in "${NODE_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  [[ "$(id -u)" == 0 ]] || die "the real node needs root (containerd, network bridge); missing packages: ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  apt_install "${missing[@]}"
}

# ---- leftovers of earlier runs ---------------------------------------------------------------

# containerd daemons that use our image store (whatever state dir they were started with): a
# second one would wait forever for the lock of its metadata database.
our_containerd_pids() {
  local pid config
  for pid in $(pgrep -x containerd 2>/dev/null || true); do
    config="$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | sed -n '/^--config$/{n;p;q}')"
    [[ -n "$config" ]] || continue
    if [[ ! -f "$config" ]] || grep -qF "root = \"$CONTAINERD_ROOT\"" "$config"; then echo "$pid"; fi
  done
}

# Unmounts everything below a directory, deepest first.
unmount_below() { # dir
  local dir="$1" m
  [[ -n "$dir" && "$dir" == /* ]] || return 0
  awk -v d="$dir" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/self/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

# Processes whose executable is one of ours (containerd shims of our root, kubelet, kube-proxy),
# left running by a run that crashed, are killed; mounts, network namespaces of our pods, the
# bridge and kube-proxy's iptables chains go. Idempotent and quiet when there is nothing.
node_cleanup() {
  local pid ns
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $STATE/containerd" 2>/dev/null || true) \
             $(pgrep -f "^$BIN_DIR/(kubelet|kube-proxy) " 2>/dev/null || true) \
             $(our_containerd_pids); do
    kill -KILL "$pid" 2>/dev/null || true
  done
  # Containers whose shim died still have processes in their cgroups: kill them too.
  local cg
  for cg in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    [[ -d "$cg" ]] || continue
    # shellcheck disable=SC2038 # the files hold pids, one a line
    find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  done
  unmount_below "$STATE/kubelet"
  unmount_below "$CONTAINERD_DIR"
  unmount_below "$CONTAINERD_ROOT"
  # Network namespaces that containerd made for our pods (an address of our subnet inside);
  # their sandboxes are gone now.
  for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^cni-/ {print $1}'); do
    ip -n "$ns" -4 addr show 2>/dev/null | grep -q "inet ${NODE_SUBNET%.*}\." && { ip netns delete "$ns" 2>/dev/null || true; }
  done
  # shellcheck disable=SC2015 # best effort: nothing to do, or nothing that can be done
  ip link show "$NODE_BRIDGE" >/dev/null 2>&1 && ip link delete "$NODE_BRIDGE" 2>/dev/null || true
  # shellcheck disable=SC2015
  [[ -x "$BIN_DIR/kube-proxy" ]] && "$BIN_DIR/kube-proxy" --cleanup >/dev/null 2>&1 || true
  delete_kubelet_chains
  # Empty pod cgroups (the kubelet's QoS tree) would make the next kubelet adopt stale state.
  for cg in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    # shellcheck disable=SC2015
    [[ -d "$cg" ]] && find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  return 0
}

# The kubelet's own iptables chains (a canary per table, and a firewall against traffic to
# 127.0.0.0/8 from elsewhere), which it leaves behind when it stops.
delete_kubelet_chains() {
  local tool table
  for tool in iptables ip6tables; do
    command -v "$tool" >/dev/null || continue
    for table in filter nat mangle; do
      while "$tool" -t "$table" -D INPUT -j KUBE-FIREWALL 2>/dev/null; do :; done
      while "$tool" -t "$table" -D OUTPUT -j KUBE-FIREWALL 2>/dev/null; do :; done
      "$tool" -t "$table" -F KUBE-FIREWALL 2>/dev/null && "$tool" -t "$table" -X KUBE-FIREWALL 2>/dev/null
      "$tool" -t "$table" -F KUBE-KUBELET-CANARY 2>/dev/null && "$tool" -t "$table" -X KUBE-KUBELET-CANARY 2>/dev/null
    done
  done
  return 0
}

# ---- network ---------------------------------------------------------------------------------

# The bridge exists before any pod, so that the API server and PostgreSQL can bind its address.
# The CNI bridge plugin adopts it (same name, same gateway address).
create_bridge() {
  ip link add "$NODE_BRIDGE" type bridge 2>/dev/null || ip link show "$NODE_BRIDGE" >/dev/null || die "cannot create bridge $NODE_BRIDGE"
  ip addr replace "$NODE_IP/${NODE_SUBNET#*/}" dev "$NODE_BRIDGE"
  # A fixed MAC address: a bridge without one takes the lowest MAC of its ports, so it changed
  # whenever a pod's veth came or went, and pods that had the gateway's old MAC in their ARP cache
  # could not reach 10.213.0.1 (PostgreSQL, the API server) for tens of seconds: Liquibase's
  # "Connect timed out" while another namespace's pods were being deleted (2026-12-02). An address
  # set by hand stays (locally administered, unicast).
  ip link set "$NODE_BRIDGE" address "$NODE_BRIDGE_MAC"
  ip link set "$NODE_BRIDGE" up
  # Pods reach the host (API server, PostgreSQL) through INPUT, and each other through the
  # bridge; a FORWARD policy of DROP (dockerd sets one) must not cut pod-to-pod traffic.
  iptables -C FORWARD -i "$NODE_BRIDGE" -j ACCEPT 2>/dev/null || iptables -I FORWARD -i "$NODE_BRIDGE" -j ACCEPT
  iptables -C FORWARD -o "$NODE_BRIDGE" -j ACCEPT 2>/dev/null || iptables -I FORWARD -o "$NODE_BRIDGE" -j ACCEPT
}

delete_bridge_rules() {
  iptables -D FORWARD -i "$NODE_BRIDGE" -j ACCEPT 2>/dev/null || true
  iptables -D FORWARD -o "$NODE_BRIDGE" -j ACCEPT 2>/dev/null || true
}

write_cni_config() {
  mkdir -p "$STATE/cni/net.d" "$STATE/cni/ipam"
  # ipMasq off: pods only talk to this machine (API server, PostgreSQL) and to each other.
  cat >"$STATE/cni/net.d/10-mc.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "mc-pods",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$NODE_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$STATE/cni/ipam",
        "ranges": [[{"subnet": "$NODE_SUBNET", "gateway": "$NODE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    }
  ]
}
EOF
}

# ---- containerd --------------------------------------------------------------------------------

write_containerd_config() {
  mkdir -p "$CONTAINERD_DIR" "$CONTAINERD_ROOT"
  # restrict_oom_score_adj: this VM lacks CAP_SYS_RESOURCE; without it every sandbox fails with
  # "can't get final child's PID from pipe: EOF". SystemdCgroup false: no systemd here, and the
  # kubelet uses the cgroupfs driver (cgroup v1). runc's state goes under our state dir too.
  cat >"$CONTAINERD_DIR/config.toml" <<EOF
version = 2
root = "$CONTAINERD_ROOT"
state = "$CONTAINERD_DIR/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
                    "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs",
                    "io.containerd.internal.v1.opt", "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = "$CONTAINERD_SOCK"

[ttrpc]
  address = "$CONTAINERD_DIR/containerd.sock.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  restrict_oom_score_adj = true
  enable_selinux = false
  disable_apparmor = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$CONTAINERD_DIR/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$CNI_BIN_DIR"
    conf_dir = "$STATE/cni/net.d"
EOF
}

start_containerd() {
  write_containerd_config
  # Debian's binary, not one of install.sh's.
  start_exe containerd "$(command -v containerd)" --config "$CONTAINERD_DIR/config.toml"
  wait_for 30 "containerd socket" containerd ctr_k8s version
  # The socket answers before the CRI service has recovered its state; a kubelet started then
  # exits at once ("validate CRI v1 runtime API ... Unknown"). The CRI plugin logs this last.
  wait_for 30 "containerd's CRI service" containerd grep -q 'Start streaming server' "$STATE/logs/containerd.log"
}

# Imports the archive that build-images.sh wrote, unless containerd has every image of it
# already (same name, same manifest digest): one import, the shared base layer read once.
# Then every image also gets its digest name, repo@sha256:<manifest digest>: containerd's CRI
# resolves an image reference only by the names in its store, and `ctr images import` creates
# the repo:tag name alone, so a pod pinned by digest (image: repo@sha256:..., IfNotPresent)
# would try a pull, which fails here. A registry pull creates both names; this does the same.
# Checked on every `up`, so images imported by an earlier run get their digest names too.
import_images() {
  local list="$CACHE_ROOT/images/images.list" archive name digest have to_import=""
  [[ -f "$list" ]] || die "no images in $CACHE_ROOT/images: run it-tests/images/build-images.sh"
  have="$(ctr_k8s images ls 2>/dev/null | awk 'NR > 1 {print $1 " " $3}')"
  while read -r name digest archive; do
    [[ -n "$name" ]] && ! grep -qxF "$name $digest" <<<"$have" && to_import="$archive"
  done <"$list"
  if [[ -n "$to_import" ]]; then
    ctr_k8s images import "$to_import" >/dev/null 2>"$STATE/logs/ctr-import.log" ||
      { cat "$STATE/logs/ctr-import.log" >&2; die "could not import $to_import into containerd"; }
    have="$(ctr_k8s images ls 2>/dev/null | awk 'NR > 1 {print $1 " " $3}')"
  fi
  tag_digest_names "$list" "$have"
}

# The name repo@digest for every "repo:tag digest" line of images.list that lacks it.
tag_digest_names() { # images.list "name digest" lines that containerd has
  local list="$1" have="$2" name digest by_digest tagged=0
  while read -r name digest _; do
    [[ -n "$name" ]] || continue
    by_digest="$(image_repo "$name")@$digest"
    grep -qxF "$by_digest $digest" <<<"$have" && continue
    grep -qxF "$name $digest" <<<"$have" || die "$name ($digest) is not in containerd after the import"
    ctr_k8s images tag --force "$name" "$by_digest" >/dev/null 2>>"$STATE/logs/ctr-import.log" ||
      { cat "$STATE/logs/ctr-import.log" >&2; die "could not create the image name $by_digest in containerd"; }
    tagged=$((tagged + 1))
  done <"$list"
  ((tagged == 0)) || log "containerd: $tagged image(s) also named repo@sha256:<manifest digest>"
}

# The repository of a reference: without its :tag (a registry's :port stays).
image_repo() { # ref
  local ref="$1"
  if [[ "${ref##*/}" == *:* ]]; then echo "${ref%:*}"; else echo "$ref"; fi
}

# ---- kubelet and kube-proxy ----------------------------------------------------------------------

write_kubelet_config() {
  local p="$STATE/pki"
  mkdir -p "$STATE/kubelet"
  # failCgroupV1 false: this VM has cgroup v1 (hybrid). Eviction thresholds are low: the disk
  # is shared with the build, and an evicted migration pod would only confuse a test.
  cat >"$STATE/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $p/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $p/kubelet-serving.crt
tlsPrivateKeyFile: $p/kubelet-serving.key
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
serializeImagePulls: false
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%}
nodeStatusUpdateFrequency: 4s
syncFrequency: 10s
fileCheckFrequency: 60s
maxPods: 110
EOF
}

# Started again (at most 3 times) when it exits at once because the CRI service, which the
# containerd log says is up, does not answer yet.
start_kubelet() {
  local attempt
  write_kubelet_config
  for attempt in 1 2 3; do
    start kubelet --config="$STATE/kubelet-config.yaml" --kubeconfig="$STATE/kubelet.kubeconfig" \
      --root-dir="$STATE/kubelet" --cert-dir="$STATE/kubelet/pki" \
      --hostname-override="$REAL_NODE_NAME" --node-ip="$NODE_IP" \
      --node-labels="migration-chart.test/node=real" --v=1
    sleep 1
    is_running kubelet || ! grep -q 'validate CRI v1 runtime API' "$STATE/logs/kubelet.log" && return 0
    log "kubelet found containerd's CRI service not ready (attempt $attempt), starting it again"
    cp "$STATE/logs/kubelet.log" "$STATE/logs/kubelet.attempt-$attempt.log"
  done
}

start_kube_proxy() {
  cat >"$STATE/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $STATE/kube-proxy.kubeconfig}
mode: iptables
hostnameOverride: $REAL_NODE_NAME
clusterCIDR: $NODE_SUBNET
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:$KUBE_PROXY_HEALTHZ_PORT
metricsBindAddress: 127.0.0.1:$KUBE_PROXY_METRICS_PORT
conntrack: {maxPerCore: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
iptables: {localhostNodePorts: false}
nodePortAddresses: ["$NODE_SUBNET"]
EOF
  start kube-proxy --config="$STATE/kube-proxy-config.yaml" --v=1
}

real_node_ready() {
  [[ "$(kc get node "$REAL_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]] &&
    [[ -z "$(kc get node "$REAL_NODE_NAME" -o jsonpath='{.spec.taints}')" ]]
}

# Stops pods first (the kubelet's containers hold mounts and network namespaces), then the daemons.
stop_node() {
  if [[ -S "$CONTAINERD_SOCK" ]] && is_running containerd; then
    stop kubelet
    local c
    for c in $(crictl_free_container_ids); do
      ctr_k8s tasks kill -s KILL "$c" >/dev/null 2>&1 || true
    done
    sleep 0.5
    for c in $(crictl_free_container_ids); do
      ctr_k8s tasks delete -f "$c" >/dev/null 2>&1 || true
      ctr_k8s containers delete "$c" >/dev/null 2>&1 || true
    done
  fi
  stop kube-proxy
  stop kubelet
  stop containerd
  delete_bridge_rules
  node_cleanup
}

crictl_free_container_ids() { ctr_k8s containers ls -q 2>/dev/null || true; }

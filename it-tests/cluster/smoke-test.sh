#!/usr/bin/env bash
# Proves the local cluster behaves as the e2e tests need it to. Run against a
# cluster started by cluster.sh (it starts one if none is up and leaves it up):
#   it-tests/cluster/smoke-test.sh
# Checks, in a namespace with Pod Security "restricted" enforced:
#   - a privileged pod is rejected (admission is real),
#   - on the real node: a restricted Job runs a real image to Complete and its log is the
#     program's output; a pod reaches the API server through the kubernetes Service; an image
#     whose USER is a name is refused under runAsNonRoot without runAsUser; an image pinned by
#     digest (repo@sha256:..., IfNotPresent) starts from the local store; a Job whose main
#     container reaches PostgreSQL through the db-proxy native sidecar completes, the sidecar
#     stopped by the kubelet with exit code 0,
#   - on the kwok node (the remaining checks; their pods tolerate its taint):
#   - a restricted Job completes, a Job marked to fail ends Failed (pod Failed),
#   - a Deployment becomes Available,
#   - `kubectl logs` returns the default kwok ClusterLogs line, and the content
#     of a file named by a per-pod kwok Logs object,
#   - for each of helm3 and helm4 in the tools cache: `helm install --wait` of a
#     chart with a pre-install/pre-upgrade hook Job succeeds, `helm upgrade`
#     re-runs the hook, and `helm install` fails when the hook pod fails.
# Prints "N passed, N failed, N skipped" at the end; exits non-zero on any failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "$HERE/../lib.sh" "[smoke-test]"
CACHE_ROOT="$MC_CACHE"
NS="smoke-$$"
# As a pod label (kwok's chaos stage) or a pod annotation (the same stage,
# derived by install.sh), it makes kwok fail the pod's containers.
FAIL_KEY="pod-container-running-failed.stage.kwok.x-k8s.io"
PASSED=0 FAILED=0 SKIPPED=0
make_scratch WORK "${TMPDIR:-/tmp}"

"$HERE/cluster.sh" up >/dev/null
eval "$("$HERE/cluster.sh" env)"
# kubectl's and Helm's discovery cache: each cluster has a new port, which
# would leave one more directory in ~/.kube/cache per run.
export KUBECACHEDIR="$WORK/kube-cache"
if [[ -x "$CACHE_ROOT/tools/bin/kubectl" ]]; then KUBECTL="$CACHE_ROOT/tools/bin/kubectl"; else
  KUBECTL="$CACHE_ROOT/cluster/${K8S_VERSION:-v1.34.4}/bin/kubectl"; fi
k() { "$KUBECTL" "$@"; }

# Runs a check in a background subshell: there `set -e` stays in force (it is
# ignored inside an `if`/`||` condition), so any failing step fails the check.
check() { # description command...
  local what="$1" rc=0; shift
  ( "$@" ) >"$WORK/out" 2>&1 &
  wait $! || rc=$?
  if [[ $rc -eq 0 ]]; then
    PASSED=$((PASSED + 1)); echo "ok   - $what"
  else
    FAILED=$((FAILED + 1)); echo "FAIL - $what"; sed 's/^/       /' "$WORK/out"
  fi
}

# Pod and container security settings accepted by the "restricted" profile.
RESTRICTED_POD='{runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}'
RESTRICTED_CONTAINER='{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}'
# The kwok checks place their pods on the simulated node, which is tainted.
KWOK_TOLERATION='[{key: migration-chart.test/simulated, operator: Exists, effect: NoSchedule}]'

# ---- the real node ---------------------------------------------------------------------------

# A restricted Job NAME that runs `migrate -version` from IMAGE (by tag or by digest), and waits
# for it to complete.
golang_migrate_version_job() { # name image
  k -n "$NS" apply -f - <<EOF
apiVersion: batch/v1
kind: Job
metadata: {name: $1}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: migrate
        image: $2
        imagePullPolicy: IfNotPresent
        args: [-version]
        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
EOF
  k -n "$NS" wait --for=condition=Complete "job/$1" --timeout=60s
}

# A restricted Job with a real image runs on node-0, exits 0, and its log is the program's output.
real_job_runs() {
  golang_migrate_version_job real-migrate migration-chart.local/golang-migrate:v4.20.1
  [[ "$(k -n "$NS" get pods -l job-name=real-migrate -o jsonpath='{.items[0].spec.nodeName}')" == node-0 ]]
  k -n "$NS" logs job/real-migrate 2>&1 | grep -q '^v4.20.1'
}

# A pod reaches the API server through the kubernetes Service (kube-proxy) with its own token.
real_pod_reaches_api() {
  k -n "$NS" apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: {name: real-api}
spec:
  restartPolicy: Never
  securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: kubectl
    image: migration-chart.local/kubectl:v1.33.9
    args: [get, --raw, /version]
    securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
EOF
  k -n "$NS" wait --for=jsonpath='{.status.phase}'=Succeeded pod/real-api --timeout=60s
  k -n "$NS" logs real-api | grep -q '"gitVersion": "v1.34.4"'
}

# The kubelet refuses an image with a named user under runAsNonRoot without runAsUser.
real_named_user_refused() {
  k -n "$NS" apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: {name: real-named-user}
spec:
  restartPolicy: Never
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: liquibase
    image: migration-chart.local/liquibase:4.33.0
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
EOF
  local i msg=""
  for i in $(seq 100); do
    msg="$(k -n "$NS" get pod real-named-user -o jsonpath='{.status.containerStatuses[0].state.waiting.message}')"
    [[ -n "$msg" ]] && break; sleep 0.2
  done
  [[ "$msg" == *"non-numeric user (liquibase)"* ]]
}

# The manifest digest of a test image, from images.list ("name digest archive").
image_digest() { # name:tag
  awk -v n="$1" '$1 == n {print $2}' "$CACHE_ROOT/images/images.list"
}

# A pod pinned by digest, as a chart with image.digest renders it, starts from the local store
# (nothing can be pulled): cluster.sh gives every imported image its repo@sha256: name.
real_image_by_digest() {
  local digest; digest="$(image_digest migration-chart.local/golang-migrate:v4.20.1)"
  [[ -n "$digest" ]]
  golang_migrate_version_job real-digest "migration-chart.local/golang-migrate@$digest"
  k -n "$NS" get pods -l job-name=real-digest -o jsonpath='{.items[0].status.containerStatuses[0].imageID}' |
    grep -qF "golang-migrate@$digest"
}

# A native sidecar (an init container with restartPolicy: Always), the db-proxy stand-in for
# Cloud SQL Auth Proxy: the Job's container talks to PostgreSQL through 127.0.0.1:5432, exits,
# and the kubelet stops the sidecar (SIGTERM, exit 0), so the Job completes.
real_native_sidecar_job() {
  k -n "$NS" apply -f - <<EOF
apiVersion: batch/v1
kind: Job
metadata: {name: real-sidecar}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      initContainers:
      - name: db-proxy
        image: migration-chart.local/db-proxy:1
        restartPolicy: Always
        env:
        - {name: UPSTREAM_HOST, value: "$MIGRATION_CHART_PG_LISTEN"}
        - {name: UPSTREAM_PORT, value: "$PGPORT"}
        - {name: HEALTH_PORT, value: "9090"}
        startupProbe: {httpGet: {path: /startup, port: 9090}, periodSeconds: 1, failureThreshold: 30}
        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
      containers:
      - name: migrate
        image: migration-chart.local/django:1.0
        command: [python3, -c, 'import psycopg2; c = psycopg2.connect(host="127.0.0.1", port=5432, user="$PGUSER", password="$PGPASSWORD", dbname="$PGDATABASE", connect_timeout=10); k = c.cursor(); k.execute("SELECT 40 + 2"); print("answer", k.fetchone()[0])']
        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
EOF
  k -n "$NS" wait --for=condition=Complete job/real-sidecar --timeout=90s
  k -n "$NS" logs job/real-sidecar -c migrate | grep -qx 'answer 42'
  k -n "$NS" logs job/real-sidecar -c db-proxy | grep -q 'connection 1 from 127.0.0.1:[0-9]* to .*: closed'
  [[ "$(k -n "$NS" get pods -l job-name=real-sidecar -o jsonpath='{.items[0].status.initContainerStatuses[0].state.terminated.exitCode}')" == 0 ]]
}

job_yaml() { # name [extra pod label "key: value"] [pod annotation "key: value"]
  cat <<EOF
apiVersion: batch/v1
kind: Job
metadata: {name: $1}
spec:
  backoffLimit: 0
  template:
    metadata:
      labels: {app: $1${2:+, $2}}
      annotations: {${3:-}}
    spec:
      restartPolicy: Never
      securityContext: $RESTRICTED_POD
      nodeSelector: {type: kwok}
      tolerations: $KWOK_TOLERATION
      containers:
      - name: migrate
        image: example.invalid/migrate:1
        securityContext: $RESTRICTED_CONTAINER
EOF
}

privileged_pod_rejected() {
  local out
  if out="$(k -n "$NS" run priv --image=example.invalid/x --restart=Never \
      --overrides='{"spec":{"containers":[{"name":"priv","image":"example.invalid/x","securityContext":{"privileged":true}}]}}' 2>&1)"; then
    echo "accepted: $out"; return 1
  fi
  echo "$out"; grep -q 'violates PodSecurity' <<<"$out"
}

job_completes() {
  job_yaml ok-job | k -n "$NS" apply -f -
  k -n "$NS" wait --for=condition=Complete job/ok-job --timeout=60s
  [[ "$(k -n "$NS" get pods -l app=ok-job -o jsonpath='{.items[0].status.phase}')" == Succeeded ]]
}

job_fails() { # job-name label|annotation
  local exit_code=1 terminated
  if [[ $2 == label ]]; then
    job_yaml "$1" "$FAIL_KEY: \"true\"" | k -n "$NS" apply -f -
  else
    # Also the optional knobs: exit code and a message with a colon in it.
    exit_code=3
    job_yaml "$1" "" "$FAIL_KEY: \"true\", $FAIL_KEY/exit-code: \"3\", $FAIL_KEY/message: \"flyway: validation failed\"" |
      k -n "$NS" apply -f -
  fi
  k -n "$NS" wait --for=condition=Failed "job/$1" --timeout=60s
  terminated="$(k -n "$NS" get pods -l "app=$1" -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated}')"
  echo "terminated: $terminated"
  [[ "$(k -n "$NS" get pods -l "app=$1" -o jsonpath='{.items[0].status.phase}')" == Failed ]]
  grep -q "\"exitCode\":${exit_code}[,}]" <<<"$terminated"
  [[ $2 == label ]] || grep -q '"message":"flyway: validation failed"' <<<"$terminated"
}

deployment_available() {
  k -n "$NS" apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: $RESTRICTED_POD
      nodeSelector: {type: kwok}
      tolerations: $KWOK_TOLERATION
      containers:
      - name: web
        image: example.invalid/web:1
        securityContext: $RESTRICTED_CONTAINER
EOF
  k -n "$NS" rollout status deployment/web --timeout=60s
  k -n "$NS" wait --for=condition=Available deployment/web --timeout=60s
}

logs_default() {
  # cluster.sh installs a catch-all kwok ClusterLogs rule: every pod has a log.
  local out
  out="$(k -n "$NS" logs job/ok-job)"
  echo "kubectl logs: $out"
  grep -q 'kwok: simulated container' <<<"$out"
}

logs_per_pod_override() {
  # A namespaced kwok Logs object named like the pod wins over any ClusterLogs.
  # kwok serves the file (CRI log format: time stream F line) on each request.
  local pod i out=""
  pod="$(k -n "$NS" get pods -l app=ok-job -o jsonpath='{.items[0].metadata.name}')"
  printf '%s stdout F migration applied: V1__init\n' "$(date -u +%Y-%m-%dT%H:%M:%S.000000000Z)" >"$WORK/job.log"
  k -n "$NS" apply -f - <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Logs
metadata: {name: $pod}
spec:
  logs:
  - logsFile: $WORK/job.log
EOF
  for ((i = 0; i < 50; i++)); do  # kwok picks the rule up through a watch
    out="$(k -n "$NS" logs "$pod" 2>&1 || true)"
    [[ "$out" == "migration applied: V1__init" ]] && break
    sleep 0.2
  done
  echo "kubectl logs $pod: $out"
  [[ "$out" == "migration applied: V1__init" ]]
}

# A chart like the ones migration-chart generates, reduced to the essentials:
# a pre-install/pre-upgrade hook Job and a Deployment.
make_chart() { # dir
  mkdir -p "$1/templates"
  printf 'apiVersion: v2\nname: smoke\nversion: 0.1.0\nkubeVersion: ">=1.30.0-0"\n' >"$1/Chart.yaml"
  printf 'hookPodLabels: {}\nhookPodAnnotations: {}\n' >"$1/values.yaml"
  cat >"$1/templates/job.yaml" <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: '{{ .Release.Name }}-migrate'
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  backoffLimit: 0
  template:
    metadata:
      labels:
        app: '{{ .Release.Name }}-migrate'
        {{- with .Values.hookPodLabels }}{{ toYaml . | nindent 8 }}{{ end }}
      {{- with .Values.hookPodAnnotations }}
      annotations: {{ toYaml . | nindent 8 }}
      {{- end }}
    spec:
      restartPolicy: Never
      securityContext: $RESTRICTED_POD
      nodeSelector: {type: kwok}
      tolerations: $KWOK_TOLERATION
      containers:
      - name: migrate
        image: example.invalid/migrate:1
        securityContext: $RESTRICTED_CONTAINER
EOF
  cat >"$1/templates/deployment.yaml" <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: '{{ .Release.Name }}-app'}
spec:
  replicas: 1
  selector: {matchLabels: {app: '{{ .Release.Name }}-app'}}
  template:
    metadata: {labels: {app: '{{ .Release.Name }}-app'}}
    spec:
      securityContext: $RESTRICTED_POD
      nodeSelector: {type: kwok}
      tolerations: $KWOK_TOLERATION
      containers:
      - name: app
        image: example.invalid/app:1
        securityContext: $RESTRICTED_CONTAINER
EOF
}

# The helm checks use release names prefixed with the helm binary's name, so
# helm3 and helm4 run side by side in the same namespace.
helm_install_ok() { # helm-name
  local r="$1-ok"
  "$HELM" install "$r" "$WORK/chart" -n "$NS" --wait --timeout 90s
  k -n "$NS" get job "$r-migrate" -o jsonpath='{.status.succeeded}' | grep -qx 1
  k -n "$NS" wait --for=condition=Available "deployment/$r-app" --timeout=30s
}

helm_upgrade_reruns_hook() { # helm-name
  local r="$1-ok" before after
  before="$(k -n "$NS" get job "$r-migrate" -o jsonpath='{.metadata.uid}')"
  "$HELM" upgrade "$r" "$WORK/chart" -n "$NS" --wait --timeout 90s
  after="$(k -n "$NS" get job "$r-migrate" -o jsonpath='{.metadata.uid}')"
  echo "hook Job uid before: $before, after: $after"
  [[ -n "$after" && "$after" != "$before" ]]  # before-hook-creation: a new Job ran
  k -n "$NS" get job "$r-migrate" -o jsonpath='{.status.succeeded}' | grep -qx 1
}

helm_install_fails_on_failed_hook() { # helm-name label|annotation
  local r="$1-bad-$2" values=hookPodLabels rc=0
  [[ $2 == annotation ]] && values=hookPodAnnotations
  # Dots in the key are escaped for --set.
  "$HELM" install "$r" "$WORK/chart" -n "$NS" --wait --timeout 90s \
    --set-string "$values.${FAIL_KEY//./\\.}=true" >"$WORK/helm-bad.out" 2>&1 || rc=$?
  cat "$WORK/helm-bad.out"
  [[ $rc -ne 0 ]]
  grep -q 'failed pre-install' "$WORK/helm-bad.out"
  # The hook Job itself failed (not a timeout), and the chart's Deployment was never created.
  k -n "$NS" wait --for=condition=Failed "job/$r-migrate" --timeout=10s
  ! k -n "$NS" get deployment "$r-app" 2>/dev/null
}

k create namespace "$NS" >/dev/null
k label namespace "$NS" pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=latest >/dev/null
# Pods are refused until the namespace's "default" service account exists.
for _ in $(seq 50); do k -n "$NS" get serviceaccount default >/dev/null 2>&1 && break; sleep 0.2; done

check "PodSecurity restricted rejects a privileged pod" privileged_pod_rejected
check "real node: a restricted Job runs a real image to Complete, its log is the program's" real_job_runs
check "real node: a pod reaches the API server through the kubernetes Service" real_pod_reaches_api
check "real node: runAsNonRoot refuses an image whose USER is a name" real_named_user_refused
check "real node: an image pinned by digest starts from the local store (IfNotPresent)" real_image_by_digest
check "real node: a Job completes through the db-proxy native sidecar, stopped with exit 0" real_native_sidecar_job
check "restricted Job reaches Complete, pod Succeeded" job_completes
check "Job with pod label $FAIL_KEY=true reaches Failed, pod Failed" job_fails bad-label-job label
check "Job with pod annotation $FAIL_KEY=true reaches Failed, pod Failed" job_fails bad-annotation-job annotation
check "Deployment becomes Available" deployment_available
check "kubectl logs returns the default kwok ClusterLogs line" logs_default
check "kubectl logs returns a per-pod kwok Logs file" logs_per_pod_override
make_chart "$WORK/chart"
for h in helm3 helm4; do
  HELM="$CACHE_ROOT/tools/bin/$h"
  if [[ ! -x "$HELM" ]]; then
    echo "skip - $h not found in $CACHE_ROOT/tools/bin (run it-tests/tools/install-helm.sh)"
    SKIPPED=$((SKIPPED + 1)); continue
  fi
  echo "# $h: $("$HELM" version --template '{{.Version}}')"
  check "$h: install --wait with a pre-install hook Job succeeds" helm_install_ok "$h"
  check "$h: upgrade --wait re-runs the pre-upgrade hook Job" helm_upgrade_reruns_hook "$h"
  check "$h: install fails when the hook pod is labelled to fail" helm_install_fails_on_failed_hook "$h" label
  check "$h: install fails when the hook pod is annotated to fail" helm_install_fails_on_failed_hook "$h" annotation
done

k delete namespace "$NS" --wait=false >/dev/null
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[[ $FAILED -eq 0 ]]

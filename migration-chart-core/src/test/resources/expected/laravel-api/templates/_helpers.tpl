{{/*
Expand the name of the chart.
*/}}
{{- define "api.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "api.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "api.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "api.labels" -}}
helm.sh/chart: {{ include "api.chart" . }}
{{ include "api.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels.
*/}}
{{- define "api.selectorLabels" -}}
app.kubernetes.io/name: {{ include "api.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Selector labels of the application pods. The component label keeps the migration pod, which
carries the same name and instance labels, out of the Deployment and the Service.
*/}}
{{- define "api.appSelectorLabels" -}}
{{ include "api.selectorLabels" . }}
app.kubernetes.io/component: app
{{- end }}

{{/*
An image reference from a dict of repository, tag and digest: repository@digest when a digest is
given (the runtime ignores a tag next to a digest, so writing one would only mislead a reader),
else repository:tag.
*/}}
{{- define "api.imageReference" -}}
{{- if .digest -}}
{{- printf "%s@%s" .repository .digest -}}
{{- else -}}
{{- printf "%s:%s" .repository (toString .tag) -}}
{{- end -}}
{{- end }}

{{/*
Image of the application: image.repository, and image.digest, or image.tag, or else the chart's
appVersion.
*/}}
{{- define "api.image" -}}
{{- include "api.imageReference" (dict "repository" .Values.image.repository "tag" (.Values.image.tag | default .Chart.AppVersion) "digest" .Values.image.digest) }}
{{- end }}

{{/*
The most application pods that can run: autoscaling.maxReplicas while the autoscaler is on, else
replicaCount. More than one gets a PodDisruptionBudget and a spread over nodes.
*/}}
{{- define "api.maxReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.maxReplicas }}{{ else }}{{ .Values.replicaCount }}{{ end -}}
{{- end }}

{{/*
Name of the migration Job (and of the hook copy of the ConfigMap it reads): the full name, cut
so that the "-migration" suffix always fits into 63 characters.
*/}}
{{- define "api.migration.fullname" -}}
{{- printf "%s-migration" (include "api.fullname" . | trunc 53 | trimSuffix "-") }}
{{- end }}

{{/*
The migration spec: the first 8 hex digits of the SHA-256 of the migration pod template, of the
config the Job reads and of its pod failure policy, i.e. of everything that decides what the Job
does. Every Job carries it as a label; in gitops mode it is also part of the Job's name, and the
wait-for-migration init container of the application waits for the Job of its own spec.
*/}}
{{- define "api.migration.spec" -}}
{{- $inputs := include "api.migration.podTemplate" . -}}
{{- if .Values.migration.useAppConfig -}}
{{- $inputs = printf "%s\n%s" $inputs (toJson .Values.config) -}}
{{- end -}}
{{- /* the pod failure policy cannot be changed on an existing Job either */ -}}
{{- $inputs = printf "%s\n%s" $inputs (include "api.migration.podFailureRules" .) -}}
{{- $inputs | sha256sum | trunc 8 -}}
{{- end }}

{{/*
Name of the migration Job. helm-hooks mode: the migration full name (Helm replaces the Job on
every upgrade). gitops mode: that name cut to fit, plus the migration spec: the same spec renders
the same name, so a re-sync changes nothing, and a new image or command renders a new Job
instead of an in-place update, which Kubernetes refuses because a Job's template is immutable.
*/}}
{{- define "api.migration.jobName" -}}
{{- if eq .Values.migration.mode "gitops" -}}
{{- printf "%s-migration-%s" (include "api.fullname" . | trunc 44 | trimSuffix "-") (include "api.migration.spec" .) -}}
{{- else -}}
{{- include "api.migration.fullname" . -}}
{{- end -}}
{{- end }}

{{/*
The security context and resources of the chart's kubectl containers (the application's wait, the
contract's rollout wait, the uninstall cleanup): the kubectl image's non-root user, nothing
writable, small requests and limits.
*/}}
{{- define "api.kubectlContainer" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 65532
  runAsGroup: 65532
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop:
      - ALL
resources:
  requests:
    cpu: 10m
    memory: 32Mi
    ephemeral-storage: 16Mi
  limits:
    cpu: 100m
    memory: 64Mi
    ephemeral-storage: 64Mi
{{- end }}

{{/*
A projected API token volume, for the one container of a pod that talks to the API server (the
pod keeps automountServiceAccountToken false). Call with the volume's name.
*/}}
{{- define "api.apiTokenVolume" -}}
name: {{ . }}
projected:
  sources:
    - serviceAccountToken:
        path: token
        expirationSeconds: 3600
    - configMap:
        name: kube-root-ca.crt
        items:
          - key: ca.crt
            path: ca.crt
    - downwardAPI:
        items:
          - path: namespace
            fieldRef:
              fieldPath: metadata.namespace
{{- end }}

{{/*
The pod failure policy's rules, as YAML list items: migration.podFailurePolicy.rules, then, while
the pod waits for the database first, a FailJob rule for any non-zero exit of the migration
container (the database answered, so the migration itself failed). Empty for no policy.
*/}}
{{- define "api.migration.podFailureRules" -}}
{{- $rules := .Values.migration.podFailurePolicy.rules | default list }}
{{- $wait := .Values.migration.waitForDatabase }}
{{- if and $wait.enabled $wait.failJobOnMigrationError }}
{{- $rules = append $rules (dict "action" "FailJob" "onExitCodes" (dict "containerName" (get . "phase" | default "migration") "operator" "NotIn" "values" (list 0))) }}
{{- end }}
{{- with $rules }}{{ toYaml . }}{{ end }}
{{- end }}

{{/*
Argo CD annotations of the migration's objects in gitops mode. Phase PreSync: hooks in sync wave
migration.hookWeight plus the offset (the Job 0, what it reads before it). Phase Sync: plain
objects in wave migration.gitops.syncWave plus the offset; the Deployment is one wave later, so
Argo CD starts it only once the Job is healthy (complete). Call with (list $ <offset>
<Argo CD delete policy>).
*/}}
{{- define "api.migration.argoAnnotations" -}}
{{- $root := index . 0 }}
{{- $gitops := $root.Values.migration.gitops }}
{{- if eq $gitops.phase "Sync" -}}
argocd.argoproj.io/sync-wave: {{ add (int $gitops.syncWave) (index . 1) | quote }}
{{- else -}}
argocd.argoproj.io/hook: PreSync
argocd.argoproj.io/hook-delete-policy: {{ index . 2 }}
argocd.argoproj.io/sync-wave: {{ add (int $root.Values.migration.hookWeight) (index . 1) | quote }}
{{- end }}
{{- end }}

{{/*
Argo CD's spelling of migration.hookDeletePolicy.
*/}}
{{- define "api.migration.argoDeletePolicy" -}}
{{- $policies := list -}}
{{- range (splitList "," .Values.migration.hookDeletePolicy) -}}
{{- $policies = append $policies (get (dict "before-hook-creation" "BeforeHookCreation" "hook-succeeded" "HookSucceeded" "hook-failed" "HookFailed") (trim .)) -}}
{{- end -}}
{{- join "," $policies -}}
{{- end }}

{{/*
Name of the ServiceAccount of the application pods: serviceAccount.name, or the full name when
the chart creates it; without either, the one this chart creates for the wait-for-migration init
containers, or none (the namespace's default).
*/}}
{{- define "api.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "api.fullname" .) -}}
{{- else if .Values.serviceAccount.name -}}
{{- .Values.serviceAccount.name -}}
{{- else if and .Values.migration.enabled .Values.migration.wait.enabled -}}
{{- printf "%s-wait" (include "api.migration.fullname" .) -}}
{{- end -}}
{{- end }}

{{/*
Name of the ServiceAccount of the migration pod: migration.serviceAccount.name, or the migration
full name when the chart creates it; empty for the namespace's default.
*/}}
{{- define "api.migration.serviceAccountName" -}}
{{- if .Values.migration.serviceAccount.create -}}
{{- .Values.migration.serviceAccount.name | default (include "api.migration.fullname" .) -}}
{{- else -}}
{{- .Values.migration.serviceAccount.name -}}
{{- end -}}
{{- end }}

{{/*
Image of the migration Job: each empty migration.image field falls back to the application's;
the application's digest only while the Job names neither its own repository nor its own tag.
*/}}
{{- define "api.migration.image" -}}
{{- $own := .Values.migration.image }}
{{- $digest := $own.digest }}
{{- if and (not $digest) (not $own.repository) (not $own.tag) }}
{{- $digest = .Values.image.digest }}
{{- end }}
{{- include "api.imageReference" (dict "repository" ($own.repository | default .Values.image.repository) "tag" ($own.tag | default .Values.image.tag | default .Chart.AppVersion) "digest" $digest) }}
{{- end }}

{{/*
Image of the wait-for-migration init containers.
*/}}
{{- define "api.migration.waitImage" -}}
{{- include "api.imageReference" .Values.migration.wait.image }}
{{- end }}

{{/*
Extra containers from values, as list items: each entry's template syntax expanded, and the
restricted minimum securityContext given to a container that has none (Pod Security
"restricted" refuses the whole pod otherwise). Sidecars of the migration pod also get
restartPolicy Always: that makes an init container a native sidecar, which the kubelet stops
once the migration has exited. Call with (list $ <containers> <"sidecar" or "">).
*/}}
{{- define "api.extraContainers" -}}
{{- $sidecar := eq (index . 2) "sidecar" }}
{{- $containers := list }}
{{- range (index . 1) }}
{{- $container := deepCopy . }}
{{- if not (hasKey $container "securityContext") }}
{{- $_ := set $container "securityContext" (dict "allowPrivilegeEscalation" false "capabilities" (dict "drop" (list "ALL"))) }}
{{- end }}
{{- if and $sidecar (not (hasKey $container "restartPolicy")) }}
{{- $_ := set $container "restartPolicy" "Always" }}
{{- end }}
{{- $containers = append $containers $container }}
{{- end }}
{{- tpl (toYaml $containers) (index . 0) }}
{{- end }}

{{/*
Volumes or mounts from values, as list items, with their template syntax expanded.
Call with (list $ <items>).
*/}}
{{- define "api.extraItems" -}}
{{- tpl (toYaml (index . 1)) (index . 0) }}
{{- end }}

{{/*
Fails when extra labels or annotations of values would replace the chart's own keys, which the
selectors, the hooks and the tools reading them rely on. Call with (list <values key> <map>
<list of the chart's keys or prefixes ending in "/">).
*/}}
{{- define "api.refuseOwnKeys" -}}
{{- $setting := index . 0 }}
{{- range $key, $_ := (index . 1) }}
{{- range $own := (index $ 2) }}
{{- if or (eq $key $own) (and (hasSuffix "/" $own) (hasPrefix $own $key)) }}
{{- fail (printf "%s: %q is the chart's own key; remove it (the chart sets it from its other values)" $setting $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Labels of the migration Job and its pod (of the contract Job and its pod, when called with the
contract's context).
*/}}
{{- define "api.migration.labels" -}}
{{ include "api.labels" . }}
app.kubernetes.io/component: {{ get . "phase" | default "migration" }}
{{- end }}

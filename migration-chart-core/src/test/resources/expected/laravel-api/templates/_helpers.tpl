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
Name of the migration Job. helm-hooks mode: the migration full name (Helm replaces the Job on
every upgrade). gitops mode: that name cut to fit, plus the first 8 hex digits of the SHA-256 of
the pod template (and of the config the Job reads, and its pod failure policy): the same spec renders the same name, so a
re-sync changes nothing, and a new image or command renders a new Job instead of an in-place
update, which Kubernetes refuses because a Job's template is immutable.
*/}}
{{- define "api.migration.jobName" -}}
{{- if eq .Values.migration.mode "gitops" -}}
{{- $inputs := include "api.migration.podTemplate" . -}}
{{- if .Values.migration.useAppConfig -}}
{{- $inputs = printf "%s\n%s" $inputs (toJson .Values.config) -}}
{{- end -}}
{{- /* the pod failure policy cannot be changed on an existing Job either */ -}}
{{- with .Values.migration.podFailurePolicy.rules -}}
{{- $inputs = printf "%s\n%s" $inputs (toJson .) -}}
{{- end -}}
{{- printf "%s-migration-%s" (include "api.fullname" . | trunc 44 | trimSuffix "-") ($inputs | sha256sum | trunc 8) -}}
{{- else -}}
{{- include "api.migration.fullname" . -}}
{{- end -}}
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
Labels of the migration Job and its pod.
*/}}
{{- define "api.migration.labels" -}}
{{ include "api.labels" . }}
app.kubernetes.io/component: migration
{{- end }}

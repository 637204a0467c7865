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
Image of the application: image.repository, and image.tag or else the chart's appVersion.
*/}}
{{- define "api.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
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
the pod template (and of the config the Job reads): the same spec renders the same name, so a
re-sync changes nothing, and a new image or command renders a new Job instead of an in-place
update, which Kubernetes refuses because a Job's template is immutable.
*/}}
{{- define "api.migration.jobName" -}}
{{- if eq .Values.migration.mode "gitops" -}}
{{- $inputs := include "api.migration.podTemplate" . -}}
{{- if .Values.migration.useAppConfig -}}
{{- $inputs = printf "%s\n%s" $inputs (toJson .Values.config) -}}
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
Name of the ServiceAccount of the application pods: the configured one, or the one this chart
creates for the wait-for-migration init containers.
*/}}
{{- define "api.serviceAccountName" -}}
{{- if .Values.serviceAccountName -}}
{{- .Values.serviceAccountName -}}
{{- else if and .Values.migration.enabled .Values.migration.wait.enabled -}}
{{- printf "%s-wait" (include "api.migration.fullname" .) -}}
{{- end -}}
{{- end }}

{{/*
Image of the migration Job: each empty migration.image field falls back to the application's.
*/}}
{{- define "api.migration.image" -}}
{{- $repository := .Values.migration.image.repository | default .Values.image.repository }}
{{- $tag := .Values.migration.image.tag | default .Values.image.tag | default .Chart.AppVersion }}
{{- printf "%s:%s" $repository (toString $tag) }}
{{- end }}

{{/*
Labels of the migration Job and its pod.
*/}}
{{- define "api.migration.labels" -}}
{{ include "api.labels" . }}
app.kubernetes.io/component: migration
{{- end }}

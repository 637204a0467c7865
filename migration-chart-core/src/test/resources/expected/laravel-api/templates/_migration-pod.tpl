{{- /*
The pod template of the migration Job. It is a helper of its own because in gitops mode the Job's
name carries a hash of exactly this text: same spec, same name; a new image, command or setting,
a new Job. The contract Job calls it with a copy of the root context whose migration values are the
contract's and whose "phase" is "contract": that names its container and its component label.
*/}}
{{- define "api.migration.podTemplate" -}}
metadata:
  {{- with .Values.migration.podAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  labels:
    {{- include "api.migration.labels" . | nindent 4 }}
    {{- with .Values.migration.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  restartPolicy: Never
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with include "api.migration.serviceAccountName" . }}
  serviceAccountName: {{ . }}
  {{- end }}
  automountServiceAccountToken: {{ .Values.migration.serviceAccount.automount }}
  enableServiceLinks: false
  {{- with .Values.migration.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  {{- with .Values.migration.podSecurityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- $waitForDatabase := .Values.migration.waitForDatabase }}
  {{- if or .Values.migration.sidecars $waitForDatabase.enabled .Values.migration.extraInitContainers }}
  initContainers:
    {{- with .Values.migration.sidecars }}
    {{- include "api.extraContainers" (list $ . "sidecar") | nindent 4 }}
    {{- end }}
    {{- if $waitForDatabase.enabled }}
    {{- if not $waitForDatabase.command }}
    {{- fail "migration.waitForDatabase.enabled needs migration.waitForDatabase.command: a command that exits 0 once the database answers (e.g. [alembic, current]), or set enabled to false" }}
    {{- end }}
    # Repeats the check until the database answers, so a database that is not up yet is waited
    # out (within activeDeadlineSeconds) instead of failing the migration. Needs sh in the image.
    - name: wait-for-database
      image: {{ include "api.migration.image" . | quote }}
      imagePullPolicy: {{ .Values.migration.image.pullPolicy | default .Values.image.pullPolicy }}
      command:
        - sh
        - -c
        - {{ printf "until \"$@\"; do echo \"wait-for-database: no answer yet, next try in %ds\" >&2; sleep %d; done" (int $waitForDatabase.intervalSeconds) (int $waitForDatabase.intervalSeconds) | quote }}
        - wait-for-database
      args:
        {{- toYaml $waitForDatabase.command | nindent 8 }}
      {{- with include "api.migration.containerEnv" . | trim }}
      {{- . | nindent 6 }}
      {{- end }}
      {{- with .Values.migration.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.migration.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- with .Values.migration.extraVolumeMounts }}
        {{- include "api.extraItems" (list $ .) | nindent 8 }}
        {{- end }}
    {{- end }}
    {{- with .Values.migration.extraInitContainers }}
    {{- include "api.extraContainers" (list $ . "") | nindent 4 }}
    {{- end }}
  {{- end }}
  containers:
    - name: {{ get . "phase" | default "migration" }}
      image: {{ include "api.migration.image" . | quote }}
      imagePullPolicy: {{ .Values.migration.image.pullPolicy | default .Values.image.pullPolicy }}
      {{- with .Values.migration.command }}
      command:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.migration.args }}
      args:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with include "api.migration.containerEnv" . | trim }}
      {{- . | nindent 6 }}
      {{- end }}
      {{- with .Values.migration.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.migration.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- with .Values.migration.extraVolumeMounts }}
        {{- include "api.extraItems" (list $ .) | nindent 8 }}
        {{- end }}
  volumes:
    # writable scratch space, so the root filesystem can stay read-only
    - name: tmp
      emptyDir:
        sizeLimit: 256Mi
    {{- with .Values.migration.extraVolumes }}
    {{- include "api.extraItems" (list $ .) | nindent 4 }}
    {{- end }}
  {{- with .Values.migration.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.migration.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.migration.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{- /*
The environment of the migration container (and of the wait-for-database check): env, then
envFrom.
*/}}
{{- define "api.migration.containerEnv" -}}
{{- with .Values.migration.env }}
env:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $useAppConfig := and .Values.migration.useAppConfig .Values.config }}
{{- if or $useAppConfig .Values.migration.envFrom }}
envFrom:
  {{- if $useAppConfig }}
  - configMapRef:
      name: {{ include "api.migration.fullname" . }}
  {{- end }}
  {{- with .Values.migration.envFrom }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}
{{- end }}

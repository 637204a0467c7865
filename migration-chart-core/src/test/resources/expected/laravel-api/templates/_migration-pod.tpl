{{- /*
The pod template of the migration Job. It is a helper of its own because in gitops mode the Job's
name carries a hash of exactly this text: same spec, same name; a new image, command or setting,
a new Job.
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
  {{- if or .Values.migration.sidecars .Values.migration.extraInitContainers }}
  initContainers:
    {{- with .Values.migration.sidecars }}
    {{- include "api.extraContainers" (list $ . "sidecar") | nindent 4 }}
    {{- end }}
    {{- with .Values.migration.extraInitContainers }}
    {{- include "api.extraContainers" (list $ . "") | nindent 4 }}
    {{- end }}
  {{- end }}
  containers:
    - name: migration
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
      {{- with .Values.migration.env }}
      env:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- $useAppConfig := and .Values.migration.useAppConfig .Values.config }}
      {{- if or $useAppConfig .Values.migration.envFrom }}
      envFrom:
        {{- if $useAppConfig }}
        - configMapRef:
            name: {{ include "api.migration.fullname" . }}
        {{- end }}
        {{- with .Values.migration.envFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
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

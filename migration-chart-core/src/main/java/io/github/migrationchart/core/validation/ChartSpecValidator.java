package io.github.migrationchart.core.validation;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.DatabaseWait;
import io.github.migrationchart.core.model.EnvVarSource;
import io.github.migrationchart.core.model.ImageSpec;
import io.github.migrationchart.core.model.MigrationContract;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.MigrationWait;
import io.github.migrationchart.core.model.ResourceSpec;
import io.github.migrationchart.core.model.RunAsUser;
import io.github.migrationchart.core.render.AdditionsMerge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.github.migrationchart.core.validation.KubernetesSyntax.*;

/**
 * Checks a {@link ChartSpec} against what Kubernetes and Helm will accept, and against the
 * mistakes that make a migration Job misbehave. Every problem is collected; none stops the check.
 */
public final class ChartSpecValidator {
    /**
     * Longest chart name: derived names ({@code <release>-<chart>}, {@code ...-migration}) must fit
     * Kubernetes' 63-character limit, and Helm itself caps release names at 53.
     */
    public static final int CHART_NAME_MAX = 53;

    private final List<Problem> problems = new ArrayList<>();

    private ChartSpecValidator() {}

    /** All problems of the spec, in the order of its fields; empty when it is valid. */
    public static List<Problem> validate(ChartSpec spec) {
        ChartSpecValidator validator = new ChartSpecValidator();
        validator.checkChart(spec.chart());
        validator.checkApp(spec.app());
        validator.checkMigration(spec.migration());
        validator.problems.addAll(AdditionsMerge.fileProblems(spec.additions()));
        return List.copyOf(validator.problems);
    }

    /** Whether {@code value} is an image digest as registries and the kubelet accept it ({@code sha256:} and 64 hex digits). */
    public static boolean isImageDigest(String value) {
        return IMAGE_DIGEST.matcher(value).matches();
    }

    /** Throws {@link InvalidChartSpecException} listing every problem, if there is any. */
    public static void requireValid(ChartSpec spec) {
        List<Problem> found = validate(spec);
        if (!found.isEmpty()) {
            throw new InvalidChartSpecException(found);
        }
    }

    private void checkChart(ChartMetadata chart) {
        String name = chart.name();
        if (name.isEmpty()) {
            add("chart.name", name, "is required: it names the chart and every object in it; use a short lowercase name such as \"api\"");
        } else if (name.length() > CHART_NAME_MAX) {
            add("chart.name", name, "is " + name.length() + " characters long; at most " + CHART_NAME_MAX
                    + " fit into Kubernetes names once release and suffixes are added; try \""
                    + suggestLabel(name, CHART_NAME_MAX) + "\"");
        } else if (!DNS_LABEL.matcher(name).matches()) {
            add("chart.name", name, "must be lowercase letters, digits and '-', starting and ending with a letter or digit"
                    + " (RFC 1123 label); try \"" + suggestLabel(name, CHART_NAME_MAX) + "\"");
        }
        if (!SEMVER.matcher(chart.version()).matches()) {
            add("chart.version", chart.version(), "must be a SemVer 2 version such as 1.2.3 or 1.2.3-SNAPSHOT, as Helm requires");
        }
        requireSingleLine("chart.appVersion", chart.appVersion());
        requireSingleLine("chart.description", chart.description());
    }

    private void checkApp(AppSpec app) {
        checkImage("app.image", app.image(), "the image repository of the application, e.g. registry.example.com/team/api");
        if (app.containerPort() < 1 || app.containerPort() > 65535) {
            add("app.containerPort", String.valueOf(app.containerPort()), "must be a port number from 1 to 65535");
        }
        if (app.replicas() < 0) {
            add("app.replicas", String.valueOf(app.replicas()), "must be 0 or more");
        }
        checkResources("app.resources", app.resources());
        checkHttpPath("app.livenessPath", app.livenessPath());
        checkHttpPath("app.readinessPath", app.readinessPath());
        checkEnvNames("app.env", app.env().keySet());
        checkEnvSources("app.env", app.env(), app.envSources());
        for (Map.Entry<String, String> entry : app.config().entrySet()) {
            String key = entry.getKey();
            if (!CONFIG_KEY.matcher(key).matches() || key.length() > DNS_SUBDOMAIN_MAX) {
                add("app.config", key, "is not a valid ConfigMap key: use letters, digits, '-', '_' and '.' (at most 253)");
            } else if (!ENV_NAME.matcher(key).matches()) {
                add("app.config", key, "cannot become an environment variable through envFrom: start it with a letter, '_', '-' or '.'");
            }
        }
        checkObjectNames("app.secretRefs", app.secretRefs(), "Secret");
        checkRunAsUser("app", app.runAsUser());
    }

    private void checkMigration(MigrationSpec migration) {
        checkImage("migration.image", migration.image(), "");
        if (migration.enabled() && !migration.preset().runsImageEntrypoint()
                && migration.command().isEmpty() && migration.args().isEmpty()) {
            add("migration.args", "", "is empty, and so is the command: the Job would run the image's default"
                    + " entrypoint (usually the app server, which never exits). Set the migration command,"
                    + " e.g. args [php, artisan, migrate, --force], choose a preset (" + String.join(", ", MigrationPreset.ids())
                    + "), or disable the migration");
        }
        checkEnvNames("migration.env", migration.env().keySet());
        checkEnvSources("migration.env", migration.env(), migration.envSources());
        checkObjectNames("migration.configMapRefs", migration.configMapRefs(), "ConfigMap");
        checkObjectNames("migration.secretRefs", migration.secretRefs(), "Secret");
        if (migration.backoffLimit() < 0) {
            add("migration.backoffLimit", String.valueOf(migration.backoffLimit()),
                    "must be 0 or more (0: no retry; keep it small so a broken migration fails fast)");
        }
        if (migration.activeDeadlineSeconds() < 1) {
            add("migration.activeDeadlineSeconds", String.valueOf(migration.activeDeadlineSeconds()),
                    "must be at least 1; keep it below Helm's --timeout (default 300 s), e.g. 270");
        }
        checkResources("migration.resources", migration.resources());
        if (!migration.serviceAccountName().isEmpty()) {
            checkObjectName("migration.serviceAccountName", migration.serviceAccountName(), "ServiceAccount");
        }
        checkHookDeletePolicy(migration.hookDeletePolicy());
        checkWait(migration);
        checkContract(migration);
        checkDatabaseWait(migration);
        for (String key : migration.podAnnotations().keySet()) {
            checkQualifiedName("migration.podAnnotations", key);
        }
        checkRunAsUser("migration", migration.runAsUser());
    }

    /**
     * The pods run with runAsNonRoot: true, so uid 0 is refused by the kubelet. Group 0 is not:
     * the kubelet checks only the user, and images built for arbitrary uids (OpenShift) rely on it.
     */
    private void checkRunAsUser(String pod, RunAsUser user) {
        user.uid().ifPresent(uid -> {
            if (uid == 0) {
                add(pod + ".runAsUser", "0", "is root, and the pods run with runAsNonRoot: true: the kubelet would refuse"
                        + " the container (\"container's runAsUser breaks non-root policy\"). Give the non-root uid of the"
                        + " image's user instead, e.g. 1001 (id -u in the image)");
            } else if (uid < 0) {
                add(pod + ".runAsUser", String.valueOf(uid), "must be a uid from 1 to " + RunAsUser.MAX_ID
                        + ", the image's non-root user, e.g. 1001");
            }
        });
        user.gid().ifPresent(gid -> {
            if (gid < 0) {
                add(pod + ".runAsGroup", String.valueOf(gid), "must be a gid from 0 to " + RunAsUser.MAX_ID
                        + ", the primary group of the image's user, e.g. 1001");
            }
        });
    }

    /** @param whatIfRequired what the repository is, for the message when it is missing; empty when it may be */
    private void checkImage(String path, ImageSpec image, String whatIfRequired) {
        String repository = image.repository();
        if (repository.isEmpty()) {
            if (!whatIfRequired.isEmpty()) {
                add(path + ".repository", repository, "is required: " + whatIfRequired);
            }
        } else if (repository.contains("@")) {
            add(path + ".repository", repository, "must not contain a digest; give the repository only, and the digest (\""
                    + Problem.printable(repository.substring(repository.indexOf('@') + 1)) + "\") in the image digest setting");
        } else if (hasTag(repository)) {
            String tag = repository.substring(repository.lastIndexOf(':') + 1);
            add(path + ".repository", repository, "must not contain a tag; set the tag (\"" + Problem.printable(tag) + "\") in the image tag setting instead");
        } else if (repository.length() > IMAGE_REPOSITORY_MAX || !IMAGE_REPOSITORY.matcher(repository).matches()) {
            add(path + ".repository", repository, "is not a valid image repository: use [registry[:port]/]path with lowercase path"
                    + " components, e.g. registry.example.com/team/api");
        }
        if (!image.tag().isEmpty() && !IMAGE_TAG.matcher(image.tag()).matches()) {
            add(path + ".tag", image.tag(), "is not a valid image tag: letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-'");
        }
        if (!image.digest().isEmpty() && !isImageDigest(image.digest())) {
            add(path + ".digest", image.digest(), "is not an image digest: sha256: and 64 lowercase hex digits, as"
                    + " docker buildx imagetools inspect, crane digest or Jib's target/jib-image.digest print it");
        }
        if (!image.pullPolicy().isEmpty() && !PULL_POLICY.matcher(image.pullPolicy()).matches()) {
            add(path + ".pullPolicy", image.pullPolicy(), "must be one of Always, IfNotPresent, Never");
        }
    }

    private static boolean hasTag(String repository) {
        int colon = repository.lastIndexOf(':');
        return colon > repository.lastIndexOf('/');
    }

    private void checkHookDeletePolicy(String policy) {
        List<String> tokens = Arrays.stream(policy.split(",", -1)).map(String::trim).toList();
        for (String token : tokens) {
            if (!HOOK_DELETE_POLICY.matcher(token).matches()) {
                add("migration.hookDeletePolicy", policy, "must be a comma-separated list of before-hook-creation,"
                        + " hook-succeeded, hook-failed; \"" + Problem.printable(token) + "\" is none of them");
                return;
            }
        }
        if (!tokens.contains("before-hook-creation")) {
            add("migration.hookDeletePolicy", policy, "must include before-hook-creation: without it the next upgrade"
                    + " after a failed migration stops with 'jobs.batch ... already exists'");
        }
        if (tokens.contains("hook-failed")) {
            add("migration.hookDeletePolicy", policy, "must not include hook-failed: Helm would delete the failed Job"
                    + " and its pod, and with them the log that explains the failure");
        }
    }

    private void checkDatabaseWait(MigrationSpec migration) {
        DatabaseWait wait = migration.databaseWait();
        if (wait.enabled() && wait.command().isEmpty()) {
            add("migration.waitForDatabase.command", "", "is empty: " + (migration.preset() == MigrationPreset.NONE ? "give"
                    : "the " + migration.preset().id() + " preset has no database check; give") + " a command that exits 0 once"
                    + " the database answers and changes nothing (it runs in the migration image, repeated until it"
                    + " succeeds), or disable the wait");
        }
        if (wait.enabled() && wait.intervalSeconds() < 1) {
            add("migration.waitForDatabase.intervalSeconds", String.valueOf(wait.intervalSeconds()), "must be at least 1, e.g. 2");
        }
    }

    private void checkContract(MigrationSpec migration) {
        MigrationContract contract = migration.contract();
        if (!contract.enabled()) {
            return;
        }
        if (!migration.enabled()) {
            add("migration.contract.enabled", "true", "needs the migration Job: the contract phase runs the migration's"
                    + " image and settings; enable the migration or disable the contract");
        }
        if (contract.args().isEmpty()) {
            add("migration.contract.args", "", "is empty: " + (migration.preset() == MigrationPreset.NONE ? "give"
                    : "the " + migration.preset().id() + " preset's tool has no contract step of its own; give")
                    + " the command of your contract migrations (the liquibase preset has one: update --context-filter=contract)");
        }
        if (contract.activeDeadlineSeconds() < 1) {
            add("migration.contract.activeDeadlineSeconds", String.valueOf(contract.activeDeadlineSeconds()),
                    "must be at least 1; keep it below Helm's --timeout (default 300 s), e.g. 270");
        }
    }

    private void checkWait(MigrationSpec migration) {
        MigrationWait wait = migration.appWait();
        if (!wait.enabled()) {
            return;
        }
        if (!migration.enabled()) {
            add("migration.wait.enabled", "true", "needs the migration Job: with the migration disabled the application"
                    + " would wait for a Job that never comes; enable the migration or disable the wait");
        }
        checkImage("migration.wait.image", new ImageSpec(wait.imageRepository(), wait.imageTag(), wait.imageDigest(), ""),
                "the kubectl image the application's pods wait with, e.g. registry.k8s.io/kubectl");
        if (wait.imageTag().isEmpty()) {
            add("migration.wait.image.tag", "", "is required: pin the kubectl image, e.g. v1.34.4");
        }
        if (wait.timeoutSeconds() < 1) {
            add("migration.wait.timeoutSeconds", String.valueOf(wait.timeoutSeconds()), "must be at least 1, e.g. 600");
        }
    }

    private void checkEnvNames(String path, Set<String> names) {
        for (String name : names) {
            if (!ENV_NAME.matcher(name).matches()) {
                add(path, name, "is not a valid environment variable name: start with a letter, '_', '-' or '.',"
                        + " then letters, digits, '_', '-' or '.'");
            }
        }
    }

    private void checkEnvSources(String path, Map<String, String> plain, Map<String, EnvVarSource> sources) {
        checkEnvNames(path, sources.keySet());
        sources.forEach((name, source) -> {
            String entry = path + "." + name;
            if (plain.containsKey(name)) {
                add(entry, name, "has both a value and a " + source.kind() + "; give it one or the other");
            }
            Optional<EnvVarSource.Kind> kind = EnvVarSource.kind(source.kind());
            if (kind.isEmpty()) {
                add(entry, source.kind(), "is not a kind of value source; use one of " + String.join(", ", EnvVarSource.kindNames()));
                return;
            }
            for (String field : kind.get().required()) {
                if (source.fields().getOrDefault(field, "").isEmpty()) {
                    add(entry + "." + source.kind() + "." + field, "", "is required: " + source.kind() + " needs "
                            + String.join(" and ", kind.get().required()));
                }
            }
            for (String field : source.fields().keySet()) {
                if (!kind.get().required().contains(field) && !kind.get().optional().contains(field)) {
                    add(entry + "." + source.kind() + "." + field, field, "is not a field of " + source.kind() + "; it has "
                            + String.join(", ", Stream.concat(kind.get().required().stream(), kind.get().optional().stream()).toList()));
                }
            }
            String referenced = source.fields().getOrDefault("name", "");
            if (!referenced.isEmpty() && source.kind().endsWith("KeyRef")) {
                checkObjectName(entry + "." + source.kind() + ".name", referenced,
                        source.kind().startsWith("secret") ? "Secret" : "ConfigMap");
            }
            String key = source.fields().getOrDefault("key", "");
            if (!key.isEmpty() && (!CONFIG_KEY.matcher(key).matches() || key.length() > DNS_SUBDOMAIN_MAX)) {
                add(entry + "." + source.kind() + ".key", key, "is not a valid key: letters, digits, '-', '_' and '.' (at most 253)");
            }
            String optional = source.fields().get("optional");
            if (optional != null && !optional.equals("true") && !optional.equals("false")) {
                add(entry + "." + source.kind() + ".optional", optional, "must be true or false");
            }
        });
    }

    private void checkObjectNames(String path, List<String> names, String kind) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            checkObjectName(path, name, kind);
            if (!seen.add(name)) {
                add(path, name, "is listed twice; list each " + kind + " once");
            }
        }
    }

    private void checkObjectName(String path, String name, String kind) {
        if (name.isEmpty() || name.length() > DNS_SUBDOMAIN_MAX || !DNS_SUBDOMAIN.matcher(name).matches()) {
            add(path, name, "is not a valid " + kind + " name: lowercase letters, digits, '-' and '.', starting and ending"
                    + " with a letter or digit, at most 253 (RFC 1123 subdomain)");
        }
    }

    private void checkQualifiedName(String path, String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (!QUALIFIED_NAME.matcher(key).matches() || name.length() > 63 || (slash >= 0 && slash > DNS_SUBDOMAIN_MAX)) {
            add(path, key, "is not a valid annotation key: [prefix/]name, the name at most 63 letters, digits, '-', '_', '.'");
        }
    }

    private void checkResources(String path, ResourceSpec resources) {
        checkQuantities(path + ".requests", resources.requests());
        checkQuantities(path + ".limits", resources.limits());
    }

    private void checkQuantities(String path, Map<String, String> quantities) {
        for (Map.Entry<String, String> entry : quantities.entrySet()) {
            if (!RESOURCE_NAME.matcher(entry.getKey()).matches()) {
                add(path, entry.getKey(), "is not a resource name such as cpu, memory or ephemeral-storage");
            }
            if (!QUANTITY.matcher(entry.getValue()).matches()) {
                add(path + "." + entry.getKey(), entry.getValue(), "is not a Kubernetes quantity such as 250m, 0.5, 512Mi or 1Gi");
            }
        }
    }

    private void checkHttpPath(String path, String value) {
        if (!value.isEmpty() && (!value.startsWith("/") || hasLineBreak(value) || value.contains(" "))) {
            add(path, value, "must be an HTTP path starting with '/', without spaces, e.g. /healthz");
        }
    }

    private void requireSingleLine(String path, String value) {
        if (hasLineBreak(value)) {
            add(path, value, "must be a single line");
        }
    }

    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]");

    private static boolean hasLineBreak(String value) {
        return LINE_BREAK.matcher(value).find();
    }

    private void add(String path, String value, String message) {
        problems.add(new Problem(path, value, message));
    }
}

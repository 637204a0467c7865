package io.github.migrationchart.core.validation;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.MigrationPreset;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the pods of a chart that run with {@code runAsNonRoot: true} although no numeric user is
 * known for them. The kubelet then decides from the image's USER: a number starts, a name or root
 * leaves the pod in {@code CreateContainerConfigError}, without a log. These are warnings, one per
 * pod: an image with a numeric USER starts fine, and only its author knows.
 */
public final class RunAsUserCheck {
    /** What the kubelet says, and what then happens, when it cannot tell that the image's user is not root. */
    static final String KUBELET_REFUSAL = "With a named USER the kubelet refuses the container (\"container has"
            + " runAsNonRoot and image has non-numeric user (<name>), cannot verify user is non-root\"), with root or"
            + " no USER too (\"container has runAsNonRoot and image will run as root\"), and the pod waits in"
            + " CreateContainerConfigError until the deadline, without a log.";

    private RunAsUserCheck() {}

    /**
     * One warning per pod without a known numeric user, application first. Each names the model
     * path of the setting that fixes it ({@code app.runAsUser}, {@code migration.runAsUser}) and
     * the values key that does the same at deploy time.
     */
    public static List<Problem> unknownUsers(ChartSpec spec) {
        List<Problem> found = new ArrayList<>();
        if (!spec.app().runAsUser().isKnown()) {
            found.add(new Problem("app.runAsUser", "", "The application's pods run with runAsNonRoot: true, but no numeric"
                    + " user is known for them (app.runAsUser is not set), so the image's USER must be a number. "
                    + KUBELET_REFUSAL + " " + fix("app", "podSecurityContext")));
        }
        if (spec.migration().enabled() && !spec.migrationRunAsUser().isKnown()) {
            MigrationPreset preset = spec.migration().preset();
            String presetClause = preset == MigrationPreset.NONE ? "no preset gives one"
                    : "the " + preset.id() + " preset runs your own image, whose uid it cannot know";
            String imageClause = spec.runsApplicationImage()
                    ? "and the application's app.runAsUser, whose image the Job runs, is not set either"
                    : "and the Job runs an image of its own";
            found.add(new Problem("migration.runAsUser", "", "The migration Job's pod runs with runAsNonRoot: true, but no"
                    + " numeric user is known for it (migration.runAsUser is not set, " + presetClause + ", " + imageClause
                    + "), so the image's USER must be a number. " + KUBELET_REFUSAL + " "
                    + fix("migration", "migration.podSecurityContext")));
        }
        return List.copyOf(found);
    }

    private static String fix(String pod, String valuesKey) {
        return "Set " + pod + ".runAsUser (and " + pod + ".runAsGroup) to the uid (and gid) of the image's user,"
                + " or " + valuesKey + ".runAsUser (and " + valuesKey + ".runAsGroup) in the values.";
    }
}

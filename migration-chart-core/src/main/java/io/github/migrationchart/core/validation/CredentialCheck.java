package io.github.migrationchart.core.validation;

import io.github.migrationchart.core.model.ChartSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds plain values that look like credentials. They would be written into values.yaml and the
 * chart in clear text, readable by anyone who can read the chart or the release; they belong in a
 * Secret that the chart only references. These are warnings: the build goes on.
 */
public final class CredentialCheck {
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$");
    /** scheme://user:password@host */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@.*");

    private CredentialCheck() {}

    /** Every entry that looks like a credential, with a hint to use a Secret reference instead. */
    public static List<Problem> suspiciousEntries(ChartSpec spec) {
        List<Problem> found = new ArrayList<>();
        check("app.env", spec.app().env(), "app.secretRefs", found);
        check("app.config", spec.app().config(), "app.secretRefs", found);
        check("migration.env", spec.migration().env(), "migration.secretRefs", found);
        return List.copyOf(found);
    }

    private static void check(String path, Map<String, String> entries, String refs, List<Problem> found) {
        entries.forEach((name, value) -> {
            if (value.isEmpty()) {
                return;
            }
            if (SECRET_NAME.matcher(name).matches()) {
                found.add(new Problem(path, name, "looks like a credential; its value would be stored in the chart in"
                        + " clear text. Put it in a Secret and reference that with " + refs));
            } else if (URL_WITH_PASSWORD.matcher(value).matches()) {
                found.add(new Problem(path, name, "holds a URL with a password; it would be stored in the chart in"
                        + " clear text. Put it in a Secret and reference that with " + refs));
            }
        });
    }
}

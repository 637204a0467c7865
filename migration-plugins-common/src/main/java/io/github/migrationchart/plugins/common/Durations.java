package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.validation.Problem;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Helm's {@code --timeout} takes them: {@code 90s}, {@code 5m}, {@code 1h30m}, or plain seconds. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,12})h)?(?:(\\d{1,12})m)?(?:(\\d{1,12})s)?");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");
    /** Seven days: more than any sensible wait, and far below where seconds overflow an int. */
    static final long MAX_SECONDS = 7 * 24 * 3600;

    private Durations() {}

    /**
     * The duration in seconds; a problem with it is added to {@code errors}, naming {@code setting}, and 0 returned.
     *
     * @param zeroAllowed whether {@code 0} is a meaningful value (it turns something off)
     */
    static int seconds(String duration, Setting setting, boolean zeroAllowed, List<String> errors) {
        String value = duration == null ? "" : duration.strip();
        long total = -1;
        if (SECONDS.matcher(value).matches()) {
            total = Long.parseLong(value);
        } else {
            Matcher matcher = DURATION.matcher(value);
            if (!value.isEmpty() && matcher.matches()) {
                total = 3600 * part(matcher, 1) + 60 * part(matcher, 2) + part(matcher, 3);
            }
        }
        String examples = zeroAllowed ? "5s, 1m or 0 (or plain seconds)" : "90s, 5m or 1h30m (or plain seconds)";
        if (total < 0 || (total == 0 && !zeroAllowed)) {
            errors.add(setting.display() + " = \"" + Problem.printable(value) + "\": must be a duration such as " + examples);
            return 0;
        }
        if (total > MAX_SECONDS) {
            errors.add(setting.display() + " = \"" + Problem.printable(value) + "\": is " + total + " seconds; at most "
                    + MAX_SECONDS + " (7 days) is accepted, e.g. " + examples);
            return 0;
        }
        return (int) total;
    }

    private static long part(Matcher matcher, int group) {
        return matcher.group(group) == null ? 0 : Long.parseLong(matcher.group(group));
    }
}

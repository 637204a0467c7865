package io.github.migrationchart.plugins.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.github.migrationchart.plugins.common.PluginSettings.DEPLOY_POD_START_GRACE;
import static io.github.migrationchart.plugins.common.PluginSettings.DEPLOY_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationsTest {

    @Test
    void deployTimeoutAcceptsGoDurationsAndPlainSeconds() {
        List<String> errors = new ArrayList<>();

        assertEquals(300, Durations.seconds("5m", DEPLOY_TIMEOUT, false, errors));
        assertEquals(90, Durations.seconds("90s", DEPLOY_TIMEOUT, false, errors));
        assertEquals(5400, Durations.seconds("1h30m", DEPLOY_TIMEOUT, false, errors));
        assertEquals(120, Durations.seconds("120", DEPLOY_TIMEOUT, false, errors));
        assertEquals(List.of(), errors);

        Durations.seconds("five minutes", DEPLOY_TIMEOUT, false, errors);
        assertEquals(List.of("<timeout> (-Dmigration.deploy.timeout) = \"five minutes\": must be a duration such as 90s,"
                + " 5m or 1h30m (or plain seconds)"), errors);
    }

    @Test
    void podStartGraceAcceptsZeroAndShortDurations() {
        List<String> errors = new ArrayList<>();

        assertEquals(5, Durations.seconds("5s", DEPLOY_POD_START_GRACE, true, errors));
        assertEquals(60, Durations.seconds("1m", DEPLOY_POD_START_GRACE, true, errors));
        assertEquals(0, Durations.seconds("0", DEPLOY_POD_START_GRACE, true, errors), "0: wait for the Job's deadline");
        assertEquals(0, Durations.seconds("0s", DEPLOY_POD_START_GRACE, true, errors));
        assertEquals(List.of(), errors);

        Durations.seconds("soon", DEPLOY_POD_START_GRACE, true, errors);
        Durations.seconds("0s", DEPLOY_TIMEOUT, false, errors);
        assertEquals(List.of(
                "<podStartGrace> (-Dmigration.deploy.podStartGrace) = \"soon\": must be a duration such as 5s, 1m or 0 (or plain seconds)",
                "<timeout> (-Dmigration.deploy.timeout) = \"0s\": must be a duration such as 90s, 5m or 1h30m (or plain seconds)"),
                errors);
    }

    @Test
    void hugeDurationsAreSettingErrorsNotOverflows() {
        List<String> errors = new ArrayList<>();

        for (String huge : List.of("99999999999", "999999999999h", "2147483648", "9999999999s", "604801")) {
            assertEquals(0, Durations.seconds(huge, DEPLOY_TIMEOUT, false, errors), huge);
        }

        assertEquals(5, errors.size(), errors.toString());
        assertEquals("<timeout> (-Dmigration.deploy.timeout) = \"99999999999\": is 99999999999 seconds; at most 604800"
                + " (7 days) is accepted, e.g. 90s, 5m or 1h30m (or plain seconds)", errors.get(0));
        assertEquals("<timeout> (-Dmigration.deploy.timeout) = \"9999999999999\": must be a duration such as 90s, 5m or 1h30m"
                + " (or plain seconds)", errorFor("9999999999999"));
        assertEquals(604800, Durations.seconds("168h", DEPLOY_TIMEOUT, false, new ArrayList<>()));
    }

    private static String errorFor(String value) {
        List<String> errors = new ArrayList<>();
        Durations.seconds(value, DEPLOY_TIMEOUT, false, errors);
        return errors.get(0);
    }
}

package io.github.migrationchart.plugins.common;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?" for misspelt setting names. */
public final class Suggestions {
    private Suggestions() {}

    /** The candidate closest to {@code name}, if one is close enough to be a likely typo. */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates.stream().sorted().toList()) {
            int distance = candidate.equalsIgnoreCase(name) ? 0 : distance(name.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int tolerated = Math.max(2, name.length() / 3);
        if (bestDistance <= tolerated) {
            return Optional.of(best);
        }
        // replicaCount -> replicas: a long shared start is as telling as a small edit distance.
        return candidates.stream().sorted()
                .filter(candidate -> commonPrefix(name.toLowerCase(), candidate.toLowerCase()) >= 6)
                .findFirst();
    }

    /** {@code " Did you mean <x>?"} or nothing. */
    public static String didYouMean(String name, Collection<String> candidates, String prefix) {
        return closest(name, candidates).map(c -> " Did you mean " + prefix + "<" + c + ">?").orElse("");
    }

    private static int commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
